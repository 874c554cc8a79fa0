"""The translation tooling: it knows both the dialogue format and the catalogs.

- ``extract``: the Babel extractor for flow and pack TOML files
  (``pybabel extract -F babel.cfg``), and the extraction of a whole tree;
- ``check``: our own checks of the catalogs against the flows, packs and
  code (``prep-assistant check``);
- ``update``: ``python -m prep_assistant.translations.update``, which keeps
  the catalogs in step.

This package may import ``dialogue`` and ``i18n``; the core never imports
it (only ``prep-assistant check`` and the tests do), so that ``dialogue``
uses ``i18n`` at run time and ``i18n`` never needs ``dialogue``.
"""

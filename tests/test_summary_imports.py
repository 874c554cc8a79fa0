"""What making a card loads (issue 23: ``summary --format md`` under 0.25 s).

The renderers load when first used, and the summary command's line on
stderr does not load Babel's date data.
"""

from __future__ import annotations

import os
import subprocess
import sys


def run_python(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_card_model_loads_no_renderer():
    out = run_python(
        "import sys\n"
        "import prep_assistant.summary.model, prep_assistant.commands.summary\n"
        "print(sorted(m for m in sys.modules if m.startswith('prep_assistant.summary.render')))\n"
    )
    assert out == "[]"


def test_a_renderer_is_the_function_however_it_was_first_loaded():
    out = run_python(
        "import importlib, types\n"
        "import prep_assistant.summary as summary\n"
        "from prep_assistant.card_formats import CARD_FORMATS\n"
        "for fmt in CARD_FORMATS:\n"
        "    importlib.import_module(fmt.renderer.partition(':')[0])\n"
        "names = ('render_html', 'render_markdown', 'render_pdf', 'render_text')\n"
        "print(all(isinstance(getattr(summary, n), types.FunctionType) for n in names))\n"
        "from prep_assistant.summary import render_text\n"
        "print(render_text.__name__)\n"
    )
    assert out.split() == ["True", "render_text"]


def test_the_package_still_refuses_unknown_names():
    out = run_python(
        "import prep_assistant.summary as summary\n"
        "try:\n"
        "    summary.render_docx\n"
        "except AttributeError as error:\n"
        "    print('AttributeError')\n"
    )
    assert out == "AttributeError"


def test_the_summary_command_does_not_load_babel_dates(tmp_path):
    from prep_assistant.session import Store

    with Store.open(tmp_path) as store:
        info = store.create_session(flow_id="voorbereiding", flow_version=1, flow_kind="preparation", language="nl")
        store.claim(info.id)
        store.save_answer(info.id, "beslissing", "Knie")
        store.release(info.id)
    code = (
        "import sys, runpy\n"
        "sys.argv = ['prep-assistant', 'summary', '--format', 'md']\n"
        "try:\n"
        "    runpy.run_module('prep_assistant', run_name='__main__')\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "print('babel.dates' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
        env={**os.environ, "PREP_ASSISTANT_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "False", result.stderr
    assert info.id in lines[-2]  # the line that names the session and when it changed

"""Serving the app to browsers for a workshop (textual-serve).

``server`` is the aiohttp server (one guest process per browser tab),
``guard`` the Host and Origin checks, ``page`` the texts of our page
template (``templates/app_index.html``), ``participant`` the command each
participant's process runs, ``address`` what the volunteer is told (the
address, a QR code, who can reach it).
"""

"""The workshop server: textual-serve with our page, our checks and a cap.

textual-serve's model stays as it is: the browser loads a page, the page
opens a websocket, and each websocket starts one process running the app
under Textual's web driver (stdin and stdout carry the terminal; see
``textual_serve.app_service``). Closing the tab closes the websocket, and
textual-serve then tells the process to quit.

What we change, by subclassing ``textual_serve.server.Server``:

- our copy of the page template (no request leaves the laptop; texts in the
  workshop's language), rendered with autoescaping, with URLs built from the
  address the browser used (so ``--host 0.0.0.0`` works from a phone);
- every request must name an allowed ``Host``; a websocket must come from a
  page of this server (``guard``);
- at most ``max_participants`` processes at once; the page says when the
  room is full;
- no directory listing of the static files;
- messages from the browser that do not fit the protocol are ignored
  instead of ending in a traceback on the volunteer's screen;
- with a facilitator (``serve --facilitator``): the statement channel
  (a private Unix socket the participants' processes send counts to) and
  the overview page at ``/facilitator?code=...``, refused without the code.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import signal
from pathlib import Path
from typing import Any, Awaitable, Callable

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from prep_assistant import i18n
from prep_assistant.i18n import _
from prep_assistant.web.facilitator import POLL_MILLISECONDS, Facilitator
from prep_assistant.web.guard import Guard
from prep_assistant.web.page import font_size, page_texts
from prep_assistant.web.statement_channel import StatementChannel

log = logging.getLogger("prep_assistant.web")

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
#: textual-serve's own static files (textual.js, xterm.css, Roboto Mono).
STATIC_DIR = Path(textual_serve.__file__).resolve().parent / "static"

DEFAULT_MAX_PARTICIPANTS = 30
#: Largest message a browser may send (a pasted answer fits easily).
MAX_MESSAGE_BYTES = 1024 * 1024
#: Largest terminal we draw, in cells; a bigger size from a browser is cut down.
MAX_CELLS = 1000

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "frame-ancestors 'none'; form-action 'none'; base-uri 'none'",
    "Cache-Control": "no-store",
}


def _cells(value: object, default: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return default
    try:
        number = int(value)
    except ValueError:
        return default
    return min(max(number, 1), MAX_CELLS)


class WorkshopServer(Server):
    """Serve one guest process of the app to each browser tab."""

    def __init__(
        self,
        command: str,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        public_url: str | None = None,
        max_participants: int = DEFAULT_MAX_PARTICIPANTS,
        language: str = i18n.DEFAULT_LANGUAGE,
        on_ready: Callable[[], None] | None = None,
        facilitator: Facilitator | None = None,
        channel: StatementChannel | None = None,
    ) -> None:
        super().__init__(
            command,
            host=host,
            port=port,
            title="prep-assistant",
            public_url=public_url,
            statics_path=STATIC_DIR,
            templates_path=TEMPLATES_DIR,
        )
        #: Only a URL the volunteer gave is trusted to build links; otherwise
        #: links come from the Host the browser used (checked by the guard).
        self.given_public_url = public_url.rstrip("/") if public_url else None
        self.guard = Guard.for_public_url(public_url)
        self.max_participants = max_participants
        self.language = language
        self.participants = 0
        #: The participants' open websockets: closed first when the workshop stops.
        self._websockets: set[web.WebSocketResponse] = set()
        self.on_ready = on_ready
        self.facilitator = facilitator
        self.channel = channel

    # -- the aiohttp application -------------------------------------------------
    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.check_host], client_max_size=MAX_MESSAGE_BYTES)
        aiohttp_jinja2.setup(
            app,
            loader=jinja2.FileSystemLoader(self.templates_path),
            autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        )
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, show_index=False, follow_symlinks=False, name="static"),
        ])
        # aiohttp waits for open websockets when it shuts down unless they are closed
        # here: Ctrl+C with one browser connected took about 19 s before this.
        app.on_shutdown.append(self._close_websockets)
        if self.facilitator is not None:
            app.add_routes([
                web.get("/facilitator", self.handle_facilitator, name="facilitator"),
                web.get("/facilitator/counts", self.handle_facilitator_counts, name="facilitator_counts"),
            ])
        return app

    async def _close_websockets(self, app: web.Application) -> None:
        # 1001: going away. Each handler then stops its participant's process.
        await asyncio.gather(
            *(websocket.close(code=WSCloseCode.GOING_AWAY, message=b"stopped") for websocket in list(self._websockets)),
            return_exceptions=True,
        )

    @web.middleware
    async def check_host(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if not self.guard.host_allowed(request.headers.get("Host")):
            log.warning("refused a request for another host name")
            return web.Response(status=421, text="This server does not answer to that name.\n")
        response = await handler(request)
        for name, value in SECURITY_HEADERS.items():
            # setdefault: the facilitator's page sets a stricter policy of its own.
            response.headers.setdefault(name, value)
        return response

    def serve(self, debug: bool = False) -> None:
        """Serve until Ctrl+C (or SIGTERM); raises OSError when the port is taken."""
        self.debug = debug
        self.initialize_logging()
        asyncio.run(self._serve_until_stopped())

    async def _serve_until_stopped(self) -> None:
        # Our own loop instead of textual-serve's ``web.run_app``: the volunteer
        # is told the address only once the port is really open.
        runner = web.AppRunner(await self._make_app(), handle_signals=False)
        await runner.setup()
        try:
            if self.channel is not None:
                await self.channel.start()
            await web.TCPSite(runner, self.host, self.port).start()
            stopped = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signal_number in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signal_number, stopped.set)
            if self.on_ready is not None:
                self.on_ready()
            await stopped.wait()
        finally:
            # Ends every participant's websocket, and with it their process.
            await runner.cleanup()
            if self.channel is not None:
                # The counts lived only here: with the socket they are gone.
                await self.channel.close()

    def initialize_logging(self) -> None:
        # Only warnings reach the volunteer's screen (textual-serve logs every
        # start and stop at INFO, which would bury the address and QR code).
        logging.basicConfig(level=logging.DEBUG if self.debug else logging.WARNING, format="%(message)s")

    # -- the page ---------------------------------------------------------------------
    def base_urls(self, request: web.Request) -> tuple[str, str]:
        """(http base, websocket base) as the browser should use them."""
        if self.given_public_url:
            base = self.given_public_url
        else:
            base = f"http://{request.host}"
        scheme, rest = base.split(":", 1)
        return base, ("wss:" if scheme == "https" else "ws:") + rest

    @property
    def full(self) -> bool:
        return self.participants >= self.max_participants

    async def handle_index(self, request: web.Request) -> web.Response:
        base, websocket_base = self.base_urls(request)
        context: dict[str, Any] = {
            "language": self.language,
            "texts": page_texts(),
            "full": self.full,
            "static_url": f"{base}/static/",
            "websocket_url": f"{websocket_base}/ws",
            "font_size": font_size(request.query.get("fontsize")),
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        if self.full:
            response.set_status(503)
            response.headers["Retry-After"] = "60"
        return response

    # -- a participant's websocket ---------------------------------------------------
    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        if not self.guard.origin_allowed(request.headers.get("Origin"), request.headers.get("Host")):
            log.warning("refused a websocket from another site")
            return web.Response(status=403, text="Only pages of this server may start a conversation.\n")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE_BYTES)
        await websocket.prepare(request)
        if self.full:
            # 1013: try again later. The page then shows its "ended" notice.
            await websocket.close(code=1013, message=b"full")
            return websocket
        width = _cells(request.query.get("width"), 80)
        height = _cells(request.query.get("height"), 24)
        self.participants += 1
        self._websockets.add(websocket)
        app_service: AppService | None = None
        try:
            app_service = AppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await app_service.start(width, height)
            await self._process_messages(websocket, app_service)
        except asyncio.CancelledError:
            await websocket.close()
        except (ConnectionError, OSError) as error:
            log.warning("a participant's connection ended: %s", error)
        finally:
            self.participants -= 1
            self._websockets.discard(websocket)
            if app_service is not None:
                await app_service.stop()
        return websocket

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """The browser's side of textual-serve's protocol, refusing nothing loudly.

        Each text message is a JSON list ``[type, data]``: ``stdin`` (keys
        typed), ``resize``, ``ping``, ``blur`` and ``focus``. Anything else
        is ignored: a broken message must not end the participant's session.
        """
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except (ValueError, RecursionError):  # not JSON, or nested too deep
                continue
            if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                await app_service.set_terminal_size(_cells(data.get("width"), 80), _cells(data.get("height"), 24))
            elif kind == "ping":
                await websocket.send_json(["pong", data if isinstance(data, (str, int, float)) else ""])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    # -- the facilitator's overview ------------------------------------------------------
    def _refused(self) -> web.Response:
        return web.Response(
            status=403,
            content_type="text/plain",
            text=_("This page is for the workshop leader. Open it with the address shown in the workshop leader's terminal.") + "\n",
        )

    async def handle_facilitator(self, request: web.Request) -> web.Response:
        assert self.facilitator is not None
        code = request.query.get("code")
        if not self.facilitator.admits(code):
            log.warning("refused the facilitator's page without the right code")
            return self._refused()
        nonce = secrets.token_urlsafe(16)
        context: dict[str, Any] = {
            "language": self.language,
            "title": _("Statements: what the group answered"),
            "explanation": _("Only numbers are shown: never what someone typed, never who gave which answer. The numbers are gone when the workshop stops."),
            "participants_label": _("Participants connected now:"),
            "answered_label": _("Answered:"),
            "no_statements": _("This flow has no statements."),
            "offline": _("No connection with the workshop. The numbers may be old."),
            "participants": self.participants,
            "statements": self.facilitator.overview(),
            "code": code,
            "nonce": nonce,
            "poll_milliseconds": POLL_MILLISECONDS,
        }
        response = aiohttp_jinja2.render_template("facilitator.html", request, context)
        response.headers["Content-Security-Policy"] = (
            f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; "
            "frame-ancestors 'none'; form-action 'none'; base-uri 'none'"
        )
        return response

    async def handle_facilitator_counts(self, request: web.Request) -> web.Response:
        assert self.facilitator is not None
        if not self.facilitator.admits(request.query.get("code")):
            return self._refused()
        return web.json_response(self.facilitator.counts_data(self.participants))

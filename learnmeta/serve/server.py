"""The web server of `learnmeta serve`: textual-serve's server, with a door and limits.

textual-serve (pinned in pyproject) serves a page that draws a terminal with xterm.js, and for
each websocket connection to ``/ws`` starts one app process (:mod:`learnmeta.cli.session`)
whose input and output it relays. It has no checks of its own; this subclass adds them where
every request passes, an aiohttp middleware (:meth:`LearnServer._guard`):

* on one's own computer (the default, a loopback address), only requests addressed to that
  loopback address by name (``Host``) are answered, so a web page elsewhere cannot reach the
  server through a name it points at 127.0.0.1 (DNS rebinding);
* in a class, every request but the join page and the static files needs the cookie that a
  right join code gives (:class:`learnmeta.serve.gate.Gate`);
* the websocket is accepted only from the server's own page (its ``Origin``), so another web
  site open in the learner's browser cannot drive the app;
* at most ``max_sessions`` app processes run at once; the next browser is told the class is full;
* what the browser sends about the window's size is bounded, and a message that is not what the
  page sends ends that session only.

One app process is kept started ahead (:class:`AheadService`, ``learnmeta.cli.session --ahead``):
it has imported the app and read the library, and waits, holding no learner's file, until a
browser tab asks for an app; that tab gets it (the app then only has to draw), and another is
started :data:`AHEAD_DELAY` seconds later, once the new tab's page has settled. Importing the app
and reading the library is about a third of a browser start (docs/performance.md). On one's own
computer a page hands it its work as the page is asked for (:meth:`LearnServer._prestart_for`: the
remembered learner's home, or "Who is learning?" on a first visit), so that it draws while the
page loads, within the session limits.

Its own page replaces textual-serve's: the title "learnmeta", the app's colours, a font size that
fits 60 columns on a phone, and nothing loaded from elsewhere (textual-serve's page asks Google
for a font).
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import html
import ipaddress
import json
import logging
import os
import shlex
import sys
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from learnmeta.serve import browsers as browsers_
from learnmeta.serve.gate import COOKIE, Gate
from learnmeta.serve.session import LEARNER, READY, START

log = logging.getLogger("learnmeta.serve")

HERE = Path(__file__).resolve().parent
MAX_COLUMNS = 400
MAX_ROWS = 200
MAX_FORM = 4096
CONNECTIONS_PER_ADDRESS = 32
"""The most connections one network address may hold open (a browser uses about six, and one more
for each tab's websocket); loopback addresses (this computer, a reverse proxy) are not limited."""
HEADER_SECONDS = 20
"""How long a new connection may take to send its first request's headers."""
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]", "::1")
SCRIPT_OPTIONS = "scrollback:0,"
"""Where xterm.js's options are given in textual-serve 1.1.3's textual.js (pinned in pyproject)."""
SCRIPT_WEBGL = "this.webglAddon=new p.WebglAddon,this.terminal.loadAddon(this.webglAddon),"
"""textual.js loads xterm.js's WebGL renderer and then its canvas renderer, which takes over
from it: the WebGL one only cost its set-up (a WebGL context, its shaders and glyph atlas) on every
page, which is left out (textual-serve 1.1.3, pinned)."""
SCRIPT_CANVAS = "this.canvasAddon=new m.CanvasAddon,this.terminal.loadAddon(this.canvasAddon),"
"""textual.js then loads xterm.js's canvas renderer, left out too: xterm.js then draws with its DOM
renderer (rows of text in the page, hidden from screen readers, which read its screen-reader copy).
Without a GPU (software rendering, as in most virtual machines and many school computers) the canvas
renderer drew a screen 0.1-1.2 s after its last frame arrived, the DOM renderer 20-100 ms after
(docs/performance.md, "In a browser")."""
SCRIPT_PREFETCH = (
    ("_measure(e,t){const i=this._measureElements[t];return i.textContent=e.repeat(32),i.offsetWidth/32}}",
     "_measure(e,t){const i=this._measureElements[t];return i.textContent=e.repeat(32),i.offsetWidth/32}"
     "prefetch(b,e,t,w){try{const q=[],k=new Set;for(let h=e;h<=t;h++){const c=b.lines.get(h+b.ydisp);"
     "if(!c)break;const n=c.getNoBgTrimmedLength();for(let x=0;x<n;x++){c.loadCell(x,w);"
     "if(0===w.getWidth())continue;let u=w.getChars()||\" \";"
     "\" \"===u&&(w.isUnderline()||w.isOverline())&&(u=\"\\xa0\");const B=!!w.isBold(),I=!!w.isItalic();"
     "let s=0;if(!B&&!I&&1===u.length&&(s=u.charCodeAt(0))<256){if(-9999!==this._flat[s])continue}"
     "else if(void 0!==this._holey.get(u+(B?\"B\":\"\")+(I?\"I\":\"\")))continue;"
     "const y=u+\"\\0\"+B+I;k.has(y)||(k.add(y),q.push([u,B,I]))}}if(q.length<2)return;"
     "const d=this._container.ownerDocument.createElement(\"div\"),f=[];for(const[u,B,I]of q){"
     "const s=this._measureElements[(B?1:0)|(I?2:0)].cloneNode();s.textContent=u.repeat(32);"
     "d.append(\"\\n\",s);f.push(s)}this._container.appendChild(d);for(let j=0;j<q.length;j++){"
     "const[u,B,I]=q[j],v=f[j].offsetWidth/32;if(!(v>0))continue;"
     "!B&&!I&&1===u.length&&u.charCodeAt(0)<256?this._flat[u.charCodeAt(0)]=v:"
     "this._holey.set(u+(B?\"B\":\"\")+(I?\"I\":\"\"),v)}d.remove()}catch(e){}}}"),
    ("a=this._optionsService.rawOptions.cursorInactiveStyle;for(let h=e;h<=t;h++){const e=h+i.ydisp,"
     "t=this._rowElements[h]",
     "a=this._optionsService.rawOptions.cursorInactiveStyle;"
     "this._widthCache.prefetch(i,e,t,this._rowFactory._workCell);for(let h=e;h<=t;h++){const e=h+i.ydisp,"
     "t=this._rowElements[h]"),
)
"""xterm.js's DOM renderer sets each character in its place with the difference between its cell
and the width the browser gives it, which it measures once per character (``WidthCache``: the
character 32 times in a hidden element, its width read back). Each reading made the browser lay
the page out again, 0.2-0.7 ms each here: about 25 of the 40 ms of CPU time of the first
"Who is learning?" drawn, and 10 of home's (docs/performance.md, "In a browser, fourth pass").
Before it draws rows, the renderer now measures the characters in them it has not measured yet
all at once (``prefetch``: the same hidden elements, one for each, each on a line of its own, read
after one layout), and keeps them as it keeps its own measures; a character that comes alone, or
anything ``prefetch`` cannot do, is measured as before. The same widths, so the same screen and the
same screen-reader copy."""
SCRIPT_OPENED = "this.terminal.open(e),"
"""Where textual.js has xterm.js's terminal opened in the page (textual-serve 1.1.3, pinned): the
terminal is then handed to the page's ``window.learnmetaTerminal`` (``static/page.js``), which
has xterm.js's parser put what the app announces (:mod:`learnmeta.app.announce`) into the page's
live region for screen readers. The terminal is not reachable from outside textual.js otherwise."""
SCRIPT_ANNOUNCE = 'window.learnmetaTerminal&&window.learnmetaTerminal(this.terminal),'
SCRIPT_HINT = "//# allFunctionsCalledOnLoad\n"
"""The first line of the served script: V8's compile hint (Chromium 136 and later; a comment to
any other browser) that every function in the script runs as the page loads, as textual.js's
do (webpack runs every module, then the page makes the terminal). Chromium then compiles them
all while the script downloads, on a thread of its own, where it compiled each one on the page's
main thread as it was first called: the main thread's CPU time to run the script and make the
terminal fell from 72-99 ms to 37 ms in traces of a first visit, and a returning browser keeps
the compiled code as before (docs/performance.md, "In a browser, fourth pass")."""
SCRIPT_SHA256 = "c1e7f29ed0facdd331181d6262f92acfc1cf908569d9e013c16038142a23a470"
"""textual-serve 1.1.3's textual.js (pinned in pyproject), the one :data:`SCRIPT_UNUSED` is cut from."""
SCRIPT_UNUSED = (
    (',180:e=>{var t;self,t=()=>(()=>{"use strict";var e={965:', ',314:e=>{"use strict";', False),
    (',880:e=>{var t;self,t=()=>(()=>{"use strict";var e={903:',
     'e.CanvasAddon=a})(),s})(),e.exports=t()}', True),
)
"""Where, in that script, the bundled copies of xterm.js's WebGL renderer (module 180, 100 KB)
and canvas renderer (module 880, 94 KB) begin and end (the end marker left in place, or cut too).
Neither is used once :data:`SCRIPT_WEBGL` and :data:`SCRIPT_CANVAS` are left out, but the browser
still had to read them: each is replaced by an empty module, and the script is 38% smaller (194 KB
of 513; docs/performance.md, "In a browser, second pass"). Only in the script whose SHA-256 is
:data:`SCRIPT_SHA256`; any other is served whole."""
ASSETS = ("/learnmeta/textual.js", "/learnmeta/page.js", "/learnmeta/page.css",
          "/static/css/xterm.css", "/static/fonts/RobotoMono-VariableFont_wght.ttf")
"""The files the app's page loads. The page names each with its version (``?v=`` and a hash of
what is served), and the browser keeps a file asked for by its current version for a year without
asking again (:data:`KEPT`); any other address of them is checked each time (``no-cache``)."""
KEPT = "public, max-age=31536000, immutable"
KEPT_IN_MEMORY = {
    "/learnmeta/page.js": "application/javascript",
    "/static/css/xterm.css": "text/css",
    "/static/fonts/RobotoMono-VariableFont_wght.ttf": "font/ttf",
}
"""The page's other files, served from memory (read once, with :func:`learnmeta.files.read_bounded`)
as its script and style sheet are: aiohttp serves a file from disk through a thread (to open it,
then to close it), and on a busy machine those threads waited for the processor and for Python's
lock behind the server's own work, so these small files came 10-190 ms after the 319 KB script
that cannot run before them (docs/performance.md, "In a browser, fourth pass")."""
ASSET_MOST = 1024 * 1024
"""The most bytes one of :data:`KEPT_IN_MEMORY` may have (the font, the largest, has 184 KB)."""
FULL = (
    "learnmeta is full: {n} learners are using it now, the most this server allows. "
    "Please try again in a few minutes (or ask whoever runs it to allow more with --max-sessions)."
)
SESSIONS_PER_BROWSER = 5
"""In a class, the most app processes one browser (one join) may run at once: without a limit,
one learner opening tabs (or a script with the code) could take every place in the class."""
TOO_MANY_TABS = (
    "learnmeta is already open in {n} tabs of this browser, the most one learner may have. "
    "Please close one of them and reload this page."
)
AHEAD_DELAY = 2.0
"""Seconds after a tab took the process started ahead before the next one is started: starting
it at once would take the processor from the tab's own app and page while they draw."""
AHEAD_WAIT = 5.0
"""The longest a process started ahead may take to be ready, counted from its start (a healthy one
is ready in about 0.5-1.2 s on the busy machine): a tab that finds it still starting waits at most
what is left of this, and one not ready by then is taken for stuck: it is killed at once and the
tab starts its own app, as when none was ready."""
PRESTART_WAIT = 20.0
"""Seconds an app started with its page (_prestart_for) waits for that page's websocket."""
REAP_WAIT = 10.0
"""The longest an app process may take to end once it has been told to quit and its output has
ended (or its stop was given up on) before it is killed (:meth:`LearnService.reap`)."""
STOP_WAIT = 10.0
"""As the server stops, the longest an app is given to quit when told to, before it is reaped
(:meth:`LearnService.reap`: up to :data:`REAP_WAIT` more, then killed)."""
PRESTARTED_MOST = 4
"""The most pages whose app was started with the page and whose websocket has not come yet."""
GUESSED_SIZE = (80, 24)
"""The size a first visit's app starts at when no tab has said its size yet on this server."""
ENDING_WAIT = 5.0
"""The longest a remembered browser's new tab waits for its sessions that are ending (a reload:
the old page's app is saving and letting go of the learner, who would otherwise open read-only)."""
BACKGROUND = "#121212"  # textual-dark's background, the app's default theme
FOREGROUND = "#E0E0E0"
PRIMARY = "#0178D4"


def _page(title: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="stylesheet" href="/learnmeta/page.css">
</head>
<body class="plain">
<main>
{body}
</main>
</body>
</html>
"""


JOIN_FORM = """<h1>learnmeta</h1>
<p>{message}</p>
<form method="post" action="/join">
<label for="code">Join code</label>
<input id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false"
 maxlength="80" autofocus required>
<button type="submit">Join</button>
</form>
<p class="small">General information, not medical advice.</p>
"""


class LearnServer(Server):
    """``Server`` for learnmeta: see the module's notes."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        class_dir: Path | None = None,
        code: str | None = None,
        max_sessions: int = 40,
        public_url: str | None = None,
        python: str = sys.executable,
    ) -> None:
        # -P: ``python -m`` would put the folder the server was started in first on the app's
        # import path (before learnmeta and the standard library), so a `json.py` or a
        # `learnmeta/` there would be run in every tab's app (_child_import_path).
        argv = [python, "-P", "-m", "learnmeta.cli.session"]
        if class_dir is not None:
            argv += ["--class", str(class_dir)]
        # textual-serve starts the command through a shell: `exec` makes the app the process
        # itself (one process per session, not two, and signals reach the app).
        command = shlex.join(argv) if sys.platform == "win32" else "exec " + shlex.join(argv)
        super().__init__(command, host=host, port=port, title="learnmeta", public_url=public_url)
        self.class_dir = class_dir
        self.gate = Gate(code) if code is not None else None
        self.max_sessions = max_sessions
        self.sessions: set[LearnService] = set()
        self.sockets: set[web.WebSocketResponse] = set()
        self.per_browser: dict[str, int] = {}
        """In a class, the app processes each browser runs, by its join token."""
        self.loopback_only = class_dir is None
        self.given_public_url = public_url
        self._script_bytes: bytes | None = None
        self._assets: dict[str, bytes | None] = {}
        """By address (KEPT_IN_MEMORY), what is served there."""
        self._versions: dict[str, str] = {}
        """By address (ASSETS), a hash of what is served there."""
        self.ahead_command = command + " --ahead"
        self.ahead: AheadService | None = None
        """The app process started ahead for the next tab, if there is one."""
        self._ahead_timer: asyncio.TimerHandle | None = None
        self._ahead_opening: asyncio.Task[None] | None = None
        self._ahead_wanted = False
        self.browsers: browsers_.Browsers | None = None
        """On one's own computer, the learner each browser chose last (serve/browsers.py)."""
        if class_dir is None:
            from learnmeta.paths import data_dir
            from learnmeta.progress.locations import learners_dir

            self.browsers = browsers_.Browsers(data_dir(), learners_dir())
        self._ending: dict[str, set[asyncio.Event]] = {}
        """By browser, its sessions whose page has gone and whose app is still ending."""
        self._sizes: dict[str, tuple[int, int]] = {}
        """By browser, the size of its last tab (a remembered browser's next page: _prestart)."""
        self._prestarted: dict[str, asyncio.Task[AheadService | None]] = {}
        """By browser, the app started for its page, until that page's websocket takes it."""
        self._last_size: tuple[int, int] | None = None
        """The size of the last tab any browser opened here (a first visit's guess)."""
        self._closing = False
        """The server is stopping (:meth:`on_shutdown`): no page starts an app from then on."""

    # -- logging: one plain line, never a traceback with local values --------------------------------

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.WARNING, format="learnmeta serve: %(message)s")

    # -- the web application ----------------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard], client_max_size=MAX_FORM)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/join", self.handle_join_form),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.post("/join", self.handle_join),
            *(web.get(path, self.handle_asset) for path in KEPT_IN_MEMORY),
            web.static("/static", self.statics_path, show_index=False, name="static"),
            web.get("/learnmeta/textual.js", self.handle_script),
            web.get("/learnmeta/page.css", self.handle_page_css),
            web.get("/favicon.ico", self.handle_no_icon),
            web.static("/learnmeta", HERE / "static", show_index=False),
        ])
        app.on_shutdown.append(self.on_shutdown)
        return app

    def _public(self, request: web.Request) -> bool:
        """Requests that need no join code: the join page and files with no learner data."""
        path = request.path
        if ".." in path.split("/"):  # never a way round: aiohttp's router refuses these too
            return False
        return (path in ("/join", "/favicon.ico") or path.startswith("/static/")
                or path.startswith("/learnmeta/"))

    @web.middleware
    async def _guard(self, request: web.Request, handler):
        if self.loopback_only and not _loopback_host(request.host):
            return _plain(403, "This server answers only at its own address, such as "
                               f"http://127.0.0.1:{self.port}/.")
        if self.gate is not None and not self._public(request):
            if not self.gate.admits(request.cookies.get(COOKIE)):
                if request.path == "/" and request.method == "GET":
                    raise web.HTTPSeeOther("/join")
                return _plain(401, "Please join with the class's code first: open /join.")
        try:
            response = await handler(request)
        except web.HTTPException as error:  # a redirect, "not found": hardened too
            _harden(error)
            raise
        if (request.path.startswith(("/learnmeta/", "/static/")) and response.status in (200, 304)
                and not response.prepared):
            # The page's own script, style and font, the same for everyone: the browser keeps
            # them and the script compiled. Asked for by the version the page names (ASSETS), it
            # never asks again (a returning page's script runs without a round trip first);
            # otherwise it asks each time whether they changed (ETag).
            version = request.query.get("v")
            if version and request.path in ASSETS and version == self._version(request.path):
                response.headers["Cache-Control"] = KEPT
            response.headers.setdefault("Cache-Control", "no-cache")
        _harden(response)
        return response

    # -- the page ----------------------------------------------------------------------------------

    async def handle_index(self, request: web.Request) -> web.Response:
        if len(self.sessions) >= self.max_sessions:
            return _html(503, _page("learnmeta", f"<h1>learnmeta</h1><p>{html.escape(FULL.format(n=self.max_sessions))}</p>"))
        asked = request.query.get("fontsize")  # none: the page picks one for the window
        font_size = 0 if asked is None else _bounded_int(asked, 16, 8, 40)
        text = (HERE / "templates" / "index.html").read_text("utf-8")
        page = (text.replace("{{ websocket_url }}", html.escape(self._websocket_url(request)))
                    .replace("{{ font_size }}", str(font_size)))
        for path in ASSETS:
            version = self._version(path)
            if version:  # (none for a file that is not there: the page names it as before)
                page = page.replace(f'"{path}"', f'"{path}?v={version}"')
        response = _html(200, page)
        if self.browsers is not None:
            known = self.browsers.known(request.cookies.get(browsers_.COOKIE))
            if known is None:
                key = self.browsers.new_key()
                response.set_cookie(browsers_.COOKIE, key, httponly=True,
                                    samesite="Strict", secure=_secure(request), path="/",
                                    max_age=browsers_.COOKIE_DAYS * 86400)
                known = self.browsers.known(key)
            if known is not None:
                self._prestart_for(known, opened_here=_opened_here(request))
        return response

    def _websocket_url(self, request: web.Request) -> str:
        if self.given_public_url:
            base = self.given_public_url.rstrip("/")
            scheme, rest = base.split(":", 1)
            return ("wss:" if scheme == "https" else "ws:") + rest + "/ws"
        return f"{'wss' if _secure(request) else 'ws'}://{request.host}/ws"

    async def handle_no_icon(self, request: web.Request) -> web.Response:
        return web.Response(status=204)

    async def handle_script(self, request: web.Request) -> web.Response:
        return _kept(request, self._script(), "application/javascript")

    async def handle_asset(self, request: web.Request) -> web.Response:
        body = self._asset(request.path)
        if body is None:
            raise web.HTTPNotFound()
        return _kept(request, body, KEPT_IN_MEMORY[request.path])

    def _asset(self, path: str) -> bytes | None:
        """What is served at ``path`` (one of :data:`KEPT_IN_MEMORY`), read once; None if it
        cannot be read (a textual-serve other than the pinned one: the page names it without a
        version, and asks for it in vain, as it would from disk)."""
        if path not in self._assets:
            from learnmeta.files import FileProblem, read_bounded

            if path.startswith("/learnmeta/"):
                where = HERE / "static" / path.removeprefix("/learnmeta/")
            else:
                where = Path(self.statics_path) / path.removeprefix("/static/")
            try:
                self._assets[path] = read_bounded(where, ASSET_MOST)
            except (FileProblem, OSError):
                self._assets[path] = None
        return self._assets[path]

    async def handle_page_css(self, request: web.Request) -> web.Response:
        return _kept(request, self._page_css(), "text/css")

    def _page_css(self) -> bytes:
        """The page's style sheet, naming the font by its version (:data:`ASSETS`)."""
        font = ASSETS[-1]
        text = (HERE / "static" / "page.css").read_text("utf-8")
        version = self._version(font)
        if version:
            text = text.replace(f'"{font}"', f'"{font}?v={version}"')
        return text.encode("utf-8")

    def _version(self, path: str) -> str:
        """A hash of what is served at ``path`` (one of :data:`ASSETS`), made once; "" if that
        file cannot be read (a textual-serve other than the pinned one)."""
        version = self._versions.get(path)
        if version is None:
            try:
                if path == "/learnmeta/textual.js":
                    data = self._script()
                elif path == "/learnmeta/page.css":
                    data = self._page_css()
                elif path in KEPT_IN_MEMORY:
                    kept = self._asset(path)
                    if kept is None:
                        raise OSError(path)
                    data = kept
                elif path.startswith("/learnmeta/"):
                    data = (HERE / "static" / path.removeprefix("/learnmeta/")).read_bytes()
                else:
                    data = (Path(self.statics_path) / path.removeprefix("/static/")).read_bytes()
            except OSError:
                log.warning("%s cannot be read: the page names it without a version", path)
                data = None
            version = self._versions[path] = hashlib.sha256(data).hexdigest()[:16] if data else ""
        return version

    def _script(self) -> bytes:
        """textual-serve's page script, with xterm.js's screen-reader mode on (the screen's text
        is then also in the page, for screen readers and for the browser tests to read), its
        terminal handed to the page for announcements (:data:`SCRIPT_OPENED`) and its DOM
        renderer instead of WebGL and canvas (:data:`SCRIPT_CANVAS`)."""
        if self._script_bytes is None:
            raw = (Path(self.statics_path) / "js" / "textual.js").read_bytes()
            text = raw.decode("utf-8")
            if hashlib.sha256(raw).hexdigest() == SCRIPT_SHA256:
                text = _cut_unused(text)
            else:
                log.warning("textual-serve's script has changed: it is served whole")
            patched = text.replace(SCRIPT_OPTIONS, SCRIPT_OPTIONS + "screenReaderMode:!0,", 1)
            if patched == text:
                log.warning("textual-serve's script has changed: screen-reader mode is off")
            if patched.count(SCRIPT_OPENED) == 1:
                patched = patched.replace(SCRIPT_OPENED, SCRIPT_OPENED + SCRIPT_ANNOUNCE, 1)
            else:
                log.warning("textual-serve's script has changed: nothing is announced to screen readers")
            if SCRIPT_WEBGL in patched:
                patched = patched.replace(SCRIPT_WEBGL, "", 1)
            else:
                log.warning("textual-serve's script has changed: its WebGL renderer is loaded")
            if SCRIPT_CANVAS in patched:
                patched = patched.replace(SCRIPT_CANVAS, "", 1)
            else:
                log.warning("textual-serve's script has changed: its canvas renderer is loaded")
            if all(patched.count(old) == 1 for old, _new in SCRIPT_PREFETCH):
                for old, new in SCRIPT_PREFETCH:
                    patched = patched.replace(old, new, 1)
            else:
                log.warning("textual-serve's script has changed: characters are measured one by one")
            self._script_bytes = (SCRIPT_HINT + patched).encode("utf-8")
        return self._script_bytes

    # -- a file the app hands to the browser ("My questions": s) ---------------------------------

    async def handle_download(self, request: web.Request) -> web.StreamResponse:  # headers set before the body, always as an attachment
        """A file an app process delivers (``App.deliver_text``), under the random key that
        process gave its page. Always a download ("attachment"), never shown as a page of this
        site, with the protective headers set before the body starts (textual-serve's own
        handler sends the body first, so no header could be added after it)."""
        key = request.match_info["key"]
        if not (0 < len(key) <= 64 and key.isascii() and key.isalnum()):
            return _plain(404, "There is no such download.")
        try:
            download = await self.download_manager.get_download_metadata(key)
        except KeyError:
            return _plain(404, "There is no such download.")
        name = "".join(c for c in Path(download.file_name).name
                       if c.isascii() and (c.isalnum() or c in "-_.")) or "download"
        response = web.StreamResponse()
        response.content_type = "application/octet-stream"
        if download.mime_type == "text/plain":
            response.content_type = "text/plain"
            response.charset = download.encoding or "utf-8"
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        _harden(response)
        await response.prepare(request)
        async for chunk in self.download_manager.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    # -- joining a class -------------------------------------------------------------------------

    async def handle_join_form(self, request: web.Request) -> web.Response:
        if self.gate is None:
            raise web.HTTPSeeOther("/")
        return _html(200, _page("learnmeta: join", JOIN_FORM.format(
            message="Type the join code your teacher gave you.")))

    async def handle_join(self, request: web.Request) -> web.Response:
        if self.gate is None:
            raise web.HTTPSeeOther("/")
        try:
            form = await request.post()
        except (web.HTTPException, ValueError):
            return _plain(400, "That form could not be read.")
        code = form.get("code", "")
        if not isinstance(code, str):
            return _plain(400, "That form could not be read.")
        outcome = self.gate.try_code(code, self._client_address(request))
        if outcome == "ok":
            response = web.HTTPSeeOther("/")
            response.set_cookie(COOKIE, self.gate.new_token(), httponly=True, samesite="Strict",
                                secure=_secure(request), path="/")
            raise response
        if outcome == "busy":
            message = "Too many joined from here just now. Please wait a minute and try again."
            return _html(429, _page("learnmeta: join", JOIN_FORM.format(message=message)))
        if outcome == "wait":
            message = "Too many wrong codes were typed just now. Please wait a minute and try again."
            return _html(429, _page("learnmeta: join", JOIN_FORM.format(message=message)))
        message = "That code is not right. Check it with your teacher and type it again."
        return _html(401, _page("learnmeta: join", JOIN_FORM.format(message=message)))

    def _client_address(self, request: web.Request) -> str:
        """Whose wrong codes these are, for the limit per address.

        A class served on a loopback address is reached through a reverse proxy on this computer
        (docs/serving.md), so every browser seems to come from 127.0.0.1, and five wrong codes
        from anyone on the internet would lock the whole class out. There, and only there, the
        address is the last one in ``X-Forwarded-For``: the one the proxy saw (entries a browser
        sends itself come before it). An IPv6 address counts as its /64, which one device can
        fill with addresses of its own."""
        address = request.remote or "?"
        if _is_loopback_address(address) and _is_loopback_address(self.host):
            forwarded = ",".join(request.headers.getall("X-Forwarded-For", []))
            last = forwarded.rsplit(",", 1)[-1].strip()
            if last:
                address = last
        return _address_key(address)

    def guard_connections(self, web_server: web.Server, *, unlimited=None) -> None:
        """Limit the connections aiohttp's ``web_server`` accepts, before any request is read.

        Without this, anyone who can reach the port (no join code needed) could open thousands of
        connections and send their headers a byte at a time (aiohttp waits for ever), until the
        server has no file left to open for a learner's page or app process. A connection that
        has not sent a whole request within :data:`HEADER_SECONDS` is closed, and one network
        address holds at most :data:`CONNECTIONS_PER_ADDRESS` at once."""
        unlimited = unlimited or _is_loopback_address
        made, lost = web_server.connection_made, web_server.connection_lost
        held: dict[str, set] = {}
        address_of: dict[object, str] = {}
        loop = asyncio.get_running_loop()

        def connection_made(handler, transport) -> None:
            made(handler, transport)
            peer = transport.get_extra_info("peername")
            address = str(peer[0]) if isinstance(peer, tuple) and peer else "?"
            if not unlimited(address):
                key = _address_key(address)
                mine = held.setdefault(key, set())
                if len(mine) >= CONNECTIONS_PER_ADDRESS:
                    transport.close()
                    return
                mine.add(handler)
                address_of[handler] = key
            loop.call_later(HEADER_SECONDS, _too_slow, handler, transport)

        def connection_lost(handler, exc=None) -> None:
            lost(handler, exc)
            key = address_of.pop(handler, None)
            if key is not None:
                mine = held.get(key, set())
                mine.discard(handler)
                if not mine:
                    held.pop(key, None)

        def _too_slow(handler, transport) -> None:
            if getattr(handler, "_request_count", 1) == 0 and not transport.is_closing():
                transport.close()

        web_server.connection_made = connection_made  # type: ignore[method-assign]  # aiohttp calls these on the instance
        web_server.connection_lost = connection_lost  # type: ignore[method-assign]

    # -- one app process per websocket -------------------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]  # a refused origin gets a plain 403, not a websocket
        origin = request.headers.get("Origin")
        if origin is None or urlsplit(origin).netloc.lower() != request.host.lower():
            return _plain(403, "The app can be opened only from learnmeta's own page.")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=64 * 1024)
        await websocket.prepare(request)
        known = None
        if self.browsers is not None:
            known = self.browsers.known(request.cookies.get(browsers_.COOKIE))
        prestarting = self._prestarted.pop(known, None) if known is not None else None
        prestarted = await prestarting if prestarting is not None else None
        if prestarted is None and len(self.sessions) >= self.max_sessions:
            await websocket.send_bytes(("\r\n  " + FULL.format(n=self.max_sessions)).encode())
            await websocket.close()
            return websocket
        browser = request.cookies.get(COOKIE) if self.gate is not None else None
        if browser is not None and self.per_browser.get(browser, 0) >= SESSIONS_PER_BROWSER:
            await websocket.send_bytes(("\r\n  " + TOO_MANY_TABS.format(n=SESSIONS_PER_BROWSER)).encode())
            await websocket.close()
            return websocket
        width = _bounded_int(request.query.get("width", "80"), 80, 10, MAX_COLUMNS)
        height = _bounded_int(request.query.get("height", "24"), 24, 5, MAX_ROWS)
        if known is not None:
            self._sizes.pop(known, None)
            self._sizes[known] = (width, height)  # the next page of this browser: see _prestart
            self._last_size = (width, height)  # a first visit's guess: see _prestart_for
            while len(self._sizes) > browsers_.MOST_ISSUED:
                del self._sizes[next(iter(self._sizes))]
        learner = None
        if self.browsers is not None and prestarted is None:
            learner = self.browsers.learner(known)
            if known is not None and learner is not None:
                await self._others_ended(known)
                if any(isinstance(other, LearnService) and other.chosen == learner for other in self.sessions):
                    learner = None  # open in another tab: this one asks "Who" (else read-only)
        service: LearnService | None = prestarted
        if service is None:
            service = await self._take_ahead(websocket)
        if service is None:
            command = self.command
            if learner is not None:
                command += " --learner " + shlex.quote(learner)
            service = LearnService(command, write_bytes=websocket.send_bytes,
                                   write_str=websocket.send_str, close=websocket.close,  # type: ignore[arg-type]  # awaited; its bool is not used
                                   download_manager=self.download_manager, debug=False)
        if prestarted is None:
            service.learner = learner
            if known is not None and self.browsers is not None:
                service.on_learner = functools.partial(self.browsers.remember, known)
        self.sessions.add(service)
        self.sockets.add(websocket)
        if browser is not None:
            self.per_browser[browser] = self.per_browser.get(browser, 0) + 1
        try:
            if prestarted is not None:  # its app has drawn while the page loaded: what it drew first
                await prestarted.release(write_bytes=websocket.send_bytes,
                                         write_str=websocket.send_str, close=websocket.close)
                if prestarted.size != (width, height):
                    prestarted.size = (width, height)
                    await prestarted.set_terminal_size(width, height)
            else:
                await service.start(width, height)
                # The page gives itself the focus as it loads, before its websocket is open, so
                # that focus never reached the app, which then drew as if in a window in the
                # background (its footer with no keys) until the learner clicked. The page has it:
                # the app is told so (one started with its page was told then, _prestart); the
                # page says when it loses it (or gets it back) from now on.
                await service.focus()
            try:
                await self._process_messages(websocket, service)
            finally:
                service.chosen = None  # its learner is let go
                ended = asyncio.Event()
                if known is not None:
                    self._ending.setdefault(known, set()).add(ended)
                try:
                    await service.stop()
                finally:
                    ended.set()
                    if known is not None:
                        self._ending.get(known, set()).discard(ended)
                        if not self._ending.get(known, True):
                            self._ending.pop(known, None)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one session's problem ends that session only
            log.warning("a session ended: %s", error.__class__.__name__)
        finally:
            await service.stop()
            self.sessions.discard(service)
            self.sockets.discard(websocket)
            self._start_ahead_soon(AHEAD_DELAY)  # if a full class had none: a place is free now
            if browser is not None:
                left = self.per_browser.get(browser, 1) - 1
                if left > 0:
                    self.per_browser[browser] = left
                else:
                    self.per_browser.pop(browser, None)
        return websocket

    def _prestart_for(self, known: str, *, opened_here: bool) -> None:
        """Start this page's app now, while the page and its script load, so that the page's
        websocket gets what it drew (:meth:`handle_websocket`): the process started ahead is
        given the learner this browser chose before, or, for a browser that has chosen nobody (a
        first visit), nobody: it draws "Who is learning?". It starts at the size of this browser's
        last tab, else of the last tab any browser opened here (:data:`GUESSED_SIZE` before any
        did); the page says its real size as its websocket opens, and the app is resized if the
        guess was wrong. Only when a process started ahead is ready now (so at
        most one more app every :data:`AHEAD_DELAY` seconds), within ``--max-sessions``, with at
        most :data:`PRESTARTED_MOST` pages waiting for their websocket, and for a first visit only
        for a page the browser opened itself (:func:`_opened_here`: not for a request another
        web site made it send). A page that opens no websocket within :data:`PRESTART_WAIT`
        seconds has its app ended (one on a learner saves as on quitting)."""
        service = self.ahead
        if (self._closing or known in self._prestarted or service is None or not service.ready_now()
                or len(self.sessions) >= self.max_sessions or self.browsers is None
                or len(self._prestarted) >= PRESTARTED_MOST):
            return
        learner = self.browsers.learner(known)
        if learner is None and not opened_here:
            return  # (a known browser's key comes only with its own pages: SameSite=Strict)
        size = self._sizes.get(known) or self._last_size or GUESSED_SIZE
        self.ahead = None
        self._start_ahead_soon(AHEAD_DELAY)
        self.sessions.add(service)  # it counts among the server's sessions from now on
        task = asyncio.get_running_loop().create_task(self._prestart(known, service, learner, size))
        self._prestarted[known] = task

    async def _prestart(self, known: str, service: AheadService, learner: str | None,
                        size: tuple[int, int]) -> AheadService | None:
        try:
            if learner is not None:
                await self._others_ended(known)  # a reload: the old page's app lets the learner go
            busy = learner is not None and any(
                other.chosen == learner for other in self.sessions if other is not service)
            if busy or service._process is None or service._process.returncode is not None:
                self.sessions.discard(service)
                await service.discard()
                return None
            service.learner = service.chosen = learner
            if self.browsers is not None:
                service.on_learner = functools.partial(self.browsers.remember, known)
            service.hold()
            service.size = size
            await service.start(*size)
            # The page gives itself the focus as it loads (see handle_websocket): said now, the
            # app draws for it while the page loads, not once its websocket is open.
            await service.focus()
        except Exception as error:  # never a reason for the page to fail: it starts its own
            log.warning("could not start an app for a page: %s", error.__class__.__name__)
            self.sessions.discard(service)
            await service.discard()
            return None
        asyncio.get_running_loop().call_later(PRESTART_WAIT, self._unclaimed, known,
                                              self._prestarted.get(known))
        return service

    def _unclaimed(self, known: str, task) -> None:
        if task is None or self._prestarted.get(known) is not task:
            return  # its page took it
        del self._prestarted[known]
        ended = asyncio.Event()  # a page of this browser coming now waits for its learner to be let go
        self._ending.setdefault(known, set()).add(ended)

        async def end() -> None:
            assert task is not None
            try:
                service = await task
                if service is not None:
                    try:
                        await service.stop()
                    finally:
                        self.sessions.discard(service)
                        self._start_ahead_soon(AHEAD_DELAY)
            finally:
                ended.set()
                self._ending.get(known, set()).discard(ended)
                if not self._ending.get(known, True):
                    self._ending.pop(known, None)

        asyncio.get_running_loop().create_task(end())

    async def _others_ended(self, browser: str) -> None:
        """Wait (up to :data:`ENDING_WAIT` seconds) for ``browser``'s sessions whose page has gone
        (a reload) to end, so that the learner they hold is free for the new one."""
        ending = [event.wait() for event in self._ending.get(browser, ())]
        if ending:
            await asyncio.wait([asyncio.ensure_future(e) for e in ending], timeout=ENDING_WAIT)

    # -- the app process started ahead ------------------------------------------------------------

    def start_ahead(self) -> None:
        """Keep an app process started ahead from now on (`learnmeta serve` calls this once it
        listens; the tests' servers, which never call it, start each app when it is asked for)."""
        self._ahead_wanted = True
        self._start_ahead_soon(0.0)

    def _start_ahead_soon(self, delay: float) -> None:
        if not self._ahead_wanted or self.ahead is not None or self._ahead_timer is not None:
            return
        loop = asyncio.get_running_loop()
        self._ahead_timer = loop.call_later(delay, self._open_ahead_now)

    def _open_ahead_now(self) -> None:
        self._ahead_timer = None
        if self._ahead_wanted and self._ahead_opening is None:
            self._ahead_opening = asyncio.get_running_loop().create_task(self._open_ahead())

    async def _open_ahead(self) -> None:
        try:
            if self.ahead is not None or len(self.sessions) >= self.max_sessions:
                return  # a full class starts none: one frees a place first (see handle_websocket)
            service = AheadService(self.ahead_command, download_manager=self.download_manager)
            try:
                await service.open()
            except Exception as error:  # never a reason to stop serving: each tab starts its own
                log.warning("could not start an app ahead: %s", error.__class__.__name__)
                return
            if not self._ahead_wanted:  # the server stopped meanwhile
                await service.discard()
                return
            self.ahead = service
        finally:
            self._ahead_opening = None

    async def _take_ahead(self, websocket: web.WebSocketResponse) -> AheadService | None:
        """The process started ahead, now this tab's, if one is ready (or gets ready soon)."""
        service, self.ahead = self.ahead, None
        if service is None:
            self._start_ahead_soon(AHEAD_DELAY)
            return None
        self._start_ahead_soon(AHEAD_DELAY)
        process = service._process
        if not await service.is_ready() or process is None or process.returncode is not None:
            await service.discard()  # not ready in time, or ended since it said it was: the tab starts its own
            return None
        service.attach(write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                       close=websocket.close)  # awaited; its bool is not used
        return service

    async def stop_ahead(self) -> None:
        self._ahead_wanted = False
        if self._ahead_timer is not None:
            self._ahead_timer.cancel()
            self._ahead_timer = None
        opening = self._ahead_opening
        if opening is not None:  # let it finish starting its process, which it then ends
            try:
                await asyncio.wait_for(asyncio.shield(opening), 30)
            except (asyncio.TimeoutError, Exception):
                opening.cancel()
        service, self.ahead = self.ahead, None
        if service is not None:
            await service.discard()

    async def _process_messages(self, websocket: web.WebSocketResponse, service: AppService) -> None:
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                break  # not what the page sends: end this session
            if not isinstance(envelope, list) or not envelope:
                break
            kind = envelope[0]
            data = envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                width = _bounded_int(data.get("width"), 80, 10, MAX_COLUMNS)
                height = _bounded_int(data.get("height"), 24, 5, MAX_ROWS)
                if getattr(service, "size", None) != (width, height):  # the page says its size on opening too
                    service.size = (width, height)  # type: ignore[attr-defined]  # AppService from textual-serve has none
                    await service.set_terminal_size(width, height)
            elif kind == "ping":
                await websocket.send_json(["pong", str(data)[:100]])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def on_shutdown(self, app: web.Application) -> None:
        """Each app ends as when its tab closes (progress saved, lock released), all at once: one
        after another, each app stuck on quitting cost up to STOP_WAIT + REAP_WAIT seconds (20 s)
        of the server's stop, and 40 of them 800 s. Now the stop takes as long as the slowest
        one (bounded by those waits), and ends every process. No page starts an app once this
        has begun (:meth:`_prestart_for`), and what was started meanwhile (a page or a tab handled
        while it waited) is ended too, in as many passes as it takes (a few at most)."""
        self._closing = True
        ahead = asyncio.ensure_future(self.stop_ahead())
        stopped: set[LearnService] = set()

        async def stop(service: LearnService) -> None:
            try:
                await asyncio.wait_for(service.stop(), timeout=STOP_WAIT)  # then reaped: see stop
            except (asyncio.TimeoutError, Exception):
                pass

        for _ in range(10):
            prestarting = list(self._prestarted.values())  # its service is among the sessions
            self._prestarted.clear()
            if prestarting:
                await asyncio.wait(prestarting, timeout=30)
            await asyncio.gather(*(websocket.close() for websocket in list(self.sockets)),
                                 return_exceptions=True)
            services = [service for service in list(self.sessions) if service not in stopped]
            stopped.update(services)
            await asyncio.gather(ahead, *(stop(service) for service in services),
                                 return_exceptions=True)
            if not self._prestarted and all(service in stopped for service in self.sessions):
                break


async def _nowhere(*_args) -> None:
    """Where a process started ahead sends anything before it has a tab (it sends nothing)."""


def _child_import_path() -> str | None:
    """The folder learnmeta is imported from, when the app process would not find it there by
    itself: the server was started as ``python -m learnmeta`` in that folder, which ``-P`` leaves
    off the app's import path. None when it is on the path anyway (installed, or in PYTHONPATH)."""
    root = Path(__file__).resolve().parents[2]
    for entry in sys.path[1:]:  # [0]: the folder of the server's script, or the current one
        try:
            if Path(entry or ".").resolve() == root:
                return None
        except (OSError, RuntimeError):
            continue
    return str(root)


class LearnService(AppService):
    """textual-serve's app process, which may also say which learner its browser chose
    (:data:`LEARNER`), and may be started on a remembered learner (:attr:`learner`)."""

    learner: str | None = None
    """The learner the browser chose last, whom the app opens directly (one's own computer)."""
    on_learner: Callable[[object], None] | None = None
    """Called with the learner the app says was chosen (None: forget), for a known browser."""
    chosen: str | None = None
    """The learner this session's app has open, as it said (on one's own computer)."""
    size: tuple[int, int] | None = None
    """The terminal size the app was last given."""

    async def start(self, width: int, height: int) -> None:
        self.size = (width, height)
        await super().start(width, height)

    async def stop(self) -> None:
        """textual-serve's stop (the app is told to quit, and its output read to its end), then
        the process reaped (:meth:`reap`), cancelled or not: textual-serve never waits for it, so
        an app still ending outlived its tab, or the server, with its pipes open."""
        try:
            await super().stop()
        finally:
            await self.reap()

    async def reap(self) -> None:
        """Wait for the app process to end, its input closed (as when the server has gone: it
        ends), and its pipes with it; one still running :data:`REAP_WAIT` seconds later is
        killed."""
        process = self._process
        if process is None:
            return
        if process.stdin is not None:
            process.stdin.close()
        try:
            await asyncio.wait_for(asyncio.shield(process.wait()), REAP_WAIT)
        except asyncio.TimeoutError:
            try:
                process.kill()
            except ProcessLookupError:
                pass
            await process.wait()

    async def run(self) -> None:
        try:
            await super().run()
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise  # this run was cancelled
            # Not cancelled: textual-serve's run cancels its reader of the app's error output as
            # it ends, and one that had not started yet (the output had ended before the run
            # began: an app quick to end, on a busy machine) raised CancelledError here, so the
            # tab was never told and stayed open for ever, its app never reaped.
        # Its process has ended. One that quit said so ("exit": its page is closed already); one
        # that could not start, crashed or was killed said nothing, and its tab showed
        # "learnmeta is starting..." (or its last screen) for ever, holding a place on the server.
        try:
            await self.remote_close()
        except Exception:  # the page has gone already
            pass

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        root = _child_import_path()
        if root is not None:
            given = environment.get("PYTHONPATH", "")
            environment["PYTHONPATH"] = given + os.pathsep + root if given else root
        return environment

    async def on_meta(self, data: bytes) -> None:
        try:
            meta = json.loads(data)
        except ValueError:
            return
        if isinstance(meta, dict) and meta.get("type") == LEARNER:
            learner = meta.get("learner")
            self.chosen = learner if browsers_.learner_id_ok(learner) else None
            if self.on_learner is not None:
                self.on_learner(meta.get("learner"))  # checked there (browsers.learner_id_ok)
            return
        await super().on_meta(data)


class AheadService(LearnService):
    """An app process started before a browser tab asks for it (``session --ahead``), then
    handed to the first tab that does: :meth:`attach` its websocket, then :meth:`start` it with
    the tab's size, as textual-serve starts the processes it opens itself."""

    def __init__(self, command: str, *, download_manager) -> None:
        super().__init__(command, write_bytes=_nowhere, write_str=_nowhere, close=_nowhere,
                         download_manager=download_manager, debug=False)
        self._ready: asyncio.Task[bool] | None = None
        self._opened = 0.0

    async def open(self) -> None:
        process = await self._open_app_process()
        loop = asyncio.get_running_loop()
        self._opened = loop.time()
        self._ready = loop.create_task(self._read_ready(process))

    @staticmethod
    async def _read_ready(process) -> bool:
        try:
            return await process.stdout.readline() == READY
        except (OSError, ValueError, asyncio.LimitOverrunError):
            return False

    async def is_ready(self) -> bool:
        """Whether it is ready for a tab, waiting for it until :data:`AHEAD_WAIT` seconds after
        its start at the most (not at all for one older than that: it is stuck)."""
        if self._ready is None:
            return False
        if self._ready.done():
            return self._said_ready()
        left = self._opened + AHEAD_WAIT - asyncio.get_running_loop().time()
        if left <= 0:
            return False
        try:
            return await asyncio.wait_for(asyncio.shield(self._ready), left)
        except asyncio.TimeoutError:
            return False

    def _said_ready(self) -> bool:
        ready = self._ready
        if ready is None or not ready.done() or ready.cancelled():
            return False
        try:
            return ready.result()
        except Exception:
            return False

    def attach(self, *, write_bytes, write_str, close) -> None:
        self.remote_write_bytes = write_bytes
        self.remote_write_str = write_str
        self.remote_close = close

    async def start(self, width: int, height: int) -> None:
        self.size = (width, height)
        await self.send_meta({"type": START, "width": width, "height": height,
                              "learner": self.learner})
        self._task = asyncio.create_task(self.run())

    def ready_now(self) -> bool:
        """Whether it has said it is ready (without waiting)."""
        ready = self._ready
        process = self._process
        return (ready is not None and ready.done() and not ready.cancelled()
                and ready.exception() is None and ready.result() is True
                and process is not None and process.returncode is None)

    def hold(self) -> None:
        """Keep what the app sends until :meth:`release` (its page is still loading)."""
        held: list[tuple[str, object]] = []
        self._held = held

        async def write_bytes(data: bytes) -> None:
            held.append(("bytes", data))

        async def write_str(text: str) -> None:
            held.append(("str", text))

        async def close() -> None:
            held.append(("close", None))

        self.attach(write_bytes=write_bytes, write_str=write_str, close=close)

    async def release(self, *, write_bytes, write_str, close) -> None:
        """Send what was kept, in order, then everything as it comes."""
        held = getattr(self, "_held", [])
        while held:  # what the app sends meanwhile is kept too, and sent in this loop
            kind, data = held.pop(0)
            if kind == "bytes":
                await write_bytes(data)
            elif kind == "str":
                await write_str(data)
            else:
                await close()
        self.attach(write_bytes=write_bytes, write_str=write_str, close=close)

    async def discard(self) -> None:
        """End it unused: one that said it is ready has its input closed (it exits without
        opening anything); one that did not (stuck, or still starting: it has opened no
        learner's file yet) is killed at once, not waited for."""
        process = self._process
        ready = self._said_ready()
        if self._ready is not None and not self._ready.done():
            self._ready.cancel()
            try:
                await self._ready
            except (asyncio.CancelledError, Exception):
                pass
        if process is None:
            return
        if process.returncode is not None or not ready:
            if process.returncode is None:
                try:
                    process.kill()
                except ProcessLookupError:
                    pass
            if process.stdin is not None:
                process.stdin.close()  # its pipes closed with it, not when the loop has gone
            await process.wait()
            return
        try:
            if process.stdin is not None:
                process.stdin.close()
            await asyncio.wait_for(process.communicate(), 10)  # to its end: its pipes closed too
        except (asyncio.TimeoutError, OSError, RuntimeError):
            try:
                process.kill()
            except ProcessLookupError:
                pass
            await process.wait()


def _bounded_int(value, default: int, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return default
    if isinstance(value, bool):
        return default
    return max(low, min(high, number))


def _kept(request: web.Request, body: bytes, content_type: str) -> web.Response:
    """``body``, with an ETag (a browser that has it already gets "304 Not Modified")."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if request.headers.get("If-None-Match", "") == etag:
        response = web.Response(status=304)
    else:
        response = web.Response(body=body, content_type=content_type)
    response.headers["ETag"] = etag
    return response


def _cut_unused(script: str) -> str:
    """``script`` (textual-serve's, as pinned) with :data:`SCRIPT_UNUSED`'s modules emptied
    (``script`` unchanged if a marker is not found once, in order)."""
    cut = script
    for begin, end, end_too in SCRIPT_UNUSED:
        start = cut.find(begin)
        stop = cut.find(end, start + 1) if start >= 0 else -1
        if start < 0 or stop < 0 or cut.count(begin) != 1 or cut.count(end) != 1:
            log.warning("textual-serve's script is not as expected: it is served whole")
            return script
        number = begin[1:begin.index(":")]
        cut = cut[:start] + f",{number}:e=>{{e.exports={{}}}}" + cut[stop + (len(end) if end_too else 0):]
    return cut


def _opened_here(request: web.Request) -> bool:
    """Whether the browser says (Fetch Metadata) that it asked for this page for its own user:
    typed, a bookmark, a reload, a link from learnmeta's own pages, as a page (not for a frame, an
    image or a script of some web site, which could make the browser ask again and again).
    Browsers that do not say so (older ones) are taken as not, and so is a page the browser only
    fetches ahead in case it is opened (``Sec-Purpose: prefetch``, typing an address)."""
    headers = request.headers
    return (headers.get("Sec-Fetch-Site") in ("none", "same-origin")
            and headers.get("Sec-Fetch-Mode") == "navigate"
            and headers.get("Sec-Fetch-Dest") == "document"
            and "prefetch" not in (headers.get("Sec-Purpose", "") + headers.get("Purpose", "")).lower())


def _secure(request: web.Request) -> bool:
    """Whether the browser reached us over HTTPS (directly, or through a proxy that says so)."""
    return request.secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"


def _address_key(address: str) -> str:
    """An address as limits count it: an IPv6 address as its /64, which one device can fill."""
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return address[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _is_loopback_address(address: str) -> bool:
    if address.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def _loopback_host(host: str) -> bool:
    host = host.lower()
    if host.startswith("["):
        name = host[: host.find("]") + 1]
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    if name in LOOPBACK_NAMES:
        return True
    try:  # any loopback address written as one (--host 127.0.0.2): no name, so no DNS rebinding
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False


def _plain(status: int, text: str) -> web.Response:
    response = web.Response(status=status, text=text + "\n", content_type="text/plain")
    _harden(response)
    return response


def _html(status: int, text: str) -> web.Response:
    return web.Response(status=status, text=text, content_type="text/html")


def _harden(response: web.StreamResponse) -> None:
    if response.prepared:
        return
    headers = response.headers
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("Cache-Control", "no-store")
    headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self' ws: wss:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    )

"""``learnmeta serve``: the app in a web browser, for one computer or for a class.

    learnmeta serve [--host 127.0.0.1] [--port 8000] [--open]
    learnmeta serve --host 0.0.0.0 --class DIR [--code CODE] [--max-sessions 40]

By default the server listens on the loopback address only, so only this computer can open it.
A non-loopback address needs ``--class DIR``: a join code is then asked before anything else, and
each learner's progress goes to ``DIR/<learner id>.toml``. See docs/serving.md.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import os
import signal
import socket
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_USAGE = 2

NOT_LOOPBACK = (
    "learnmeta serve: refusing to listen on {host} without --class.\n"
    "On an address other than this computer's own (127.0.0.1), anyone on the network could open "
    "the learners' progress. To serve a class on a local network, name a folder for the class's "
    "progress files; a join code is then asked first:\n"
    "  learnmeta serve --host {host} --class DIR\n"
    "For one person on this computer, leave out --host."
)


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _usage(message: str) -> int:
    print(f"learnmeta serve: {message}", file=sys.stderr)
    return EXIT_USAGE


def _lan_address() -> str | None:
    """This computer's address on its local network, as others would reach it (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
    except OSError:
        return None


def run(args) -> int:
    host = args.host
    port = args.port
    if not 0 <= port <= 65535:
        return _usage(f"--port {port} is not a port number (0 to 65535).")
    if args.max_sessions < 1:
        return _usage("--max-sessions needs a number of 1 or more.")
    from learnmeta.paths import user_path

    class_dir = user_path(args.class_dir) if args.class_dir else None
    if class_dir is None and not is_loopback(host):
        from learnmeta.cli.output import safe

        print(NOT_LOOPBACK.format(host=safe(host)), file=sys.stderr)  # as typed, without escapes
        return EXIT_USAGE
    if args.code is not None and class_dir is None:
        return _usage("--code is the join code of a class: use it with --class DIR.")
    code = None
    if class_dir is not None:
        from learnmeta.serve.gate import code_problem, new_code

        if args.code is not None:
            problem = code_problem(args.code)
            if problem:
                return _usage(f"--code: {problem}.")
            code = args.code
        else:
            code = new_code()
        if class_dir.exists() and not class_dir.is_dir():
            return _usage(f"--class {class_dir}: this is a file, not a folder.")
        try:
            from learnmeta.files import ensure_folder

            ensure_folder(class_dir)
        except OSError as error:
            return _usage(f"--class {class_dir}: cannot use this folder ({error.strerror or error}).")
        class_dir = class_dir.absolute()

    from learnmeta.instructor.offer import course_offer

    offered, problem = course_offer(None)  # LEARNMETA_LRS_URL: every session's
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_USAGE
    from learnmeta.serve.server import LearnServer

    server = LearnServer(host=host, port=port, class_dir=class_dir, code=code,
                         max_sessions=args.max_sessions)
    try:
        return asyncio.run(_serve(server, args, code))
    except OSError as error:
        return _usage(f"cannot listen on {host} port {port}: {error.strerror or error}. "
                      "Another program may be using it: choose another with --port.")


async def _serve(server, args, code: str | None) -> int:
    from aiohttp import web

    # Ctrl+C (or SIGTERM) asks for a stop from now on, before anything is printed or opened: one
    # pressed as soon as the address shows (or while the browser opens) stops the server as any
    # other does, saving first, not by cutting its start short ("Stopped.", status 130).
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, stop.set)
        except (NotImplementedError, RuntimeError):  # Windows: Ctrl+C raises KeyboardInterrupt
            pass
    server.initialize_logging()
    app = await server._make_app()
    runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=5)
    await runner.setup()
    server.guard_connections(runner.server)
    site = web.TCPSite(runner, server.host, server.port)
    try:
        await site.start()
    except BaseException:
        await runner.cleanup()
        raise
    listening = site._server
    assert isinstance(listening, asyncio.Server)
    port = listening.sockets[0].getsockname()[1]  # the real one when --port 0
    server.port = port
    shown_host = server.host if ":" not in server.host else f"[{server.host}]"
    local = f"http://{shown_host}:{port}/"
    if code is None:
        print(f"learnmeta is ready: open {local} in your web browser.")
    else:
        if server.host in ("0.0.0.0", "::", ""):
            lan = _lan_address()
            local = f"http://{lan or '127.0.0.1'}:{port}/"
        print(f"learnmeta is serving a class; progress files go to {server.class_dir}.")
        print(f"Learners open {local} and type the join code: {code}")
        print(f"Up to {server.max_sessions} learners at once (--max-sessions).")
    offered = os.environ.get("LEARNMETA_LRS_URL", "").strip()
    if offered:
        from learnmeta.instructor.outbox import host_of
        from learnmeta.lrs import statements_url

        print(f"The course's record store at {host_of(statements_url(offered))} is offered to each learner: "
              "their answers are sent there only if they say yes.")
    print("Press Ctrl+C to stop: each learner's progress is saved first.", flush=True)
    if args.open:
        import webbrowser

        loop.run_in_executor(None, webbrowser.open, local)
    server.start_ahead()  # an app process ready for the first tab (stopped by on_shutdown)
    try:
        await stop.wait()
    finally:
        print("Stopping: saving each learner's progress...", flush=True)
        await runner.cleanup()
    return EXIT_OK


def session_main(argv: list[str] | None = None) -> int:
    """One browser session's app process (``python -m learnmeta.cli.session [--class DIR]``),
    started by the server for each tab, its input and output connected to the server, never to
    a terminal: so, unlike ``learnmeta`` in a terminal, it does not look for one."""
    import argparse

    parser = argparse.ArgumentParser(prog="learnmeta.cli.session")
    parser.add_argument("--class", dest="class_dir", metavar="DIR")
    parser.add_argument("--ahead", action="store_true",
                        help="get ready and wait for the server's start packet (serve/session.py)")
    parser.add_argument("--learner", metavar="ID",
                        help="the learner this browser chose last (serve/browsers.py)")
    args = parser.parse_args(argv)
    from learnmeta import gcpause

    try:
        with gcpause.paused():  # as `learnmeta` starts (launch.run): until the first screen
            if args.ahead:
                return _run_ahead(args)
            return _run_session(args)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: a crash report, never a traceback in the page
        from learnmeta import crash

        return crash.report(error)


def _run_ahead(args) -> int:
    """Get ready before any browser asks (import the app, read the library), then wait for the
    server's start packet (:mod:`learnmeta.serve.session`)."""
    import os

    import learnmeta.app.screens.home  # noqa: F401 - the remembered learner's, or after "Who"
    import learnmeta.app.served  # noqa: F401 - imported now, not while the learner waits
    import textual.drivers.web_driver  # noqa: F401
    # What the session imported only after its start packet, or after Enter on "Who" (about 10
    # ms of CPU time then): the roster and the start's notices, the screen for a window too
    # small and the scroll bars (their stylesheets parsed below too), and what opening a
    # learner's file and home use. Imported here, they cost nothing while a learner waits.
    import learnmeta.app.screens.too_small  # noqa: F401
    import learnmeta.cli.launch  # noqa: F401
    import learnmeta.progress.lock  # noqa: F401
    import learnmeta.progress.quickread  # noqa: F401
    import learnmeta.serve.roster  # noqa: F401
    import learnmeta.study.next_step  # noqa: F401
    import textual.pilot  # noqa: F401 - App.run imports it
    import textual.scrollbar  # noqa: F401
    from rich.cells import get_character_cell_size

    get_character_cell_size("▶")  # rich reads its table of character widths (1 ms) on first use
    from learnmeta.cache import library_key, load_library_cached
    from learnmeta.progress import ProgressStore  # noqa: F401
    from learnmeta.progress.readback import prepare_checks
    from learnmeta.serve.session import READY, wait_for_start

    key = library_key()
    library = load_library_cached()
    prepare_checks()  # what reads the learner's file back checks it with (about 10 ms), made now
    try:
        from learnmeta.app.served import prepare_styles

        prepare_styles()  # the stylesheets parsed now, not as the first screens are drawn
    except Exception:  # never a reason not to start: the app then parses them itself
        pass
    os.write(1, READY)
    start = wait_for_start()
    if start is None:
        return EXIT_OK
    width, height, args.learner = start
    os.environ["COLUMNS"], os.environ["ROWS"] = str(width), str(height)  # Textual's web driver reads them
    if library_key() != key:  # a pack added or changed while this process waited
        library = load_library_cached()
    return _run_session(args, library)


def _run_session(args, library=None) -> int:
    from learnmeta.app.served import ServedApp
    from learnmeta.cache import load_library_cached
    from learnmeta.cli.launch import _library_notices
    from learnmeta.serve.roster import ClassRoster, HomeRoster

    roster: ClassRoster | HomeRoster
    if args.class_dir:
        roster = ClassRoster(Path(args.class_dir))
    else:
        from learnmeta.progress.locations import prepare_data_dir

        try:
            prepare_data_dir()
        except OSError:
            pass  # the store says so when it opens
        roster = HomeRoster()
    if library is None:
        library = load_library_cached()
    remembered = None if args.class_dir else args.learner  # a class asks its PIN every time
    app = ServedApp(library, roster, notices=_library_notices(library), remembered=remembered)
    try:
        app.run()
    finally:
        app.close_store()
    if app.crash is not None:
        from learnmeta import crash

        return crash.report(app.crash)
    return 0

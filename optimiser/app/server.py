"""`establishment app`: serve the what-if page on this computer with uvicorn, open the browser, and
stop cleanly on Ctrl-C, removing the temporary folder (uploads, derived scenarios, packs)."""

from __future__ import annotations

import shutil
import tempfile
import threading
import webbrowser
from pathlib import Path

import uvicorn

from optimiser.app import engine
from optimiser.app.routes import Config, create_app
from optimiser.inputs import shipped

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def examples_folder() -> Path | None:
    """The examples: `examples/` in the working folder, else the shipped ones (package data in an
    installed package, the repository's own in a checkout); None when neither is there."""
    for folder in (Path("examples"), shipped.examples_folder()):
        if folder.is_dir():
            return folder.resolve()
    return None


def config_for(start: Path | None, workdir: Path, host: str = LOCAL_HOSTS[0]) -> Config:
    """The folders the page may read scenarios from: the working folder, the start file's folder,
    and the examples folder; and the host names it answers to (any, when it listens beyond this
    computer)."""
    found = examples_folder()
    roots = [Path.cwd().resolve()]
    if start is not None:
        roots.append(start.resolve().parent)
    if found is not None:
        roots.append(found)
    hosts = (host, *LOCAL_HOSTS) if host in LOCAL_HOSTS else ("*",)
    return Config(tuple(dict.fromkeys(roots)), workdir, start, found, tuple(dict.fromkeys(hosts)))


def serve(start: Path | None, host: str, port: int, open_browser: bool, say) -> None:
    """Check the start file (bad input raises before anything listens), then serve until Ctrl-C."""
    if start is not None:
        engine.check(start)
    workdir = Path(tempfile.mkdtemp(prefix="establishment-app-"))
    try:
        app = create_app(config_for(start, workdir, host))
        server = uvicorn.Server(
            uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off")
        )

        def announce() -> None:
            bound = server.servers[0].sockets[0].getsockname()[1] if server.servers else port
            address = f"http://{f'[{host}]' if ':' in host else host}:{bound}/"
            say(f"The what-if page is at {address} (Ctrl-C stops it).")
            if open_browser:
                webbrowser.open(address)

        threading.Thread(target=_when_started, args=(server, announce), daemon=True).start()
        try:
            server.run()
        except SystemExit:  # uvicorn exits 3 when it cannot listen: that is bad input here, not exit 3
            if server.started:
                raise
        if not server.started:
            raise engine.bad_input(
                "command line",
                "option --port",
                f"{port} on {host} cannot be used (in use, or not this computer's address)",
                "a free port, or --port 0 for any free one",
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _when_started(server: uvicorn.Server, then) -> None:
    """Wait for uvicorn to listen, then announce the address (so it is never printed too soon)."""
    while not server.started and not server.should_exit:
        threading.Event().wait(0.02)
    if server.started:
        then()

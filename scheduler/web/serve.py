"""``scheduler serve``: the local page on this computer, at an address with a secret key."""

from __future__ import annotations

import shutil
import socket
import tempfile
import webbrowser
from pathlib import Path

from scheduler.web.app import Page, make_app
from scheduler.web.security import LOCAL_NAMES, new_token


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def serve(
    source: Path | None = None,
    port: int = 0,
    host: str = "127.0.0.1",
    open_browser: bool = True,
    workers: int = 0,
    say=print,
) -> None:
    """Serve the page until Ctrl-C; ``source`` is opened first. Plans are written into a
    folder of the server's own (gone when it stops): download what you keep."""
    import uvicorn

    folder = Path(tempfile.mkdtemp(prefix="scheduler-page-"))
    try:
        page = Page(folder, workers)
        token = new_token()
        app = make_app(page, token, None if host in LOCAL_NAMES else host)
        port = port or free_port(host)
        path = f"/scenario/{page.open_source(Path(source))}" if source else "/"
        shown = "127.0.0.1" if host in ("127.0.0.1", "0.0.0.0") else host
        url = f"http://{shown}:{port}{path}?token={token}"
        if host not in LOCAL_NAMES:
            say(
                f"Warning: serving on {host}, not only this computer: anyone who can reach it "
                "and has the address below can use the page and read the scenarios it opens."
            )
        say(
            f"The page is at:\n  {url}\nKeep this address to yourself: it holds the page's key. Ctrl-C stops the page."
        )
        if open_browser:
            webbrowser.open(url)
        try:
            uvicorn.run(app, host=host, port=port, log_level="warning")
        finally:
            page.runs.stop_all()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

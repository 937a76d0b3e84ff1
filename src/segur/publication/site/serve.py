"""Local preview of a built site: the standard library's HTTP server over the output folder.

For a preview only (`segur site serve`): it binds to 127.0.0.1 by default and logs nothing.
"""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from segur.errors import UsageError


class _QuietHandler(SimpleHTTPRequestHandler):
    # The preview serves a static folder; the core never prints, so requests are not logged.
    def log_message(self, format: str, *args: Any) -> None:
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # Like the forge's static hosting: a missing page gets the site's own 404 page.
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def make_server(directory: Path, port: int = 8000, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """An HTTP server of `directory` (port 0: any free port); run it with `serve_forever()`."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    try:
        return ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise UsageError(f"port {port} indisponible ({exc.strerror})") from exc

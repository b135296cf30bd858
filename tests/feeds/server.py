"""A loopback HTTP server for the feed tests: fixtures and misbehaviours, on port 0.

Each route is a function of the request giving a `Reply`; the server records every
request (path and headers) so tests can check what was sent.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # Seconds to wait before answering (a slow server); bounded so the thread ends.
    delay: float = 0.0
    # Send the body in pieces this many seconds apart (a server that drips).
    drip: float = 0.0
    # False: no Content-Length, the body ends when the connection closes.
    length: bool = True
    # The status line's reason phrase, when not the standard one.
    reason: str | None = None


@dataclass
class Request:
    path: str
    headers: dict[str, str]


Route = Callable[[Request], Reply]


class FixtureServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> FixtureServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def paths(self) -> list[str]:
        return [request.path for request in self.requests]

    # -- routes ------------------------------------------------------------------------

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def reply(self, path: str, reply: Reply) -> str:
        return self.add(path, lambda request: reply)

    def fixture(self, path: str, name: str, content_type: str, **headers: str) -> str:
        body = (FIXTURES / name).read_bytes().replace(b"@BASE@", self.base.encode())
        return self.reply(path, Reply(body=body, headers={"Content-Type": content_type, **headers}))

    def conditional(self, path: str, body: bytes, content_type: str) -> str:
        """A feed that answers 304 when asked with its ETag or its date."""
        etag = '"v1-' + str(len(body)) + '"'
        modified = formatdate(1_787_000_000, usegmt=True)

        def route(request: Request) -> Reply:
            if request.headers.get("if-none-match") == etag:
                return Reply(304, headers={"ETag": etag})
            if request.headers.get("if-modified-since") == modified:
                return Reply(304)
            return Reply(
                body=body,
                headers={"Content-Type": content_type, "ETag": etag, "Last-Modified": modified},
            )

        return self.add(path, route)

    def gzipped(self, path: str, body: bytes, content_type: str) -> str:
        return self.reply(
            path,
            Reply(
                body=gzip.compress(body),
                headers={"Content-Type": content_type, "Content-Encoding": "gzip"},
            ),
        )

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        return self.reply(path, Reply(status, headers={"Location": location}))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                request = Request(self.path, {k.lower(): v for k, v in self.headers.items()})
                server.requests.append(request)
                route = server.routes.get(self.path.split("?")[0])
                reply = route(request) if route else Reply(404, b"not found")
                time.sleep(reply.delay)
                try:
                    self._send(reply)
                except (BrokenPipeError, ConnectionResetError):
                    # The client gave up first (a timeout, a size cap): as it should.
                    self.close_connection = True

            def _send(self, reply: Reply) -> None:
                self.send_response(reply.status, reply.reason)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if not reply.length:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                elif "Content-Length" not in reply.headers:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                step = 16 if reply.drip else max(len(reply.body), 1)
                for start in range(0, len(reply.body), step):
                    self.wfile.write(reply.body[start : start + step])
                    self.wfile.flush()
                    time.sleep(reply.drip)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler

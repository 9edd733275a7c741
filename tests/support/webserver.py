"""A real local HTTP server for integration tests: routes are set per test and record hits.

A route can answer with any status, headers and body, after a delay, dripping slowly, or by
resetting the connection; the server counts hits and the peak concurrency per path.
"""

from __future__ import annotations

import socket
import struct
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    body: bytes | Callable[[], bytes] = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0
    drip: float = 0.0  # seconds between single bytes
    reset: bool = False  # close the connection with RST instead of answering
    hang: bool = False  # never answer
    # Streamed with chunked encoding and no Content-Length, so the client cannot refuse the
    # body up front and must count what it reads (the "1 GB body" case, without the gigabyte).
    chunks: Callable[[], Iterable[bytes]] | None = None


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Tests hang up on purpose (size caps, timeouts, slow drips): a client gone mid-answer
        # is expected there, and its traceback on stderr only hides the errors that are not.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class LocalWeb:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        # Answers served in turn, the last one repeated: "429 then 200", "503 twice then 200".
        self.sequences: dict[str, list[Route]] = {}
        self.hits: dict[str, int] = defaultdict(int)
        self.inflight: dict[str, int] = defaultdict(int)
        self.peak: dict[str, int] = defaultdict(int)
        self.request_headers: dict[str, list[dict[str, str]]] = defaultdict(list)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                return

            def do_GET(self) -> None:
                web._handle(self)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, **kwargs: object) -> str:
        self.routes[path] = Route(**kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def sequence(self, path: str, routes: list[Route]) -> str:
        self.sequences[path] = list(routes)
        return self.url(path)

    def start(self) -> LocalWeb:
        self.thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        route = self.routes.get(path) or self.routes.get(path.split("?", 1)[0])
        with self._lock:
            turns = self.sequences.get(path)
            if turns:
                route = turns.pop(0) if len(turns) > 1 else turns[0]
            self.hits[path] += 1
            self.inflight[path] += 1
            self.peak[path] = max(self.peak[path], self.inflight[path])
            self.request_headers[path].append(dict(handler.headers.items()))
        try:
            if route is None:
                self._send(handler, 404, b"not found", {}, "text/plain")
                return
            if route.hang:
                self._stop.wait(60)
                return
            if route.delay:
                time.sleep(route.delay)
            if route.reset:
                handler.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                # The rfile made by makefile() holds a reference: while it is open, close()
                # would not close the descriptor, no RST would go out and the client would hang.
                handler.rfile.close()
                handler.connection.close()
                handler.close_connection = True
                return
            etag = route.headers.get("ETag")
            if etag and handler.headers.get("If-None-Match") == etag:
                self._send(handler, 304, b"", route.headers, route.content_type)
                return
            if route.chunks is not None:
                self._send_chunked(handler, route)
                return
            body = route.body() if callable(route.body) else route.body
            if route.drip:
                handler.send_response(route.status)
                handler.send_header("Content-Type", route.content_type)
                handler.send_header("Content-Length", str(len(body)))
                handler.end_headers()
                for byte in body:
                    if self._stop.is_set():
                        return
                    handler.wfile.write(bytes([byte]))
                    handler.wfile.flush()
                    time.sleep(route.drip)
                return
            self._send(handler, route.status, body, route.headers, route.content_type)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with self._lock:
                self.inflight[path] -= 1

    def _send_chunked(self, handler: BaseHTTPRequestHandler, route: Route) -> None:
        assert route.chunks is not None
        handler.send_response(route.status)
        handler.send_header("Content-Type", route.content_type)
        handler.send_header("Transfer-Encoding", "chunked")
        for name, value in route.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        for chunk in route.chunks():
            if self._stop.is_set():
                return
            if chunk:
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        handler.wfile.write(b"0\r\n\r\n")
        handler.wfile.flush()

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        headers: dict[str, str],
        content_type: str,
    ) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        if status != 304:
            handler.wfile.write(body)

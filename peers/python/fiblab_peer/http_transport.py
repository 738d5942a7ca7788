"""The HTTP transport: `GET /fib/<n>` over HTTP/1.1 keep-alive, with the standard library's
http.server request handler run on a connection the mode has accepted. Each mode keeps its own
concurrency model (one connection at a time, a thread per connection, a pool behind it); only
the bytes on the wire change. Bodies are the line protocol's reply lines; errors carry the same
`ERR` codes with the status codes of the TypeScript server (README, "HTTP status codes").
"""

import contextlib
import functools
import socket
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler

from .protocol import E_TOOLONG, MAX_LINE, RequestError, parse

FIB_PATH = "/fib/"
IDLE_TIMEOUT_S = 60  # a connection silent this long (between or within requests) is closed
STATUS = {b"EINVAL": 400, b"ERANGE": 400, b"ETOOLONG": 414, b"EBUSY": 503, b"EINTERNAL": 500}


class _FibHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive by default
    timeout = IDLE_TIMEOUT_S
    # Unbuffered (socket.sendall), with each whole response built first and sent in one write: a
    # buffered writer interrupted by the shutdown signal mid-flush sends its bytes again at close.
    wbufsize = 0
    disable_nagle_algorithm = True
    max_n: int
    compute: Callable[[int], int]

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if not path.startswith(FIB_PATH):
            self._reply(404, b"ERR EINVAL no such path: the resource is /fib/<n>\n")
            return
        # http.server decodes the request line as latin-1: these are the bytes as sent.
        segment = path[len(FIB_PATH) :].encode("latin-1")
        if len(segment) > MAX_LINE:
            self._reply(414, E_TOOLONG)
            return
        try:
            self._reply(200, b"%d\n" % type(self).compute(parse(segment, self.max_n)))
        except RequestError as err:
            self._reply(STATUS[err.reply.split(b" ")[1]], err.reply)

    def _not_allowed(self) -> None:
        body = b"ERR EINVAL method %s not allowed: use GET\n" % self.command.encode("latin-1")
        self._reply(405, body, {"Allow": "GET"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _not_allowed

    def _reply(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        # end_headers(), with the body in the same write (send_header keeps _headers_buffer).
        self._headers_buffer.append(b"\r\n" + body)
        self.flush_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (malformed request, line or head too long), as ERR lines."""
        del explain
        kind = "ETOOLONG" if code in (414, 431) else "EINVAL"
        text = message or HTTPStatus(code).phrase
        self.close_connection = True
        self._reply(
            code, f"ERR {kind} {text}\n".encode("latin-1", "replace"), {"Connection": "close"}
        )

    def log_message(self, format: str, *args: object) -> None:
        pass  # a benchmark server does not log each request


@functools.cache
def _handler(max_n: int, compute: Callable[[int], int]) -> type[_FibHandler]:
    return type("FibHandler", (_FibHandler,), {"max_n": max_n, "compute": staticmethod(compute)})


def serve_http_connection(conn: socket.socket, max_n: int, compute: Callable[[int], int]) -> None:
    """Answer one HTTP client until it closes or idles out. Blocking; requests in order."""
    # OSError: the client went away (reset, broken pipe): just close our end.
    with conn, contextlib.suppress(OSError):
        _handler(max_n, compute)(conn, conn.getpeername(), None)

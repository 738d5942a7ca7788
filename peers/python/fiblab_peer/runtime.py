"""What every mode shares: listening, the readiness line, signals, and serving one connection."""

import os
import signal
import socket
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol

from .http_transport import serve_http_connection
from .protocol import LineFramer, respond

RECV_SIZE = 64 * 1024
_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Options(Protocol):
    host: str
    port: int
    max_n: int


class Shutdown(SystemExit):
    """Raised in the main thread by SIGTERM/SIGINT, even from inside a running fib.

    A SystemExit, so that asyncio lets it leave the event loop (it keeps most other
    exceptions inside the task) and `except Exception` never swallows it.
    """


def install_signal_handlers() -> None:
    def on_signal(signum: int, _frame: object) -> None:
        # Fire once: a second signal must not interrupt the cleanup the first one started.
        # (A no-op handler, not SIG_IGN: CPython raises OSError for a signal that is already
        # pending when its handler becomes SIG_IGN.)
        for sig in _SIGNALS:
            signal.signal(sig, _ignore)
        raise Shutdown(0)

    for sig in _SIGNALS:
        signal.signal(sig, on_signal)


def _ignore(_signum: int, _frame: object) -> None:
    pass


def listen(host: str, port: int) -> socket.socket:
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    # A deep backlog, like the TypeScript servers' connection limit: a sequential server's
    # waiting clients queue here, and 200 at once must not overflow it.
    return socket.create_server((host, port), family=family, backlog=1024)


def announce(variant: str, host: str, ports: Sequence[int], *, multi: bool = False) -> None:
    """Print the one readiness line that launchers wait for."""
    extra = f" ports={','.join(map(str, ports))}" if multi else ""
    line = (
        f"fiblab listening host={host} port={ports[0]}{extra} variant={variant} pid={os.getpid()}"
    )
    if _transport == "http":
        line += " transport=http"
    print(line, flush=True)


@contextmanager
def listening(variant: str, opts: Options) -> Iterator[socket.socket]:
    """A listening socket, announced; closed on the way out."""
    with listen(opts.host, opts.port) as sock:
        announce(variant, opts.host, [sock.getsockname()[1]])
        yield sock


_transport = "tcp"


def use_transport(name: str) -> None:
    """Serve every connection over `name` (tcp: the line protocol; http: http_transport)."""
    global _transport  # noqa: PLW0603 (chosen once, before serving; forked instances inherit it)
    _transport = name


def serve_connection(conn: socket.socket, max_n: int, compute: Callable[[int], int]) -> None:
    """Answer one client over the chosen transport until it leaves."""
    if _transport == "http":
        serve_http_connection(conn, max_n, compute)
    else:
        serve_lines(conn, max_n, compute)


def serve_lines(conn: socket.socket, max_n: int, compute: Callable[[int], int]) -> None:
    """Answer one client until it closes its side. Blocking; one request at a time, in order.

    The replies to one received chunk go out in one send, so pipelined requests cost one
    write; a lone request is answered as soon as it is computed.
    """
    framer = LineFramer()
    with conn:
        try:
            # Replies are whole messages: don't let Nagle hold them (Go's default too).
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            while data := conn.recv(RECV_SIZE):
                replies = [respond(line, max_n, compute) for line in framer.feed(data)]
                if replies:
                    conn.sendall(b"".join(replies))
        except OSError:
            pass  # the client went away (reset, broken pipe): just close our end


def serve_threads(sock: socket.socket, max_n: int, compute: Callable[[int], int]) -> None:
    """Accept forever, one thread per connection."""
    while True:
        conn, _addr = sock.accept()
        # Daemon threads: a shutdown must not wait for a long fib to finish.
        worker = threading.Thread(target=serve_connection, args=(conn, max_n, compute), daemon=True)
        worker.start()

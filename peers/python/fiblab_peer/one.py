"""`one` (seed one_server): one blocking thread serves one connection at a time.

A second client is not even accepted until the first disconnects.
"""

import socket

from .protocol import fib
from .runtime import Options, listening, serve_connection

VARIANT = "py-one"


def serve(sock: socket.socket, max_n: int) -> None:
    while True:
        conn, _addr = sock.accept()
        serve_connection(conn, max_n, fib)


def run(opts: Options) -> int:
    with listening(VARIANT, opts) as sock:
        serve(sock, opts.max_n)
    return 0

"""`thread` (seed thread_server): a thread per connection; the GIL lets one fib run at a time."""

from .protocol import fib
from .runtime import Options, listening, serve_threads

VARIANT = "py-thread"


def run(opts: Options) -> int:
    with listening(VARIANT, opts) as sock:
        serve_threads(sock, opts.max_n, fib)
    return 0

"""Command line: `fibserver.py MODE [--host H] [--port P] [--max-n N] [...]`."""

import argparse
import os
import sys
from collections.abc import Callable

from . import aio, many, one, processes, subinterpreters, threads
from .protocol import DEFAULT_MAX_N, HARD_MAX_N, use_framing
from .runtime import Shutdown, install_signal_handlers, use_transport

# mode -> (seed server, what it shows, how to run it)
MODES: dict[str, tuple[str, str, Callable[[argparse.Namespace], int]]] = {
    "one": ("one_server", "one connection at a time", one.run),
    "thread": ("thread_server", "a thread per connection", threads.run),
    "process": (
        "multiprocess_server",
        "a thread per connection, fib in a process pool",
        lambda a: processes.run(a, a.workers),
    ),
    "async": ("async_server", "asyncio, fib inline on the event loop", aio.run),
    "many": (
        "many_server",
        "N `one` servers in N processes on ports P..P+N-1",
        lambda a: many.run(a, a.instances),
    ),
    "subinterpreters": (
        "subinterpreters_server",
        "a thread per connection, fib in own-GIL subinterpreters (3.12+)",
        lambda a: subinterpreters.run(a, a.workers),
    ),
}
POOL_MODES = ("process", "subinterpreters")
NOT_AVAILABLE = (
    3  # exit status of a mode that cannot run as asked here (as subinterpreters on 3.11)
)
# Modes with no HTTP server in the standard library, and why.
NO_HTTP = {"async": "asyncio has no HTTP server in the standard library"}


def _int_in(low: int, high: int) -> Callable[[str], int]:
    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}, got {value}")
        return value

    return convert


def build_parser() -> argparse.ArgumentParser:
    modes = "\n".join(f"  {name:16} {seed:23} {what}" for name, (seed, what, _) in MODES.items())
    parser = argparse.ArgumentParser(
        prog="fibserver.py",
        description="fiblab's Python peer: naive fib(n) over the fiblab line protocol.",
        epilog=f"modes (variant py-MODE; seed row; what it shows):\n{modes}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument("mode", choices=MODES, metavar="MODE", help="one of: " + ", ".join(MODES))
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=_int_in(0, 65535), default=25000, help="0 picks a free port")
    parser.add_argument(
        "--max-n",
        type=_int_in(0, HARD_MAX_N),
        default=DEFAULT_MAX_N,
        help=f"largest n served ({DEFAULT_MAX_N}; at most {HARD_MAX_N})",
    )
    parser.add_argument(
        "--workers", type=_int_in(1, 1024), help="process, subinterpreters: pool size (CPU count)"
    )
    parser.add_argument("--instances", type=_int_in(1, 64), help="many: number of servers (2)")
    parser.add_argument(
        "--transport",
        choices=("tcp", "http"),
        default="tcp",
        help="tcp: the line protocol; http: HTTP/1.1 GET /fib/N (http.server), not in mode async",
    )
    parser.add_argument(
        "--framing",
        choices=("line", "read"),
        default="line",
        help="tcp: line = requests end in \\n; read = also one request per recv (the talk's)",
    )
    return parser


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.workers is not None and args.mode not in POOL_MODES:
        parser.error("--workers applies only to modes " + " and ".join(POOL_MODES))
    if args.instances is not None and args.mode != "many":
        parser.error("--instances applies only to mode many")
    if args.framing == "read" and args.transport != "tcp":
        parser.error("--framing read applies to --transport tcp only")
    args.workers = args.workers or os.cpu_count() or 1
    args.instances = args.instances or 2
    if args.port and args.port + args.instances - 1 > 65535:
        parser.error("--port + --instances - 1 must be at most 65535")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.transport == "http" and args.mode in NO_HTTP:
        print(f"not available over HTTP: {NO_HTTP[args.mode]}", file=sys.stderr)
        return NOT_AVAILABLE
    use_transport(args.transport)
    use_framing(args.framing)
    try:
        install_signal_handlers()
        return MODES[args.mode][2](args)
    except Shutdown:
        return 0  # SIGTERM/SIGINT: every `with` on the way out has closed what it opened
    except OSError as err:
        print(f"fibserver.py: {err}", file=sys.stderr)
        return 1

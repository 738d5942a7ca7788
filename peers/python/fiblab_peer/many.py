"""`many` (seed many_server): N independent `one` servers in N processes on N ports.

The parent binds every port first (so it knows them all, even with --port 0), forks one child
per socket, announces, and then only waits: on SIGTERM/SIGINT it stops the children.
"""

import contextlib
import multiprocessing
import socket
import sys
import time
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess

from . import one
from .runtime import Options, Shutdown, announce, install_signal_handlers, listen

VARIANT = "py-many"
STOP_TIMEOUT_S = 3.0


def _child(socks: list[socket.socket], index: int, max_n: int) -> None:
    install_signal_handlers()
    for i, other in enumerate(socks):
        if i != index:
            other.close()  # the siblings' sockets: not ours to hold open
    with contextlib.suppress(Shutdown):
        one.serve(socks[index], max_n)


def _stop(children: list[BaseProcess]) -> None:
    for child in children:
        if child.is_alive():
            child.terminate()
    deadline = time.monotonic() + STOP_TIMEOUT_S
    for child in children:
        child.join(max(0.0, deadline - time.monotonic()))
        if child.is_alive():
            child.kill()
            child.join()


def run(opts: Options, instances: int) -> int:
    ports = [0 if opts.port == 0 else opts.port + i for i in range(instances)]
    socks = [listen(opts.host, port) for port in ports]
    # fork: the children need the sockets bound here, and no client is connected yet to leak.
    context = multiprocessing.get_context("fork")
    children: list[BaseProcess] = []
    try:
        for i in range(instances):
            child = context.Process(target=_child, args=(socks, i, opts.max_n), name=f"one-{i}")
            children.append(child)
            child.start()
        actual = [sock.getsockname()[1] for sock in socks]
        for sock in socks:
            sock.close()  # the children own them now
        announce(VARIANT, opts.host, actual, multi=True)
        alive = {child.sentinel: child for child in children}
        while alive:
            for sentinel in wait(list(alive)):
                del alive[sentinel]
        print("fibserver.py: every instance exited", file=sys.stderr)
        return 1
    finally:
        for sock in socks:
            sock.close()
        _stop(children)

"""`process` (seed multiprocess_server): a thread per connection, fib in a process pool.

Parallel despite the GIL, at the price of pickling every request and reply across processes.
"""

import multiprocessing
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing

from .protocol import E_INTERNAL, RequestError, fib
from .runtime import Options, listening, serve_threads

VARIANT = "py-process"


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: the server handles it and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class FibPool:
    """A ProcessPoolExecutor for fib that replaces itself when a worker dies."""

    def __init__(self, workers: int) -> None:
        self._workers = workers
        self._lock = threading.Lock()
        self._closed = False
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        # "spawn", not fork: a forked worker would inherit open client sockets and keep those
        # connections alive after the server closes them.
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(self._workers, mp_context=context, initializer=_worker_init)
        # Start every worker now, so the first requests (and the measurements) see a warm pool.
        list(pool.map(time.sleep, [0.01] * self._workers))
        return pool

    def compute(self, n: int) -> int:
        pool = self._pool
        try:
            return pool.submit(fib, n).result()
        except BrokenProcessPool:
            self._replace(pool)
            raise RequestError(E_INTERNAL) from None

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        # Every request in flight on the broken pool lands here; only the first replaces it.
        with self._lock:
            if self._pool is broken and not self._closed:
                broken.shutdown(wait=False)
                self._pool = self._start()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            pool = self._pool
        # shutdown() would wait for a running fib(40); ProcessPoolExecutor only has a public way
        # to stop workers from 3.14 (terminate_workers), so end them through _processes.
        for proc in list((pool._processes or {}).values()):
            proc.terminate()
        pool.shutdown(wait=True, cancel_futures=True)


def run(opts: Options, workers: int) -> int:
    with closing(FibPool(workers)) as pool, listening(VARIANT, opts) as sock:
        serve_threads(sock, opts.max_n, pool.compute)
    return 0

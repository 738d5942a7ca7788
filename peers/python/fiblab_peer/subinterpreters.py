"""`subinterpreters` (seed subinterpreters_server): a thread per connection, fib in a pool of
subinterpreters that each have their own GIL (CPython 3.12+), so fibs run in parallel in one
process. The API moved in every release: 3.12 `_xxsubinterpreters` and 3.13 `_interpreters`
(private), 3.14 `concurrent.interpreters` (public, PEP 734).
"""

import os
import platform
import queue
import sys
from collections.abc import Callable
from pathlib import Path

from .runtime import Options, listening, serve_threads

VARIANT = "py-subinterpreters"
NOT_AVAILABLE = 3  # exit status when this CPython has no per-interpreter GIL

Runner = Callable[[str], None]  # runs source code in one interpreter's __main__
Handle = tuple[Runner, Callable[[], None]]  # (run, destroy) for one interpreter


def _interpreter_factory() -> Callable[[], Handle] | None:
    """How to make an isolated (own-GIL) interpreter on this CPython, or None."""
    if sys.version_info < (3, 12):
        return None
    try:
        from concurrent import interpreters  # 3.14+

        def new_314() -> Handle:
            interp = interpreters.create()
            return interp.exec, interp.close

        return new_314
    except ImportError:
        pass
    try:
        import _interpreters  # 3.13

        def new_313() -> Handle:
            interp = _interpreters.create("isolated")

            def run(code: str) -> None:
                failure = _interpreters.exec(interp, code)  # returns the error, doesn't raise
                if failure is not None:
                    raise RuntimeError(f"subinterpreter failed: {failure}")

            return run, lambda: _interpreters.destroy(interp)

        return new_313
    except ImportError:
        pass
    try:
        import _xxsubinterpreters as xx  # 3.12

        def new_312() -> Handle:
            interp = xx.create()  # isolated, with its own GIL, by default
            return (lambda code: xx.run_string(interp, code)), lambda: xx.destroy(interp)

        return new_312
    except ImportError:
        return None


class _Interpreter:
    """One subinterpreter with fib imported. Results come back through a pipe, which works the
    same on every version (the shareable channel/queue types differ per release)."""

    def __init__(self, new_interpreter: Callable[[], Handle]) -> None:
        self._run, self._destroy = new_interpreter()
        self._read, self._write = os.pipe()
        package_parent = str(Path(__file__).resolve().parent.parent)
        self._run(
            f"import os, sys\nsys.path.insert(0, {package_parent!r})\n"
            "from fiblab_peer.protocol import fib\n"
        )

    def fib(self, n: int) -> int:
        # n is a validated int, so formatting it into the source is safe.
        self._run(f"os.write({self._write}, b'%d' % fib({n}))")
        return int(os.read(self._read, 64))  # one short write, already complete: one read

    def close(self) -> None:
        self._destroy()
        os.close(self._read)
        os.close(self._write)


class InterpreterPool:
    """Lends each computation an idle interpreter; an interpreter runs one thing at a time."""

    def __init__(self, size: int, new_interpreter: Callable[[], Handle]) -> None:
        self._size = size
        self._idle: queue.SimpleQueue[_Interpreter] = queue.SimpleQueue()
        for _ in range(size):
            self._idle.put(_Interpreter(new_interpreter))

    def compute(self, n: int) -> int:
        interp = self._idle.get()
        try:
            return interp.fib(n)
        finally:
            self._idle.put(interp)

    def close(self) -> None:
        """Destroy every interpreter: CPython 3.12 aborts at exit while one remains. One still
        running a fib can be neither interrupted nor destroyed: then leave at once."""
        for _ in range(self._size):
            try:
                interp = self._idle.get_nowait()
            except queue.Empty:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(0)
            interp.close()


def run(opts: Options, workers: int) -> int:
    new_interpreter = _interpreter_factory()
    if new_interpreter is None:
        print(
            "not available: needs CPython >= 3.12 (per-interpreter GIL); "
            f"this is {platform.python_version()}",
            file=sys.stderr,
        )
        return NOT_AVAILABLE
    pool = InterpreterPool(workers, new_interpreter)
    try:
        with listening(VARIANT, opts) as sock:
            serve_threads(sock, opts.max_n, pool.compute)
    finally:
        pool.close()
    return 0

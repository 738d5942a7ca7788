"""The fiblab line protocol as pure code (no I/O): framing, parsing, replies, and fib itself."""

from collections.abc import Callable
from typing import Final

MAX_LINE = 32  # longest line content in bytes, without its "\n" and one trailing "\r"
HARD_MAX_N = 78  # fib(78) is the largest fib exact as a JS number
DEFAULT_MAX_N = 40

E_INVAL = b"ERR EINVAL expected a non-negative decimal integer\n"
E_TOOLONG = b"ERR ETOOLONG line longer than %d bytes\n" % MAX_LINE
E_INTERNAL = b"ERR EINTERNAL worker died\n"

TOO_LONG: Final = None  # what LineFramer yields for a line over MAX_LINE

_CR = ord("\r")
_framing = "line"  # or "read": one request per recv, as the talk's servers; see use_framing
_HOLD = MAX_LINE + 1  # a line may hold one more byte while it could be the "\r" of "\r\n"


def use_framing(name: str) -> None:
    """Frame every connection's requests by `name`: "line" (each ends in "\\n") or "read"."""
    global _framing  # noqa: PLW0603 (chosen once, before serving; forked instances inherit it)
    _framing = name


def fib(n: int) -> int:
    """The seed's naive exponential recursion on purpose: the CPU work is the point."""
    if n <= 2:
        return 1 if n else 0
    return fib(n - 1) + fib(n - 2)


class RequestError(Exception):
    """A request answered with an error reply; the connection stays usable."""

    def __init__(self, reply: bytes) -> None:
        super().__init__(reply)
        self.reply = reply


class LineFramer:
    """Splits a byte stream into request lines, whatever the chunk boundaries.

    It holds at most MAX_LINE + 1 bytes, so a client that never sends "\\n" cannot grow memory.
    A line is reported as TOO_LONG as soon as it is known to be too long; the rest of
    it, up to and including its "\\n", is then dropped.

    In read framing (use_framing("read"), as the talk's servers do) each feed is one whole read:
    a line it leaves unterminated ends with it, as if a "\\n" followed.
    """

    def __init__(self) -> None:
        self._buf = bytearray()
        self._discarding = False
        self._per_read = _framing == "read"

    def feed(self, data: bytes) -> list[bytes | None]:
        """Return the lines (without "\\n" and one trailing "\\r") completed by data."""
        lines: list[bytes | None] = []
        pos = 0
        while pos < len(data):
            nl = data.find(b"\n", pos)
            end = len(data) if nl < 0 else nl
            if self._discarding:
                self._discarding = nl < 0
            elif end - pos > _HOLD - len(self._buf):
                self._drop_line(discard=nl < 0)
                lines.append(TOO_LONG)
            else:
                self._buf += data[pos:end]
                if nl >= 0:
                    lines.append(self._take_line())
                elif len(self._buf) == _HOLD and self._buf[-1] != _CR:
                    self._drop_line(discard=True)
                    lines.append(TOO_LONG)
            pos = end + 1
        if self._per_read:
            if self._discarding:
                self._discarding = False  # the over-long request was answered; the next read is new
            elif self._buf:
                lines.append(self._take_line())
        return lines

    def _drop_line(self, *, discard: bool) -> None:
        self._buf.clear()
        self._discarding = discard

    def _take_line(self) -> bytes | None:
        line = bytes(self._buf)
        self._buf.clear()
        if line.endswith(b"\r"):
            line = line[:-1]
        return TOO_LONG if len(line) > MAX_LINE else line


def parse(line: bytes, max_n: int) -> int:
    """The n of a request line, or RequestError (EINVAL, ERANGE)."""
    # bytes.isdigit() is ASCII-only and False when empty; int() would also take " 7", "+7", "7_0".
    if not line.isdigit():
        raise RequestError(E_INVAL)
    n = int(line)  # at most 32 digits: cheap however large
    if n > max_n:
        raise RequestError(b"ERR ERANGE n must be at most %d\n" % max_n)
    return n


def respond(line: bytes | None, max_n: int, compute: Callable[[int], int]) -> bytes:
    """The whole reply to one framed line; compute may raise RequestError too (EINTERNAL)."""
    if line is TOO_LONG:
        return E_TOOLONG
    try:
        return b"%d\n" % compute(parse(line, max_n))
    except RequestError as err:
        return err.reply

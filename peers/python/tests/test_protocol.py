"""Table tests of the pure protocol code: `python3 -m unittest discover -s peers/python/tests`."""

import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fiblab_peer.protocol import (
    E_INVAL,
    E_TOOLONG,
    TOO_LONG,
    LineFramer,
    RequestError,
    fib,
    parse,
    respond,
    use_framing,
)

E_RANGE_40 = b"ERR ERANGE n must be at most 40\n"
S32, S33 = b"a" * 32, b"a" * 33
FRAMING = [
    (b"30\n", [b"30"]),
    (b"1\n2\n3\r\n10\n", [b"1", b"2", b"3", b"10"]),
    (b"\n\r\n", [b"", b""]),
    (b"5\r\r\n", [b"5\r"]),  # only one trailing "\r" is stripped
    (b"1\r2\n", [b"1\r2"]),
    (b"5\n6", [b"5"]),  # an unterminated fragment is no request
    (S32 + b"\n", [S32]),
    (S32 + b"\r\n", [S32]),
    (S33 + b"\n7\n", [TOO_LONG, b"7"]),
    (S33, [TOO_LONG]),  # reported before any newline
    (S32 + b"\rx\n7\n", [TOO_LONG, b"7"]),
    (S32 + b"\r\r\n7\n", [TOO_LONG, b"7"]),
    (S33 + b"7\n8\n", [TOO_LONG, b"8"]),  # the rest of a long line is dropped
    (b"z" * (1 << 20) + b"\n5\n", [TOO_LONG, b"5"]),
]


class FramerTest(unittest.TestCase):
    def test_whole_input(self) -> None:
        for data, want in FRAMING:
            with self.subTest(data=data[:40]):
                self.assertEqual(LineFramer().feed(data), want)

    def test_every_split_gives_the_same_lines(self) -> None:
        for data, want in FRAMING:
            if len(data) > 100:
                continue
            for cut in range(len(data) + 1):
                with self.subTest(data=data, cut=cut):
                    framer = LineFramer()
                    self.assertEqual(framer.feed(data[:cut]) + framer.feed(data[cut:]), want)

    def test_byte_at_a_time(self) -> None:
        for data, want in FRAMING:
            if len(data) > 100:
                continue
            framer = LineFramer()
            got = [line for i in range(len(data)) for line in framer.feed(data[i : i + 1])]
            self.assertEqual(got, want, data)

    def test_memory_stays_bounded(self) -> None:
        framer = LineFramer()
        self.assertEqual(framer.feed(b"x" * 100), [TOO_LONG])
        for _ in range(10):
            self.assertEqual(framer.feed(b"x" * 100_000), [])
            self.assertLessEqual(len(framer._buf), 33)
        self.assertEqual(framer.feed(b"\n9\n"), [b"9"])


class ParseTest(unittest.TestCase):
    def test_valid(self) -> None:
        for line, want in [(b"0", 0), (b"30", 30), (b"007", 7), (b"40", 40), (b"0" * 31 + b"5", 5)]:
            self.assertEqual(parse(line, 40), want)

    def test_errors(self) -> None:
        cases = [
            (b"", E_INVAL),
            (b"abc", E_INVAL),
            (b"-1", E_INVAL),
            (b"+1", E_INVAL),
            (b" 7", E_INVAL),
            (b"1_0", E_INVAL),
            ("\u0663".encode(), E_INVAL),
            (b"41", E_RANGE_40),
            (b"9" * 32, E_RANGE_40),
        ]
        for line, reply in cases:
            with self.subTest(line=line), self.assertRaises(RequestError) as caught:
                parse(line, 40)
            self.assertEqual(caught.exception.reply, reply)


class RespondTest(unittest.TestCase):
    def test_replies(self) -> None:
        self.assertEqual(respond(b"30", 40, fib), b"832040\n")
        self.assertEqual(respond(b"x", 40, fib), E_INVAL)
        self.assertEqual(respond(TOO_LONG, 40, fib), E_TOOLONG)
        self.assertEqual(respond(b"78", 78, lambda n: n), b"78\n")

    def test_fib(self) -> None:
        self.assertEqual([fib(n) for n in range(11)], [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55])


if __name__ == "__main__":
    unittest.main()


class ReadFramingTest(unittest.TestCase):
    """--framing read: each feed is one whole recv; what it leaves unterminated ends with it."""

    def setUp(self) -> None:
        use_framing("read")
        self.addCleanup(use_framing, "line")

    def test_each_read(self) -> None:
        cases = [
            ([b"1"], [b"1"]),
            ([b"7\n"], [b"7"]),
            ([b"7\r"], [b"7"]),
            ([b"1\n2\n3"], [b"1", b"2", b"3"]),
            ([b"1 2"], [b"1 2"]),  # then EINVAL: two numbers in one read are refused
            ([b"2", b"5"], [b"2", b"5"]),  # half a number per read: two requests
            ([b"9" * 40, b"5"], [TOO_LONG, b"5"]),  # one ETOOLONG, the next read afresh
            ([b"9" * 33, b"5"], [TOO_LONG, b"5"]),
        ]
        for reads, want in cases:
            framer = LineFramer()
            got = [line for data in reads for line in framer.feed(data)]
            self.assertEqual(got, want, reads)

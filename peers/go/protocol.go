package main

import (
	"bufio"
	"strconv"
)

const (
	maxLine     = 32 // longest line content in bytes, without its '\n' and one trailing '\r'
	hardMaxN    = 78 // fib(78) is the largest fib exact as a JS number
	defaultMaxN = 40

	errInval   = "ERR EINVAL expected a non-negative decimal integer\n"
	errTooLong = "ERR ETOOLONG line longer than 32 bytes\n"
)

// fib is naive exponential recursion on purpose: the CPU work is the point.
func fib(n uint64) uint64 {
	if n <= 2 {
		if n == 0 {
			return 0
		}
		return 1
	}
	return fib(n-1) + fib(n-2)
}

type event int

const (
	noEvent event = iota
	gotLine
	tooLong
)

// framer splits a byte stream into request lines, one byte at a time. It holds at most
// maxLine+1 bytes (the last may be the '\r' of "\r\n"), so a client that never sends '\n'
// cannot grow memory. A line is reported tooLong as soon as it is known to be too long; the
// rest of it, up to and including its '\n', is then dropped.
type framer struct {
	buf        [maxLine + 1]byte
	n          int
	discarding bool
}

// push consumes one byte. With gotLine it returns the line without "\n" and one trailing
// "\r"; the slice is valid until the next push.
func (f *framer) push(c byte) (event, []byte) {
	if f.discarding {
		f.discarding = c != '\n'
		return noEvent, nil
	}
	if c == '\n' {
		line := f.buf[:f.n]
		f.n = 0
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		return gotLine, line
	}
	if f.n == len(f.buf) { // full, ending in '\r', and this byte is not its '\n'
		return f.overflow()
	}
	f.buf[f.n] = c
	f.n++
	if f.n == len(f.buf) && c != '\r' {
		return f.overflow()
	}
	return noEvent, nil
}

// endOfRead ends a read in read framing (the talk's servers: one request per read): a line the
// read left unterminated is a line, as if a '\n' followed; an over-long one, already answered
// tooLong, stops being skipped.
func (f *framer) endOfRead() (event, []byte) {
	if f.discarding {
		f.discarding = false
		return noEvent, nil
	}
	if f.n == 0 {
		return noEvent, nil
	}
	return f.push('\n')
}

func (f *framer) overflow() (event, []byte) {
	f.n = 0
	f.discarding = true
	return tooLong, nil
}

// parseRequest returns n, or the error reply for a line that is not a request for
// fib(n) with 0 <= n <= maxN.
func parseRequest(line []byte, maxN int) (uint64, string) {
	if len(line) == 0 {
		return 0, errInval
	}
	for _, c := range line {
		if c < '0' || c > '9' {
			return 0, errInval
		}
	}
	var n uint64
	for _, c := range line {
		// Stop as soon as n exceeds maxN: 32 digits would overflow uint64.
		if n = n*10 + uint64(c-'0'); n > uint64(maxN) {
			return 0, rangeError(maxN)
		}
	}
	return n, ""
}

func rangeError(maxN int) string {
	return "ERR ERANGE n must be at most " + strconv.Itoa(maxN) + "\n"
}

// writeReply writes the whole reply to one request line.
func writeReply(w *bufio.Writer, line []byte, maxN int) {
	n, errReply := parseRequest(line, maxN)
	if errReply != "" {
		w.WriteString(errReply)
		return
	}
	var digits [20]byte
	w.Write(strconv.AppendUint(digits[:0], fib(n), 10))
	w.WriteByte('\n')
}

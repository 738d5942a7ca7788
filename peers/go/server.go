package main

import (
	"bufio"
	"net"
)

// serveConn answers one client until it closes its side: a goroutine per connection, one
// request at a time, replies in request order. With perRead (--framing read) each read of the
// socket (up to bufio's 4 KiB) also ends a request it leaves unterminated.
func serveConn(conn net.Conn, maxN int, perRead bool) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	w := bufio.NewWriter(conn)
	var f framer
	for {
		// Flush only before a read that would block: pipelined replies share one write.
		if r.Buffered() == 0 && w.Flush() != nil {
			return // the client went away
		}
		c, err := r.ReadByte()
		if err != nil {
			// EOF: every complete request is answered; an unterminated fragment is dropped.
			w.Flush()
			return
		}
		ev, line := f.push(c)
		answer(w, ev, line, maxN)
		if perRead && r.Buffered() == 0 {
			ev, line = f.endOfRead()
			answer(w, ev, line, maxN)
		}
	}
}

func answer(w *bufio.Writer, ev event, line []byte, maxN int) {
	switch ev {
	case gotLine:
		writeReply(w, line, maxN)
	case tooLong:
		w.WriteString(errTooLong)
	}
}

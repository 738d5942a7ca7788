package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const errRange40 = "ERR ERANGE n must be at most 40\n"

func TestFib(t *testing.T) {
	want := []uint64{0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55}
	for n, w := range want {
		if got := fib(uint64(n)); got != w {
			t.Errorf("fib(%d) = %d, want %d", n, got, w)
		}
	}
	if got := fib(30); got != 832040 {
		t.Errorf("fib(30) = %d, want 832040", got)
	}
}

func TestParseRequest(t *testing.T) {
	tests := []struct {
		line    string
		maxN    int
		wantN   uint64
		wantErr string
	}{
		{"0", 40, 0, ""},
		{"30", 40, 30, ""},
		{"007", 40, 7, ""},
		{"40", 40, 40, ""},
		{"78", 78, 78, ""},
		{"41", 40, 0, errRange40},
		{"0", 0, 0, ""},
		{"1", 0, 0, "ERR ERANGE n must be at most 0\n"},
		{strings.Repeat("9", 32), 40, 0, errRange40},     // would overflow uint64
		{strings.Repeat("0", 31) + "5", 40, 5, ""},       // leading zeros
		{strings.Repeat("9", 31) + "x", 40, 0, errInval}, // EINVAL wins over ERANGE
		{"", 40, 0, errInval},
		{"abc", 40, 0, errInval},
		{"-1", 40, 0, errInval},
		{"+1", 40, 0, errInval},
		{" 7", 40, 0, errInval},
		{"7 ", 40, 0, errInval},
		{"1_0", 40, 0, errInval},
		{"1.0", 40, 0, errInval},
		{"\r", 40, 0, errInval},
		{"\u0663", 40, 0, errInval}, // a non-ASCII digit
	}
	for _, tt := range tests {
		n, errReply := parseRequest([]byte(tt.line), tt.maxN)
		if n != tt.wantN || errReply != tt.wantErr {
			t.Errorf("parseRequest(%q, %d) = %d, %q; want %d, %q",
				tt.line, tt.maxN, n, errReply, tt.wantN, tt.wantErr)
		}
	}
}

// frame feeds input to a fresh framer and renders its events: a line as itself, tooLong as "!".
func frame(input string) []string {
	var f framer
	var out []string
	for i := 0; i < len(input); i++ {
		switch ev, line := f.push(input[i]); ev {
		case gotLine:
			out = append(out, string(line))
		case tooLong:
			out = append(out, "!")
		}
	}
	return out
}

func TestFramer(t *testing.T) {
	s32, s33 := strings.Repeat("a", 32), strings.Repeat("a", 33)
	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{"one line", "30\n", []string{"30"}},
		{"pipelined", "1\n2\n3\r\n10\n", []string{"1", "2", "3", "10"}},
		{"empty lines", "\n\r\n", []string{"", ""}},
		{"only one trailing CR stripped", "5\r\r\n", []string{"5\r"}},
		{"inner CR kept", "1\r2\n", []string{"1\r2"}},
		{"unterminated fragment", "5\n6", []string{"5"}},
		{"32 bytes", s32 + "\n", []string{s32}},
		{"32 bytes + CRLF", s32 + "\r\n", []string{s32}},
		{"33 bytes", s33 + "\n7\n", []string{"!", "7"}},
		{"33 bytes, no newline yet", s33, []string{"!"}},
		{"32 bytes + CR + byte", s32 + "\rx\n7\n", []string{"!", "7"}},
		{"32 bytes + CR CR LF", s32 + "\r\r\n7\n", []string{"!", "7"}},
		{"long line dropped to its newline", s33 + "7\n8\n", []string{"!", "8"}},
		{"1 MB line", strings.Repeat("z", 1<<20) + "\n5\n", []string{"!", "5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := frame(tt.input)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
				t.Errorf("frame(%.40q) = %q, want %q", tt.input, got, tt.want)
			}
		})
	}
}

func TestFlags(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr bool
		want    config
	}{
		{nil, false, config{"127.0.0.1", 25000, 40, "tcp", "line"}},
		{[]string{"--host", "::1", "--port", "0", "--max-n", "78"}, false, config{"::1", 0, 78, "tcp", "line"}},
		{[]string{"--transport", "http"}, false, config{"127.0.0.1", 25000, 40, "http", "line"}},
		{[]string{"--framing", "read"}, false, config{"127.0.0.1", 25000, 40, "tcp", "read"}},
		{[]string{"--framing", "bytes"}, true, config{}},
		{[]string{"--framing", "read", "--transport", "http"}, true, config{}},
		{[]string{"--transport", "udp"}, true, config{}},
		{[]string{"--max-n", "79"}, true, config{}},
		{[]string{"--max-n", "-1"}, true, config{}},
		{[]string{"--max-n", "x"}, true, config{}},
		{[]string{"--port", "65536"}, true, config{}},
		{[]string{"--nope"}, true, config{}},
		{[]string{"extra"}, true, config{}},
	}
	for _, tt := range tests {
		cfg, err := parseFlags(tt.args, io.Discard)
		if (err != nil) != tt.wantErr || (!tt.wantErr && cfg != tt.want) {
			t.Errorf("parseFlags(%q) = %+v, %v; want %+v, error %v", tt.args, cfg, err, tt.want, tt.wantErr)
		}
	}
}

// dialServeConn starts serveConn behind a fresh loopback listener and returns a connection to it.
func dialServeConn(t *testing.T) net.Conn {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	// Closed only after the test: closing it now could race the Accept below.
	t.Cleanup(func() { ln.Close() })
	go func() {
		if conn, err := ln.Accept(); err == nil {
			serveConn(conn, defaultMaxN, false)
		}
	}()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	return conn
}

// exchange sends input to serveConn, closes the sending side, and returns everything the
// server wrote before closing.
func exchange(t *testing.T, input string) string {
	t.Helper()
	conn := dialServeConn(t)
	go func() {
		io.Copy(conn, strings.NewReader(input))
		conn.(*net.TCPConn).CloseWrite()
	}()
	got, err := io.ReadAll(bufio.NewReader(conn))
	if err != nil {
		t.Fatal(err)
	}
	return string(got)
}

func TestServeConn(t *testing.T) {
	tests := []struct{ name, input, want string }{
		{"one request", "30\n", "832040\n"},
		{"pipelined, in order", "1\n2\n3\r\n10\n", "1\n1\n2\n55\n"},
		{"errors keep the connection", "abc\n\n-1\n41\n5\n", errInval + errInval + errInval + errRange40 + "5\n"},
		{"1 MB line", strings.Repeat("y", 1<<20) + "\n5\n", errTooLong + "5\n"},
		{"EOF drops the fragment", "5\n6\n7", "5\n8\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exchange(t, tt.input); got != tt.want {
				t.Errorf("got %.80q, want %.80q", got, tt.want)
			}
		})
	}
}

func TestTooLongBeforeNewline(t *testing.T) {
	conn := dialServeConn(t)
	conn.Write(bytes.Repeat([]byte("x"), maxLine+1)) // no newline
	got := make([]byte, len(errTooLong))
	if _, err := io.ReadFull(conn, got); err != nil || string(got) != errTooLong {
		t.Fatalf("got %q, %v; want %q before any newline", got, err, errTooLong)
	}
}

func TestHTTPHandler(t *testing.T) {
	srv := httptest.NewServer(fibHandler(defaultMaxN))
	defer srv.Close()
	tests := []struct {
		method, path string
		status       int
		body         string
	}{
		{"GET", "/fib/30", 200, "832040\n"},
		{"GET", "/fib/30?x=1", 200, "832040\n"},
		{"GET", "/fib/41", 400, errRange40},
		{"GET", "/fib/abc", 400, errInval},
		{"GET", "/fib/%33%30", 400, errInval}, // not percent-decoded: the segment is read as sent
		{"GET", "/fib/" + strings.Repeat("7", 33), 414, errTooLong},
		{"GET", "/", 404, "ERR EINVAL no such path: the resource is /fib/<n>\n"},
		{"POST", "/fib/3", 405, "ERR EINVAL method POST not allowed: use GET\n"},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(tt.method, srv.URL+tt.path, nil)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || string(body) != tt.body || resp.Header.Get("Content-Type") != "text/plain" {
			t.Errorf("%s %s = %d %q (%s), want %d %q", tt.method, tt.path, resp.StatusCode, body,
				resp.Header.Get("Content-Type"), tt.status, tt.body)
		}
	}
}

// TestFramerEndOfRead: in read framing a read ends an unterminated request; a terminated one,
// nothing pending, or an over-long one already answered yields no second reply.
func TestFramerEndOfRead(t *testing.T) {
	tests := []struct {
		read string
		want []string // "tooLong" or the line
	}{
		{"7", []string{"7"}},
		{"7\r", []string{"7"}},
		{"7\n", []string{"7"}},
		{"7\n8", []string{"7", "8"}},
		{"1 2", []string{"1 2"}},
		{strings.Repeat("9", 40), []string{"tooLong"}},
	}
	for _, tt := range tests {
		var f framer
		var got []string
		note := func(ev event, line []byte) {
			switch ev {
			case gotLine:
				got = append(got, string(line))
			case tooLong:
				got = append(got, "tooLong")
			}
		}
		for _, c := range []byte(tt.read) {
			note(f.push(c))
		}
		note(f.endOfRead())
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("read %q: got %q, want %q", tt.read, got, tt.want)
		}
		// The next read starts afresh.
		for _, c := range []byte("5") {
			note(f.push(c))
		}
		got = nil
		note(f.endOfRead())
		if fmt.Sprint(got) != "[5]" {
			t.Errorf("after read %q: next read gave %q", tt.read, got)
		}
	}
}

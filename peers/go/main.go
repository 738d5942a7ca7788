// Command fiblab-go-peer is fiblab's Go reference peer (the seed talk's go_server): naive
// fib(n) over the fiblab line protocol, one goroutine per connection.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

const variant = "go"

type config struct {
	host      string
	port      int
	maxN      int
	transport string
	framing   string
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2 // already reported, with the usage
	}
	// Subscribe before announcing, so a signal right after the readiness line is not lost.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)

	ln, err := net.Listen("tcp", net.JoinHostPort(cfg.host, strconv.Itoa(cfg.port)))
	if err != nil {
		fmt.Fprintln(stderr, "fiblab-go:", err)
		return 1
	}
	port := ln.Addr().(*net.TCPAddr).Port
	if cfg.transport == "http" {
		fmt.Fprintf(stdout, "fiblab listening host=%s port=%d variant=%s pid=%d transport=http\n",
			cfg.host, port, variant, os.Getpid())
		return serveHTTP(ln, cfg.maxN, signals, stderr)
	}
	go func() {
		<-signals
		ln.Close() // ends the accept loop; exiting then ends every connection goroutine
	}()
	fmt.Fprintf(stdout, "fiblab listening host=%s port=%d variant=%s pid=%d\n",
		cfg.host, port, variant, os.Getpid())
	return acceptLoop(ln, cfg.maxN, cfg.framing == "read", stderr)
}

func acceptLoop(ln net.Listener, maxN int, perRead bool, stderr io.Writer) int {
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return 0
		}
		if err != nil {
			// E.g. out of file descriptors: wait a little rather than spin or give up.
			fmt.Fprintln(stderr, "fiblab-go: accept:", err)
			time.Sleep(50 * time.Millisecond)
			continue
		}
		go serveConn(conn, maxN, perRead)
	}
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("fiblab-go", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: fiblab-go [--host H] [--port P] [--max-n N] [--transport tcp|http] [--framing line|read]")
		fmt.Fprintln(stderr, "Serves naive fib(n) over the fiblab line protocol (or HTTP/1.1 GET /fib/N), a goroutine per connection.")
		fs.PrintDefaults()
	}
	var cfg config
	fs.StringVar(&cfg.host, "host", "127.0.0.1", "address to listen on")
	fs.IntVar(&cfg.port, "port", 25000, "port to listen on; 0 picks a free port")
	fs.IntVar(&cfg.maxN, "max-n", defaultMaxN, "largest n served, at most "+strconv.Itoa(hardMaxN))
	fs.StringVar(&cfg.transport, "transport", "tcp", "tcp (the line protocol) or http (net/http, GET /fib/N)")
	fs.StringVar(&cfg.framing, "framing", "line", "tcp: line (requests end in \\n) or read (also one request per read, the talk's clients)")
	if err := fs.Parse(args); err != nil {
		return cfg, err // flag has printed the error and the usage
	}
	var err error
	switch {
	case fs.NArg() > 0:
		err = fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case cfg.port < 0 || cfg.port > 65535:
		err = fmt.Errorf("--port must be from 0 to 65535, got %d", cfg.port)
	case cfg.maxN < 0 || cfg.maxN > hardMaxN:
		err = fmt.Errorf("--max-n must be from 0 to %d, got %d", hardMaxN, cfg.maxN)
	case cfg.transport != "tcp" && cfg.transport != "http":
		err = fmt.Errorf("--transport must be tcp or http, got %q", cfg.transport)
	case cfg.framing != "line" && cfg.framing != "read":
		err = fmt.Errorf("--framing must be line or read, got %q", cfg.framing)
	case cfg.framing == "read" && cfg.transport != "tcp":
		err = fmt.Errorf("--framing read applies to --transport tcp only")
	}
	if err != nil {
		fmt.Fprintln(stderr, "fiblab-go:", err)
		fs.Usage()
	}
	return cfg, err
}

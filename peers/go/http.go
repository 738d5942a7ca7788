package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// The HTTP transport's limits, as the TypeScript server core's defaults.
const (
	headerTimeout   = 10 * time.Second
	idleTimeout     = 60 * time.Second
	shutdownTimeout = 5 * time.Second
	maxHeadBytes    = 16 << 10
	fibPath         = "/fib/"
)

// statusOf maps an error reply's code to its HTTP status (the README's table).
var statusOf = map[string]int{
	"EINVAL":    http.StatusBadRequest,
	"ERANGE":    http.StatusBadRequest,
	"ETOOLONG":  http.StatusRequestURITooLong,
	"EBUSY":     http.StatusServiceUnavailable,
	"EINTERNAL": http.StatusInternalServerError,
}

// fibHandler answers GET /fib/<n> with the line protocol's reply line as a text/plain body, and
// every error with its status and the same ERR line. The n segment is read from the request URI
// as sent (not percent-decoded), exactly as the line protocol reads a line.
func fibHandler(maxN int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path, _, _ := strings.Cut(r.RequestURI, "?")
		if !strings.HasPrefix(path, fibPath) {
			reply(w, http.StatusNotFound, "ERR EINVAL no such path: the resource is /fib/<n>\n")
			return
		}
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", "GET")
			reply(w, http.StatusMethodNotAllowed, "ERR EINVAL method "+r.Method+" not allowed: use GET\n")
			return
		}
		segment := path[len(fibPath):]
		if len(segment) > maxLine {
			reply(w, http.StatusRequestURITooLong, errTooLong)
			return
		}
		n, errReply := parseRequest([]byte(segment), maxN)
		if errReply != "" {
			code, _, _ := strings.Cut(strings.TrimPrefix(errReply, "ERR "), " ")
			reply(w, statusOf[code], errReply)
			return
		}
		reply(w, http.StatusOK, strconv.FormatUint(fib(n), 10)+"\n")
	})
}

func reply(w http.ResponseWriter, status int, body string) {
	h := w.Header()
	h.Set("Content-Type", "text/plain")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// serveHTTP serves HTTP/1.1 keep-alive on ln until a signal arrives, then shuts down gracefully:
// no new connections, idle ones closed, requests in flight answered (with Connection: close),
// for at most shutdownTimeout.
func serveHTTP(ln net.Listener, maxN int, signals <-chan os.Signal, stderr io.Writer) int {
	srv := &http.Server{
		Handler:           fibHandler(maxN),
		ReadHeaderTimeout: headerTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeadBytes,
	}
	stopped := make(chan struct{})
	go func() {
		<-signals
		ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		srv.Shutdown(ctx)
		close(stopped)
	}()
	err := srv.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		<-stopped
		return 0
	}
	fmt.Fprintln(stderr, "fiblab-go: http:", err)
	return 1
}

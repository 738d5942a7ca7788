// Command native-client is a closed-loop client for the fiblab line protocol, in plain Go with a
// blocking socket: the native yardstick that `fiblab load` is compared with (bench/loadgen-ceiling.ts).
//
//	go run ./bench/native-client -port 25000 -n 1 -duration 5s [-warmup 1s]
//
// It prints one JSON line: {"requests":…,"reqPerSec":…,"wrong":…,"durationS":…,"cpuPercent":…},
// cpuPercent being its own CPU time (user + system) over the whole run, as % of one core.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/big"
	"net"
	"os"
	"strconv"
	"syscall"
	"time"
)

// fibReference is the exact fib(n) by iteration, to check every reply against.
func fibReference(n int) string {
	a, b := big.NewInt(0), big.NewInt(1)
	for i := 0; i < n; i++ {
		a.Add(a, b)
		a, b = b, a
	}
	return a.String()
}

func main() {
	host := flag.String("host", "127.0.0.1", "server address")
	port := flag.Int("port", 25000, "server port")
	n := flag.Int("n", 1, "the request to send")
	duration := flag.Duration("duration", 5*time.Second, "measured time")
	warmup := flag.Duration("warmup", time.Second, "time before measuring, not counted")
	flag.Parse()

	conn, err := net.DialTimeout("tcp", net.JoinHostPort(*host, strconv.Itoa(*port)), 5*time.Second)
	if err != nil {
		fmt.Fprintf(os.Stderr, "native-client: %v\n", err)
		os.Exit(1)
	}
	defer conn.Close()
	// Go sets TCP_NODELAY by default; the reader is buffered so a reply is one read syscall.
	reader := bufio.NewReader(conn)
	request := []byte(strconv.Itoa(*n) + "\n")
	expected := []byte(fibReference(*n) + "\n")

	var before syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	start := time.Now()
	measureFrom := start.Add(*warmup)
	measureUntil := measureFrom.Add(*duration)
	requests, wrong := 0, 0
	for {
		if _, err := conn.Write(request); err != nil {
			fmt.Fprintf(os.Stderr, "native-client: write: %v\n", err)
			os.Exit(1)
		}
		line, err := reader.ReadSlice('\n')
		if err != nil {
			fmt.Fprintf(os.Stderr, "native-client: read: %v\n", err)
			os.Exit(1)
		}
		now := time.Now()
		if !bytes.Equal(line, expected) {
			wrong++
		} else if !now.Before(measureFrom) && now.Before(measureUntil) {
			requests++
		}
		if !now.Before(measureUntil) {
			break
		}
	}
	var after syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
	out, _ := json.Marshal(map[string]any{
		"requests":   requests,
		"reqPerSec":  float64(requests) / duration.Seconds(),
		"wrong":      wrong,
		"durationS":  duration.Seconds(),
		"cpuPercent": 100 * cpu.Seconds() / time.Since(start).Seconds(),
	})
	fmt.Println(string(out))
	if wrong > 0 {
		os.Exit(1)
	}
}

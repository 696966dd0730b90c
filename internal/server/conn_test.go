package server

import (
	"bufio"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// limitedServer serves h with test-sized limits on a loopback port and
// returns its address and a function that waits up to d for the server
// to have accepted n connections in all and to hold none, reporting
// whether it came to that.
func limitedServer(t *testing.T, h http.Handler, l Limits) (string, func(n int64, d time.Duration) bool) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewHTTPServer(h, l, log.New(io.Discard, "", 0))
	var open, accepted atomic.Int64
	srv.ConnState = func(c net.Conn, s http.ConnState) {
		switch s {
		case http.StateNew:
			accepted.Add(1)
			open.Add(1)
		case http.StateClosed, http.StateHijacked:
			open.Add(-1)
		}
	}
	go srv.Serve(LimitListener(ln, l.PerAddress))
	t.Cleanup(func() { srv.Close() })
	drained := func(n int64, d time.Duration) bool {
		for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
			if accepted.Load() >= n && open.Load() == 0 {
				return true
			}
		}
		return false
	}
	return ln.Addr().String(), drained
}

// TestConnectionTimeouts: a connection that sends its body slowly, reads
// its answer slowly or sits idle is closed by the server once its timeout
// passes; one address cannot hold more than PerAddress connections.
func TestConnectionTimeouts(t *testing.T) {
	big := strings.Repeat("x", 32<<20)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/big" {
			io.WriteString(w, big)
			return
		}
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, "ok")
	})
	l := Limits{ReadHeader: 300 * time.Millisecond, Read: 500 * time.Millisecond, Write: 500 * time.Millisecond, Idle: 300 * time.Millisecond, PerAddress: 4}
	addr, drained := limitedServer(t, h, l)
	dial := func() net.Conn {
		t.Helper()
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	// Generous bounds: the server must close well within them, and
	// would never close at all without its timeouts.
	const bound = 10 * time.Second

	t.Run("idle", func(t *testing.T) {
		c := dial()
		io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("first request: %v %v", resp, err)
		}
		if !drained(1, bound) {
			t.Error("an idle kept-alive connection was held open")
		}
	})
	t.Run("slow body", func(t *testing.T) {
		c := dial()
		io.WriteString(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly a little")
		if !drained(2, bound) {
			t.Error("a request whose body never arrives was held open")
		}
	})
	t.Run("slow reader", func(t *testing.T) {
		c := dial()
		io.WriteString(c, "GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
		// It never reads: once the kernel's buffers are full, the
		// server's write blocks until its timeout.
		if !drained(3, bound) {
			t.Error("a client that reads nothing held its connection")
		}
	})
	t.Run("per address", func(t *testing.T) {
		var held []net.Conn
		for i := 0; i < l.PerAddress; i++ {
			c := dial()
			io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
			if _, err := http.ReadResponse(bufio.NewReader(c), nil); err != nil {
				t.Fatalf("connection %d: %v", i+1, err)
			}
			held = append(held, c)
		}
		extra := dial()
		io.WriteString(extra, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		extra.SetReadDeadline(time.Now().Add(bound))
		if resp, err := http.ReadResponse(bufio.NewReader(extra), nil); err == nil {
			t.Errorf("connection %d from one address was served (%s); the limit is %d", l.PerAddress+1, resp.Status, l.PerAddress)
		}
		// Once they close, the address may connect again.
		for _, c := range held {
			c.Close()
		}
		deadline := time.Now().Add(bound)
		for {
			c := dial()
			io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
			c.SetReadDeadline(time.Now().Add(bound))
			if _, err := http.ReadResponse(bufio.NewReader(c), nil); err == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the address was still refused after its connections closed")
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}

package server

import (
	"log"
	"net"
	"net/http"
	"sync"
	"time"
)

// Limits bound what one connection may hold of the server: how long it
// may take to send its request, to read the answer, and to sit idle
// between requests, and how many connections one address may keep open.
// Without them a client that sends its body a byte a minute, reads
// nothing, or opens thousands of idle keep-alive connections holds a file
// descriptor and a goroutine each for as long as it likes.
type Limits struct {
	ReadHeader time.Duration // the request's headers
	Read       time.Duration // the whole request, body included
	Write      time.Duration // from the end of the request's headers to the end of the answer
	Idle       time.Duration // between requests on a kept-alive connection
	// PerAddress is how many connections one client address may hold at
	// once (0: no limit); the rest are closed as soon as they are
	// accepted.
	PerAddress int
}

// DefaultLimits suit the server's largest transfers on a slow line: a
// 16 MiB library saved within the read timeout, the widget's wasm (about
// 2 MB compressed) within the write timeout. A contact centre's agents
// often share one address, each browser keeping about six connections.
func DefaultLimits() Limits {
	return Limits{ReadHeader: 10 * time.Second, Read: 60 * time.Second, Write: 120 * time.Second, Idle: 60 * time.Second, PerAddress: 256}
}

// NewHTTPServer is an http.Server for h with l's timeouts. Serve it on
// LimitListener(ln, l.PerAddress).
func NewHTTPServer(h http.Handler, l Limits, logger *log.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.ReadHeader,
		ReadTimeout:       l.Read,
		WriteTimeout:      l.Write,
		IdleTimeout:       l.Idle,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          logger,
	}
}

// LimitListener accepts at most perAddress connections at once from each
// client address (the IP, whatever the port); a connection beyond that is
// closed at once. perAddress <= 0 returns ln itself.
func LimitListener(ln net.Listener, perAddress int) net.Listener {
	if perAddress <= 0 {
		return ln
	}
	return &limitListener{Listener: ln, max: perAddress, open: map[string]int{}}
}

type limitListener struct {
	net.Listener
	max  int
	mu   sync.Mutex
	open map[string]int
}

func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		host, _, err := net.SplitHostPort(c.RemoteAddr().String())
		if err != nil {
			host = c.RemoteAddr().String()
		}
		l.mu.Lock()
		full := l.open[host] >= l.max
		if !full {
			l.open[host]++
		}
		l.mu.Unlock()
		if full {
			c.Close()
			continue
		}
		return &limitConn{Conn: c, l: l, host: host}, nil
	}
}

type limitConn struct {
	net.Conn
	l    *limitListener
	host string
	once sync.Once
}

func (c *limitConn) Close() error {
	c.once.Do(func() {
		c.l.mu.Lock()
		if c.l.open[c.host]--; c.l.open[c.host] <= 0 {
			delete(c.l.open, c.host)
		}
		c.l.mu.Unlock()
	})
	return c.Conn.Close()
}

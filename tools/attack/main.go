// Command attack attacks a Warmdesk server the way a security reviewer
// would, on loopback only, and says what held: it starts `warmdesk serve`
// on 127.0.0.1 with a fresh SQLite database and runs, area by area,
//
//   - xss: script payloads in ticket fields (through the demo's embed
//     API) and in every text of a published library, in the widget and
//     the studio, in headless Chromium: nothing may run, and no page may
//     violate its content security policy;
//   - postmessage: malformed messages to the widget: each gets a
//     bad_message event and the widget keeps working;
//   - signin: bursts of simultaneous wrong passwords: at most 5 checked
//     per account (and 20 per address);
//   - slow: connections that send slowly, read nothing or sit idle, and
//     more connections from one address than allowed: the server closes
//     each within its timeout;
//   - events: a flood of usage events naming every revision: refused
//     cheaply, and counted;
//   - requests: bodies over each route's limit, wrong content types,
//     malformed and deeply nested JSON, invalid UTF-8, paths climbing out
//     of the static files, changes without a session, with a forged one,
//     without the CSRF token or from another site: each refused with its
//     status; and eight saves on one base at once: one wins, no update is
//     lost;
//   - load: clients fetching /library.json while an editor saves and a
//     publisher publishes: throughput, latency percentiles, and no torn
//     library (every body is exactly a stored revision's document);
//   - memory: the server's resident memory throughout.
//
// It prints a table of tried / held / failed per area and exits 1 when
// anything failed. scripts/attack.sh builds the server and runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// result is one area's line of the table.
type result struct {
	area                string
	tried, held, failed int
	note                string
}

type config struct {
	bin, wasm, studioWasm, chromium string
	load                            time.Duration
	clients                         int
	timeouts                        bool // the server takes the timeout flags
	readTimeout, idleTimeout        time.Duration
	writeTimeout                    time.Duration
	maxRSS                          int64 // bytes
	maxP99                          time.Duration
	verbose                         bool
}

func main() {
	var c config
	flag.StringVar(&c.bin, "bin", "", "the warmdesk `binary` to attack (built by scripts/attack.sh)")
	flag.StringVar(&c.wasm, "wasm", "web/app.wasm", "the widget's wasm")
	flag.StringVar(&c.studioWasm, "studio-wasm", "web/studio.wasm", "the studio's wasm")
	flag.StringVar(&c.chromium, "chromium", "", "headless Chromium (default: chromium on the PATH)")
	flag.DurationVar(&c.load, "time", 30*time.Second, "how long the load test runs")
	flag.IntVar(&c.clients, "clients", 50, "clients of the load test")
	flag.BoolVar(&c.timeouts, "timeout-flags", true, "start the server with short timeouts (-read-timeout 3s -write-timeout 5s -idle-timeout 3s); false for a server without those flags")
	flag.Int64Var(&c.maxRSS, "max-rss-mb", 300, "the server's resident memory must stay under this many `MB`")
	flag.DurationVar(&c.maxP99, "max-p99", 500*time.Millisecond, "the load test's 99th percentile for /library.json must stay under this")
	flag.BoolVar(&c.verbose, "v", false, "say what is happening")
	flag.Parse()
	c.readTimeout, c.writeTimeout, c.idleTimeout = 3*time.Second, 5*time.Second, 3*time.Second
	if c.bin == "" {
		fmt.Fprintln(os.Stderr, "attack: -bin is required (scripts/attack.sh builds it)")
		os.Exit(2)
	}
	if c.chromium == "" {
		for _, n := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(n); err == nil {
				c.chromium = p
				break
			}
		}
	}
	results, err := run(c)
	if err != nil {
		fmt.Fprintf(os.Stderr, "attack: %v\n", err)
		os.Exit(2)
	}
	failed := printTable(os.Stdout, results)
	if failed {
		os.Exit(1)
	}
}

func printTable(w io.Writer, rs []result) bool {
	failed := false
	fmt.Fprintf(w, "\n%-12s %7s %7s %7s  %s\n", "area", "tried", "held", "failed", "note")
	fmt.Fprintf(w, "%s\n", strings.Repeat("-", 100))
	for _, r := range rs {
		fmt.Fprintf(w, "%-12s %7d %7d %7d  %s\n", r.area, r.tried, r.held, r.failed, r.note)
		if r.failed > 0 {
			failed = true
		}
	}
	return failed
}

// target is the server under attack.
type target struct {
	c      config
	base   string // http://127.0.0.1:port
	addr   string
	cmd    *exec.Cmd
	log    *syncBuffer
	mem    *memWatch
	logf   func(format string, args ...any)
	admin  string // password of every account
	dbPath string
}

const password = "attack-test password 1"

func run(c config) ([]result, error) {
	dir, err := os.MkdirTemp("", "warmdesk-attack-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	t := &target{c: c, log: &syncBuffer{}, admin: password, dbPath: filepath.Join(dir, "studio.db")}
	t.logf = func(format string, args ...any) {
		if c.verbose {
			log.Printf(format, args...)
		}
	}
	for _, u := range []struct{ name, role string }{{"ada", "admin"}, {"ed", "editor"}, {"pat", "publisher"}, {"victim", "editor"}} {
		cmd := exec.Command(c.bin, "user", "add", u.name, "-role", u.role, "-db", t.dbPath)
		cmd.Stdin = strings.NewReader(password + "\n")
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("adding %s: %v: %s", u.name, err, out)
		}
	}
	if err := t.start(); err != nil {
		return nil, err
	}
	defer t.stop()

	var results []result
	step := func(name string, f func() result) {
		t.logf("%s…", name)
		start := time.Now()
		r := f()
		r.area = name
		t.logf("%s: %d tried, %d held, %d failed (%v) %s", name, r.tried, r.held, r.failed, time.Since(start).Round(time.Millisecond), r.note)
		results = append(results, r)
	}
	// The load test's accounts sign in first: the sign-in bursts lock
	// the address for a while, as they should.
	editor, err := t.signIn("ed")
	if err != nil {
		return nil, err
	}
	publisher, err := t.signIn("pat")
	if err != nil {
		return nil, err
	}
	admin, err := t.signIn("ada")
	if err != nil {
		return nil, err
	}
	step("xss", func() result { return t.xss(admin) })
	step("postmessage", t.postMessages)
	step("load", func() result { return t.loadTest(editor, publisher) })
	step("events", func() result { return t.eventFlood(admin) })
	step("requests", func() result { return t.hostileRequests(admin) })
	step("slow", t.slowClients)
	step("signin", t.signInBursts)
	step("memory", t.mem.result)
	if !t.alive() {
		results = append(results, result{area: "server", tried: 1, failed: 1, note: "the server died: " + t.log.tail(400)})
	}
	return results, nil
}

// start runs the server on a free loopback port and waits for it.
func (t *target) start() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	t.addr = ln.Addr().String()
	ln.Close()
	args := []string{"serve", "-addr", t.addr, "-db", t.dbPath, "-wasm", t.c.wasm, "-studio-wasm", t.c.studioWasm, "-poll", "0"}
	if t.c.timeouts {
		args = append(args, "-read-timeout", t.c.readTimeout.String(), "-write-timeout", t.c.writeTimeout.String(), "-idle-timeout", t.c.idleTimeout.String())
	}
	t.cmd = exec.Command(t.c.bin, args...)
	t.cmd.Stdout, t.cmd.Stderr = t.log, t.log
	if err := t.cmd.Start(); err != nil {
		return err
	}
	t.base = "http://" + t.addr
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(t.base + "/library.json")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) || !t.alive() {
			t.stop()
			return fmt.Errorf("the server did not start: %s", t.log.tail(600))
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.mem = watchMemory(t.cmd.Process.Pid, t.c.maxRSS<<20)
	return nil
}

func (t *target) alive() bool {
	if t.cmd == nil || t.cmd.Process == nil {
		return false
	}
	return t.cmd.ProcessState == nil && t.cmd.Process.Signal(syscallZero()) == nil
}

func (t *target) stop() {
	if t.mem != nil {
		t.mem.stop()
	}
	if t.cmd != nil && t.cmd.Process != nil && t.cmd.ProcessState == nil {
		t.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { t.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.cmd.Process.Kill()
			<-done
		}
	}
}

// syncBuffer collects the server's output.
type syncBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b = append(s.b, p...)
	return len(p), nil
}

func (s *syncBuffer) tail(n int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.b
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// memWatch samples a process's resident memory.
type memWatch struct {
	pid    int
	limit  int64
	mu     sync.Mutex
	peak   int64
	over   int
	n      int
	cancel context.CancelFunc
	done   chan struct{}
}

func watchMemory(pid int, limit int64) *memWatch {
	ctx, cancel := context.WithCancel(context.Background())
	m := &memWatch{pid: pid, limit: limit, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(m.done)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			if rss, ok := residentBytes(pid); ok {
				m.mu.Lock()
				m.n++
				m.peak = max(m.peak, rss)
				if rss >= m.limit {
					m.over++
				}
				m.mu.Unlock()
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	return m
}

func (m *memWatch) stop() {
	m.cancel()
	<-m.done
}

func (m *memWatch) result() result {
	m.mu.Lock()
	defer m.mu.Unlock()
	return result{tried: m.n, held: m.n - m.over, failed: m.over,
		note: fmt.Sprintf("peak resident memory %d MB (limit %d MB), sampled every 100 ms", m.peak>>20, m.limit>>20)}
}

// residentBytes reads VmRSS from /proc.
func residentBytes(pid int) (int64, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(v)
			if len(f) > 0 {
				kb, err := strconv.ParseInt(f[0], 10, 64)
				return kb << 10, err == nil
			}
		}
	}
	return 0, false
}

// cpuSeconds is the CPU time the process has used, from /proc.
func cpuSeconds(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 {
		s = s[i+2:]
	}
	f := strings.Fields(s)
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseFloat(f[11], 64)
	k, _ := strconv.ParseFloat(f[12], 64)
	return (u + k) / 100 // clock ticks, USER_HZ = 100 on Linux
}

package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/warmdesk/warmdesk/internal/usage"

	"github.com/warmdesk/warmdesk/internal/studioapi"
)

// loadTest runs c.clients clients fetching /library.json for c.load while
// an editor saves and a publisher publishes. Every body must be exactly
// the document of the revision its header names (none torn or mixed).
func (t *target) loadTest(editor, publisher *session) result {
	// The clients ask for gzip, as browsers do, but keep the bodies as
	// sent: each distinct body is decoded once, after the test, so the
	// clients' CPU (on the same machine) goes to fetching.
	tr := &http.Transport{MaxIdleConnsPerHost: t.c.clients, MaxConnsPerHost: t.c.clients, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	stop := make(chan struct{})
	var (
		mu        sync.Mutex
		latencies []time.Duration
		seen      = map[int64]map[[32]byte]sentBody{} // by revision, the distinct bodies served
		errs      int
		bad       int
		firstErr  string
		saves     atomic.Int64
		publishes atomic.Int64
		saveFails atomic.Int64
	)
	var wg sync.WaitGroup
	for i := 0; i < t.c.clients; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				start := time.Now()
				req, _ := http.NewRequest("GET", t.base+"/library.json", nil)
				req.Header.Set("Accept-Encoding", "gzip")
				resp, err := client.Do(req)
				var body []byte
				if err == nil {
					body, err = io.ReadAll(resp.Body)
					resp.Body.Close()
				}
				d := time.Since(start)
				mu.Lock()
				switch {
				case err != nil:
					errs++
					if firstErr == "" {
						firstErr = err.Error()
					}
				case resp.StatusCode != 200:
					errs++
					if firstErr == "" {
						firstErr = "HTTP " + strconv.Itoa(resp.StatusCode)
					}
				default:
					latencies = append(latencies, d)
					// Bodies are checked after the test, once per distinct
					// body: the clients spend their CPU on fetching.
					rev, _ := strconv.ParseInt(resp.Header.Get("X-Warmdesk-Revision"), 10, 64)
					if rev <= 0 {
						bad++
					} else {
						if seen[rev] == nil {
							seen[rev] = map[[32]byte]sentBody{}
						}
						if h := sha256.Sum256(body); seen[rev][h].body == nil {
							seen[rev][h] = sentBody{resp.Header.Get("Content-Encoding"), body}
						}
					}
				}
				mu.Unlock()
			}
		}()
	}
	// The editor saves a changed library about twice a second; the
	// publisher publishes the newest every two seconds.
	wg.Add(2)
	go func() {
		defer wg.Done()
		for n := 1; ; n++ {
			select {
			case <-stop:
				return
			case <-time.After(500 * time.Millisecond):
			}
			head, err := editor.head()
			if err != nil {
				saveFails.Add(1)
				continue
			}
			doc, err := retitle(head.Document, fmt.Sprintf("Load test edit %d", n))
			if err != nil {
				saveFails.Add(1)
				continue
			}
			if _, st, err := editor.save(head.ID, doc, "load test"); err != nil || st != 201 {
				saveFails.Add(1)
				continue
			}
			saves.Add(1)
		}
	}()
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Second):
			}
			head, err := publisher.head()
			if err != nil {
				continue
			}
			if st, err := publisher.publish(head.ID); err == nil && (st == 200 || st == 204) {
				publishes.Add(1)
			}
		}
	}()
	time.Sleep(t.c.load)
	close(stop)
	wg.Wait()

	// Every body seen for a revision must be that revision's document.
	torn := 0
	for rev, bodies := range seen {
		var r studioapi.Revision
		st, err := editor.call("GET", fmt.Sprintf("%s%d", studioapi.RevPrefix, rev), nil, &r)
		if err != nil || st != 200 {
			torn += len(bodies)
			continue
		}
		want := canonicalHash(r.Document)
		for _, sent := range bodies {
			body, err := decode(sent)
			if err != nil || !json.Valid(body) || canonicalHash(body) != want {
				torn++
			}
		}
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[int(p*float64(len(latencies)-1))]
	}
	n := len(latencies) + errs
	r := result{tried: n, held: len(latencies) - bad, failed: errs + bad + torn}
	r.note = fmt.Sprintf("%d clients %v: %.0f req/s, p50 %v p95 %v p99 %v; %d saves (%d failed), %d publishes, %d revisions served, %d torn",
		t.c.clients, t.c.load, float64(n)/t.c.load.Seconds(), pct(.5).Round(time.Millisecond), pct(.95).Round(time.Millisecond),
		pct(.99).Round(time.Millisecond), saves.Load(), saveFails.Load(), publishes.Load(), len(seen), torn)
	if p := pct(.99); p > t.c.maxP99 {
		r.failed++
		r.note += fmt.Sprintf("; p99 over %v", t.c.maxP99)
	}
	if saves.Load() == 0 || publishes.Load() == 0 {
		r.failed++
		r.note += "; the editor or the publisher got nothing done"
	}
	if firstErr != "" {
		r.note += "; first error: " + firstErr
	}
	return r
}

// sentBody is a body as the server sent it, in its content coding.
type sentBody struct {
	coding string
	body   []byte
}

func decode(s sentBody) ([]byte, error) {
	switch s.coding {
	case "":
		return s.body, nil
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(s.body))
		if err != nil {
			return nil, err
		}
		return io.ReadAll(zr)
	}
	return nil, fmt.Errorf("unexpected content coding %q", s.coding)
}

// canonicalHash hashes a JSON document without its insignificant white
// space: the studio's API sends a revision's document compacted.
func canonicalHash(doc []byte) [32]byte {
	var b bytes.Buffer
	if err := json.Compact(&b, doc); err != nil {
		return sha256.Sum256(doc)
	}
	return sha256.Sum256(b.Bytes())
}

// retitle changes the first reply's title in a library document.
func retitle(doc []byte, title string) ([]byte, error) {
	var lib map[string]any
	if err := json.Unmarshal(doc, &lib); err != nil {
		return nil, err
	}
	intents, _ := lib["intents"].([]any)
	for _, in := range intents {
		m, _ := in.(map[string]any)
		if rs, _ := m["replies"].([]any); len(rs) > 0 {
			rs[0].(map[string]any)["title"] = title
			break
		}
	}
	return json.Marshal(lib)
}

// eventFlood sends batches of 200 forged events, each naming a different
// revision, from 10 clients at once for up to 10 s, and measures the
// server's CPU time per batch; then valid events beyond the rate.
func (t *target) eventFlood(admin *session) result {
	r := result{}
	pid := t.cmd.Process.Pid
	resp, err := http.Get(t.base + "/library.json")
	if err != nil {
		return result{failed: 1, note: err.Error()}
	}
	var lib struct {
		Intents []struct {
			ID      string `json:"id"`
			Replies []struct {
				ID string `json:"id"`
			} `json:"replies"`
		} `json:"intents"`
	}
	json.NewDecoder(resp.Body).Decode(&lib)
	resp.Body.Close()
	rev, _ := strconv.ParseInt(resp.Header.Get("X-Warmdesk-Revision"), 10, 64)
	if len(lib.Intents) == 0 || len(lib.Intents[0].Replies) == 0 {
		return result{failed: 1, note: "no reply in the published library"}
	}
	intent, reply := lib.Intents[0].ID, lib.Intents[0].Replies[0].ID
	batch := func(forged bool) []byte {
		var b usage.Batch
		for i := 0; i < usage.MaxEventsPerBatch; i++ {
			e := usage.Event{Time: time.Now().UnixMilli(), Kind: "suggested", Revision: rev, Intent: intent, Reply: reply, Rank: 1}
			if forged {
				e.Revision = int64(i + 1)
			}
			b.Events = append(b.Events, e)
		}
		out, _ := json.Marshal(b)
		return out
	}
	post := func(c *http.Client, body []byte) int {
		req, _ := http.NewRequest("POST", t.base+studioapi.Events, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		resp, err := c.Do(req)
		if err != nil {
			return 0
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	forged := batch(true)
	cpu0 := cpuSeconds(pid)
	var batches, stored, checked, limited, broken atomic.Int64
	deadline := time.Now().Add(10 * time.Second)
	var wg sync.WaitGroup
	for w := 0; w < 10; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &http.Client{Timeout: 30 * time.Second}
			for i := 0; i < 20 && time.Now().Before(deadline); i++ {
				batches.Add(1)
				switch st := post(c, forged); st {
				case 204:
					stored.Add(1)
				case 422:
					checked.Add(1)
				case 429:
					limited.Add(1)
				default:
					broken.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	cpu := cpuSeconds(pid) - cpu0
	// Batches over the address's rate cost nothing; the ones checked must
	// cost little too (a library parsed per revision named cost about a
	// second and a half per batch).
	perBatch := cpu / float64(max(1, checked.Load()))
	r.tried += int(batches.Load())
	r.held += int(checked.Load() + limited.Load())
	r.failed += int(stored.Load() + broken.Load())
	const maxPerBatch = 0.05
	if perBatch > maxPerBatch {
		r.failed++
	}
	// Valid events beyond the rate are refused too.
	valid := batch(false)
	c := &http.Client{Timeout: 30 * time.Second}
	rateHeld := false
	for i := 0; i < 30 && !rateHeld; i++ {
		rateHeld = post(c, valid) == 429
	}
	r.tried++
	if rateHeld {
		r.held++
	} else {
		r.failed++
	}
	var u studioapi.UsageReport
	admin.call("GET", studioapi.UsagePath, nil, &u)
	r.tried++
	if u.RefusedEvents > 0 {
		r.held++
	} else {
		r.failed++
	}
	r.note = fmt.Sprintf("%d forged batches of 200 in 10 s: %d checked and refused, %d over the rate, %d stored, %d broken; %.1f ms of server CPU per checked batch (limit %.0f); rate limit %v; the studio counts %d refused events",
		batches.Load(), checked.Load(), limited.Load(), stored.Load(), broken.Load(), perBatch*1000, maxPerBatch*1000, map[bool]string{true: "held", false: "not reached"}[rateHeld], u.RefusedEvents)
	return r
}

// openFDs counts the server's open file descriptors.
func openFDs(pid int) int {
	es, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return -1
	}
	return len(es)
}

// slowClients holds connections the ways a slow or hostile client would
// and checks, by the server's own open descriptors, that it lets go of
// every one within its timeouts; and that one address cannot hold more
// connections than allowed.
func (t *target) slowClients() result {
	r := result{}
	pid := t.cmd.Process.Pid
	time.Sleep(t.c.idleTimeout + time.Second) // earlier areas' idle connections go
	base := openFDs(pid)
	dial := func() net.Conn {
		c, err := net.DialTimeout("tcp", t.addr, 5*time.Second)
		if err != nil {
			return nil
		}
		return c
	}
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	const each = 20
	for i := 0; i < each; i++ {
		// Idle after one request.
		if c := dial(); c != nil {
			fmt.Fprintf(c, "GET /embed.js HTTP/1.1\r\nHost: %s\r\n\r\n", t.addr)
			br := bufio.NewReader(c)
			if resp, err := http.ReadResponse(br, nil); err == nil {
				io.Copy(io.Discard, resp.Body)
			}
			conns = append(conns, c)
		}
		// A body that never arrives.
		if c := dial(); c != nil {
			fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"events\":[", studioapi.Events, t.addr)
			conns = append(conns, c)
		}
		// Headers that never end.
		if c := dial(); c != nil {
			fmt.Fprintf(c, "GET /demo HTTP/1.1\r\nHost: %s\r\nX-Slow: ", t.addr)
			conns = append(conns, c)
		}
		// A big answer never read.
		if c := dial(); c != nil {
			fmt.Fprintf(c, "GET /web/app.wasm HTTP/1.1\r\nHost: %s\r\n\r\n", t.addr)
			conns = append(conns, c)
		}
	}
	held := openFDs(pid) - base
	r.tried = len(conns)
	// The longest timeout is the header's (10 s), then a margin.
	wait := max(10*time.Second, t.c.readTimeout, t.c.writeTimeout, t.c.idleTimeout) + 5*time.Second
	end := time.Now().Add(wait)
	left := held
	for time.Now().Before(end) {
		left = openFDs(pid) - base
		if left <= 2 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	left = max(0, left-2)
	r.failed = min(r.tried, left)
	r.held = r.tried - r.failed
	note := fmt.Sprintf("%d idle, slow-body, slow-header and non-reading connections: the server held %d, and %d after %v", r.tried, held, left, wait)
	for _, c := range conns {
		c.Close()
	}
	conns = nil

	// More connections from one address than allowed (256).
	time.Sleep(time.Second)
	base = openFDs(pid)
	for i := 0; i < 320; i++ {
		if c := dial(); c != nil {
			conns = append(conns, c)
		}
	}
	time.Sleep(time.Second)
	over := openFDs(pid) - base
	r.tried++
	if over > 256+4 {
		r.failed++
		note += fmt.Sprintf("; 320 connections from one address: the server held %d (limit 256)", over)
	} else {
		r.held++
		note += fmt.Sprintf("; 320 connections from one address: the server kept %d", over)
	}
	r.note = note
	return r
}

// signInBursts sends 50 simultaneous wrong passwords to one account, then
// 50 to as many names: the server may check at most 5 per account and 20
// per address, whatever arrives at once.
func (t *target) signInBursts() result {
	r := result{}
	burst := func(name func(i int) string, pw string) map[int]int {
		start := make(chan struct{})
		var mu sync.Mutex
		got := map[int]int{}
		var wg sync.WaitGroup
		for i := 0; i < 50; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := &http.Client{Timeout: 60 * time.Second}
				<-start
				st, _ := t.call(c, "", "POST", studioapi.Login, studioapi.Credentials{Name: name(i), Password: pw}, nil)
				mu.Lock()
				got[st]++
				mu.Unlock()
			}()
		}
		close(start)
		wg.Wait()
		return got
	}
	one := burst(func(int) string { return "victim" }, "wrong password, surely")
	r.tried += 50
	checked := one[401]
	r.failed += max(0, checked-5)
	r.held += 50 - max(0, checked-5)
	locked := burst(func(int) string { return "victim" }, password)
	r.tried++
	if locked[200] > 0 {
		r.failed++
	} else {
		r.held++
	}
	many := burst(func(i int) string { return fmt.Sprintf("guess%d", i) }, "wrong password, surely")
	r.tried += 50
	r.failed += max(0, many[401]-(20-checked))
	r.held += 50 - max(0, many[401]-(20-checked))
	r.note = fmt.Sprintf("one account: %d checked (limit 5), statuses %v; right password after: %v; 50 names from one address: %d checked (limit 20 in all), statuses %v",
		checked, one, locked, many[401], many)
	return r
}

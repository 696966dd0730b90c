package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/warmdesk/warmdesk/internal/studioapi"
)

// hostileRequests sends requests no page of ours sends: bodies over each
// route's limit, bodies that are not JSON or only claim to be, JSON nested
// past the decoder's depth, invalid UTF-8, paths that climb out of the
// static files, and changes without a session, with a forged one, without
// the CSRF token or from another site. Each must get its clear refusal
// (the status listed), and the server must stay up; then eight editors
// save on one base at once, and exactly one save may win (no lost update).
func (t *target) hostileRequests(admin *session) result {
	var r result
	// Nested far past encoding/json's depth limit, and within 64 KiB.
	deep := strings.Repeat("[", 30000) + strings.Repeat("]", 30000)
	big := func(n int) string { return `{"name":"` + strings.Repeat("a", n) + `"}` }
	type tc struct {
		what, method, path, ctype, body string
		auth                            string // "admin", "forged", "nocsrf", "cross" or "" for none
		want                            []int
	}
	cases := []tc{
		{"sign-in over 8 KiB", "POST", studioapi.Login, "application/json", big(9 << 10), "", []int{413}},
		{"events over 64 KiB", "POST", studioapi.Events, "application/json", big(65 << 10), "", []int{413}},
		{"save over 16 MiB", "POST", studioapi.Revisions, "application/json", big(17 << 20), "admin", []int{413}},
		{"new account over 8 KiB", "POST", studioapi.Users, "application/json", big(9 << 10), "admin", []int{413}},
		{"account change over 8 KiB", "PUT", studioapi.UserPrefix + "ed", "application/json", big(9 << 10), "admin", []int{413}},
		{"publish over 1 MiB", "POST", studioapi.RevPrefix + "1/publish", "application/json", big(2 << 20), "admin", []int{413}},
		{"restore over 8 KiB", "POST", studioapi.RevPrefix + "1/restore", "application/json", big(9 << 10), "admin", []int{413}},
		{"save as a form", "POST", studioapi.Revisions, "application/x-www-form-urlencoded", "base=1", "admin", []int{415}},
		{"save as text", "POST", studioapi.Revisions, "text/plain", "{}", "admin", []int{415}},
		{"sign-in as jsonx", "POST", studioapi.Login, "application/jsonx", `{"name":"ada","password":"x"}`, "", []int{415}},
		{"events as text", "POST", studioapi.Events, "text/plain", `{"events":[]}`, "", []int{415}},
		{"save, broken JSON", "POST", studioapi.Revisions, "application/json", `{"base":`, "admin", []int{400}},
		{"save, two objects", "POST", studioapi.Revisions, "application/json", `{"base":1}{"base":2}`, "admin", []int{400}},
		{"save, wrong type", "POST", studioapi.Revisions, "application/json", `{"base":"1"}`, "admin", []int{400}},
		{"save, deep nesting", "POST", studioapi.Revisions, "application/json", `{"base":1,"message":"m","document":` + deep + `}`, "admin", []int{400}},
		{"events, deep nesting", "POST", studioapi.Events, "application/json", `{"events":` + deep + `}`, "", []int{400}},
		{"save, invalid UTF-8", "POST", studioapi.Revisions, "application/json", "{\"base\":1,\"message\":\"\xff\xfe\",\"document\":{}}", "admin", []int{422}},
		{"save, no session", "POST", studioapi.Revisions, "application/json", `{}`, "", []int{401}},
		{"save, forged session", "POST", studioapi.Revisions, "application/json", `{}`, "forged", []int{401}},
		{"new admin, no CSRF token", "POST", studioapi.Users, "application/json", `{"name":"evil","role":"admin","password":"evil password 1"}`, "nocsrf", []int{403}},
		{"new admin, from another site", "POST", studioapi.Users, "application/json", `{"name":"evil","role":"admin","password":"evil password 1"}`, "cross", []int{403}},
		{"remove an account, no CSRF token", "DELETE", studioapi.UserPrefix + "ed", "", "", "nocsrf", []int{403}},
		{"usage, no session", "GET", studioapi.UsagePath, "", "", "", []int{401}},
		{"static file climbing out", "GET", "/web/%2e%2e/%2e%2e/go.mod", "", "", "", []int{404}},
		{"app page climbing out", "GET", "/apps/zendesk/%2e%2e/%2e%2e/go.mod", "", "", "", []int{404}},
		{"static folder listing", "GET", "/web/icons/", "", "", "", []int{404}},
		{"backslashes", "GET", "/web/icons/..%5c..%5cgo.mod", "", "", "", []int{404}},
	}
	plain := &http.Client{Timeout: time.Minute}
	for _, c := range cases {
		r.tried++
		req, err := http.NewRequest(c.method, t.base+c.path, strings.NewReader(c.body))
		if err != nil {
			r.failed++
			continue
		}
		if c.ctype != "" {
			req.Header.Set("Content-Type", c.ctype)
		}
		client := plain
		switch c.auth {
		case "admin", "nocsrf", "cross":
			client = admin.http
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			if c.auth != "nocsrf" {
				req.Header.Set(studioapi.CSRFHeader, admin.csrf)
			}
			if c.auth == "cross" {
				req.Header.Set("Sec-Fetch-Site", "cross-site")
				req.Header.Set("Origin", "https://attacker.example")
			}
		case "forged":
			req.Header.Set("Cookie", "warmdesk_session="+strings.Repeat("A", 43))
			req.Header.Set(studioapi.CSRFHeader, "forged")
		}
		status, err := send(client, req)
		// A body far over the limit may be cut off by the server's close
		// before the client has sent it all: refused either way.
		if err != nil && len(c.body) > 1<<20 && slices.Contains(c.want, 413) {
			status, err = 413, nil
		}
		if err != nil || !slices.Contains(c.want, status) {
			r.failed++
			r.note += fmt.Sprintf("%s: HTTP %d %v (want %v); ", c.what, status, err, c.want)
			continue
		}
		r.held++
	}
	if !t.alive() {
		r.failed++
		r.note += "the server died; "
	}
	// Concurrent saves on one base: one wins, the rest are told of the
	// conflict, and the newest revision is the winner's.
	r.tried++
	if note := t.concurrentSaves(); note != "" {
		r.failed++
		r.note += note
	} else {
		r.held++
	}
	if r.note == "" {
		r.note = "every hostile request refused with its status; 8 saves on one base: 1 saved, 7 told of the conflict"
	}
	return r
}

func send(c *http.Client, req *http.Request) (int, error) {
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// concurrentSaves has eight editors save on the same base at once and
// says what went wrong, or "".
func (t *target) concurrentSaves() string {
	eds := make([]*session, 8)
	for i := range eds {
		s, err := t.signIn("ed")
		if err != nil {
			return "signing in: " + err.Error() + "; "
		}
		eds[i] = s
	}
	head, err := eds[0].head()
	if err != nil {
		return err.Error() + "; "
	}
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		won    []int64
		others []int
	)
	for i, s := range eds {
		wg.Go(func() {
			doc, err := retitle(head.Document, fmt.Sprintf("concurrent save %d", i))
			if err != nil {
				return
			}
			var info studioapi.RevisionInfo
			st, _ := s.call("POST", studioapi.Revisions, studioapi.SaveRequest{Base: head.ID, Document: doc, Message: fmt.Sprintf("save %d", i)}, &info)
			mu.Lock()
			defer mu.Unlock()
			if st == 201 {
				won = append(won, info.ID)
			} else {
				others = append(others, st)
			}
		})
	}
	wg.Wait()
	if len(won) != 1 || slices.ContainsFunc(others, func(s int) bool { return s != 409 }) {
		return fmt.Sprintf("8 saves on one base: %d saved (%v), the others got %v; ", len(won), won, others)
	}
	now, err := eds[0].head()
	if err != nil || now.ID != won[0] || !bytes.Contains(now.Document, []byte("concurrent save")) {
		return fmt.Sprintf("after the saves the newest revision is %d, not the winner's %d; ", now.ID, won[0])
	}
	return ""
}

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"time"

	"github.com/warmdesk/warmdesk/internal/studioapi"
)

// session is a signed-in studio account.
type session struct {
	t    *target
	http *http.Client
	csrf string
}

func (t *target) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 60 * time.Second}
}

// call sends a JSON request as a same-origin page would; out, when not
// nil, receives a JSON answer. It returns the status.
func (t *target) call(c *http.Client, csrf, method, path string, body, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, t.base+path, rd)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", t.base)
	if csrf != "" {
		req.Header.Set(studioapi.CSRFHeader, csrf)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil && len(raw) > 0 && resp.StatusCode < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: %v", method, path, err)
		}
	}
	if resp.StatusCode >= 400 && method != "GET" && path != studioapi.Login && path != studioapi.Events {
		return resp.StatusCode, fmt.Errorf("%s %s: HTTP %d: %.300s", method, path, resp.StatusCode, raw)
	}
	return resp.StatusCode, nil
}

func (t *target) signIn(name string) (*session, error) {
	s := &session{t: t, http: t.client()}
	var me studioapi.Me
	st, err := t.call(s.http, "", "POST", studioapi.Login, studioapi.Credentials{Name: name, Password: password}, &me)
	if err != nil {
		return nil, err
	}
	if st != 200 {
		return nil, fmt.Errorf("signing in as %s: HTTP %d", name, st)
	}
	s.csrf = me.CSRF
	return s, nil
}

func (s *session) call(method, path string, body, out any) (int, error) {
	return s.t.call(s.http, s.csrf, method, path, body, out)
}

// head is the newest revision.
func (s *session) head() (studioapi.Revision, error) {
	var r studioapi.Revision
	st, err := s.call("GET", studioapi.Head, nil, &r)
	if err == nil && st != 200 {
		err = fmt.Errorf("head: HTTP %d", st)
	}
	return r, err
}

// save stores doc on top of base and returns the new revision's id.
func (s *session) save(base int64, doc []byte, message string) (int64, int, error) {
	var info studioapi.RevisionInfo
	st, err := s.call("POST", studioapi.Revisions, studioapi.SaveRequest{Base: base, Document: doc, Message: message}, &info)
	return info.ID, st, err
}

func (s *session) publish(id int64) (int, error) {
	return s.call("POST", fmt.Sprintf("%s%d/publish", studioapi.RevPrefix, id), nil, nil)
}

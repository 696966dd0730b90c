package studio

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/warmdesk/warmdesk/internal/usage"

	"github.com/warmdesk/warmdesk/internal/auth"
	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/internal/studioapi"
	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

var fastParams = auth.Params{Time: 1, Memory: 64, Threads: 1, KeyLen: 32, SaltLen: 16}

const testPassword = "a long enough password"

// env is a studio API served over real HTTP on a real store, with one
// account per role.
type env struct {
	t   *testing.T
	st  store.Store
	srv *httptest.Server
	api *Server
}

func newEnv(t *testing.T, cfg Config) *env {
	t.Helper()
	st := testStore(t)
	if _, err := Seed(context.Background(), st, suggestions.DefaultLibraryJSON(), "warmdesk", "The default library"); err != nil {
		t.Fatal(err)
	}
	return newEnvOn(t, st, cfg)
}

// newEnvOn is newEnv on a store that holds a library already.
func newEnvOn(t *testing.T, st store.Store, cfg Config) *env {
	t.Helper()
	ctx := context.Background()
	for _, u := range []struct {
		name string
		role store.Role
	}{{"ed", store.Editor}, {"eve", store.Editor}, {"pat", store.Publisher}, {"ada", store.Admin}} {
		h, err := auth.HashPassword(testPassword, fastParams)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.AddUser(ctx, store.User{Name: u.name, Role: u.role, PasswordHash: h, Created: time.Now().UTC()}); err != nil {
			t.Fatal(err)
		}
	}
	cfg.Store = st
	cfg.PasswordParams = fastParams
	if cfg.Log == nil {
		cfg.Log = log.New(io.Discard, "", 0)
	}
	api, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(studioapi.Prefix, api)
	mux.HandleFunc("GET /library.json", api.ServeLibrary)
	mux.HandleFunc("GET /library.model", api.ServeModel)
	mux.HandleFunc("GET /library.bin", api.ServeLibraryBinary)
	srv := httptest.NewServer(mux)
	t.Cleanup(func() { srv.Close(); api.Close() })
	return &env{t: t, st: st, srv: srv, api: api}
}

// client is one browser: a cookie jar and the CSRF token of its session.
type client struct {
	e    *env
	http *http.Client
	csrf string
	// headers added to every request (Origin, Sec-Fetch-Site…)
	hdr map[string]string
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, http: &http.Client{Jar: jar}, hdr: map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": e.srv.URL}}
}

// call sends a request and decodes a JSON answer into out (when not nil).
func (c *client) call(method, path string, body any, out any) *http.Response {
	c.e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.e.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.e.srv.URL+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.csrf != "" {
		req.Header.Set(studioapi.CSRFHeader, c.csrf)
	}
	for k, v := range c.hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			c.e.t.Fatalf("%s %s: %d, body not JSON: %v: %.200s", method, path, resp.StatusCode, err, raw)
		}
	}
	if resp.StatusCode >= 400 && resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		c.e.t.Errorf("%s %s: error %d without a JSON body: %q", method, path, resp.StatusCode, raw)
	}
	return resp
}

func (c *client) login(name string) *client {
	c.e.t.Helper()
	var me studioapi.Me
	if r := c.call("POST", studioapi.Login, studioapi.Credentials{Name: name, Password: testPassword}, &me); r.StatusCode != 200 {
		c.e.t.Fatalf("login %s: %d", name, r.StatusCode)
	}
	c.csrf = me.CSRF
	return c
}

func wantStatus(t *testing.T, what string, r *http.Response, want int) {
	t.Helper()
	if r.StatusCode != want {
		t.Errorf("%s: HTTP %d, want %d", what, r.StatusCode, want)
	}
}

func defaultDoc(t *testing.T, edit func(*library.Library)) json.RawMessage {
	t.Helper()
	lib, err := library.ParseLibrary("default", suggestions.DefaultLibraryJSON())
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(lib)
	}
	b, err := lib.MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLoginSessionLogout(t *testing.T) {
	e := newEnv(t, Config{})
	c := e.client()
	var er studioapi.Error
	wantStatus(t, "wrong password", c.call("POST", studioapi.Login, studioapi.Credentials{Name: "ed", Password: "nope nope nope"}, &er), 401)
	wantStatus(t, "unknown account", c.call("POST", studioapi.Login, studioapi.Credentials{Name: "nobody", Password: testPassword}, &er), 401)
	if er.Error != "wrong name or password" {
		t.Errorf("error %q", er.Error)
	}
	wantStatus(t, "me before sign-in", c.call("GET", studioapi.MePath, nil, nil), 401)

	var me studioapi.Me
	r := c.call("POST", studioapi.Login, studioapi.Credentials{Name: "ed", Password: testPassword}, &me)
	wantStatus(t, "login", r, 200)
	if me.Name != "ed" || me.Role != "editor" || len(me.CSRF) < 32 {
		t.Errorf("me %+v", me)
	}
	var ck *http.Cookie
	for _, k := range r.Cookies() {
		if k.Name == auth.CookieName {
			ck = k
		}
	}
	if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Secure || ck.Path != "/" {
		t.Fatalf("session cookie %+v", ck)
	}
	// The store keeps the token's hash, not the token.
	if _, err := e.st.Session(context.Background(), ck.Value); err == nil {
		t.Error("the store finds the session by its raw token")
	}
	if _, err := e.st.Session(context.Background(), auth.HashToken(ck.Value)); err != nil {
		t.Errorf("no session under the token's hash: %v", err)
	}
	c.csrf = me.CSRF
	var me2 studioapi.Me
	wantStatus(t, "me", c.call("GET", studioapi.MePath, nil, &me2), 200)
	if me2 != me {
		t.Errorf("me %+v, want %+v", me2, me)
	}

	// Sign-out ends the session on the server: the old cookie replayed by
	// hand gets 401.
	wantStatus(t, "logout without CSRF", (&client{e: e, http: c.http, hdr: c.hdr}).call("POST", studioapi.Logout, nil, nil), 403)
	wantStatus(t, "logout", c.call("POST", studioapi.Logout, nil, nil), 204)
	req, _ := http.NewRequest("GET", e.srv.URL+studioapi.MePath, nil)
	req.AddCookie(&http.Cookie{Name: auth.CookieName, Value: ck.Value})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	wantStatus(t, "replayed cookie after sign-out", resp, 401)
}

func TestSecureCookieOverTLS(t *testing.T) {
	st := testStore(t)
	api, err := New(Config{Store: st, PasswordParams: fastParams, Log: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	defer api.Close()
	h, _ := auth.HashPassword(testPassword, fastParams)
	st.AddUser(context.Background(), store.User{Name: "ed", Role: store.Editor, PasswordHash: h})
	srv := httptest.NewTLSServer(api)
	defer srv.Close()
	body := strings.NewReader(`{"name":"ed","password":"` + testPassword + `"}`)
	req, _ := http.NewRequest("POST", srv.URL+studioapi.Login, body)
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cs := resp.Cookies()
	if resp.StatusCode != 200 || len(cs) != 1 || cs[0].Name != auth.SecureCookieName || !cs[0].Secure || !cs[0].HttpOnly {
		t.Errorf("TLS login: %d %+v", resp.StatusCode, cs)
	}
}

func TestLoginRateLimit(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	e := newEnv(t, Config{Now: func() time.Time { return now }})
	c := e.client()
	for i := 0; i < 5; i++ {
		wantStatus(t, fmt.Sprintf("failure %d", i+1), c.call("POST", studioapi.Login, studioapi.Credentials{Name: "ed", Password: "wrong wrong wrong"}, nil), 401)
	}
	r := c.call("POST", studioapi.Login, studioapi.Credentials{Name: "ed", Password: testPassword}, nil)
	wantStatus(t, "right password after 5 failures", r, 429)
	if ra := r.Header.Get("Retry-After"); ra != "900" {
		t.Errorf("Retry-After %q, want 900", ra)
	}
	// Another account from the same address still signs in.
	wantStatus(t, "another account", e.client().call("POST", studioapi.Login, studioapi.Credentials{Name: "pat", Password: testPassword}, nil), 200)
	// The address limit: 20 failures over many names.
	for i := 0; i < 20; i++ {
		c.call("POST", studioapi.Login, studioapi.Credentials{Name: fmt.Sprintf("guess%d", i), Password: "wrong wrong wrong"}, nil)
	}
	wantStatus(t, "an unlocked account from a noisy address", c.call("POST", studioapi.Login, studioapi.Credentials{Name: "ada", Password: testPassword}, nil), 429)
	now = now.Add(16 * time.Minute)
	wantStatus(t, "after the window", c.call("POST", studioapi.Login, studioapi.Credentials{Name: "ed", Password: testPassword}, nil), 200)
}

// TestRefusals: unauthenticated, wrong-role and cross-site requests.
func TestRefusals(t *testing.T) {
	e := newEnv(t, Config{})
	anon := e.client()
	ed := e.client().login("ed")
	pat := e.client().login("pat")
	doc := defaultDoc(t, nil)
	routes := []struct {
		method, path string
		body         any
		need         string
	}{
		{"GET", studioapi.MePath, nil, "editor"},
		{"GET", studioapi.Head, nil, "editor"},
		{"GET", studioapi.Revisions, nil, "editor"},
		{"POST", studioapi.Revisions, studioapi.SaveRequest{Base: 1, Document: doc, Message: "x"}, "editor"},
		{"GET", studioapi.RevPrefix + "1", nil, "editor"},
		{"POST", studioapi.RevPrefix + "1/publish", nil, "publisher"},
		{"POST", studioapi.RevPrefix + "1/restore", nil, "publisher"},
		{"GET", studioapi.DiffPath + "?a=1&b=1", nil, "editor"},
		{"GET", studioapi.ReportPath, nil, "editor"},
		{"GET", studioapi.UsagePath, nil, "editor"},
		{"GET", studioapi.Users, nil, "admin"},
		{"POST", studioapi.Users, studioapi.UserChange{Name: "x", Role: "editor", Password: testPassword}, "admin"},
		{"PUT", studioapi.UserPrefix + "ed", studioapi.UserChange{Role: "admin"}, "admin"},
		{"DELETE", studioapi.UserPrefix + "ed", nil, "admin"},
	}
	for _, rt := range routes {
		wantStatus(t, "anonymous "+rt.method+" "+rt.path, anon.call(rt.method, rt.path, rt.body, nil), 401)
		if rt.need == "publisher" || rt.need == "admin" {
			wantStatus(t, "editor "+rt.method+" "+rt.path, ed.call(rt.method, rt.path, rt.body, nil), 403)
		}
		if rt.need == "admin" {
			wantStatus(t, "publisher "+rt.method+" "+rt.path, pat.call(rt.method, rt.path, rt.body, nil), 403)
		}
	}
	save := studioapi.SaveRequest{Base: 1, Document: doc, Message: "cross-site"}
	noToken := &client{e: e, http: ed.http, hdr: ed.hdr}
	wantStatus(t, "save without CSRF token", noToken.call("POST", studioapi.Revisions, save, nil), 403)
	wrong := &client{e: e, http: ed.http, hdr: ed.hdr, csrf: pat.csrf}
	wantStatus(t, "save with another session's token", wrong.call("POST", studioapi.Revisions, save, nil), 403)
	for name, hdr := range map[string]map[string]string{
		"foreign Origin":            {"Origin": "https://evil.example"},
		"Sec-Fetch-Site cross-site": {"Sec-Fetch-Site": "cross-site", "Origin": ""},
	} {
		x := &client{e: e, http: ed.http, csrf: ed.csrf, hdr: map[string]string{}}
		for k, v := range ed.hdr {
			x.hdr[k] = v
		}
		for k, v := range hdr {
			x.hdr[k] = v
		}
		wantStatus(t, name+" save", x.call("POST", studioapi.Revisions, save, nil), 403)
		wantStatus(t, name+" login", x.call("POST", studioapi.Login, studioapi.Credentials{Name: "ed", Password: testPassword}, nil), 403)
		wantStatus(t, name+" events", x.call("POST", studioapi.Events, usage.Batch{}, nil), 403)
	}
	revs, _ := e.st.Revisions(context.Background(), 0)
	if len(revs) != 1 {
		t.Errorf("refused requests stored %d revisions", len(revs)-1)
	}
}

func TestSaveConflictPublishRestore(t *testing.T) {
	e := newEnv(t, Config{})
	ed, eve, pat := e.client().login("ed"), e.client().login("eve"), e.client().login("pat")

	var head studioapi.Revision
	wantStatus(t, "head", ed.call("GET", studioapi.Head, nil, &head), 200)
	if head.ID != 1 || head.Author != "warmdesk" || !head.Live {
		t.Fatalf("seeded head %+v", head.RevisionInfo)
	}

	// Two editors start from revision 1; the first save wins.
	docEd := defaultDoc(t, func(l *library.Library) { l.Intents[0].Replies[0].Title = "Edited by Ed" })
	docEve := defaultDoc(t, func(l *library.Library) { l.Intents[0].Replies[0].Title = "Edited by Eve" })
	var r2 studioapi.RevisionInfo
	wantStatus(t, "ed saves", ed.call("POST", studioapi.Revisions, studioapi.SaveRequest{Base: 1, Document: docEd, Message: "Ed's title"}, &r2), 201)
	if r2.ID != 2 || r2.Base != 1 || r2.Author != "ed" || r2.Live {
		t.Errorf("saved %+v", r2)
	}
	var conflict studioapi.Error
	wantStatus(t, "eve saves from a stale base", eve.call("POST", studioapi.Revisions, studioapi.SaveRequest{Base: 1, Document: docEve, Message: "Eve's title"}, &conflict), 409)
	if conflict.Head == nil || conflict.Head.ID != 2 || conflict.Head.Author != "ed" {
		t.Errorf("409 head %+v", conflict.Head)
	}
	if conflict.Changes == nil || !strings.Contains(conflict.Changes.String(), "Edited by Ed") {
		t.Errorf("409 does not show what changed: %v", conflict.Changes)
	}
	// Nothing lost: revision 2 is Ed's, and Eve can save on top of it.
	var got studioapi.Revision
	ed.call("GET", studioapi.RevPrefix+"2", nil, &got)
	if !bytes.Contains(got.Document, []byte("Edited by Ed")) {
		t.Error("revision 2 lost Ed's edit")
	}
	wantStatus(t, "eve saves on the new head", eve.call("POST", studioapi.Revisions, studioapi.SaveRequest{Base: 2, Document: docEve, Message: "Eve's title"}, nil), 201)

	// Publishing: widgets see revision 1 until revision 3 is published.
	lib := func(etag string) (*http.Response, []byte) {
		return fetch(t, e, "/library.json", "If-None-Match", etag)
	}
	r, body := lib("")
	etag1 := r.Header.Get("ETag")
	if r.Header.Get(RevisionHeader) != "1" || bytes.Contains(body, []byte("Edited by")) {
		t.Errorf("published before publishing: revision %q", r.Header.Get(RevisionHeader))
	}
	if r, _ := lib(etag1); r.StatusCode != 304 {
		t.Errorf("If-None-Match: %d", r.StatusCode)
	}
	wantStatus(t, "editor publishes", ed.call("POST", studioapi.RevPrefix+"3/publish", nil, nil), 403)
	wantStatus(t, "publish a missing revision", pat.call("POST", studioapi.RevPrefix+"99/publish", nil, nil), 404)
	var pub studioapi.RevisionInfo
	wantStatus(t, "publisher publishes", pat.call("POST", studioapi.RevPrefix+"3/publish", nil, &pub), 200)
	if !pub.Live || pub.Published == nil {
		t.Errorf("published %+v", pub)
	}
	r, body = lib(etag1)
	if r.StatusCode != 200 || r.Header.Get(RevisionHeader) != "3" || !bytes.Contains(body, []byte("Edited by Eve")) || r.Header.Get("ETag") == etag1 {
		t.Errorf("after publishing: %d revision %q etag %q", r.StatusCode, r.Header.Get(RevisionHeader), r.Header.Get("ETag"))
	}

	// Restore revision 1 as revision 4: history is kept.
	var r4 studioapi.RevisionInfo
	wantStatus(t, "restore", pat.call("POST", studioapi.RevPrefix+"1/restore", studioapi.RestoreRequest{Base: 3}, &r4), 201)
	if r4.ID != 4 || r4.Message != "Restore revision 1" || r4.Author != "pat" {
		t.Errorf("restored %+v", r4)
	}
	var one, four studioapi.Revision
	pat.call("GET", studioapi.RevPrefix+"1", nil, &one)
	pat.call("GET", studioapi.RevPrefix+"4", nil, &four)
	if !bytes.Equal(one.Document, four.Document) {
		t.Error("revision 4 is not revision 1's document")
	}
	wantStatus(t, "restore from a stale base", pat.call("POST", studioapi.RevPrefix+"2/restore", studioapi.RestoreRequest{Base: 3}, nil), 409)

	var list studioapi.RevisionList
	wantStatus(t, "revisions", ed.call("GET", studioapi.Revisions, nil, &list), 200)
	if list.Head != 4 || list.Published != 3 || len(list.Revisions) != 4 || list.Revisions[0].ID != 4 || !list.Revisions[1].Live {
		t.Errorf("revision list %+v", list)
	}
	var d studioapi.DiffResponse
	wantStatus(t, "diff", ed.call("GET", studioapi.DiffPath+"?a=2&b=3", nil, &d), 200)
	if !strings.Contains(d.Changes.String(), "Edited by Eve") || len(d.Changes.Intents) != 1 {
		t.Errorf("diff 2..3: %s", d.Changes)
	}
	wantStatus(t, "diff of a missing revision", ed.call("GET", studioapi.DiffPath+"?a=2&b=30", nil, nil), 404)
	wantStatus(t, "diff without revisions", ed.call("GET", studioapi.DiffPath, nil, nil), 400)
}

// TestInvalidLibraryRefused: every problem is listed, nothing is stored.
func TestInvalidLibraryRefused(t *testing.T) {
	e := newEnv(t, Config{})
	ed := e.client().login("ed")
	doc := defaultDoc(t, func(l *library.Library) {
		l.Intents[0].ID = ""                                                         // missing id
		l.Intents[1].Phrasings = nil                                                 // no phrasings
		l.Intents[2].Replies[0].Body = "Hello {{name"                                // broken placeholder
		l.Intents[3].Replies = append(l.Intents[3].Replies, l.Intents[3].Replies[0]) // duplicate reply id
	})
	var er studioapi.Error
	wantStatus(t, "invalid library", ed.call("POST", studioapi.Revisions, studioapi.SaveRequest{Base: 1, Document: doc}, &er), 422)
	fields := map[string]bool{}
	for _, p := range er.Problems {
		fields[p.Entry+" "+p.Field] = true
		if p.File == "" || p.Entry == "" || p.Field == "" || p.Message == "" {
			t.Errorf("problem without file, entry, field or message: %+v", p)
		}
	}
	if len(er.Problems) < 5 || !fields["revision message"] {
		t.Errorf("want the four library problems and the missing message, got %d: %+v", len(er.Problems), er.Problems)
	}
	wantStatus(t, "not JSON", ed.call("POST", studioapi.Revisions, map[string]any{"base": 1, "document": "{", "message": "x"}, &er), 422)
	wantStatus(t, "unknown field", ed.call("POST", studioapi.Revisions, map[string]any{"base": 1, "doc": 1}, nil), 400)
	big := studioapi.SaveRequest{Base: 1, Message: "big", Document: json.RawMessage(`"` + strings.Repeat("x", 17<<20) + `"`)}
	wantStatus(t, "too large", ed.call("POST", studioapi.Revisions, big, nil), 413)
	if revs, _ := e.st.Revisions(context.Background(), 0); len(revs) != 1 {
		t.Errorf("%d revisions stored", len(revs))
	}
}

func TestReportInBackground(t *testing.T) {
	e := newEnv(t, Config{})
	ed := e.client().login("ed")
	deadline := time.Now().Add(60 * time.Second)
	var st studioapi.ReportStatus
	for {
		wantStatus(t, "report", ed.call("GET", studioapi.ReportPath, nil, &st), 200)
		if st.State == studioapi.ReportDone || st.State == studioapi.ReportFailed || time.Now().After(deadline) {
			break
		}
		if st.Revision != 1 || (st.State != studioapi.ReportQueued && st.State != studioapi.ReportRunning) {
			t.Fatalf("status %+v", st)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if st.State != studioapi.ReportDone || st.Report == nil || st.Done != st.Total || st.Total == 0 {
		t.Fatalf("report %+v", st)
	}
	// The report is the core's, of the seeded library.
	if st.Report.Totals.Intents == 0 || len(st.Report.Intents) != st.Report.Totals.Intents || st.Report.Accuracy <= 0.5 {
		t.Errorf("report totals %+v accuracy %v", st.Report.Totals, st.Report.Accuracy)
	}
	wantStatus(t, "report of a missing revision", ed.call("GET", studioapi.ReportPath+"?rev=9", nil, nil), 404)
}

func TestUsers(t *testing.T) {
	e := newEnv(t, Config{})
	ada := e.client().login("ada")
	var us []studioapi.User
	wantStatus(t, "list", ada.call("GET", studioapi.Users, nil, &us), 200)
	if len(us) != 4 || us[0].Name != "ada" {
		t.Errorf("users %+v", us)
	}
	var er studioapi.Error
	wantStatus(t, "bad new account", ada.call("POST", studioapi.Users, studioapi.UserChange{Name: "a b", Role: "boss", Password: "short"}, &er), 422)
	if strings.Count(er.Error, ";") != 2 {
		t.Errorf("want three problems: %q", er.Error)
	}
	wantStatus(t, "add", ada.call("POST", studioapi.Users, studioapi.UserChange{Name: "kim", Role: "publisher", Password: "kim's long password"}, nil), 201)
	wantStatus(t, "add twice", ada.call("POST", studioapi.Users, studioapi.UserChange{Name: "kim", Role: "editor", Password: "kim's long password"}, nil), 409)
	kim := e.client()
	wantStatus(t, "kim signs in", kim.call("POST", studioapi.Login, studioapi.Credentials{Name: "kim", Password: "kim's long password"}, nil), 200)
	wantStatus(t, "promote", ada.call("PUT", studioapi.UserPrefix+"kim", studioapi.UserChange{Role: "admin"}, nil), 200)
	if u, _ := e.st.User(context.Background(), "kim"); u.Role != store.Admin {
		t.Errorf("kim is %s", u.Role)
	}
	wantStatus(t, "remove", ada.call("DELETE", studioapi.UserPrefix+"kim", nil, nil), 204)
	wantStatus(t, "kim's session ended", kim.call("GET", studioapi.MePath, nil, nil), 401)
	wantStatus(t, "demote the last admin", ada.call("PUT", studioapi.UserPrefix+"ada", studioapi.UserChange{Role: "editor"}, nil), 409)
	wantStatus(t, "remove the last admin", ada.call("DELETE", studioapi.UserPrefix+"ada", nil, nil), 409)
	wantStatus(t, "change a missing account", ada.call("PUT", studioapi.UserPrefix+"zed", studioapi.UserChange{Role: "editor"}, nil), 404)
}

func TestEventsAndUsage(t *testing.T) {
	now := time.Now().UTC()
	e := newEnv(t, Config{EventRate: 1, EventBurst: 30, Now: func() time.Time { return now }})
	lib, _ := library.ParseLibrary("d", suggestions.DefaultLibraryJSON())
	in0, in1 := lib.Intents[0], lib.Intents[1]
	r0, r1 := in0.Replies[0].ID, in1.Replies[0].ID
	anon := e.client()
	ms := now.UnixMilli()
	batch := usage.Batch{Events: []usage.Event{
		{Time: ms, Kind: "suggested", Revision: 1, Intent: in0.ID, Reply: r0, Rank: 1},
		{Time: ms, Kind: "suggested", Revision: 1, Intent: in1.ID, Reply: r1, Rank: 2},
		{Time: ms, Kind: "inserted", Revision: 1, Intent: in0.ID, Reply: r0, Rank: 1, Edit: 0.1},
		{Time: ms, Kind: "sent", Revision: 1, Intent: in0.ID, Reply: r0, Rank: 1, Edit: 0.8},
		{Time: ms, Kind: "suggested", Revision: 1, Intent: in0.ID, Reply: r0, Rank: 1},
	}}
	wantStatus(t, "events", anon.call("POST", studioapi.Events, batch, nil), 204)
	var er studioapi.Error
	bad := usage.Batch{Events: []usage.Event{
		{Kind: "clicked", Revision: 1, Intent: in0.ID, Reply: r0},
		{Kind: "sent", Revision: 7, Intent: in0.ID, Reply: r0},
		{Kind: "sent", Revision: 1, Intent: in1.ID, Reply: r0, Edit: 2},
		{Kind: "suggested", Revision: 1, Intent: in0.ID, Reply: "no.such.reply", Rank: -1},
	}}
	wantStatus(t, "bad events", anon.call("POST", studioapi.Events, bad, &er), 422)
	if len(er.Problems) != 6 {
		t.Errorf("want 6 problems, got %+v", er.Problems)
	}
	many := usage.Batch{Events: make([]usage.Event, usage.MaxEventsPerBatch+1)}
	wantStatus(t, "too many events", anon.call("POST", studioapi.Events, many, nil), 413)
	wantStatus(t, "empty batch", anon.call("POST", studioapi.Events, usage.Batch{}, nil), 400)
	// The bucket holds 30; 5 + 1 + 1 + 1 are spent.
	wantStatus(t, "over the rate", anon.call("POST", studioapi.Events, usage.Batch{Events: append(append(batch.Events, batch.Events...), append(batch.Events, batch.Events...)...)}, nil), 429)

	ed := e.client().login("ed")
	var u studioapi.UsageReport
	wantStatus(t, "usage", ed.call("GET", studioapi.UsagePath+"?days=7", nil, &u), 200)
	if u.Days != 7 || u.Revision != 1 {
		t.Errorf("usage header %+v", u)
	}
	var got0, got1 *studioapi.ReplyUsage
	replies := 0
	for _, in := range lib.Intents {
		replies += len(in.Replies)
	}
	if len(u.Replies) != replies {
		t.Errorf("%d replies listed, the library has %d", len(u.Replies), replies)
	}
	for i := range u.Replies {
		switch u.Replies[i].Reply {
		case r0:
			got0 = &u.Replies[i]
		case r1:
			got1 = &u.Replies[i]
		}
	}
	// Suggested fewer than MinSuggested times: figures, no verdict.
	if got0 == nil || got0.Suggested != 2 || got0.Inserted != 1 || got0.Sent != 1 || got0.Acceptance != 0.5 || got0.MeanEdit != 0.8 || got0.HeavilyRewritten || got0.NeverPicked || !got0.TooFew {
		t.Errorf("reply %s: %+v", r0, got0)
	}
	if got1 == nil || got1.Suggested != 1 || got1.Inserted != 0 || got1.Acceptance != 0 || got1.MeanEdit != -1 || got1.NeverPicked || got1.HeavilyRewritten || !got1.TooFew {
		t.Errorf("reply %s: %+v", r1, got1)
	}
	if today := now.UTC().Truncate(24 * time.Hour); !u.FirstEvent.Equal(today) || len(got0.Days) != 1 || !got0.Days[0].Day.Equal(today) || got0.Days[0].Suggested != 2 {
		t.Errorf("first event %v, days %+v; want today's", u.FirstEvent, got0.Days)
	}
	if u.Intents[0].Intent != in0.ID || u.Intents[0].Suggested != 2 || u.Intents[0].MeanEdit != 0.8 {
		t.Errorf("intent %+v", u.Intents[0])
	}
	wantStatus(t, "usage days", ed.call("GET", studioapi.UsagePath+"?days=0", nil, nil), 400)
}

func TestSeedOnce(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	for i, want := range []bool{true, false} {
		did, err := Seed(ctx, st, suggestions.DefaultLibraryJSON(), "warmdesk", "The default library")
		if err != nil || did != want {
			t.Fatalf("seed %d: %v %v", i, did, err)
		}
	}
	pub, err := st.Published(ctx)
	if err != nil || pub.ID != 1 || pub.Author != "warmdesk" {
		t.Errorf("published %+v %v", pub.RevisionInfo, err)
	}
	if _, err := Seed(ctx, testStore(t), []byte(`{"format":"x"}`), "warmdesk", "bad"); err == nil {
		t.Error("an invalid seed library was stored")
	}
}

// Only JSON is read: a Content-Type that merely begins like JSON's is
// refused with 415, whatever the route, and JSON with a charset is read.
func TestContentTypeIsJSON(t *testing.T) {
	e := newEnv(t, Config{})
	post := func(path, ctype, body string) int {
		t.Helper()
		req, _ := http.NewRequest("POST", e.srv.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	login := `{"name":"ed","password":"` + testPassword + `"}`
	events := `{"events":[]}`
	for _, ct := range []string{"application/jsonx", "application/json-seq", "application/json/../text", "text/plain; x=application/json"} {
		if got := post(studioapi.Login, ct, login); got != http.StatusUnsupportedMediaType {
			t.Errorf("sign-in as %q: %d, want 415", ct, got)
		}
		if got := post(studioapi.Events, ct, events); got != http.StatusUnsupportedMediaType {
			t.Errorf("events as %q: %d, want 415", ct, got)
		}
	}
	if got := post(studioapi.Login, "application/json; charset=utf-8", login); got != http.StatusOK {
		t.Errorf("sign-in as JSON with a charset: %d, want 200", got)
	}
	if got := post(studioapi.Events, "Application/JSON", events); got != http.StatusBadRequest {
		t.Errorf("an empty batch as Application/JSON: %d, want 400 (read, and found empty)", got)
	}
}

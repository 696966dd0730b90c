package server

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/cmd/internal/studio"
	"github.com/warmdesk/warmdesk/suggestions"
)

func studioServer(t *testing.T, readToken string) *httptest.Server {
	t.Helper()
	st := testStore(t)
	if _, err := studio.Seed(context.Background(), st, suggestions.DefaultLibraryJSON(), "warmdesk", "first"); err != nil {
		t.Fatal(err)
	}
	lg := log.New(io.Discard, "", 0)
	api, err := studio.New(studio.Config{Store: st, Log: lg, ReadToken: readToken})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(api.Close)
	h, err := New(Config{Wasm: []byte("\x00asm fake"), Studio: api, Log: lg})
	if err != nil {
		t.Fatal(err)
	}
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

func body(t *testing.T, r *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestStudioRoutes(t *testing.T) {
	s := studioServer(t, "")
	for _, path := range []string{"/studio", "/studio/login", "/studio/revisions", "/studio/report", "/studio/usage", "/studio/users"} {
		r := get(t, s.URL+path)
		if r.StatusCode != 200 || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s", path, r.StatusCode, r.Header.Get("Content-Type"))
		}
		if csp := r.Header.Get("Content-Security-Policy"); csp != "frame-ancestors 'none'" {
			t.Errorf("%s: CSP %q: the studio must not be framed", path, csp)
		}
	}
	if csp := get(t, s.URL+"/widget").Header.Get("Content-Security-Policy"); csp != "frame-ancestors 'self'" {
		t.Errorf("widget CSP %q", csp)
	}
	if r := get(t, s.URL+"/studio/api/me"); r.StatusCode != 401 || !strings.Contains(body(t, r), `"error"`) {
		t.Errorf("API not mounted: %d", r.StatusCode)
	}
	r := get(t, s.URL+"/library.json")
	if r.StatusCode != 200 || r.Header.Get(studio.RevisionHeader) != "1" || !strings.HasPrefix(r.Header.Get("ETag"), `"r1-`) {
		t.Errorf("library: %d rev %q etag %q", r.StatusCode, r.Header.Get(studio.RevisionHeader), r.Header.Get("ETag"))
	}
	if r := get(t, s.URL+"/library.json?fresh", "If-None-Match", r.Header.Get("ETag")); r.StatusCode != 304 {
		t.Errorf("poll: %d", r.StatusCode)
	}
	js := body(t, get(t, s.URL+"/app.js"))
	for _, want := range []string{`"WARMDESK_LIBRARY_POLL":"30"`, `"WARMDESK_EVENTS_URL":"/studio/api/events"`} {
		if !strings.Contains(js, want) {
			t.Errorf("app.js lacks %s", want)
		}
	}
	if worker := body(t, get(t, s.URL+"/app-worker.js")); !strings.Contains(worker, `"/library.json"`) {
		t.Error("the service worker does not cache the library")
	}
}

func TestStudioReadToken(t *testing.T) {
	s := studioServer(t, "s3cret-token")
	if r := get(t, s.URL+"/library.json"); r.StatusCode != 401 {
		t.Errorf("without the token: %d", r.StatusCode)
	}
	if r := get(t, s.URL+"/library.json", "X-Warmdesk-Token", "wrong"); r.StatusCode != 401 {
		t.Errorf("with a wrong token: %d", r.StatusCode)
	}
	if r := get(t, s.URL+"/library.json", "X-Warmdesk-Token", "s3cret-token"); r.StatusCode != 200 {
		t.Errorf("with the token: %d", r.StatusCode)
	}
	// The worker's install fetch carries no token: it must not try.
	if worker := body(t, get(t, s.URL+"/app-worker.js")); strings.Contains(worker, `"/library.json"`) {
		t.Error("the service worker pre-caches a library that needs a token")
	}
}

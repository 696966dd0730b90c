package server

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/internal/studio"
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
	h, err := New(Config{Wasm: []byte("\x00asm fake"), StudioWasm: WasmFiles{Raw: fakeStudioWasm}, Studio: api, Log: lg})
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
		if csp := r.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "; frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q: the studio must not be framed", path, csp)
		}
	}
	if r := get(t, s.URL+"/studio/"); r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != "/studio" {
		t.Errorf("/studio/: %d to %q, want a redirect to /studio", r.StatusCode, r.Header.Get("Location"))
	}
	if csp := get(t, s.URL+"/widget").Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "; frame-ancestors 'self'") {
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
	// The widget reads the library's binary form: that is what the
	// service worker caches.
	rb := get(t, s.URL+"/library.bin")
	if rb.StatusCode != 200 || rb.Header.Get(studio.RevisionHeader) != "1" || !strings.Contains(rb.Header.Get("ETag"), "-bin") {
		t.Errorf("library.bin: %d rev %q etag %q", rb.StatusCode, rb.Header.Get(studio.RevisionHeader), rb.Header.Get("ETag"))
	}
	if !strings.Contains(js, `"WARMDESK_LIBRARY_URL":"/library.bin"`) {
		t.Error("app.js does not send the widget to /library.bin")
	}
	if worker := body(t, get(t, s.URL+"/app-worker.js")); !strings.Contains(worker, `"/library.bin"`) {
		t.Error("the service worker does not cache the library")
	}
}

// TestStudioHasItsOwnFiles: the studio's pages load the studio's app.js,
// which loads the studio's wasm and registers the studio's service worker
// (scope /studio/); the widget's page loads the widget's. Both have the
// same version and environment (one process environment holds both).
func TestStudioHasItsOwnFiles(t *testing.T) {
	s := studioServer(t, "")
	attr := regexp.MustCompile(`(?:src|href)="(/[^"]*\.(?:js|webmanifest))"`)
	links := func(path string) []string {
		var out []string
		for _, m := range attr.FindAllStringSubmatch(body(t, get(t, s.URL+path)), -1) {
			out = append(out, m[1])
		}
		return out
	}
	for _, c := range []struct {
		page, prefix string
	}{{"/widget", ""}, {"/studio", "/studio"}, {"/studio/login", "/studio"}, {"/studio/report", "/studio"}} {
		want := []string{c.prefix + "/manifest.webmanifest", "/wasm_exec.js", c.prefix + "/app.js"}
		if got := links(c.page); !slices.Equal(got, want) {
			t.Errorf("%s links %v, want %v", c.page, got, want)
		}
	}
	appJS := map[string]string{}
	for _, p := range []string{"", "/studio"} {
		js := body(t, get(t, s.URL+p+"/app.js"))
		if !strings.Contains(js, `register(
        "`+p+`/app-worker.js"`) {
			t.Errorf("%s/app.js does not register %s/app-worker.js", p, p)
		}
		env := regexp.MustCompile(`const goappEnv = (\{.*\});`).FindStringSubmatch(js)
		if env == nil {
			t.Fatalf("%s/app.js has no environment", p)
		}
		appJS[p] = env[1]
	}
	if appJS[""] != appJS["/studio"] || !strings.Contains(appJS[""], `"GOAPP_ROOT_PREFIX":"/"`) {
		t.Errorf("the environments differ:\n%s\n%s", appJS[""], appJS["/studio"])
	}
	for path, want := range map[string]string{"/manifest.webmanifest": `"start_url":"/widget"`, "/studio/manifest.webmanifest": `"start_url":"/studio"`} {
		if m := body(t, get(t, s.URL+path)); !strings.Contains(m, want) {
			t.Errorf("%s: %s, want %s", path, m, want)
		}
	}
	// The studio's worker caches the studio's files, not the widget's page
	// or library.
	worker := body(t, get(t, s.URL+"/studio/app-worker.js"))
	for _, want := range []string{`"/studio/app.js"`, `"/studio/manifest.webmanifest"`, "/web/studio.css"} {
		if !strings.Contains(worker, want) {
			t.Errorf("the studio's worker does not cache %s", want)
		}
	}
	for _, not := range []string{`"/app.js"`, `"/widget"`, `"/library.json"`} {
		if strings.Contains(worker, not) {
			t.Errorf("the studio's worker caches %s", not)
		}
	}
	if r := get(t, s.URL+"/studio/app-worker.js"); !strings.Contains(r.Header.Get("Content-Type"), "javascript") {
		t.Errorf("the studio's worker is sent as %q", r.Header.Get("Content-Type"))
	}
	// The widget's page does not load the studio's styles.
	if w := body(t, get(t, s.URL+"/widget")); strings.Contains(w, "studio.css") || !strings.Contains(w, "widget.css") {
		t.Error("the widget's page loads the studio's styles, or not its own")
	}
}

// TestNoStudioNoStudioPages: a server without a studio (a static export,
// the benchmark) serves neither the studio's pages nor its files.
func TestNoStudioNoStudioPages(t *testing.T) {
	s := testServer(t)
	for _, path := range []string{"/studio", "/studio/login", "/studio/app.js", "/studio/app-worker.js", "/web/studio.wasm", "/studio/api/me"} {
		if r := get(t, s.URL+path); r.StatusCode != 404 {
			t.Errorf("%s: %d without a studio", path, r.StatusCode)
		}
	}
}

// TestStudioNeedsItsWasm: a studio without its WebAssembly is refused
// with a message that says how to build it.
func TestStudioNeedsItsWasm(t *testing.T) {
	api, err := studio.New(studio.Config{Store: testStore(t), Log: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(api.Close)
	_, err = New(Config{Wasm: fakeWasm, Studio: api})
	if err == nil || !strings.Contains(err.Error(), "studio.wasm") {
		t.Errorf("New without the studio's wasm: %v", err)
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
	if r := get(t, s.URL+"/library.bin"); r.StatusCode != 401 {
		t.Errorf("the binary form without the token: %d", r.StatusCode)
	}
	if r := get(t, s.URL+"/library.bin", "X-Warmdesk-Token", "s3cret-token"); r.StatusCode != 200 {
		t.Errorf("the binary form with the token: %d", r.StatusCode)
	}
	// The worker's install fetch carries no token: it must not try.
	if worker := body(t, get(t, s.URL+"/app-worker.js")); strings.Contains(worker, `"/library.bin"`) || strings.Contains(worker, `"/library.model"`) {
		t.Error("the service worker pre-caches a library that needs a token")
	}
}

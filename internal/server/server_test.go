package server

import (
	"bytes"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/internal/codings"
	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/web"
)

func testServer(t *testing.T, origins ...string) *httptest.Server {
	t.Helper()
	h, err := New(Config{Library: suggestions.DefaultLibraryJSON(), Wasm: []byte("\x00asm fake"), AllowOrigins: origins,
		Log: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

func get(t *testing.T, url string, hdr ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestServerRoutes(t *testing.T) {
	s := testServer(t, "https://desk.example.com")
	if r := get(t, s.URL+"/"); r.StatusCode != http.StatusFound || r.Header.Get("Location") != "/demo" {
		t.Errorf("/: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	for path, ctype := range map[string]string{"/demo": "text/html", "/embed.js": "text/javascript", "/library.json": "application/json", "/library.bin": "application/octet-stream",
		"/widget": "text/html", "/widget/": "text/html", "/web/widget.css": "text/css", "/web/icons/icon.svg": "image/svg", "/app-worker.js": "javascript"} {
		r := get(t, s.URL+path)
		if r.StatusCode != 200 || !strings.Contains(r.Header.Get("Content-Type"), ctype) {
			t.Errorf("%s: %d %q", path, r.StatusCode, r.Header.Get("Content-Type"))
		}
	}
	w := get(t, s.URL+"/widget")
	if csp := w.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "; frame-ancestors 'self' https://desk.example.com") {
		t.Errorf("widget CSP %q", csp)
	}
	body, _ := io.ReadAll(w.Body)
	if !strings.Contains(string(body), "Loading the reply library") || strings.Contains(string(body), "raw.githubusercontent") {
		t.Errorf("prerendered widget: %.300s", body)
	}
	// The page starts downloading its wasm from its head, at the versioned
	// URL go-app's loader fetches (the browser test checks the page then
	// fetches it once).
	preload := regexp.MustCompile(`<link rel="preload" href="(/[0-9a-f]{16}/web/app\.wasm)" as="fetch" type="application/wasm" crossorigin="anonymous">`).FindSubmatch(body)
	if preload == nil {
		t.Errorf("the widget page does not preload its wasm: %.600s", body)
	} else if r := get(t, s.URL+string(preload[1])); r.StatusCode != 200 || r.Header.Get("Content-Type") != "application/wasm" {
		t.Errorf("the preloaded wasm %s: %d %q", preload[1], r.StatusCode, r.Header.Get("Content-Type"))
	}
	if r := get(t, s.URL+"/nope"); r.StatusCode != 404 {
		t.Errorf("/nope: %d", r.StatusCode)
	}
	if r := get(t, s.URL+"/web/app.wasm", "Accept-Encoding", "gzip"); r.Header.Get("Content-Encoding") != "gzip" || r.Header.Get("Content-Type") != "application/wasm" {
		t.Errorf("wasm headers %v", r.Header)
	}
}

func TestLibraryETag(t *testing.T) {
	s := testServer(t)
	r := get(t, s.URL+"/library.json")
	etag := r.Header.Get("ETag")
	b, _ := io.ReadAll(r.Body)
	if etag == "" || string(b) != string(suggestions.DefaultLibraryJSON()) {
		t.Fatalf("etag %q, %d bytes", etag, len(b))
	}
	if r := get(t, s.URL+"/library.json", "If-None-Match", etag); r.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET: %d", r.StatusCode)
	}
}

// /library.bin is the served library's binary form, which the widget
// reads: it reads to the same library, with a tag of its own, revalidated
// and compressed like the JSON.
func TestLibraryBinary(t *testing.T) {
	s := testServer(t)
	lib := defaultLibrary(t)
	r := get(t, s.URL+"/library.bin", "Accept-Encoding", "br")
	b, _ := io.ReadAll(r.Body)
	bin, err := codings.Decode(r.Header.Get("Content-Encoding"), b, 1<<30)
	if err != nil || r.StatusCode != 200 || r.Header.Get("Content-Encoding") != "br" {
		t.Fatalf("GET /library.bin: %d, coding %q, %v", r.StatusCode, r.Header.Get("Content-Encoding"), err)
	}
	got, err := library.ReadLibraryBinary(bin)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(library.EncodeLibrary(got), library.EncodeLibrary(lib)) || len(got.Intents) != len(lib.Intents) {
		t.Errorf("/library.bin reads to another library than /library.json (%d intents, want %d)", len(got.Intents), len(lib.Intents))
	}
	etag := r.Header.Get("ETag")
	if etag == "" || etag == get(t, s.URL+"/library.json", "Accept-Encoding", "br").Header.Get("ETag") {
		t.Errorf("ETag %q: the binary form needs a tag of its own", etag)
	}
	if r := get(t, s.URL+"/library.bin", "If-None-Match", etag); r.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET: %d", r.StatusCode)
	}
}

// The library goes compressed as the browser accepts, each coding with its
// own tag, and any of its tags revalidates it.
func TestLibraryCompressed(t *testing.T) {
	s := testServer(t)
	want := suggestions.DefaultLibraryJSON()
	tags := map[string]string{}
	for _, coding := range []string{"br", "gzip", ""} {
		accept := coding
		if coding == "" {
			accept = "identity"
		}
		r := get(t, s.URL+"/library.json", "Accept-Encoding", accept)
		b, _ := io.ReadAll(r.Body)
		got, err := codings.Decode(r.Header.Get("Content-Encoding"), b, 1<<30)
		if r.StatusCode != 200 || r.Header.Get("Content-Encoding") != coding || err != nil || !bytes.Equal(got, want) {
			t.Fatalf("Accept-Encoding %s: %d, coding %q, %d bytes, %v", accept, r.StatusCode, r.Header.Get("Content-Encoding"), len(b), err)
		}
		if coding != "" && len(b)*3 > len(want) {
			t.Errorf("%s: %d bytes for a %d-byte library", coding, len(b), len(want))
		}
		if !strings.Contains(strings.Join(r.Header.Values("Vary"), ","), "Accept-Encoding") {
			t.Errorf("%s: Vary %q", coding, r.Header.Values("Vary"))
		}
		tags[coding] = r.Header.Get("ETag")
	}
	if tags["br"] == tags["gzip"] || tags["br"] == tags[""] {
		t.Errorf("codings share a tag: %v", tags)
	}
	if r := get(t, s.URL+"/library.json", "Accept-Encoding", "gzip", "If-None-Match", tags["br"]); r.StatusCode != http.StatusNotModified {
		t.Errorf("revalidating with the brotli tag over gzip: %d", r.StatusCode)
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	lib := suggestions.DefaultLibraryJSON()
	for name, cfg := range map[string]Config{
		"bad library": {Library: []byte(`{"format":"nope"}`), Wasm: []byte("x")},
		"no wasm":     {Library: lib},
		"bad origin":  {Library: lib, Wasm: []byte("x"), AllowOrigins: []string{"desk.example.com"}},
		"origin path": {Library: lib, Wasm: []byte("x"), AllowOrigins: []string{"https://desk.example.com/app"}},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	got, err := CheckOrigins([]string{"https://Desk.example.com/, http://localhost:8080"})
	if err != nil || len(got) != 2 || got[0] != "https://desk.example.com" {
		t.Errorf("CheckOrigins: %v %v", got, err)
	}
}

// /library.model is what compiling the served library learned: it fits
// that library, it has an ETag, and a widget can compile with it.
func TestLibraryModel(t *testing.T) {
	s := testServer(t)
	r := get(t, s.URL+"/library.model")
	model, _ := io.ReadAll(r.Body)
	etag := r.Header.Get("ETag")
	if r.StatusCode != 200 || r.Header.Get("Content-Type") != "application/octet-stream" || etag == "" || etag == get(t, s.URL+"/library.json").Header.Get("ETag") {
		t.Fatalf("GET /library.model: %d %v", r.StatusCode, r.Header)
	}
	lib := defaultLibrary(t)
	eng, err := suggestions.CompileWithModel(lib, model)
	if err != nil {
		t.Fatalf("the served model does not fit the served library: %v", err)
	}
	if a := eng.Analyze("where is my parcel?", suggestions.AnalyzeOptions{}); len(a.Intents) == 0 || a.OutOfScope {
		t.Fatalf("the engine compiled with the served model finds nothing: %+v", a)
	}
	if r := get(t, s.URL+"/library.model", "If-None-Match", etag); r.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET: %d", r.StatusCode)
	}
}

// TestAppJSLoader checks that the widget's and the studio's app.js are
// go-app's with web/loader.js after it, so that the loader's
// fetchWithProgress is the one that runs, and that the Content-Length
// counts both.
func TestAppJSLoader(t *testing.T) {
	loader, err := fs.ReadFile(web.Files, "loader.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, url string
	}{
		{"widget", testServer(t).URL + "/app.js"},
		{"studio", studioServer(t, "").URL + "/studio/app.js"},
	} {
		r := get(t, c.url)
		body, _ := io.ReadAll(r.Body)
		js := string(body)
		if r.StatusCode != 200 || !strings.Contains(r.Header.Get("Content-Type"), "javascript") {
			t.Fatalf("%s: %d %q", c.name, r.StatusCode, r.Header.Get("Content-Type"))
		}
		if r.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
			t.Errorf("%s: Content-Length %s for %d bytes", c.name, r.Header.Get("Content-Length"), len(body))
		}
		goapp := strings.Index(js, "async function fetchWithProgress")
		ours := strings.LastIndex(js, string(loader))
		if goapp < 0 || !strings.Contains(js, "goappInitWebAssembly") || ours <= goapp || ours+len(loader) != len(js) {
			t.Errorf("%s: app.js is not go-app's loader followed by web/loader.js (go-app's at %d, ours at %d of %d)", c.name, goapp, ours, len(js))
		}
		if n := strings.Count(js, "function fetchWithProgress"); n != 2 {
			t.Errorf("%s: %d definitions of fetchWithProgress, want go-app's and ours", c.name, n)
		}
	}
}

package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/warmdesk/warmdesk/internal/codings"
	"github.com/warmdesk/warmdesk/internal/studio"
	"github.com/warmdesk/warmdesk/suggestions"
)

func compress(t *testing.T, raw []byte, enc string) []byte {
	t.Helper()
	var buf bytes.Buffer
	var w io.WriteCloser
	if enc == "br" {
		w = brotli.NewWriterLevel(&buf, brotli.BestCompression)
	} else {
		w = gzip.NewWriter(&buf)
	}
	w.Write(raw)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decompress(t *testing.T, body []byte, enc string) []byte {
	t.Helper()
	b, err := codings.Decode(enc, body, 1<<30)
	if err != nil {
		t.Fatalf("decoding %s: %v", enc, err)
	}
	return b
}

// A wasm-like body that compresses: the encodings must differ in size.
var fakeWasm = append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("warmdesk widget code "), 4000)...)

// fakeStudioWasm is the studio's, different from the widget's.
var fakeStudioWasm = append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("warmdesk studio pages "), 5000)...)

// precompressedServer serves the widget and the studio, each wasm with
// its brotli and gzip forms.
func precompressedServer(t *testing.T) *httptest.Server {
	t.Helper()
	st := testStore(t)
	if _, err := studio.Seed(context.Background(), st, suggestions.DefaultLibraryJSON(), "warmdesk", "first"); err != nil {
		t.Fatal(err)
	}
	lg := log.New(io.Discard, "", 0)
	api, err := studio.New(studio.Config{Store: st, Log: lg})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(api.Close)
	h, err := New(Config{Wasm: fakeWasm, WasmBrotli: compress(t, fakeWasm, "br"), WasmGzip: compress(t, fakeWasm, "gzip"),
		StudioWasm: WasmFiles{Raw: fakeStudioWasm, Brotli: compress(t, fakeStudioWasm, "br"), Gzip: compress(t, fakeStudioWasm, "gzip")},
		Studio:     api, Log: lg})
	if err != nil {
		t.Fatal(err)
	}
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

// version finds the version go-app puts in static URLs, in the widget page.
func version(t *testing.T, s *httptest.Server) string {
	t.Helper()
	body, _ := io.ReadAll(get(t, s.URL+"/widget").Body)
	m := regexp.MustCompile(`"/([0-9a-f]{16})/web/widget\.css"`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("the widget page names no versioned style sheet: %.400s", body)
	}
	return string(m[1])
}

func TestWasmEncodings(t *testing.T) {
	s := precompressedServer(t)
	v := version(t, s)
	for _, tt := range []struct{ accept, want string }{
		{"gzip, deflate, br, zstd", "br"}, // what Chromium sends
		{"br", "br"},
		{"gzip", "gzip"},
		{"br;q=0, gzip", "gzip"},
		{"BR;q=0.5", "br"},
		{"*", "br"},
		{"gzip;q=0, *;q=0.1", "br"},
		{"identity", ""},
		{"", ""},
		{"br;q=0, gzip;q=0", ""},
	} {
		for name, raw := range map[string][]byte{"app.wasm": fakeWasm, "studio.wasm": fakeStudioWasm} {
			for _, path := range []string{"/web/" + name, "/" + v + "/web/" + name} {
				r := get(t, s.URL+path, "Accept-Encoding", tt.accept)
				body, _ := io.ReadAll(r.Body)
				if r.StatusCode != 200 || r.Header.Get("Content-Encoding") != tt.want {
					t.Errorf("%s with Accept-Encoding %q: %d, Content-Encoding %q, want %q", path, tt.accept, r.StatusCode, r.Header.Get("Content-Encoding"), tt.want)
					continue
				}
				if r.Header.Get("Vary") != "Accept-Encoding" || r.Header.Get("Content-Type") != "application/wasm" {
					t.Errorf("%s: Vary %q, Content-Type %q", path, r.Header.Get("Vary"), r.Header.Get("Content-Type"))
				}
				if !bytes.Equal(decompress(t, body, tt.want), raw) {
					t.Errorf("%s with %q: the body is not %s", path, tt.accept, name)
				}
			}
		}
	}
	for _, name := range []string{"app.wasm", "studio.wasm"} {
		url := s.URL + "/web/" + name
		br := get(t, url, "Accept-Encoding", "br")
		gz := get(t, url, "Accept-Encoding", "gzip")
		raw := get(t, url, "Accept-Encoding", "identity")
		if br.Header.Get("ETag") == gz.Header.Get("ETag") || br.Header.Get("ETag") == "" {
			t.Errorf("%s: brotli and gzip share the tag %q", name, br.Header.Get("ETag"))
		}
		if r := get(t, url, "Accept-Encoding", "br", "If-None-Match", br.Header.Get("ETag")); r.StatusCode != 304 {
			t.Errorf("revalidating the brotli %s: %d", name, r.StatusCode)
		}
		if r := get(t, url, "Accept-Encoding", "gzip", "If-None-Match", br.Header.Get("ETag")); r.StatusCode != 200 {
			t.Errorf("the brotli tag revalidated the gzip %s: %d", name, r.StatusCode)
		}
		if br.ContentLength <= 0 || br.ContentLength >= gz.ContentLength || gz.ContentLength >= raw.ContentLength {
			t.Errorf("%s sizes: brotli %d, gzip %d, raw %d", name, br.ContentLength, gz.ContentLength, raw.ContentLength)
		}
	}
}

func TestVersionedAssetsAreImmutable(t *testing.T) {
	s := precompressedServer(t)
	v := version(t, s)
	for path, want := range map[string]string{
		"/" + v + "/web/app.wasm":       immutable,
		"/" + v + "/web/studio.wasm":    immutable,
		"/" + v + "/web/widget.css":     immutable,
		"/" + v + "/web/studio.css":     immutable,
		"/" + v + "/web/icons/icon.svg": immutable,
		"/web/app.wasm":                 "no-cache",
		"/web/studio.wasm":              "no-cache",
		"/web/widget.css":               "no-cache",
		"/app.wasm":                     "no-cache",
		"/widget":                       "no-cache",
		"/studio/login":                 "no-cache",
		"/studio/app.js":                "no-cache",
		"/library.json":                 "no-cache",
	} {
		r := get(t, s.URL+path)
		if r.StatusCode != 200 || r.Header.Get("Cache-Control") != want {
			t.Errorf("%s: %d, Cache-Control %q, want %q", path, r.StatusCode, r.Header.Get("Cache-Control"), want)
		}
	}
	// Another version is not this content: not served, never cached.
	if r := get(t, s.URL+"/0000000000000000/web/widget.css"); r.StatusCode != 404 || r.Header.Get("Cache-Control") == immutable {
		t.Errorf("another version's style sheet: %d, Cache-Control %q", r.StatusCode, r.Header.Get("Cache-Control"))
	}
	// go-app loads each page's wasm, and its worker caches it, by its
	// versioned URL; neither touches the other's.
	for path, want := range map[string]string{
		"/app.js": "app.wasm", "/app-worker.js": "app.wasm",
		"/studio/app.js": "studio.wasm", "/studio/app-worker.js": "studio.wasm",
	} {
		body, _ := io.ReadAll(get(t, s.URL+path).Body)
		if !strings.Contains(string(body), `"/`+v+"/web/"+want+`"`) {
			t.Errorf("%s does not load the versioned %s", path, want)
		}
		if other := map[string]string{"app.wasm": "studio.wasm", "studio.wasm": "app.wasm"}[want]; strings.Contains(string(body), other) {
			t.Errorf("%s names %s", path, other)
		}
	}
}

func TestReadWasmFiles(t *testing.T) {
	dir := t.TempDir()
	wasm := filepath.Join(dir, "app.wasm")
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := ReadWasmFiles(wasm); err == nil || !strings.Contains(err.Error(), "make wasm") {
		t.Errorf("missing wasm: %v", err)
	}
	write("app.wasm", fakeWasm)
	f, warnings, err := ReadWasmFiles(wasm)
	if err != nil || len(warnings) != 2 || f.Brotli != nil || f.Gzip != nil {
		t.Errorf("no compressed forms: %v, warnings %q", err, warnings)
	}
	write("app.wasm.br", compress(t, fakeWasm, "br"))
	write("app.wasm.gz", compress(t, []byte("an older build"), "gzip"))
	f, warnings, err = ReadWasmFiles(wasm)
	if err != nil || len(f.Brotli) == 0 || f.Gzip != nil || len(warnings) != 1 || !strings.Contains(warnings[0], "app.wasm.gz is not used") {
		t.Errorf("stale gzip: %v, brotli %d bytes, gzip %d bytes, warnings %q", err, len(f.Brotli), len(f.Gzip), warnings)
	}
	write("app.wasm.gz", []byte("not gzip at all"))
	if _, warnings, _ = ReadWasmFiles(wasm); len(warnings) != 1 {
		t.Errorf("corrupt gzip: warnings %q", warnings)
	}
}

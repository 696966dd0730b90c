package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
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
	var r io.Reader = bytes.NewReader(body)
	switch enc {
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decoding %s: %v", enc, err)
	}
	return b
}

// A wasm-like body that compresses: the encodings must differ in size.
var fakeWasm = append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("warmdesk widget code "), 4000)...)

func precompressedServer(t *testing.T) *httptest.Server {
	t.Helper()
	h, err := New(Config{Library: suggestions.DefaultLibraryJSON(), Wasm: fakeWasm,
		WasmBrotli: compress(t, fakeWasm, "br"), WasmGzip: compress(t, fakeWasm, "gzip"), Log: log.New(io.Discard, "", 0)})
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
		for _, path := range []string{"/web/app.wasm", "/" + v + "/web/app.wasm"} {
			r := get(t, s.URL+path, "Accept-Encoding", tt.accept)
			body, _ := io.ReadAll(r.Body)
			if r.StatusCode != 200 || r.Header.Get("Content-Encoding") != tt.want {
				t.Errorf("%s with Accept-Encoding %q: %d, Content-Encoding %q, want %q", path, tt.accept, r.StatusCode, r.Header.Get("Content-Encoding"), tt.want)
				continue
			}
			if r.Header.Get("Vary") != "Accept-Encoding" || r.Header.Get("Content-Type") != "application/wasm" {
				t.Errorf("%s: Vary %q, Content-Type %q", path, r.Header.Get("Vary"), r.Header.Get("Content-Type"))
			}
			if !bytes.Equal(decompress(t, body, tt.want), fakeWasm) {
				t.Errorf("%s with %q: the body is not the wasm", path, tt.accept)
			}
		}
	}
	br := get(t, s.URL+"/web/app.wasm", "Accept-Encoding", "br")
	gz := get(t, s.URL+"/web/app.wasm", "Accept-Encoding", "gzip")
	if br.Header.Get("ETag") == gz.Header.Get("ETag") || br.Header.Get("ETag") == "" {
		t.Errorf("brotli and gzip share the tag %q", br.Header.Get("ETag"))
	}
	if r := get(t, s.URL+"/web/app.wasm", "Accept-Encoding", "br", "If-None-Match", br.Header.Get("ETag")); r.StatusCode != 304 {
		t.Errorf("revalidating the brotli wasm: %d", r.StatusCode)
	}
	if r := get(t, s.URL+"/web/app.wasm", "Accept-Encoding", "gzip", "If-None-Match", br.Header.Get("ETag")); r.StatusCode != 200 {
		t.Errorf("the brotli tag revalidated the gzip wasm: %d", r.StatusCode)
	}
	if br.ContentLength <= 0 || br.ContentLength >= gz.ContentLength || gz.ContentLength >= int64(len(fakeWasm)) {
		t.Errorf("sizes: brotli %d, gzip %d, raw %d", br.ContentLength, gz.ContentLength, len(fakeWasm))
	}
}

func TestVersionedAssetsAreImmutable(t *testing.T) {
	s := precompressedServer(t)
	v := version(t, s)
	for path, want := range map[string]string{
		"/" + v + "/web/app.wasm":       immutable,
		"/" + v + "/web/widget.css":     immutable,
		"/" + v + "/web/icons/icon.svg": immutable,
		"/web/app.wasm":                 "no-cache",
		"/web/widget.css":               "no-cache",
		"/app.wasm":                     "no-cache",
		"/widget":                       "no-cache",
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
	// go-app loads the wasm and the worker caches it by its versioned URL.
	for _, path := range []string{"/app.js", "/app-worker.js"} {
		body, _ := io.ReadAll(get(t, s.URL+path).Body)
		if !strings.Contains(string(body), "/"+v+"/web/app.wasm") {
			t.Errorf("%s does not load the versioned wasm", path)
		}
	}
}

func TestChooseEncodingPrefersBrotli(t *testing.T) {
	for _, tt := range []struct {
		accept string
		have   [2]bool
		want   string
	}{
		{"br, gzip", [2]bool{true, true}, "br"},
		{"br, gzip", [2]bool{false, true}, "gzip"},
		{"br", [2]bool{false, true}, ""},
		{"gzip;q=0.9, br;q=0.1", [2]bool{true, true}, "br"}, // br is smaller whatever the weights
		{"gzip;q=bogus", [2]bool{true, true}, "gzip"},
		{" , ;q=1, gzip ;q=1", [2]bool{true, true}, "gzip"},
	} {
		if got := chooseEncoding(tt.accept, tt.have); got != tt.want {
			t.Errorf("chooseEncoding(%q, %v) = %q, want %q", tt.accept, tt.have, got, tt.want)
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

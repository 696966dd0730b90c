package codings

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

func TestChoosePrefersBrotli(t *testing.T) {
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
		{"br;q=0, gzip", [2]bool{true, true}, "gzip"},
		{"*", [2]bool{true, true}, "br"},
		{"*;q=0, identity", [2]bool{true, true}, ""},
		{"", [2]bool{true, true}, ""},
		{"GZIP", [2]bool{true, true}, "gzip"},
	} {
		if got := Choose(tt.accept, tt.have); got != tt.want {
			t.Errorf("Choose(%q, %v) = %q, want %q", tt.accept, tt.have, got, tt.want)
		}
	}
}

func decode(t *testing.T, coding string, b []byte) []byte {
	t.Helper()
	out, err := Decode(coding, b, 1<<30)
	if err != nil {
		t.Fatalf("%s: %v", coding, err)
	}
	return out
}

func TestDecodeRefuses(t *testing.T) {
	if _, err := Decode("zstd", []byte("x"), 10); err == nil {
		t.Error("an unknown coding decoded")
	}
	if _, err := Decode("gzip", []byte("not gzip"), 10); err == nil {
		t.Error("bytes that are not gzip decoded")
	}
	f := Compress(bytes.Repeat([]byte("ab"), 1000))
	if got, err := Decode("br", f.Brotli, 10); err != nil || len(got) != 10 {
		t.Errorf("limit 10: %d bytes, %v", len(got), err)
	}
}

// Every form decodes to the body, and Pick gives the one the header asks for.
func TestCompressRoundTrip(t *testing.T) {
	raw := suggestions.DefaultLibraryJSON()
	f := Compress(raw)
	if f.Brotli == nil || f.Gzip == nil {
		t.Fatalf("a %d-byte library was not compressed: brotli %d, gzip %d bytes", len(raw), len(f.Brotli), len(f.Gzip))
	}
	if len(f.Brotli) >= len(f.Gzip) || len(f.Gzip)*3 > len(raw) {
		t.Errorf("sizes: raw %d, gzip %d, brotli %d", len(raw), len(f.Gzip), len(f.Brotli))
	}
	for _, tt := range []struct{ accept, want string }{
		{"gzip, deflate, br, zstd", "br"},
		{"gzip", "gzip"},
		{"", ""},
		{"deflate", ""},
	} {
		body, coding := f.Pick(tt.accept)
		if coding != tt.want {
			t.Errorf("Pick(%q) coding %q, want %q", tt.accept, coding, tt.want)
		}
		if !bytes.Equal(decode(t, coding, body), raw) {
			t.Errorf("Pick(%q): the %q form does not decode to the body", tt.accept, coding)
		}
	}
}

// A small body, or one that does not compress, is sent as it is.
func TestCompressKeepsOnlySmallerForms(t *testing.T) {
	small := Compress([]byte(`{"a":1}`))
	if small.Brotli != nil || small.Gzip != nil {
		t.Errorf("a 7-byte body got forms: %+v", small)
	}
	noise := make([]byte, 4096)
	x := uint32(2463534242)
	for i := range noise {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		noise[i] = byte(x)
	}
	f := Compress(noise)
	if f.Brotli != nil || f.Gzip != nil {
		t.Errorf("random bytes got forms of %d and %d bytes for %d", len(f.Brotli), len(f.Gzip), len(noise))
	}
	if body, coding := f.Pick("br, gzip"); coding != "" || !bytes.Equal(body, noise) {
		t.Errorf("Pick gave %q", coding)
	}
}

func TestTagAndMatches(t *testing.T) {
	etag := `"r3-abc"`
	if got := Tag(etag, "br"); got != `"r3-abc-br"` {
		t.Errorf("Tag br = %s", got)
	}
	if got := Tag(etag, ""); got != etag {
		t.Errorf("Tag none = %s", got)
	}
	for _, tt := range []struct {
		header string
		want   bool
	}{
		{`"r3-abc"`, true},
		{`"r3-abc-br"`, true},
		{`"r3-abc-gzip"`, true},
		{`"r2-xyz", "r3-abc-gzip"`, true},
		{`"r3-abc-zstd"`, false},
		{`"r3-ab"`, false},
		{`"r3-abc-br-br"`, false},
		{``, false},
	} {
		if got := Matches(tt.header, etag); got != tt.want {
			t.Errorf("Matches(%s, %s) = %v", tt.header, etag, got)
		}
	}
}

// The cache compresses a body once, and keeps only the last Size.
func TestCache(t *testing.T) {
	c := Cache{Size: 2}
	a := bytes.Repeat([]byte("library a "), 500)
	b := bytes.Repeat([]byte("library b "), 500)
	first := c.Get("a", a)
	if again := c.Get("a", a); &again.Brotli[0] != &first.Brotli[0] || c.made != 1 {
		t.Errorf("compressed %d times for one key", c.made)
	}
	c.Get("b", b)
	c.Get("c", a)
	if c.made != 3 || len(c.forms) != 2 {
		t.Errorf("made %d, kept %d", c.made, len(c.forms))
	}
	c.Get("a", a) // dropped for c: made again
	if c.made != 4 {
		t.Errorf("made %d after the oldest was dropped", c.made)
	}
	if got := decode(t, "br", c.Get("b", b).Brotli); !bytes.Equal(got, b) {
		t.Error("the kept form of b is not b")
	}
}

func TestHeader(t *testing.T) {
	h := http.Header{}
	Header(h, "br")
	if h.Get("Content-Encoding") != "br" || !strings.Contains(strings.Join(h.Values("Vary"), ","), "Accept-Encoding") {
		t.Errorf("header %v", h)
	}
	h = http.Header{}
	Header(h, "")
	if h.Get("Content-Encoding") != "" || h.Get("Vary") != "Accept-Encoding" {
		t.Errorf("header %v", h)
	}
}

// BenchmarkCompress is what a publish costs the server once: both forms
// of the library of 10,000 phrasings and 10,000 replies.
func BenchmarkCompress(b *testing.B) {
	base, err := library.ParseLibrary("default", suggestions.DefaultLibraryJSON())
	if err != nil {
		b.Fatal(err)
	}
	raw, err := library.SyntheticLibrary(base, 10000, 10000).MarshalIndent()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	var f Forms
	for b.Loop() {
		f = Compress(raw)
	}
	b.ReportMetric(float64(len(raw))/1e6, "raw-MB")
	b.ReportMetric(float64(len(f.Brotli))/1e6, "br-MB")
	b.ReportMetric(float64(len(f.Gzip))/1e6, "gzip-MB")
}

// Respond sends the form the client accepts with its tag, answers any
// coding's tag with a 304 without making the forms, and writes nothing
// when the forms cannot be had.
func TestRespond(t *testing.T) {
	raw := bytes.Repeat([]byte("a library, "), 300)
	made := 0
	forms := func() (Forms, error) { made++; return Compress(raw), nil }
	get := func(method string, hdr ...string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, "/library.json", nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			r.Header.Set(hdr[i], hdr[i+1])
		}
		w := httptest.NewRecorder()
		if err := Respond(w, r, `"v1"`, "application/json", forms); err != nil {
			t.Fatal(err)
		}
		return w
	}
	w := get("GET", "Accept-Encoding", "gzip")
	if w.Code != 200 || w.Header().Get("ETag") != `"v1-gzip"` || w.Header().Get("Content-Type") != "application/json" ||
		!bytes.Equal(decode(t, "gzip", w.Body.Bytes()), raw) || w.Header().Get("Vary") != "Accept-Encoding" {
		t.Errorf("GET: %d %v", w.Code, w.Header())
	}
	made = 0
	if w := get("GET", "Accept-Encoding", "br", "If-None-Match", `"v1-gzip"`); w.Code != 304 || made != 0 || w.Header().Get("ETag") != `"v1-br"` || w.Header().Get("Vary") != "Accept-Encoding" {
		t.Errorf("revalidating: %d, forms made %d times, %v", w.Code, made, w.Header())
	}
	if w := get("HEAD", "Accept-Encoding", "identity"); w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("Content-Length") != strconv.Itoa(len(raw)) {
		t.Errorf("HEAD: %d, %d bytes, %v", w.Code, w.Body.Len(), w.Header())
	}
	w = httptest.NewRecorder()
	err := Respond(w, httptest.NewRequest("GET", "/", nil), `"v1"`, "text/plain", func() (Forms, error) { return Forms{}, errors.New("no model") })
	if err == nil || len(w.Header()) != 0 || w.Body.Len() != 0 {
		t.Errorf("an error from forms: %v, headers %v, %d bytes written", err, w.Header(), w.Body.Len())
	}
}

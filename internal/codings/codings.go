// Package codings picks and makes the content codings the server sends:
// brotli when the browser accepts it, else gzip, else the bytes as they
// are. The wasm's forms are made at build time (brotli at its best
// quality takes seconds); the published library and its model are
// compressed once per revision (Cache), and sent by Respond.
package codings

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// Names are the content codings a Forms can hold, best first.
var Names = [2]string{"br", "gzip"}

// Choose picks the best coding in have (indexed as Names) that the
// Accept-Encoding header accept allows, or "" for none. A coding with q=0
// is refused; "*" stands for codings the header does not name. Brotli
// wins whatever the weights: it is the smaller.
func Choose(accept string, have [2]bool) string {
	q := map[string]float64{}
	for _, part := range strings.Split(accept, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		v := 1.0
		for _, p := range strings.Split(params, ";") {
			k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(val), 64); err == nil {
					v = f
				}
			}
		}
		q[name] = v
	}
	for i, enc := range Names {
		v, named := q[enc]
		if !named {
			v, named = q["*"]
		}
		if have[i] && named && v > 0 {
			return enc
		}
	}
	return ""
}

// Forms are a body and its compressed forms; a nil form is not there.
type Forms struct {
	Raw, Brotli, Gzip []byte
}

// Pick is the form to send for the Accept-Encoding header accept and its
// coding ("" for the raw bytes).
func (f Forms) Pick(accept string) (body []byte, coding string) {
	switch coding = Choose(accept, [2]bool{f.Brotli != nil, f.Gzip != nil}); coding {
	case "br":
		return f.Brotli, coding
	case "gzip":
		return f.Gzip, coding
	}
	return f.Raw, ""
}

// Tag is etag (a quoted entity tag) for the form sent in coding: each
// coding is its own representation, with its own tag.
func Tag(etag, coding string) string {
	if coding == "" {
		return etag
	}
	return strings.TrimSuffix(etag, `"`) + "-" + coding + `"`
}

// Header sets Vary, and Content-Encoding for a coding: a response whose
// form depends on Accept-Encoding, a 304 too, says so.
func Header(h http.Header, coding string) {
	h.Add("Vary", "Accept-Encoding")
	if coding != "" {
		h.Set("Content-Encoding", coding)
	}
}

// Runtime qualities: fast enough to make on a request (measured on the
// development machine for the 3.7 MB library of 10,000 phrasings; see
// BenchmarkCompress), within a few percent of the best sizes for JSON.
const (
	brotliQuality = 6
	gzipLevel     = gzip.DefaultCompression
)

// minSize is the smallest body worth compressing: below it the coding's
// own framing eats the gain.
const minSize = 1 << 10

// Compress makes raw's brotli and gzip forms, each kept only when it is
// smaller than raw.
func Compress(raw []byte) Forms {
	f := Forms{Raw: raw}
	if len(raw) < minSize {
		return f
	}
	var br bytes.Buffer
	bw := brotli.NewWriterLevel(&br, brotliQuality)
	bw.Write(raw) // writes to a bytes.Buffer do not fail
	bw.Close()
	if br.Len() < len(raw) {
		f.Brotli = br.Bytes()
	}
	var gz bytes.Buffer
	gw, _ := gzip.NewWriterLevel(&gz, gzipLevel) // a valid level
	gw.Write(raw)
	gw.Close()
	if gz.Len() < len(raw) {
		f.Gzip = gz.Bytes()
	}
	return f
}

// Decode undoes coding ("br", "gzip", or "" for none) on b, reading at
// most limit bytes of what it decodes to.
func Decode(coding string, b []byte, limit int64) ([]byte, error) {
	var r io.Reader = bytes.NewReader(b)
	switch coding {
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, err
		}
		r = zr
	case "":
	default:
		return nil, fmt.Errorf("unknown content coding %q", coding)
	}
	return io.ReadAll(io.LimitReader(r, limit))
}

// Matches reports whether the If-None-Match header ifNoneMatch names
// etag in any of its codings: they are one content, so a client holding
// any of them holds the current one.
func Matches(ifNoneMatch, etag string) bool {
	for _, m := range strings.Split(ifNoneMatch, ",") {
		m = strings.TrimSpace(m)
		if m == etag || m == Tag(etag, Names[0]) || m == Tag(etag, Names[1]) {
			return true
		}
	}
	return false
}

// Respond answers r with the body forms gives, under etag (a quoted
// entity tag): a 304 when If-None-Match names etag in any coding (forms
// is not called), else the best form the client accepts, with its
// coding's tag (Tag), Content-Type and Content-Length. Vary is set either
// way. An error from forms is returned before anything is written, for the
// caller to answer.
func Respond(w http.ResponseWriter, r *http.Request, etag, contentType string, forms func() (Forms, error)) error {
	h := w.Header()
	accept := r.Header.Get("Accept-Encoding")
	if Matches(r.Header.Get("If-None-Match"), etag) {
		Header(h, "")
		h.Set("ETag", Tag(etag, Choose(accept, [2]bool{true, true})))
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	f, err := forms()
	if err != nil {
		return err
	}
	body, coding := f.Pick(accept)
	Header(h, coding)
	h.Set("ETag", Tag(etag, coding))
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method != http.MethodHead {
		w.Write(body)
	}
	return nil
}

// Cache holds the forms of the last few bodies, by a key that changes
// with the body (an ETag): the published library and its model are
// compressed once per revision, not once per widget.
type Cache struct {
	// Size is how many bodies are kept (default 6: the library, its
	// binary form and its model, of the published revision and the one
	// before).
	Size int

	mu    sync.Mutex
	order []string
	forms map[string]Forms
	made  int // how many bodies were compressed, for the tests
}

// Made is how many bodies the cache has compressed.
func (c *Cache) Made() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.made
}

// Get returns the forms of raw, the body under key, compressing it when
// they are not kept. One body is compressed at a time; a caller for the
// same key waits and shares the result.
func (c *Cache) Get(key string, raw []byte) Forms {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f, ok := c.forms[key]; ok {
		return f
	}
	f := Compress(raw)
	c.made++
	if c.forms == nil {
		c.forms = map[string]Forms{}
	}
	size := c.Size
	if size <= 0 {
		size = 6
	}
	if len(c.order) >= size {
		delete(c.forms, c.order[0])
		c.order = c.order[1:]
	}
	c.order = append(c.order, key)
	c.forms[key] = f
	return f
}

package studio

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/warmdesk/warmdesk/internal/codings"
	"github.com/warmdesk/warmdesk/internal/studioapi"
	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/suggestions/matching"
)

// fetch GETs path with the given headers (name, value, ...).
func fetch(t *testing.T, e *env, path string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// The published library and its model go compressed as the widget
// accepts, each compressed once per revision, and a publish brings new
// forms under new tags.
func TestPublishedCompressed(t *testing.T) {
	e := newEnv(t, Config{})
	_, doc := fetch(t, e, "/library.json", "Accept-Encoding", "identity")
	_, model := fetch(t, e, "/library.model", "Accept-Encoding", "identity")
	_, bin := fetch(t, e, "/library.bin", "Accept-Encoding", "identity")
	for _, tt := range []struct {
		path string
		want []byte
	}{{"/library.json", doc}, {"/library.model", model}, {"/library.bin", bin}} {
		for _, coding := range []string{"br", "gzip"} {
			r, b := fetch(t, e, tt.path, "Accept-Encoding", "gzip, deflate, "+coding)
			if coding == "gzip" {
				r, b = fetch(t, e, tt.path, "Accept-Encoding", "gzip")
			}
			got, err := codings.Decode(r.Header.Get("Content-Encoding"), b, 1<<30)
			if r.StatusCode != 200 || r.Header.Get("Content-Encoding") != coding || err != nil || !bytes.Equal(got, tt.want) {
				t.Fatalf("%s in %s: %d, coding %q, %v", tt.path, coding, r.StatusCode, r.Header.Get("Content-Encoding"), err)
			}
			if len(b) >= len(tt.want) {
				t.Errorf("%s in %s: %d bytes for %d", tt.path, coding, len(b), len(tt.want))
			}
			if r, _ := fetch(t, e, tt.path, "Accept-Encoding", coding, "If-None-Match", r.Header.Get("ETag")); r.StatusCode != 304 {
				t.Errorf("%s in %s: revalidating gave %d", tt.path, coding, r.StatusCode)
			}
		}
	}
	made := e.api.forms.Made()
	fetch(t, e, "/library.json", "Accept-Encoding", "br")
	fetch(t, e, "/library.model", "Accept-Encoding", "br")
	fetch(t, e, "/library.bin", "Accept-Encoding", "br")
	if n := e.api.forms.Made(); n != made || made != 3 {
		t.Errorf("compressed %d bodies, then %d more for the same revision; want 3, then none", made, n-made)
	}
}

// A server that has just started makes the published revision's model
// and compressed forms before any widget asks.
func TestWarmPublished(t *testing.T) {
	e := newEnv(t, Config{})
	e.api.WarmPublished()
	deadline := time.Now().Add(30 * time.Second)
	for e.api.forms.Made() < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("after 30 s, %d of 3 bodies compressed", e.api.forms.Made())
		}
		time.Sleep(5 * time.Millisecond)
	}
	compiles := e.api.engines.compiles
	for _, path := range []string{"/library.json", "/library.model", "/library.bin"} {
		if r, _ := fetch(t, e, path, "Accept-Encoding", "br"); r.StatusCode != 200 || r.Header.Get("Content-Encoding") != "br" {
			t.Errorf("%s: %d, %q", path, r.StatusCode, r.Header.Get("Content-Encoding"))
		}
	}
	if made := e.api.forms.Made(); made != 3 || e.api.engines.compiles != compiles {
		t.Errorf("the widget's requests made %d more forms and %d more compiles", made-3, e.api.engines.compiles-compiles)
	}
}

// The model served is the published library's: it follows a publish, and
// it is refused for any other library.
func TestPublishedModel(t *testing.T) {
	e := newEnv(t, Config{})
	pat := e.client().login("pat")
	_, doc1 := fetch(t, e, "/library.json")
	r1, model1 := fetch(t, e, "/library.model")
	if r1.StatusCode != 200 || r1.Header.Get(RevisionHeader) != "1" {
		t.Fatalf("GET /library.model: %d, revision %q", r1.StatusCode, r1.Header.Get(RevisionHeader))
	}
	lib1 := parse(t, doc1)
	if _, err := suggestions.CompileWithModel(lib1, model1); err != nil {
		t.Fatalf("the model does not fit the published library: %v", err)
	}
	if r, _ := fetch(t, e, "/library.model", "If-None-Match", r1.Header.Get("ETag")); r.StatusCode != 304 {
		t.Errorf("If-None-Match: %d", r.StatusCode)
	}

	doc2 := publishOneMorePhrasing(t, pat)
	r2, model2 := fetch(t, e, "/library.model", "If-None-Match", r1.Header.Get("ETag"))
	if r2.StatusCode != 200 || r2.Header.Get(RevisionHeader) != "2" || r2.Header.Get("ETag") == r1.Header.Get("ETag") {
		t.Fatalf("after publishing: %d, revision %q, etag %q", r2.StatusCode, r2.Header.Get(RevisionHeader), r2.Header.Get("ETag"))
	}
	if _, err := suggestions.CompileWithModel(parse(t, doc2), model2); err != nil {
		t.Fatalf("the new model does not fit the new library: %v", err)
	}
	if _, err := suggestions.CompileWithModel(lib1, model2); !errors.Is(err, matching.ErrModelMismatch) {
		t.Fatalf("the new model with the old library: %v, want a mismatch", err)
	}
}

// The library's binary form is the published library's: it reads to
// the same library as the JSON, revalidates, follows a publish under a
// new tag, and needs the read token when the library does.
func TestPublishedLibraryBinary(t *testing.T) {
	e := newEnv(t, Config{})
	pat := e.client().login("pat")
	_, doc1 := fetch(t, e, "/library.json")
	r1, bin1 := fetch(t, e, "/library.bin")
	if r1.StatusCode != 200 || r1.Header.Get(RevisionHeader) != "1" || !strings.Contains(r1.Header.Get("ETag"), "-bin") {
		t.Fatalf("GET /library.bin: %d, revision %q, etag %q", r1.StatusCode, r1.Header.Get(RevisionHeader), r1.Header.Get("ETag"))
	}
	sameLibrary(t, bin1, parse(t, doc1))
	if r, _ := fetch(t, e, "/library.bin", "If-None-Match", r1.Header.Get("ETag")); r.StatusCode != 304 {
		t.Errorf("If-None-Match: %d", r.StatusCode)
	}
	doc2 := publishOneMorePhrasing(t, pat)
	r2, bin2 := fetch(t, e, "/library.bin", "If-None-Match", r1.Header.Get("ETag"))
	if r2.StatusCode != 200 || r2.Header.Get(RevisionHeader) != "2" || r2.Header.Get("ETag") == r1.Header.Get("ETag") {
		t.Fatalf("after publishing: %d, revision %q, etag %q", r2.StatusCode, r2.Header.Get(RevisionHeader), r2.Header.Get("ETag"))
	}
	sameLibrary(t, bin2, parse(t, doc2))

	locked := newEnv(t, Config{ReadToken: "s3cret-token"})
	if r, _ := fetch(t, locked, "/library.bin"); r.StatusCode != 401 {
		t.Errorf("without the token: %d", r.StatusCode)
	}
	if r, b := fetch(t, locked, "/library.bin", ReadTokenHeader, "s3cret-token"); r.StatusCode != 200 || len(b) == 0 {
		t.Errorf("with the token: %d, %d bytes", r.StatusCode, len(b))
	}
}

// publishOneMorePhrasing saves revision 2, the default library with one
// more phrasing, publishes it as pat, and returns its document.
func publishOneMorePhrasing(t *testing.T, pat *client) []byte {
	t.Helper()
	doc := defaultDoc(t, func(l *library.Library) {
		l.Intents[0].Phrasings = append(l.Intents[0].Phrasings, "a way of asking nobody had thought of")
	})
	wantStatus(t, "save", pat.call("POST", studioapi.Revisions, studioapi.SaveRequest{Base: 1, Document: doc, Message: "one more phrasing"}, nil), 201)
	wantStatus(t, "publish", pat.call("POST", studioapi.RevPrefix+"2/publish", nil, nil), 200)
	return doc
}

// sameLibrary fails unless bin, a library's binary form, reads to want.
func sameLibrary(t *testing.T, bin []byte, want *library.Library) {
	t.Helper()
	got, err := library.ReadLibraryBinary(bin)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(library.EncodeLibrary(got), library.EncodeLibrary(want)) || len(got.Intents) != len(want.Intents) {
		t.Fatalf("the binary form reads to another library (%d intents, want %d)", len(got.Intents), len(want.Intents))
	}
}

func TestModelNeedsTheReadToken(t *testing.T) {
	e := newEnv(t, Config{ReadToken: "s3cret-token"})
	if r, _ := fetch(t, e, "/library.model"); r.StatusCode != 401 {
		t.Errorf("without the token: %d", r.StatusCode)
	}
	if r, _ := fetch(t, e, "/library.model", ReadTokenHeader, "wrong"); r.StatusCode != 401 {
		t.Errorf("with a wrong token: %d", r.StatusCode)
	}
	if r, b := fetch(t, e, "/library.model", ReadTokenHeader, "s3cret-token"); r.StatusCode != 200 || len(b) == 0 {
		t.Errorf("with the token: %d, %d bytes", r.StatusCode, len(b))
	}
}

func parse(t *testing.T, doc []byte) *library.Library {
	t.Helper()
	lib, err := library.ParseLibrary("published", doc)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// The published revision's model and its quality report come from one
// compile.
func TestModelAndReportShareACompile(t *testing.T) {
	e := newEnv(t, Config{})
	ed := e.client().login("ed")
	if r, _ := fetch(t, e, "/library.model"); r.StatusCode != 200 {
		t.Fatalf("GET /library.model: %d", r.StatusCode)
	}
	deadline := time.Now().Add(60 * time.Second)
	var st studioapi.ReportStatus
	for st.State != studioapi.ReportDone {
		wantStatus(t, "report", ed.call("GET", studioapi.ReportPath, nil, &st), 200)
		if st.State == studioapi.ReportFailed || time.Now().After(deadline) {
			t.Fatalf("report %+v", st)
		}
		time.Sleep(20 * time.Millisecond)
	}
	e.api.engines.mu.Lock()
	gets, n := e.api.engines.gets, e.api.engines.compiles
	e.api.engines.mu.Unlock()
	if st.Revision != 1 || gets < 2 || n != 1 {
		t.Errorf("the model and the report of revision %d asked for %d engines and took %d compiles, want 2 and 1", st.Revision, gets, n)
	}
}

package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warmdesk/warmdesk/internal/codings"
	"github.com/warmdesk/warmdesk/tools/benchbrowser/floor"
	"github.com/warmdesk/warmdesk/tools/wasmfile"
)

// TestFloor builds the floor page, serves it over real HTTP and loads it
// in headless Chromium: the page is go-app's prerendered one, its wasm goes
// in the coding the browser accepts, nothing else under /web/ is served,
// and the browser sees go-app render the page (what -floor measures).
func TestFloor(t *testing.T) {
	files, err := buildFloor(t.TempDir(), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(files.Raw) < 1<<20 || len(files.Brotli) == 0 || len(files.Brotli) >= len(files.Gzip) {
		t.Fatalf("floor wasm: %d raw, %d gzip, %d brotli bytes", len(files.Raw), len(files.Gzip), len(files.Brotli))
	}
	srv := httptest.NewServer(floorHandler(files))
	defer srv.Close()
	get := func(path, accept string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Accept-Encoding", accept)
		resp, err := http.DefaultTransport.RoundTrip(req) // no transparent gzip
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, b
	}
	if resp, page := get(floor.Path, ""); resp.StatusCode != 200 || !strings.Contains(string(page), `id="floor-prerendered"`) {
		t.Errorf("GET %s: %s, want go-app's prerendered page:\n%.600s", floor.Path, resp.Status, page)
	}
	for _, c := range []struct{ accept, coding string }{{"gzip, deflate, br, zstd", "br"}, {"gzip", "gzip"}, {"", ""}} {
		resp, body := get("/web/app.wasm", c.accept)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != c.coding || resp.Header.Get("Content-Type") != "application/wasm" {
			t.Errorf("wasm with Accept-Encoding %q: %s, coding %q, type %q", c.accept, resp.Status, resp.Header.Get("Content-Encoding"), resp.Header.Get("Content-Type"))
			continue
		}
		raw, err := codings.Decode(c.coding, body, 1<<30)
		if err != nil || string(raw) != string(files.Raw) {
			t.Errorf("wasm with Accept-Encoding %q does not decode to the built wasm (%v)", c.accept, err)
		}
	}
	if resp, _ := get("/web/icons/icon.svg", ""); resp.StatusCode != 404 {
		t.Errorf("GET /web/icons/icon.svg: %s, want 404 (the floor page serves nothing of the repository's web/)", resp.Status)
	}

	exe := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			exe = p
			break
		}
	}
	if exe == "" {
		if os.Getenv("WARMDESK_SKIP_BROWSER") != "" {
			t.Skip("Chromium is not installed; browser tests skipped (WARMDESK_SKIP_BROWSER=1)")
		}
		t.Fatal("headless Chromium is not installed: run scripts/test-deps.sh, or set WARMDESK_SKIP_BROWSER=1")
	}
	b, err := newBrowser(exe, "")
	if err != nil {
		t.Fatal(err)
	}
	defer b.close()
	stop, err := b.startTrace()
	if err != nil {
		t.Fatal(err)
	}
	ms, err := b.loadFloor(srv.URL+floor.Path, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	checkTrace(t, stop, srv.URL+floor.Path, ms, files.Raw)
	var id string
	if err := b.eval(`document.querySelector("#`+floor.MountedID+`") ? "mounted" : "no"`, &id); err != nil || id != "mounted" {
		t.Fatalf("after loadFloor the page shows no #%s (%q, %v)", floor.MountedID, id, err)
	}
	if ms <= 0 || ms > 60_000 {
		t.Errorf("loadFloor = %v ms, want a time since the navigation", ms)
	}
}

// checkTrace reads the trace of a cold load of a go-app page, and checks
// what -trace would say of it: the page's thread was found, busy for part
// of the window, decoding the module, compiling functions at their first
// call (functions of the page's wasm) and running the wasm; and the file
// written reads back.
func checkTrace(t *testing.T, stop func() ([]traceEvent, error), url string, ms float64, wasm []byte) {
	t.Helper()
	events, err := stop()
	if err != nil {
		t.Fatal(err)
	}
	tt, ok := threadTime(events, url, ms)
	if !ok {
		t.Fatalf("the trace (%d events) has no navigation to %s", len(events), url)
	}
	if tt.Busy <= 0 || tt.Busy > tt.Window*1.001 {
		t.Errorf("the page's thread busy %.0f ms of %.0f", tt.Busy, tt.Window)
	}
	for _, k := range []string{workModule, workLazy, workScript} {
		if tt.Work[k] <= 0 {
			t.Errorf("no time %s in a cold go-app page: %v", k, tt.Work)
		}
	}
	mod, err := wasmfile.Parse(wasm)
	if err != nil {
		t.Fatal(err)
	}
	if len(tt.FirstCalls) == 0 {
		t.Error("no wasm function compiled at its first call")
	}
	for _, f := range tt.FirstCalls {
		if f < mod.Imports || f >= mod.Imports+len(mod.Bodies) {
			t.Errorf("function %d compiled at its first call: the wasm defines %d to %d", f, mod.Imports, mod.Imports+len(mod.Bodies)-1)
			break
		}
	}
	file := filepath.Join(t.TempDir(), "floor.json")
	if err := writeTrace(file, events); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		TraceEvents []traceEvent `json:"traceEvents"`
	}
	if err := json.Unmarshal(raw, &back); err != nil || len(back.TraceEvents) != len(events) {
		t.Errorf("the trace file reads back with %d events (%v), want %d", len(back.TraceEvents), err, len(events))
	}
}

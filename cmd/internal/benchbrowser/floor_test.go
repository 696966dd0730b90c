package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/warmdesk/warmdesk/cmd/internal/benchbrowser/floor"
	"github.com/warmdesk/warmdesk/cmd/internal/codings"
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
	ms, err := b.loadFloor(srv.URL+floor.Path, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var id string
	if err := b.eval(`document.querySelector("#`+floor.MountedID+`") ? "mounted" : "no"`, &id); err != nil || id != "mounted" {
		t.Fatalf("after loadFloor the page shows no #%s (%q, %v)", floor.MountedID, id, err)
	}
	if ms <= 0 || ms > 60_000 {
		t.Errorf("loadFloor = %v ms, want a time since the navigation", ms)
	}
}

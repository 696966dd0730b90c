package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/warmdesk/warmdesk/suggestions"
)

// statusRecorder keeps a response's status for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) { s.status = code; s.ResponseWriter.WriteHeader(code) }

// TestStaticExportInBrowser hosts a static export with Go's plain file
// server, which knows nothing of Warmdesk, and runs the demo helpdesk and
// the widget from it in headless Chromium: the ticket goes in by
// postMessage, suggestions come out, and the browser asks the host for
// nothing but files that exist (no studio polls, no usage events).
func TestStaticExportInBrowser(t *testing.T) {
	exe := chromium(t)
	start := time.Now()
	dir := t.TempDir()
	if _, err := WriteStatic(dir, Config{Library: suggestions.DefaultLibraryJSON(), Wasm: widgetWasm(t)}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var log []string
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: 200}
		files.ServeHTTP(rec, r)
		mu.Lock()
		log = append(log, r.Method+" "+r.URL.RequestURI()+" "+http.StatusText(rec.status))
		mu.Unlock()
	}))
	defer srv.Close()

	b := newBrowser(t, exe)
	b.do(chromedp.Navigate(srv.URL + "/demo/"))
	b.wait("the widget to show the demo's suggestions", jsW+`?.querySelectorAll("#wd-list [role=option]").length >= 1`, 60*time.Second)
	t.Logf("widget ready from the static export after %v", time.Since(start).Round(time.Millisecond))

	// The frame followed the host's redirect to /widget/, which go-app routes.
	if got := eval[string](b, `Warmdesk.frame().contentWindow.location.pathname`); got != "/widget/" {
		t.Errorf("the widget runs at %q, want /widget/", got)
	}
	// A ticket sent by the host page through the embed script's postMessage.
	const msg = "Hi, where is my order 48213? It has not arrived yet."
	eval[bool](b, `(Warmdesk.setTicket({id: "S-1", message: `+jsonString(msg)+`, customerName: "Dana", agentName: "Sam"}), true)`)
	b.wait("the new ticket", jsW+`.querySelector(".wd-msg")?.textContent.includes("48213")`, 10*time.Second)
	b.wait("suggestions for it", jsW+`.querySelectorAll("#wd-list [role=option]").length >= 1`, 10*time.Second)
	if got := eval[string](b, jsW+`.getElementById("wd-draft")?.value || ""`); !strings.Contains(got, "Dana") {
		t.Errorf("the suggested reply does not greet Dana: %q", got)
	}

	// Offline after the first load: the service worker cached /widget/
	// (a cached redirect could not answer a navigation).
	b.wait("the service worker to cache the widget", `(async () => { const w = Warmdesk.frame().contentWindow;
		await w.navigator.serviceWorker.ready; const ks = await w.caches.keys(); if (!ks.length) return false;
		const c = await w.caches.open(ks[0]);
		return !!(await c.match("/library.bin")) && !!(await c.match("/widget/")); })()`, 30*time.Second)

	mu.Lock()
	requests := append([]string(nil), log...)
	mu.Unlock()
	for _, r := range requests {
		ok := strings.HasSuffix(r, " OK") || strings.HasSuffix(r, " Not Modified") || strings.HasSuffix(r, " Moved Permanently")
		if !strings.HasPrefix(r, "GET ") || !ok {
			t.Errorf("the browser asked the static host for %s", r)
		}
	}
	if len(requests) < 5 {
		t.Errorf("only %d requests logged: %v", len(requests), requests)
	}

	url := srv.URL
	srv.CloseClientConnections()
	srv.Close()
	b.do(chromedp.Navigate(url + "/widget/"))
	b.wait("the widget to work offline", `document.getElementById("wd-paste")`, 30*time.Second)
	eval[bool](b, `(document.getElementById("wd-paste").value = "Where is my order 48213?", document.querySelector(".wd-card .wd-btn").click(), true)`)
	b.wait("offline suggestions", `document.querySelectorAll("#wd-list [role=option]").length >= 1`, 10*time.Second)
	t.Logf("static export browser test took %v (%d requests to the host)", time.Since(start).Round(time.Millisecond), len(requests))
}

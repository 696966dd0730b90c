package server

import (
	"io"
	"log"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// TestBrowserLargeLibrary loads a library of 10,000 phrasings and 10,000
// replies: the widget shows how far loading has got, then suggests and
// searches as usual.
func TestBrowserLargeLibrary(t *testing.T) {
	if testing.Short() {
		t.Skip("loading a 10,000-phrasing library takes a while; skipped with -short")
	}
	exe := chromium(t)
	wasm := widgetWasm(t)
	base := defaultLibrary(t)
	doc, err := library.SyntheticLibrary(base, 10000, 10000).MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(Config{Library: doc, LibraryFile: "synthetic.json", Wasm: wasm, Log: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	start := time.Now()
	b := newBrowser(t, exe)
	// While the library compiles, the page's thread is busy and cannot
	// answer the test: the widget's frame notes, at each animation frame,
	// the progress it shows, and whether it had a status for screen
	// readers, from its very first script on.
	if _, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `
		if (location.pathname === "/widget") {
			window.painted = [];
			const tick = () => {
				const p = document.querySelector(".wd-progress");
				const status = document.querySelector(".wd-loading [role=status]");
				if (p && (window.painted.length === 0 || window.painted[window.painted.length - 1].text !== p.textContent)) {
					window.painted.push({text: p.textContent, status: !!status, at: performance.now()});
				}
				if (!document.querySelector("#wd-list")) requestAnimationFrame(tick);
			};
			requestAnimationFrame(tick);
		}`}); err != nil {
		t.Fatal(err)
	}
	b.do(chromedp.Navigate(srv.URL + "/demo"))
	b.wait("suggestions from the large library", jsW+`?.querySelectorAll("#wd-list [role=option]").length >= 1`, 4*time.Minute)
	t.Logf("suggestions after %v", time.Since(start).Round(time.Millisecond))
	type frame struct {
		Text   string  `json:"text"`
		Status bool    `json:"status"`
		At     float64 `json:"at"`
	}
	painted := eval[[]frame](b, `Warmdesk.frame().contentWindow.painted`)
	t.Logf("progress painted: %+v", painted)
	var reading, preparing bool
	for _, f := range painted {
		reading = reading || strings.Contains(f.Text, "Reading the reply library") && strings.Contains(f.Text, "MB")
		preparing = preparing || strings.Contains(f.Text, "Preparing suggestions from 10,000 phrasings")
		if !f.Status {
			t.Errorf("progress %q painted without a status for screen readers", f.Text)
		}
	}
	if !reading || !preparing {
		t.Errorf("the widget did not paint its progress before each long stage (reading %v, preparing %v)", reading, preparing)
	}
	if eval[int](b, jsE+`.filter(e => e.type === "ready").length`) < 1 {
		t.Error("the host got no ready event")
	}
	eval[bool](b, `(`+jsW+`.getElementById("wd-search").focus(), true)`)
	b.keys("refnud") // two letters swapped
	b.wait("search results in the large library", jsW+`.querySelectorAll("#wd-results [role=option]").length > 0`, 10*time.Second)
}

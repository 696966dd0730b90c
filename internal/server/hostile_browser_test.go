package server

import (
	"context"
	"io"
	"log"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/warmdesk/warmdesk/internal/studio"
	"github.com/warmdesk/warmdesk/suggestions"
)

// watchPagesJS runs in every frame before its scripts: it notes every
// content security policy violation (in the top page's list) and, in the
// widget's frame, the page's long tasks (main-thread work over 50 ms).
const watchPagesJS = `(() => {
  document.addEventListener("securitypolicyviolation", e => {
    (top.__cspViolations = top.__cspViolations || []).push(location.pathname + ": " + e.violatedDirective + " " + e.blockedURI);
  });
  if (location.pathname === "/widget") {
    // The wasm's memory, to see what a message costs it.
    const instantiate = WebAssembly.instantiateStreaming;
    WebAssembly.instantiateStreaming = async (...args) => {
      const r = await instantiate.apply(WebAssembly, args);
      window.__wasmMemory = r.instance.exports.mem;
      return r;
    };
    window.__longTasks = [];
    new PerformanceObserver(l => { for (const e of l.getEntries()) window.__longTasks.push(Math.round(e.duration)); })
      .observe({type: "longtask", buffered: true});
  }
})();`

// longestTask is the longest main-thread task in the widget's frame
// since the last call, in milliseconds.
func longestTask(b *browser) int {
	b.t.Helper()
	return eval[int](b, `(() => { const w = Warmdesk.frame().contentWindow; const m = Math.max(0, ...w.__longTasks); w.__longTasks = []; return m; })()`)
}

// TestBrowserHostileCustomerText: the demo, served with another allowed
// origin too, still works; customer text made to stall the browser's
// layout (a letter with 120,000 combining marks, a 200 KB message) never
// takes the page's thread for long; messages with lone surrogates are
// refused; and no page breaks its content security policy.
func TestBrowserHostileCustomerText(t *testing.T) {
	exe := chromium(t)
	h, err := New(Config{Library: suggestions.DefaultLibraryJSON(), LibraryFile: "default.json", Wasm: widgetWasm(t),
		AllowOrigins: []string{"https://desk.example.com"}, Log: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	b := newBrowser(t, exe)
	if _, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watchPagesJS}); err != nil {
		t.Fatal(err)
	}
	b.do(chromedp.Navigate(srv.URL + "/demo"))
	b.wait("the demo's widget to show suggestions (with -allow-origin set)", jsW+`?.querySelectorAll("#wd-list [role=option]").length >= 1`, 90*time.Second)
	longestTask(b) // loading's tasks are not the customer's

	// A generous bound on one task: before the widget bounded what it
	// draws, the first message took Chromium 35-44 s of layout.
	const maxTask = 1500
	send := func(js string) {
		t.Helper()
		eval[bool](b, `(Warmdesk.frame().contentWindow.postMessage(`+js+`, location.origin), true)`)
	}

	t.Run("CombiningMarks", func(t *testing.T) {
		b.t = t
		send(`{warmdesk: 1, type: "ticket", ticket_id: "Z-1", message: "Where is my order? a" + "\u0301".repeat(120000) + " thanks"}`)
		b.wait("the message shown", jsW+`.querySelector(".wd-meta")?.textContent === "#Z-1"`, 30*time.Second)
		if n := eval[int](b, jsW+`.querySelector(".wd-msg").textContent.length`); n > 100 {
			t.Errorf("%d characters of the message drawn; the combining marks should be cut to a few", n)
		}
		if ms := longestTask(b); ms > maxTask {
			t.Errorf("the page's thread was held %d ms by the message", ms)
		}
	})

	t.Run("LongMessage", func(t *testing.T) {
		b.t = t
		send(`{warmdesk: 1, type: "ticket", ticket_id: "L-1", message: "My parcel has not arrived, where is it? ".repeat(5000)}`)
		b.wait("the message shown", jsW+`.querySelector(".wd-meta")?.textContent === "#L-1"`, 30*time.Second)
		if n := eval[int](b, jsW+`.querySelector(".wd-msg").textContent.length`); n > 5000 {
			t.Errorf("%d characters of a 200,000-character message drawn before the agent asked for them", n)
		}
		if ms := longestTask(b); ms > maxTask {
			t.Errorf("the page's thread was held %d ms by the message", ms)
		}
		eval[bool](b, `(`+jsW+`.querySelector(".wd-show-all").click(), true)`)
		b.wait("all of the message", jsW+`.querySelector(".wd-msg").textContent.length === 200000`, 30*time.Second)
		if ms := longestTask(b); ms > maxTask {
			t.Errorf("showing all of it held the page's thread %d ms", ms)
		}
	})

	t.Run("LoneSurrogatesRefused", func(t *testing.T) {
		b.t = t
		before := eval[int](b, jsE+`.filter(e => e.type === "error" && e.error?.code === "bad_message").length`)
		shown := eval[string](b, jsW+`.querySelector(".wd-meta").textContent`)
		send(`'{"warmdesk": 1, "type": "ticket", "ticket_id": "S-1", "message": "half \ud800 a pair"}'`)
		send(`{warmdesk: 1, type: "ticket", ticket_id: "S-2", message: "the other half \udc00"}`)
		b.wait("two bad_message events", jsE+`.filter(e => e.type === "error" && e.error?.code === "bad_message").length >= `+strconv.Itoa(before+2), answerWait)
		if got := eval[string](b, jsW+`.querySelector(".wd-meta").textContent`); got != shown {
			t.Errorf("a message with a lone surrogate replaced the ticket: %q", got)
		}
	})

	// A host's message far over the limit is refused before it is copied
	// into the wasm, whose memory never shrinks.
	t.Run("HugeMessageNotCopied", func(t *testing.T) {
		b.t = t
		mem := `Warmdesk.frame().contentWindow.__wasmMemory.buffer.byteLength`
		before := eval[int](b, mem)
		errors := eval[int](b, jsE+`.filter(e => e.type === "error" && e.error?.code === "bad_message").length`)
		send(`"x".repeat(64 << 20)`)
		send(`{warmdesk: 1, type: "ticket", ticket_id: "H-1", message: "where is my order ".repeat(4 << 20)}`)
		b.wait("two bad_message events", jsE+`.filter(e => e.type === "error" && e.error?.code === "bad_message").length >= `+strconv.Itoa(errors+2), answerWait)
		if grown := eval[int](b, mem) - before; grown > 16<<20 {
			t.Errorf("the widget's memory grew %d MB for two refused messages", grown>>20)
		}
		if ms := longestTask(b); ms > maxTask {
			t.Errorf("the page's thread was held %d ms by the messages", ms)
		}
	})

	t.Run("NoPolicyViolations", func(t *testing.T) {
		b.t = t
		if v := eval[[]string](b, `top.__cspViolations || []`); len(v) > 0 {
			t.Errorf("content security policy violations: %q", v)
		}
	})
}

// TestBrowserStudioPolicy: the studio's pages run under their content
// security policy without violating it.
func TestBrowserStudioPolicy(t *testing.T) {
	exe := chromium(t)
	st := testStore(t)
	ctx := context.Background()
	if _, err := studio.Seed(ctx, st, suggestions.DefaultLibraryJSON(), "warmdesk", "first"); err != nil {
		t.Fatal(err)
	}
	lg := log.New(io.Discard, "", 0)
	api, err := studio.New(studio.Config{Store: st, Log: lg})
	if err != nil {
		t.Fatal(err)
	}
	defer api.Close()
	h, err := New(Config{Wasm: widgetWasm(t), StudioWasm: WasmFiles{Raw: studioWasm(t)}, Studio: api, Log: lg})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	b := newBrowser(t, exe)
	if _, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watchPagesJS}); err != nil {
		t.Fatal(err)
	}
	b.do(chromedp.Navigate(srv.URL + "/studio"))
	b.wait("the sign-in page", `document.getElementById("st-name") && location.pathname === "/studio/login"`, 90*time.Second)
	if v := eval[[]string](b, `top.__cspViolations || []`); len(v) > 0 {
		t.Errorf("content security policy violations in the studio: %q", v)
	}
}

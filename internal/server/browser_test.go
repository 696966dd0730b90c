package server

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// The browser tests drive Debian's headless Chromium against the real
// server: the demo helpdesk embeds the widget, sends it tickets, and
// receives the replies the agent inserts with the keyboard. One browser
// and one server serve every subtest.

var updateScreenshot = flag.Bool("update-screenshot", os.Getenv("WARMDESK_UPDATE_SCREENSHOT") == "1", "write docs/widget.png")

const repoRoot = "../.."

// chromium finds the browser or says how to install it.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("WARMDESK_SKIP_BROWSER") == "1" {
		t.Skip("Chromium is not installed; browser tests skipped (WARMDESK_SKIP_BROWSER=1)")
	}
	t.Fatal("the browser tests need headless Chromium, which is not installed: run `make test` or scripts/test-deps.sh " +
		"(as root: apt-get install chromium), or set WARMDESK_SKIP_BROWSER=1 to skip them")
	return ""
}

// widgetWasm returns the widget's WebAssembly (cmd/wasm, web/app.wasm).
func widgetWasm(t *testing.T) []byte { return builtWasm(t, "app.wasm", "cmd/wasm", "widget") }

// studioWasm returns the studio's WebAssembly (cmd/studiowasm,
// web/studio.wasm).
func studioWasm(t *testing.T) []byte {
	return builtWasm(t, "studio.wasm", "cmd/studiowasm", "widget", "studioui")
}

// builtWasm returns web/NAME when it is newer than every Go source the
// main in dir is built from (dir, the packages in src, the core), else
// builds it into a temporary folder, so `go test ./...` works on its own.
func builtWasm(t *testing.T, name, dir string, src ...string) []byte {
	wasm := filepath.Join(repoRoot, "web", name)
	if st, err := os.Stat(wasm); err == nil && !newerSource(st.ModTime(), append([]string{dir, "suggestions", "internal/studioapi"}, src...)) {
		b, err := os.ReadFile(wasm)
		if err == nil {
			return b
		}
	}
	out := filepath.Join(t.TempDir(), name)
	start := time.Now()
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "./"+dir)
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", dir, err, b)
	}
	t.Logf("built %s in %v (web/%s is missing or older than its sources)", dir, time.Since(start).Round(time.Millisecond), name)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// newerSource: a Go or JSON file in one of dirs (with the packages
// below), go.mod or go.sum is newer than than.
func newerSource(than time.Time, dirs []string) bool {
	newer := false
	for _, dir := range dirs {
		filepath.WalkDir(filepath.Join(repoRoot, dir), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".json")) && !strings.HasSuffix(p, "_test.go") {
				if info, err := d.Info(); err == nil && info.ModTime().After(than) {
					newer = true
				}
			}
			return nil
		})
	}
	for _, f := range []string{"go.mod", "go.sum"} {
		if info, err := os.Stat(filepath.Join(repoRoot, f)); err == nil && info.ModTime().After(than) {
			newer = true
		}
	}
	return newer
}

// hostileLibrary is the default library plus an intent whose every text
// would run script if the widget ever read it as HTML.
const hostileTitle = `<img src=x onerror="top.pwned=1">Gift <script>top.pwned=1</script> wrap`

func hostileLibrary(t *testing.T) []byte {
	lib := defaultLibrary(t)
	lib.Intents = append(lib.Intents, library.Intent{
		ID: "gift.wrap", Title: `Gift wrapping <b onmouseover="top.pwned=1">`, Category: "Orders",
		Phrasings: []string{"can you gift wrap my order", "do you offer gift wrapping", "please wrap it as a present",
			"is gift wrap available", "I want the parcel gift wrapped"},
		Replies: []library.Reply{{ID: "gift.wrap.yes", Title: hostileTitle, Shortcut: "giftwrap",
			Body: `Gift wrapping is free: <a href="javascript:top.pwned=1">click</a> <svg onload="top.pwned=1"></svg> مرحبا 👋🏽 and we'll add a card.`}},
	})
	b, err := lib.MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type browser struct {
	t   *testing.T
	ctx context.Context

	mu      sync.Mutex
	console []string // what the pages logged
}

// consoleLines returns the console messages logged so far that contain s.
func (b *browser) consoleLines(s string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, l := range b.console {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return out
}

// newBrowser starts headless Chromium for a test; extra options come
// after the usual ones, so they may override them (the window's size).
func newBrowser(t *testing.T, exe string, extra ...chromedp.ExecAllocatorOption) *browser {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(opts, extra...)...)
	b := &browser{t: t}
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
		if ev, ok := ev.(*runtime.EventConsoleAPICalled); ok {
			var line []string
			for _, a := range ev.Args {
				line = append(line, strings.Trim(string(a.Value), `"`))
			}
			b.mu.Lock()
			b.console = append(b.console, strings.Join(line, " "))
			b.mu.Unlock()
		}
	}))
	t.Cleanup(func() { cancel(); cancelAlloc() })
	b.ctx = ctx
	if err := noteWasmSource(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return b
}

// noteWasmSource has wasmSourceJS run in every frame of the tab ctx.
func noteWasmSource(ctx context.Context) error {
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: wasmSourceJS})
	return err
}

// wasmSourceJS runs in every frame before its scripts: it notes the URL of
// the response each frame compiles its WebAssembly from (empty for a
// response built in JavaScript, which the browser cannot cache compiled
// code for; see web/loader.js).
const wasmSourceJS = `(() => {
  const orig = WebAssembly.instantiateStreaming;
  if (!orig) return;
  WebAssembly.instantiateStreaming = async function (source, ...rest) {
    const r = await source;
    window.__wdWasmURL = r.url;
    return orig.call(this, r, ...rest);
  };
})();`

// axeViolations runs axe-core on the document of the frame at path (the
// page itself for "") and returns its serious and critical violations.
// It runs in an isolated world of its own: the pages' content security
// policy allows no eval (a test's script is not theirs to run), and
// DevTools' worlds are not bound by it.
func axeViolations(b *browser, path string, axe []byte) []map[string]any {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		b.t.Fatal(err)
	}
	var frame *cdp.Frame
	var find func(ft *page.FrameTree)
	find = func(ft *page.FrameTree) {
		if u, err := url.Parse(ft.Frame.URL); err == nil && frame == nil && (path == "" || u.Path == path) {
			frame = ft.Frame
		}
		for _, c := range ft.ChildFrames {
			find(c)
		}
	}
	find(tree.FrameTree)
	if frame == nil {
		b.t.Fatalf("no frame at %s", path)
	}
	world, err := chromedp.Call(ctx, page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{FrameID: frame.ID, WorldName: "axe"})
	if err != nil {
		b.t.Fatal(err)
	}
	in := func(p *runtime.EvaluateParams) { p.ContextID = world.ExecutionContextID }
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](string(axe), in)); err != nil {
		b.t.Fatalf("loading axe-core: %v", err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](`(async () => { const r = await axe.run(document, {resultTypes: ["violations"]});
		return r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))})); })()`, in, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("running axe-core: %v", err)
	}
	var vs []map[string]any
	if err := json.Unmarshal(raw, &vs); err != nil {
		b.t.Fatal(err)
	}
	return vs
}

// eval runs a script in the demo page and decodes its result into T.
func eval[T any](b *browser, js string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluating %.80q: %v", js, err)
	}
	return v
}

// screenshot saves the page, once it has settled, as docs/NAME.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	time.Sleep(300 * time.Millisecond)
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repoRoot, "docs", name), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// wait polls a script until it returns true, or a promise of true.
func (b *browser) wait(what, js string, timeout time.Duration) {
	b.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		// A page busy with a long task (a large library compiling) cannot
		// answer for a while: that is "not yet", not a failure, until the
		// wait's own deadline.
		ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
		// A promise is truthy: await it before asking whether it holds.
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("(async () => !!(await ("+js+")))()", chromedp.EvalAwaitPromise))
		cancel()
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			b.t.Fatalf("evaluating %.80q: %v", js, err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			state, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(() => { let w; try { w = `+jsW+`?.body?.innerText?.slice(0, 400); } catch (e) {}
				let wf; try { const a = `+jsW+`?.activeElement; wf = a && (a.id || a.tagName); } catch (e) {}
				return JSON.stringify({events: window.demoEvents, widget: w, page: document.body.innerText.slice(0, 600), focus: document.activeElement?.id, widgetFocus: wf}); })()`))
			b.t.Fatalf("timed out after %v waiting for %s; state: %s", timeout, what, state)
		}
		time.Sleep(40 * time.Millisecond)
	}
}

func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatal(err)
	}
}

// keys sends key presses to whatever has the focus.
func (b *browser) keys(k string) { b.t.Helper(); b.do(chromedp.KeyEvent(k)) }

// answerWait is how long the widget may take to answer a key press or a
// host's message. Alone it takes a frame or two; in a full test run, other
// packages' tests share the two cores. A key pressed while the widget
// warmed up used to go undrawn until the Go runtime's next timer (seconds:
// package widget/internal/deadline says why), which a longer wait here had
// hidden: this one is short enough to see it again.
const answerWait = 5 * time.Second

// In the demo page: W is the widget's document, E the events the host got.
const (
	jsW = `document.querySelector("#warmdesk iframe").contentDocument`
	jsE = `window.demoEvents`
)

func TestBrowser(t *testing.T) {
	exe := chromium(t)
	start := time.Now()
	wasm := widgetWasm(t)
	h, err := New(Config{Library: hostileLibrary(t), LibraryFile: "hostile.json", Wasm: wasm, Log: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	// A page of another origin that tries to push a ticket into the widget
	// framed by the demo page.
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>ad</title><script>
			const t = {warmdesk:1, type:"ticket", ticket_id:"EVIL", message:"I want a refund NOW, this is EVIL"};
			for (let i = 0; i < 5; i++) setTimeout(() => { try { parent.frames["warmdesk"].postMessage(t, "*"); } catch (e) {} }, i * 50);
			setTimeout(() => { document.title = "sent"; }, 300);
		</script>`)
	}))
	defer foreign.Close()

	b := newBrowser(t, exe)
	b.do(chromedp.Navigate(srv.URL + "/demo"))
	b.wait("the widget to show suggestions", jsW+`?.querySelectorAll("#wd-list [role=option]").length >= 1`, 60*time.Second)
	t.Logf("browser up, widget ready with suggestions after %v", time.Since(start).Round(time.Millisecond))

	// The widget compiled with the model the server saved: it fetched it,
	// and did not set it aside (it logs why when it does).
	t.Run("SavedModel", func(t *testing.T) {
		b.t = t
		js := `(() => { const w = document.querySelector("#warmdesk iframe").contentWindow;
			const e = w.performance.getEntriesByType("resource").filter(e => new URL(e.name).pathname === "/library.model");
			return e.length ? e[0].responseStatus : 0; })()`
		if st := eval[int](b, js); st != 200 {
			t.Errorf("the widget's GET /library.model: status %d, want 200", st)
		}
		if logs := b.consoleLines("model"); len(logs) > 0 {
			t.Errorf("the widget set the saved model aside: %q", logs)
		}
	})

	t.Run("ReadyAndSuggestions", func(t *testing.T) {
		b.t = t
		if n := eval[int](b, jsE+`.filter(e => e.type === "ready").length`); n < 1 {
			t.Errorf("the host got no ready event")
		}
		if got := eval[string](b, jsW+`.querySelector(".wd-msg").textContent`); !strings.Contains(got, "third time I've asked") {
			t.Errorf("message shown: %q", got)
		}
		if n := eval[int](b, jsW+`.querySelectorAll(".wd-msg mark").length`); n == 0 {
			t.Error("no evidence highlighted in the message")
		}
		if got := eval[string](b, jsW+`.querySelector(".wd-chips").textContent`); !strings.Contains(got, "frustrated") {
			t.Errorf("feelings: %q", got)
		}
		// The browser benchmark and the attack tool wait on this element
		// to know a ticket is shown.
		if got := eval[string](b, jsW+`.querySelector(".wd-meta .wd-ticket-id")?.textContent ?? ""`); got != "#T-1042" {
			t.Errorf("ticket id shown as %q, want #T-1042", got)
		}
		if got := eval[string](b, jsW+`.getElementById("wd-live").textContent`); !strings.Contains(got, "suggested replies") {
			t.Errorf("live region says %q", got)
		}
		checkWasm(t, b, `Warmdesk.frame().contentWindow`, "app.wasm")
	})

	t.Run("KeyboardPickAndInsert", func(t *testing.T) {
		b.t = t
		eval[bool](b, `(document.querySelector("#warmdesk iframe").contentWindow.focus(), `+jsW+`.getElementById("wd-list").focus(), true)`)
		b.keys("2")
		b.wait("suggestion 2 to be selected", jsW+`.querySelector("#wd-sug-1[aria-selected=true]")`, answerWait)
		b.keys(kb.ArrowDown)
		b.wait("suggestion 3 to be selected", jsW+`.querySelector("#wd-sug-2[aria-selected=true]")`, answerWait)
		b.keys(kb.ArrowUp)
		b.wait("suggestion 2 to be selected again", jsW+`.querySelector("#wd-sug-1[aria-selected=true]")`, answerWait)
		// The preview re-renders after the selection: read it once it is
		// stable, so the test compares with what the agent sees.
		want := ""
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(150 * time.Millisecond) {
			v := eval[string](b, jsW+`.getElementById("wd-draft").value`)
			if v != "" && v == want {
				break
			}
			want = v
		}
		b.keys(kb.Enter)
		b.wait("a confirmation or the reply", jsW+`.getElementById("wd-confirm") || document.getElementById("reply").value !== ""`, answerWait)
		if eval[bool](b, "!!"+jsW+`.getElementById("wd-confirm")`) {
			// Blanks are left: Enter again confirms (the focus is on "Insert anyway").
			b.wait("the confirm button to have the focus", jsW+`.activeElement?.id === "wd-confirm"`, answerWait)
			b.keys(kb.Enter)
		}
		b.wait("the host to receive the reply", `document.getElementById("reply").value !== ""`, answerWait)
		if got := eval[string](b, `document.getElementById("reply").value`); got != want {
			t.Errorf("host got %q\nwant %q", got, want)
		}
		ev := eval[map[string]any](b, jsE+`.filter(e => e.type === "insert").pop().reply`)
		if ev["ticketId"] != "T-1042" || ev["replyId"] == "" {
			t.Errorf("insert event %v", ev)
		}
	})

	t.Run("SearchWithSlash", func(t *testing.T) {
		b.t = t
		eval[bool](b, `(`+jsW+`.getElementById("wd-list").focus(), true)`)
		b.keys("/")
		b.wait("the search box to have the focus", jsW+`.activeElement?.id === "wd-search"`, answerWait)
		b.keys("rfnd")
		b.wait("search results", jsW+`.querySelectorAll("#wd-results [role=option]").length > 0`, answerWait)
		if n := eval[int](b, jsW+`.querySelectorAll("#wd-results mark.hit").length`); n == 0 {
			t.Error("no fuzzy matches highlighted")
		}
		b.keys(kb.ArrowDown)
		b.keys(kb.Enter)
		b.wait("the chosen reply to be selected", jsW+`.querySelector("#wd-list [aria-selected=true]") && !`+jsW+`.getElementById("wd-results")`, answerWait)
		if got := eval[string](b, jsW+`.getElementById("wd-draft").value`); !strings.Contains(strings.ToLower(got), "refund") {
			t.Errorf("chosen draft %q does not look like a refund reply", got)
		}
		b.keys(kb.Escape)
	})

	t.Run("MalformedMessageGetsErrorEvent", func(t *testing.T) {
		b.t = t
		before := eval[int](b, jsE+`.filter(e => e.type === "error").length`)
		eval[bool](b, `(Warmdesk.frame().contentWindow.postMessage({warmdesk: 1, type: "bogus"}, location.origin),
			Warmdesk.frame().contentWindow.postMessage("{not json", location.origin),
			Warmdesk.frame().contentWindow.postMessage({warmdesk: 1, type: "ticket", message: {nested: [1, 2]}}, location.origin), true)`)
		b.wait("three error events", fmt.Sprintf(jsE+`.filter(e => e.type === "error").length >= %d`, before+3), answerWait)
		if got := eval[string](b, jsW+`.querySelector(".wd-msg").textContent`); !strings.Contains(got, "third time") {
			t.Errorf("a malformed message changed the ticket: %q", got)
		}
	})

	t.Run("ForeignOriginIsIgnored", func(t *testing.T) {
		b.t = t
		before := eval[string](b, jsW+`.querySelector(".wd-msg").textContent`)
		// Same origin check without the frame check: a forged event with
		// the parent as source and a foreign origin.
		eval[bool](b, `(Warmdesk.frame().contentWindow.dispatchEvent(new MessageEvent("message", {source: window, origin: "https://evil.example",
			data: {warmdesk: 1, type: "ticket", message: "EVIL refund now"}})), true)`)
		eval[bool](b, `(() => { const f = document.createElement("iframe"); f.id = "foreign"; f.src = `+jsonString(foreign.URL)+`; document.body.appendChild(f); return true; })()`)
		time.Sleep(600 * time.Millisecond)
		if got := eval[string](b, jsW+`.querySelector(".wd-msg").textContent`); got != before || strings.Contains(got, "EVIL") {
			t.Errorf("a foreign message changed the ticket to %q", got)
		}
		eval[bool](b, `(document.getElementById("foreign").remove(), true)`)
	})

	t.Run("HostileInputIsText", func(t *testing.T) {
		b.t = t
		long := strings.Repeat("where is my order? ", 3000)
		msg := `Can you gift wrap my order? <script>top.pwned=1</script><img src=x onerror="top.pwned=1"> <a href="javascript:top.pwned=1">link</a> ` +
			`אני כועס מאוד 😡👋🏽 ` + long
		eval[bool](b, `(window.pwned = 0, demoShow({id: "T-<i>6</i>", subject: "<b>x</b>", customerName: "<img src=x onerror=top.pwned=1> Eve",
			customerEmail: "\"><script>top.pwned=1</script>", time: "now", message: `+jsonString(msg)+`}), true)`)
		b.wait("the hostile ticket", jsW+`.querySelector(".wd-msg")?.textContent.includes("<script>top.pwned=1</script>")`, 10*time.Second)
		eval[bool](b, `(`+jsW+`.getElementById("wd-list")?.focus(), true)`)
		b.keys("/")
		b.wait("the search box to have the focus", jsW+`.activeElement?.id === "wd-search"`, answerWait)
		eval[bool](b, `(`+jsW+`.getElementById("wd-search").value = "", true)`)
		b.keys("giftwrap")
		b.wait("the hostile reply in the search", jsW+`.querySelector("#wd-results")?.textContent.includes("<script>")`, answerWait)
		b.keys(kb.Enter)
		b.wait("the hostile reply composed", jsW+`.getElementById("wd-draft")?.value.includes("javascript:")`, answerWait)
		time.Sleep(300 * time.Millisecond)
		bad := eval[int](b, `(() => { const d = `+jsW+`; return d.querySelectorAll(".wd script, .wd img:not(.wd-logo), .wd svg, .wd a, .wd [onerror], .wd [onload], .wd [onmouseover], .wd b, .wd i").length; })()`)
		if bad != 0 {
			t.Errorf("%d elements made from hostile text", bad)
		}
		if p := eval[int](b, `(window.pwned || 0) + (Warmdesk.frame().contentWindow.pwned || 0)`); p != 0 {
			t.Error("hostile text ran script")
		}
		if got := eval[string](b, jsW+`.querySelector(".wd-msg").textContent`); !strings.Contains(got, "😡👋🏽") || !strings.Contains(got, "אני כועס") {
			t.Error("emoji or right-to-left text lost")
		}
		b.keys(kb.Escape)
	})

	t.Run("OutOfScopeFocusesSearch", func(t *testing.T) {
		b.t = t
		eval[bool](b, `(document.querySelectorAll("#tickets button")[3].click(), true)`)
		b.wait("the out-of-scope state", jsW+`.querySelector(".wd-empty")`, 10*time.Second)
		b.wait("the search box to have the focus", jsW+`.activeElement?.id === "wd-search"`, answerWait)
		if got := eval[string](b, jsW+`.getElementById("wd-live").textContent`); !strings.Contains(got, "Nothing in the library fits") {
			t.Errorf("live region says %q", got)
		}
	})

	// A message the core is unsure of: its matches are listed as
	// possible, none is chosen, and Enter inserts nothing.
	t.Run("LowConfidenceChoosesNothing", func(t *testing.T) {
		b.t = t
		eval[bool](b, `(Warmdesk.setTicket({id: "T-LOW", message: "thanks, my order is late"}), true)`)
		b.wait("the unsure state", jsW+`.querySelector(".wd-unsure")`, 10*time.Second)
		if n := eval[int](b, jsW+`.querySelectorAll("#wd-list [role=option]").length`); n == 0 {
			t.Error("no possible replies listed")
		}
		if n := eval[int](b, jsW+`.querySelectorAll("#wd-list [aria-selected=true]").length`); n != 0 {
			t.Errorf("%d replies pre-chosen", n)
		}
		if got := eval[string](b, jsW+`.getElementById("wd-list").getAttribute("aria-label")`); got != "Possible replies" {
			t.Errorf("list label %q", got)
		}
		if got := eval[string](b, jsW+`.getElementById("wd-live").textContent`); !strings.Contains(got, "none chosen") {
			t.Errorf("live region says %q", got)
		}
		inserts := eval[int](b, jsE+`.filter(e => e.type === "insert").length`)
		eval[bool](b, `(document.querySelector("#warmdesk iframe").contentWindow.focus(), `+jsW+`.getElementById("wd-list").focus(), true)`)
		b.keys(kb.Enter)
		// Keys are handled in order: once "1" has chosen the first reply,
		// Enter before it has been handled too.
		b.keys("1")
		b.wait("the first possible reply to be chosen", jsW+`.querySelector("#wd-sug-0[aria-selected=true]")`, answerWait)
		if n := eval[int](b, jsE+`.filter(e => e.type === "insert").length`); n != inserts {
			t.Errorf("Enter with nothing chosen inserted a reply (%d inserts, were %d)", n, inserts)
		}
		b.keys(kb.Escape)
	})

	t.Run("Accessibility", func(t *testing.T) {
		b.t = t
		axe, err := os.ReadFile(filepath.Join(repoRoot, ".tools", "node_modules", "axe-core", "axe.min.js"))
		if err != nil {
			t.Fatalf("axe-core is not installed: run `make test` or scripts/test-deps.sh (%v)", err)
		}
		eval[bool](b, `(document.querySelectorAll("#tickets button")[0].click(), true)`)
		b.wait("suggestions", jsW+`.querySelectorAll("#wd-list [role=option]").length >= 1`, 10*time.Second)
		for _, where := range []string{"/widget", ""} {
			for _, v := range axeViolations(b, where, axe) {
				t.Errorf("%s: axe %v: %v: %v (%v)", cmp.Or(where, "demo"), v["impact"], v["id"], v["help"], v["nodes"])
			}
		}
	})

	t.Run("Screenshot", func(t *testing.T) {
		b.t = t
		if !*updateScreenshot {
			t.Skip("run with -update-screenshot (or WARMDESK_UPDATE_SCREENSHOT=1) to write docs/widget.png")
		}
		b.do(chromedp.EmulateViewport(1440, 900)) // the page 1440×900, as TestBrowserUX photographs it
		eval[bool](b, `(document.querySelectorAll("#tickets button")[0].click(), true)`)
		b.wait("suggestions", jsW+`.querySelectorAll("#wd-list [role=option]").length >= 1`, 10*time.Second)
		eval[bool](b, `(document.activeElement.blur(), `+jsW+`.getElementById("wd-list").focus(), true)`)
		if y := os.Getenv("WARMDESK_SCREENSHOT_SCROLL"); y != "" { // to look at the lower part
			eval[bool](b, `(Warmdesk.frame().contentWindow.scrollTo(0, `+y+`), true)`)
		}
		b.screenshot("widget.png")
	})

	// Last: it stops the server.
	t.Run("OfflineAfterFirstLoad", func(t *testing.T) {
		b.t = t
		b.wait("the service worker to cache the widget", `(async () => { const w = Warmdesk.frame().contentWindow;
			await w.navigator.serviceWorker.ready; const ks = await w.caches.keys(); if (!ks.length) return false;
			const c = await w.caches.open(ks[0]); const wasm = (await c.keys()).some((r) => new URL(r.url).pathname.endsWith("/web/app.wasm"));
			return !!(await c.match("/library.bin")) && !!(await c.match("/widget")) && wasm; })()`, 30*time.Second)
		url := srv.URL
		srv.CloseClientConnections()
		srv.Close()
		b.do(chromedp.Navigate(url + "/widget"))
		b.wait("the widget to work offline", `document.getElementById("wd-paste")`, 30*time.Second)
		eval[bool](b, `(document.getElementById("wd-paste").value = "Where is my order 48213?", document.querySelector(".wd-card .wd-btn").click(), true)`)
		b.wait("offline suggestions", `document.querySelectorAll("#wd-list [role=option]").length >= 1`, 10*time.Second)
	})
	t.Logf("browser tests took %v", time.Since(start).Round(time.Millisecond))
}

// checkWasm: the window win (a JavaScript expression) fetched one
// WebAssembly file, web/NAME under the version, as its resource timing
// entries record it: each page loads its own wasm and not the other's.
func checkWasm(t *testing.T, b *browser, win, name string) {
	t.Helper()
	got := eval[[]string](b, `(`+win+`).performance.getEntriesByType("resource").map(e => new URL(e.name).pathname).filter(p => p.endsWith(".wasm"))`)
	if len(got) != 1 || !regexp.MustCompile(`^/[0-9a-f]{16}/web/`+regexp.QuoteMeta(name)+`$`).MatchString(got[0]) {
		t.Errorf("the page fetched the wasm files %q, want only /<version>/web/%s", got, name)
	}
	if src := eval[string](b, `(`+win+`).__wdWasmURL || ""`); !strings.HasSuffix(src, "/web/"+name) {
		t.Errorf("the wasm was compiled from a response with URL %q, want the fetched /<version>/web/%s (web/loader.js)", src, name)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

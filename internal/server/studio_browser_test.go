package server

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/warmdesk/warmdesk/internal/auth"
	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/internal/studio"
)

// The studio's browser tests: a publisher signs in, edits a reply, sees a
// tone finding underlined, takes a rewording, saves and publishes, and a
// widget that was already open beside a ticket picks up the new reply
// without a reload. Then an editor in another browser profile saves from
// a stale revision and is shown what changed; a foreign site's forged
// requests change nothing; the widget's usage events reach the usage
// page; the report page is checked with axe-core and photographed.

const (
	studioPassword = "a long enough password"
	newBody        = "Unfortunately we can't make the parcel faster, but order {{order.number}} is on its way and I'll keep an eye on it for you."
)

var fastHash = auth.Params{Time: 1, Memory: 64, Threads: 1, KeyLen: 32, SaltLen: 16}

// tab is one browser tab, in its own browser context (cookie jar) when
// asked, so two people can be signed in at once.
func (b *browser) tab(t *testing.T, ownProfile bool) *browser {
	var opts []chromedp.ContextOption
	if ownProfile {
		opts = append(opts, chromedp.WithNewBrowserContext())
	}
	ctx, cancel := chromedp.NewContext(b.ctx, opts...)
	t.Cleanup(cancel)
	if err := noteWasmSource(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return &browser{t: t, ctx: ctx}
}

// signIn opens the studio, is sent to the sign-in page, and signs in with
// the keyboard.
func (b *browser) signIn(base, name string) {
	b.t.Helper()
	b.do(chromedp.Navigate(base + "/studio"))
	b.wait("the sign-in page", `document.getElementById("st-name") && location.pathname === "/studio/login"`, 60*time.Second)
	b.do(chromedp.SendKeys("#st-name", name), chromedp.SendKeys("#st-password", studioPassword+kb.Enter))
	b.wait("the library page", `location.pathname === "/studio" && document.querySelectorAll("#st-results .st-hit").length > 3`, 30*time.Second)
	b.wait("the library to compile", `!document.body.innerText.includes("Compiling the library")`, 60*time.Second)
}

// openIntent searches for an intent by id and opens it.
func (b *browser) openIntent(id string) {
	b.t.Helper()
	eval[bool](b, `(document.activeElement.blur(), true)`)
	b.keys("/")
	b.wait("the search box to have the focus", `document.activeElement?.id === "st-search"`, 5*time.Second)
	// CDP sends a key's down and char events separately: the "/" char may
	// land in the box the keydown just focused (a real key press cannot).
	eval[bool](b, `(document.getElementById("st-search").select(), true)`)
	b.keys(id)
	b.wait("the intent in the results", `document.querySelector("#st-results .st-hit mark.hit")`, 5*time.Second)
	eval[bool](b, `(document.querySelector("#st-results .st-hit").click(), true)`)
	b.wait("the intent's editor", `document.querySelector(".st-edit input[id$='-id']")?.value === `+jsonString(id), 5*time.Second)
}

func TestStudioBrowser(t *testing.T) {
	exe := chromium(t)
	start := time.Now()
	wasm := widgetWasm(t)
	ctx := context.Background()
	st := seededStore(t, map[string]store.Role{"pat": store.Publisher, "ed": store.Editor, "ada": store.Admin})
	lg := log.New(io.Discard, "", 0)
	if testing.Verbose() {
		lg = log.New(os.Stderr, "server: ", 0)
	}
	api, err := studio.New(studio.Config{Store: st, Log: lg})
	if err != nil {
		t.Fatal(err)
	}
	defer api.Close()
	h, err := New(Config{Wasm: wasm, StudioWasm: WasmFiles{Raw: studioWasm(t)}, Studio: api, LibraryPoll: 1, Log: lg})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	b := newBrowser(t, exe)
	// The agent's widget, open beside a ticket before anything changes.
	w := b.tab(t, false)
	w.do(chromedp.Navigate(srv.URL + "/demo"))
	w.wait("the widget's suggestions", jsW+`?.querySelectorAll("#wd-list [role=option]").length >= 1`, 60*time.Second)
	w.wait("the widget's draft", jsW+`?.getElementById("wd-draft")?.value.includes("48213")`, 10*time.Second)
	before := eval[string](w, jsW+`.getElementById("wd-draft").value`)
	if strings.Contains(before, "keep an eye on it") {
		t.Fatal("the widget shows the new words before they exist")
	}
	eval[bool](w, `(Warmdesk.frame().contentWindow.__sameWindow = 42, true)`)
	readies := eval[int](w, jsE+`.filter(e => e.type === "ready").length`)
	t.Logf("widget ready after %v", time.Since(start).Round(time.Millisecond))

	// The studio in the profile where the widget's service worker (scope
	// "/") already runs: the /studio page, which that worker controls,
	// still loads the studio's wasm, the studio's own worker (scope
	// /studio/) installs beside it, and the widget's offline copy stays.
	t.Run("StudioBesideTheWidget", func(t *testing.T) {
		w.t = t
		w.wait("the widget's worker to cache it", `(async () => { const w = Warmdesk.frame().contentWindow;
			await w.navigator.serviceWorker.ready; return (await w.caches.keys()).length === 1; })()`, 30*time.Second)
		s := b.tab(t, false)
		s.do(chromedp.Navigate(srv.URL + "/studio"))
		s.wait("the sign-in page", `document.getElementById("st-name") && location.pathname === "/studio/login"`, 60*time.Second)
		checkWasm(t, s, "window", "studio.wasm")
		checkWasm(t, w, `Warmdesk.frame().contentWindow`, "app.wasm")
		s.wait("both workers", `(async () => { const rs = await navigator.serviceWorker.getRegistrations();
			const scopes = rs.filter(r => r.active).map(r => new URL(r.scope).pathname).sort();
			return scopes.join(" ") === "/ /studio/"; })()`, 30*time.Second)
		s.wait("the widget's offline copy beside the studio's", `(async () => { const ks = await caches.keys(); if (ks.length !== 1) return false;
			const paths = (await (await caches.open(ks[0])).keys()).map(r => new URL(r.url).pathname);
			return paths.some(p => p.endsWith("/web/app.wasm")) && paths.includes("/widget") && paths.some(p => p.endsWith("/web/studio.wasm")); })()`, 30*time.Second)
	})

	pat := b.tab(t, true)
	t.Run("SignInEditFixSavePublish", func(t *testing.T) {
		pat.t = t
		pat.signIn(srv.URL, "pat")
		checkWasm(t, pat, "window", "studio.wasm")
		pat.openIntent("order.track")
		// Replace the first reply's body by typing, as a person would.
		eval[bool](pat, `(document.querySelector(".st-reply textarea.wd-draft").focus(), document.querySelector(".st-reply textarea.wd-draft").select(), true)`)
		pat.do(chromedp.SendKeys(".st-reply textarea.wd-draft", newBody))
		pat.wait("the tone finding underlined in place", `[...document.querySelectorAll(".st-reply .wd-backdrop mark.tone")].some(m => m.textContent.toLowerCase() === "we can't")`, 10*time.Second)
		fix := `[...document.querySelectorAll(".st-reply .wd-fix")].find(b => b.getAttribute("aria-label").includes("we can't"))`
		pat.wait("a rewording", fix, 5*time.Second)
		rewording := eval[string](pat, fix+`.textContent.replace("→ ", "")`)
		eval[bool](pat, `(`+fix+`.click(), true)`)
		pat.wait("the rewording in the body", `!document.querySelector(".st-reply textarea.wd-draft").value.includes("we can't")`, 5*time.Second)
		body := eval[string](pat, `document.querySelector(".st-reply textarea.wd-draft").value`)
		// "we can't" is mid-sentence: the rewording goes in lower case.
		if r := rewording; !strings.HasPrefix(r, "I ") && !strings.HasPrefix(r, "I'") {
			rewording = strings.ToLower(r[:1]) + r[1:]
		}
		if !strings.Contains(body, rewording) || !strings.Contains(body, "keep an eye on it") {
			t.Fatalf("body after the rewording: %q (rewording %q)", body, rewording)
		}
		pat.do(chromedp.SendKeys("#st-save-msg", "Warmer tracking reply"))
		eval[bool](pat, `(document.getElementById("st-save").click(), true)`)
		pat.wait("the save", `document.getElementById("st-notice")?.textContent.includes("Saved as revision 2")`, 15*time.Second)
		head, err := st.Head(ctx)
		if err != nil || head.ID != 2 || head.Author != "pat" || !strings.Contains(string(head.Document), rewording) {
			t.Fatalf("stored head %+v %v", head.RevisionInfo, err)
		}
		eval[bool](pat, `(document.querySelector('a[href="/studio/revisions"]').click(), true)`)
		pat.wait("the publish button", `document.getElementById("st-publish-2")`, 15*time.Second)
		pat.wait("the diff of revision 2", `document.getElementById("st-diff")?.textContent.includes("keep an eye on it")`, 15*time.Second)
		eval[bool](pat, `(document.getElementById("st-publish-2").click(), true)`)
		pat.wait("the publish notice", `document.getElementById("st-notice")?.textContent.includes("Revision 2 is published")`, 15*time.Second)
	})

	t.Run("OpenWidgetPicksUpTheNewReply", func(t *testing.T) {
		w.t = t
		w.wait("the widget to show the published reply", jsW+`.getElementById("wd-draft")?.value.includes("keep an eye on it")`, 20*time.Second)
		if got := eval[int](w, `Warmdesk.frame().contentWindow.__sameWindow || 0`); got != 42 {
			t.Error("the widget reloaded")
		}
		if got := eval[int](w, jsE+`.filter(e => e.type === "ready").length`); got != readies {
			t.Errorf("the widget said ready %d times, then %d: it reloaded", readies, got)
		}
		draft := eval[string](w, jsW+`.getElementById("wd-draft").value`)
		if !strings.Contains(draft, "order 48213 is on its way and I'll keep an eye on it") {
			t.Errorf("new draft %q: the new reply's placeholder is not filled", draft)
		}
	})

	ed := b.tab(t, true)
	t.Run("TwoEditorsConflict", func(t *testing.T) {
		ed.t, pat.t = t, t
		ed.signIn(srv.URL, "ed")
		if eval[bool](ed, `!!document.querySelector('a[href="/studio/users"]')`) {
			t.Error("an editor sees the Users page")
		}
		// Both start from revision 2; pat saves first.
		eval[bool](pat, `(document.querySelector('a[href="/studio"]').click(), true)`)
		pat.wait("the library page", `document.querySelectorAll("#st-results .st-hit").length > 3`, 15*time.Second)
		pat.openIntent("order.cancel")
		eval[bool](pat, `(document.querySelector(".st-edit input[id$='-title']").select(), true)`)
		pat.do(chromedp.SendKeys(".st-edit input[id$='-title']", "Cancel an order (pat)"))
		pat.do(chromedp.SendKeys("#st-save-msg", "Clearer title"))
		eval[bool](pat, `(document.getElementById("st-save").click(), true)`)
		pat.wait("pat's save", `document.getElementById("st-notice")?.textContent.includes("Saved as revision 3")`, 15*time.Second)

		ed.openIntent("order.change")
		eval[bool](ed, `(document.querySelector(".st-edit input[id$='-title']").select(), true)`)
		ed.do(chromedp.SendKeys(".st-edit input[id$='-title']", "Change an order (ed)"))
		ed.do(chromedp.SendKeys("#st-save-msg", "Ed's title"))
		eval[bool](ed, `(document.getElementById("st-save").click(), true)`)
		ed.wait("the conflict", `document.getElementById("st-conflict")`, 15*time.Second)
		text := eval[string](ed, `document.getElementById("st-conflict").textContent`)
		if !strings.Contains(text, "Revision 3 by pat") || !strings.Contains(text, "Cancel an order (pat)") {
			t.Errorf("the conflict does not say what changed: %q", text)
		}
		if head, _ := st.Head(ctx); head.ID != 3 || !strings.Contains(string(head.Document), "Cancel an order (pat)") {
			t.Errorf("the head changed: revision %d", head.ID)
		}
		// Ed's edit is still on screen, not lost; brought over to revision
		// 3, it saves as revision 4 with pat's change kept.
		if v := eval[string](ed, `document.querySelector(".st-edit input[id$='-title']").value`); v != "Change an order (ed)" {
			t.Errorf("ed's edit is gone: %q", v)
		}
		eval[bool](ed, `(document.getElementById("st-bring-over").click(), true)`)
		ed.wait("the edits brought over", `!document.getElementById("st-conflict") && document.getElementById("st-notice")?.textContent.includes("revision 3")`, 15*time.Second)
		eval[bool](ed, `(document.getElementById("st-save").click(), true)`)
		ed.wait("ed's save", `document.getElementById("st-notice")?.textContent.includes("Saved as revision 4")`, 15*time.Second)
		head, _ := st.Head(ctx)
		if head.ID != 4 || !strings.Contains(string(head.Document), "Cancel an order (pat)") || !strings.Contains(string(head.Document), "Change an order (ed)") {
			t.Errorf("revision %d does not hold both changes", head.ID)
		}
	})

	t.Run("InvalidLibraryShowsEveryProblem", func(t *testing.T) {
		ed.t = t
		eval[bool](ed, `(document.querySelector(".st-edit textarea[id$='-phrasings']").select(), true)`)
		ed.keys(kb.Delete)
		ed.wait("the problems", `document.getElementById("st-problems")?.textContent.includes("phrasings")`, 15*time.Second)
	})

	t.Run("ForeignSiteChangesNothing", func(t *testing.T) {
		// A page of another site, open in pat's signed-in profile, tries
		// to save and publish with pat's cookie.
		foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `<!doctype html><title>evil</title><script>
				window.results = [];
				const base = `+jsonString(srv.URL)+`;
				const tries = [
					fetch(base + "/studio/api/revisions/1/publish", {method: "POST", credentials: "include", mode: "no-cors"}),
					fetch(base + "/studio/api/revisions", {method: "POST", credentials: "include", mode: "no-cors",
						headers: {"Content-Type": "text/plain"}, body: JSON.stringify({base: 3, document: {}, message: "evil"})}),
					fetch(base + "/studio/api/events", {method: "POST", mode: "no-cors", headers: {"Content-Type": "text/plain"}, body: "{}"}),
				];
				Promise.allSettled(tries).then(() => { document.title = "done"; });
			</script>`)
		}))
		defer foreign.Close()
		evil := pat.tab(t, false)
		evil.do(chromedp.Navigate(foreign.URL))
		evil.wait("the forged requests", `document.title === "done"`, 15*time.Second)
		if pub, _ := st.Published(ctx); pub.ID != 2 {
			t.Errorf("a foreign site published revision %d", pub.ID)
		}
		if head, _ := st.Head(ctx); head.ID != 4 {
			t.Errorf("a foreign site saved revision %d", head.ID)
		}
	})

	t.Run("UsageFromTheWidget", func(t *testing.T) {
		w.t = t
		// Insert the suggestion, then the host reports what was sent.
		eval[bool](w, `(Warmdesk.frame().contentWindow.focus(), `+jsW+`.getElementById("wd-list").focus(), true)`)
		w.keys(kb.Enter)
		w.wait("a confirmation or the insert", jsW+`.getElementById("wd-confirm") || document.getElementById("reply").value !== ""`, 5*time.Second)
		if eval[bool](w, "!!"+jsW+`.getElementById("wd-confirm")`) {
			// CDP sends Enter's keydown and its character apart: the
			// character may reach the confirm button the keydown showed
			// and focused, and insert (a real key press cannot).
			w.wait("the confirm button to have the focus, or the insert", jsW+`.activeElement?.id === "wd-confirm" || document.getElementById("reply").value !== ""`, 5*time.Second)
			if eval[bool](w, `document.getElementById("reply").value === ""`) {
				w.keys(kb.Enter)
			}
		}
		w.wait("the insert", `document.getElementById("reply").value.includes("keep an eye on it")`, 10*time.Second)
		eval[bool](w, `(Warmdesk.reportSent(document.getElementById("reply").value + " Talk soon, Sam"), true)`)
		var u []store.Usage
		deadline := time.Now().Add(25 * time.Second)
		for time.Now().Before(deadline) {
			u, _ = st.Usage(ctx, time.Now().Add(-time.Hour))
			if sum(u, func(x store.Usage) int { return x.Sent }) > 0 {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		var track *store.Usage
		for i := range u {
			if u[i].ReplyID == "order.track.status" {
				track = &u[i]
			}
		}
		if track == nil || track.Suggested < 1 || track.Inserted != 1 || track.Sent != 1 || track.MeanEdit <= 0 || track.MeanEdit > 0.3 {
			t.Fatalf("usage of the inserted reply: %+v (all: %+v)", track, u)
		}
		eval[bool](pat, `(document.querySelector('a[href="/studio/usage"]').click(), true)`)
		pat.wait("the usage table", `document.getElementById("st-usage-replies")?.textContent.includes("order")`, 15*time.Second)
		cells := eval[[]string](pat, `[...([...document.querySelectorAll("#st-usage-replies tbody tr")].find(r => r.cells[0].textContent === "Share tracking details")?.cells || [])].map(c => c.textContent)`)
		// Reply, intent, suggested, inserted, sent, acceptance, mean edit, per day, flags.
		if len(cells) != 9 || cells[1] != "Track an order" || cells[3] != "1" || cells[4] != "1" || cells[6] == "–" {
			t.Errorf("usage row of the inserted reply: %q", cells)
		}
	})

	t.Run("ReportAndAccessibility", func(t *testing.T) {
		pat.t = t
		eval[bool](pat, `(document.querySelector('a[href="/studio/report"]').click(), true)`)
		pat.wait("the report", `document.getElementById("st-report")`, 90*time.Second)
		axe, err := os.ReadFile(filepath.Join(repoRoot, ".tools", "node_modules", "axe-core", "axe.min.js"))
		if err != nil {
			t.Fatalf("axe-core is not installed: run `make test` or scripts/test-deps.sh (%v)", err)
		}
		check := func(b *browser, page string) {
			for _, v := range axeViolations(b, "", axe) {
				t.Errorf("%s: axe %v: %v: %v (%v)", page, v["impact"], v["id"], v["help"], v["nodes"])
			}
		}
		check(pat, "report")
		if *updateScreenshot {
			eval[bool](pat, `(window.scrollTo(0, 0), document.activeElement.blur(), true)`)
			pat.screenshot("studio-report.png")
		}
		for _, page := range []string{"/studio/usage", "/studio/revisions", "/studio"} {
			eval[bool](pat, `(document.querySelector('a[href="`+page+`"]').click(), true)`)
			pat.wait(page, `location.pathname === "`+page+`" && document.querySelector("#st-main table, #st-main .st-lib")`, 15*time.Second)
			time.Sleep(200 * time.Millisecond)
			check(pat, page)
		}
		check(ed, "library with a conflict and problems")
		ada := pat.tab(t, true)
		ada.do(chromedp.Navigate(srv.URL + "/studio/login"))
		ada.wait("the sign-in page", `document.getElementById("st-name")`, 30*time.Second)
		check(ada, "sign-in")
		ada.signIn(srv.URL, "ada")
		eval[bool](ada, `(document.querySelector('a[href="/studio/users"]').click(), true)`)
		ada.wait("the accounts", `document.querySelectorAll("#st-main tbody tr").length === 3`, 15*time.Second)
		check(ada, "users")
	})
	t.Logf("studio browser tests took %v", time.Since(start).Round(time.Millisecond))
}

func sum[T any](xs []T, f func(T) int) int {
	n := 0
	for _, x := range xs {
		n += f(x)
	}
	return n
}

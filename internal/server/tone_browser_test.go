package server

import (
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/warmdesk/warmdesk/suggestions"
)

// An agent who edits a reply into an error-severity tone finding is shown
// the finding and its rewording before the reply reaches the customer:
// "r" uses the rewording, Enter inserts anyway.
func TestBrowserToneConfirmBeforeInsert(t *testing.T) {
	exe := chromium(t)
	h, err := New(Config{Library: suggestions.DefaultLibraryJSON(), LibraryFile: "default.json", Wasm: widgetWasm(t), Log: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	b := newBrowser(t, exe)
	b.do(chromedp.Navigate(srv.URL + "/demo"))
	b.wait("the widget to show suggestions", jsW+`?.querySelectorAll("#wd-list [role=option]").length >= 1`, 60*time.Second)

	ctrlEnter := func() {
		t.Helper()
		b.do(chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	}
	// edit types a sentence into the draft before its last line, as the
	// agent would, and leaves the caret in the draft. Placeholders are
	// filled first, so only the tone question can hold the reply back.
	edit := func(sentence string) string {
		t.Helper()
		return eval[string](b, `(() => { const w = Warmdesk.frame().contentWindow; w.focus();
			const d = `+jsW+`; const ta = d.getElementById("wd-draft");
			let v = ta.value.replace(/\{\{[^}]*\}\}/g, "42");
			const k = v.lastIndexOf("\n");
			v = v.slice(0, k) + "\n" + `+jsonString(sentence)+` + v.slice(k);
			ta.value = v; ta.dispatchEvent(new w.Event("input", {bubbles: true})); ta.focus();
			ta.setSelectionRange(v.length, v.length); return v; })()`)
	}
	reply := func() string { return eval[string](b, `document.getElementById("reply").value`) }
	eval[bool](b, `(document.getElementById("reply").value = "", true)`)

	t.Run("UnderlinedThenAsked", func(t *testing.T) {
		b.t = t
		edit("We can't refund opened items.")
		b.wait("the finding underlined in the draft", jsW+`.querySelector(".wd-backdrop mark.tone.error")?.textContent === "We can't"`, answerWait)
		ctrlEnter()
		b.wait("the tone question", jsW+`.getElementById("wd-tone-confirm")`, answerWait)
		got := eval[string](b, jsW+`.getElementById("wd-tone-confirm").textContent`)
		for _, want := range []string{"We can't", "Say what we can do", "What we can do is", "Insert anyway", "Use the rewording"} {
			if !strings.Contains(got, want) {
				t.Errorf("the question %q lacks %q", got, want)
			}
		}
		b.wait("the focus on Insert anyway", jsW+`.activeElement?.id === "wd-confirm"`, answerWait)
		if r := reply(); r != "" {
			t.Fatalf("the host got the reply before the agent answered: %q", r)
		}
		if live := eval[string](b, jsW+`.getElementById("wd-live").textContent`); !strings.Contains(live, "We can't") {
			t.Errorf("the live region does not name the finding: %q", live)
		}
		axe, err := os.ReadFile(filepath.Join(repoRoot, ".tools", "node_modules", "axe-core", "axe.min.js"))
		if err != nil {
			t.Fatalf("axe-core is not installed: run `make test` or scripts/test-deps.sh (%v)", err)
		}
		for _, v := range axeViolations(b, "/widget", axe) {
			t.Errorf("axe, with the question shown: %v: %v (%v)", v["id"], v["help"], v["nodes"])
		}
		// axe moved nothing: the focus is still on Insert anyway.
		eval[bool](b, `(`+jsW+`.getElementById("wd-confirm").focus(), true)`)
	})

	t.Run("RUsesTheRewording", func(t *testing.T) {
		b.t = t
		b.keys("r")
		b.wait("the rewording in the draft", jsW+`.getElementById("wd-draft").value.includes("What we can do is refund opened items.")`, answerWait)
		b.wait("the focus in the draft", jsW+`.activeElement?.id === "wd-draft"`, answerWait)
		sel := eval[string](b, `(() => { const ta = `+jsW+`.getElementById("wd-draft"); return ta.value.slice(ta.selectionStart, ta.selectionEnd); })()`)
		if sel != " refund opened items" {
			t.Errorf("selected %q, want the rest of the sentence", sel)
		}
		if eval[bool](b, "!!"+jsW+`.getElementById("wd-tone-confirm")`) {
			t.Error("the question is still shown after the rewording")
		}
		// Typing replaces the selection; the reply then goes out at once.
		b.keys(" swap it for store credit")
		b.wait("the typed words in the draft", jsW+`.getElementById("wd-draft").value.includes("What we can do is swap it for store credit.")`, answerWait)
		ctrlEnter()
		b.wait("the host to receive the reply", `document.getElementById("reply").value !== ""`, answerWait)
		if r := reply(); !strings.Contains(r, "What we can do is swap it for store credit.") || strings.Contains(r, "can't") {
			t.Errorf("the host got %q", r)
		}
	})

	t.Run("EnterInsertsAnyway", func(t *testing.T) {
		b.t = t
		eval[bool](b, `(document.getElementById("reply").value = "", true)`)
		want := edit("We won't refund opened items.")
		ctrlEnter()
		b.wait("the tone question", jsW+`.getElementById("wd-tone-confirm")?.textContent.includes("We won't")`, answerWait)
		b.wait("the focus on Insert anyway", jsW+`.activeElement?.id === "wd-confirm"`, answerWait)
		b.keys(kb.Enter)
		b.wait("the host to receive the reply", `document.getElementById("reply").value !== ""`, answerWait)
		if r := reply(); r != want {
			t.Errorf("the host got %q\nwant the draft as it was %q", r, want)
		}
	})

	t.Run("CopyAsksToo", func(t *testing.T) {
		b.t = t
		eval[bool](b, `(document.getElementById("reply").value = "", true)`)
		edit("We don't refund opened items.")
		// The Copy button, as the agent would click it.
		eval[bool](b, `(() => { const btn = [...`+jsW+`.querySelectorAll(".wd-actions button")].find(e => e.textContent === "Copy"); btn.click(); return true; })()`)
		b.wait("the tone question for a copy", jsW+`.getElementById("wd-tone-confirm")?.textContent.includes("Before you copy")`, answerWait)
		if got := eval[string](b, jsW+`.getElementById("wd-confirm").textContent`); !strings.Contains(got, "Copy anyway") {
			t.Errorf("the question's button says %q, want Copy anyway", got)
		}
		b.wait("the focus on Copy anyway", jsW+`.activeElement?.id === "wd-confirm"`, answerWait)
		b.keys(kb.Enter)
		// Headless Chromium may refuse the clipboard: either way the copy
		// was tried, the question is gone and nothing was inserted.
		b.wait("the copy to be tried", `/Cop(ied|y failed)/.test(`+jsW+`.querySelector(".wd-notice")?.textContent || "")`, answerWait)
		if eval[bool](b, "!!"+jsW+`.getElementById("wd-tone-confirm")`) {
			t.Error("the question is still shown after Copy anyway")
		}
		if r := reply(); r != "" {
			t.Errorf("a copy inserted into the host's reply: %q", r)
		}
	})
}

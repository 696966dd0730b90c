package server

import (
	"context"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/internal/studio"
)

// The studio shows a library's tone findings where they are, openers and
// acknowledgements too, lists its tone errors first in the quality
// report, and publishes a revision with tone errors only once the
// publisher has confirmed each of them by name.
func TestStudioBrowserToneErrors(t *testing.T) {
	exe := chromium(t)
	ctx := context.Background()
	st := seededStore(t, map[string]store.Role{"pat": store.Publisher})
	// Revision 2, saved as work in progress: a blunt reply, a generic
	// opener and an acknowledgement that apologises for the feeling.
	lib := defaultLibrary(t)
	for i := range lib.Intents {
		if lib.Intents[i].ID == "order.track" {
			lib.Intents[i].Replies[0].Body = "We can't speed the parcel up, and order {{order.number}} is on its way."
		}
	}
	lib.Openers[0].Text = "Dear valued customer,"
	for i, f := range lib.Feelings {
		if f.Negative {
			lib.Feelings[i].Acknowledgements[0].Text = "I'm sorry you feel that way, and I'm looking into it."
			break
		}
	}
	doc, err := lib.MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Save(ctx, 1, doc, "ed", "Work in progress"); err != nil {
		t.Fatal(err)
	}

	lg := log.New(io.Discard, "", 0)
	api, err := studio.New(studio.Config{Store: st, Log: lg})
	if err != nil {
		t.Fatal(err)
	}
	defer api.Close()
	hd, err := New(Config{Wasm: widgetWasm(t), StudioWasm: WasmFiles{Raw: studioWasm(t)}, Studio: api, Log: lg})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(hd)
	defer srv.Close()
	b := newBrowser(t, exe).tab(t, true)
	b.signIn(srv.URL, "pat")

	axe, err := os.ReadFile(filepath.Join(repoRoot, ".tools", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core is not installed: run `make test` or scripts/test-deps.sh (%v)", err)
	}
	checkAxe := func(t *testing.T, page string) {
		for _, v := range axeViolations(b, "", axe) {
			t.Errorf("%s: axe %v: %v: %v (%v)", page, v["impact"], v["id"], v["help"], v["nodes"])
		}
	}
	section := func(label string) {
		eval[bool](b, `([...document.querySelectorAll(".st-list .st-hit")].find(x => x.textContent === `+jsonString(label)+`).click(), true)`)
	}

	t.Run("FindingsUnderlinedInPlace", func(t *testing.T) {
		b.t = t
		b.openIntent("order.track")
		b.wait("the reply's error underlined", `[...document.querySelectorAll(".st-reply .wd-backdrop mark.tone.error")].some(m => m.textContent === "We can't")`, 10*time.Second)
		section("Openers & closers")
		b.wait("the opener's finding underlined", `document.querySelector("#st-openers-0-text")?.parentElement.querySelector(".wd-backdrop mark.tone")?.textContent === "valued customer"`, 10*time.Second)
		if got := eval[string](b, `document.getElementById("st-openers-0-text").value`); got != "Dear valued customer," {
			t.Errorf("opener field holds %q", got)
		}
		// A placeholder is a name once filled: the shipped openers are clean.
		if n := eval[int](b, `document.querySelectorAll(".st-snippet .wd-backdrop mark.tone").length`); n != 1 {
			t.Errorf("%d underlined findings among the openers and closers, want only the generic greeting", n)
		}
		// A closer keeps its line break (its signature on a line of its own).
		if got := eval[string](b, `document.getElementById("st-closers-0-text").value`); !strings.Contains(got, "\n{{agent.first_name}}") {
			t.Errorf("closer field holds %q", got)
		}
		checkAxe(t, "openers and closers")
		section("Feelings")
		b.wait("the acknowledgement's error underlined", `[...document.querySelectorAll(".st-ack .wd-backdrop mark.tone.error")].some(m => m.textContent.startsWith("sorry you feel"))`, 10*time.Second)
		if n := eval[int](b, `document.querySelectorAll(".st-ack .wd-fix").length`); n == 0 {
			t.Error("no rewording offered for the acknowledgement")
		}
		checkAxe(t, "feelings")
	})

	t.Run("ReportListsToneErrorsFirst", func(t *testing.T) {
		b.t = t
		eval[bool](b, `(document.querySelector('a[href="/studio/report"]').click(), true)`)
		b.wait("the report", `document.getElementById("st-report")`, 90*time.Second)
		b.wait("the tone errors", `document.getElementById("st-tone-errors")`, 5*time.Second)
		// Before everything else the report says.
		if !eval[bool](b, `(() => { const first = document.querySelector("#st-report section"); return first && first.id === "st-tone-errors"; })()`) {
			t.Error("the tone errors are not the report's first section")
		}
		text := eval[string](b, `document.getElementById("st-tone-errors").textContent`)
		for _, want := range []string{"Tone errors (2)", "We can't", "sorry you feel", "say-what-we-can", "no-non-apology"} {
			if !strings.Contains(text, want) {
				t.Errorf("the tone errors lack %q: %q", want, text)
			}
		}
		if strings.Contains(text, "valued customer") {
			t.Error("a finding below error severity is listed among the errors")
		}
		// In the full list, errors come before the rest.
		sev := eval[[]string](b, `[...document.querySelectorAll("#st-tone tbody tr")].map(r => r.className)`)
		seenOther := false
		for _, c := range sev {
			if c != "st-sev-error" {
				seenOther = true
			} else if seenOther {
				t.Errorf("an error after a lesser finding in the tone list: %q", sev)
				break
			}
		}
		checkAxe(t, "report with tone errors")
	})

	t.Run("PublishAsksToConfirmEachFinding", func(t *testing.T) {
		b.t = t
		eval[bool](b, `(document.querySelector('a[href="/studio/revisions"]').click(), true)`)
		b.wait("the publish button", `document.getElementById("st-publish-2")`, 15*time.Second)
		eval[bool](b, `(document.getElementById("st-publish-2").click(), true)`)
		b.wait("the confirmation", `document.getElementById("st-publish-confirm")`, 15*time.Second)
		rows := eval[[]string](b, `[...document.querySelectorAll("#st-confirm-findings tbody tr")].map(r => r.textContent)`)
		if len(rows) != 2 || !strings.Contains(strings.Join(rows, "|"), "We can't") || !strings.Contains(strings.Join(rows, "|"), "sorry you feel") {
			t.Errorf("the confirmation names %q", rows)
		}
		if pub, _ := st.Published(ctx); pub.ID != 1 {
			t.Fatalf("revision %d was published before the confirmation", pub.ID)
		}
		b.wait("the focus on Don't publish", `document.activeElement?.id === "st-confirm-cancel"`, 5*time.Second)
		checkAxe(t, "revisions with the publish confirmation")
		eval[bool](b, `(document.getElementById("st-confirm-cancel").click(), true)`)
		b.wait("the confirmation gone", `!document.getElementById("st-publish-confirm")`, 5*time.Second)
		if pub, _ := st.Published(ctx); pub.ID != 1 {
			t.Fatalf("cancelling published revision %d", pub.ID)
		}
		eval[bool](b, `(document.getElementById("st-publish-2").click(), true)`)
		b.wait("the confirmation again", `document.getElementById("st-confirm-publish")`, 15*time.Second)
		eval[bool](b, `(document.getElementById("st-confirm-publish").click(), true)`)
		b.wait("the publish notice", `document.getElementById("st-notice")?.textContent.includes("Revision 2 is published")`, 15*time.Second)
		if pub, _ := st.Published(ctx); pub.ID != 2 {
			t.Errorf("published revision %d after confirming", pub.ID)
		}
	})
}

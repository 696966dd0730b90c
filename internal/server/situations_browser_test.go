package server

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/internal/studio"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// A knowledge manager edits a situation in the studio: empties one of its
// acknowledgements and follows the problem to the field, sees a tone
// error underlined there, writes acknowledgements that name the situation
// and a new cue, tries a message, saves, sees the change in the diff and
// publishes; a widget already open on a ticket that says the new cue then
// names the situation on the feeling's chip and opens the reply with the
// new acknowledgement, without a reload; back in the library, searching
// for the new cue opens the situation at its cues.
func TestStudioBrowserSituations(t *testing.T) {
	exe := chromium(t)
	ctx := context.Background()
	st := seededStore(t, map[string]store.Role{"pat": store.Publisher})
	lib := defaultLibrary(t)
	// Where the late delivery is on the page, and what it is called.
	f, s, label := -1, -1, ""
	for i, fe := range lib.Feelings {
		for j, si := range fe.Situations {
			if si.ID == "delivery-late" {
				f, s, label = i, j, si.Label
			}
		}
	}
	if f < 0 || len(lib.Feelings[f].Situations[s].Acknowledgements) == 0 {
		t.Fatal("the default library has no delivery-late situation with acknowledgements")
	}
	acks := len(lib.Feelings[f].Situations[s].Acknowledgements)
	base := fmt.Sprintf("st-feeling-%d-sit-%d", f, s)
	const (
		msg  = "Where is my order 48213? The parcel has gone walkabout."
		cue  = "gone walkabout | 2"
		good = "A parcel that wanders off on its way to you is maddening, and I'm sorry."
	)

	lg := log.New(io.Discard, "", 0)
	api, err := studio.New(studio.Config{Store: st, Log: lg})
	if err != nil {
		t.Fatal(err)
	}
	defer api.Close()
	hd, err := New(Config{Wasm: widgetWasm(t), StudioWasm: WasmFiles{Raw: studioWasm(t)}, Studio: api, LibraryPoll: 1, Log: lg})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(hd)
	defer srv.Close()

	b := newBrowser(t, exe)
	// The agent's widget, on the ticket, before anything changes.
	w := b.tab(t, false)
	w.do(chromedp.Navigate(srv.URL + "/demo"))
	w.wait("the widget's suggestions", jsW+`?.querySelectorAll("#wd-list [role=option]").length >= 1`, 60*time.Second)
	eval[bool](w, `(Warmdesk.setTicket({id: "T-77", message: `+jsonString(msg)+`, customerName: "Sam"}), true)`)
	w.wait("the ticket", jsW+`?.querySelector(".wd-msg")?.textContent === `+jsonString(msg), 10*time.Second)
	w.wait("its draft", jsW+`.getElementById("wd-draft")?.value.includes("48213")`, 10*time.Second)
	if d := w.stableDraft(); strings.Contains(d, "wanders off") {
		t.Fatalf("the draft has the new acknowledgement before it exists: %q", d)
	}
	if n := eval[int](w, jsW+`.querySelectorAll(".wd-chip-sit").length`); n != 0 {
		t.Fatalf("before the edit, a chip already names a situation for %q", msg)
	}
	eval[bool](w, `(Warmdesk.frame().contentWindow.__sameWindow = 7, true)`)

	p := b.tab(t, true)
	p.signIn(srv.URL, "pat")
	ackField := func(k int) string { return fmt.Sprintf("%s-ack-%d-text", base, k) }
	// retype replaces a field's text by typing, as a person would.
	retype := func(id, text string) {
		t.Helper()
		eval[bool](p, `(document.getElementById(`+jsonString(id)+`).focus(), document.getElementById(`+jsonString(id)+`).select(), true)`)
		p.do(chromedp.SendKeys("#"+id, text))
		p.wait(id+" to hold the text", `document.getElementById(`+jsonString(id)+`).value === `+jsonString(text), 5*time.Second)
	}

	t.Run("ProblemLeadsToTheField", func(t *testing.T) {
		p.t = t
		eval[bool](p, `([...document.querySelectorAll(".st-list .st-hit")].find(x => x.textContent === "Feelings").click(), true)`)
		toggle := jsonString(base + "-toggle")
		p.wait("the situation folded", `document.getElementById(`+toggle+`)?.getAttribute("aria-expanded") === "false" && !document.getElementById(`+jsonString(ackField(0))+`)`, 10*time.Second)
		if got := eval[string](p, `document.getElementById(`+toggle+`).textContent`); !strings.Contains(got, "delivery-late") || !strings.Contains(got, label) || !strings.Contains(got, "implied by 1 intent") {
			t.Errorf("the folded situation says %q", got)
		}
		// Opened from the keyboard.
		eval[bool](p, `(document.getElementById(`+toggle+`).focus(), true)`)
		p.keys(kb.Enter)
		p.wait("the situation open", `(document.getElementById(`+jsonString(ackField(0))+`)?.offsetParent ?? null) !== null`, 5*time.Second)
		eval[bool](p, `(document.getElementById(`+jsonString(ackField(0))+`).select(), true)`)
		p.keys(kb.Delete)
		field := fmt.Sprintf("situations[%d].acknowledgements[0].text", s)
		p.wait("the problem", `[...document.querySelectorAll("#st-problems li")].some(li => li.textContent.includes(`+jsonString(field)+`))`, 15*time.Second)
		eval[bool](p, `(document.getElementById(`+toggle+`).click(), true)`)
		p.wait("the situation folded again", `!document.getElementById(`+jsonString(ackField(0))+`)`, 5*time.Second)
		eval[bool](p, `([...document.querySelectorAll("#st-problems li")].find(li => li.textContent.includes(`+jsonString(field)+`)).querySelector("button").click(), true)`)
		p.wait("the focus on the emptied acknowledgement", `document.activeElement?.id === `+jsonString(ackField(0)), 5*time.Second)
		if got := eval[string](p, `document.getElementById(`+toggle+`).getAttribute("aria-expanded")`); got != "true" {
			t.Errorf("the problem's situation is marked expanded %q", got)
		}
	})

	t.Run("ToneErrorInPlace", func(t *testing.T) {
		p.t = t
		p.do(chromedp.SendKeys("#"+ackField(0), "I'm sorry you feel that way about the parcel."))
		p.wait("the error underlined in the acknowledgement", `[...document.getElementById(`+jsonString(ackField(0))+`).parentElement.querySelectorAll(".wd-backdrop mark.tone.error")].some(m => m.textContent.startsWith("sorry you feel"))`, 10*time.Second)
		if got := eval[string](p, `document.getElementById(`+jsonString(base+"-toggle")+`).textContent`); !strings.Contains(got, "1 tone finding") {
			t.Errorf("the summary does not count the finding: %q", got)
		}
		p.wait("the problems gone", `!document.getElementById("st-problems")`, 15*time.Second)
	})

	t.Run("EditCueAndAcknowledgementsTrySave", func(t *testing.T) {
		p.t = t
		for k := 0; k < acks; k++ {
			retype(ackField(k), good)
		}
		p.wait("no finding left", `!document.querySelector("#`+base+` .wd-backdrop mark.tone")`, 10*time.Second)
		cues := base + "-cues"
		eval[bool](p, `(() => { const c = document.getElementById(`+jsonString(cues)+`); c.focus(); c.selectionStart = c.selectionEnd = c.value.length; return true; })()`)
		p.do(chromedp.SendKeys("#"+cues, cue))
		p.wait("the cue in the field", `document.getElementById(`+jsonString(cues)+`).value.trimEnd().endsWith(`+jsonString(cue)+`)`, 5*time.Second)
		eval[bool](p, `(document.getElementById("st-try").value = `+jsonString(msg)+`, [...document.querySelectorAll(".st-try button")].find(b => b.textContent === "Try it").click(), true)`)
		p.wait("the try panel to name the situation", `document.querySelector("#st-try-result .wd-chip-sit")?.textContent.includes(`+jsonString(strings.TrimPrefix(label, "a "))+`)`, 20*time.Second)
		p.wait("the tried reply to open with the new acknowledgement", `document.querySelector("#st-try-result .st-try-text")?.textContent.includes("wanders off")`, 20*time.Second)
		p.do(chromedp.SendKeys("#st-save-msg", "A parcel gone walkabout is a late delivery"))
		eval[bool](p, `(document.getElementById("st-save").click(), true)`)
		p.wait("the save", `document.getElementById("st-notice")?.textContent.includes("Saved as revision 2")`, 15*time.Second)
		head, err := st.Head(ctx)
		if err != nil || head.ID != 2 {
			t.Fatalf("head %+v %v", head.RevisionInfo, err)
		}
		saved, err := library.ParseLibrary("revision 2", head.Document)
		if err != nil {
			t.Fatal(err)
		}
		si := saved.Feelings[f].Situations[s]
		if c := si.Cues[len(si.Cues)-1]; c.Text != "gone walkabout" || c.Intensity != 2 {
			t.Errorf("the stored situation's last cue is %+v", c)
		}
		for _, a := range si.Acknowledgements {
			if a.Text != good {
				t.Errorf("a stored acknowledgement reads %q", a.Text)
			}
		}
		p.axeClean(t, "")
	})

	t.Run("DiffPublishWidget", func(t *testing.T) {
		p.t, w.t = t, t
		eval[bool](p, `(document.querySelector('a[href="/studio/revisions"]').click(), true)`)
		p.wait("the publish button", `document.getElementById("st-publish-2")`, 15*time.Second)
		p.wait("the diff to list the situation's change", `document.getElementById("st-diff")?.textContent.includes("gone walkabout")`, 15*time.Second)
		eval[bool](p, `(document.getElementById("st-publish-2").click(), true)`)
		p.wait("the publish notice", `document.getElementById("st-notice")?.textContent.includes("Revision 2 is published")`, 15*time.Second)

		w.wait("the widget to open with the new acknowledgement", jsW+`.getElementById("wd-draft")?.value.includes("wanders off on its way to you")`, 20*time.Second)
		w.wait("the chip to name the situation", jsW+`.querySelector(".wd-chip-sit")`, 5*time.Second)
		chip := eval[[]string](w, `(() => { const c = `+jsW+`.querySelector(".wd-chip-sit").closest(".wd-chip");
			return [c.querySelector(".wd-chip-label").textContent, c.querySelector(".wd-chip-sit [aria-hidden=true]").textContent, c.querySelector(".wd-chip-sit .sr-only").textContent]; })()`)
		if want := []string{"frustrated", "· " + strings.TrimPrefix(label, "a "), "about " + label}; strings.Join(chip, "|") != strings.Join(want, "|") {
			t.Errorf("the chip reads %q, want %q", chip, want)
		}
		if got := eval[int](w, `Warmdesk.frame().contentWindow.__sameWindow || 0`); got != 7 {
			t.Error("the widget reloaded")
		}
	})

	t.Run("SearchLeadsToTheCue", func(t *testing.T) {
		p.t = t
		eval[bool](p, `(document.querySelector('.st-nav a[href="/studio"], a[href="/studio"]').click(), true)`)
		p.wait("the library page", `location.pathname === "/studio" && document.querySelectorAll("#st-results .st-hit").length > 3`, 15*time.Second)
		eval[bool](p, `(document.activeElement.blur(), true)`)
		p.keys("/")
		p.wait("the search box to have the focus", `document.activeElement?.id === "st-search"`, 5*time.Second)
		eval[bool](p, `(document.getElementById("st-search").select(), true)`)
		p.keys("walkabout")
		hit := `[...document.querySelectorAll("#st-results .st-hit")].find(b => b.querySelector("mark.hit")?.textContent === "walkabout")`
		p.wait("the situation in the results", hit, 5*time.Second)
		if got := eval[string](p, hit+`.textContent`); !strings.Contains(got, "Situation: "+label) || !strings.Contains(got, "frustrated") || !strings.Contains(got, "cue: gone walkabout") {
			t.Errorf("the hit reads %q", got)
		}
		if !eval[bool](p, hit+` === document.querySelector("#st-results .st-hit")`) {
			t.Errorf("the situation is not the first hit: %q", eval[string](p, `document.getElementById("st-results").innerText`))
		}
		p.axeClean(t, "")
		// Chosen from the keyboard.
		eval[bool](p, `(`+hit+`.focus(), true)`)
		p.keys(kb.Enter)
		p.wait("the focus on the situation's cues", `document.activeElement?.id === `+jsonString(base+"-cues"), 5*time.Second)
		if got := eval[string](p, `document.getElementById(`+jsonString(base+"-toggle")+`).getAttribute("aria-expanded")`); got != "true" {
			t.Errorf("the situation is marked expanded %q", got)
		}
		if got := eval[string](p, `document.activeElement.value`); !strings.Contains(got, cue) {
			t.Errorf("the focused cues read %q", got)
		}
	})
}

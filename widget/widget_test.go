package widget

import (
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// hostile is text that would run script if it were ever read as HTML.
const hostile = `<script>top.pwned=1</script><img src=x onerror="top.pwned=1"> <a href="javascript:top.pwned=1">x</a> مرحبا 👋🏽`

func TestWidgetRendersEverythingAsText(t *testing.T) {
	w := &Widget{}
	w.SetEngine(testEngine(t))
	w.desk.SetTicket(Ticket{ID: `T-<b>1</b>`, CustomerName: `<img src=x onerror=alert(1)>`,
		Message: "Where is my order 48213? I'm furious. " + hostile})
	// The markup around it makes the core unsure, so nothing is chosen:
	// choose the first, to render the preview too.
	w.desk.Pick(0)
	// Not the draft: go-app's HTMLString writes attribute values with
	// strconv.Quote, so a textarea value is not HTML-escaped there. In the
	// browser values are set through the DOM, and the server prerenders the
	// widget before any ticket exists (browser_test.go checks both).
	w.showHelp = true
	e := app.NewTestEngine()
	if err := e.Load(w); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	html := app.HTMLString(w)
	for _, raw := range []string{"<script>", "<img src=x", "<a href=\"javascript:", "<b>1</b>"} {
		if strings.Contains(html, raw) {
			t.Errorf("rendered HTML contains raw %q", raw)
		}
	}
	for _, want := range []string{"&lt;script&gt;", "مرحبا 👋🏽", `aria-live="polite"`, `role="listbox"`, "Warmth", "Keyboard shortcuts"} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered HTML lacks %q", want)
		}
	}
}

func TestWidgetStates(t *testing.T) {
	render := func(w *Widget) string {
		if err := app.NewTestEngine().Load(w); err != nil {
			t.Fatal(err)
		}
		return app.HTMLString(w)
	}
	if html := render(&Widget{}); !strings.Contains(html, "Loading the reply library") {
		t.Errorf("loading state missing: %s", html)
	}
	if html := render(&Widget{desk: NewDesk(nil), status: statusFailed, failure: "HTTP 500"}); !strings.Contains(html, `role="alert"`) || !strings.Contains(html, "HTTP 500") {
		t.Error("failure is not shown as an alert")
	}
	w := &Widget{}
	w.SetEngine(testEngine(t))
	if html := render(w); !strings.Contains(html, "Paste the customer") {
		t.Error("no paste box before a ticket")
	}
}

// A feeling's chip names the situation the replies acknowledge, in plain
// words, and says it to a screen reader; a chip whose feeling is not
// acknowledged, or is acknowledged without a situation, names none.
func TestFeelingChipNamesTheSituation(t *testing.T) {
	chips := func(msg string) (string, *Desk) {
		w := &Widget{}
		w.SetEngine(testEngine(t))
		w.desk.SetTicket(Ticket{ID: "T-1", Message: msg})
		if err := app.NewTestEngine().Load(w); err != nil {
			t.Fatal(err)
		}
		html := app.HTMLString(w)
		i := strings.Index(html, `class="wd-chips"`)
		if i < 0 {
			return "", w.desk
		}
		return html[i : i+strings.Index(html[i:], "</ul>")], w.desk
	}
	for _, tc := range []struct {
		msg, feeling, situation string // situation "" when none is named
		shown, said             string
	}{
		{"I was charged twice for one order and I'm fed up.", "frustrated", "charged-wrongly", "· wrong charge", "about a wrong charge"},
		{"My parcel is late, it was due on Monday.", "frustrated", "delivery-late", "· late delivery", "about a late delivery"},
		{"Thank you so much, that's perfect!", "", "", "", ""},
	} {
		html, d := chips(tc.msg)
		a := d.Analysis.Acknowledge
		switch {
		case tc.situation == "" && a != nil && a.Situation != "":
			t.Errorf("%q: the replies acknowledge %+v", tc.msg, a)
		case tc.situation != "" && (a == nil || a.Feeling != tc.feeling || a.Situation != tc.situation):
			t.Errorf("%q: the replies acknowledge %+v, want %s at %s", tc.msg, a, tc.feeling, tc.situation)
			continue
		}
		if n := strings.Count(html, `class="wd-chip-sit"`); tc.situation == "" && n != 0 || tc.situation != "" && n != 1 {
			t.Errorf("%q: %d chips name a situation: %s", tc.msg, n, html)
		}
		if tc.situation == "" {
			continue
		}
		// go-app writes attributes in any order, and a true one bare.
		shown := regexp.MustCompile(`<span ([^>]*)>` + regexp.QuoteMeta(tc.shown) + `<`).FindStringSubmatch(html)
		if shown == nil || !strings.Contains(" "+shown[1]+" ", " aria-hidden ") {
			t.Errorf("%q: the chips do not show %q, hidden from screen readers: %s", tc.msg, tc.shown, html)
		}
		if !strings.Contains(html, `class="sr-only">`+tc.said+"<") {
			t.Errorf("%q: the chips do not say %q: %s", tc.msg, tc.said, html)
		}
		// The situation is on the acknowledged feeling's chip.
		chip := html[strings.LastIndex(html[:strings.Index(html, "wd-chip-sit")], "<li"):]
		chip = chip[:strings.Index(chip, "</li>")]
		if !strings.Contains(chip, ">"+tc.feeling+"<") {
			t.Errorf("%q: the situation is on another feeling's chip: %s", tc.msg, chip)
		}
	}
}

package widget

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
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
// acknowledged, or is acknowledged without a situation, names none. What
// each message acknowledges is asked of the core on the default library,
// and what the chip must say is read from the library's own words.
func TestFeelingChipNamesTheSituation(t *testing.T) {
	core := testEngine(t) // not the widget's engine: the core on its own
	lib, err := library.ParseLibrary("default", suggestions.DefaultLibraryJSON())
	if err != nil {
		t.Fatal(err)
	}
	// name is how the chip names a feeling; situation is a situation's
	// plain words, "" when the feeling has no such situation.
	name := map[string]string{}
	situation := func(feeling, id string) string {
		for _, fe := range lib.Feelings {
			for _, si := range fe.Situations {
				if fe.ID == feeling && si.ID == id {
					return si.Label
				}
			}
		}
		return ""
	}
	var others []string // every situation's plain words, to show the check tells them apart
	for _, fe := range lib.Feelings {
		name[fe.ID] = fe.ID
		if fe.Label != "" {
			name[fe.ID] = strings.ToLower(fe.Label)
		}
		for _, si := range fe.Situations {
			if si.Label != "" {
				others = append(others, si.Label)
			}
		}
	}
	chips := func(msg string) string {
		w := &Widget{}
		w.SetEngine(testEngine(t))
		w.desk.SetTicket(Ticket{ID: "T-1", Message: msg})
		if err := app.NewTestEngine().Load(w); err != nil {
			t.Fatal(err)
		}
		html := app.HTMLString(w)
		i := strings.Index(html, `class="wd-chips"`)
		if i < 0 {
			return ""
		}
		return html[i : i+strings.Index(html[i:], "</ul>")]
	}
	acknowledged := map[string]bool{}
	for _, tc := range []struct {
		msg   string
		names bool // the message was chosen for the core to acknowledge a situation in it
	}{
		{"I was charged twice for one order and I'm fed up.", true},
		{"My parcel is late, it was due on Monday.", true},
		{"Thank you so much, that's perfect!", false},
	} {
		a := core.Analyze(tc.msg, suggestions.AnalyzeOptions{}).Acknowledge
		html := chips(tc.msg)
		if a == nil || a.Situation == "" {
			if tc.names {
				t.Errorf("%q: the core acknowledges no situation (%+v): choose a message that names one", tc.msg, a)
			}
			if n := strings.Count(html, `class="wd-chip-sit"`); n != 0 {
				t.Errorf("%q: %d chips name a situation the replies do not acknowledge: %s", tc.msg, n, html)
			}
			continue
		}
		if !tc.names {
			t.Errorf("%q: the core acknowledges %+v: choose a message that names no situation", tc.msg, a)
			continue
		}
		words := situation(a.Feeling, a.Situation)
		if words == "" {
			t.Errorf("%q: the core acknowledges %+v, which has no plain words in the library", tc.msg, a)
			continue
		}
		acknowledged[a.Situation] = true
		if problem := chipProblem(html, name[a.Feeling], words); problem != "" {
			t.Errorf("%q (%s at %s): %s: %s", tc.msg, a.Feeling, a.Situation, problem, html)
			continue
		}
		// The check fails on a chip that shows any other situation.
		for _, other := range others {
			if other == words {
				continue
			}
			wrong := strings.ReplaceAll(html, shortWords(words), shortWords(other))
			if chipProblem(wrong, name[a.Feeling], words) == "" {
				t.Errorf("%q: the check passes a chip that shows %q instead of %q", tc.msg, other, words)
			}
		}
	}
	if len(acknowledged) < 2 {
		t.Errorf("the messages acknowledge %d situations: a chip stuck on one would pass", len(acknowledged))
	}
}

// shortWords is a situation's plain words as a chip shows them, without
// the article ("late delivery").
func shortWords(words string) string {
	for _, art := range []string{"a ", "an ", "the "} {
		if rest, ok := strings.CutPrefix(words, art); ok && rest != "" {
			return rest
		}
	}
	return words
}

// chipProblem says what is wrong with the feeling chips (html) when the
// chip of the feeling named feeling must name the situation in words, and
// no other chip any: "" when nothing is.
func chipProblem(html, feeling, words string) string {
	if n := strings.Count(html, `class="wd-chip-sit"`); n != 1 {
		return fmt.Sprintf("%d chips name a situation, want 1", n)
	}
	// go-app writes attributes in any order, and a true one bare.
	shown := regexp.MustCompile(`<span ([^>]*)>· ([^<]*)<`).FindStringSubmatch(html)
	if shown == nil || !strings.Contains(" "+shown[1]+" ", " aria-hidden ") || shown[2] != shortWords(words) {
		return fmt.Sprintf("the chip does not show %q, hidden from screen readers", "· "+shortWords(words))
	}
	said := regexp.MustCompile(`class="sr-only">about ([^<]*)<`).FindStringSubmatch(html)
	if said == nil || said[1] != words {
		return fmt.Sprintf("the chip does not say %q", "about "+words)
	}
	// The situation is on the acknowledged feeling's chip.
	chip := html[strings.LastIndex(html[:strings.Index(html, "wd-chip-sit")], "<li"):]
	chip = chip[:strings.Index(chip, "</li>")]
	if !strings.Contains(chip, ">"+feeling+"<") {
		return "the situation is on another feeling's chip: " + chip
	}
	return ""
}

package widget

import (
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

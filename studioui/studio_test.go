package studioui

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/internal/studioapi"
	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/libdiff"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

func render(t *testing.T, c app.Composer) string {
	t.Helper()
	e := app.NewTestEngine()
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	return app.HTMLString(c)
}

var valueAttr = regexp.MustCompile(`value="(?:[^"\\]|\\.)*"`)

// hostile is text that would run script if it were ever read as HTML.
const hostile = `<script>top.pwned=1</script><img src=x onerror="top.pwned=1"> <a href="javascript:top.pwned=1">x</a> مرحبا 👋🏽`

var readyAs = func(role string) studioSession {
	return studioSession{State: "ready", Me: studioapi.Me{Name: "ed<b>", Role: role, CSRF: "x"}}
}

// TestStudioLibraryRendersText: library text is shown as text, tone
// findings are underlined in place, and the navigation fits the role.
func TestStudioLibraryRendersText(t *testing.T) {
	ed := testEditor(t)
	i := intentIndex(t, ed, "order.track")
	ed.SetIntent(i, "title", hostile)
	ed.SetReply(i, 0, "title", `<img src=x onerror=alert(1)>`)
	ed.SetReply(i, 0, "body", "Unfortunately we can't do that. "+hostile)
	ed.Select(SelIntent, i)
	ed.Search("ord")
	ed.RunTry("Where is my order 48213? <script>alert(1)</script> I'm furious")
	p := &StudioLibrary{session: readyAs(studioapi.RoleEditor), ed: ed}
	// go-app's HTMLString writes attribute values with strconv.Quote, not
	// HTML escaping (see widget_test.go); in the browser they are set
	// through the DOM. Check everything else.
	html := valueAttr.ReplaceAllString(render(t, p), `value=""`)
	for _, raw := range []string{"<script>", "<img src=x", `<a href="javascript:`, "<b>"} {
		if strings.Contains(html, raw) {
			t.Errorf("rendered HTML contains raw %q", raw)
		}
	}
	for _, want := range []string{
		"&lt;script&gt;",                             // the hostile title, as text
		`class="tone warning"`,                       // the finding underlined in the backdrop
		"wd-fix",                                     // a rewording button
		`aria-current="page"`,                        // the navigation marks the page
		"Try a message", "st-try-result", "wd-chips", // the try panel answered
		"mark class=\"hit\"", // the search highlights its match
		"Revision 1 · unsaved changes",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered HTML lacks %q", want)
		}
	}
	if strings.Contains(html, `href="/studio/users"`) {
		t.Error("an editor sees the Users link")
	}
	admin := &StudioLibrary{session: readyAs(studioapi.RoleAdmin), ed: ed}
	if !strings.Contains(render(t, admin), `href="/studio/users"`) {
		t.Error("an admin does not see the Users link")
	}
	for _, kind := range []string{SelSnippets, SelFeelings, SelRules} {
		ed.Select(kind, 0)
		h := render(t, &StudioLibrary{session: readyAs(studioapi.RoleEditor), ed: ed})
		if !strings.Contains(h, "<fieldset") && kind != SelSnippets {
			t.Errorf("%s: no fieldsets", kind)
		}
		if !strings.Contains(h, "<label") {
			t.Errorf("%s: no labels", kind)
		}
	}
}

func TestStudioStates(t *testing.T) {
	if h := render(t, &StudioLibrary{}); !strings.Contains(h, "Loading…") {
		t.Error("no loading state")
	}
	failed := &StudioLibrary{session: studioSession{State: "failed", Failure: "HTTP 500 <i>"}}
	if h := render(t, failed); !strings.Contains(h, `role="alert"`) || !strings.Contains(h, "HTTP 500 &lt;i&gt;") {
		t.Error("failure not shown as an alert")
	}
	login := render(t, &StudioLogin{failure: "Wrong name or password."})
	for _, want := range []string{`for="st-name"`, `for="st-password"`, `type="password"`, `role="alert"`} {
		if !strings.Contains(login, want) {
			t.Errorf("login page lacks %q", want)
		}
	}
	rep := render(t, &StudioReport{session: readyAs("editor"), status: &studioapi.ReportStatus{Revision: 4, State: "running", Done: 30, Total: 120}})
	if !strings.Contains(rep, "<progress") || !strings.Contains(rep, `value="30"`) || !strings.Contains(rep, "revision 4") {
		t.Errorf("report progress: %s", rep)
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"":                      StudioPath,
		"/studio":               "/studio",
		"/studio/report":        "/studio/report",
		"//evil.example/studio": StudioPath,
		"https://evil.example":  StudioPath,
		"/studio/\\evil":        StudioPath,
		"/widget":               StudioPath,
		"/studiox":              StudioPath,
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
	for _, c := range []struct {
		role, need string
		ok         bool
	}{{"admin", "publisher", true}, {"editor", "publisher", false}, {"publisher", "publisher", true}, {"", "editor", false}, {"boss", "editor", false}} {
		if roleIncludes(c.role, c.need) != c.ok {
			t.Errorf("roleIncludes(%q, %q)", c.role, c.need)
		}
	}
}

func TestStudioUsagePage(t *testing.T) {
	u := &studioapi.UsageReport{Days: 7, Since: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Revision: 3, HeavyEdit: 0.5,
		Replies: []studioapi.ReplyUsage{
			{Intent: "a", IntentTitle: "Refunds <x>", Reply: "a1", Title: "Refund on its way", Suggested: 10, Inserted: 4, Sent: 4, Acceptance: 0.4, MeanEdit: 0.7, HeavilyRewritten: true},
			{Intent: "a", Reply: "a2", Title: "Partial refund", Suggested: 5, Acceptance: 0, MeanEdit: -1, NeverPicked: true},
			{Intent: "b", Reply: "b1", Title: "Never seen", Acceptance: -1, MeanEdit: -1, NeverPicked: true},
			{Intent: "c", Reply: "gone", Suggested: 2, Inserted: 1, Acceptance: 0.5, MeanEdit: 0.1, Gone: true},
		},
		Intents: []studioapi.IntentUse{
			{Intent: "a", Title: "Refunds <x>", Suggested: 15, Inserted: 4, Sent: 4, Acceptance: 4.0 / 15, MeanEdit: 0.7},
			{Intent: "b", Acceptance: -1, MeanEdit: -1},
			{Intent: "c", Suggested: 2, Inserted: 1, Acceptance: 0.5, MeanEdit: 0.1},
		}}
	rw, up, un := UsageFlags(u)
	if len(rw) != 1 || rw[0].Reply != "a1" || len(up) != 1 || up[0].Reply != "a2" || len(un) != 1 || un[0].Reply != "b1" {
		t.Errorf("flags: %v / %v / %v", rw, up, un)
	}
	bars := IntentBars(u)
	if len(bars) != 2 || bars[0].Text != "27%" || bars[1].Value != 0.5 {
		t.Errorf("bars %+v", bars)
	}
	h := render(t, &StudioUsage{session: readyAs("editor"), days: 7, report: u})
	// go-app writes an attribute whose value is "true" bare, in any order.
	if m := regexp.MustCompile(`<button([^>]*)>Last 7 days`).FindStringSubmatch(h); m == nil || !strings.Contains(m[1], "aria-pressed") || strings.Contains(m[1], `aria-pressed="false"`) {
		t.Errorf("the 7-day button is not pressed: %v", m)
	}
	for _, want := range []string{"<svg", `role="img"`, "Refunds &lt;x&gt;", "rewritten heavily", "never picked", "no longer in the library", ">70%<", ">–<"} {
		if !strings.Contains(h, want) {
			t.Errorf("usage page lacks %q", want)
		}
	}
}

func TestStudioUsersAndRevisionsPages(t *testing.T) {
	users := render(t, &StudioUsers{session: readyAs("admin"), users: []studioapi.User{{Name: "ada", Role: "admin"}, {Name: "ed", Role: "editor"}}})
	for _, want := range []string{`aria-label="Role of ed"`, `aria-label="New password for ed"`, `for="st-new-password"`, `value="publisher"`} {
		if !strings.Contains(users, want) {
			t.Errorf("users page lacks %q", want)
		}
	}
	now := time.Now()
	list := &studioapi.RevisionList{Head: 2, Published: 1, Revisions: []studioapi.RevisionInfo{
		{ID: 2, Base: 1, Author: "ed", Message: "Warmer <b>refund</b> reply", Created: now},
		{ID: 1, Author: "warmdesk", Message: "The default library", Created: now, Live: true, Published: &now},
	}}
	ed := render(t, &StudioRevisions{session: readyAs("editor"), list: list})
	if strings.Contains(ed, "Publish</button>") || !strings.Contains(ed, "Warmer &lt;b&gt;refund") || !strings.Contains(ed, "published") {
		t.Errorf("editor's revisions page: publish offered or text not escaped")
	}
	pub := render(t, &StudioRevisions{session: readyAs("publisher"), list: list})
	if !strings.Contains(pub, `id="st-publish-2"`) || !strings.Contains(pub, "Restore revision 1") || strings.Contains(pub, `id="st-publish-1"`) {
		t.Errorf("publisher's revisions page lacks publish/restore")
	}
}

func TestRenderDiffAndReport(t *testing.T) {
	a, _ := library.ParseLibrary("a", suggestions.DefaultLibraryJSON())
	b, _ := library.ParseLibrary("b", suggestions.DefaultLibraryJSON())
	b.Intents[0].Title = "Track <b>an</b> order"
	b.Intents[0].Replies[0].Body = "Order {{order.number}} is on its way <script>x</script>."
	b.Intents[1].Phrasings = append(b.Intents[1].Phrasings, "scrap my order please")
	b.Rules = b.Rules[1:]
	b.Openers[0].Text = "Hello there {{customer.first_name}},"
	d := libdiff.Diff(a, b)
	h := valueAttr.ReplaceAllString(render(t, &StudioRevisions{session: readyAs("editor"),
		list: &studioapi.RevisionList{Head: 2, Revisions: []studioapi.RevisionInfo{{ID: 2, Base: 1}, {ID: 1}}}, diffA: 1, diffB: 2, diff: &d}), `value=""`)
	for _, want := range []string{
		"Track &lt;b&gt;an&lt;/b&gt; order", // the new title, as text
		"<del", "<ins",                      // word-level body change
		"&lt;script&gt;",             // the new body words, as text
		"scrap my order please",      // an added phrasing
		"Tone rule " + a.Rules[0].ID, // a removed rule
		`class="removed"`, `class="changed"`,
		"Opener " + a.Openers[0].ID,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("diff lacks %q", want)
		}
	}
	if strings.Contains(h, "<script>") || strings.Contains(h, "<b>an") {
		t.Error("diff text rendered as HTML")
	}
	empty := libdiff.Diff(a, a)
	if h := render(t, &StudioRevisions{session: readyAs("editor"), list: &studioapi.RevisionList{Revisions: []studioapi.RevisionInfo{{ID: 2}, {ID: 1}}}, diff: &empty}); !strings.Contains(h, "No changes.") {
		t.Error("an empty diff is not said to be empty")
	}

	eng, err := suggestions.Compile(b)
	if err != nil {
		t.Fatal(err)
	}
	rep := eng.Report(nil)
	bars := AccuracyBars(&rep)
	if len(bars) != len(rep.Intents) {
		t.Fatalf("%d bars for %d intents", len(bars), len(rep.Intents))
	}
	for i := 1; i < len(bars); i++ {
		if bars[i].Value < bars[i-1].Value {
			t.Fatalf("bars not weakest first: %v then %v", bars[i-1], bars[i])
		}
	}
	h = render(t, &StudioReport{session: readyAs("editor"), status: &studioapi.ReportStatus{Revision: 2, State: "done", Report: &rep}})
	for _, want := range []string{`id="st-report"`, "<svg", `role="img"`, "leave-one-out accuracy", "Track &lt;b&gt;an&lt;/b&gt; order", `id="st-confusions"`, `id="st-tone"`, percent(rep.Accuracy)} {
		if !strings.Contains(h, want) {
			t.Errorf("report page lacks %q", want)
		}
	}
}

// Into decodes an answer, or says what went wrong in words for people.
func TestAPIReplyInto(t *testing.T) {
	for _, c := range []struct {
		name    string
		reply   apiReply
		problem string // a part of it; "" for none
	}{
		{"ok", apiReply{Status: 200, Body: []byte(`{"state": "done"}`)}, ""},
		{"the server's problem", apiReply{Status: 409, Body: []byte(`{"error": "Someone saved first."}`)}, "Someone saved first."},
		{"an error without a body", apiReply{Status: 500}, "HTTP 500"},
		{"not the JSON expected", apiReply{Status: 200, Body: []byte(`{"state": 3}`)}, "not the JSON expected"},
		{"no answer", apiReply{Err: errors.New("offline")}, "could not be reached"},
	} {
		var st studioapi.ReportStatus
		got := c.reply.Into(&st)
		if c.problem == "" && (got != "" || st.State != "done") || c.problem != "" && !strings.Contains(got, c.problem) {
			t.Errorf("%s: problem %q, status %+v; want %q", c.name, got, st, c.problem)
		}
	}
}

func TestUsageSince(t *testing.T) {
	since := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		first time.Time
		want  string
	}{
		{time.Time{}, "No widget has reported anything in the last 7 days"},
		{time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC), "Figures since 7 Dec 2026, when the widgets first reported (the period asked for is the last 7 days)"},
		{time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), "Figures since 30 Nov 2026, for the replies of revision 3."},
	} {
		if got := UsageSince(&studioapi.UsageReport{Days: 7, Since: since, Revision: 3, FirstEvent: c.first}); !strings.Contains(got, c.want) {
			t.Errorf("first event %v: %q, want %q", c.first, got, c.want)
		}
	}
}

func TestSparkline(t *testing.T) {
	from := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	days := []studioapi.DayUse{
		{Day: from.Add(24 * time.Hour), Suggested: 4, Inserted: 1, MeanEdit: 0.5},
		{Day: from.Add(3 * 24 * time.Hour), Suggested: 2, MeanEdit: -1},
		{Day: from.Add(-24 * time.Hour), Suggested: 9}, // before the period: not drawn
	}
	h := app.HTMLString(sparkline("Refund <b>", days, from, 7))
	for _, want := range []string{`role="img"`, "suggested 0, 4, 0, 2, 0, 0, 0", "inserted 0, 1, 0, 0, 0, 0, 0", "edit –, 50%, –, –, –, –, –", "from 1 Dec", "<circle"} {
		if !strings.Contains(h, want) {
			t.Errorf("sparkline lacks %q: %s", want, h)
		}
	}
	if strings.Count(h, "<rect") != 4 {
		t.Errorf("want 4 bars (two days, suggested and inserted): %s", h)
	}
}

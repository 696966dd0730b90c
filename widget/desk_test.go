package widget

import (
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/tone"
)

func testEngine(t *testing.T) *suggestions.Engine {
	t.Helper()
	e, err := suggestions.Default()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

var dana = Ticket{ID: "T-1", CustomerName: "Dana", AgentName: "Sam",
	Message: "This is the third time I've asked where my package is, order 48213. Really annoyed."}

func TestDeskSetTicketSuggestsThree(t *testing.T) {
	d := NewDesk(testEngine(t))
	d.SetTicket(dana)
	if len(d.Suggestions) != 3 || d.Selected != 0 {
		t.Fatalf("got %d suggestions, selected %d; want 3, 0", len(d.Suggestions), d.Selected)
	}
	if d.Suggestions[0].Intent != "order.track" {
		t.Errorf("top intent %q, want order.track", d.Suggestions[0].Intent)
	}
	if !strings.Contains(d.Announcement, "3 suggested replies") {
		t.Errorf("announcement %q", d.Announcement)
	}
	if len(d.MessageMarks()) == 0 {
		t.Error("no evidence or feeling marks on the message")
	}
	var feel bool
	for _, m := range d.MessageMarks() {
		if m.Class == "feel" && dana.Message[m.Start:m.End] == "annoyed" {
			feel = true
		}
	}
	if !feel {
		t.Errorf("the feeling 'annoyed' is not marked: %+v", d.MessageMarks())
	}
}

func TestDeskOutOfScopeOpensSearch(t *testing.T) {
	d := NewDesk(testEngine(t))
	d.SetTicket(Ticket{Message: "Do you sponsor local marathon events? Our running club is looking for partners."})
	if !d.Analysis.OutOfScope {
		t.Skip("the core does not call this message out of scope")
	}
	if len(d.Suggestions) != 0 || !d.Searching || d.Current() != nil {
		t.Fatalf("suggestions %d, searching %v", len(d.Suggestions), d.Searching)
	}
	if !strings.Contains(d.Announcement, "Nothing in the library fits") {
		t.Errorf("announcement %q", d.Announcement)
	}
	if len(d.Results) != 0 {
		t.Errorf("nothing fits, yet the empty search lists %d replies (%s first)", len(d.Results), d.Results[0].Title)
	}
	d.Search("refund")
	if len(d.Results) == 0 {
		t.Error("a typed search finds no reply under nothing fits")
	}
	d.Search("")
	if len(d.Results) != 0 {
		t.Error("emptying the search lists the library's replies under nothing fits")
	}
}

func TestDeskMoveAndPick(t *testing.T) {
	d := NewDesk(testEngine(t))
	d.SetTicket(dana)
	d.Move(-1)
	if d.Selected != 0 {
		t.Errorf("up at the top: selected %d", d.Selected)
	}
	d.Move(1)
	d.Move(1)
	d.Move(1)
	if d.Selected != 2 {
		t.Errorf("down three times: selected %d, want 2 (stops at the end)", d.Selected)
	}
	if d.Pick(7) || d.Selected != 2 {
		t.Error("picking a suggestion that does not exist changed the selection")
	}
	if !d.Pick(1) || d.Draft() != d.Suggestions[1].Text {
		t.Error("pick 2 does not show its text")
	}
}

func TestDeskEditsAreKeptPerReply(t *testing.T) {
	d := NewDesk(testEngine(t))
	d.SetTicket(dana)
	d.Edit("my own words")
	d.Pick(1)
	d.Pick(0)
	if d.Draft() != "my own words" || !d.Edited() {
		t.Fatalf("draft %q after switching back", d.Draft())
	}
	d.Reset()
	if d.Edited() {
		t.Error("reset kept the edit")
	}
}

func TestDeskFixAppliesRewording(t *testing.T) {
	d := NewDesk(testEngine(t))
	d.SetTicket(dana)
	d.Edit("Hi Dana,\n\nUnfortunately you must wait.\n\nThanks")
	var f tone.Finding
	for _, x := range d.Findings() {
		if len(x.Suggestions) > 0 {
			f = x
			break
		}
	}
	if f.Rule == "" {
		t.Fatalf("no finding with a rewording in %+v", d.Findings())
	}
	if err := d.Fix(f, f.Suggestions[0]); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(d.Draft(), f.Text) || !strings.Contains(d.Draft(), f.Suggestions[0]) {
		t.Errorf("draft after fix: %q", d.Draft())
	}
	if err := d.Fix(f, "x"); err == nil {
		t.Error("a stale finding was applied")
	}
}

func TestDeskChecklist(t *testing.T) {
	d := NewDesk(testEngine(t))
	d.SetTicket(dana)
	d.Edit("Unfortunately you must wait.")
	got := map[string]bool{}
	for _, c := range d.Checklist() {
		got[c.Label] = c.OK
		if !c.OK && c.Hint == "" {
			t.Errorf("%q fails without a hint", c.Label)
		}
	}
	for _, l := range []string{"Opens on a human note", "Says what can be done", "Closes on a human note"} {
		if got[l] {
			t.Errorf("%q passes on a curt draft", l)
		}
	}
	d.Reset()
	for _, c := range d.Checklist() {
		if !c.OK {
			t.Errorf("composed reply fails %q: %s", c.Label, c.Hint)
		}
	}
}

func TestDeskPlaceholdersNeedConfirmation(t *testing.T) {
	d := NewDesk(testEngine(t))
	d.SetTicket(dana)
	d.Edit("Hi Dana, it arrives by {{date}}. Take care!")
	if _, ok := d.Insert(false); ok || !d.Confirming {
		t.Fatal("inserted a reply with an unfilled placeholder without confirmation")
	}
	if !d.Back() || d.Confirming {
		t.Fatal("Esc did not cancel the confirmation")
	}
	d.FillPlaceholder("date", "Friday {{x}}")
	if len(d.Missing()) != 0 {
		t.Fatalf("still missing after fill: %q", d.Draft())
	}
	msg, ok := d.Insert(false)
	if !ok || msg.Type != TypeInsert || msg.TicketID != "T-1" || !strings.Contains(msg.Text, "Friday { {x} }") {
		t.Fatalf("insert: %+v %v", msg, ok)
	}
	d.Edit("by {{date}}")
	if _, ok := d.Insert(false); ok {
		t.Fatal("no confirmation asked")
	}
	if msg, ok := d.Insert(true); !ok || msg.Text != "by {{date}}" {
		t.Fatalf("confirmed insert: %+v %v", msg, ok)
	}
}

func TestDeskSearchAndChoose(t *testing.T) {
	d := NewDesk(testEngine(t))
	d.SetTicket(dana)
	d.OpenSearch()
	d.Search("rfnd")
	if len(d.Results) == 0 {
		t.Fatal("no result for rfnd")
	}
	d.Move(1)
	if d.Cursor != 1 || d.Selected != 0 {
		t.Errorf("moving in the search moved cursor %d, selected %d", d.Cursor, d.Selected)
	}
	want := d.Results[1]
	if !d.Choose(1) {
		t.Fatal("choose failed")
	}
	s := d.Current()
	if d.Searching || s == nil || s.Reply != want.Reply {
		t.Fatalf("after choose: searching %v, current %+v", d.Searching, s)
	}
	if !strings.HasPrefix(s.Text, "Dear Dana") && !strings.Contains(s.Text, "Dana") {
		t.Errorf("chosen reply is not composed for the ticket: %q", s.Text)
	}
	n := len(d.Suggestions)
	d.OpenSearch()
	d.Search(want.Title)
	for i, r := range d.Results {
		if r.Reply == want.Reply {
			d.Choose(i)
		}
	}
	if len(d.Suggestions) != n {
		t.Error("choosing the same reply twice added it twice")
	}
}

func TestDeskWithoutEngineIsInert(t *testing.T) {
	d := NewDesk(nil)
	d.SetTicket(dana)
	d.Search("x")
	d.OpenSearch()
	d.Move(1)
	if d.HasTicket || d.Current() != nil || d.Findings() != nil || d.Choose(0) {
		t.Error("a desk without an engine did something")
	}
	if _, ok := d.Insert(true); ok {
		t.Error("inserted nothing")
	}
}

func TestDeskTimerSeesEachPieceOfWork(t *testing.T) {
	d := NewDesk(testEngine(t))
	var timed []string
	d.Timer = func(name string, work func()) { timed = append(timed, name); work() }
	d.SetTicket(dana)
	d.Findings()
	d.Findings() // cached: not checked again
	d.Search("rfnd")
	if got := strings.Join(timed, ","); got != "analyze,compose,check,search" {
		t.Errorf("timed %s, want analyze,compose,check,search", got)
	}
	if len(d.Suggestions) == 0 || len(d.Results) == 0 || d.Draft() == "" {
		t.Error("timed work did not happen")
	}
}

// A host that copies inserted replies (Chatwoot) gets the same insert
// message; only what the agent is told differs.
func TestDeskInsertForACopyingHost(t *testing.T) {
	for _, c := range []struct {
		insert, says string
	}{{"", "Inserted: "}, {InsertEditor, "Inserted: "}, {InsertCopy, "Paste it into the reply."}} {
		d := NewDesk(testEngine(t))
		tk := dana
		tk.Insert = c.insert
		d.SetTicket(tk)
		d.Edit("Hi Dana, it is on its way.")
		msg, ok := d.Insert(false)
		if !ok || msg.Type != TypeInsert || msg.Text != "Hi Dana, it is on its way." || !strings.Contains(d.Announcement, c.says) {
			t.Errorf("insert %q: %+v %v, announcement %q", c.insert, msg, ok, d.Announcement)
		}
	}
	if insertLabel(Ticket{Insert: InsertCopy}) != "Copy reply" || insertLabel(dana) != "Insert reply" {
		t.Error("the insert button is not named after what the host does")
	}
}

// When the core is not sure ("low"), the matches are shown as possible
// and none is pre-chosen: Enter inserts nothing until the agent picks.
func TestDeskLowConfidenceChoosesNothing(t *testing.T) {
	d := NewDesk(testEngine(t))
	d.SetTicket(Ticket{ID: "T-9", Message: "thanks, my order is late"})
	if d.Analysis.Confidence != suggestions.ConfidenceLow {
		t.Fatalf("confidence %q, want low (the test needs an unsure message)", d.Analysis.Confidence)
	}
	if len(d.Suggestions) == 0 || d.Selected != -1 || d.Current() != nil || d.Searching {
		t.Fatalf("suggestions %d, selected %d, searching %v: want some, none chosen, no search", len(d.Suggestions), d.Selected, d.Searching)
	}
	if !d.Unsure() || !strings.Contains(d.Announcement, "possible") || !strings.Contains(d.Announcement, "none chosen") {
		t.Errorf("unsure %v, announcement %q", d.Unsure(), d.Announcement)
	}
	if _, ok := d.Insert(true); ok {
		t.Error("Enter inserted a reply nobody chose")
	}
	d.Move(1)
	if d.Selected != 0 || d.Current() == nil {
		t.Errorf("the arrow key picks the first: selected %d", d.Selected)
	}
	// A sure ticket pre-chooses its first reply as before.
	d.SetTicket(dana)
	if d.Unsure() || d.Selected != 0 {
		t.Errorf("a sure ticket: unsure %v, selected %d", d.Unsure(), d.Selected)
	}
}

// A short answer within a conversation says why nothing fits in its own
// words, not as a match too weak to trust.
func TestDeskThreadReplyWhy(t *testing.T) {
	d := NewDesk(testEngine(t))
	d.SetTicket(Ticket{Message: "Sure. Booking ref is XK42PL, thanks :)"})
	if !d.OutOfScope() || d.Current() != nil {
		t.Fatalf("out of scope %v, current %v: a reply within the conversation fits nothing", d.OutOfScope(), d.Current())
	}
	if why := d.WhyNothingFits(); !strings.Contains(why, "answer within the conversation") {
		t.Errorf("why: %q", why)
	}
}

func TestDeskNothingFitsChoosesNothing(t *testing.T) {
	d := NewDesk(testEngine(t))
	d.SetTicket(Ticket{Message: "Do you sponsor local marathon events? Our running club is looking for partners for the spring race."})
	if !d.OutOfScope() {
		t.Skip("the core does not call this message out of scope")
	}
	if d.Current() != nil || d.Cursor != -1 {
		t.Errorf("selected %d, search cursor %d: nothing should be chosen", d.Selected, d.Cursor)
	}
	if _, ok := d.Insert(true); ok {
		t.Error("Insert inserted a reply nobody chose")
	}
	if !strings.Contains(d.WhyNothingFits(), "closest intent") {
		t.Errorf("why: %q", d.WhyNothingFits())
	}
	d.Search("refund")
	if d.Cursor != 0 {
		t.Errorf("a typed search highlights its first result: cursor %d", d.Cursor)
	}
}

func TestDeskChecklistReadsTheDraft(t *testing.T) {
	d := NewDesk(testEngine(t))
	d.SetTicket(Ticket{CustomerName: "Marco", AgentName: "Sam",
		Message: "The blender I got yesterday arrived with a cracked jug. I'd like a refund please, I don't want a replacement."})
	ack := func() bool { return d.Checklist()[1].OK }
	// The checks read the text, whatever the customer's message showed.
	d.Edit("Hi Marco,\n\nI've issued a refund for the blender.\n\nBest wishes,\nSam")
	if ack() {
		t.Errorf("a draft with no acknowledgement is ticked: %q", d.Draft())
	}
	d.Edit("Hi Marco,\n\nI'm so sorry the jug arrived cracked. I've issued a refund for the blender.\n\nBest wishes,\nSam")
	if !ack() {
		t.Errorf("an acknowledgement is not ticked: %q", d.Draft())
	}
	d.Edit("")
	for _, c := range d.Checklist() {
		if c.OK {
			t.Errorf("an empty draft ticks %q", c.Label)
		}
	}
}

func TestDeskBlanksCountNames(t *testing.T) {
	d := NewDesk(testEngine(t))
	d.SetTicket(dana)
	d.Edit("Hi,\n\n{{date}} and {{date}}, to {{customer.email}}.\n\nSam")
	if n := d.Blanks(); n != 2 {
		t.Errorf("Blanks() = %d, want 2 (two names)", n)
	}
	if _, ok := d.Insert(false); ok || !strings.Contains(d.Announcement, "2 blanks are still unfilled") {
		t.Errorf("announcement %q", d.Announcement)
	}
}

func TestDeskPromises(t *testing.T) {
	d := NewDesk(testEngine(t))
	d.SetTicket(Ticket{CustomerName: "Marco", AgentName: "Sam", Message: "I want a refund for order 48213 please"})
	var at = -1
	for i, s := range d.Suggestions {
		if s.Reply == "refund.request.issued" {
			at = i
		}
	}
	if at < 0 {
		t.Skipf("no refund.request.issued among %d suggestions", len(d.Suggestions))
	}
	d.Pick(at)
	ps := d.Promises()
	if len(ps) != 1 || ps[0].Check != "refund issued" || ps[0].Ticked {
		t.Fatalf("promises %+v", ps)
	}
	for _, n := range uniqueNames(d.Missing()) {
		d.FillPlaceholder(n, "x")
	}
	if _, ok := d.Insert(false); ok || !strings.Contains(d.Announcement, "Not ticked: refund issued") {
		t.Errorf("an unticked promise inserted, or the reason is not said: %q", d.Announcement)
	}
	d.TickPromise(ps[0].Sentence, true)
	if d.ConfirmWhy() != "" {
		t.Errorf("ticked and filled, still: %q", d.ConfirmWhy())
	}
	if _, ok := d.Insert(false); !ok {
		t.Error("a reply with its promise ticked needs a confirmation")
	}
	// Deleting the sentence drops the promise.
	draft := d.Draft()
	i := strings.Index(draft, "I've issued a refund")
	j := strings.Index(draft, "payment method.")
	if i < 0 || j < i {
		t.Fatalf("the promised sentence is not in %q", draft)
	}
	d.Edit(draft[:i] + "Your refund is under way." + draft[j+len("payment method."):])
	if len(d.Promises()) != 0 {
		t.Errorf("a deleted sentence's promise is still asked: %+v", d.Promises())
	}
}

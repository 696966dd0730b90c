package widget

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/warmdesk/warmdesk/suggestions/library"
)

// editWithError puts an error-severity wording finding ("We can't") into
// the selected reply's draft, before its last line.
func editWithError(t *testing.T, d *Desk) string {
	t.Helper()
	fillBlanks(d)
	orig := d.Draft()
	k := strings.LastIndex(orig, "\n")
	text := orig[:k] + "\nWe can't refund opened items. Thanks again for your patience." + orig[k:]
	d.Edit(text)
	return text
}

// fillBlanks fills the selected reply's placeholders and ticks its
// promises, so only the tone question is left to ask.
func fillBlanks(d *Desk) {
	for _, p := range d.Missing() {
		d.FillPlaceholder(p.Name, "42")
	}
	for _, p := range d.Promises() {
		d.TickPromise(p.Sentence, true)
	}
}

func TestDeskAsksAboutToneErrorsTheAgentAdded(t *testing.T) {
	d := NewDesk(testEngine(t))
	d.SetTicket(dana)
	// The reply as composed is not asked about: it was checked when the
	// library was published.
	d.Insert(false)
	if d.ToneConfirming() {
		t.Fatal("a composed reply was asked about")
	}
	text := editWithError(t, d)
	if _, ok := d.Insert(false); ok || !d.ToneConfirming() {
		t.Fatal("inserted an edited reply with an error-severity finding without asking")
	}
	f, n := d.ToneAsk()
	if f.Severity != library.SeverityError || f.Text != "We can't" || n != 1 || len(f.Suggestions) == 0 {
		t.Fatalf("asked about %+v (%d)", f, n)
	}
	if !strings.Contains(d.Announcement, "We can't") || !strings.Contains(d.Announcement, f.Suggestions[0]) {
		t.Errorf("announcement does not name the finding and its rewording: %q", d.Announcement)
	}
	if !d.Busy() {
		t.Error("a desk asking a question is not busy")
	}
	// Esc keeps editing; asking again shows it again.
	if !d.Back() || d.ToneConfirming() {
		t.Fatal("Esc did not end the question")
	}
	d.Insert(false)
	// Insert anyway: the same text goes out as it is.
	msg, ok := d.Insert(true)
	if !ok || msg.Text != text {
		t.Fatalf("insert anyway: ok %v, text %q", ok, msg.Text)
	}
	// A confirmation holds for that draft only.
	d.Edit(text + " ")
	if _, ok := d.Insert(false); ok || !d.ToneConfirming() {
		t.Error("an edit after insert-anyway was not asked about again")
	}
	// Editing the draft ends the question.
	d.Edit(text)
	if d.ToneConfirming() {
		t.Error("the question outlived an edit")
	}
}

func TestDeskUseRewordingSelectsTheRestOfTheSentence(t *testing.T) {
	d := NewDesk(testEngine(t))
	d.SetTicket(dana)
	editWithError(t, d)
	if _, _, ok := d.UseRewording(); ok {
		t.Fatal("used a rewording with nothing asked")
	}
	d.Insert(false)
	f, _ := d.ToneAsk()
	start, end, ok := d.UseRewording()
	if !ok || d.ToneConfirming() {
		t.Fatalf("use rewording: ok %v, still asking %v", ok, d.ToneConfirming())
	}
	u := utf16.Encode([]rune(d.Draft()))
	if start < 0 || end > len(u) || start >= end {
		t.Fatalf("selection %d..%d of %d", start, end, len(u))
	}
	if got := string(utf16.Decode(u[start:end])); got != " refund opened items" {
		t.Errorf("selected %q, want the rest of the sentence", got)
	}
	if !strings.Contains(d.Draft(), "\n"+f.Suggestions[0]+" refund opened items.") {
		t.Errorf("draft after the rewording: %q", d.Draft())
	}
	// The rewording fixed it: the next insert goes through.
	if _, ok := d.Insert(false); !ok {
		t.Errorf("still held back after the rewording: %+v", d.tone.f)
	}
}

func TestDeskToneQuestionComesBeforeBlanks(t *testing.T) {
	d := NewDesk(testEngine(t))
	d.SetTicket(dana)
	d.Edit("Hi Dana,\nWe can't change it before {{date}}.\nTake care!\nSam")
	if _, ok := d.Insert(false); ok || !d.ToneConfirming() || d.Confirming {
		t.Fatalf("first question: tone %v, blanks %v", d.ToneConfirming(), d.Confirming)
	}
	if _, ok := d.Insert(true); ok || !d.Confirming {
		t.Fatalf("after insert-anyway the blanks were not asked about: blanks %v", d.Confirming)
	}
	if _, ok := d.Insert(true); !ok {
		t.Fatal("confirmed twice and still not inserted")
	}
}

func TestUTF16Len(t *testing.T) {
	for _, c := range []struct {
		s string
		n int
	}{{"", 0}, {"abc", 3}, {"é", 1}, {"😀a", 3}} {
		if got := utf16Len(c.s); got != c.n {
			t.Errorf("utf16Len(%q) = %d, want %d", c.s, got, c.n)
		}
	}
}

// Copying is another way a reply reaches the customer: it asks the same
// questions as Insert, and its "anyway" copies the draft as it is.
func TestDeskCopyAsksLikeInsert(t *testing.T) {
	d := NewDesk(testEngine(t))
	d.SetTicket(dana)
	text := editWithError(t, d)
	if _, ok := d.Copy(false); ok || !d.ToneConfirming() || !d.Copying() {
		t.Fatalf("copied an edited reply with an error-severity finding without asking (asking %v, copying %v)", d.ToneConfirming(), d.Copying())
	}
	if !strings.Contains(d.Announcement, "Before you copy") || !strings.Contains(d.Announcement, "Enter to copy anyway") {
		t.Errorf("the question does not say it is about a copy: %q", d.Announcement)
	}
	got, ok := d.Copy(true)
	if !ok || got != text || d.Copying() {
		t.Fatalf("copy anyway: ok %v, copying %v, text %q", ok, d.Copying(), got)
	}
	// Blanks are asked about too, and an Insert's question is an insert's.
	d.SetTicket(dana)
	if len(d.Missing()) == 0 {
		t.Fatal("the test needs a reply with blanks")
	}
	if _, ok := d.Copy(false); ok || !d.Confirming || !strings.Contains(d.Announcement, "to copy anyway") {
		t.Fatalf("copied a reply with blanks without asking: %q", d.Announcement)
	}
	d.Back()
	if _, ok := d.Insert(false); ok || d.Copying() || !strings.Contains(d.Announcement, "to insert anyway") {
		t.Errorf("an insert's question speaks of a copy: copying %v, %q", d.Copying(), d.Announcement)
	}
}

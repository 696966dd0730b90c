package widget

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/internal/usage"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

func TestEditRatio(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"", "", 0},
		{"Hi Dana, here it is.", "Hi Dana, here it is.", 0},
		{"Hi Dana, here it is.", "hi dana here it is", 0}, // case and punctuation do not count
		{"Hi Dana, here it is.", "", 1},
		{"", "Something new", 1},
		{"one two three four", "one two three five", 0.25},
		{"one two three four", "one three four", 0.25},         // one deletion
		{"one two three four", "zero one two three four", 0.2}, // one insertion of 5 words
		{"a b c d", "w x y z", 1},
		{"I'm sorry about that", "I’m sorry about this", 0.25},
	} {
		if got := EditRatio(tc.a, tc.b); got != tc.want {
			t.Errorf("EditRatio(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if got := EditRatio(tc.b, tc.a); got != tc.want {
			t.Errorf("EditRatio is not symmetric for %q, %q", tc.a, tc.b)
		}
	}
	long := strings.Repeat("word ", 50000)
	if r := EditRatio(long, long+"more"); r != 0 {
		t.Errorf("long texts: %v (compared by their first %d words)", r, maxEditWords)
	}
}

// TestDeskUsage follows one ticket: suggested at ranks 1–3, the second
// inserted after an edit, then the sent text reported by the host.
func TestDeskUsage(t *testing.T) {
	d := NewDesk(testEngine(t))
	var now int64 = 1_700_000_000_000
	u := &UsageLog{Revision: 7, Now: func() int64 { now++; return now }}
	d.Usage = u
	d.SetTicket(dana)
	sug := u.Take(100)
	if len(sug) != len(d.Suggestions) || len(sug) == 0 {
		t.Fatalf("%d suggested events for %d suggestions", len(sug), len(d.Suggestions))
	}
	for i, e := range sug {
		s := d.Suggestions[i]
		if e.Kind != usage.KindSuggested || e.Rank != i+1 || e.Revision != 7 || e.Reply != s.Reply || e.Intent != s.Intent || e.Time <= 1_700_000_000_000 {
			t.Errorf("event %d: %+v for %s/%s", i, e, s.Intent, s.Reply)
		}
	}
	d.Pick(1)
	orig := d.Draft()
	d.Edit(orig + " Thanks again for your patience, truly.")
	if _, ok := d.Insert(true); !ok {
		t.Fatal("insert refused")
	}
	ins := u.Take(100)
	if len(ins) != 1 || ins[0].Kind != usage.KindInserted || ins[0].Rank != 2 || ins[0].Reply != d.Suggestions[1].Reply {
		t.Fatalf("inserted events %+v", ins)
	}
	if want := EditRatio(orig, d.Draft()); ins[0].Edit != want || want <= 0 {
		t.Errorf("inserted edit %v, want %v", ins[0].Edit, want)
	}
	if u.Sent("T-other", "whatever") {
		t.Error("a sent report for a ticket without an insert counted")
	}
	if !u.Sent("T-1", "Totally different words were sent in the end") {
		t.Fatal("the sent report was not matched to the insert")
	}
	sent := u.Take(100)
	if len(sent) != 1 || sent[0].Kind != usage.KindSent || sent[0].Rank != 2 || sent[0].Edit < 0.8 {
		t.Errorf("sent events %+v", sent)
	}
	if u.Sent("T-1", "again") {
		t.Error("one insert was reported sent twice")
	}
	// Events carry no text from the message, the draft or the sent reply.
	all, _ := json.Marshal(append(append(sug, ins...), sent...))
	for _, secret := range []string{"48213", "annoyed", "Thanks again", "Totally different", "Dana"} {
		if strings.Contains(string(all), secret) {
			t.Errorf("events carry %q: %s", secret, all)
		}
	}
}

func TestUsageSearchedReplyHasRankZero(t *testing.T) {
	d := NewDesk(testEngine(t))
	u := &UsageLog{Revision: 1}
	d.Usage = u
	d.SetTicket(dana)
	u.Take(100)
	d.OpenSearch()
	d.Search("refund")
	if !d.Choose(0) {
		t.Fatal("could not choose a search result")
	}
	if d.Selected < d.shown {
		t.Skip("the search found one of the suggestions")
	}
	d.Insert(true)
	ev := u.Take(100)
	if len(ev) != 1 || ev[0].Rank != 0 {
		t.Errorf("a reply picked by search: %+v", ev)
	}
}

func TestUsageLogQueue(t *testing.T) {
	var off UsageLog // revision 0: a library not from the studio
	off.add(usage.Event{Kind: "suggested"})
	if off.Pending() != 0 {
		t.Error("logged without a revision")
	}
	var nilLog *UsageLog
	nilLog.Suggested(nil, []suggestions.Suggestion{{Reply: "x"}})
	if nilLog.Pending() != 0 || nilLog.Take(5) != nil || nilLog.Sent("t", "x") {
		t.Error("a nil log is not a no-op")
	}

	u := &UsageLog{Revision: 3}
	for i := 0; i < MaxPendingEvents+10; i++ {
		u.add(usage.Event{Kind: "suggested", Rank: i})
	}
	if u.Pending() != MaxPendingEvents {
		t.Fatalf("%d pending, bound %d", u.Pending(), MaxPendingEvents)
	}
	b := u.Take(200)
	if len(b) != 200 || b[0].Rank != 10 {
		t.Errorf("oldest first: %d events, first rank %d", len(b), b[0].Rank)
	}
	u.add(usage.Event{Kind: "suggested", Rank: -1})
	u.Requeue(b)
	if u.Pending() != MaxPendingEvents {
		t.Errorf("requeue exceeded the bound: %d", u.Pending())
	}
	first := u.Take(1)
	if first[0].Rank != 11 {
		t.Errorf("requeued batch not ahead of newer events, or the oldest not dropped: rank %d", first[0].Rank)
	}
	// A reply to two requests counts for both replies.
	lib := testEngine(t).Library()
	s := suggestions.Suggestion{Intent: lib.Intents[0].ID, Reply: lib.Intents[0].Replies[0].ID + "+" + lib.Intents[1].Replies[0].ID}
	v := &UsageLog{Revision: 1}
	v.Suggested(lib, []suggestions.Suggestion{s})
	ev := v.Take(10)
	if len(ev) != 2 || ev[1].Intent != lib.Intents[1].ID || ev[1].Reply != lib.Intents[1].Replies[0].ID {
		t.Errorf("combined reply: %+v", ev)
	}
}

func TestDeskReplaceAndBusy(t *testing.T) {
	d := NewDesk(testEngine(t))
	d.SetTicket(dana)
	if d.Busy() {
		t.Error("busy right after a ticket")
	}
	lib, _ := library.ParseLibrary("d", suggestions.DefaultLibraryJSON())
	for i := range lib.Intents {
		if lib.Intents[i].ID == "order.track" {
			lib.Intents[i].Replies[0].Body = "Brand new words about order {{order.number}}."
		}
	}
	eng, err := suggestions.Compile(lib)
	if err != nil {
		t.Fatal(err)
	}
	d.Edit("my own words")
	if !d.Busy() {
		t.Error("not busy with an edited draft")
	}
	d.Replace(eng)
	if !strings.Contains(d.Draft(), "Brand new words about order 48213") || d.Busy() {
		t.Errorf("after Replace the ticket is not answered with the new library: %q", d.Draft())
	}
	if !strings.Contains(readTokenFromHash("#token=s3cr%2Bt&x=1"), "s3cr+t") || readTokenFromHash("") != "" {
		t.Error("readTokenFromHash")
	}
}

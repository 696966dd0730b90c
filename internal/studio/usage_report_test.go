package studio

import (
	"testing"
	"time"

	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/internal/studioapi"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// The usage report judges a reply only once it was suggested a handful of
// times, never calls a reply nobody was offered "never picked", says from
// when the figures run, and sums each intent's days from its replies'.
func TestUsageReportVerdictsAndDays(t *testing.T) {
	lib := &library.Library{Intents: []library.Intent{
		{ID: "a", Title: "A", Replies: []library.Reply{{ID: "a1"}, {ID: "a2"}, {ID: "a3"}, {ID: "a4"}}},
	}}
	d1 := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	d2 := d1.Add(24 * time.Hour)
	sums := []store.Usage{
		{IntentID: "a", ReplyID: "a1", Suggested: MinSuggested, MeanEdit: -1},                         // judged: never picked
		{IntentID: "a", ReplyID: "a2", Suggested: MinSuggested - 1, MeanEdit: -1},                     // too few to judge
		{IntentID: "a", ReplyID: "a3", Suggested: MinSuggested, Inserted: 2, Sent: 2, MeanEdit: 0.75}, // judged: rewritten
	}
	daily := []store.DayUsage{
		{Day: d2, Usage: store.Usage{IntentID: "a", ReplyID: "a1", Suggested: MinSuggested, MeanEdit: -1}},
		{Day: d2, Usage: store.Usage{IntentID: "a", ReplyID: "a2", Suggested: MinSuggested - 1, MeanEdit: -1}},
		{Day: d1, Usage: store.Usage{IntentID: "a", ReplyID: "a3", Suggested: 2, Inserted: 1, Sent: 1, MeanEdit: 1}},
		{Day: d2, Usage: store.Usage{IntentID: "a", ReplyID: "a3", Suggested: 3, Inserted: 1, Sent: 1, MeanEdit: 0.5}},
	}
	since := d1.Add(-5 * 24 * time.Hour)
	u := UsageReport(lib, 1, sums, daily, 7, since)
	by := map[string]studioapi.ReplyUsage{}
	for _, r := range u.Replies {
		by[r.Reply] = r
	}
	if r := by["a1"]; !r.NeverPicked || r.TooFew {
		t.Errorf("a1 (suggested %d times, never inserted): %+v", MinSuggested, r)
	}
	if r := by["a2"]; r.NeverPicked || !r.TooFew {
		t.Errorf("a2 (suggested %d times): %+v", MinSuggested-1, r)
	}
	if r := by["a3"]; !r.HeavilyRewritten || len(r.Days) != 2 {
		t.Errorf("a3: %+v", r)
	}
	if r := by["a4"]; r.NeverPicked || r.TooFew || r.HeavilyRewritten {
		t.Errorf("a4, never suggested, is judged: %+v", r)
	}
	if !u.FirstEvent.Equal(d1) || u.MinSuggested != MinSuggested {
		t.Errorf("first event %v, min %d", u.FirstEvent, u.MinSuggested)
	}
	want := []studioapi.DayUse{
		{Day: d1, Suggested: 2, Inserted: 1, Sent: 1, MeanEdit: 1},
		{Day: d2, Suggested: 2*MinSuggested + 2, Inserted: 1, Sent: 1, MeanEdit: 0.5},
	}
	got := u.Intents[0].Days
	if len(got) != len(want) {
		t.Fatalf("intent days %+v, want %+v", got, want)
	}
	for i := range want {
		if !got[i].Day.Equal(want[i].Day) || got[i].Suggested != want[i].Suggested || got[i].Inserted != want[i].Inserted || got[i].MeanEdit != want[i].MeanEdit {
			t.Errorf("intent day %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if empty := UsageReport(lib, 1, nil, nil, 7, since); !empty.FirstEvent.IsZero() {
		t.Errorf("no events, first event %v", empty.FirstEvent)
	}
}

package studio

import (
	"context"
	"testing"
	"time"

	"github.com/warmdesk/warmdesk/internal/usage"

	"github.com/warmdesk/warmdesk/internal/studioapi"
	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// TestEventsOnlyForTheLibraryInUse: usage events are accepted for the
// published revision and the one published before it, never for older
// or unpublished ones; checking them parses no library per event; the
// refusals say nothing about what exists, and the usage page counts them.
func TestEventsOnlyForTheLibraryInUse(t *testing.T) {
	e := newEnv(t, Config{})
	ctx := context.Background()
	doc := defaultDoc(t, nil)
	// Revisions 2 to 11, each the default library; 2, then 3, published.
	for base := int64(1); base <= 10; base++ {
		if _, err := e.st.Save(ctx, base, doc, "ed", "again"); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []int64{2, 3} {
		if err := e.st.Publish(ctx, id); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Millisecond) // publication times in order
	}
	e.api.published.forget()

	lib, _ := library.ParseLibrary("d", suggestions.DefaultLibraryJSON())
	in := lib.Intents[0]
	ev := func(rev int64, reply string) usage.Event {
		return usage.Event{Kind: "suggested", Revision: rev, Intent: in.ID, Reply: reply, Rank: 1}
	}
	anon := e.client()
	send := func(what string, want int, events ...usage.Event) studioapi.Error {
		t.Helper()
		var er studioapi.Error
		wantStatus(t, what, anon.call("POST", studioapi.Events, usage.Batch{Events: events}, &er), want)
		return er
	}
	send("the published revision", 204, ev(3, in.Replies[0].ID))
	send("the revision published before", 204, ev(2, in.Replies[0].ID))

	// A batch naming every revision, as a forger would: refused whole,
	// with the same words for a revision that exists and one that does
	// not, and for a reply that does not exist.
	parsedBefore := e.api.libs.parsed.Load()
	var many []usage.Event
	for rev := int64(1); rev <= 200; rev++ {
		many = append(many, ev(rev, in.Replies[0].ID))
	}
	er := send("200 revisions", 422, many...)
	if parsed := e.api.libs.parsed.Load() - parsedBefore; parsed > 0 {
		t.Errorf("checking the batch parsed %d libraries", parsed)
	}
	if len(er.Problems) != 198 {
		t.Errorf("%d problems, want 198 (every revision but 2 and 3)", len(er.Problems))
	}
	msgs := map[string]bool{}
	for _, p := range er.Problems {
		msgs[p.Field+": "+p.Message] = true
	}
	er = send("a reply that does not exist", 422, ev(3, "no.such.reply"))
	for _, p := range er.Problems {
		msgs[p.Field+": "+p.Message] = true
	}
	if len(msgs) != 1 {
		t.Errorf("refusals tell revisions and replies apart: %v", msgs)
	}

	var u studioapi.UsageReport
	wantStatus(t, "usage", e.client().login("ed").call("GET", studioapi.UsagePath, nil, &u), 200)
	if u.RefusedEvents != 201 || u.RefusedBatches != 2 {
		t.Errorf("usage says %d events in %d batches refused, want 201 in 2", u.RefusedEvents, u.RefusedBatches)
	}
	if u.Intents[0].Suggested != 2 {
		t.Errorf("%d suggestions counted for %s, want the 2 accepted", u.Intents[0].Suggested, in.ID)
	}
}

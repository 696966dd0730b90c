package studioui

import (
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions"
)

func TestTopChanges(t *testing.T) {
	rep := &suggestions.Report{
		MinPhrasings: 5,
		Intents: []suggestions.IntentQuality{
			{ID: "a", Title: "Track an order", Phrasings: 20, Correct: 12, Replies: 2, Accuracy: 0.6},
			{ID: "b", Title: "Delivery is late", Phrasings: 20, Correct: 14, Replies: 1, Accuracy: 0.7},
			{ID: "c", Title: "Gift wrap", Phrasings: 2, Correct: 0, Replies: 1, Accuracy: 0, TooFew: true},
			{ID: "d", Title: "Warranty", Phrasings: 9, Correct: 9, Replies: 0, Accuracy: 1},
			{ID: "e", Title: "Fine", Phrasings: 10, Correct: 10, Replies: 1, Accuracy: 1},
			{ID: "f", Title: "Slight", Phrasings: 10, Correct: 9, Replies: 1, Accuracy: 0.9},
		},
		Confusions: []suggestions.Confusion{
			{A: "a", B: "b", Count: 11, Collisions: []suggestions.Collision{{Phrasing: "where is it", Intent: "a", Matched: "b"}}},
			{A: "e", B: "f", Count: 1},
		},
	}
	got := TopChanges(rep, 3)
	var titles []string
	for _, c := range got {
		titles = append(titles, c.Title)
		if c.Do == "" {
			t.Errorf("%q says nothing to do", c.Title)
		}
	}
	want := []string{
		"“Track an order” and “Delivery is late” are mistaken for each other: 11 phrasings",
		"“Warranty” has no reply: agents get nothing for it",
		"“Gift wrap” is too thin to be found: 0 of its 2 phrasings find it",
	}
	if strings.Join(titles, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(titles, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(got[0].Do, "“where is it”") {
		t.Errorf("no example in %q", got[0].Do)
	}
	// One kind costlier than every other still leaves room for the others.
	rep.Intents = append(rep.Intents, suggestions.IntentQuality{ID: "g", Title: "Thin", Phrasings: 40, Correct: 10, Replies: 1, Accuracy: 0.25},
		suggestions.IntentQuality{ID: "h", Title: "Thinner", Phrasings: 40, Correct: 5, Replies: 1, Accuracy: 0.125})
	titles = titles[:0]
	for _, c := range TopChanges(rep, 3) {
		titles = append(titles, c.Title)
	}
	want = []string{
		"“Thinner” is too thin to be found: 5 of its 40 phrasings find it",
		"“Track an order” and “Delivery is late” are mistaken for each other: 11 phrasings",
		"“Warranty” has no reply: agents get nothing for it",
	}
	if strings.Join(titles, "\n") != strings.Join(want, "\n") {
		t.Errorf("with costlier thin intents, got\n%s\nwant\n%s", strings.Join(titles, "\n"), strings.Join(want, "\n"))
	}
	if TopChanges(nil, 3) != nil || len(TopChanges(&suggestions.Report{}, 3)) != 0 {
		t.Error("an empty report recommends changes")
	}
}

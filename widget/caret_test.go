package widget

import (
	"testing"

	"github.com/warmdesk/warmdesk/suggestions"
)

func TestEditSpan(t *testing.T) {
	s := &suggestions.Suggestion{Parts: suggestions.Parts{Opener: "Hi Dana,", Body: "Your refund is on its way.", Closer: "Best wishes,\nSam"}}
	for _, c := range []struct {
		name, draft, want string // want: the draft with the span in []
	}{
		{"blank first", "Hi Dana,\n\nI sent {{amount}} on {{date}}.\n\nBest wishes,\nSam", "Hi Dana,\n\nI sent [{{amount}}] on {{date}}.\n\nBest wishes,\nSam"},
		{"end of body", "Hi Dana,\n\nYour refund is on its way.\n\nBest wishes,\nSam", "Hi Dana,\n\nYour refund is on its way.[]\n\nBest wishes,\nSam"},
		{"closer edited", "Hi Dana,\n\nYour refund is on its way.\n\nCheers", "Hi Dana,\n\nYour refund is on its way.\n\nCheers[]"},
		{"empty", "", "[]"},
		{"only the closer", "Best wishes,\nSam", "[]Best wishes,\nSam"},
	} {
		a, b := EditSpan(c.draft, s)
		if got := c.draft[:a] + "[" + c.draft[a:b] + "]" + c.draft[b:]; got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestUTF16(t *testing.T) {
	s := "é👋🏽a"
	for _, c := range []struct{ off, want int }{{0, 0}, {2, 1}, {6, 3}, {10, 5}, {11, 6}, {99, 6}, {-1, 0}} {
		if got := UTF16(s, c.off); got != c.want {
			t.Errorf("UTF16(%q, %d) = %d, want %d", s, c.off, got, c.want)
		}
	}
}

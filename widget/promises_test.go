package widget

import "testing"

func TestSentenceIn(t *testing.T) {
	const s = "I've issued a refund of {{amount}} for order {{order.number}}."
	for _, c := range []struct {
		draft string
		want  bool
	}{
		{"Hi,\n\nI've issued a refund of {{amount}} for order {{order.number}}.\n\nBye", true},
		{"Hi,\n\nI've issued a refund of €24.90 for order 48213. More.", true},
		{"Hi,\n\nI've issued a refund of €24.90 for your order.", false},
		{"Hi,\n\nI'll issue a refund soon.", false},
		{"I've issued a refund of\n\nsomething else for order 1.", false},
		{"", false},
	} {
		if got := SentenceIn(c.draft, s); got != c.want {
			t.Errorf("SentenceIn(%q) = %v, want %v", c.draft, got, c.want)
		}
	}
	if !SentenceIn("Done: {{x}} sent.", "{{x}} sent.") || !SentenceIn("a b", "a b") || SentenceIn("a", "a b") {
		t.Error("edge cases")
	}
}

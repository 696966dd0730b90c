package widget

import (
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/tone"
)

// A rewording takes the case of the words it replaces: lower case in the
// middle of a sentence, a capital at its start.
func TestFixTextMatchesCase(t *testing.T) {
	for _, tt := range []struct {
		text, found, rewording, want string
	}{
		{"The sale has ended, and unfortunately the code expired.", "unfortunately", "Here's what I can do:",
			"The sale has ended, and here's what I can do: the code expired."},
		{"Unfortunately, the item is out of stock.", "Unfortunately", "Here's what I can do:",
			"Here's what I can do:, the item is out of stock."},
		{"Thanks for asking, but we can't refund it.", "we can't", "What we can do is",
			"Thanks for asking, but what we can do is refund it."},
		{"Please calm down so I can help.", "calm down", "I understand how upsetting this is",
			"Please I understand how upsetting this is so I can help."},
		{"Please, calm down so I can help.", "calm down", "I'm sorry this is so stressful",
			"Please, I'm sorry this is so stressful so I can help."},
		{"You need to send a photo.", "You need to", "could you",
			"Could you send a photo."},
		{"First, you need to send a photo.", "you need to", "Could you",
			"First, could you send a photo."},
		{"Our records show unfortunately nothing.", "unfortunately", "FAQ answers",
			"Our records show FAQ answers nothing."},
		{"Our records show unfortunately nothing.", "unfortunately", "eBay says",
			"Our records show eBay says nothing."},
		{"Hello, dear customer.", "dear customer", "{{customer.first_name}}",
			"Hello, {{customer.first_name}}."},
		{"Ça va, malheureusement non.", "malheureusement", "Élégamment",
			"Ça va, élégamment non."},
		{"It's fine.", "It's", "",
			" fine."},
	} {
		start := strings.Index(tt.text, tt.found)
		f := tone.Finding{Text: tt.found, Start: start, End: start + len(tt.found)}
		got, err := FixText(tt.text, f, tt.rewording)
		if err != nil || got != tt.want {
			t.Errorf("FixText(%q, %q, %q) = %q, %v\n want %q", tt.text, tt.found, tt.rewording, got, err, tt.want)
		}
	}
}

package studioui

import (
	"reflect"
	"testing"
)

func TestSentences(t *testing.T) {
	for _, c := range []struct {
		body string
		want []string
	}{
		{"I've issued a refund of {{amount}}. It takes 3 to 5 days!\n\nAnything else? Ask.", []string{"I've issued a refund of {{amount}}.", "It takes 3 to 5 days!", "Anything else?", "Ask."}},
		{"Costs €24.90 today.\n\nA list:\n- one\n- two", []string{"Costs €24.90 today.", "A list:\n- one\n- two"}},
		{"No end", []string{"No end"}},
		{"", nil},
	} {
		if got := Sentences(c.body); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Sentences(%q) = %q, want %q", c.body, got, c.want)
		}
	}
}

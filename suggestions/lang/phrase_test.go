package lang

import (
	"testing"
)

// A phrase finds in a message what the phrase says, written as the
// message is: spelling variants fold alike, two-word ones ("log in")
// included, and a word written with '*' matches any word it starts.
func TestPhraseWordsFindAsWritten(t *testing.T) {
	l, err := English()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		phrase, msg string
		want        bool
	}{
		{"can't log in", "I can't log in today", true},
		{"can't log in", "cant login since monday", true},
		{"unable to sign in", "unable to sign in on the app", true},
		{"frustrat* again", "so frustrating again", true},
		{"frustrat* again", "so frustrating", false},
		{"check out", "the checkout page", true},
		{"log in", "the log is in the bin", false},
	} {
		s := NewPhraseSet()
		s.Add(l.PhraseWords(tt.phrase), 1)
		if got := len(s.Find(l.Words(tt.msg))) > 0; got != tt.want {
			t.Errorf("%q in %q: found %v, want %v (phrase words %+v, message words %+v)", tt.phrase, tt.msg, got, tt.want, l.PhraseWords(tt.phrase), l.Words(tt.msg))
		}
	}
}

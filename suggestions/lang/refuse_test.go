package lang

import (
	"strings"
	"testing"
)

func TestRefusedRanges(t *testing.T) {
	l, err := English()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		msg, want string // want: the refused words, "|" between ranges
	}{
		{"I'd like a refund please, I don't want a replacement", "do not want a replacement"},
		{"I do not want a call back, just an email", "do not want a call back"},
		{"no need for a new card but please fix the app", "no need for a new card"},
		{"I don't want my account anymore", ""},
		{"I don't want any more emails", ""},
		{"my parcel has not arrived", ""},
		{"I don't want a refund. I don't want an exchange either", "do not want a refund|do not want an exchange either"},
	} {
		ws := l.Words(tc.msg)
		var got []string
		for _, r := range l.RefusedRanges(ws) {
			var part []string
			for _, w := range ws[r[0]:r[1]] {
				part = append(part, w.Text)
			}
			got = append(got, strings.Join(part, " "))
		}
		if strings.Join(got, "|") != tc.want {
			t.Errorf("%q: refused %q, want %q", tc.msg, strings.Join(got, "|"), tc.want)
		}
	}
}

func TestRefuse(t *testing.T) {
	l, err := English()
	if err != nil {
		t.Fatal(err)
	}
	msg := "I'd like a refund please, I don't want a replacement"
	match, refused := l.Refuse(msg, l.Words(msg))
	if len(match) != len(msg) || !strings.HasPrefix(match, "I'd like a refund please, I ") || strings.Contains(match, "replacement") {
		t.Errorf("match text %q", match)
	}
	if !refused[l.Term("replacement")] || refused[l.Term("refund")] {
		t.Errorf("refused terms %v", refused)
	}
	if !l.Offers("Send a replacement", refused) || l.Offers("Issue the refund", refused) {
		t.Error("Offers: a replacement is refused, a refund is not")
	}
	// Everything refused: the text stays whole (never matched as empty),
	// the terms are still known.
	msg = "I don't want a replacement"
	match, refused = l.Refuse(msg, l.Words(msg))
	if match != msg || !refused[l.Term("replacement")] {
		t.Errorf("all refused: match %q, refused %v", match, refused)
	}
	if match, refused := l.Refuse("where is my parcel", l.Words("where is my parcel")); match != "where is my parcel" || refused != nil {
		t.Errorf("nothing refused: %q %v", match, refused)
	}
}

func TestRefusalsValidated(t *testing.T) {
	doc := func(refusal string) []byte {
		return []byte(`{"language":"en","about":"t","variants":{"don't":"do not"},"negators":["not"],"intensifiers":[],"stopwords":[],"synonyms":[],"related":[],"refusals":[` + refusal + `]}`)
	}
	for _, bad := range []string{`"don't want a"`, `""`, `"Do Not Want A"`, `"do not want a b c d"`} {
		if _, err := ParseLang(doc(bad)); err == nil || !strings.Contains(err.Error(), "refusals[0]") {
			t.Errorf("refusal %s: error %v, want one naming refusals[0]", bad, err)
		}
	}
	if _, err := ParseLang(doc(`"do not want a"`)); err != nil {
		t.Errorf("a good refusal: %v", err)
	}
}

func TestQuiet(t *testing.T) {
	for _, tc := range []struct {
		in   string
		gone []string // blanked; everything else stays
	}{
		{"see https://example.com/a?b=1 please", []string{"https://example.com/a?b=1"}},
		{"@shopco my parcel is late", []string{"@shopco"}},
		{"hi @shopco_help, pic.twitter.com/Ab12Cd", []string{"@shopco_help", "pic.twitter.com/Ab12Cd"}},
		{"write to me at sam@example.org", nil},
		{"www.example.com is down", []string{"www.example.com"}},
		{"no links here, 12.50 paid", nil},
	} {
		want := tc.in
		for _, g := range tc.gone {
			want = strings.Replace(want, g, strings.Repeat(" ", len(g)), 1)
		}
		if got := Quiet(tc.in); got != want {
			t.Errorf("Quiet(%q) = %q, want %q", tc.in, got, want)
		}
	}
}

func TestHashtagWords(t *testing.T) {
	l, err := English()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, want string }{
		{"#NeverAgain", "never again"},
		{"#ThanksForNothing", "thanks for nothing"},
		{"#worstbrand", "worstbrand"}, // the matcher splits it, knowing the library's words
		{"#Café", "cafe"},
		{"NeverAgain", "neveragain"}, // not a hashtag
	} {
		var got []string
		for _, w := range l.Words(tc.in) {
			got = append(got, w.Text)
			if w.Tag != strings.HasPrefix(tc.in, "#") {
				t.Errorf("%q: word %q tagged %v", tc.in, w.Text, w.Tag)
			}
			if w.Text != "cafe" && strings.ToLower(tc.in[w.Start:w.End]) != w.Text {
				t.Errorf("%q: word %q spans %q", tc.in, w.Text, tc.in[w.Start:w.End])
			}
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%q: words %q, want %q", tc.in, strings.Join(got, " "), tc.want)
		}
	}
}

package tone

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/data"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// wording keeps the findings of the wording rules (avoid and swap): the
// ones about a span of the text rather than the reply as a whole.
func wording(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Kind == library.KindAvoid || f.Kind == library.KindSwap {
			out = append(out, f)
		}
	}
	return out
}

func shippedLibrary(t *testing.T) *library.Library {
	t.Helper()
	lib, err := library.ParseLibrary("default.json", data.DefaultLibrary)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// Every shipped text (openers, closers, acknowledgements, reply bodies),
// alone, passes every wording rule of the shipped library. (The rules of
// a reply's opening, closing and acknowledgement judge a whole reply:
// the package suggestions checks each text in its role and every
// composed reply.)
func TestShippedTextsPassShippedWordingRules(t *testing.T) {
	c, lib := engine(t), shippedLibrary(t)
	var texts []string
	for _, s := range lib.Openers {
		texts = append(texts, s.Text)
	}
	for _, s := range lib.Closers {
		texts = append(texts, s.Text)
	}
	for _, f := range lib.Feelings {
		for _, a := range f.Acknowledgements {
			texts = append(texts, a.Text)
		}
	}
	for _, in := range lib.Intents {
		for _, r := range in.Replies {
			texts = append(texts, r.Body)
		}
	}
	if len(texts) < 100 {
		t.Fatalf("only %d texts", len(texts))
	}
	for _, text := range texts {
		for _, f := range wording(c.Check(text, Options{})) {
			t.Errorf("%q: %s flags %q", text, f.Rule, f.Text)
		}
	}
}

// Every wording rule of the shipped library offers a rewording, so each
// of its findings says what can be done instead.
func TestShippedWordingRulesOfferRewordings(t *testing.T) {
	for _, r := range shippedLibrary(t).Rules {
		if (r.Kind == library.KindAvoid || r.Kind == library.KindSwap) && len(r.Suggestions) == 0 {
			t.Errorf("rule %s offers no rewording", r.ID)
		}
	}
}

// readToneList reads one of the shipped lists of sentences: one a line,
// # comments.
func readToneList(t *testing.T, name string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "data", name))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	if len(out) < 20 {
		t.Fatalf("%s lists only %d sentences", name, len(out))
	}
	return out
}

// Good sentences that look like refusals ("we can't wait", "no problem",
// "you won't be charged") pass every wording rule.
func TestShippedMustPassList(t *testing.T) {
	c := engine(t)
	for _, s := range readToneList(t, "tone-must-pass.txt") {
		for _, f := range wording(c.Check(s, Options{})) {
			t.Errorf("%q is flagged by %s at %q", s, f.Rule, f.Text)
		}
	}
}

// Refusals as agents write them are each flagged, with a rewording.
func TestShippedMustFlagList(t *testing.T) {
	c := engine(t)
	for _, s := range readToneList(t, "tone-must-flag.txt") {
		fs := wording(c.Check(s, Options{}))
		if len(fs) == 0 {
			t.Errorf("%q is not flagged", s)
		}
		for _, f := range fs {
			if len(f.Suggestions) == 0 {
				t.Errorf("%q: %s offers no rewording", s, f.Rule)
			}
		}
	}
}

func TestCheckReadsPlaceholdersAsNames(t *testing.T) {
	c := engine(t)
	for _, tc := range []struct {
		text, rule string
		flagged    bool
	}{
		{"Dear {{customer.first_name}},", "greet-the-person", false},
		{"Dear customer,", "greet-the-person", true},
		{"Dear {{customer.name}}, we can't refund order {{order.number}}.", "say-what-we-can", true},
	} {
		var got *Finding
		for _, f := range c.Check(tc.text, Options{}) {
			if f.Rule == tc.rule {
				got = &f
			}
		}
		if (got != nil) != tc.flagged {
			t.Errorf("%q: %s flagged %v, want %v", tc.text, tc.rule, got != nil, tc.flagged)
		}
		if got != nil && tc.text[got.Start:got.End] != got.Text {
			t.Errorf("%q: the finding's text %q is not the text at its span", tc.text, got.Text)
		}
	}
}

func TestPhrasesStayInsideASentence(t *testing.T) {
	c := engine(t)
	for _, tc := range []struct {
		text    string
		flagged bool
	}{
		{"Apologies if the form was unclear.", true},
		{"My apologies. If the form was unclear, here it is again.", false},
		{"I'm sorry!\nIf you'd like, I can call you.", false},
		{"I'm sorry.\n\nIf the parcel turns up, keep it.", false},
		{"Sorry if this was confusing.", true},
		{"Sorry, if this was confusing, here it is again.", true}, // a comma ends no sentence
	} {
		flagged := false
		for _, f := range c.Check(tc.text, Options{}) {
			flagged = flagged || f.Rule == "no-non-apology"
		}
		if flagged != tc.flagged {
			t.Errorf("%q: no-non-apology flagged %v, want %v", tc.text, flagged, tc.flagged)
		}
	}
}

// Overlapping wording findings give one underline: the most severe, then
// the most specific; findings apart are all kept.
func TestOneFindingPerSpan(t *testing.T) {
	c := engine(t)
	for _, tc := range []struct {
		text  string
		rules []string
	}{
		{"You would need to contact the courier.", []string{"own-the-handoff"}},
		{"We have no information on that yet.", []string{"say-what-we-do"}},
		{"Unfortunately, we don't ship there.", []string{"no-unfortunately", "say-what-we-do"}},
	} {
		var got []string
		for _, f := range wording(c.Check(tc.text, Options{})) {
			got = append(got, f.Rule)
		}
		if strings.Join(got, " ") != strings.Join(tc.rules, " ") {
			t.Errorf("%q: findings of %q, want %q", tc.text, got, tc.rules)
		}
	}
}

package matching

import (
	"slices"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/lang/langtest"

	"github.com/warmdesk/warmdesk/suggestions/internal/hashkey"
	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// A message that says what an intent's phrasings say, in a related word
// the library never uses, is matched to that intent through the group:
// without the groups it shares only a letter piece with another intent.
func TestRelatedWordsMatch(t *testing.T) {
	intents := []library.Intent{
		{ID: "refund", Phrasings: []string{"I want a refund for my order", "please refund the order", "how do I get refunded"}},
		{ID: "password", Phrasings: []string{"I forgot my password", "reset my password please", "my password does not work"}},
		{ID: "fee", Phrasings: []string{"why was I charged a fee", "what does shipping cost", "the charge on my card"}},
	}
	const msg = "compensation"
	closeness := func(related [][]string) (refund float64, first string, shared bool) {
		l, err := lang.ParseLang(langtest.WithRelated(related))
		if err != nil {
			t.Fatal(err)
		}
		m, err := newMatcher(l, intents, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		q := m.prepare(msg)
		id, known := m.ids.Get(hashkey.Of(kindRelated, "refund"))
		shared = known && slices.ContainsFunc(q.vec, func(f feature) bool { return f.key == uint64(id) })
		r := m.rank(q, -1)
		if len(r) == 0 {
			return 0, "", shared
		}
		for _, s := range r {
			if intents[s.Intent].ID == "refund" {
				refund = s.Score
			}
		}
		return refund, intents[r[0].Intent].ID, shared
	}
	with, first, shared := closeness([][]string{{"refund", "compensation", "rebate"}, {"fee", "cost", "price"}})
	if !shared || first != "refund" {
		t.Errorf("with the groups, %q shares the refund group: %v, and ranks %q first; want true and refund", msg, shared, first)
	}
	without, first, shared := closeness(nil)
	if shared || first == "refund" {
		t.Errorf("without the groups, %q shares the refund group: %v, and ranks %q first; want neither", msg, shared, first)
	}
	if with <= without {
		t.Errorf("refund's closeness to %q: %v with the groups, %v without; want it higher with them", msg, with, without)
	}
}

// A word the language data lists is not taken for a typo of a library
// word one edit away; a word it does not list still is.
func TestKnownWordsNotCorrected(t *testing.T) {
	intents := []library.Intent{
		{ID: "debate", Phrasings: []string{"join the debate", "when is the debate"}},
		{ID: "refund", Phrasings: []string{"I want a refund", "refund my order"}},
	}
	for _, tc := range []struct {
		name    string
		related [][]string
		want    []string
	}{
		{"listed", [][]string{{"refund", "rebate"}}, nil},
		{"not listed", [][]string{{"refund", "compensation"}}, []string{"debate"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := lang.ParseLang(langtest.WithRelated(tc.related))
			if err != nil {
				t.Fatal(err)
			}
			m, err := newMatcher(l, intents, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			ws := l.Words("rebate")
			if got := m.corrections(ws)[0]; !slices.Equal(got, tc.want) {
				t.Errorf("corrections of %q: %q, want %q", "rebate", got, tc.want)
			}
		})
	}
}

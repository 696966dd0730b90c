package suggestions

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// langWithRelated is a small valid language document with the given
// related-word groups.
func langWithRelated(t *testing.T, related [][]string) []byte {
	t.Helper()
	doc := map[string]any{
		"language":     "en",
		"about":        "test",
		"variants":     map[string]string{"acct": "account"},
		"negators":     []string{"not"},
		"intensifiers": []string{"very"},
		"stopwords":    []string{"my", "the", "please"},
		"synonyms":     [][]string{{"refund", "reimburse"}},
		"related":      related,
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A bad related-word group is refused with an error that names the group
// (its index and first word) and the word at fault.
func TestParseLangRelatedErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		related [][]string
		want    []string // all must be in the error
	}{
		{"one word", [][]string{{"refund", "rebate"}, {"fee"}}, []string{"related[1]", "two or more words"}},
		{"two words in one entry", [][]string{{"refund", "money back"}}, []string{`related[0] ("refund")`, `"money back"`, "one plain lower-case word"}},
		{"capitals", [][]string{{"refund", "Rebate"}}, []string{`related[0] ("refund")`, `"Rebate"`, "one plain lower-case word"}},
		{"punctuation", [][]string{{"refund", "rebate!"}}, []string{`"rebate!"`, "one plain lower-case word"}},
		{"empty word", [][]string{{"refund", ""}}, []string{`related[0] ("refund")`, `""`}},
		{"stop word", [][]string{{"fee", "charge"}, {"refund", "please"}}, []string{`related[1] ("refund")`, `"please"`, "stop word"}},
		{"spelling variant", [][]string{{"profile", "acct"}}, []string{`related[0] ("profile")`, `"acct"`, `variant of "account"`}},
		{"same head", [][]string{{"refund", "rebate"}, {"fee", "charge"}, {"refund", "credit"}}, []string{`related[2] ("refund")`, "related[0]", "same word"}},
		{"one term", [][]string{{"refund", "refunds", "reimburse"}}, []string{`related[0] ("refund")`, "one term", "two different terms"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseLang(langWithRelated(t, tc.related))
			if err == nil {
				t.Fatalf("ParseLang accepted related groups %q", tc.related)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// Every word of a group gives its group's feature, forms of one word
// included; a word in two groups gives both.
func TestParseLangRelated(t *testing.T) {
	l, err := ParseLang(langWithRelated(t, [][]string{
		{"refund", "reimburse", "rebate", "compensation"},
		{"fee", "charge", "cost", "rebate"},
	}))
	if err != nil {
		t.Fatal(err)
	}
	refund, fee := fnv(kindRelated, "refund"), fnv(kindRelated, "fee")
	for _, tc := range []struct {
		word string
		want []uint64
	}{
		{"refund", []uint64{refund}},
		{"refunds", []uint64{refund}},
		{"reimbursed", []uint64{refund}}, // a synonym of refund, by stem
		{"compensation", []uint64{refund}},
		{"rebate", []uint64{refund, fee}},
		{"charges", []uint64{fee}},
		{"password", nil},
	} {
		if got := l.related[l.term(tc.word)]; !slices.Equal(got, tc.want) {
			t.Errorf("%q gives groups %v, want %v", tc.word, got, tc.want)
		}
	}
}

// The shipped groups load, and each gives its feature for each of its
// words as the matcher reads them.
func TestShippedRelatedGroups(t *testing.T) {
	l, err := English()
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Related) < 50 {
		t.Fatalf("only %d related-word groups shipped", len(l.Related))
	}
	for i, g := range l.Related {
		key := fnv(kindRelated, g[0])
		for _, w := range g {
			ws := l.words(w)
			if len(ws) != 1 {
				t.Errorf("related[%d]: %q reads as %d words", i, w, len(ws))
				continue
			}
			if !slices.Contains(l.related[l.term(ws[0].Text)], key) {
				t.Errorf("related[%d] (%q): %q does not give the group's feature", i, g[0], w)
			}
		}
	}
}

// A message that says what an intent's phrasings say, in a related word
// the library never uses, is matched to that intent through the group:
// without the groups it shares only a letter piece with another intent.
func TestRelatedWordsMatch(t *testing.T) {
	intents := []Intent{
		{ID: "refund", Phrasings: []string{"I want a refund for my order", "please refund the order", "how do I get refunded"}},
		{ID: "password", Phrasings: []string{"I forgot my password", "reset my password please", "my password does not work"}},
		{ID: "fee", Phrasings: []string{"why was I charged a fee", "what does shipping cost", "the charge on my card"}},
	}
	const msg = "compensation"
	closeness := func(related [][]string) (refund float64, first string, shared bool) {
		l, err := ParseLang(langWithRelated(t, related))
		if err != nil {
			t.Fatal(err)
		}
		m, err := newMatcher(l, intents, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		q := m.prepare(msg)
		id, known := m.ids.get(fnv(kindRelated, "refund"))
		shared = known && slices.ContainsFunc(q.vec, func(f feature) bool { return f.key == uint64(id) })
		r := m.rank(q, -1)
		if len(r) == 0 {
			return 0, "", shared
		}
		for _, s := range r {
			if intents[s.intent].ID == "refund" {
				refund = s.score
			}
		}
		return refund, intents[r[0].intent].ID, shared
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
	intents := []Intent{
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
			l, err := ParseLang(langWithRelated(t, tc.related))
			if err != nil {
				t.Fatal(err)
			}
			m, err := newMatcher(l, intents, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			ws := l.words("rebate")
			if got := m.corrections(ws)[0]; !slices.Equal(got, tc.want) {
				t.Errorf("corrections of %q: %q, want %q", "rebate", got, tc.want)
			}
		})
	}
}

// Contrasts must be plain lower-case words and must not be negators; a
// bad one is refused with its index and the word.
func TestParseLangContrastErrors(t *testing.T) {
	for _, tc := range []struct {
		contrasts []string
		want      []string
	}{
		{[]string{"but", "However"}, []string{"contrasts[1]", `"However"`, "plain lower-case"}},
		{[]string{"even though"}, []string{"contrasts[0]", `"even though"`}},
		{[]string{"but", "not"}, []string{"contrasts[1]", `"not"`, "negator"}},
		{[]string{"isn't"}, []string{"contrasts[0]", "negator"}},
	} {
		var doc map[string]any
		if err := json.Unmarshal(langWithRelated(t, nil), &doc); err != nil {
			t.Fatal(err)
		}
		doc["contrasts"] = tc.contrasts
		b, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		_, err = ParseLang(b)
		if err == nil {
			t.Errorf("%q: accepted", tc.contrasts)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q: error %q does not say %q", tc.contrasts, err, w)
			}
		}
	}
	var doc map[string]any
	if err := json.Unmarshal(langWithRelated(t, nil), &doc); err != nil {
		t.Fatal(err)
	}
	doc["contrasts"] = []string{"but", "though"}
	b, _ := json.Marshal(doc)
	l, err := ParseLang(b)
	if err != nil {
		t.Fatal(err)
	}
	if !l.contrast["but"] || !l.contrast["though"] || l.contrast["and"] {
		t.Errorf("contrasts compiled to %v", l.contrast)
	}
}

package lang

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/lang/langtest"

	"github.com/warmdesk/warmdesk/suggestions/internal/hashkey"
)

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
			_, err := ParseLang(langtest.WithRelated(tc.related))
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
	l, err := ParseLang(langtest.WithRelated([][]string{
		{"refund", "reimburse", "rebate", "compensation"},
		{"fee", "charge", "cost", "rebate"},
	}))
	if err != nil {
		t.Fatal(err)
	}
	refund, fee := hashkey.Of(RelatedKind, "refund"), hashkey.Of(RelatedKind, "fee")
	for _, tc := range []struct {
		word string
		want []uint64
	}{
		{"refund", []uint64{refund}},
		{"refunds", []uint64{refund}},
		{"reimbursed", []uint64{refund}}, // a synonym of refund, by Stem
		{"compensation", []uint64{refund}},
		{"rebate", []uint64{refund, fee}},
		{"charges", []uint64{fee}},
		{"password", nil},
	} {
		if got := l.related[l.Term(tc.word)]; !slices.Equal(got, tc.want) {
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
		key := hashkey.Of(RelatedKind, g[0])
		for _, w := range g {
			ws := l.Words(w)
			if len(ws) != 1 {
				t.Errorf("related[%d]: %q reads as %d words", i, w, len(ws))
				continue
			}
			if !slices.Contains(l.related[l.Term(ws[0].Text)], key) {
				t.Errorf("related[%d] (%q): %q does not give the group's feature", i, g[0], w)
			}
		}
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
		if err := json.Unmarshal(langtest.WithRelated(nil), &doc); err != nil {
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
	if err := json.Unmarshal(langtest.WithRelated(nil), &doc); err != nil {
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

func TestWordListsValidated(t *testing.T) {
	doc := func(question string) []byte {
		return []byte(`{"language":"en","about":"t","variants":{"r":"are"},"negators":["not"],"intensifiers":[],"stopwords":[],"synonyms":[],"related":[],"questions":[` + question + `]}`)
	}
	for _, bad := range []string{`"r"`, `""`, `"Is"`, `"is it"`} {
		if _, err := ParseLang(doc(bad)); err == nil || !strings.Contains(err.Error(), "questions[0]") {
			t.Errorf("question %s: error %v, want one naming questions[0]", bad, err)
		}
		for _, list := range []string{"subordinators", "resolutions"} {
			other := bytes.Replace(doc(`"is"`), []byte(`"questions":["is"]`), []byte(`"`+list+`":[`+bad+`]`), 1)
			if _, err := ParseLang(other); err == nil || !strings.Contains(err.Error(), list+"[0]") {
				t.Errorf("%s %s: error %v, want one naming %s[0]", list, bad, err, list)
			}
		}
	}
	l, err := ParseLang(doc(`"is"`))
	if err != nil {
		t.Fatalf("a good question word: %v", err)
	}
	if !l.OpensQuestion("is") || l.OpensQuestion("why") {
		t.Errorf("OpensQuestion: is %v, why %v", l.OpensQuestion("is"), l.OpensQuestion("why"))
	}
	l, err = ParseLang(bytes.Replace(doc(`"is"`), []byte(`"questions"`), []byte(`"subordinators"`), 1))
	if err != nil || !l.IsSubordinator("is") || l.OpensQuestion("is") {
		t.Errorf("a good subordinator: %v", err)
	}
	l, err = ParseLang(bytes.Replace(doc(`"fixed"`), []byte(`"questions"`), []byte(`"resolutions"`), 1))
	if err != nil || !l.IsResolution("fixed") || l.IsSubordinator("fixed") {
		t.Errorf("a good resolution: %v", err)
	}
}

// Package langtest builds small language documents for the tests of the
// packages that read them (lang, matching).
package langtest

import "encoding/json"

// WithRelated is a small valid language document with the given
// related-word groups.
func WithRelated(related [][]string) []byte {
	b, err := json.Marshal(map[string]any{
		"language":     "en",
		"about":        "test",
		"variants":     map[string]string{"acct": "account"},
		"negators":     []string{"not"},
		"intensifiers": []string{"very"},
		"stopwords":    []string{"my", "the", "please"},
		"synonyms":     [][]string{{"refund", "reimburse"}},
		"related":      related,
	})
	if err != nil {
		panic(err) // only strings and slices of them: Marshal cannot fail
	}
	return b
}

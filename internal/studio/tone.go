package studio

import (
	"github.com/warmdesk/warmdesk/internal/studioapi"
	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// toneErrors are a library's error-severity tone findings, as the quality
// report finds them in every piece of text agents send.
func toneErrors(eng *suggestions.Engine) []suggestions.ToneFinding {
	var out []suggestions.ToneFinding
	for _, f := range eng.ToneFindings() {
		if f.Severity == library.SeverityError {
			out = append(out, f)
		}
	}
	return out
}

// unconfirmed reports whether some finding's key is not in confirm.
func unconfirmed(fs []suggestions.ToneFinding, confirm []string) bool {
	ok := map[string]bool{}
	for _, k := range confirm {
		ok[k] = true
	}
	for _, f := range fs {
		if !ok[studioapi.ToneKey(f)] {
			return true
		}
	}
	return false
}

// publishBody bounds a publish request: a confirmation per finding, each
// naming its place, rule and text.
const publishBody = 1 << 20

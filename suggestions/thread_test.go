package suggestions

import (
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/library"
)

// A short answer to the agent within a conversation fits nothing in the
// library, whatever its words happen to match; a request after an opener
// is read as any request is.
func TestThreadReplies(t *testing.T) {
	e := engine(t)
	for _, tc := range []struct {
		msg      string
		outScope bool
		intent   string // the first intent when in scope
	}{
		{"Sure. Booking ref is XK42PL, thanks :)", true, ""},
		{"sent you a DM, have a look", true, ""},
		{"no worries, found it", true, ""},
		{"ok", true, ""},
		{"yes, I'd like a refund please", false, "refund.request"},
		{"sure, can you also cancel my order?", false, "order.cancel"},
		{"No worries, where is my refund?", false, "refund.track"},
		{"Yes. The parcel never turned up and I still have no tracking number", false, ""},
		// Without an opener, the same words are matched as before.
		{"I was charged twice", false, "billing.double_charge"},
	} {
		a := e.Analyze(tc.msg, AnalyzeOptions{})
		if a.OutOfScope != tc.outScope || a.OutOfScope != (a.Confidence == ConfidenceNone) {
			t.Errorf("%q: out of scope %v (confidence %s), want %v", tc.msg, a.OutOfScope, a.Confidence, tc.outScope)
			continue
		}
		if tc.intent != "" && (len(a.Intents) == 0 || a.Intents[0].ID != tc.intent) {
			t.Errorf("%q: intents %v, want %s first", tc.msg, intentIDs(a), tc.intent)
		}
	}
}

// A library whose phrasings open with an opener ("yes, that's right" is
// an intent of its own) answers messages that open so.
func TestThreadOpenerTheLibraryUses(t *testing.T) {
	msg := "yes, that's right"
	if a := engine(t).Analyze(msg, AnalyzeOptions{}); !a.OutOfScope {
		t.Fatalf("%q: in scope of the default library (%v), want a reply within a conversation", msg, intentIDs(a))
	}
	lib := *engine(t).Library()
	lib.Intents = append(append([]library.Intent(nil), lib.Intents...), library.Intent{ID: "affirm", Phrasings: []string{
		"yes that's right", "yes please", "yes that is correct", "yep go ahead", "yes do it",
	}})
	e := compiled(t, &lib)
	if a := e.Analyze(msg, AnalyzeOptions{}); a.OutOfScope || len(a.Intents) == 0 || a.Intents[0].ID != "affirm" {
		t.Errorf("%q: out of scope %v, intents %v; want affirm, the library's own", msg, a.OutOfScope, intentIDs(a))
	}
}

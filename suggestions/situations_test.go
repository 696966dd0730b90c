package suggestions

import (
	"slices"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/feelings"
)

// Customers state what happened more often than how they feel: the
// default library's situations find the feeling and name the situation.
// The messages are written for this test.
func TestSituations(t *testing.T) {
	e := engine(t)
	tests := []struct {
		msg                string
		feeling, situation string // "" feeling: no negative feeling at all
		evidence           string
	}{
		{"my train to the airport was delayed and now I have missed my connection", "frustrated", "delay", "missed my connection"},
		{"the kettle turned up cracked down one side", "disappointed", "damaged", "cracked"},
		{"I was charged twice for the same jumper", "frustrated", "charged-wrongly", "charged twice"},
		{"my suitcase went missing somewhere between Rome and here", "disappointed", "lost", "went missing"},
		{"rang you four times today, still no answer", "frustrated", "no-answer", "still no answer"},
		{"I have been on hold for forty minutes", "frustrated", "waiting", "on hold"},
		{"the app has crashed three times this morning", "frustrated", "not-working", "crashed"},
		{"you sent me the wrong size of boots", "disappointed", "wrong-item", "sent me the wrong"},
		{"the order I placed on the 2nd never arrived", "frustrated", "delivery-late", "never arrived"},
		// Negated, a situation shows nothing.
		{"good news, my flight wasn't delayed after all", "", "", ""},
		{"the box was fine and nothing was damaged", "", "", ""},
	}
	for _, tt := range tests {
		a := e.Analyze(tt.msg, AnalyzeOptions{})
		var got *feelings.Match
		for i, f := range a.Feelings {
			if f.Negative && tt.feeling == "" {
				t.Errorf("%q: found %s/%s (%q), want no negative feeling", tt.msg, f.ID, f.Situation, f.Evidence)
			}
			if f.ID == tt.feeling {
				got = &a.Feelings[i]
			}
		}
		if tt.feeling == "" {
			continue
		}
		if got == nil {
			t.Errorf("%q: want %s, got %+v", tt.msg, tt.feeling, a.Feelings)
			continue
		}
		if got.Situation != tt.situation || !strings.Contains(strings.ToLower(got.Evidence), strings.ToLower(tt.evidence)) || got.Implied {
			t.Errorf("%q: got %s/%s (%q, implied %v), want %s/%s showing %q", tt.msg, got.ID, got.Situation, got.Evidence, got.Implied, tt.feeling, tt.situation, tt.evidence)
		}
		if a.Acknowledge == nil || a.Acknowledge.Feeling != tt.feeling || a.Acknowledge.Situation != tt.situation {
			t.Errorf("%q: acknowledges %+v, want %s/%s", tt.msg, a.Acknowledge, tt.feeling, tt.situation)
		}
	}
}

// A reply to a situation acknowledges the situation, in the library's
// words for it.
func TestSituationAcknowledged(t *testing.T) {
	e := engine(t)
	acks := map[string][]string{}
	for _, f := range e.Library().Feelings {
		for _, s := range f.Situations {
			for _, a := range s.Acknowledgements {
				acks[s.ID] = append(acks[s.ID], a.Text)
			}
		}
	}
	for _, msg := range []string{"my blender arrived smashed", "I was double charged for one order"} {
		a := e.Analyze(msg, AnalyzeOptions{})
		if a.Acknowledge == nil || a.Acknowledge.Situation == "" {
			t.Fatalf("%q: no situation acknowledged: %+v", msg, a.Feelings)
		}
		ss := e.Compose(a, Context{}, ComposeOptions{})
		if len(ss) == 0 {
			t.Fatalf("%q: no suggestions", msg)
		}
		for _, s := range ss {
			if !slices.Contains(acks[a.Acknowledge.Situation], s.Parts.Acknowledgement) {
				t.Errorf("%q: acknowledgement %q is not one of situation %s's", msg, s.Parts.Acknowledgement, a.Acknowledge.Situation)
			}
		}
	}
}

// An intent that implies a situation gives its feeling to a message that
// shows none in words, and not to one that shows a feeling of its own.
func TestImpliedFeeling(t *testing.T) {
	e := engine(t)
	late := "delivery.late"
	implies := ""
	for _, in := range e.Library().Intents {
		if in.ID == late {
			implies = in.Situation
		}
	}
	if implies == "" {
		t.Fatalf("intent %s implies no situation", late)
	}
	check := func(msg string, want bool) {
		t.Helper()
		a := e.Analyze(msg, AnalyzeOptions{})
		if len(a.Intents) == 0 || a.Intents[0].ID != late || a.OutOfScope {
			t.Fatalf("%q: want intent %s in scope, got %+v", msg, late, a.Intents)
		}
		var got *feelings.Match
		for i := range a.Feelings {
			if a.Feelings[i].Implied {
				got = &a.Feelings[i]
			}
		}
		switch {
		case want && got == nil:
			t.Errorf("%q: no implied feeling in %+v", msg, a.Feelings)
		case want && (got.Situation != implies || got.Evidence != "" || got.Start != 0 || got.End != 0 || !got.Negative):
			t.Errorf("%q: implied %+v, want a negative feeling of situation %s without evidence", msg, got, implies)
		case !want && got != nil:
			t.Errorf("%q: implied %+v, want none", msg, got)
		}
	}
	check("my parcel should have been here by now, it was due monday", true)
	check("no worries, my parcel is a little late but it was due monday", false)
	check("thank you, my parcel is late but I know it was due monday", false)
	// A match the matcher is not sure of (two questions in one) implies
	// nothing: its intent is only possible.
	unsure := "parcel due yesterday, what are the delivery options"
	if c := e.Analyze(unsure, AnalyzeOptions{}).Confidence; c != ConfidenceLow {
		t.Fatalf("%q: confidence %q, want %q for this check", unsure, c, ConfidenceLow)
	}
	check(unsure, false)
}

// Sarcasm turns praise around: a sarcasm cue, or praise followed in the
// same sentence by a negative cue, shows a negative feeling and no
// gratitude.
func TestSarcasm(t *testing.T) {
	e := engine(t)
	for _, tt := range []struct {
		msg      string
		positive bool // a pleasant feeling stays (praise in a sentence of its own)
	}{
		{"what wonderful service 🙃", false},
		{"Great service as always. #sarcasm", false}, // a sarcasm cue reaches across sentences
		{"thanks for nothing, the refund never came", false},
		{"thanks for sending me a torn coat", false},
		{"wow, thanks a lot for the cancelled booking", false},
		{"Oh brilliant. The parcel has been on its way for two weeks.", false},
		{"Thanks for the quick reply! Sadly the parcel still hasn't arrived though.", true},
	} {
		a := e.Analyze(tt.msg, AnalyzeOptions{})
		neg, pos := false, false
		for _, f := range a.Feelings {
			neg = neg || f.Negative
			pos = pos || f.ID == "grateful" || f.ID == "pleased"
		}
		if !neg || pos != tt.positive {
			t.Errorf("%q: feelings %+v: want a negative one, and a pleasant one %v", tt.msg, a.Feelings, tt.positive)
		}
	}
}

// Sarcasm says how the customer feels, not what they ask: a message that
// asks something besides is matched without its sarcasm cues, and one
// that is only sarcasm keeps them.
func TestSarcasmIsNotTheRequest(t *testing.T) {
	e := engine(t)
	for _, tt := range []struct{ msg, first string }{
		{"thx 4 nothing, still no refund after 3 wks", "refund.track"},
		{"cheers for nothing, the order never came", "delivery.late"},
		{"thanks for nothing", "complaint"},
	} {
		a := e.Analyze(tt.msg, AnalyzeOptions{})
		if len(a.Intents) == 0 || a.Intents[0].ID != tt.first {
			t.Errorf("%q: intents %+v, want %s first", tt.msg, a.Intents, tt.first)
		}
		sarcastic := false
		for _, f := range a.Feelings {
			sarcastic = sarcastic || f.Negative && strings.Contains(strings.ToLower(f.Evidence), "nothing")
		}
		if !sarcastic {
			t.Errorf("%q: the sarcasm shows no feeling: %+v", tt.msg, a.Feelings)
		}
	}
}

// Signs (emoji and emoticons) are cues; an emoticon inside a web address
// is not one.
func TestSigns(t *testing.T) {
	e := engine(t)
	for _, tt := range []struct{ msg, want string }{
		{"my order is here 😡", "angry"},
		{"still nothing :(", "sad"},
		{"see http://example.com/help for details", ""},
		{"see https://example.com/:(x", ""},
	} {
		var got []string
		for _, f := range e.Analyze(tt.msg, AnalyzeOptions{}).Feelings {
			if f.Negative {
				got = append(got, f.ID)
			}
		}
		if tt.want == "" && len(got) > 0 || tt.want != "" && !slices.Contains(got, tt.want) {
			t.Errorf("%q: negative feelings %v, want %q", tt.msg, got, tt.want)
		}
	}
}

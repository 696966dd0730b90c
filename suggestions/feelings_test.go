package suggestions

import "testing"

func TestFeelings(t *testing.T) {
	e := engine(t)
	tests := []struct {
		msg      string
		want     string // feeling id expected ("" for none negative)
		min, max int    // intensity bounds
		evidence string // the span must contain this
	}{
		{"I am absolutely furious with you", "angry", 2, 3, "furious"},
		{"This is the third time I've asked about this", "frustrated", 1, 3, "third time"},
		{"Really disappointed with the quality", "disappointed", 1, 3, "disappointed"},
		{"I'm worried my parcel got stolen", "worried", 1, 3, "worried"},
		{"I'm confused about which plan I'm on", "confused", 1, 3, "confused"},
		{"I need this URGENTLY, the party is tomorrow", "urgent", 2, 3, "URGENTLY"},
		{"thank you so much for your help", "grateful", 1, 3, "thank"},
		{"I AM FURIOUS!!", "angry", 3, 3, "FURIOUS"},
		// A cue that carries its own negation is not cancelled by an
		// earlier negator.
		{"My package never arrived and nobody answers my emails", "frustrated", 1, 3, "nobody answers"},
	}
	for _, tt := range tests {
		a := e.Analyze(tt.msg, AnalyzeOptions{})
		var got *FeelingMatch
		for i := range a.Feelings {
			if a.Feelings[i].ID == tt.want {
				got = &a.Feelings[i]
			}
		}
		if got == nil {
			t.Errorf("%q: want %s, got %+v", tt.msg, tt.want, a.Feelings)
			continue
		}
		if got.Intensity < tt.min || got.Intensity > tt.max {
			t.Errorf("%q: %s intensity %d, want %d-%d", tt.msg, tt.want, got.Intensity, tt.min, tt.max)
		}
		if got.Start < 0 || got.End > len(tt.msg) || got.Start >= got.End {
			t.Errorf("%q: bad span %d-%d", tt.msg, got.Start, got.End)
		} else if span := tt.msg[got.Start:got.End]; !containsFold(span, tt.evidence) {
			t.Errorf("%q: span %q does not show %q", tt.msg, span, tt.evidence)
		}
	}
}

// Phrases that look like feelings but are not negative ones.
func TestFeelingsNotNegative(t *testing.T) {
	e := engine(t)
	for _, msg := range []string{
		"I'm not angry, just curious when it ships",
		"no worries at all, take your time",
		"I can't wait to get my new shoes!",
		"don't worry about it",
		"no rush on this",
		"I'm never disappointed with your shop",
		"where is my order",
	} {
		for _, f := range e.Analyze(msg, AnalyzeOptions{}).Feelings {
			if f.Negative {
				t.Errorf("%q: found negative feeling %s (%q)", msg, f.ID, f.Evidence)
			}
		}
	}
}

func containsFold(s, sub string) bool {
	return len(sub) == 0 || indexFold(s, sub) >= 0
}

func indexFold(s, sub string) int {
	ls, lsub := normalize(s), normalize(sub)
	for i := 0; i+len(lsub) <= len(ls); i++ {
		if ls[i:i+len(lsub)] == lsub {
			return i
		}
	}
	return -1
}

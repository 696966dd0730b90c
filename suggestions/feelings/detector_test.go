package feelings

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

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
		// A cue of the highest intensity stands however unlikely the rest
		// of the message makes negativity look.
		{"Where is my order 48213? <script>alert(1)</script> I'm furious", "angry", 3, 3, "furious"},
		// A cue that carries its own negation is not cancelled by an
		// earlier negator.
		{"It is not fixed and nobody answers my emails", "frustrated", 1, 3, "nobody answers"},
	}
	for _, tt := range tests {
		a := e.Analyze(tt.msg)
		var got *Match
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
		// A cue inside thanks, a joke, an intensifier or an excepted
		// phrase, where the general model alone would see a negative word.
		"haha it was just a joke, no problem at all",
		"Thank you so much for the quick answer",
		"I hate to ask again but could you resend the invoice?",
		"that was damn good pizza",
		// A hashtag's word is a topic, not the customer's feeling, when
		// only the general model's doubt would read it as one.
		"home for the weekend #struggle",
	} {
		for _, f := range e.Analyze(msg).Feelings {
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
	ls, lsub := lang.Normalize(s), lang.Normalize(sub)
	for i := 0; i+len(lsub) <= len(ls); i++ {
		if ls[i:i+len(lsub)] == lsub {
			return i
		}
	}
	return -1
}

// The general model, on a small model written for this test: it reports
// "unhappy" with its evidence when nothing negative is found, vetoes the
// one-word cues it covers where it finds negativity unlikely but not the
// phrases, gives way to the feelings found, reads valence groups, and
// leaves cancelled cues alone.
func TestFeelingsGeneralModel(t *testing.T) {
	l, err := lang.English()
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseModel([]byte(`{"about": "test",
		"feelings": {"unhappy": {"bias": -2, "threshold": 0.5, "weights": {
			"t:broken": 4, "t:lamp": 0.5, "t:great": -3, "t:damn": 3, "v:-2": 4, "nv:-2": -1}}},
		"general": ["unhappy"], "covers": {"unhappy": ["angry"]},
		"valence": {"-2": "awful dreadful", "3": "superb"}}`))
	if err != nil {
		t.Fatal(err)
	}
	fs := []library.Feeling{
		{ID: "angry", Negative: true, Cues: []library.Cue{{Text: "damn", Intensity: 2}, {Text: "rip off", Intensity: 2}, {Text: "livid", Intensity: 3}}, Unless: []string{"broken promise"}},
		{ID: "unhappy", Negative: true},
		{ID: "urgent", Cues: []library.Cue{{Text: "asap", Intensity: 2}}},
	}
	d := NewDetector(l, fs, m)
	tests := []struct {
		msg  string
		want string // feelings found, id[evidence], separated by "|"
	}{
		{"the lamp is broken", "unhappy[broken]"},
		{"the lamp is not broken", "unhappy[not broken]"},
		{"the lamp arrived", ""},
		{"damn, the lamp is great", ""},                         // a weak cue vetoed
		{"what a rip off, the lamp is great", "angry[rip off]"}, // a phrase stands
		{"livid, the lamp is great", "angry[livid]"},            // so does a strongest cue
		{"damn, the lamp is broken", "angry[damn]"},             // the general gives way
		{"the lamp is broken, fix it asap", "urgent[asap]|unhappy[broken]"},
		{"dreadful", "unhappy[dreadful]"}, // a valence group, never a weight of its own
		{"not dreadful", ""},
		{"damn superb", ""},      // an intensifier, not anger
		{"a broken promise", ""}, // the word that adds most is excepted
	}
	for _, tt := range tests {
		var got []string
		for _, f := range d.Detect(tt.msg, l.Words(tt.msg), "") {
			got = append(got, f.ID+"["+f.Evidence+"]")
		}
		sort.Strings(got)
		var want []string
		if tt.want != "" {
			want = strings.Split(tt.want, "|")
		}
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q: got %v, want %v", tt.msg, got, want)
		}
	}
}

// Read reports sarcasm from the library's sarcasm cues, the one list the
// engine's agreement of feelings and intents also reads: an emoji
// anywhere, or words, hashtags split at their capitals too.
func TestReadSarcastic(t *testing.T) {
	d := engine(t)
	for _, tc := range []struct {
		msg  string
		want bool
	}{
		{"great customer service 🙃", true},
		{"lovely, thanks 🙄", true},
		{"thanks for nothing", true},
		{"#ThanksForNothing", true},
		{"#thanksfornothing", true},
		{"thank you for ignoring my emails", true},
		{"thanks for sorting it out", false},
		{"great customer service 🙂", false},
		{"nothing to thank you for yet", false},
	} {
		fs, got := d.Read(tc.msg, d.lang.Words(tc.msg), "")
		if got != tc.want {
			t.Errorf("%q: sarcastic %v, want %v", tc.msg, got, tc.want)
		}
		for _, f := range fs {
			if got && !f.Negative {
				t.Errorf("%q: sarcastic, yet shows %s", tc.msg, f.ID)
			}
		}
	}
}

// A pleasant feeling shown by words outweighs a mild negative one that
// only the model finds or a single mild cue shows; a stronger cue or a
// situation stands beside the praise.
func TestPleasantOutweighsMild(t *testing.T) {
	e := engine(t)
	for _, tt := range []struct {
		msg  string
		want string // the negative feelings found, sorted, "|"-joined
	}{
		{"sadly I only get to fly with you twice a year. The crew are wonderful", ""},
		{"the staff were amazing, it was my mistake that I missed the shuttle", ""},
		{"Lovely staff. Sadly the wifi was not working", "frustrated"},
		{"wonderful crew. Annoyed about the seat though", "frustrated"},
		{"love the crew, but this is the third time my bag is late", "frustrated"},
		{"I love the app but I am furious about the fee", "angry"},
		// With nothing pleasant, the same mild words stand.
		{"sadly I missed the bus", "disappointed|sad"},
	} {
		var got []string
		for _, f := range e.Analyze(tt.msg).Feelings {
			if f.Negative {
				got = append(got, f.ID)
			}
		}
		slices.Sort(got)
		if strings.Join(got, "|") != tt.want {
			t.Errorf("%q: negative feelings %v, want %q", tt.msg, got, tt.want)
		}
	}
}

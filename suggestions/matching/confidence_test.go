package matching

import (
	"strings"
	"testing"
)

// OutOfScope is true exactly when the confidence is "none", and the
// confidence is always one of the three, whatever the message.
func TestConfidenceMatchesOutOfScope(t *testing.T) {
	e := engine(t)
	msgs := append(strings.Split(confidenceMessages, "\n"), strings.Repeat("refund ", 5000), "\xff\xfe", "🙃🙃🙃", "#", "@", "")
	seen := map[string]bool{}
	for _, m := range msgs {
		for _, k := range []int{1, 3} {
			r := e.Analyze(m, AnalyzeOptions{TopK: k})
			switch r.Confidence {
			case ConfidenceHigh, ConfidenceLow, ConfidenceNone:
			default:
				t.Fatalf("%q: confidence %q", m, r.Confidence)
			}
			seen[r.Confidence] = true
			if r.OutOfScope != (r.Confidence == ConfidenceNone) {
				t.Errorf("%q: out of scope %v with confidence %q", m, r.OutOfScope, r.Confidence)
			}
			if r.Confidence != ConfidenceNone && len(r.Intents) == 0 {
				t.Errorf("%q: confidence %q with no intent", m, r.Confidence)
			}
			// How sure the first is does not hang on how many are asked.
			if k == 3 {
				if r1 := e.Analyze(m, AnalyzeOptions{TopK: 1}); r1.Confidence != r.Confidence {
					t.Errorf("%q: confidence %q with one intent asked, %q with three", m, r1.Confidence, r.Confidence)
				}
			}
		}
	}
	if len(seen) != 3 {
		t.Errorf("the messages should show all three levels, saw %v", seen)
	}
}

// Messages written for this test: clear requests, vague ones, and ones
// no customer-service library answers.
const confidenceMessages = `where is my parcel
where is my order 48213??
my card was charged twice for one order
can you tell me a joke
what is the weather in paris
hi
I need help
the app crashes when I pay and I was charged anyway
how long does delivery to Spain take
what time is it in Tokyo
my order arrived broken and the box was wet
can I get a refund or an exchange
problem with my order
help with a payment
thanks!`

func TestConfidenceBars(t *testing.T) {
	// No learned model and so no probability bar, as for a library too
	// small to learn from: the cosine bars alone decide.
	m := &Matcher{threshold: 0.2}
	if m.highBar() != 0 {
		t.Errorf("high bar without a model: %v", m.highBar())
	}
	if got := m.confidence(intentScore{Score: 10 * m.threshold}, intentScore{}, true); got != ConfidenceHigh {
		t.Errorf("well over the bar without a model: %q", got)
	}
	if got := m.confidence(intentScore{Score: 0.5 * m.threshold}, intentScore{}, true); got != ConfidenceNone {
		t.Errorf("under the bar: %q", got)
	}
	// With a model: the high bar is a share of the held-out phrasings'
	// probability, capped for a small library whose phrasings are all
	// near certain.
	m = &Matcher{threshold: 0.2, learned: &model{}, probBar: 0.01}
	if got, want := m.highBar(), highShare*0.01/probBarShare; got != want {
		t.Errorf("high bar %v, want %v", got, want)
	}
	m.probBar = 0.3
	if got := m.highBar(); got != highCap {
		t.Errorf("high bar %v, want the cap %v", got, highCap)
	}
	far := 2 * nearBar * m.threshold
	for _, tc := range []struct {
		name          string
		first, second intentScore
		evidence      bool
		want          string
	}{
		{"sure", intentScore{Score: far, Prob: 0.9}, intentScore{Prob: 0.05}, true, ConfidenceHigh},
		{"two nearly tied", intentScore{Score: far, Prob: 0.55}, intentScore{Prob: 0.45}, true, ConfidenceLow},
		{"under the high bar", intentScore{Score: far, Prob: 0.4}, intentScore{Prob: 0.01}, true, ConfidenceLow},
		{"unsure and only just close", intentScore{Score: m.threshold * (1 + nearBar) / 2, Prob: 0.4}, intentScore{Prob: 0.01}, true, ConfidenceNone},
		{"sure and only just close", intentScore{Score: m.threshold * (1 + nearBar) / 2, Prob: 0.9}, intentScore{Prob: 0.01}, true, ConfidenceHigh},
		{"under the probability bar", intentScore{Score: far, Prob: 0.2}, intentScore{}, true, ConfidenceNone},
		{"no shared word, near the bar", intentScore{Score: 1.2 * m.threshold, Prob: 0.9}, intentScore{}, false, ConfidenceNone},
	} {
		if got := m.confidence(tc.first, tc.second, tc.evidence); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestSplitTags(t *testing.T) {
	e := engine(t)
	for _, tc := range []struct{ in, want string }{
		{"#worstbrand", "worst brand"},
		{"#thanksfornothing", "thanks for nothing"},
		{"#refund", "refund"},
		{"#xqzvbnmw", "xqzvbnmw"},
		{"worstbrand", "worstbrand"}, // not a hashtag: not split
	} {
		ws := e.m.splitTags(e.m.lang.Words(tc.in))
		var got []string
		for _, w := range ws {
			got = append(got, w.Text)
			if tc.in[w.Start:w.End] != w.Text {
				t.Errorf("%q: word %q spans %q", tc.in, w.Text, tc.in[w.Start:w.End])
			}
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%q: words %q, want %q", tc.in, strings.Join(got, " "), tc.want)
		}
	}
}

func FuzzSplitTags(f *testing.F) {
	for _, s := range []string{"#worstbrand", "#NeverAgain", "##", "#a", "#ÅÄÖ", "#thanksfornothing #fail"} {
		f.Add(s)
	}
	m := engine(f).m
	f.Fuzz(func(t *testing.T, s string) {
		ws := m.splitTags(m.lang.Words(s))
		for i, w := range ws {
			if w.Start < 0 || w.End > len(s) || w.Start > w.End {
				t.Fatalf("%q: word %+v", s, w)
			}
			if i > 0 && w.Start < ws[i-1].Start {
				t.Fatalf("%q: words out of order: %+v", s, ws)
			}
		}
	})
}

// intentShares finds a content word of a message in any phrasing of the
// intent, not only the nearest one, and never a word no phrasing has.
func TestIntentShares(t *testing.T) {
	e := engine(t)
	m := e.m
	in := 0
	last := m.phrasings[m.intentFirst[in+1]-1].text
	var word string
	for _, w := range m.lang.Words(last) {
		if !m.lang.IsStop(w.Text) {
			word = w.Text
			break
		}
	}
	if word == "" {
		t.Fatalf("no content word in %q", last)
	}
	shares := func(msg string, intent int) bool {
		q := m.prepare(msg)
		return m.intentShares(q, m.wordTerms(q), intent)
	}
	if !shares("what about "+word, in) {
		t.Errorf("%q: not found in the phrasings of %s", word, m.intents[in].ID)
	}
	if shares("what is the zqxvj", in) {
		t.Errorf("a message of function words and an unknown word shares a word with %s", m.intents[in].ID)
	}
}

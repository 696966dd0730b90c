package evaluate

import (
	"math/rand/v2"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions"
)

func TestAddTypos(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	text := "where is my refund for the broken kettle"
	if AddTypos(text, 0, rng) != text {
		t.Error("p=0 changes nothing")
	}
	all := AddTypos(text, 1, rng)
	if all == text {
		t.Error("p=1 changes every word")
	}
	a := AddTypos(text, 0.5, rand.New(rand.NewPCG(7, 7)))
	b := AddTypos(text, 0.5, rand.New(rand.NewPCG(7, 7)))
	if a != b {
		t.Error("the same seed gives the same typos")
	}
}

func TestShotsAndRun(t *testing.T) {
	var train, test []Example
	for _, x := range []struct{ in, a, b string }{
		{"card_arrival", "my card has not arrived", "when will my card come"},
		{"lost_card", "I lost my card", "my card was stolen"},
		{"top_up", "how do I top up", "add money to my account"},
	} {
		train = append(train, Example{x.a, x.in}, Example{x.b, x.in}, Example{x.a + " yet", x.in})
		test = append(test, Example{x.b + " please", x.in})
	}
	test = append(test, Example{"what is the capital of france", ""})
	if got := Shots(train, 2, 1); len(got) != 6 {
		t.Errorf("2 shots of 3 intents: %d", len(got))
	}
	def, err := suggestions.Default()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(train, test, def.Library(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.TestInScope != 3 || rep.TestOutOfScope != 1 || rep.Top1 < 0.99 {
		t.Errorf("report %+v", rep)
	}
}

func TestCountsNegative(t *testing.T) {
	for _, x := range []struct {
		id   string
		want bool
	}{
		{"angry", true},        // anger
		{"worried", true},      // fear, nervousness
		{"sad", true},          // sadness, grief
		{"confused", false},    // confusion: GoEmotions calls it ambiguous
		{"grateful", false},    // gratitude: not negative in either
		{"unhappy", true},      // no GoEmotions label: Warmdesk's flag stands
		{"urgent", true},       // no GoEmotions label
		{"disappointed", true}, // disappointment
	} {
		if got := countsNegative(x.id); got != x.want {
			t.Errorf("countsNegative(%q) = %v, want %v", x.id, got, x.want)
		}
	}
}

// RunFeelings scores the real detector: a confused message that GoEmotions
// does not call negative is no false negative-present, an angry one is a
// true one, and the per-feeling scores still see "confused".
func TestRunFeelingsNegativeFollowsGoEmotions(t *testing.T) {
	def, err := suggestions.Default()
	if err != nil {
		t.Fatal(err)
	}
	exs := []FeelingExample{
		{Text: "I'm so confused by these instructions, which form do I fill in?", Feelings: map[string]bool{"confused": true}},
		{Text: "This is outrageous, I am furious that you charged me twice!", Feelings: map[string]bool{"angry": true}, Negative: true},
	}
	for _, ex := range exs {
		a := def.Analyze(ex.Text, suggestions.AnalyzeOptions{})
		found := false
		for _, f := range a.Feelings {
			found = found || ex.Feelings[f.ID]
		}
		if !found {
			t.Fatalf("the detector misses the feeling of %q: %+v", ex.Text, a.Feelings)
		}
	}
	rep := RunFeelings(def, exs)
	if n := rep.Negative; n.Support != 1 || n.Precision != 1 || n.Recall != 1 {
		t.Errorf("negative present: %+v, want the angry message alone", n)
	}
	if n := rep.NegativeFlagged; n.Support != 1 || n.Precision != 0.5 || n.Recall != 1 {
		t.Errorf("negative as flagged: %+v, want the confused message as a false positive", n)
	}
	for _, s := range rep.PerFeel {
		if s.Feeling == "confused" && s.Recall != 1 {
			t.Errorf("confused: %+v", s)
		}
	}
}

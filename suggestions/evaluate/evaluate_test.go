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

package training

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/feelings"
	"github.com/warmdesk/warmdesk/suggestions/lang"
)

// Training learns the obvious from a tiny labelled set, and the same data
// gives the same model.
func TestTrain(t *testing.T) {
	var texts []string
	var labels []map[string]bool
	for i := 0; i < 30; i++ {
		texts = append(texts, "thank you so much for the help", "the parcel arrived today", "i am furious about this mess", "where is my order")
		labels = append(labels, map[string]bool{"grateful": true}, map[string]bool{}, map[string]bool{"angry": true}, map[string]bool{})
	}
	dev := []string{"so furious right now", "thank you", "my order came", "furious", "thanks for sorting it", "is it shipped"}
	devLabels := []map[string]bool{{"angry": true}, {"grateful": true}, {}, {"angry": true}, {"grateful": true}, {}}
	train := func() *feelings.Model {
		m, err := Train([]string{"angry", "grateful"}, texts, labels, dev, devLabels, Options{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	m := train()
	names, err := feelings.TextFeatures("I'm furious")
	if err != nil {
		t.Fatal(err)
	}
	if p := prob(m.Feelings["angry"], names); p < m.Feelings["angry"].Threshold {
		t.Errorf("angry: p=%v under threshold %v for %q", p, m.Feelings["angry"].Threshold, "I'm furious")
	}
	if p := prob(m.Feelings["grateful"], names); p >= m.Feelings["grateful"].Threshold {
		t.Errorf("grateful: p=%v over threshold for %q", p, "I'm furious")
	}
	m2 := train()
	for id, fw := range m.Feelings {
		for k, w := range fw.Weights {
			if m2.Feelings[id].Weights[k] != w {
				t.Fatalf("%s %s: %v then %v", id, k, w, m2.Feelings[id].Weights[k])
			}
		}
	}
	if _, err := Train([]string{"angry"}, texts, labels[:1], nil, nil, Options{}); err == nil {
		t.Error("mismatched texts and labels: want an error")
	}
}

// Valence groups carry what a model learned of a group's words to a word
// of the group it never saw; words text cannot hold as one word are left
// out of the model; naive Bayes scaling and averaged runs keep training
// deterministic.
func TestTrainValence(t *testing.T) {
	var texts []string
	var labels []map[string]bool
	for i := 0; i < 40; i++ {
		texts = append(texts, "the service was awful", "the parcel was terrible", "the parcel arrived on monday", "the service was quick")
		labels = append(labels, map[string]bool{"unhappy": true}, map[string]bool{"unhappy": true}, map[string]bool{}, map[string]bool{})
	}
	dev := []string{"awful parcel", "the parcel arrived"}
	devLabels := []map[string]bool{{"unhappy": true}, {}}
	opt := Options{Seed: 1, NB: 1, Runs: 2, Valence: map[string]int{"awful": -3, "terrible": -3, "dreadful": -3, ":(": -2, "so so": -1, "quick": 0}}
	train := func() *feelings.Model {
		m, err := Train([]string{"unhappy"}, texts, labels, dev, devLabels, opt)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	m := train()
	if want := map[string]string{"-3": "awful dreadful terrible"}; !maps.Equal(m.Valence, want) {
		t.Errorf("valence groups %v, want %v", m.Valence, want)
	}
	fw := m.Feelings["unhappy"]
	if fw.Weights["v:-3"] <= 0 {
		t.Fatalf("v:-3 weight %v, want it positive", fw.Weights["v:-3"])
	}
	l, err := lang.English()
	if err != nil {
		t.Fatal(err)
	}
	p := func(text string) float64 {
		names, _ := m.Features(l, l.Words(text))
		return prob(fw, names)
	}
	// "dreadful" is in no training text: only its group speaks for it.
	if got, base := p("the service was dreadful"), p("the service was fine"); got <= base {
		t.Errorf("p(dreadful) %v <= p(fine) %v", got, base)
	}
	// The shipped form decodes to the same groups.
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	back, err := feelings.ParseModel(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"awful", "dreadful", "terrible", "fine"} {
		if got, want := back.ValenceOf(w), m.ValenceOf(w); got != want {
			t.Errorf("decoded valence of %q: %d, want %d", w, got, want)
		}
	}
	if !maps.Equal(back.Valence, m.Valence) {
		t.Errorf("decoded valence groups %v, want %v", back.Valence, m.Valence)
	}
	m2 := train()
	if !maps.Equal(m2.Feelings["unhappy"].Weights, fw.Weights) || m2.Feelings["unhappy"].Bias != fw.Bias {
		t.Error("the same data trained two different models")
	}
	opt.Valence = map[string]int{"awful": 7}
	if _, err := Train([]string{"unhappy"}, texts, labels, dev, devLabels, opt); err == nil {
		t.Error("valence 7: want an error")
	}
}

// Refitting on the kept features, positive weighting and the dev log keep
// training deterministic; the refit model keeps no more weights than asked,
// and the log reports each feeling's threshold with its dev F1.
func TestTrainRefit(t *testing.T) {
	var texts []string
	var labels []map[string]bool
	for i := 0; i < 30; i++ {
		texts = append(texts, "the courier was rude and late", "the parcel was awful", "the parcel arrived on monday", "lovely quick service", "i am so annoyed with the courier")
		labels = append(labels, map[string]bool{"unhappy": true}, map[string]bool{"unhappy": true}, map[string]bool{}, map[string]bool{}, map[string]bool{"unhappy": true})
	}
	dev := []string{"rude courier", "awful", "it arrived", "quick service"}
	devLabels := []map[string]bool{{"unhappy": true}, {"unhappy": true}, {}, {}}
	var logged []string
	opt := Options{Seed: 1, NB: 1, Runs: 2, Keep: 6, Refit: true, PosWeight: 1.5, Log: func(id string, threshold, f1 float64) {
		if !(threshold > 0 && threshold < 1 && f1 >= 0 && f1 <= 1) {
			t.Errorf("%s: threshold %v, F1 %v out of range", id, threshold, f1)
		}
		logged = append(logged, id)
	}}
	train := func() *feelings.Weights {
		m, err := Train([]string{"unhappy"}, texts, labels, dev, devLabels, opt)
		if err != nil {
			t.Fatal(err)
		}
		return m.Feelings["unhappy"]
	}
	fw := train()
	if len(fw.Weights) == 0 || len(fw.Weights) > 6 {
		t.Errorf("%d weights kept, want 1 to 6: %v", len(fw.Weights), fw.Weights)
	}
	bad, err := feelings.TextFeatures("so annoyed with the courier")
	if err != nil {
		t.Fatal(err)
	}
	fine, err := feelings.TextFeatures("the parcel arrived on monday")
	if err != nil {
		t.Fatal(err)
	}
	if p, q := prob(fw, bad), prob(fw, fine); p <= q {
		t.Errorf("p(annoyed) %v <= p(arrived) %v: %v", p, q, fw.Weights)
	}
	if again := train(); !maps.Equal(again.Weights, fw.Weights) || again.Bias != fw.Bias || again.Threshold != fw.Threshold {
		t.Error("the same data trained two different models")
	}
	if !slices.Equal(logged, []string{"unhappy", "unhappy"}) {
		t.Errorf("logged %v, want unhappy twice", logged)
	}
}

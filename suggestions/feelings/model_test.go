package feelings

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/internal/hashkey"
	"github.com/warmdesk/warmdesk/suggestions/lang"
)

// The shipped model parses, and every feeling it knows is a feeling of
// the default library, so none of its weights is dead data.
func TestFeelingModelShipped(t *testing.T) {
	m := jsonFeelings(t)
	shipped, err := English()
	if err != nil {
		t.Fatal(err)
	}
	for id, fw := range shipped.Feelings {
		if len(fw.keys) != len(m.Feelings[id].Weights) {
			t.Errorf("the widget's model feeling %q has %d weights, the JSON %d", id, len(fw.keys), len(m.Feelings[id].Weights))
		}
	}
	lib := engine(t).lib
	ids := map[string]bool{}
	for _, f := range lib.Feelings {
		ids[f.ID] = true
	}
	if len(m.Feelings) < 7 {
		t.Fatalf("model has %d feelings, want the 7 scored ones and more", len(m.Feelings))
	}
	for id, fw := range m.Feelings {
		if !ids[id] {
			t.Errorf("model feeling %q is not in the default library", id)
		}
		if len(fw.Weights) == 0 {
			t.Errorf("model feeling %q has no weights", id)
		}
		for k := range fw.Weights {
			if !slices.ContainsFunc(featurePrefixes, func(p string) bool { return strings.HasPrefix(k, p) }) {
				t.Errorf("model feeling %q: feature %q is of no known kind", id, k)
				break
			}
		}
	}
}

// TestWeightIndexHashes: no two features of the shipped model share the
// hash the weight index finds them by, and the index holds every
// feature's weights.
func TestWeightIndexHashes(t *testing.T) {
	m := jsonFeelings(t)
	var models []*Weights
	names := map[uint64]string{}
	weights := 0
	for _, fw := range m.Feelings {
		models = append(models, fw)
		for n := range fw.Weights {
			if other, ok := names[hashkey.Of(0, n)]; ok && other != n {
				t.Errorf("features %q and %q share a hash", n, other)
			}
			names[hashkey.Of(0, n)] = n
			weights++
		}
	}
	x := newWeightIndex(models)
	if x.ids.Len() != len(names) || x.features() != len(names) {
		t.Errorf("index of %d features (%d weight lists), want %d", x.ids.Len(), x.features(), len(names))
	}
	if len(x.weights) != weights {
		t.Errorf("index holds %d weights, want %d", len(x.weights), weights)
	}
	// Each feature's weights are its own, one per feeling that has it.
	for fi, fw := range models {
		for n, w := range fw.Weights {
			id, ok := x.ids.Get(hashkey.Of(0, n))
			if !ok {
				t.Fatalf("feature %q is not in the index", n)
			}
			if !slices.Contains(x.weights[x.off[id]:x.off[id+1]], featureWeight{fi, w}) {
				t.Fatalf("feature %q: weights %v lack feeling %d's %v", n, x.weights[x.off[id]:x.off[id+1]], fi, w)
			}
		}
	}
}

func TestParseFeelingModelRefuses(t *testing.T) {
	for _, doc := range []string{
		`{"about":"x","feelings":{"angry":{"bias":0,"threshold":1.5,"weights":{}}}}`,
		`{"about":"x","feelings":{"angry":{"bias":0,"threshold":0.5,"weights":{}, "extra": 1}}}`,
		`{"about":"x","feelings":{"angry":null}}`,
		`not json`,
		`{"about":"x","feelings":{"angry":{"bias":0,"threshold":0.5,"weights":{"x:furious":1}}}}`,
		`{"about":"x","feelings":{"angry":{"bias":0,"threshold":0.5,"weights":{"t:":1}}}}`,
		`{"about":"x","feelings":{"angry":{"bias":0,"threshold":0,"weights":{}}}}`,
		`{"about":"x","feelings":{},"general":["unhappy"]}`,
		`{"about":"x","feelings":{"unhappy":{"bias":0,"threshold":0.5,"weights":{}}},"covers":{"angry":["sad"]}}`,
		`{"about":"x","feelings":{"unhappy":{"bias":0,"threshold":0.5,"weights":{}}},"general":["unhappy"],"covers":{"unhappy":["unhappy"]}}`,
		`{"about":"x","feelings":{},"valence":{"0":"meh"}}`,
		`{"about":"x","feelings":{},"valence":{"5":"wow"}}`,
		`{"about":"x","feelings":{},"valence":{"+2":"nice"}}`,
		`{"about":"x","feelings":{},"valence":{"bad":"awful"}}`,
		`{"about":"x","feelings":{},"valence":{"-2":"Awful"}}`,
		`{"about":"x","feelings":{},"valence":{"-2":"awful","-3":"awful"}}`,
	} {
		if _, err := ParseModel([]byte(doc)); err == nil {
			t.Errorf("%s: want an error", doc)
		}
	}
}

// Real complaints, written for this test in the ways customers write: a
// negative feeling must be found in every angry, disappointed or worried
// one, and none in the happy ones.
func TestFeelingsOnCustomerMessages(t *testing.T) {
	e := engine(t)
	negative := []string{
		"This is the third time I've contacted you and nobody has bothered to reply.",
		"I waited in all day for the courier and nothing came. Absolutely useless.",
		"Honestly I expected better from you, the jacket fell apart after one wash.",
		"I'm scared my card details were stolen, there are payments I don't recognise",
		"You took my money twice and now you're ignoring me. Unbelievable.",
		"really let down, this was meant to be a birthday present and it's broken",
		"I am so fed up with being passed from one person to another",
		"Why is it so hard to get a simple refund?? I've been waiting for weeks",
		"Still waiting for my refund, it's been a month.",
		"You sent me the wrong size",
		"This is unacceptable, I want a refund today.",
		"I have been overcharged and I'm not happy about it",
		"So annoyed right now, the discount code doesn't work",
		"My order is late again and no one has told me why",
		"I can't believe you lost my parcel again",
		"Nobody ever picks up the phone",
		"Why does nobody read my emails",
		"I don't like the new website at all",
		"I'm not angry but disappointed",
		"2nd time asking, where is my order",
		"3rd email, nobody gets back to me",
		"hello?? anyone there??",
	}
	happy := []string{
		"Thanks so much, the replacement arrived this morning and it's perfect!",
		"Just wanted to say your team was brilliant, really appreciate the help.",
		"Love the new boots, they fit great. Could you tell me how to clean them?",
		"All sorted now, thank you for being so quick.",
		"Great, thanks! That worked perfectly.",
		"Cheers for the quick reply, much appreciated",
		"I love this shop, best purchase ever!",
		"Not bad at all, happy with it",
		"Thank you so much for sorting this out so fast",
		"damn good service as always",
		"That was fucking awesome, thanks guys",
		"I was so worried but it arrived, thank you!",
		"I hate to bother you but could you check my order?",
	}
	hasNegative := func(msg string) (bool, []Match) {
		a := e.Analyze(msg)
		for _, f := range a.Feelings {
			if f.Negative {
				return true, a.Feelings
			}
		}
		return false, a.Feelings
	}
	for _, msg := range negative {
		if ok, fs := hasNegative(msg); !ok {
			t.Errorf("%q: want a negative feeling, got %+v", msg, fs)
		}
	}
	for _, msg := range happy {
		if ok, fs := hasNegative(msg); ok {
			t.Errorf("%q: want no negative feeling, got %+v", msg, fs)
		}
	}
}

// scoreModelsOracle is the simple way to score a message: list its
// features, then sum each model's weights over them (what training does).
func scoreModelsOracle(l *lang.Lang, valence *hashkey.Table, model []*Weights, ws []lang.Word) (ps []float64, evidence []int) {
	names, at := feelingFeatures(l, valence, ws)
	for _, fw := range model {
		if fw == nil {
			ps, evidence = append(ps, 0), append(evidence, -1)
			continue
		}
		weights := map[uint64]float64{} // the weights by hash: the shipped model has no names
		for k, h := range fw.keys {
			weights[h] = fw.vals[k]
		}
		z := fw.Bias
		adds := make([]float64, len(ws))
		for k, n := range names {
			z += weights[hashkey.Of(0, n)]
			adds[at[k]] += weights[hashkey.Of(0, n)]
		}
		ps = append(ps, 1/(1+math.Exp(-z)))
		best, bestW := -1, 0.0
		for i, w := range adds {
			if w > bestW {
				best, bestW = i, w
			}
		}
		evidence = append(evidence, best)
	}
	return ps, evidence
}

// The fast scoring (one look-up per feature for all the models) gives
// exactly what the simple one gives.
func checkScoreModels(t *testing.T, e detector, msg string) {
	d := e.Detector
	ws := d.lang.Words(msg)
	sc := scoreModels(d.lang, d.valence, d.model, d.weights, ws)
	ps, ev := scoreModelsOracle(d.lang, d.valence, d.model, ws)
	for fi, fw := range d.model {
		if fw == nil {
			continue
		}
		if got := sc.prob(fi); got != ps[fi] {
			t.Errorf("%q: %s: p=%v, oracle %v", msg, d.feelings[fi].ID, got, ps[fi])
		}
		if got := sc.evidence(fi, nil); got != ev[fi] {
			t.Errorf("%q: %s: evidence word %d, oracle %d", msg, d.feelings[fi].ID, got, ev[fi])
		}
	}
}

func TestScoreModelsOracle(t *testing.T) {
	e := engine(t)
	for _, msg := range []string{
		"",
		"I'm not happy, the parcel never came and nobody answers!!",
		"Thanks so much, the replacement arrived this morning and it's perfect!",
		"I can't believe you lost my parcel again, this is awful awful awful",
		"café résumé naïve — über-annoyed 😡 at the delay",
		"not not not bad",
		"WHY IS MY REFUND STILL NOT HERE???",
		benchMessage,
	} {
		checkScoreModels(t, e, msg)
	}
}

func FuzzScoreModels(f *testing.F) {
	f.Add("I'm not happy, the parcel never came")
	f.Add("ünïcödé 🙃 don't worry")
	e := engine(f)
	f.Fuzz(func(t *testing.T, msg string) {
		checkScoreModels(t, e, msg)
	})
}

// A negation reaches to the end of its clause or to a contrast ("but"),
// whichever comes first: in "not cheap but awful" only "cheap" is negated.
func TestFeelingFeaturesNegationScope(t *testing.T) {
	for _, tc := range []struct {
		text          string
		negated, free []string // terms with and without an "n:" feature
	}{
		{"not cheap but awful", []string{"cheap"}, []string{"awful"}},
		{"not cheap though awful", []string{"cheap"}, []string{"awful"}},
		{"not cheap and awful", []string{"cheap", "awful"}, nil},
		{"not cheap, awful", []string{"cheap"}, []string{"awful"}},
		{"awful but not cheap", []string{"cheap"}, []string{"awful"}},
	} {
		names, err := TextFeatures(tc.text)
		if err != nil {
			t.Fatal(err)
		}
		l, err := lang.English()
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.negated {
			if !slices.Contains(names, "n:"+l.Term(w)) {
				t.Errorf("%q: %q is not negated: %v", tc.text, w, names)
			}
		}
		for _, w := range tc.free {
			if slices.Contains(names, "n:"+l.Term(w)) || !slices.Contains(names, "t:"+l.Term(w)) {
				t.Errorf("%q: want %q present and not negated: %v", tc.text, w, names)
			}
		}
	}
}

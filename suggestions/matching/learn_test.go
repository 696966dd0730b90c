package matching

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/library"
)

// The learned model must do what it is for: tell the library's own
// phrasings apart better than the cosine scorer it starts from, the same
// way every time, with a probability bar inside (0, 1).
func TestLearnedModel(t *testing.T) {
	e := engine(t)
	m := e.m
	if m.learned == nil {
		t.Fatal("the default library has no learned model")
	}
	if m.probBar <= 0 || m.probBar >= 1 {
		t.Fatalf("probability bar %v, want inside (0, 1)", m.probBar)
	}
	var cosOK, learnedOK int
	for d, p := range m.phrasings {
		q := m.prepare(p.text)
		if r := m.rank(q, d); len(r) > 0 && r[0].Intent == int(p.Intent) { // the cosine oracle, leave-one-out
			cosOK++
		}
		if r := m.rank(q, -1); len(r) > 0 && r[0].Intent == int(p.Intent) {
			learnedOK++
		}
		if r := m.rank(q, -1); r[0].Prob <= 0 || r[0].Prob > 1 {
			t.Fatalf("%q: top probability %v", p.text, r[0].Prob)
		}
	}
	n := len(m.phrasings)
	t.Logf("on its own %d phrasings: cosine leave-one-out %d, learned %d", n, cosOK, learnedOK)
	if learnedOK < cosOK || learnedOK < n*95/100 {
		t.Errorf("learned model recognises %d of %d of its own phrasings, the cosine %d: want more, and at least 95%%", learnedOK, n, cosOK)
	}
}

func TestLearnedModelDeterministic(t *testing.T) {
	lib := engine(t).Library()
	a, err := Compile(lib)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Compile(lib)
	if err != nil {
		t.Fatal(err)
	}
	if a.m.probBar != b.m.probBar {
		t.Fatalf("probability bar differs: %v and %v", a.m.probBar, b.m.probBar)
	}
	for f := range a.m.learned.w {
		for j := range a.m.learned.w[f] {
			if a.m.learned.w[f][j] != b.m.learned.w[f][j] {
				t.Fatalf("weight %d/%d differs between two compiles", f, j)
			}
		}
	}
}

// A library of one intent has nothing to tell apart: no model, and every
// message is judged by the cosine bar alone.
func TestLearnedModelOneIntent(t *testing.T) {
	lib := &library.Library{Intents: []library.Intent{{ID: "order.track", Title: "Track", Phrasings: []string{"where is my order", "track my parcel", "has my order shipped"}}}}
	e, err := Compile(lib)
	if err != nil {
		t.Fatal(err)
	}
	if a := e.Analyze("where is my parcel", AnalyzeOptions{}); a.OutOfScope || len(a.Intents) == 0 || a.Intents[0].ID != "order.track" {
		t.Errorf("one-intent library: %+v", a)
	}
}

// expNonPositive against math.Exp, over the range a softmax uses and its
// ends: within two units in the last place, and 0 far below.
func TestExpNonPositive(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	xs := []float64{0, -1e-300, -math.SmallestNonzeroFloat64, -0.5 * math.Ln2, -math.Ln2, -1, -37, -699.9, -700}
	for range 100000 {
		xs = append(xs, -rng.Float64()*700, -rng.Float64()*2, -rng.ExpFloat64())
	}
	for _, x := range xs {
		got, want := expNonPositive(x), math.Exp(x)
		if ulps := math.Abs(got-want) / (math.Nextafter(want, 2) - want); ulps > 2 {
			t.Fatalf("expNonPositive(%v) = %v, math.Exp %v: %.1f units apart", x, got, want, ulps)
		}
	}
	for _, x := range []float64{-700.1, -745, -1e10, math.Inf(-1), math.NaN()} {
		if got := expNonPositive(x); got != 0 {
			t.Errorf("expNonPositive(%v) = %v, want 0", x, got)
		}
	}
}

// Scoring a settled model (its weights in the postings) gives what
// scoring through the weight lists gives, to the bit, and a model that
// kept its weights only in the postings reports the same weights.
func TestModelSettledScores(t *testing.T) {
	e := engine(t)
	md := e.m.learned
	if !md.settled || md.w == nil {
		t.Fatal("a learned engine's model is not settled, or dropped its weights")
	}
	lists := &model{w: md.w, bias: md.bias}
	rng := rand.New(rand.NewPCG(7, 11))
	for _, msg := range append(oracleMessages(e.m, rng, 50), benchMessage) {
		q := e.m.prepare(msg)
		a, b := make([]float64, e.m.nIntents), make([]float64, e.m.nIntents)
		md.scores(e.m, q.vec, a)
		lists.scores(e.m, q.vec, b)
		if !slices.Equal(a, b) {
			t.Fatalf("%q: the settled scores differ from the lists'", msg)
		}
	}
	inPostings := &model{bias: md.bias, settled: true}
	for f, ps := range e.m.postInt {
		for j := range ps {
			if inPostings.weight(e.m, f, j) != md.w[f][j] {
				t.Fatalf("weight %d/%d: %v in the postings, %v kept", f, j, inPostings.weight(e.m, f, j), md.w[f][j])
			}
		}
	}
}

// deletions drops each letter once, by bytes for ASCII words and by
// runes otherwise, and both ways agree on ASCII words.
func TestDeletions(t *testing.T) {
	for w, want := range map[string][]string{
		"cafe": {"afe", "cfe", "cae", "caf"},
		"café": {"afé", "cfé", "caé", "caf"},
		"a":    {""},
		"":     {},
	} {
		if got := deletions(w); !slices.Equal(got, want) {
			t.Errorf("deletions(%q) = %q, want %q", w, got, want)
		}
	}
	byRunes := func(w string) []string {
		r := []rune(w)
		out := []string{}
		for i := range r {
			out = append(out, string(r[:i])+string(r[i+1:]))
		}
		return out
	}
	for _, w := range []string{"refund", "parcel", "it's", "x-ray", "order48213"} {
		if got, want := deletions(w), byRunes(w); !slices.Equal(got, want) {
			t.Errorf("deletions(%q) = %q, by runes %q", w, got, want)
		}
	}
}

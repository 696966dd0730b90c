package suggestions

import (
	"testing"
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
		if r := m.rank(q, d); len(r) > 0 && r[0].intent == int(p.intent) { // the cosine oracle, leave-one-out
			cosOK++
		}
		if r := m.rank(q, -1); len(r) > 0 && r[0].intent == int(p.intent) {
			learnedOK++
		}
		if r := m.rank(q, -1); r[0].prob <= 0 || r[0].prob > 1 {
			t.Fatalf("%q: top probability %v", p.text, r[0].prob)
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
	lib := &Library{Intents: []Intent{{ID: "order.track", Title: "Track", Phrasings: []string{"where is my order", "track my parcel", "has my order shipped"}}}}
	e, err := Compile(lib)
	if err != nil {
		t.Fatal(err)
	}
	if a := e.Analyze("where is my parcel", AnalyzeOptions{}); a.OutOfScope || len(a.Intents) == 0 || a.Intents[0].ID != "order.track" {
		t.Errorf("one-intent library: %+v", a)
	}
}

package matching

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// top is the fast path of rank: for every message, its k intents must be
// rank's first k, with the same scores, nearest phrasings and
// probabilities to the last bit.
func TestTopMatchesRank(t *testing.T) {
	for _, tc := range []struct {
		name string
		e    *Engine
	}{
		{"default", engine(t)},
		{"synthetic 3000", compiled(t, syntheticLibrary(t, 3000))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.e.m
			rng := rand.New(rand.NewPCG(7, 11))
			msgs := oracleMessages(m, rng, 400)
			checked := 0
			for _, msg := range msgs {
				q := m.prepare(msg)
				want := m.rank(q, -1)
				for _, k := range []int{1, 2, 3, 10} {
					got := m.top(q, k)
					w := want[:min(k, len(want))]
					if len(want) == 0 {
						w = nil
					}
					if !reflect.DeepEqual(got, w) {
						t.Fatalf("%q, k=%d:\n top  %+v\n rank %+v", msg, k, got, w)
					}
					// Unsure: nil exactly when the best probability is under the bar.
					for _, bar := range []float64{0.2, 0.5, 0.9} {
						sure := m.topIfSure(q, k, bar)
						if want := len(w) > 0 && w[0].Prob >= bar; want != (sure != nil) || sure != nil && !reflect.DeepEqual(sure, w) {
							t.Fatalf("%q, k=%d, bar %v: %+v, want %+v (best probability %v)", msg, k, bar, sure, w, w)
						}
					}
					checked++
				}
			}
			if checked < 1000 {
				t.Fatalf("only %d comparisons", checked)
			}
		})
	}
}

// oracleMessages makes n messages from the library's phrasings: as they
// are, with letters changed, cut short, run together, and shuffled, and
// a few made of no known word at all.
func oracleMessages(m *Matcher, rng *rand.Rand, n int) []string {
	out := []string{"", "zzqx vbnm", "hello", "the the the"}
	pick := func() string { return m.phrasings[rng.IntN(len(m.phrasings))].text }
	for len(out) < n {
		p := pick()
		switch len(out) % 5 {
		case 0:
			out = append(out, p)
		case 1:
			b := []byte(p)
			for range 3 {
				b[rng.IntN(len(b))] = byte('a' + rng.IntN(26))
			}
			out = append(out, string(b))
		case 2:
			w := strings.Fields(p)
			out = append(out, strings.Join(w[:max(1, len(w)/2)], " "))
		case 3:
			out = append(out, p+". Also, "+pick()+" and "+pick())
		case 4:
			w := strings.Fields(p + " " + pick())
			rng.Shuffle(len(w), func(i, j int) { w[i], w[j] = w[j], w[i] })
			out = append(out, strings.Join(w, " "))
		}
	}
	return out
}

// FuzzTopMatchesRank: any message, the same first intents either way.
func FuzzTopMatchesRank(f *testing.F) {
	for _, s := range []string{"where is my parcel", "I want a refund!!", "", "ünïcödé çard"} {
		f.Add(s, 3)
	}
	e := engine(f)
	f.Fuzz(func(t *testing.T, msg string, k int) {
		k = 1 + abs(k)%8
		q := e.m.prepare(msg)
		want := e.m.rank(q, -1)
		got := e.m.top(q, k)
		w := want[:min(k, len(want))]
		if len(want) == 0 {
			w = nil
		}
		if !reflect.DeepEqual(got, w) {
			t.Fatalf("%q, k=%d:\n top  %+v\n rank %+v", msg, k, got, w)
		}
	})
}

func TestBestOf(t *testing.T) {
	for _, tc := range []struct {
		p    []float64
		k    int
		want []int32
	}{
		{[]float64{0.1, 0.5, 0.2, 0.2}, 1, []int32{1}},
		{[]float64{0.1, 0.5, 0.2, 0.2}, 2, []int32{1, 2, 3}}, // the tie with the 2nd comes along
		{[]float64{0.1, 0.5, 0.2, 0.2}, 3, []int32{1, 2, 3}},
		{[]float64{0.1, 0.5, 0.2, 0.2}, 9, []int32{1, 2, 3, 0}},
		{[]float64{0.25, 0.25, 0.25, 0.25}, 2, []int32{0, 1, 2, 3}},
		{[]float64{0.3, 0.1, 0.6}, 2, []int32{2, 0}},
		{nil, 3, []int32{}},
	} {
		if got := bestOf(tc.p, tc.k); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("bestOf(%v, %d) = %v, want %v", tc.p, tc.k, got, tc.want)
		}
	}
}

// A clause prepared from its message's words is the clause prepared from
// its own text.
func TestClauseMatchesPrepare(t *testing.T) {
	m := engine(t).m
	rng := rand.New(rand.NewPCG(5, 8))
	msgs := append(oracleMessages(m, rng, 300), benchMessage,
		"I want to cancel my subscription and also I was charged twice. Plus the app crashes!",
		"wher is my ordr?? and also, can i chnage the adress\nthanks")
	clauses := 0
	for _, msg := range msgs {
		q := m.prepare(msg)
		for _, s := range splitClauses(msg) {
			got, want := m.clause(q, s), m.prepare(msg[s.Start:s.End])
			if !reflect.DeepEqual(got.vec, want.vec) || len(got.words) != len(want.words) {
				t.Fatalf("%q, clause %q: %d words %v, want %d words %v", msg, msg[s.Start:s.End], len(got.words), got.vec, len(want.words), want.vec)
			}
			clauses++
		}
	}
	if clauses < 300 {
		t.Fatalf("only %d clauses", clauses)
	}
}

// A message that asks for two things gets both, each with its clause; a
// message that asks for one thing gets none (Intents says it).
func TestRequests(t *testing.T) {
	e := engine(t)
	for _, tc := range []struct {
		msg  string
		want []string
	}{
		{"I want to cancel my subscription and also I was charged twice last month.", []string{"subscription.cancel", "billing.double_charge"}},
		{"My parcel arrived damaged. Can I get a refund please?", []string{"order.damaged", "refund.request"}},
		{"Please delete my account. Another thing: stop sending me the newsletter.", []string{"account.delete", "newsletter.subscription"}},
		{"Where is my order? It has been two weeks.", nil},
		{"What is the weather like in Paris? And who won the match?", nil},
	} {
		a := e.Analyze(tc.msg, AnalyzeOptions{})
		var got []string
		for _, r := range a.Requests {
			got = append(got, r.Intent)
			if r.Span.Start < 0 || r.Span.End > len(tc.msg) || r.Span.Start >= r.Span.End {
				t.Errorf("%q: request %s has span %v", tc.msg, r.Intent, r.Span)
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: requests %v, want %v", tc.msg, got, tc.want)
		}
	}
}

// bestLeftOut is rank's first intent for a phrasing left out, to the last
// bit, for every phrasing (and for other messages with a phrasing left
// out).
func TestBestLeftOutMatchesRank(t *testing.T) {
	for _, tc := range []struct {
		name string
		e    *Engine
		step int
	}{
		{"default", engine(t), 1},
		{"synthetic 3000", compiled(t, syntheticLibrary(t, 3000)), 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.e.m
			rng := rand.New(rand.NewPCG(9, 4))
			msgs := oracleMessages(m, rng, 200)
			check := func(msg string, skip int) {
				q := m.prepare(msg)
				r := m.rank(q, skip)
				got, ok := m.bestLeftOut(q, skip)
				if ok != (len(r) > 0) || ok && !reflect.DeepEqual(got, r[0]) {
					t.Fatalf("%q without phrasing %d: %+v (%v), rank %+v", msg, skip, got, ok, r[:min(1, len(r))])
				}
			}
			n := 0
			for d := 0; d < len(m.phrasings); d += tc.step {
				check(m.phrasings[d].text, d)
				n++
			}
			for _, msg := range msgs {
				check(msg, rng.IntN(len(m.phrasings)))
				n++
			}
			if n < 500 {
				t.Fatalf("only %d checks", n)
			}
		})
	}
}

// TestSplitClauses: sentence ends and the joining words cut a message;
// splitClauses looks for a joining word only at a space or a comma, so
// every one must start with one.
func TestSplitClauses(t *testing.T) {
	for _, j := range clauseJoiners {
		if j[0] != ' ' && j[0] != ',' {
			t.Errorf("joining word %q starts with neither a space nor a comma", j)
		}
	}
	for _, x := range []struct {
		msg  string
		want []string
	}{
		{"Where is my parcel? I also want a refund.", []string{"Where is my parcel", " I", "also want a refund"}},
		{"my card was declined at the shop and my app keeps crashing", []string{"my card was declined at the shop", "and my app keeps crashing"}},
		{"refund and exchange", []string{"refund and exchange"}},
		{"It costs 12.50, but the label says 10", []string{"It costs 12.50", "but the label says 10"}},
	} {
		var got []string
		for _, s := range splitClauses(x.msg) {
			got = append(got, x.msg[s.Start:s.End])
		}
		if !slices.Equal(got, x.want) {
			t.Errorf("splitClauses(%q) = %q, want %q", x.msg, got, x.want)
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

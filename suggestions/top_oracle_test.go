package suggestions

import (
	"math/rand/v2"
	"reflect"
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
func oracleMessages(m *matcher, rng *rand.Rand, n int) []string {
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

func compiled(t testing.TB, lib *Library) *Engine {
	t.Helper()
	e, err := Compile(lib)
	if err != nil {
		t.Fatal(err)
	}
	return e
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

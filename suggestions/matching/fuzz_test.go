package matching

import (
	"cmp"
	"slices"
	"strings"
	"testing"
)

// FuzzSortOccurrences: the radix sort gives the stable comparison sort's
// order (by key; equal keys in the order they came), for any keys, by
// radix or by insertion. Each
// 9 bytes of data are a key and a kind; keys are also folded onto few
// values so that equal keys and equal bytes are common.
func FuzzSortOccurrences(f *testing.F) {
	f.Add([]byte{}, false)
	f.Add([]byte("\x01\x00\x00\x00\x00\x00\x00\x00a\x01\x00\x00\x00\x00\x00\x00\x00b\x00\x00\x00\x00\x00\x00\x00\x01c"), false)
	f.Add([]byte("the same byte in every place, or nearly: sorting keys by key, keeping order"), true)
	f.Add([]byte(strings.Repeat("a radix sort for longer lists of keys; ", 20)), false) // over insertionMax
	f.Add([]byte(strings.Repeat("a radix sort for longer lists of keys; ", 20)), true)
	f.Fuzz(func(t *testing.T, data []byte, few bool) {
		var occ []occurrence
		for i := 0; i+9 <= len(data); i += 9 {
			key := uint64(0)
			for _, b := range data[i : i+8] {
				key = key<<8 | uint64(b)
			}
			if few {
				key %= 5
				key <<= 8 * (key % 8)
			}
			// The weight is the place it came in: any reordering of equal
			// keys shows.
			occ = append(occ, occurrence{key: key, kind: data[i+8], w: float64(len(occ))})
		}
		want := slices.Clone(occ)
		slices.SortStableFunc(want, func(a, b occurrence) int { return cmp.Compare(a.key, b.key) })
		var tmp []occurrence
		for range 2 { // the second time with the first call's list
			got := slices.Clone(occ)
			tmp = sortOccurrences(got, tmp)
			if !slices.Equal(got, want) {
				t.Fatalf("sortOccurrences:\n%v\nwant\n%v", got, want)
			}
		}
	})
}

// FuzzClauseMatchesPrepare: for any message, each clause cut from the
// prepared message has the vector of its own text prepared alone.
func FuzzClauseMatchesPrepare(f *testing.F) {
	f.Add("I want to cancel my subscription and also I was charged twice. Plus the app crashes!")
	f.Add("wher is my ordr?? and also, can i chnage the adress\nthanks")
	f.Add("'s . , and 12.50, but 's")
	m := engine(f).m
	f.Fuzz(func(t *testing.T, msg string) {
		if len(msg) > 2000 {
			return
		}
		q := m.prepare(msg)
		for _, s := range splitClauses(msg) {
			got, want := m.clause(q, s), m.prepare(msg[s.Start:s.End])
			if !slices.Equal(got.vec, want.vec) || len(got.words) != len(want.words) {
				t.Fatalf("%q, clause %q: %v, want %v", msg, msg[s.Start:s.End], got.vec, want.vec)
			}
		}
	})
}

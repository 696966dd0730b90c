package search

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/sahilm/fuzzy"
	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// oracleSearch is the reply search as a simple scan, the way it was first
// written: every term is matched by sahilm/fuzzy against the whole
// vocabulary and by edit distance against every word, and each matched
// word's replies are summed in maps. The indexed search (search.go) must
// return exactly what it returns (fzf's fastpath_equiv test does the same
// for its fast path).
type oracleSearch struct {
	words   []string
	posting [][]searchPost // word to (reply, field)
	refs    [][2]int
	lib     *library.Library
}

func newOracleSearch(lib *library.Library) *oracleSearch {
	s := &oracleSearch{lib: lib}
	index := map[string]int{}
	for ii, in := range lib.Intents {
		for ri, r := range in.Replies {
			n := int32(len(s.refs))
			s.refs = append(s.refs, [2]int{ii, ri})
			seen := map[string]uint8{}
			for field, text := range []string{r.Body, r.Title + " " + in.Title, r.Shortcut} {
				for _, w := range searchTerms(text) {
					if f, ok := seen[w]; !ok || uint8(field) > f {
						seen[w] = uint8(field)
					}
				}
			}
			for w, f := range seen {
				id, ok := index[w]
				if !ok {
					id = len(s.words)
					index[w] = id
					s.words = append(s.words, w)
					s.posting = append(s.posting, nil)
				}
				s.posting[id] = append(s.posting[id], searchPost{n, f})
			}
		}
	}
	return s
}

func (s *oracleSearch) find(query string, limit int) []Result {
	terms := queryTerms(query)
	var out []Result
	rs := &Index{lib: s.lib}
	if len(terms) == 0 {
		for n, ref := range s.refs {
			out = append(out, rs.result(n, ref, 0))
			if limit > 0 && len(out) >= limit {
				break
			}
		}
		return out
	}
	var total map[int32]float64
	for _, t := range terms {
		scores := map[int32]float64{}
		hit := func(wordID int, score float64) {
			for _, p := range s.posting[wordID] {
				sc := score * (1 + float64(p.Field)*0.5)
				if sc > scores[p.ID] {
					scores[p.ID] = sc
				}
			}
		}
		for _, m := range fuzzy.Find(t, s.words) {
			hit(m.Index, fuzzyScore(t, m))
		}
		if len(t) >= minEditLen {
			for id, w := range s.words {
				if len(w) >= minEditLen && osaDistance(t, w) <= 1 {
					hit(id, 1)
				}
			}
		}
		if total == nil {
			total = scores
			continue
		}
		for r := range total {
			if sc, ok := scores[r]; ok {
				total[r] += sc
			} else {
				delete(total, r)
			}
		}
	}
	for r, sc := range total {
		out = append(out, rs.result(int(r), s.refs[r], sc))
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		if out[i].intent != out[j].intent {
			return out[i].intent < out[j].intent
		}
		return out[i].reply < out[j].reply
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	for i := range out {
		out[i].TitleMatches = highlight(out[i].Title, terms)
		out[i].ShortcutMatches = highlight(out[i].Shortcut, terms)
	}
	return out
}

// osaDistance is the optimal string alignment distance over runes, by the
// textbook table.
func osaDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// typo makes one edit in w: a letter dropped, doubled, replaced, or two
// neighbours swapped.
func typo(r *rand.Rand, w string) string {
	rs := []rune(w)
	if len(rs) < 2 {
		return w
	}
	i := r.IntN(len(rs) - 1)
	switch r.IntN(4) {
	case 0:
		rs = append(rs[:i], rs[i+1:]...)
	case 1:
		rs = append(rs[:i+1], rs[i:]...)
	case 2:
		rs[i] = rune('a' + r.IntN(26))
	default:
		rs[i], rs[i+1] = rs[i+1], rs[i]
	}
	return string(rs)
}

// generatedQueries are what agents type, and worse: words, prefixes,
// abbreviations, typos, several terms, stray letters, digits, accents.
func generatedQueries(r *rand.Rand, vocab []string, n int) []string {
	word := func() string { return vocab[r.IntN(len(vocab))] }
	var out []string
	for len(out) < n {
		var terms []string
		for k := 1 + r.IntN(3); k > 0; k-- {
			w := word()
			switch r.IntN(7) {
			case 0: // prefix, as typed so far
				w = w[:1+r.IntN(len(w))]
			case 1:
				w = typo(r, w)
			case 2: // abbreviation: drop the vowels
				w = strings.Map(func(c rune) rune {
					if strings.ContainsRune("aeiou", c) {
						return -1
					}
					return c
				}, w)
			case 3:
				w = string(rune('a' + r.IntN(26)))
			case 4:
				w = strings.ToUpper(w[:1]) + w[1:]
			case 5:
				w = []string{"rèfund", "42", "ß", "KELVIN\u212a", "x-y", "::", "café"}[r.IntN(7)]
			}
			terms = append(terms, w)
		}
		out = append(out, strings.Join(terms, " "))
	}
	return out
}

func TestSearchMatchesOracle(t *testing.T) {
	base := defaultLibrary(t)
	for _, lib := range []*library.Library{base, library.SyntheticLibrary(base, 3000, 600)} {
		fast, slow := New(lib, nil), newOracleSearch(lib)
		r := rand.New(rand.NewPCG(1, 2))
		queries := append(generatedQueries(r, slow.words, 120000/len(fast.refs)), searchKeystrokes...)
		for _, q := range queries {
			for _, limit := range []int{8, 0} {
				got, want := fast.Find(q, limit), slow.find(q, limit)
				if err := sameResults(got, want); err != nil {
					t.Fatalf("%d replies, query %q, limit %d: %v", len(fast.refs), q, limit, err)
				}
			}
		}
	}
}

func sameResults(got, want []Result) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d results, the simple scan finds %d\n got %v\nwant %v", len(got), len(want), ids(got), ids(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Reply != w.Reply || g.Score != w.Score || fmt.Sprint(g.TitleMatches, g.ShortcutMatches) != fmt.Sprint(w.TitleMatches, w.ShortcutMatches) {
			return fmt.Errorf("result %d is %s (%v), the simple scan's is %s (%v)\n got %v\nwant %v", i, g.Reply, g.Score, w.Reply, w.Score, ids(got), ids(want))
		}
	}
	return nil
}

func ids(rs []Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprintf("%s:%v", r.Reply, r.Score))
	}
	return out
}

func TestWithinOneEdit(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	words := []string{"refund", "password", "café", "naïve", "ab", "a", "", "order", "ß", "日本語"}
	for range 3000 {
		a := words[r.IntN(len(words))]
		b := a
		for k := r.IntN(3); k > 0; k-- {
			b = typo(r, b)
		}
		if got, want := lang.WithinOneEdit(a, b), osaDistance(a, b) <= 1; got != want {
			t.Fatalf("lang.WithinOneEdit(%q, %q) = %v, distance %d", a, b, got, osaDistance(a, b))
		}
	}
}

func TestRuneMaskCoversFuzzyMatches(t *testing.T) {
	// Whatever fuzzy matches, the mask filter must let through.
	for _, tt := range []struct{ term, word string }{
		{"rfnd", "refund"}, {"k", "\u212a"}, {"s", "ſ"}, {"é", "café"}, {"42", "a42b"},
	} {
		matched := len(fuzzy.Find(tt.term, []string{tt.word})) > 0
		covered := runeMask(tt.word)&runeMask(tt.term) == runeMask(tt.term)
		if matched && !covered {
			t.Errorf("fuzzy matches %q in %q but the mask filter drops it", tt.term, tt.word)
		}
	}
}

// FuzzSearchMatchesOracle: for any query, the indexed search returns what
// the simple scan returns.
func FuzzSearchMatchesOracle(f *testing.F) {
	for _, q := range []string{"rfnd", "refnud", "where is my ordr", "ß k", "\xff", "a b c d e f g h i j", "paswsord reset"} {
		f.Add(q)
	}
	lib := defaultLibrary(f)
	fast, slow := New(lib, nil), newOracleSearch(lib)
	f.Fuzz(func(t *testing.T, q string) {
		if err := sameResults(fast.Find(q, 8), slow.find(q, 8)); err != nil {
			t.Fatalf("query %q: %v", q, err)
		}
	})
}

// Package search finds replies as the agent types, by title, shortcut
// and words, with sahilm/fuzzy for in-order letters and one-edit typo
// tolerance; see Index for what matches and how it stays fast.
//
// It depends on lang and library (see the package suggestions for the
// whole order).
package search

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"
	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// Result is a reply found by the agent's search, with the byte
// offsets of the matched characters in its title and shortcut for
// highlighting.
type Result struct {
	Intent          string  `json:"intent"`
	Reply           string  `json:"reply"`
	Title           string  `json:"title"`
	Shortcut        string  `json:"shortcut,omitempty"`
	Score           float64 `json:"score"`
	TitleMatches    []int   `json:"title_matches"`
	ShortcutMatches []int   `json:"shortcut_matches"`
	intent, reply   int
}

// Index finds replies by title, shortcut and words as the agent
// types, a search per keystroke, so it must take well under a millisecond
// on a library of ten thousand replies, in WebAssembly.
//
// # What matches
//
// Each typed word (a term) is matched against the distinct words of the
// replies (titles, shortcuts, bodies, and the intent's title):
//
//   - by sahilm/fuzzy, as an in-order subsequence ("rfnd" and "refnd" find
//     "refund"), scored by fuzzy's score over the two lengths, plus 2 for
//     the word itself and 1 for a prefix, so that short exact words beat
//     long words that merely contain the letters;
//   - within one edit (a letter swapped, extra, missing or wrong:
//     "refnud", "refundd"), scored 1, for terms and words of four bytes or
//     more.
//
// A reply's score for a term is its best word's score, times 1.5 for a
// title word and 2 for a shortcut; a reply matches when every term does,
// and its score is the sum over the terms. Ties go to library order.
//
// # How it is fast
//
// Scanning the vocabulary with fuzzy and summing every matched word's
// replies for every term (the simple scan, kept in search_test.go as the
// oracle this must agree with) costs milliseconds per keystroke at ten
// thousand replies. Here:
//
//   - each word carries a mask of its (case-folded) characters; a
//     subsequence needs all of the term's characters, so fuzzy runs only
//     on the words whose mask covers the term's;
//   - words within one edit meet in the one-deletion neighbourhood
//     (Symspell's idea): the word and each of its one-letter deletions are
//     hashed to the words; a term looks up itself and its deletions, and
//     the few words found are checked;
//   - the term whose candidate words have the fewest postings drives: its
//     replies are the candidates, and the other terms are scored only on
//     those replies' own words (a forward index), lazily;
//   - the best few results are kept in a bounded list, not sorted whole.
type Index struct {
	lib   *library.Library
	refs  [][2]int           // reply number to (intent, reply) indexes
	words []string           // distinct normalised words
	masks []uint64           // runeMask of each word
	post  [][]searchPost     // word to its replies, by reply number
	fwd   [][]searchPost     // reply number to its words (id in .id)
	edits map[uint64][]int32 // hash of a word or one of its deletions to words
	pool  sync.Pool          // *searchScratch
}

// searchPost is a word in a reply: id is the reply number in post and the
// word id in fwd; field is where the word appears (the best place when it
// appears in several).
//
// Its fields are exported, though the type is not, for a smaller
// WebAssembly: a sort's generic code is named after its shape, which
// spells out each unexported field with its package's path.
type searchPost struct {
	ID    int32
	Field uint8 // 0 body, 1 title, 2 shortcut
}

// fieldWeight is what a word's place adds to its score: title words
// count half as much again, shortcut words double.
func fieldWeight(field uint8) float64 { return 1 + float64(field)*0.5 }

// minEditLen is the shortest term and word (in bytes) matched within one
// edit: shorter words are within one edit of too many others.
const minEditLen = 4

// New indexes lib's replies, calling pause (when not nil) every
// pauseEvery replies with the share done, from 0 to 1.
func New(lib *library.Library, pause func(done float64)) *Index {
	s := &Index{lib: lib, edits: map[uint64][]int32{}}
	index := map[string]int32{}
	seen := map[string]uint8{}
	// Each reply's words go into one list, fwd[r] being its part; the
	// words' lists of replies are then cut from one list too, sized
	// exactly. Lists grown one append at a time kept up to twice their
	// length, and their garbage, in a browser's memory that never shrinks:
	// with 10,000 replies, 12.7 MB held instead of about half that.
	replies := 0
	for _, in := range lib.Intents {
		replies += len(in.Replies)
	}
	fwdAll := make([]searchPost, 0, 48*replies) // about 40 words a reply
	fwdEnd := make([]int, 1, replies+1)
	for ii, in := range lib.Intents {
		for ri, r := range in.Replies {
			if n := len(s.refs); n > 0 && n%pauseEvery == 0 {
				if pause != nil {
					pause(float64(n) / float64(replies))
				}
			}
			s.refs = append(s.refs, [2]int{ii, ri})
			clear(seen)
			for field, text := range []string{r.Body, r.Title + " " + in.Title, r.Shortcut} {
				eachSearchTerm(text, func(w string) {
					if f, ok := seen[w]; !ok || uint8(field) > f {
						seen[w] = uint8(field)
					}
				})
			}
			start := len(fwdAll)
			for w, f := range seen {
				id, ok := index[w]
				if !ok {
					id = int32(len(s.words))
					index[w] = id
					s.words = append(s.words, w)
					s.masks = append(s.masks, runeMask(w))
				}
				fwdAll = append(fwdAll, searchPost{id, f})
			}
			slices.SortFunc(fwdAll[start:], func(a, b searchPost) int { return int(a.ID - b.ID) })
			fwdEnd = append(fwdEnd, len(fwdAll))
		}
	}
	fwdAll = slices.Clone(fwdAll) // without the room appending left
	s.fwd = make([][]searchPost, len(s.refs))
	count := make([]int, len(s.words)+1)
	for r := range s.fwd {
		s.fwd[r] = fwdAll[fwdEnd[r]:fwdEnd[r+1]:fwdEnd[r+1]]
		for _, p := range s.fwd[r] {
			count[p.ID+1]++
		}
	}
	for id := range s.words {
		count[id+1] += count[id]
	}
	postAll := make([]searchPost, len(fwdAll))
	s.post = make([][]searchPost, len(s.words))
	for id := range s.post {
		s.post[id] = postAll[count[id]:count[id]:count[id+1]]
	}
	for r, words := range s.fwd { // by reply number, as the search expects
		for _, p := range words {
			s.post[p.ID] = append(s.post[p.ID], searchPost{int32(r), p.Field})
		}
	}
	for id, w := range s.words {
		if len(w) < minEditLen {
			continue
		}
		forNeighbours(w, func(h uint64) {
			if l := s.edits[h]; len(l) == 0 || l[len(l)-1] != int32(id) {
				s.edits[h] = append(l, int32(id))
			}
		})
	}
	return s
}

// searchTerms splits text into the normalised words the search compares:
// hyphens, slashes, colons and placeholder braces separate words.
func searchTerms(text string) []string {
	var out []string
	eachSearchTerm(text, func(w string) { out = append(out, w) })
	return out
}

// eachSearchTerm calls yield with each of searchTerms(text).
func eachSearchTerm(text string, yield func(string)) {
	lang.ScanTokens(searchSplitter.Replace(text), func(t lang.Token) {
		// A word's normal form has no space; it is empty when the word
		// was only combining marks.
		if t.Norm != "" {
			yield(t.Norm)
		}
	})
}

var searchSplitter = strings.NewReplacer("-", " ", "/", " ", ":", " ", "{{", " ", "}}", " ")

// runeMask is a 64-bit summary of the characters of w, case-folded as
// sahilm/fuzzy folds them: if a term is a subsequence of w, the term's
// mask is inside w's. Letters and digits have a bit each; other
// characters share the rest.
func runeMask(w string) uint64 {
	var m uint64
	for _, r := range w {
		m |= 1 << runeBit(r)
	}
	return m
}

func runeBit(r rune) uint {
	switch {
	case 'a' <= r && r <= 'z':
		return uint(r - 'a')
	case 'A' <= r && r <= 'Z':
		return uint(r - 'A')
	case '0' <= r && r <= '9':
		return 26 + uint(r-'0')
	case r < utf8.RuneSelf:
		return 36 + uint(r)%28
	}
	// The smallest rune of r's case-folding orbit stands for all of it.
	c := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		c = min(c, f)
	}
	if c < utf8.RuneSelf {
		return runeBit(c)
	}
	return 36 + uint(c)%28
}

// forNeighbours calls f with the hash of w and of each string made by
// deleting one rune of w. Two words within one edit share at least one.
func forNeighbours(w string, f func(uint64)) {
	f(hashString(w, -1, 0))
	for i, r := range w {
		f(hashString(w, i, utf8.RuneLen(r)))
	}
}

// hashString is FNV-1a of w without the n bytes at skip.
func hashString(w string, skip, n int) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		if i == skip {
			i += n - 1
			continue
		}
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return h
}

// pauseEvery is how many replies New indexes between pauses, as the
// matcher reads phrasings: with 10,000 replies, in the browser, about a
// tenth of a second.
const pauseEvery = 1000

func round4(f float64) float64 {
	return float64(int64(f*10000+0.5)) / 10000
}

// maxSearchQuery bounds the typed query: nobody types more to find a reply.
const maxSearchQuery = 200

// maxSearchTerms bounds the words of a query that count.
const maxSearchTerms = 8

// queryTerms normalises what the agent typed into at most maxSearchTerms
// terms.
func queryTerms(query string) []string {
	query = lang.Sanitize(query)
	if len(query) > maxSearchQuery {
		query = query[:maxSearchQuery]
	}
	terms := strings.Fields(lang.Normalize(strings.NewReplacer("-", " ", "/", " ", ":", " ").Replace(query)))
	if len(terms) > maxSearchTerms {
		terms = terms[:maxSearchTerms]
	}
	return terms
}

// searchScratch is one search's working memory, pooled: dense arrays by
// reply and by word would otherwise be allocated per keystroke. Every
// entry a search sets is reset before the scratch goes back to the pool.
type searchScratch struct {
	best    []float64 // by reply number: a term's best score; 0 when unset
	word    []float64 // by word id: the current term's score; -1 when not computed
	wordSet []int32   // the word ids set in word
	cands   []int32   // candidate replies, in the driver's order
	vals    []float64 // the candidates' scores, one row of terms each
	touched []int32
}

func (s *Index) scratch() *searchScratch {
	sc, _ := s.pool.Get().(*searchScratch)
	if sc == nil || len(sc.best) != len(s.refs) || len(sc.word) != len(s.words) {
		sc = &searchScratch{best: make([]float64, len(s.refs)), word: make([]float64, len(s.words))}
		for i := range sc.word {
			sc.word[i] = -1
		}
	}
	return sc
}

// term is one typed word during a search.
type term struct {
	text  string
	index int     // position in the query: totals add terms in this order
	mask  uint64  // runeMask of text
	cands []int32 // words whose mask covers the term's: fuzzy may match them
	edits []int32 // words within one edit
	cost  int     // postings of cands and edits: the work of scanning them
}

func (s *Index) newTerm(t string, index int) *term {
	tm := &term{text: t, index: index, mask: runeMask(t)}
	for id, m := range s.masks {
		if m&tm.mask == tm.mask {
			tm.cands = append(tm.cands, int32(id))
			tm.cost += len(s.post[id])
		}
	}
	if len(t) >= minEditLen {
		forNeighbours(t, func(h uint64) {
			for _, id := range s.edits[h] {
				if !slices.Contains(tm.edits, id) && lang.WithinOneEdit(t, s.words[id]) {
					tm.edits = append(tm.edits, id)
					tm.cost += len(s.post[id])
				}
			}
		})
	}
	return tm
}

// fuzzyScore turns fuzzy's match of t in word into the word's score.
func fuzzyScore(t string, m fuzzy.Match) float64 {
	// Normalise fuzzy's score by the word's length so that a short
	// exact word beats a long word that merely contains the letters;
	// exact and prefix matches rank first.
	sc := 1 + float64(max(m.Score, 0))/float64(len(m.Str)+len(t))
	if m.Str == t {
		sc += 2
	} else if strings.HasPrefix(m.Str, t) {
		sc += 1
	}
	return sc
}

// scoreAll scores every word the term matches, into sc.word, and calls
// f for each.
func (s *Index) scoreAll(tm *term, sc *searchScratch, f func(id int32, score float64)) {
	for _, m := range fuzzy.FindFromNoSort(tm.text, wordSubset{s.words, tm.cands}) {
		s.setWord(sc, tm.cands[m.Index], fuzzyScore(tm.text, m))
	}
	for _, id := range tm.edits {
		s.setWord(sc, id, max(sc.word[id], 1))
	}
	for _, id := range sc.wordSet {
		if sc.word[id] > 0 {
			f(id, sc.word[id])
		}
	}
}

func (s *Index) setWord(sc *searchScratch, id int32, v float64) {
	if sc.word[id] < 0 {
		sc.wordSet = append(sc.wordSet, id)
	}
	sc.word[id] = v
}

// score is the term's score of one word, computed on first use.
func (s *Index) score(tm *term, sc *searchScratch, id int32) float64 {
	if v := sc.word[id]; v >= 0 {
		return v
	}
	v := 0.0
	if s.masks[id]&tm.mask == tm.mask {
		if ms := fuzzy.FindFromNoSort(tm.text, wordSubset{s.words, []int32{id}}); len(ms) > 0 {
			v = fuzzyScore(tm.text, ms[0])
		}
	}
	if len(tm.text) >= minEditLen && len(s.words[id]) >= minEditLen && lang.WithinOneEdit(tm.text, s.words[id]) {
		v = max(v, 1)
	}
	s.setWord(sc, id, v)
	return v
}

// resetWords forgets the current term's word scores.
func (sc *searchScratch) resetWords() {
	for _, id := range sc.wordSet {
		sc.word[id] = -1
	}
	sc.wordSet = sc.wordSet[:0]
}

// wordSubset is a fuzzy.Source over some of the words.
type wordSubset struct {
	words []string
	ids   []int32
}

func (w wordSubset) String(i int) string { return w.words[w.ids[i]] }
func (w wordSubset) Len() int            { return len(w.ids) }

// avgWords is about how many distinct words a reply has; it prices
// scoring candidates through their own words against scanning postings.
const avgWords = 40

// Find finds replies for what the agent typed. An empty query lists
// every reply in library order. At most limit results (all when limit is
// not positive), best first.
func (s *Index) Find(query string, limit int) []Result {
	terms := queryTerms(query)
	if len(terms) == 0 {
		var out []Result
		for n, ref := range s.refs {
			out = append(out, s.result(n, ref, 0))
			if limit > 0 && len(out) >= limit {
				break
			}
		}
		return out
	}
	ts := make([]*term, len(terms))
	for i, t := range terms {
		ts[i] = s.newTerm(t, i)
	}
	// The cheapest term first: it drives, the others only filter.
	slices.SortStableFunc(ts, func(a, b *term) int { return a.cost - b.cost })
	sc := s.scratch()
	defer s.pool.Put(sc)

	// The driver's replies, each with its best word.
	nt := len(ts)
	s.scoreAll(ts[0], sc, func(id int32, ws float64) {
		for _, p := range s.post[id] {
			v := ws * fieldWeight(p.Field)
			if old := sc.best[p.ID]; v > old {
				if old == 0 {
					sc.touched = append(sc.touched, p.ID)
				}
				sc.best[p.ID] = v
			}
		}
	})
	sc.resetWords()
	cands := append(sc.cands[:0], sc.touched...)
	vals := slices.Grow(sc.vals[:0], len(cands)*nt)[:len(cands)*nt]
	for i, r := range cands {
		vals[i*nt+ts[0].index] = sc.best[r]
		sc.best[r] = 0
	}
	sc.touched = sc.touched[:0]

	// Each other term keeps the candidates it matches: through the
	// postings of its words when they are few, else through the
	// candidates' own words.
	for _, tm := range ts[1:] {
		if len(cands) == 0 {
			break
		}
		if tm.cost < len(cands)*avgWords {
			alive := sc.best // reuse: mark candidates, then their best
			for _, r := range cands {
				alive[r] = -1
			}
			s.scoreAll(tm, sc, func(id int32, ws float64) {
				for _, p := range s.post[id] {
					if v := ws * fieldWeight(p.Field); alive[p.ID] != 0 && v > alive[p.ID] {
						alive[p.ID] = v
					}
				}
			})
			for i, r := range cands {
				vals[i*nt+tm.index] = max(alive[r], 0)
				alive[r] = 0
			}
		} else {
			for i, r := range cands {
				b := 0.0
				for _, p := range s.fwd[r] {
					if ws := s.score(tm, sc, p.ID); ws > 0 {
						b = max(b, ws*fieldWeight(p.Field))
					}
				}
				vals[i*nt+tm.index] = b
			}
		}
		sc.resetWords()
		// Drop the candidates this term does not match.
		k := 0
		for i, r := range cands {
			if vals[i*nt+tm.index] > 0 {
				cands[k] = r
				copy(vals[k*nt:(k+1)*nt], vals[i*nt:(i+1)*nt])
				k++
			}
		}
		cands, vals = cands[:k], vals[:k*nt]
	}
	sc.cands, sc.vals = cands[:0], vals[:0]

	// The totals add the terms in the order typed, and are compared
	// rounded as they are shown: scores that look equal rank in library
	// order.
	top := topResults{limit: limit}
	for i, r := range cands {
		total := vals[i*nt]
		for _, v := range vals[i*nt+1 : (i+1)*nt] {
			total += v
		}
		top.add(r, round4(total))
	}
	out := make([]Result, len(top.list))
	for i, h := range top.list {
		out[i] = s.result(int(h.Reply), s.refs[h.Reply], h.Score)
		out[i].TitleMatches = highlight(out[i].Title, terms)
		out[i].ShortcutMatches = highlight(out[i].Shortcut, terms)
	}
	return out
}

// topResults keeps the best results seen, best first: score descending,
// then library order.
type topResults struct {
	limit int // 0 or less keeps all
	list  []scored
}

type scored struct { // exported fields: see searchPost
	Reply int32
	Score float64
}

func (t *topResults) add(reply int32, score float64) {
	better := func(a, b scored) bool {
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.Reply < b.Reply
	}
	x := scored{reply, score}
	if t.limit > 0 && len(t.list) == t.limit {
		if !better(x, t.list[len(t.list)-1]) {
			return
		}
		t.list = t.list[:len(t.list)-1]
	}
	i := sort.Search(len(t.list), func(i int) bool { return better(x, t.list[i]) })
	t.list = slices.Insert(t.list, i, x)
}

func (s *Index) result(n int, ref [2]int, score float64) Result {
	in := s.lib.Intents[ref[0]]
	r := in.Replies[ref[1]]
	return Result{Intent: in.ID, Reply: r.ID, Title: r.Title, Shortcut: r.Shortcut, Score: round4(score),
		TitleMatches: []int{}, ShortcutMatches: []int{}, intent: ref[0], reply: ref[1]}
}

// highlight returns the byte offsets in text of the characters that the
// typed terms match, word by word, as sahilm/fuzzy reports them.
func highlight(text string, terms []string) []int {
	out := []int{}
	if text == "" {
		return out
	}
	type w struct{ start, end int }
	var ws []w
	for _, t := range lang.Tokenize(strings.ReplaceAll(text, "-", " ")) {
		ws = append(ws, w{t.Start, t.End})
	}
	seen := map[int]bool{}
	for _, t := range terms {
		for _, x := range ws {
			ms := fuzzy.Find(t, []string{text[x.start:x.end]})
			if len(ms) == 0 {
				continue
			}
			for _, i := range ms[0].MatchedIndexes {
				if !seen[x.start+i] {
					seen[x.start+i] = true
					out = append(out, x.start+i)
				}
			}
			break
		}
	}
	sort.Ints(out)
	return out
}

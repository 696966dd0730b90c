package matching

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/warmdesk/warmdesk/suggestions/internal/hashkey"
	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// The matcher's model, in prose (fzf-style: every constant says why).
//
// A message and every phrasing become sparse vectors over three kinds of
// feature:
//
//   - terms: each word, folded (variants), stemmed and mapped to the head of
//     its synonym group, so "parcel", "package" and "packages" are one term;
//   - term bigrams: two neighbouring terms, which carry word order ("card
//     declined" is not "declined card payment"), and the first and last
//     terms each paired with the text's edge (textStart, textEnd);
//   - character n-grams (3 and 4 letters) of each word with its
//     boundaries, which let a misspelled word still share most of its
//     pieces with the word it means;
//   - related-word groups: each content word also gives the feature of
//     every group of related words it is in (lang-en.json, "related":
//     "refund", "reimburse", "compensation", "rebate"), so a message and
//     a phrasing that say one thing in different words still share it.
//
// Each feature is weighted by sublinear term frequency times its inverse
// intent frequency (how few of the library's intents use it; see
// idfPower), scaled by its kind's weight, and the vector is normalised to
// unit length. An intent's score is
// a blend of two cosines: with its nearest phrasing (precise when the
// customer wrote something close to a phrasing) and with the intent's
// centroid (robust when the message mixes words from several phrasings).
// Words the library has never seen are related to its vocabulary by edit
// distance (one edit, two for long words) before features are built.

// Feature-kind weights. Terms carry most meaning; character n-grams are
// many per word, so their block is weighted down to count about as much as
// the terms together; bigrams add order.
const (
	weightTerm   = 1.0
	weightBigram = 0.6
	weightChar   = 0.35
	// weightRelated is the weight of a related-word group's feature
	// (lang-en.json, "related"): as much as a term, since a group says
	// what a word is about even where the words differ; above it the groups
	// pull out-of-scope messages in too.
	weightRelated = 1.0
	// blendNearest is the share of the nearest-phrasing cosine in an
	// intent's score; the rest is the centroid cosine, which generalises
	// better from few phrasings, the nearest phrasing breaking its ties.
	blendNearest = 0.2
	// unknownShare counts the features the library has never seen in a
	// message's length, at this share of the highest idf: a message made
	// mostly of words the library never uses ("what is the weather in
	// paris") is far from all of it, though its few known words match a
	// phrasing well. Ranking does not change; the out-of-scope bars see it.
	// Higher catches more out-of-scope messages but answers fewer real ones,
	// which carry names and products the library cannot know.
	unknownShare = 0.7
	// typoDiscount scales the features of a vocabulary word reached by an
	// edit from an unknown word: likely, not certain, to be what was meant.
	typoDiscount = 0.8
	// idfPower flattens the inverse intent frequency. The idf counts
	// intents, not phrasings: a word in eight of an intent's ten phrasings
	// ("swallowed") is that intent's mark, not a common word.
	idfPower = 0.7
	// charMin and charMax bound the character n-grams: 3 to 4 letters
	// matched best, with fewer features than longer pieces.
	charMin = 3
	charMax = 4
)

// textStart and textEnd stand for the edges of a text in its bigrams: the
// first and last words of a text say what kind of message it is ("what
// meetings do I have" asks, "schedule a meeting" tells; "add milk to my
// list" is not "what is on my list"). No word is either (the tokenizer
// keeps no punctuation). Only the text's edges: most messages are one
// sentence, and each clause's edges did not help.
const (
	textStart = "^"
	textEnd   = "$"
)

const (
	kindTerm = iota + 1
	kindBigram
	kindChar
	kindRelated
)

type feature struct {
	key uint64
	w   float32
}

type posting struct {
	doc int32
	w   float32
	// lw is the learned model's weight of this posting, once the model is
	// settled (model.settle): scoring reads it beside doc, in one list.
	lw float32
}

// Matcher is the compiled, immutable matching model of a library: safe
// for concurrent use.
type Matcher struct {
	lang      *lang.Lang
	intents   []library.Intent
	ids       hashkey.Table // feature key to feature index
	idf       []float32
	phrasings []phrasingRef
	// Each phrasing's vector, flat: phrasing d's features (indexes, in
	// increasing order) are phrFeat[phrOff[d]:phrOff[d+1]], with weights
	// phrW at the same places. An intent's phrasings are contiguous,
	// from intentFirst[i] to intentFirst[i+1].
	phrOff      []int32
	phrFeat     []int32
	phrW        []float32
	intentFirst []int32
	postInt     [][]posting // feature to intents (sum of phrasing vectors)
	scratch     sync.Pool   // *[]float32 of len(idf), all zero: see dense
	probs       sync.Pool   // *[]float64, topIfSure's per-intent scores (8 KB a clause with 1,000 intents)
	intentNorm  []float64   // length of each intent's summed vector
	nIntents    int
	vocab       map[string]bool     // known words (normalised, not stemmed)
	deletes     map[string][]string // one-deletion neighbourhood of vocab
	threshold   float64
	learned     *model // nil: rank by cosine only
	unknownIdf  float64
	probBar     float64 // out of scope below this learned probability
	// trainWork counts what training did (intents scored and postings
	// walked), for the test that it grows in proportion to the library.
	trainWork int64
}

type phrasingRef struct {
	Intent int32
	text   string
}

// rawFeature is a feature of a text before idf: its kind's weight and
// its sublinear term frequency folded in.
type rawFeature struct {
	key uint64
	w   float64
}

// rawFeatures lists the features of words, in increasing key order, each
// once. (A slice sorted once costs a fraction of a map grown feature by
// feature, and gives the order every sum needs to be the same to the
// last bit.)
func rawFeatures(l *lang.Lang, ws []lang.Word, extra map[int][]string) []rawFeature {
	buf := occurrences.Get().(*occurrenceLists)
	defer occurrences.Put(buf)
	buf.occ = appendOccurrences(buf.occ[:0], l, ws, extra, nil)
	return sumOccurrences(buf)
}

// wordMarks say where each word's occurrences are in a message's list:
// start[i] is where word i's begin (start[len(words)] is where the words'
// end, before the bigram of the last with the text's end); each word's
// bigram with the word before it (or the text's start) is its second
// occurrence. terms[i] is word i's term.
type wordMarks struct {
	start []int32
	terms []string
}

// appendOccurrences appends the feature occurrences of words to occ,
// word by word, and marks them when marks is not nil.
func appendOccurrences(occ []occurrence, l *lang.Lang, ws []lang.Word, extra map[int][]string, marks *wordMarks) []occurrence {
	add := func(kind uint8, key uint64, w float64) {
		occ = append(occ, occurrence{key, kind, w})
	}
	prev := ""
	for i, w := range ws {
		t := l.Term(w.Text)
		number := isNumber(w.Text)
		if number {
			// An order number or an amount is not a word of the intent: a
			// phrasing that quotes order 48213 must not pull every message
			// about order 48213.
			t = "#"
		}
		if marks != nil {
			marks.start = append(marks.start, int32(len(occ)))
			marks.terms = append(marks.terms, t)
		}
		// Stop words count as terms at full weight: the assistant's
		// commands lean on them ("what is my name" is not "what is your
		// name").
		add(kindTerm, hashkey.Of(kindTerm, t), 1)
		if prev == "" {
			prev = textStart
		}
		add(kindBigram, bigramKey(prev, t), 1)
		prev = t
		if !l.IsStop(w.Text) && !number {
			charGrams(w.Text, func(key uint64) { add(kindChar, key, 1) })
			for _, g := range l.RelatedKeys(t) {
				add(kindRelated, g, 1)
			}
		}
		for _, alt := range extra[i] {
			add(kindTerm, hashkey.Of(kindTerm, l.Term(alt)), typoDiscount)
			charGrams(alt, func(key uint64) { add(kindChar, key, typoDiscount*0.5) })
		}
	}
	if marks != nil {
		marks.start = append(marks.start, int32(len(occ)))
	}
	if prev != "" {
		add(kindBigram, bigramKey(prev, textEnd), 1)
	}
	return occ
}

// bigramKey is the feature key of the bigram of terms a and b.
func bigramKey(a, b string) uint64 {
	return hashkey.Add(hashkey.Add(hashkey.Add(hashkey.Start(kindBigram), a), " "), b)
}

// sumOccurrences sorts buf.occ by key and sums each feature's
// occurrences, weighted by its kind, into a raw feature.
func sumOccurrences(buf *occurrenceLists) []rawFeature {
	occ := buf.occ
	// A feature's occurrences are summed in the order they came, so the
	// sums are the same to the last bit.
	buf.tmp = sortOccurrences(occ, buf.tmp)
	out := make([]rawFeature, 0, len(occ))
	for i := 0; i < len(occ); {
		o := occ[i]
		v := 0.0
		for ; i < len(occ) && occ[i].key == o.key; i++ {
			v += occ[i].w
		}
		w := 1 + math.Log(v)
		if v < 1 {
			w = v
		}
		switch o.kind {
		case kindTerm:
			w *= weightTerm
		case kindBigram:
			w *= weightBigram
		case kindChar:
			w *= weightChar
		case kindRelated:
			w *= weightRelated
		}
		out = append(out, rawFeature{o.key, w})
	}
	return out
}

// An occurrence is one feature of one word, before rawFeatures sums them.
// Lists of them are sorted stably (sortOccurrences), so the order they
// came in needs no field of its own.
type occurrence struct {
	key  uint64
	kind uint8
	w    float64
}

// occurrences are rawFeatures' scratch lists, kept between calls: a
// message's words make hundreds of occurrences, and allocating them anew
// for every message, clause and phrasing was most of what Analyze and
// Compile allocated (and, in the browser, collected).
var occurrences = sync.Pool{New: func() any { return new(occurrenceLists) }}

// occurrenceLists are a list of occurrences and the radix sort's second
// list.
type occurrenceLists struct{ occ, tmp []occurrence }

// insertionMax is the longest list sortOccurrences sorts by insertion.
const insertionMax = 48

// sortOccurrences sorts occ by key, keeping the order of equal keys,
// through tmp (grown as needed, and returned for the next call): a
// least-significant-digit radix sort, a byte of the key at a time, or an
// insertion sort for a short list. In wasm, a comparison sort through a
// comparison function was a large share of Analyze; both are stable, so
// they need no second key.
func sortOccurrences(occ, tmp []occurrence) []occurrence {
	if len(occ) <= insertionMax {
		for i := 1; i < len(occ); i++ {
			o, j := occ[i], i
			for ; j > 0 && occ[j-1].key > o.key; j-- {
				occ[j] = occ[j-1]
			}
			occ[j] = o
		}
		return tmp
	}
	if cap(tmp) < len(occ) {
		tmp = make([]occurrence, len(occ))
	}
	src, dst := occ, tmp[:len(occ)]
	for shift := 0; shift < 64; shift += 8 {
		var at [256]int
		for _, o := range src {
			at[byte(o.key>>shift)]++
		}
		if at[byte(src[0].key>>shift)] == len(src) {
			continue // every key has this byte: the order stands
		}
		sum := 0
		for d, n := range at {
			at[d], sum = sum, sum+n
		}
		for _, o := range src {
			d := byte(o.key >> shift)
			dst[at[d]] = o
			at[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &occ[0] {
		copy(occ, src)
	}
	return tmp
}

// isNumber reports whether w is made of digits (and the separators of
// amounts, dates and times) only.
func isNumber(w string) bool {
	digits := 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' || c == ',' || c == ':' || c == '/' || c == '-':
		default:
			return false
		}
	}
	return digits > 0
}

// charGrams calls f with the feature key of each charMin- to
// charMax-letter piece of "<word>" (fnv of kindChar and the piece),
// hashing in place.
func charGrams(w string, f func(uint64)) {
	if len(w) > 40 {
		w = w[:40] // a "word" this long is noise; bound the work
	}
	var buf [42]byte
	s := append(append(append(buf[:0], '<'), w...), '>')
	for n := charMin; n <= charMax; n++ {
		for i := 0; i+n <= len(s); i++ {
			h := hashkey.Start(kindChar)
			for _, c := range s[i : i+n] {
				h ^= uint64(c)
				h *= 1099511628211
			}
			f(h)
		}
	}
}

// New compiles the matching model of intents for the language l: it
// derives the phrasings' features, then learns the model and the
// out-of-scope bars, or takes them from saved, a model Save returned for
// the same intents (refused with ErrModelMismatch otherwise). pause, when
// not nil, is called every pauseEvery phrasings with the share of the
// work done, from 0 to 1.
func New(l *lang.Lang, intents []library.Intent, saved *Saved, pause func(done float64)) (*Matcher, error) {
	if saved != nil && saved.fingerprint != fingerprint(l, intents) {
		return nil, fmt.Errorf("%w: it was made from another library or another version of Warmdesk", ErrModelMismatch)
	}
	return newMatcher(l, intents, saved, pause)
}

// Threshold is the score below which a message is out of scope.
func (m *Matcher) Threshold() float64 { return m.threshold }

// Phrasings is the number of phrasings; the report walks them.
func (m *Matcher) Phrasings() int { return len(m.phrasings) }

// Phrasing returns phrasing d's intent, by index in the library, and text.
func (m *Matcher) Phrasing(d int) (intent int, text string) {
	p := m.phrasings[d]
	return int(p.Intent), p.text
}

// LeaveOneOut matches phrasing d against the rest of the library, as if
// a customer had written it: the best intent, its score and its nearest
// phrasing (-1 for none); ok is false when nothing matched at all.
func (m *Matcher) LeaveOneOut(d int) (intent int, score float64, nearest int, ok bool) {
	best, ok := m.bestLeftOut(m.prepare(m.phrasings[d].text), d)
	return best.Intent, best.Score, best.Nearest, ok
}

// A pauser is New's pause, nil for none.
type pauser func(done float64)

func (p pauser) at(done float64) {
	if p != nil {
		p(done)
	}
}

// pauseEvery is how many phrasings New works through between pauses.
// With 10,000 phrasings, in the browser, about a tenth of a second.
const pauseEvery = 1000

// shareReading is the share of New's work spent reading the phrasings;
// learning or loading the model is the rest (measured in the browser).
const shareReading = 0.8

// newMatcher derives the features of the intents' phrasings, then learns
// the model and the out-of-scope bars, or takes them from sm.
func newMatcher(l *lang.Lang, intents []library.Intent, sm *Saved, pause pauser) (*Matcher, error) {
	total := 0
	for _, in := range intents {
		total += len(in.Phrasings)
	}
	m := &Matcher{lang: l, intents: intents, nIntents: len(intents)}
	m.phrasings = make([]phrasingRef, 0, total)
	for ii, in := range intents {
		for _, p := range in.Phrasings {
			m.phrasings = append(m.phrasings, phrasingRef{int32(ii), p})
		}
	}
	m.intentFirst = make([]int32, len(intents)+1)
	var df []int
	var vecs [][]feature
	if sm != nil {
		// The saved model carries the features the phrasings give
		// (model.go): read, not derived again.
		var err error
		if df, err = m.readFeatures(sm, pause); err != nil {
			return nil, err
		}
	} else {
		df, vecs = m.deriveFeatures(pause)
	}
	for i := 1; i < len(m.intentFirst); i++ {
		// An intent without phrasings starts and ends where the one
		// before it ends.
		m.intentFirst[i] = max(m.intentFirst[i], m.intentFirst[i-1])
	}
	if err := m.sumIntents(df); err != nil {
		return nil, err
	}
	m.deletes = map[string][]string{}
	for w := range m.vocab {
		if len([]rune(w)) < 4 {
			continue
		}
		for _, d := range deletions(w) {
			m.deletes[d] = append(m.deletes[d], w)
		}
	}
	for _, l := range m.deletes {
		sort.Strings(l)
	}
	if sm != nil {
		return m, sm.use(m)
	}
	m.learned = m.train(vecs, nil)
	m.learned.settle(m)
	m.calibrateLearned(vecs)
	m.calibrate()
	return m, nil
}

// deriveFeatures reads the phrasings: it sets the vocabulary, the
// features' ids and idf, and each phrasing's unit vector, and returns
// how many intents have each feature, and the vectors (to learn from).
func (m *Matcher) deriveFeatures(pause pauser) (df []int, vecs [][]feature) {
	l, total := m.lang, len(m.phrasings)
	// The feature table sized for the features a library of total
	// phrasings usually has, so that it seldom grows: they grow like the
	// square root of the phrasings, as a vocabulary does (Heaps' law):
	// 9,706 for the default library's 967, 32,109 for 10,000 synthetic.
	m.ids = hashkey.NewTable(int(320 * math.Sqrt(float64(total))))
	m.vocab = map[string]bool{}
	// Every phrasing's raw features, flat: phrasing d's are
	// rawID[rawOff[d]:rawOff[d+1]] with weights rawW (a slice per
	// phrasing costs a header and an allocation each, and the peak of a
	// WebAssembly memory stays for good).
	// About 50 features a phrasing (default library 63, the synthetic
	// 10,000 about 45): room for most libraries without regrowing.
	rawID := make([]int32, 0, 56*total)
	rawW := make([]float64, 0, 56*total)
	rawOff := make([]int32, 1, total+1)
	var lastIntent []int32 // per feature, the last intent counted in df
	for di, p := range m.phrasings {
		if (di+1)%pauseEvery == 0 {
			pause.at(shareReading * float64(di+1) / float64(total))
		}
		ws := l.Words(p.text)
		for _, w := range ws {
			m.vocab[w.Text] = true
		}
		for _, f := range rawFeatures(l, ws, nil) {
			id, ok := m.ids.Get(f.key)
			if !ok {
				id = int32(len(df))
				m.ids.Put(f.key, id)
				df = append(df, 0)
				lastIntent = append(lastIntent, -1)
			}
			if lastIntent[id] != p.Intent {
				lastIntent[id] = p.Intent
				df[id]++ // intents are walked in order: counts each intent once
			}
			rawID = append(rawID, id)
			rawW = append(rawW, f.w)
		}
		rawOff = append(rawOff, int32(len(rawID)))
	}
	m.setIdf(df)
	m.phrOff = make([]int32, 1, total+1)
	m.phrFeat = make([]int32, 0, len(rawID))
	m.phrW = make([]float32, 0, len(rawID))
	vecs = make([][]feature, total)
	for di, p := range m.phrasings {
		vec := m.weighKnown(rawID[rawOff[di]:rawOff[di+1]], rawW[rawOff[di]:rawOff[di+1]])
		vecs[di] = vec
		for _, f := range vec {
			m.phrFeat = append(m.phrFeat, int32(f.key))
			m.phrW = append(m.phrW, f.w)
		}
		m.phrOff = append(m.phrOff, int32(len(m.phrFeat)))
		m.intentFirst[p.Intent+1] = int32(di + 1)
	}
	return df, vecs
}

// setIdf sets each feature's idf from how many intents have it.
func (m *Matcher) setIdf(df []int) {
	n := float64(m.nIntents)
	// A feature's idf depends only on how many intents have it: worked
	// out once per count (math.Pow was 7% of compiling).
	m.idf = make([]float32, len(df))
	idfOf := make([]float32, m.nIntents+1)
	for i, d := range df {
		if idfOf[d] == 0 {
			idfOf[d] = float32(math.Pow(math.Log((n+1)/(float64(d)+1))+1, idfPower))
		}
		m.idf[i] = idfOf[d]
	}
	m.unknownIdf = math.Pow(math.Log(n+1)+1, idfPower)
}

// sumIntents sums each intent's phrasing vectors into its postings and
// norm. df says how many intents have each feature; a saved model's that
// do not fit the vectors are an error.
func (m *Matcher) sumIntents(df []int) error {
	// Each intent's summed vector (its centroid, unnormalised), summed
	// phrasing by phrasing in a dense slice: its phrasings are contiguous.
	m.intentNorm = make([]float64, m.nIntents)
	m.postInt = make([][]posting, len(df))
	sum := make([]float64, len(df))
	seen := make([]bool, len(df))
	// The postings lie in blocks, each feature's list a part of one with
	// room for the intents that have it (df: the intents its vectors can
	// reach): a few allocations, not one or more per feature. Blocks, not
	// one slice: in wasm a single allocation of several megabytes (10,000
	// phrasings hold 444,000 postings) needs that much contiguous heap,
	// which a fragmented heap finds only by growing the memory, for good.
	var block []posting
	for id, c := range df {
		if c > cap(block)-len(block) {
			block = make([]posting, 0, max(postingBlock, c))
		}
		m.postInt[id] = block[len(block) : len(block) : len(block)+c]
		block = block[:len(block)+c]
	}
	var ids []int32
	for ii := range m.nIntents {
		ids = ids[:0]
		for j := m.phrOff[m.intentFirst[ii]]; j < m.phrOff[m.intentFirst[ii+1]]; j++ {
			id := m.phrFeat[j]
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
			sum[id] += float64(m.phrW[j])
		}
		// In the order the intent's phrasings first have them: the
		// postings go in intent order whatever this order is, and only
		// the norm's last bits depend on it (sorting them was 40% of
		// compiling with a saved model).
		var norm float64
		for _, id := range ids {
			w := sum[id]
			if len(m.postInt[id]) == df[id] {
				return fmt.Errorf("%w: feature %d is in more intents than its count says (%d)", ErrModelMismatch, id, df[id])
			}
			m.postInt[id] = append(m.postInt[id], posting{doc: int32(ii), w: float32(w)})
			norm += w * w
			sum[id], seen[id] = 0, false
		}
		m.intentNorm[ii] = math.Sqrt(norm)
	}
	for id, ps := range m.postInt {
		if len(ps) != df[id] {
			return fmt.Errorf("%w: feature %d is in %d intents, its count says %d", ErrModelMismatch, id, len(ps), df[id])
		}
	}
	return nil
}

// postingBlock is how many postings a block holds (768 KB).
const postingBlock = 1 << 16

func distinctTerms(l *lang.Lang, ws []lang.Word) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range ws {
		t := l.Term(w.Text)
		if !seen[t] && !l.IsStop(w.Text) {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// weigh turns raw features into a unit vector of known features; the key
// of each returned feature is its index. Unknown features are dropped: the
// library has no evidence about them either way.
func (m *Matcher) weigh(tf []rawFeature) []feature {
	vec := make([]feature, 0, len(tf))
	var norm, unknown float64
	for _, f := range tf {
		id, ok := m.ids.Get(f.key)
		if !ok {
			u := f.w * m.unknownIdf * unknownShare
			unknown += u * u
			continue
		}
		w := f.w * float64(m.idf[id])
		vec = append(vec, feature{uint64(id), float32(w)})
		norm += w * w
	}
	if norm == 0 {
		return nil
	}
	return unitSorted(vec, norm+unknown)
}

// packedFeatures are unitSorted's scratch lists, kept between calls.
var packedFeatures = sync.Pool{New: func() any { return new([]uint64) }}

// unitSorted divides vec's weights by the square root of sqLen and sorts
// it by feature.
func unitSorted(vec []feature, sqLen float64) []feature {
	inv := 1 / math.Sqrt(sqLen)
	for i := range vec {
		vec[i].w = float32(float64(vec[i].w) * inv)
	}
	// Sorted as numbers (a feature's index above its weight's bits; the
	// indexes differ): in wasm, sorting the structures through a
	// comparison function took twice as long.
	buf := packedFeatures.Get().(*[]uint64)
	packed := (*buf)[:0]
	for _, f := range vec {
		packed = append(packed, f.key<<32|uint64(math.Float32bits(f.w)))
	}
	slices.Sort(packed)
	for i, p := range packed {
		vec[i] = feature{p >> 32, math.Float32frombits(uint32(p))}
	}
	*buf = packed
	packedFeatures.Put(buf)
	return vec
}

// weighKnown is weigh for a phrasing of the library, whose features all
// have ids (in the order of their keys, as weigh walks them): the same
// unit vector to the last bit.
func (m *Matcher) weighKnown(ids []int32, ws []float64) []feature {
	vec := make([]feature, 0, len(ids))
	var norm float64
	for j, id := range ids {
		w := ws[j] * float64(m.idf[id])
		vec = append(vec, feature{uint64(id), float32(w)})
		norm += w * w
	}
	if norm == 0 {
		return nil
	}
	return unitSorted(vec, norm)
}

// deletions lists the strings made by deleting one letter of w.
func deletions(w string) []string {
	if isASCII(w) {
		// One allocation per deletion, not three (compiling builds the
		// deletions of every word of the library).
		out := make([]string, 0, len(w))
		for i := range len(w) {
			out = append(out, w[:i]+w[i+1:])
		}
		return out
	}
	r := []rune(w)
	out := make([]string, 0, len(r))
	for i := range r {
		out = append(out, string(r[:i])+string(r[i+1:]))
	}
	return out
}

// corrections relates words the library has never seen to known words
// within one edit (deletion, insertion, substitution or transposition), by
// meeting in the one-deletion neighbourhood. A word the language data
// lists (Lang.Knows) is taken as spelled as meant: "rebate" is not a typo
// of "debate", and its related-word groups already relate it to the
// library.
func (m *Matcher) corrections(ws []lang.Word) map[int][]string {
	var out map[int][]string
	for i, w := range ws {
		if m.vocab[w.Text] || m.lang.IsStop(w.Text) || len(w.Text) < 4 || len(w.Text) > 30 || m.lang.Knows(w.Text) {
			continue
		}
		seen := map[string]bool{}
		var cands []string
		try := func(k string) {
			for _, c := range m.deletes[k] {
				if !seen[c] && lang.WithinOneEdit(w.Text, c) {
					seen[c] = true
					cands = append(cands, c)
				}
			}
		}
		for _, d := range deletions(w.Text) {
			if m.vocab[d] && !seen[d] {
				seen[d] = true
				cands = append(cands, d)
			}
			try(d)
		}
		try(w.Text)
		if len(cands) > 0 {
			sort.Strings(cands)
			if len(cands) > 3 {
				cands = cands[:3]
			}
			if out == nil {
				out = map[int][]string{}
			}
			out[i] = cands
		}
	}
	return out
}

// query is a message prepared for matching.
type query struct {
	words []lang.Word
	corr  map[int][]string // corrections of unknown words, by index in words
	vec   []feature
	// The message's feature occurrences, in its order, and where each
	// word's are: a clause's features are cut from them (see clause).
	occ   []occurrence
	marks wordMarks
}

func (m *Matcher) prepare(text string) query {
	q := query{words: m.splitTags(m.lang.Words(text))}
	q.corr = m.corrections(q.words)
	n := len(q.words)
	q.marks = wordMarks{make([]int32, 0, n+1), make([]string, 0, n)}
	q.occ = appendOccurrences(make([]occurrence, 0, 12*n), m.lang, q.words, q.corr, &q.marks) // about 12 a word
	buf := occurrences.Get().(*occurrenceLists)
	defer occurrences.Put(buf)
	buf.occ = append(buf.occ[:0], q.occ...) // sorted in place: q.occ stays in the message's order
	q.vec = m.weigh(sumOccurrences(buf))
	return q
}

// clause prepares the part of a prepared message within span, from the
// message's own words and feature occurrences: the same vector as
// preparing the span's text (TestClauseMatchesPrepare), without reading,
// correcting or hashing its words again. The clause's query has its words
// and vector only.
func (m *Matcher) clause(q query, span lang.Span) query {
	var c query
	first := -1
	for i, w := range q.words {
		if w.Start < span.Start || w.End > span.End {
			continue
		}
		if first < 0 {
			first = i
		}
		c.words = append(c.words, w)
	}
	if first < 0 {
		return c
	}
	// The clause's words are the message's from first on, and so are
	// their occurrences, but that its first word pairs with the text's
	// start, not the word before, and its last with the text's end.
	buf := occurrences.Get().(*occurrenceLists)
	defer occurrences.Put(buf)
	last := first + len(c.words) - 1
	buf.occ = append(buf.occ[:0], q.occ[q.marks.start[first]:q.marks.start[last+1]]...)
	buf.occ[1].key = bigramKey(textStart, q.marks.terms[first])
	if t := q.marks.terms[last]; t != "" { // as appendOccurrences pairs it
		buf.occ = append(buf.occ, occurrence{key: bigramKey(t, textEnd), kind: kindBigram, w: 1})
	}
	c.vec = m.weigh(sumOccurrences(buf))
	return c
}

// intentScore is one intent's score with the phrasing nearest the message.
//
// Its fields are exported, though the type is not, for a smaller
// WebAssembly: a sort's generic code is named after its shape, which
// spells out each unexported field with its package's path.
type intentScore struct {
	Intent  int
	Score   float64
	Nearest int // phrasing index, -1 when none shares a feature
	NearSim float64
	Prob    float64 // the learned model's probability; 0 when not used
}

// rank scores every intent for q and sorts them, best first: the simple,
// complete scorer. It is the oracle of top, which Analyze uses, and what
// leave-one-out evaluation uses: skip, when not negative, is a phrasing
// left out (its own intent's centroid leaves it out too). With the
// learned model and no skip, intents are ranked by the model's
// probability; otherwise by the cosine score.
func (m *Matcher) rank(q query, skip int) []intentScore {
	if len(q.vec) == 0 || m.nIntents == 0 {
		return nil
	}
	dense := m.dense(q.vec)
	defer m.release(dense, q.vec)
	cen, selfNorm := m.centroidDots(q.vec)
	scores := make([]intentScore, m.nIntents)
	for i := range scores {
		scores[i] = intentScore{Intent: i}
		scores[i].NearSim, scores[i].Nearest = m.nearestIn(i, dense, skip)
		dot, norm := m.leftOut(i, skip, cen, selfNorm)
		scores[i].Score = m.blend(scores[i].NearSim, dot, norm)
	}
	if m.learned != nil && skip < 0 {
		// Rank by the learned model (see learn.go); keep the cosine as
		// the score, the message's closeness to the library.
		p := make([]float64, m.nIntents)
		m.learned.scores(m, q.vec, p)
		softmax(p)
		for i := range scores {
			scores[i].Prob = p[i]
		}
	}
	slices.SortFunc(scores, byRank)
	return scores
}

// bestLeftOut returns rank(q, skip)[0] for a phrasing left out (skip not
// negative, so ranked by the cosine score), equal to the last bit, doing
// only the work the best needs. An intent's nearest-phrasing part is at
// most blendNearest times q's dot product with its summed vector, so intents
// are scored in the order of that bound and the search stops when the
// bound falls under the best score found. Leave-one-out over a library
// (the out-of-scope bar, the report) no longer scans every phrasing for
// every phrasing.
func (m *Matcher) bestLeftOut(q query, skip int) (intentScore, bool) {
	if len(q.vec) == 0 || m.nIntents == 0 {
		return intentScore{}, false
	}
	cen, selfNorm := m.centroidDots(q.vec)
	type cand struct { // exported fields: see intentScore
		Intent    int
		Dot, Norm float64
		Bound     float64
	}
	cands := make([]cand, m.nIntents)
	for i := range cands {
		dot, norm := m.leftOut(i, skip, cen, selfNorm)
		// Every weight is positive, so each phrasing's cosine with q is
		// at most the dot product with the sum of its intent's phrasings
		// (cen, the skipped one included), and at most 1. The bound allows
		// for rounding: it must never be under the score.
		cands[i] = cand{i, dot, norm, m.blend(min(1, max(cen[i], 0)), dot, norm) + 1e-9}
	}
	// The candidates in order of bound (highest first, then by intent),
	// taken from a heap: the loop below usually stops after a few, so
	// sorting them all would cost most of a large library's calibration.
	h := candHeap[cand]{items: cands, before: func(a, b cand) bool {
		if a.Bound != b.Bound {
			return a.Bound > b.Bound
		}
		return a.Intent < b.Intent
	}}
	h.init()
	dense := m.dense(q.vec)
	defer m.release(dense, q.vec)
	best, found := intentScore{}, false
	for len(h.items) > 0 {
		c := h.pop()
		if found && c.Bound < best.Score {
			break
		}
		s := intentScore{Intent: c.Intent}
		s.NearSim, s.Nearest = m.nearestIn(c.Intent, dense, skip)
		s.Score = m.blend(s.NearSim, c.Dot, c.Norm)
		if !found || byRank(s, best) < 0 {
			best, found = s, true
		}
	}
	return best, found
}

// centroidDots returns the dot product of a message vector with each
// intent's summed vector, and the vector's own squared length.
func (m *Matcher) centroidDots(vec []feature) (cen []float64, selfNorm float64) {
	cen = make([]float64, m.nIntents)
	for _, f := range vec {
		for _, p := range m.postInt[f.key] {
			cen[p.doc] += float64(f.w) * float64(p.w)
		}
		selfNorm += float64(f.w) * float64(f.w)
	}
	return cen, selfNorm
}

// centroidDot is centroidDots(vec)[i], for one intent: its postings are
// sorted by intent, so each of vec's features is looked up in them, and
// the products are summed in the same order, to the same bits.
func (m *Matcher) centroidDot(vec []feature, i int32) float64 {
	var dot float64
	for _, f := range vec {
		list := m.postInt[f.key]
		lo, hi := 0, len(list) // a binary search written out: in wasm, a comparison function per step cost twice as much
		for lo < hi {
			if h := int(uint(lo+hi) >> 1); list[h].doc < i {
				lo = h + 1
			} else {
				hi = h
			}
		}
		if lo < len(list) && list[lo].doc == i {
			dot += float64(f.w) * float64(list[lo].w)
		}
	}
	return dot
}

// leftOut is intent i's dot product and summed vector's length, with
// phrasing skip (when not negative) left out of its intent's sum: the
// skipped phrasing is the message itself, so its vector is the message's.
func (m *Matcher) leftOut(i, skip int, cen []float64, selfNorm float64) (dot, norm float64) {
	dot, norm = cen[i], m.intentNorm[i]
	if skip >= 0 && int(m.phrasings[skip].Intent) == i {
		dot -= selfNorm
		norm = math.Sqrt(math.Max(norm*norm-2*cen[i]+selfNorm, 0))
	}
	return dot, norm
}

// nearestIn returns the cosine of the message spread in dense with the
// nearest of intent i's phrasings other than skip, and that phrasing (-1
// when none shares a feature), summing in feature order.
func (m *Matcher) nearestIn(i int, dense *[]float32, skip int) (sim float64, nearest int) {
	nearest = -1
	for d := int(m.intentFirst[i]); d < int(m.intentFirst[i+1]); d++ {
		if d == skip {
			continue
		}
		var s float64
		for j := m.phrOff[d]; j < m.phrOff[d+1]; j++ {
			s += float64((*dense)[m.phrFeat[j]]) * float64(m.phrW[j])
		}
		if s > sim {
			sim, nearest = s, d
		}
	}
	return sim, nearest
}

// blend is an intent's score from its nearest phrasing's cosine and the
// dot product of the message with its summed vector, of length norm.
// It does not rank when the model is learned: mixing it into the
// model's ranking did not help.
func (m *Matcher) blend(nearSim, dot, norm float64) float64 {
	c := 0.0
	if norm > 1e-9 && dot > 0 {
		c = dot / norm
	}
	return blendNearest*nearSim + (1-blendNearest)*c
}

// byRank orders intent scores best first: by the learned probability, then
// the cosine score, then the library's order.
func byRank(a, b intentScore) int {
	switch {
	case a.Prob != b.Prob:
		return cmp.Compare(b.Prob, a.Prob)
	case a.Score != b.Score:
		return cmp.Compare(b.Score, a.Score)
	}
	return cmp.Compare(a.Intent, b.Intent)
}

// top returns the first k intents of rank(q, -1), equal to the last bit,
// doing only the work those k need: the learned model and the centroids
// walk the intents' postings, which are short; the nearest phrasing,
// whose postings are long (a common letter piece is in most phrasings),
// is looked for only among the phrasings of the intents the model ranks
// first. rank sorts by probability first, so the k best by probability
// (and any intent tied with the k-th) hold the k best by rank.
func (m *Matcher) top(q query, k int) []intentScore {
	return m.topIfSure(q, k, 0)
}

// topIfSure is top, or nil when the model's best probability is under
// minProb: a clause the model is unsure of is not a request of its own,
// and its nearest phrasings need not be looked for.
func (m *Matcher) topIfSure(q query, k int, minProb float64) []intentScore {
	if len(q.vec) == 0 || m.nIntents == 0 || k <= 0 {
		return nil
	}
	if m.learned == nil {
		r := m.rank(q, -1)
		if len(r) == 0 || r[0].Prob < minProb {
			return nil
		}
		return r[:min(k, len(r))]
	}
	buf, _ := m.probs.Get().(*[]float64)
	if buf == nil || len(*buf) != m.nIntents {
		buf = new([]float64)
		*buf = make([]float64, m.nIntents)
	}
	defer m.probs.Put(buf)
	p := *buf
	m.learned.scores(m, q.vec, p) // sets every intent's score
	softmax(p)
	cands := bestOf(p, k)
	if len(cands) == 0 || p[cands[0]] < minProb {
		return nil
	}
	dense := m.dense(q.vec)
	defer m.release(dense, q.vec)
	out := make([]intentScore, len(cands))
	for c, i := range cands {
		s := intentScore{Intent: int(i), Prob: p[i]}
		s.NearSim, s.Nearest = m.nearestIn(int(i), dense, -1)
		s.Score = m.blend(s.NearSim, m.centroidDot(q.vec, i), m.intentNorm[i])
		out[c] = s
	}
	slices.SortFunc(out, byRank)
	return out[:min(k, len(out))]
}

// bestOf returns the indexes of the k highest values of p, and of any
// value equal to the k-th: a linear pass keeping k in order, since k is a
// handful and p holds every intent.
func bestOf(p []float64, k int) []int32 {
	better := func(a, b int32) bool { return p[a] > p[b] || p[a] == p[b] && a < b }
	best := make([]int32, 0, k+1)
	for i := range p {
		i := int32(i)
		if len(best) == k && !better(i, best[k-1]) {
			continue
		}
		j := len(best)
		if j == k {
			j--
		} else {
			best = append(best, 0)
		}
		for ; j > 0 && better(i, best[j-1]); j-- {
			best[j] = best[j-1]
		}
		best[j] = i
	}
	if len(best) == k && k > 0 {
		last := best[k-1]
		for i := int(last) + 1; i < len(p); i++ {
			if p[i] == p[last] {
				best = append(best, int32(i))
			}
		}
	}
	return best
}

// dense spreads a message vector over a slice indexed by feature, for
// the phrasings' dot products to look each feature up at once; release
// clears what dense set and gives the slice back for the next message.
func (m *Matcher) dense(vec []feature) *[]float32 {
	d, _ := m.scratch.Get().(*[]float32)
	if d == nil || len(*d) != len(m.idf) {
		s := make([]float32, len(m.idf))
		d = &s
	}
	for _, f := range vec {
		(*d)[f.key] = f.w
	}
	return d
}

func (m *Matcher) release(d *[]float32, vec []feature) {
	for _, f := range vec {
		(*d)[f.key] = 0
	}
	m.scratch.Put(d)
}

// calibrate sets the out-of-scope threshold from the library itself: each
// of a deterministic sample of phrasings is matched against the rest, and
// the threshold is the score below which only outOfScopeQuantile of them
// fall. A library whose phrasings are consistent gets a high bar; a loose
// one a low bar.
func (m *Matcher) calibrate() {
	const sample = 1000
	n := len(m.phrasings)
	if n < 2 || m.nIntents < 1 {
		return
	}
	step := max(1, n/sample)
	var tops []float64
	for d := 0; d < n; d += step {
		if best, ok := m.bestLeftOut(m.prepare(m.phrasings[d].text), d); ok {
			tops = append(tops, best.Score)
		}
	}
	if len(tops) == 0 {
		return
	}
	sort.Float64s(tops)
	m.threshold = tops[int(outOfScopeQuantile*float64(len(tops)-1))] * outOfScopeMargin
}

// outOfScopeQuantile and outOfScopeMargin place the out-of-scope bar at
// the 3rd percentile of the library's own leave-one-out scores: the
// balance of in-scope messages answered and out-of-scope ones caught
// that the probability bar (learn.go) was set with.
const (
	outOfScopeQuantile = 0.03
	outOfScopeMargin   = 1.0
)

// wordTerms are the terms of q's words, in order (none for stop words),
// and the stems of those that are unknown and long enough to be a
// misspelling: what evidence compares with a phrasing's terms.
type wordTerms struct{ term, typo []string }

func (m *Matcher) wordTerms(q query) wordTerms {
	wt := wordTerms{term: make([]string, len(q.words)), typo: make([]string, len(q.words))}
	for i, w := range q.words {
		if m.lang.IsStop(w.Text) {
			continue
		}
		wt.term[i] = m.lang.Term(w.Text)
		if !m.vocab[w.Text] && len(w.Text) >= 4 {
			wt.typo[i] = lang.Stem(w.Text)
		}
	}
	return wt
}

// evidence returns the spans of the message words that the nearest
// phrasing shares (by term, or by a one-edit correction); wt is the
// message's wordTerms, worked out once for all the phrasings Analyze
// explains.
func (m *Matcher) evidence(q query, wt wordTerms, phrasing int) []lang.Span {
	if phrasing < 0 {
		return nil
	}
	terms := map[string]bool{}
	// The phrasing's terms, read again: evidence is wanted for a few
	// phrasings per message, and keeping every phrasing's terms would cost
	// megabytes in a large library.
	for _, t := range distinctTerms(m.lang, m.lang.Words(m.phrasings[phrasing].text)) {
		terms[t] = true
	}
	var spans []lang.Span
	for i, w := range q.words {
		if m.lang.IsStop(w.Text) {
			continue
		}
		hit := terms[wt.term[i]]
		if !hit && wt.typo[i] != "" {
			for t := range terms {
				if lang.WithinOneEdit(wt.typo[i], t) {
					hit = true
					break
				}
			}
		}
		if hit {
			if n := len(spans); n > 0 && spans[n-1].End == w.End && spans[n-1].Start == w.Start {
				continue
			}
			spans = append(spans, lang.Span{Start: w.Start, End: w.End})
		}
	}
	return spans
}

// intentShares reports whether any phrasing of intent shares a content
// word with the message: the evidence of the intent as a whole, for a
// match whose nearest phrasing shares none (it was found by pieces of
// words, or another phrasing of the intent says it in other words).
func (m *Matcher) intentShares(q query, wt wordTerms, intent int) bool {
	for d := int(m.intentFirst[intent]); d < int(m.intentFirst[intent+1]); d++ {
		if len(m.evidence(q, wt, d)) > 0 {
			return true
		}
	}
	return false
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// candHeap is a binary heap of items, the one that comes first (before)
// on top.
type candHeap[T any] struct {
	items  []T
	before func(a, b T) bool
}

func (h *candHeap[T]) init() {
	for i := len(h.items)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

// pop takes the first item out.
func (h *candHeap[T]) pop() T {
	top := h.items[0]
	last := len(h.items) - 1
	h.items[0] = h.items[last]
	h.items = h.items[:last]
	if last > 0 {
		h.down(0)
	}
	return top
}

func (h *candHeap[T]) down(i int) {
	n := len(h.items)
	for {
		first := i
		if l := 2*i + 1; l < n && h.before(h.items[l], h.items[first]) {
			first = l
		}
		if r := 2*i + 2; r < n && h.before(h.items[r], h.items[first]) {
			first = r
		}
		if first == i {
			return
		}
		h.items[i], h.items[first] = h.items[first], h.items[i]
		i = first
	}
}

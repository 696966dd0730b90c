package feelings

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/warmdesk/warmdesk/suggestions/data"
	"github.com/warmdesk/warmdesk/suggestions/internal/hashkey"
	"github.com/warmdesk/warmdesk/suggestions/lang"
)

// The feelings model, in prose.
//
// Cues (the library's feelings) are precise and explainable but only as
// complete as the people who wrote them: customers show frustration in
// more ways than any list holds ("this is the third time I'm asking").
// So beside the cues sits a small linear model per feeling: logistic
// regression over the message's terms and term pairs (the same terms the
// matcher uses: folded, stemmed, synonyms joined), negated terms, runs of
// letters and valence groups (see feelingFeatures). It is language data,
// like lang-en.json: trained once, offline, by scripts/train-feelings.sh on
// the GoEmotions training set (Demszky et al. 2020, Apache-2.0), with each
// feeling's threshold chosen on GoEmotions' development set, and shipped as
// data/feelings-en.json (and, for the widget, data/feelings-en.bin: see
// binary.go). A library feeling with the same id as a model
// feeling gets both: found by a cue, or by the model's probability over
// the threshold. The words that add most to the probability are the
// evidence shown to the agent.
//
// One model is general: "unhappy" learned whether any negative feeling is
// present. It is the detector's judge of negativity: it reports "unhappy"
// when no other negative feeling is found, and drops negative feelings
// found on weak evidence when it finds negativity unlikely (feelings.go).
// Being the one that matters most, it is the largest (10,000 weights
// against 800 per feeling).
//
// Training scales each feature by its naive Bayes log-count ratio (Wang
// and Manning 2012) before the regression learns it: words that tell the
// classes apart learn faster. What each feature kind and training choice
// brought, and what was tried and not kept, is in docs/experiments.md.

// Model is a linear model per feeling id.
type Model struct {
	About    string              `json:"about"`
	Feelings map[string]*Weights `json:"feelings"`
	// General feelings are found by the model only when no other feeling
	// of the same polarity is: "unhappy" says a customer is displeased
	// when the model cannot tell how.
	General []string `json:"general,omitempty"`
	// Covers lists, per general feeling, the feelings its model speaks
	// for: those whose labels it was trained on. It may drop them where it
	// finds its polarity unlikely (see Detector.fromModel).
	Covers map[string][]string `json:"covers,omitempty"`
	// Valence groups words by how pleasant they are, from "-4" (most
	// unpleasant) to "4", each group's words separated by spaces. A word
	// of a group gives a message the feature "v:-2" (or "nv:-2" when
	// negated): what the weights learned of a group's frequent words
	// carries over to its rare ones, which the training data holds too
	// seldom to learn.
	Valence map[string]string `json:"valence,omitempty"`

	valence hashkey.Table // valenceKey(lang.Word) to its group
}

// valenceKey is what the valence table finds a word by.
func valenceKey[T string | []byte](w T) uint64 { return hashkey.Add(hashkey.Start('v'), w) }

// valenceOf returns word's valence group in table t, 0 for none.
func valenceOf(t *hashkey.Table, w string) int {
	if t == nil {
		return 0
	}
	v, ok := t.Get(valenceKey(w))
	if !ok {
		return 0
	}
	return int(v) - MaxValence
}

// ValenceOf returns w's valence group, 0 for none.
func (m *Model) ValenceOf(w string) int { return valenceOf(&m.valence, w) }

// putValence puts word w in valence group v of table t (the table holds
// numbers from 0), reporting whether w was in none before.
func putValence[T string | []byte](t *hashkey.Table, w T, v int) bool {
	return t.Put(valenceKey(w), int32(v+MaxValence))
}

// Weights is one feeling's logistic regression over the features
// feelingFeatures makes.
type Weights struct {
	Bias      float64            `json:"bias"`
	Threshold float64            `json:"threshold"`
	Weights   map[string]float64 `json:"weights"`

	// keys and vals are the weights by feature hash (hashkey.Of(0, name)): what
	// the detector uses. A model read from the binary form (binary.go)
	// has only these.
	keys []uint64
	vals []float64
}

// hashWeights sets keys and vals from Weights, in the order of the
// features' names.
func (f *Weights) hashWeights() {
	f.keys, f.vals = hashedWeights(f.Weights)
}

func hashedWeights(ws map[string]float64) (keys []uint64, vals []float64) {
	names := make([]string, 0, len(ws))
	for n := range ws {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		keys, vals = append(keys, hashkey.Of(0, n)), append(vals, ws[n])
	}
	return keys, vals
}

// ParseModel decodes a feelings model strictly: every threshold
// inside (0, 1), every feature of a kind feelingFeatures makes, general
// feelings known and covering other feelings, and each valence word in
// one group only.
func ParseModel(data []byte) (*Model, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Model
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("feelings model: %w", err)
	}
	if err := m.Compile(); err != nil {
		return nil, fmt.Errorf("feelings model: %w", err)
	}
	return &m, nil
}

// Compile checks a model made of its exported fields (decoded from JSON,
// or trained) and makes what the detector reads: each feeling's weights
// by hash, and the valence table.
func (m *Model) Compile() error {
	for id, f := range m.Feelings {
		if f == nil || !(f.Threshold > 0 && f.Threshold < 1) {
			return fmt.Errorf("feelings: %s: threshold must be between 0 and 1", id)
		}
		for k := range f.Weights {
			if err := checkFeatureKind(k); err != nil {
				return fmt.Errorf("feelings: %s: %w", id, err)
			}
		}
	}
	if err := m.checkGeneral(); err != nil {
		return err
	}
	for _, fw := range m.Feelings {
		fw.hashWeights()
	}
	m.valence = hashkey.NewTable(0)
	for k, list := range m.Valence {
		v, err := strconv.Atoi(k)
		if err != nil || !valenceGroup(int64(v)) || strconv.Itoa(v) != k {
			return fmt.Errorf("valence: group %q must be a whole number from -%d to %d, not 0", k, MaxValence, MaxValence)
		}
		for _, w := range strings.Fields(list) {
			if hasUpper(w) {
				return fmt.Errorf("valence: %s: %q must be in lower case", k, w)
			}
			if !putValence(&m.valence, w, v) {
				return fmt.Errorf("valence: %q is in two groups", w)
			}
		}
	}
	return nil
}

// checkGeneral checks that every general feeling has weights and covers
// other feelings only.
func (m *Model) checkGeneral() error {
	for _, g := range m.General {
		if m.Feelings[g] == nil {
			return fmt.Errorf("general: %q has no weights", g)
		}
	}
	for g, ids := range m.Covers {
		if !slices.Contains(m.General, g) {
			return fmt.Errorf("covers: %q is not a general feeling", g)
		}
		for _, id := range ids {
			if id == "" || id == g {
				return fmt.Errorf("covers: %s: %q is not another feeling", g, id)
			}
		}
	}
	return nil
}

// MaxValence bounds the valence groups (VADER's scale is -4 to 4).
const MaxValence = 4

// valenceGroup reports whether v names a valence group: a whole number
// from -MaxValence to MaxValence, not 0.
func valenceGroup(v int64) bool { return v != 0 && v >= -MaxValence && v <= MaxValence }

// hasUpper reports whether w changes under strings.ToLower (without
// making a string of an ASCII lang.Word).
func hasUpper[T string | []byte](w T) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 0x80 {
			return strings.ToLower(string(w)) != string(w)
		} else if 'A' <= c && c <= 'Z' {
			return true
		}
	}
	return false
}

var English = sync.OnceValues(func() (*Model, error) { return DecodeModel(data.FeelingsEnBin) })

// feelingFeatures lists the distinct features of words, each with the
// index of the word where it first occurs (a pair belongs to its second
// lang.Word): a feature counts once however often it occurs. Features:
//
//	t:term        a term (folded, stemmed, synonyms joined)
//	b:term term   two neighbouring terms in one clause
//	n:term        a term after a negator in the same clause, up to a
//	              contrast ("not happy"; "not cheap but awful" negates only
//	              "cheap": +0.2 on GoEmotions dev for the whole detector;
//	              reaching only the next 3 words: -0.3)
//	c:<abcd       a run of 4 or 5 letters of a word, "<" and ">" marking
//	              its ends: typos, slang and word forms the terms miss
//	v:-2, nv:-2   a word of valence group -2 (see Model.Valence),
//	              not negated or negated
func feelingFeatures(l *lang.Lang, valence *hashkey.Table, ws []lang.Word) (names []string, at []int) {
	seen := map[string]bool{}
	eachFeature(l, valence, ws, func(key []byte, i int) {
		if !seen[string(key)] {
			n := string(key)
			seen[n] = true
			names = append(names, n)
			at = append(at, i)
		}
	})
	return names, at
}

// eachFeature calls emit with each feature of words and the index of its
// word, in order, repeats included; key is only valid during the call. It
// is the one definition of the features, for training (feelingFeatures)
// and for scoring (scoreModels), which looks features up without making
// strings of them.
func eachFeature(l *lang.Lang, valence *hashkey.Table, ws []lang.Word, emit func(key []byte, i int)) {
	var key, runs []byte
	var starts []int
	prev := ""
	negated := false
	for i, w := range ws {
		t := l.Term(w.Text)
		emit(append(append(key[:0], "t:"...), t...), i)
		if prev != "" && !w.Break {
			key = append(append(append(append(key[:0], "b:"...), prev...), ' '), t...)
			emit(key, i)
		}
		prev = t
		if w.Break || l.IsContrast(w.Text) {
			negated = false
		}
		isNeg := l.IsNegator(w.Text)
		if negated && !isNeg {
			key = append(append(key[:0], "n:"...), t...)
			emit(key, i)
		}
		if v := valenceOf(valence, w.Text); v != 0 && !isNeg {
			key = key[:0]
			if negated {
				key = append(key, 'n')
			}
			key = strconv.AppendInt(append(key, "v:"...), int64(v), 10)
			emit(key, i)
		}
		negated = negated || isNeg
		// Runs of letters of "<word>": starts holds where each letter
		// begins, and one past the end.
		runs = append(append(append(runs[:0], '<'), w.Text...), '>')
		starts = starts[:0]
		for j := range string(runs) {
			starts = append(starts, j)
		}
		starts = append(starts, len(runs))
		for k := charGramMin; k <= charGramMax; k++ {
			for j := 0; j+k < len(starts); j++ {
				key = append(append(key[:0], "c:"...), runs[starts[j]:starts[j+k]]...)
				emit(key, i)
			}
		}
	}
}

// The letter runs the features hold: 4 and 5 letters of a word.
const charGramMin, charGramMax = 4, 5

// featurePrefixes are the kinds of feature feelingFeatures makes; a model
// weight of any other kind could never count.
var featurePrefixes = []string{"t:", "b:", "n:", "c:", "v:", "nv:"}

// checkFeatureKind says why a model weight's feature name is of no kind
// feelingFeatures makes, or returns nil.
func checkFeatureKind[T string | []byte](name T) error {
	for _, p := range featurePrefixes {
		if len(name) > len(p) && string(name[:len(p)]) == p {
			return nil
		}
	}
	return fmt.Errorf("feature %q is of no known kind (%s)", name, strings.Join(featurePrefixes, " "))
}

// TextFeatures lists the model features of text (for training tools).
func TextFeatures(text string) ([]string, error) {
	l, err := lang.English()
	if err != nil {
		return nil, err
	}
	m, err := English()
	if err != nil {
		return nil, err
	}
	names, _ := feelingFeatures(l, &m.valence, l.Words(text))
	return names, nil
}

// featureWeight is one model feeling's weight of a feature.
type featureWeight struct {
	feeling int
	w       float64
}

// weightIndex numbers the features of all the models and lists each one's
// weights, so that a message's features are looked up once, not once per
// model: the letter runs make a 60-word message hold some 600 features.
//
// Features are found by a 64-bit hash of their name (fnv): in wasm, a
// map keyed by strings hashes them without the processor's help, and was
// a third of the feelings' time. With some 15,000 features, two names
// share a hash with odds of about 1 in 10^11 (TestWeightIndexHashes checks
// the shipped model).
type weightIndex struct {
	ids hashkey.Table // feature hash to id
	// Feature id's weights are weights[off[id]:off[id+1]].
	off     []int32
	weights []featureWeight
}

func newWeightIndex(model []*Weights) weightIndex {
	keys := make([][]uint64, len(model))
	vals := make([][]float64, len(model))
	n := 0
	for fi, fw := range model {
		if fw == nil {
			continue
		}
		keys[fi], vals[fi] = fw.keys, fw.vals
		if keys[fi] == nil {
			keys[fi], vals[fi] = hashedWeights(fw.Weights) // a model made here, not read
		}
		n += len(keys[fi])
	}
	// Number the features and count their weights, then lay the weights
	// out feature by feature.
	x := weightIndex{ids: hashkey.NewTable(n)}
	var count []int32
	for _, ks := range keys {
		for _, h := range ks {
			id, ok := x.ids.Get(h)
			if !ok {
				id = int32(len(count))
				x.ids.Put(h, id)
				count = append(count, 0)
			}
			count[id]++
		}
	}
	x.off = make([]int32, len(count)+1)
	for id, c := range count {
		x.off[id+1] = x.off[id] + c
	}
	x.weights = make([]featureWeight, n)
	next := slices.Clone(x.off[:len(count)])
	for fi, ks := range keys {
		for k, h := range ks {
			id, _ := x.ids.Get(h)
			x.weights[next[id]] = featureWeight{fi, vals[fi][k]}
			next[id]++
		}
	}
	return x
}

// features is the number of features the index holds.
func (x *weightIndex) features() int { return len(x.off) - 1 }

// modelScores is what the models say of one message: per feeling, the
// log-odds and what each word's features add to them.
type modelScores struct {
	z    []float64
	adds [][]float64 // per feeling, per word
}

// scoreModels sums the features of words per model feeling, each feature
// once, at the word where it first occurs, in the order eachFeature
// makes them (the order Weights.prob sums feelingFeatures in).
func scoreModels(l *lang.Lang, valence *hashkey.Table, model []*Weights, x weightIndex, ws []lang.Word) modelScores {
	s := modelScores{z: make([]float64, len(model)), adds: make([][]float64, len(model))}
	for fi, fw := range model {
		if fw != nil {
			s.z[fi] = fw.Bias
			s.adds[fi] = make([]float64, len(ws))
		}
	}
	seen := make([]uint64, (x.features()+63)/64) // a bit per feature: 2 KB, cheaper than a map
	eachFeature(l, valence, ws, func(key []byte, i int) {
		id, ok := x.ids.Get(hashkey.Add(hashkey.Start(0), key))
		if !ok || seen[id/64]&(1<<(id%64)) != 0 {
			return
		}
		seen[id/64] |= 1 << (id % 64)
		for _, fw := range x.weights[x.off[id]:x.off[id+1]] {
			s.z[fw.feeling] += fw.w
			s.adds[fw.feeling][i] += fw.w
		}
	})
	return s
}

// Features lists the distinct features of words as training sees them
// (see feelingFeatures), with the index of the word each first occurs at.
func (m *Model) Features(l *lang.Lang, ws []lang.Word) (names []string, at []int) {
	return feelingFeatures(l, &m.valence, ws)
}

// prob is feeling fi's probability.
func (s modelScores) prob(fi int) float64 { return 1 / (1 + math.Exp(-s.z[fi])) }

// evidence returns the index of the word whose features add most to
// feeling fi, among the words ok accepts (all when ok is nil), or -1 when
// none adds anything; the first such word on a tie.
func (s modelScores) evidence(fi int, ok func(i int) bool) int {
	best, bestW := -1, 0.0
	for i, w := range s.adds[fi] {
		if w > bestW && (ok == nil || ok(i)) {
			best, bestW = i, w
		}
	}
	return best
}

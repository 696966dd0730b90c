package matching

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/warmdesk/warmdesk/suggestions/internal/binio"
	"github.com/warmdesk/warmdesk/suggestions/internal/hashkey"
	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// The saved model, in prose.
//
// Compiling a library spends most of its time on what it learns: the
// softmax weights (learn.go), and the two out-of-scope bars, which match
// samples of the library against itself. None of that depends on anything
// but the library's phrasings and this code, so the server, which has the
// library before any widget does, compiles it once and serves what was
// learned beside library.json (Engine.Model); the widget compiles with it
// (CompileWithModel) and skips the learning, its slowest step by far.
//
// The model carries the phrasings' features too: their hashes, how many
// intents have each, each phrasing's vector (feature by feature, with its
// raw weight) and the library's vocabulary. Deriving them (splitting,
// stemming and hashing every phrasing) was the rest of compiling, and in
// a browser's cold page, where the code runs in V8's baseline tier, most
// of the widget's start after the download. Reading them is a few loops.
// The widget still rebuilds the postings and intent vectors, which follow
// from the phrasing vectors, and the reply index, from the library.
//
// A model fits exactly one library: it starts with a fingerprint of the
// phrasings, the language data and modelVersion, and its counts must match
// the library's. A model that does not fit is refused with
// ErrModelMismatch, and the caller compiles without it: a widget that
// fetched a library just published and the model of the one before falls
// back to learning, never to wrong weights.
//
// Layout, little-endian: "WDM2", the fingerprint (uint64), the number of
// intents, features, postings and phrasings (uint32 each), the cosine bar
// and the probability bar (float64 each), one float32 bias per intent,
// one float32 weight per posting, feature by feature in matcher.postInt's
// order; then the features, in uvarints (u) and float64s:
//
//	keys       one uint64 hash per feature, by feature index
//	df         u per feature: the intents that have it
//	weights    u count; the distinct raw weights (float64, increasing) of
//	           the phrasings' features: a kind's weight times a
//	           sublinear count, a few dozen values
//	phrasings  u the features of all their vectors; then per phrasing, in
//	           the library's order: its vector's squared
//	           length before normalising (float64), u features, and for
//	           each, in increasing index, u step from the previous index
//	           (the first from -1) and u its raw weight's place in weights
//	vocabulary the library's words, front-coded (binio.go)
//
// From these the widget gets each phrasing's unit vector to the last bit
// of what compiling derives (weighKnown): the weights are multiplied and
// divided in the same order.

// modelVersion is part of every fingerprint. Bump it whenever the
// features or the training change, so that a model saved by an older
// server is refused rather than misread (TestModelGolden fails until
// then).
const modelVersion = 7 // 7: the language data fingerprinted by its binary form (lang/langbin.go)

const modelMagic = "WDM2"

// modelHead is the size of the model's fixed header.
const modelHead = 4 + 8 + 16 + 16

// ErrModelMismatch says a saved model was not made from this library by
// this version of Warmdesk.
var ErrModelMismatch = errors.New("the saved model does not fit this library")

// Saved is a decoded model, not yet checked against the library.
type Saved struct {
	fingerprint                            uint64
	intents, features, postings, phrasings int
	threshold, probBar                     float64
	bias, weights                          []float32
	compiled                               []byte // the features, which matcher.readFeatures reads
}

// Save returns what the matcher learned from its intents, and the
// features it derived, for New to load (DecodeModel) instead of working
// them out again.
func (m *Matcher) Save() []byte {
	n := 0
	for _, ps := range m.postInt {
		n += len(ps)
	}
	b := make([]byte, 0, modelHead+4*(m.nIntents+n)+8*len(m.idf)+3*len(m.phrFeat))
	b = append(b, modelMagic...)
	b = binary.LittleEndian.AppendUint64(b, fingerprint(m.lang, m.intents))
	for _, c := range []int{m.nIntents, len(m.postInt), n, len(m.phrasings)} {
		b = binary.LittleEndian.AppendUint32(b, uint32(c))
	}
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(m.threshold))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(m.probBar))
	for _, v := range m.learned.bias {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	for f, ps := range m.postInt {
		for j := range ps {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(m.learned.weight(m, f, j)))
		}
	}
	return m.appendFeatures(b)
}

// appendFeatures appends the features the phrasings give (see the layout
// above). The matcher keeps each phrasing's unit vector, not its raw
// weights, so the phrasings are read again here: the server saves a
// model once per library.
func (m *Matcher) appendFeatures(b []byte) []byte {
	keys := make([]uint64, len(m.idf))
	m.ids.Each(func(key uint64, v int32) { keys[v] = key })
	for _, k := range keys {
		b = binary.LittleEndian.AppendUint64(b, k)
	}
	for _, ps := range m.postInt {
		b = binary.AppendUvarint(b, uint64(len(ps)))
	}
	type entry struct {
		id int32
		w  float64
	}
	vecs := make([][]entry, len(m.phrasings))
	norms := make([]float64, len(m.phrasings))
	weights := map[float64]int{}
	for d, p := range m.phrasings {
		for _, f := range rawFeatures(m.lang, m.lang.Words(p.text), nil) {
			id, _ := m.ids.Get(f.key)
			w := f.w * float64(m.idf[id])
			norms[d] += w * w // in key order, as weighKnown sums it
			vecs[d] = append(vecs[d], entry{id, f.w})
			weights[f.w] = 0
		}
		slices.SortFunc(vecs[d], func(a, b entry) int { return cmp.Compare(a.id, b.id) })
	}
	ws := slices.Sorted(maps.Keys(weights))
	b = binary.AppendUvarint(b, uint64(len(ws)))
	for i, w := range ws {
		weights[w] = i
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(w))
	}
	b = binary.AppendUvarint(b, uint64(len(m.phrFeat)))
	for d, vec := range vecs {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(norms[d]))
		b = binary.AppendUvarint(b, uint64(len(vec)))
		prev := int32(-1)
		for _, f := range vec {
			b = binary.AppendUvarint(b, uint64(f.id-prev))
			b = binary.AppendUvarint(b, uint64(weights[f.w]))
			prev = f.id
		}
	}
	return binio.AppendFrontCoded(b, slices.Sorted(maps.Keys(m.vocab)))
}

// readFeatures sets what deriveFeatures would from the saved model's
// features, checking them as it goes: a model cut short, or with a
// feature index, a count or a weight out of range, is an error, never a
// panic. It returns how many intents have each feature.
func (m *Matcher) readFeatures(sm *Saved, pause pauser) ([]int, error) {
	total := len(m.phrasings)
	if sm.phrasings != total || sm.features > len(sm.compiled)/8 {
		return nil, fmt.Errorf("%w: it has %d phrasings and %d features; the library has %d phrasings",
			ErrModelMismatch, sm.phrasings, sm.features, total)
	}
	r := &binio.Reader{B: sm.compiled}
	nf := sm.features
	m.ids = hashkey.NewTable(nf)
	for id := range nf {
		if !m.ids.Put(r.U64(), int32(id)) {
			return nil, fmt.Errorf("model: feature %d has the hash of another", id)
		}
	}
	df := make([]int, nf)
	for id := range df {
		d := r.Uvarint()
		if r.Err == nil && (d == 0 || d > uint64(m.nIntents)) {
			return nil, fmt.Errorf("model: feature %d is in %d intents of %d", id, d, m.nIntents)
		}
		df[id] = int(d)
	}
	nw := r.Uvarint()
	if nw > uint64(len(r.B)/8) {
		return nil, fmt.Errorf("model: %d raw weights in %d bytes", nw, len(r.B))
	}
	ws := make([]float64, nw)
	for i := range ws {
		if ws[i] = r.Float(); math.IsNaN(ws[i]) || math.IsInf(ws[i], 0) || ws[i] <= 0 {
			return nil, fmt.Errorf("model: raw weight %d is %v", i, ws[i])
		}
	}
	m.setIdf(df)
	// Each of the vectors' features takes two bytes or more.
	entries := r.Uvarint()
	if entries > uint64(len(r.B)/2) {
		return nil, fmt.Errorf("model: %d features of phrasings in %d bytes", entries, len(r.B))
	}
	m.phrOff = make([]int32, 1, total+1)
	m.phrFeat = make([]int32, 0, entries)
	m.phrW = make([]float32, 0, entries)
	for di, p := range m.phrasings {
		if (di+1)%pauseEvery == 0 {
			pause.at(shareReading * float64(di+1) / float64(total))
		}
		norm := r.Float()
		n := r.Count()
		if n > 0 && !(norm > 0 && norm <= math.MaxFloat64) {
			return nil, fmt.Errorf("model: phrasing %d has a length of %v", di, norm)
		}
		inv := 1 / math.Sqrt(norm)
		id := -1
		for range n {
			step, at := r.Uvarint(), r.Uvarint()
			if r.Err != nil {
				break
			}
			if step == 0 || step > uint64(nf-id-1) || at >= uint64(len(ws)) {
				return nil, fmt.Errorf("model: phrasing %d names feature %d of %d, weight %d of %d", di, uint64(id)+step, nf, at, len(ws))
			}
			id += int(step)
			// As weighKnown and unitSorted compute it.
			w := float32(ws[at] * float64(m.idf[id]))
			m.phrFeat = append(m.phrFeat, int32(id))
			m.phrW = append(m.phrW, float32(float64(w)*inv))
		}
		m.phrOff = append(m.phrOff, int32(len(m.phrFeat)))
		m.intentFirst[p.Intent+1] = int32(di + 1)
	}
	if r.Err == nil && uint64(len(m.phrFeat)) != entries {
		return nil, fmt.Errorf("model: the phrasings have %d features, the count says %d", len(m.phrFeat), entries)
	}
	// size runs unless reading the count failed, which returns below.
	r.FrontCoded(func(n int) { m.vocab = make(map[string]bool, n) }, func(w []byte) { m.vocab[string(w)] = true })
	if r.Err != nil {
		return nil, fmt.Errorf("model: the features: %w", r.Err)
	}
	if len(r.B) > 0 {
		return nil, fmt.Errorf("model: %d bytes after the features", len(r.B))
	}
	return df, nil
}

// DecodeModel reads a model Save wrote, checking its counts against its
// size and its numbers; New checks it against the intents.
func DecodeModel(b []byte) (*Saved, error) {
	if len(b) < modelHead || string(b[:4]) != modelMagic {
		return nil, fmt.Errorf("model: not a Warmdesk model (%d bytes)", len(b))
	}
	le := binary.LittleEndian
	sm := &Saved{
		fingerprint: le.Uint64(b[4:]),
		intents:     int(le.Uint32(b[12:])),
		features:    int(le.Uint32(b[16:])),
		postings:    int(le.Uint32(b[20:])),
		phrasings:   int(le.Uint32(b[24:])),
		threshold:   math.Float64frombits(le.Uint64(b[28:])),
		probBar:     math.Float64frombits(le.Uint64(b[36:])),
	}
	weights := modelHead + 4*(uint64(sm.intents)+uint64(sm.postings))
	if uint64(len(b)) < weights {
		return nil, fmt.Errorf("model: %d bytes, its counts say %d or more", len(b), weights)
	}
	floats := func(at, n int) []float32 {
		out := make([]float32, n)
		for i := range out {
			out[i] = math.Float32frombits(le.Uint32(b[at+4*i:]))
		}
		return out
	}
	sm.bias = floats(modelHead, sm.intents)
	sm.weights = floats(modelHead+4*sm.intents, sm.postings)
	sm.compiled = b[weights:]
	for _, v := range [][]float32{sm.bias, sm.weights, {float32(sm.threshold), float32(sm.probBar)}} {
		for _, f := range v {
			if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
				return nil, errors.New("model: a weight is not a number")
			}
		}
	}
	return sm, nil
}

// fingerprint names everything a model is learned from.
func fingerprint(l *lang.Lang, intents []library.Intent) uint64 {
	// FNV-1a over the data, as hash/fnv's New64a writes it.
	h := hashkey.Basis
	var n [8]byte
	put := func(v int) {
		binary.LittleEndian.PutUint64(n[:], uint64(v))
		h = hashkey.Add(h, n[:])
	}
	put(modelVersion)
	put(len(l.Source()))
	h = hashkey.Add(h, l.Source())
	put(len(intents))
	for _, in := range intents {
		put(len(in.Phrasings))
		for _, p := range in.Phrasings {
			put(len(p))
			h = hashkey.Add(h, p)
		}
	}
	return h
}

// use installs the saved model in m, whose features were just derived
// from the library the model's fingerprint matched.
func (sm *Saved) use(m *Matcher) error {
	n := 0
	for _, ps := range m.postInt {
		n += len(ps)
	}
	if sm.intents != m.nIntents || sm.features != len(m.postInt) || sm.postings != n {
		return fmt.Errorf("%w: it has %d intents, %d features and %d weights; the library gives %d, %d and %d",
			ErrModelMismatch, sm.intents, sm.features, sm.postings, m.nIntents, len(m.postInt), n)
	}
	// The weights go straight into the postings, their one copy in a
	// loaded model (see model.settled).
	at := 0
	for _, ps := range m.postInt {
		for j := range ps {
			ps[j].lw = sm.weights[at+j]
		}
		at += len(ps)
	}
	m.learned = &model{bias: sm.bias, settled: true}
	m.threshold, m.probBar = sm.threshold, sm.probBar
	return nil
}

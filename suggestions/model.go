package suggestions

import (
	"encoding/binary"
	"errors"
	"fmt"
	hashfnv "hash/fnv"
	"math"
)

// The saved model, in prose.
//
// Compiling a library spends most of its time on what it learns: the
// softmax weights (learn.go), and the two out-of-scope bars, which match
// samples of the library against itself. None of that depends on anything
// but the library's phrasings and this code, so the server, which has the
// library before any widget does, compiles it once and serves what was
// learned beside library.json (Engine.Model); the widget compiles with it
// (CompileWithModel) and skips the learning, its slowest step by far. The
// rest of compiling (features, postings, the reply index) is rebuilt from
// the library, which the widget needs anyway.
//
// A model fits exactly one library: it starts with a fingerprint of the
// phrasings, the language data and modelVersion, and its counts must match
// the features the widget derives. A model that does not fit is refused
// with ErrModelMismatch, and the caller compiles without it: a widget that
// fetched a library just published and the model of the one before falls
// back to learning, never to wrong weights.
//
// Layout, little-endian: "WDM1", the fingerprint (uint64), the number of
// intents, features and postings (uint32 each), the cosine bar and the
// probability bar (float64 each), one float32 bias per intent, then one
// float32 weight per posting, feature by feature in matcher.postInt's
// order.

// modelVersion is part of every fingerprint. Bump it whenever the
// features or the training change, so that a model saved by an older
// server is refused rather than misread (TestModelGolden fails until
// then).
const modelVersion = 5

const modelMagic = "WDM1"

// ErrModelMismatch says a saved model was not made from this library by
// this version of Warmdesk.
var ErrModelMismatch = errors.New("the saved model does not fit this library")

// savedModel is a decoded model, not yet checked against the features.
type savedModel struct {
	fingerprint                 uint64
	intents, features, postings int
	threshold, probBar          float64
	bias, weights               []float32
}

// Model returns what the engine learned from its library, for
// CompileWithModel to load instead of learning it again.
func (e *Engine) Model() []byte {
	m := e.m
	n := 0
	for _, ps := range m.postInt {
		n += len(ps)
	}
	b := make([]byte, 0, 4+8+12+16+4*(m.nIntents+n))
	b = append(b, modelMagic...)
	b = binary.LittleEndian.AppendUint64(b, fingerprint(e.lang, e.lib.Intents))
	b = binary.LittleEndian.AppendUint32(b, uint32(m.nIntents))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(m.postInt)))
	b = binary.LittleEndian.AppendUint32(b, uint32(n))
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
	return b
}

// CompileWithModel compiles lib with a model that Engine.Model returned
// for the same library, skipping the learning. A model made from another
// library or by another version gives an error wrapping ErrModelMismatch;
// one that is not a model at all, an error saying what is wrong with it.
func CompileWithModel(lib *Library, model []byte) (*Engine, error) {
	sm, err := decodeModel(model)
	if err != nil {
		return nil, err
	}
	return compile(lib, sm, nil)
}

func decodeModel(b []byte) (*savedModel, error) {
	const head = 4 + 8 + 12 + 16
	if len(b) < head || string(b[:4]) != modelMagic {
		return nil, fmt.Errorf("model: not a Warmdesk model (%d bytes)", len(b))
	}
	le := binary.LittleEndian
	sm := &savedModel{
		fingerprint: le.Uint64(b[4:]),
		intents:     int(le.Uint32(b[12:])),
		features:    int(le.Uint32(b[16:])),
		postings:    int(le.Uint32(b[20:])),
		threshold:   math.Float64frombits(le.Uint64(b[24:])),
		probBar:     math.Float64frombits(le.Uint64(b[32:])),
	}
	if want := head + 4*(uint64(sm.intents)+uint64(sm.postings)); uint64(len(b)) != want {
		return nil, fmt.Errorf("model: %d bytes, its counts say %d", len(b), want)
	}
	floats := func(at, n int) []float32 {
		out := make([]float32, n)
		for i := range out {
			out[i] = math.Float32frombits(le.Uint32(b[at+4*i:]))
		}
		return out
	}
	sm.bias = floats(head, sm.intents)
	sm.weights = floats(head+4*sm.intents, sm.postings)
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
func fingerprint(l *Lang, intents []Intent) uint64 {
	h := hashfnv.New64a()
	var n [8]byte
	put := func(v int) {
		binary.LittleEndian.PutUint64(n[:], uint64(v))
		h.Write(n[:])
	}
	put(modelVersion)
	put(len(l.source))
	h.Write(l.source)
	put(len(intents))
	for _, in := range intents {
		put(len(in.Phrasings))
		for _, p := range in.Phrasings {
			put(len(p))
			h.Write([]byte(p))
		}
	}
	return h.Sum64()
}

// use installs the saved model in m, whose features were just derived
// from the library the model's fingerprint matched.
func (sm *savedModel) use(m *matcher) error {
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

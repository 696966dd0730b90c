package matching

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/library"
)

// The model is the learned weights, four bytes each, and the features,
// compact: eight bytes a feature's hash, about two and a half a
// phrasing's feature.
func TestModelSize(t *testing.T) {
	m := engine(t).m
	saved := engine(t).Model()
	n := 0
	for _, ps := range m.postInt {
		n += len(ps)
	}
	learned := modelHead + 4*(m.nIntents+n)
	perEntry := float64(len(saved)-learned-8*len(m.idf)-9*len(m.phrasings)-8*len(m.vocab)) / float64(len(m.phrFeat))
	t.Logf("%d bytes: %d learned, %d features (%.2f bytes a phrasing's feature)", len(saved), learned, len(saved)-learned, perEntry)
	if perEntry <= 0 || perEntry > 3 {
		t.Fatalf("%.2f bytes a phrasing's feature, want 3 or less", perEntry)
	}
	if math.IsNaN(engine(t).m.probBar) {
		t.Fatal("probability bar is NaN")
	}
}

// An engine compiled with its own saved model is the same engine: the
// same model bytes, and the same analysis of every message.
func TestCompileWithModel(t *testing.T) {
	for _, tc := range []struct {
		name string
		lib  *library.Library
	}{
		{"default", engine(t).Library()},
		{"synthetic 2000", syntheticLibrary(t, 2000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			learned := compiled(t, tc.lib)
			saved := learned.Model()
			loaded, err := CompileWithModel(tc.lib, saved)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(loaded.Model(), saved) {
				t.Fatal("the loaded engine saves a different model")
			}
			// The features read from the model are the ones compiling
			// derives, to the bit.
			a, b := learned.m, loaded.m
			for _, f := range []struct {
				name      string
				got, want any
			}{
				{"ids", b.ids, a.ids}, {"idf", b.idf, a.idf}, {"phrasings", b.phrasings, a.phrasings},
				{"phrOff", b.phrOff, a.phrOff}, {"phrFeat", b.phrFeat, a.phrFeat}, {"phrW", b.phrW, a.phrW},
				{"intentFirst", b.intentFirst, a.intentFirst}, {"postInt", b.postInt, a.postInt},
				{"intentNorm", b.intentNorm, a.intentNorm}, {"vocab", b.vocab, a.vocab},
				{"deletes", b.deletes, a.deletes}, {"unknownIdf", b.unknownIdf, a.unknownIdf},
			} {
				if !reflect.DeepEqual(f.got, f.want) {
					t.Errorf("%s differs from the compiled matcher's", f.name)
				}
			}
			if loaded.Threshold() != learned.Threshold() || loaded.Threshold() <= 0 {
				t.Fatalf("threshold %v, learned %v", loaded.Threshold(), learned.Threshold())
			}
			rng := rand.New(rand.NewPCG(3, 5))
			msgs := oracleMessages(learned.m, rng, 200)
			msgs = append(msgs, benchMessage, "What is the weather in Paris tomorrow?")
			for _, msg := range msgs {
				a, b := learned.Analyze(msg, AnalyzeOptions{TopK: 5}), loaded.Analyze(msg, AnalyzeOptions{TopK: 5})
				if !reflect.DeepEqual(a, b) {
					t.Fatalf("%q:\n learned %+v\n loaded  %+v", msg, a, b)
				}
			}
		})
	}
}

// A model is refused, with a clear error and no panic, when it belongs to
// another library or is not a model at all.
func TestCompileWithModelRefuses(t *testing.T) {
	lib := engine(t).Library()
	saved := engine(t).Model()

	changed := *lib
	changed.Intents = append([]library.Intent(nil), lib.Intents...)
	in := changed.Intents[0]
	in.Phrasings = append([]string{"a brand new way to ask"}, in.Phrasings...)
	changed.Intents[0] = in

	sm, err := DecodeModel(saved)
	if err != nil {
		t.Fatal(err)
	}
	features := modelHead + 4*(sm.intents+sm.postings) // where the features start
	edit := func(f func(b []byte)) []byte {
		b := bytes.Clone(saved)
		f(b)
		return b
	}
	nan := edit(func(b []byte) { copy(b[features-4:], []byte{0, 0, 0xc0, 0x7f}) })
	phrasings := edit(func(b []byte) { b[24]++ }) // one more phrasing than the library has
	df := features + 8*sm.features                // the first feature's intent count, one byte
	if saved[df] >= 0x7f || int(saved[df]) >= sm.intents {
		t.Fatalf("the first feature's count %d leaves no room for the cases below", saved[df])
	}
	for _, tc := range []struct {
		name     string
		model    []byte
		mismatch bool
		want     string
	}{
		{"a hash twice", edit(func(b []byte) { copy(b[features+8:], b[features:features+8]) }), false, "feature 1 has the hash of another"},
		{"in no intent", edit(func(b []byte) { b[df] = 0 }), false, "feature 0 is in 0 intents"},
		{"in more intents than there are", edit(func(b []byte) { b[df] = byte(sm.intents + 1) }), false, fmt.Sprintf("is in %d intents of %d", sm.intents+1, sm.intents)},
		{"a count that does not fit", edit(func(b []byte) { b[df]++ }), true, fmt.Sprintf("its count says %d", saved[df]+1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := CompileWithModel(lib, tc.model)
			if err == nil || e != nil {
				t.Fatalf("got an engine, want an error")
			}
			if errors.Is(err, ErrModelMismatch) != tc.mismatch || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q (mismatch %v), want one saying %q (mismatch %v)", err, errors.Is(err, ErrModelMismatch), tc.want, tc.mismatch)
			}
		})
	}

	for _, tc := range []struct {
		name     string
		lib      *library.Library
		model    []byte
		mismatch bool
		want     string
	}{
		{"another library", &changed, saved, true, "another library"},
		{"empty", lib, nil, false, "not a Warmdesk model"},
		{"not a model", lib, []byte(`{"format":"warmdesk-library"}`), false, "not a Warmdesk model"},
		{"cut short", lib, saved[:len(saved)-3], false, "cut short"},
		{"cut in the weights", lib, saved[:features-1], false, "its counts say"},
		{"one byte more", lib, append(bytes.Clone(saved), 0), false, "1 bytes after the features"},
		{"not a number", lib, nan, false, "not a number"},
		{"counts that do not fit", lib, phrasings, true, fmt.Sprintf("%d phrasings", sm.phrasings+1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := CompileWithModel(tc.lib, tc.model)
			if err == nil || e != nil {
				t.Fatalf("got an engine, want an error")
			}
			if errors.Is(err, ErrModelMismatch) != tc.mismatch || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q (mismatch %v), want one saying %q (mismatch %v)", err, errors.Is(err, ErrModelMismatch), tc.want, tc.mismatch)
			}
		})
	}
}

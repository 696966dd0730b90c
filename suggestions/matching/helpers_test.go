package matching

import (
	"sync"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/data"
	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// Engine is the part of the engine these tests drive: a library and its
// matcher, compiled as the engine compiles them (New), analysed as the
// engine analyses a short valid message (Match).
type Engine struct {
	lib *library.Library
	m   *Matcher
}

// AnalyzeOptions are the engine's; TopK 0 asks for three.
type AnalyzeOptions struct{ TopK int }

func (e *Engine) Library() *library.Library { return e.lib }

func (e *Engine) Model() []byte { return e.m.Save() }

func (e *Engine) Analyze(msg string, opt AnalyzeOptions) Result {
	return e.m.Match(msg, cmpOr(opt.TopK, 3))
}

func cmpOr(k, def int) int {
	if k <= 0 {
		return def
	}
	return k
}

// Compile compiles lib's matcher with the English language data.
func Compile(lib *library.Library) (*Engine, error) {
	l, err := lang.English()
	if err != nil {
		return nil, err
	}
	m, err := New(l, lib.Intents, nil, nil)
	if err != nil {
		return nil, err
	}
	return &Engine{lib, m}, nil
}

var defaultEngine = sync.OnceValues(func() (*Engine, error) {
	lib, err := library.ParseLibrary("default.json", data.DefaultLibrary)
	if err != nil {
		return nil, err
	}
	return Compile(lib)
})

// engine returns the default library's matcher, compiled once, or stops
// the test.
func engine(t testing.TB) *Engine {
	t.Helper()
	e, err := defaultEngine()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func compiled(t testing.TB, lib *library.Library) *Engine {
	t.Helper()
	e, err := Compile(lib)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func syntheticLibrary(tb testing.TB, n int) *library.Library {
	return library.SyntheticLibrary(engine(tb).Library(), n, 0)
}

// A 60-word customer message.
const benchMessage = `Hi, I ordered a pair of walking boots and a rain jacket from you almost two weeks ago
and the tracking page still says the parcel is waiting at the depot. This is the third time I am writing
about it and honestly I am getting really frustrated. Could you tell me where my order 48213 is, and if it
has been lost please refund me?`

func (e *Engine) Threshold() float64 { return e.m.Threshold() }

// CompileWithModel compiles lib's matcher with a saved model.
func CompileWithModel(lib *library.Library, model []byte) (*Engine, error) {
	sm, err := DecodeModel(model)
	if err != nil {
		return nil, err
	}
	l, err := lang.English()
	if err != nil {
		return nil, err
	}
	m, err := New(l, lib.Intents, sm, nil)
	if err != nil {
		return nil, err
	}
	return &Engine{lib, m}, nil
}

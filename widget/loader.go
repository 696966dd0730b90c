package widget

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// LoadProgress is where loading the library stands, for the widget to
// show while it works.
type LoadProgress struct {
	Label   string // what is being done, for people
	Percent int    // 0–100, an estimate from the stages' usual shares
}

// Loader reads and compiles a library document in stages, letting the
// page breathe between them. Natively it is just ParseLibrary then
// Compile; in the browser, Yield sleeps so that go-app draws the progress
// and the browser paints it and handles input (see Widget.loadLibrary).
type Loader struct {
	// Timer, when set, runs and times each stage ("parse", "compile").
	Timer func(name string, work func())
	// Yield is called before each stage of a large library with the
	// progress so far. Nil means no pauses.
	Yield func(LoadProgress)
	// MemoryLimit, when positive, is a soft limit of the Go heap while
	// loading (runtime/debug.SetMemoryLimit), raised for a large document
	// (loadHeadroom) and lifted afterwards.
	MemoryLimit int64
	// Note, when set, hears why a saved model was set aside.
	Note func(string)
	// CompileSlice is how long compiling a large library runs before it
	// yields again (suggestions.CompileOptions.Pause); 0 yields at every
	// pause the compiler offers.
	CompileSlice time.Duration

	docBytes int // the size of the document Load read last
}

// LoadMemoryLimit is the widget's soft heap limit while it loads a
// library. A WebAssembly memory only grows, and reading and compiling a
// library make most of the garbage the widget ever makes: on a single
// busy thread, Go's collector, which paces itself by the clock, lets the
// heap overshoot, and the memory keeps the peak for good. The peak follows
// the limit, some 20 MB above it; 36 MB keeps a library of 10,000
// phrasings under the 60 MB target, loading no slower. A limit close to
// what loading holds makes the collector thrash and the heap overshoot
// anyway, so a larger document gets a proportionally larger limit
// (loadHeadroom). The limit is lifted once loaded: one close to the live
// heap would make every Analyze pay for collections. The measurements
// are in docs/experiments.md.
const LoadMemoryLimit = 36 << 20

// GCPercent is the widget's GOGC (runtime/debug.SetGCPercent) once it
// has started (Settle). Go's default (100) lets the heap grow to twice
// what it holds, and tickets and searches then grew the wasm memory past
// loading's peak; at 50 the heap's goal stays under that peak.
const GCPercent = 50

// QuietStart runs the widget's start without Go's collector (GOGC off),
// with LoadMemoryLimit as the backstop, until Settle. A start makes a few
// megabytes of garbage (go-app's first render, the language data, a small
// library's read and compile, the first Analyze), and on a page that has
// just loaded, every collection runs the collector's code for the first
// time: V8 compiles it at its first call, runs it in its baseline tier and
// optimises its loops in the background, on a machine whose two cores the
// start already fills. Without it, a cold start's first suggestions came
// about 0.2 s later (docs/experiments.md); warm starts do not change.
func QuietStart() {
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(LoadMemoryLimit)
}

// Settle sets the collector the widget runs with once started: GCPercent
// and no memory limit. The widget calls it once the first ticket's
// suggestions are on screen (or none came), or when its first library
// failed to load; calling it again changes nothing.
func Settle() {
	debug.SetGCPercent(GCPercent)
	debug.SetMemoryLimit(math.MaxInt64)
}

// loadHeadroom is the heap limit while loading, per byte of the library
// document, when that is over MemoryLimit: about 1.4 times what a large
// library holds once loaded (with 10,000 phrasings, 26 MB for a 3.7 MB
// document).
const loadHeadroom = 10

// yieldFrom is the library size from which the loader pauses between
// stages: below it (the default library is about 270 KB as JSON, less in
// its binary form) reading and compiling take well under a frame's budget
// of patience, and a pause would only delay the widget.
const yieldFrom = 320 << 10

// readShare is the part of the loading time spent reading (parsing and
// validating) the document, measured in the browser; compiling is the rest.
const readShare = 20

// Load parses and compiles a library document, with the model the server
// saved for it (suggestions.CompileWithModel; nil when there is none). A
// model that does not fit the library is set aside, Note says why, and
// the library is compiled without it: slower, never wrong.
func (l *Loader) Load(data, model []byte) (*suggestions.Engine, error) {
	l.docBytes = len(data)
	defer l.holdHeap()()
	big := l.large()
	step := func(p LoadProgress) {
		if big && l.Yield != nil {
			l.Yield(p)
		}
	}
	step(LoadProgress{Label: "Reading the reply library (" + sizeLabel(len(data)) + ")…", Percent: 0})
	var lib *library.Library
	var err error
	l.timed("parse", func() { lib, err = decodeValidated(data) })
	if err != nil {
		return nil, err
	}
	if big {
		// The document and what decoding it left behind go before
		// compiling adds its own garbage on top (see LoadMemoryLimit).
		data = nil
		runtime.GC()
	}
	phrasings := 0
	for _, in := range lib.Intents {
		phrasings += len(in.Phrasings)
	}
	preparing := "Preparing suggestions from " + countLabel(phrasings, "phrasing", "phrasings") + "…"
	step(LoadProgress{Label: preparing, Percent: readShare})
	// Compiling a large library is most of the loading: it yields too,
	// every CompileSlice, with its progress.
	last := time.Now()
	pause := func(done float64) {
		if time.Since(last) < l.CompileSlice {
			return
		}
		step(LoadProgress{Label: preparing, Percent: readShare + int(done*float64(100-readShare))})
		last = time.Now()
	}
	var eng *suggestions.Engine
	l.timed("compile", func() {
		if model != nil {
			if eng, err = compile(lib, model, pause); err == nil {
				return
			}
			if l.Note != nil {
				l.Note("the library's saved model was set aside: " + err.Error())
			}
		}
		eng, err = compile(lib, nil, pause)
	})
	if err != nil {
		return nil, err
	}
	step(LoadProgress{Label: "Ready", Percent: 100})
	return eng, nil
}

// PrepareSearch builds eng's reply search index (Engine.PrepareSearch),
// which Load leaves out so that the first suggestions need not wait for
// it: the widget calls it once they are painted. It holds the heap as
// loading did, and a large library's index yields every CompileSlice
// (Yield with a progress of 100% and no label: there is nothing to show).
func (l *Loader) PrepareSearch(eng *suggestions.Engine) {
	defer l.holdHeap()()
	if l.large() {
		// What compiling a large library left behind goes before the index
		// adds its own (see LoadMemoryLimit), so that the index's garbage
		// does not come on top of the compile's and raise the peak.
		runtime.GC()
	}
	last := time.Now()
	l.timed("search-index", func() {
		eng.PrepareSearch(func(float64) {
			if !l.large() || l.Yield == nil || time.Since(last) < l.CompileSlice {
				return
			}
			l.Yield(LoadProgress{Percent: 100})
			last = time.Now()
		})
	})
}

// large reports whether the document Load read is large enough to pause
// for and to collect garbage between stages (yieldFrom).
func (l *Loader) large() bool { return l.docBytes >= yieldFrom }

// holdHeap sets the heap limit for the document Load read (when
// MemoryLimit is set) and returns what puts the limit and GOGC back. The
// limit keeps loading's heap in check: the collector need not also run at
// GCPercent (measured: slower loading, same peak).
func (l *Loader) holdHeap() (restore func()) {
	if l.MemoryLimit <= 0 {
		return func() {}
	}
	limit := debug.SetMemoryLimit(l.memoryLimit(l.docBytes))
	gogc := debug.SetGCPercent(100)
	if gogc < 0 && !l.large() {
		// Still starting (QuietStart): a small library's read and compile
		// make little garbage, and the limit holds the heap all the same.
		debug.SetGCPercent(gogc)
	}
	return func() {
		debug.SetGCPercent(gogc)
		debug.SetMemoryLimit(limit)
	}
}

// timed runs work, through Timer when it is set.
func (l *Loader) timed(name string, work func()) {
	if l.Timer == nil {
		work()
		return
	}
	l.Timer(name, work)
}

// memoryLimit is the heap limit while loading a document of n bytes.
func (l *Loader) memoryLimit(n int) int64 {
	return max(l.MemoryLimit, loadHeadroom*int64(n))
}

// sizeLabel is a byte count for people: "1.7 MB", "170 KB".
func sizeLabel(n int) string {
	if n >= 1<<20 {
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	}
	return strconv.Itoa((n+512)>>10) + " KB"
}

// countLabel is "1 phrasing", "10,000 phrasings".
func countLabel(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s + " " + many
}

// decodeValidated reads a library document that the server has already
// validated, in its binary form (library.EncodeLibrary, which the
// server serves as /library.bin) or as JSON: server.New refuses to serve
// an invalid library, and the wasm and the library it serves share one
// version. A plain read into the Library type takes a fraction of
// ParseLibrary's time in a freshly started WebAssembly (its validation
// normalises every phrasing), and leaves the validation out of the wasm
// (232 KB). The binary form reads in a tenth of the JSON's time in a
// cold page, and spares V8 optimising encoding/json's decoder while the
// widget starts (docs/experiments.md). What it cannot read gets the
// reader's error, which says where, and the advice to check the library
// with the command line.
func decodeValidated(data []byte) (*library.Library, error) {
	var lib *library.Library
	var err error
	if bytes.HasPrefix(data, []byte(library.LibraryBinaryMagic)) {
		lib, err = library.ReadLibraryBinary(data)
	} else {
		lib, err = decodeJSON(data)
	}
	switch {
	case err == nil && (lib.Format != library.Format || lib.Schema != library.Schema):
		err = fmt.Errorf("it is format %q schema %d; the widget reads %q schema %d", lib.Format, lib.Schema, library.Format, library.Schema)
	case err == nil && len(lib.Intents) == 0:
		err = errors.New("it has no intents")
	}
	if err != nil {
		return nil, fmt.Errorf("the library cannot be read: %w (`warmdesk library check` says what is wrong)", err)
	}
	return lib, nil
}

// decodeJSON reads a library's JSON document strictly.
func decodeJSON(data []byte) (*library.Library, error) {
	var lib library.Library
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(&lib)
	switch {
	case err == io.EOF:
		return nil, errors.New("it is empty")
	case err == nil && dec.More():
		return nil, errors.New("it has data after the library")
	case err != nil:
		return nil, err
	}
	return &lib, nil
}

// compile compiles lib, with model unless it is nil, turning a panic on
// a library that somehow was not validated into an error: the widget
// reports it and keeps running.
func compile(lib *library.Library, model []byte, pause func(float64)) (eng *suggestions.Engine, err error) {
	defer func() {
		if r := recover(); r != nil {
			eng, err = nil, fmt.Errorf("the library could not be compiled: %v (`warmdesk library check` says what is wrong)", r)
		}
	}()
	return suggestions.CompileWith(lib, suggestions.CompileOptions{Model: model, Pause: pause})
}

// warmUpRounds is how many messages WarmUp analyses.
const warmUpRounds = 12

// WarmUp analyses messages made of the library's own phrasings (four
// intents' first phrasings, as sentences) and composes their replies,
// calling pause after each. The widget runs it once it is idle after
// loading: the browser runs the wasm's code first as quickly compiled
// code and optimises a function only once it has run a while, so without
// it the agent's first tickets would pay for that. It reports how many
// messages it analysed.
func WarmUp(eng *suggestions.Engine, pause func()) int {
	in := eng.Library().Intents
	n := 0
	for r := 0; r < warmUpRounds && len(in) > 0; r++ {
		var msg []string
		for k := range 4 {
			if ps := in[(r*4+k)%len(in)].Phrasings; len(ps) > 0 {
				msg = append(msg, ps[0])
			}
		}
		a := eng.Analyze(strings.Join(msg, ". ")+".", suggestions.AnalyzeOptions{})
		eng.Compose(a, suggestions.Context{CustomerName: "Sam"}, suggestions.ComposeOptions{})
		n++
		if pause != nil {
			pause()
		}
	}
	return n
}

package widget

import (
	"bytes"
	"math"
	"reflect"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

func TestLoaderLoadsAndTimesStages(t *testing.T) {
	var stages []string
	var pauses []LoadProgress
	l := &Loader{
		Timer: func(name string, work func()) { stages = append(stages, name); work() },
		Yield: func(p LoadProgress) { pauses = append(pauses, p) },
	}
	eng, err := l.Load(suggestions.DefaultLibraryJSON(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if a := eng.Analyze("where is my order 48213?", suggestions.AnalyzeOptions{}); len(a.Intents) == 0 || a.Intents[0].ID != "order.track" {
		t.Errorf("the loaded engine does not work: %+v", a.Intents)
	}
	if strings.Join(stages, ",") != "parse,compile" {
		t.Errorf("timed stages %v, want parse,compile", stages)
	}
	if len(pauses) != 0 {
		t.Errorf("the default library (%d bytes) is small: no pauses wanted, got %v", len(suggestions.DefaultLibraryJSON()), pauses)
	}
}

func TestLoaderPausesOnALargeLibrary(t *testing.T) {
	base, err := library.ParseLibrary("default", suggestions.DefaultLibraryJSON())
	if err != nil {
		t.Fatal(err)
	}
	big := library.SyntheticLibrary(base, 3000, 3000)
	doc, err := big.MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	phrasings, replies := 0, 0
	for _, in := range big.Intents {
		phrasings += len(in.Phrasings)
		replies += len(in.Replies)
	}
	if len(doc) < yieldFrom {
		t.Fatalf("the test library is %d bytes, under the %d that make the loader pause", len(doc), yieldFrom)
	}
	var pauses []LoadProgress
	l := &Loader{Yield: func(p LoadProgress) { pauses = append(pauses, p) }}
	eng, err := l.Load(doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		// Then the reply search's index, with pauses of its own (every
		// 1,000 replies) that show nothing new.
		pauses = nil
		l.PrepareSearch(eng)
		if want := (replies - 1) / 1000; len(pauses) != want {
			t.Errorf("PrepareSearch paused %d times, want %d", len(pauses), want)
		}
		for _, p := range pauses {
			if p != (LoadProgress{Percent: 100}) {
				t.Errorf("PrepareSearch's pause %+v, want 100%% and no label", p)
			}
		}
		if r := eng.Search("refund", 3); len(r) == 0 {
			t.Error("no search results after PrepareSearch")
		}
	}()
	// Reading, compiling, compiling's own pauses (every 1,000 phrasings;
	// the reply search's index is built later, see Engine.PrepareSearch),
	// done.
	compiling := phrasings / 1000
	if len(pauses) != 3+compiling || pauses[0].Percent != 0 || pauses[1].Percent != readShare || pauses[len(pauses)-1].Percent != 100 {
		t.Fatalf("pauses %+v, want 0%%, %d%%, %d while compiling, 100%%", pauses, readShare, compiling)
	}
	for i := 2; i < len(pauses)-1; i++ {
		if p := pauses[i]; p.Percent <= pauses[i-1].Percent || p.Percent >= 100 || p.Label != pauses[1].Label {
			t.Errorf("pause %d while compiling: %+v after %+v", i, p, pauses[i-1])
		}
	}
	if !strings.Contains(pauses[1].Label, "3,000 phrasings") {
		t.Errorf("progress label %q does not say how many phrasings", pauses[1].Label)
	}
}

// The widget loads what the server validated (server.New refuses an
// invalid library; see TestNewRefusesBadConfig); a document that does not
// even decode gets the decoder's error, naming the field.
// The binary form (the server's /library.bin) loads to an engine that
// analyses and composes as the JSON's does.
func TestLoaderReadsTheBinaryForm(t *testing.T) {
	lib, err := library.ParseLibrary("default.json", suggestions.DefaultLibraryJSON())
	if err != nil {
		t.Fatal(err)
	}
	fromJSON, err := (&Loader{}).Load(suggestions.DefaultLibraryJSON(), nil)
	if err != nil {
		t.Fatal(err)
	}
	fromBin, err := (&Loader{}).Load(library.EncodeLibrary(lib), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range []string{"where is my order 48213?", "I was charged twice and I'm furious", "please cancel my subscription"} {
		a, b := fromJSON.Analyze(msg, suggestions.AnalyzeOptions{}), fromBin.Analyze(msg, suggestions.AnalyzeOptions{})
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%q: the binary form's analysis differs from the JSON's", msg)
		}
		ctx := suggestions.Context{CustomerName: "Sam"}
		ra, rb := fromJSON.Compose(a, ctx, suggestions.ComposeOptions{}), fromBin.Compose(b, ctx, suggestions.ComposeOptions{})
		if len(ra) == 0 || !reflect.DeepEqual(ra, rb) {
			t.Errorf("%q: %d replies from the JSON, and the binary form's differ", msg, len(ra))
		}
	}
}

func TestLoaderReportsBadLibraries(t *testing.T) {
	good := string(suggestions.DefaultLibraryJSON())
	lib, err := library.ParseLibrary("default.json", suggestions.DefaultLibraryJSON())
	if err != nil {
		t.Fatal(err)
	}
	bin := string(library.EncodeLibrary(lib))
	other := *lib
	other.Format = "other"
	for name, tt := range map[string]struct{ doc, want string }{
		"binary cut":          {bin[:len(bin)/2], "the binary form at byte"},
		"binary trailing":     {bin + "x", "1 bytes after"},
		"binary other format": {string(library.EncodeLibrary(&other)), `format "other"`},
		"binary no intents":   {string(library.EncodeLibrary(&library.Library{Format: library.Format, Schema: library.Schema})), "no intents"},
		"not json":            {`{"format": "warmdesk-library", `, "unexpected EOF"},
		"unknown field":       {strings.Replace(good, `"format"`, `"colour": "red", "format"`, 1), `unknown field "colour"`},
		"wrong type":          {strings.Replace(good, `"schema": 1`, `"schema": "one"`, 1), "Library.schema"},
		"other format":        {strings.Replace(good, `"warmdesk-library"`, `"other"`, 1), `format "other"`},
		"no intents":          {`{"format": "warmdesk-library", "schema": 1, "intents": []}`, "no intents"},
		"empty":               {``, "empty"},
		"trailing":            {good + `{}`, "data after"},
	} {
		_, err := (&Loader{}).Load([]byte(tt.doc), nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "library check") {
			t.Errorf("%s: error %v, want one saying %q", name, err, tt.want)
		}
	}
}

func TestCountLabel(t *testing.T) {
	for n, want := range map[int]string{1: "1 phrasing", 999: "999 phrasings", 1000: "1,000 phrasings", 1234567: "1,234,567 phrasings"} {
		if got := countLabel(n, "phrasing", "phrasings"); got != want {
			t.Errorf("countLabel(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestQuietStartThenSettle(t *testing.T) {
	gogc, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
	defer func() {
		debug.SetGCPercent(gogc)
		debug.SetMemoryLimit(limit)
	}()
	// state reads GOGC and the memory limit without changing them.
	state := func() (int, int64) {
		g := debug.SetGCPercent(-1)
		debug.SetGCPercent(g)
		return g, debug.SetMemoryLimit(-1)
	}
	QuietStart()
	if g, m := state(); g != -1 || m != LoadMemoryLimit {
		t.Fatalf("after QuietStart: GOGC %d, limit %d; want off (-1) and %d", g, m, LoadMemoryLimit)
	}
	base, err := library.ParseLibrary("default", suggestions.DefaultLibraryJSON())
	if err != nil {
		t.Fatal(err)
	}
	big, err := library.SyntheticLibrary(base, 3000, 0).MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	// While starting, a small library loads with the collector still
	// off; a large one with it on, at 100, as it would after the start.
	for _, c := range []struct {
		name   string
		doc    []byte
		gcWant int
	}{
		{"the default library", suggestions.DefaultLibraryJSON(), -1},
		{"a library of 3,000 phrasings", big, 100},
	} {
		gcDuring, limitDuring := 0, int64(0)
		l := &Loader{MemoryLimit: LoadMemoryLimit, Timer: func(name string, work func()) {
			gcDuring, limitDuring = state()
			work()
		}}
		if _, err := l.Load(c.doc, nil); err != nil {
			t.Fatal(err)
		}
		if want := l.memoryLimit(len(c.doc)); gcDuring != c.gcWant || limitDuring != want {
			t.Errorf("loading %s while starting: GOGC %d, limit %d; want %d and %d", c.name, gcDuring, limitDuring, c.gcWant, want)
		}
		if g, m := state(); g != -1 || m != LoadMemoryLimit {
			t.Errorf("after loading %s: GOGC %d, limit %d; want the start's back (-1, %d)", c.name, g, m, LoadMemoryLimit)
		}
	}
	Settle()
	if g, m := state(); g != GCPercent || m != math.MaxInt64 {
		t.Errorf("after Settle: GOGC %d, limit %d; want %d and no limit", g, m, GCPercent)
	}
	Settle()
	if g, m := state(); g != GCPercent || m != math.MaxInt64 {
		t.Errorf("after a second Settle: GOGC %d, limit %d; want it unchanged", g, m)
	}
}

func TestLoaderLiftsItsMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	gogc := debug.SetGCPercent(GCPercent)
	defer debug.SetGCPercent(gogc)
	var during int64
	var gcDuring int
	l := &Loader{MemoryLimit: LoadMemoryLimit, Timer: func(name string, work func()) {
		during = debug.SetMemoryLimit(-1)
		gcDuring = debug.SetGCPercent(-1)
		debug.SetGCPercent(gcDuring)
		work()
	}}
	eng, err := l.Load(suggestions.DefaultLibraryJSON(), nil)
	if err != nil {
		t.Fatal(err)
	}
	// Building the search index afterwards holds the heap the same way.
	for _, step := range []string{"loading", "indexing"} {
		if step == "indexing" {
			during, gcDuring = 0, 0
			l.PrepareSearch(eng)
		}
		if gcAfter := debug.SetGCPercent(gogc); gcDuring != 100 || gcAfter != GCPercent {
			t.Errorf("GOGC while %s %d, after %d; want 100, then the widget's %d", step, gcDuring, gcAfter, GCPercent)
		}
		debug.SetGCPercent(GCPercent)
		if during != LoadMemoryLimit {
			t.Errorf("limit while %s %d, want %d", step, during, LoadMemoryLimit)
		}
		if after := debug.SetMemoryLimit(-1); after != before {
			t.Errorf("limit after %s %d, want it back at %d", step, after, before)
		}
	}
	// A document too large for the limit gets room in proportion.
	for _, c := range []struct{ n, want int64 }{
		{170 << 10, LoadMemoryLimit},
		{LoadMemoryLimit / loadHeadroom, LoadMemoryLimit},
		{8 << 20, 8 << 20 * loadHeadroom},
	} {
		if got := l.memoryLimit(int(c.n)); got != c.want {
			t.Errorf("limit while loading %d bytes: %d, want %d", c.n, got, c.want)
		}
	}
}

// With the model the server saved, the widget compiles without learning
// and analyses exactly as a full compile does; a model of another
// library is set aside with a note, and the library still loads.
func TestLoaderUsesTheSavedModel(t *testing.T) {
	doc := suggestions.DefaultLibraryJSON()
	full, err := (&Loader{}).Load(doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	l := &Loader{Note: func(s string) { notes = append(notes, s) }}
	withModel, err := l.Load(doc, full.Model())
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 0 {
		t.Fatalf("the right model was set aside: %v", notes)
	}
	msg := "I was charged twice for my order and I am really annoyed"
	if a, b := full.Analyze(msg, suggestions.AnalyzeOptions{}), withModel.Analyze(msg, suggestions.AnalyzeOptions{}); !reflect.DeepEqual(a, b) {
		t.Fatalf("with the model %+v, without %+v", b, a)
	}

	base, err := library.ParseLibrary("default", doc)
	if err != nil {
		t.Fatal(err)
	}
	other, err := suggestions.Compile(library.SyntheticLibrary(base, 500, 0))
	if err != nil {
		t.Fatal(err)
	}
	eng, err := l.Load(doc, other.Model())
	if err != nil || eng == nil {
		t.Fatalf("a library with another's model does not load: %v", err)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "does not fit") {
		t.Fatalf("notes %q, want one saying the model does not fit", notes)
	}
	if !bytes.Equal(eng.Model(), full.Model()) {
		t.Fatal("the fallback compile learned a different model")
	}
}

// WarmUp analyses its rounds of messages made of the library's phrasings,
// pausing after each, and works with a library of one intent too.
func TestWarmUp(t *testing.T) {
	eng, err := (&Loader{}).Load(suggestions.DefaultLibraryJSON(), nil)
	if err != nil {
		t.Fatal(err)
	}
	pauses := 0
	if n := WarmUp(eng, func() { pauses++ }); n != warmUpRounds || pauses != warmUpRounds {
		t.Errorf("WarmUp analysed %d messages with %d pauses, want %d", n, pauses, warmUpRounds)
	}
	one := `{"format": "warmdesk-library", "schema": 1, "intents": [{"id": "a", "title": "A", "phrasings": ["where is my parcel"], "replies": [{"id": "r", "title": "R", "body": "It is on its way."}]}]}`
	small, err := (&Loader{}).Load([]byte(one), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := WarmUp(small, nil); n != warmUpRounds {
		t.Errorf("WarmUp on one intent analysed %d messages, want %d", n, warmUpRounds)
	}
}

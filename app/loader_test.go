package app

import (
	"runtime/debug"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions"
)

func TestLoaderLoadsAndTimesStages(t *testing.T) {
	var stages []string
	var pauses []LoadProgress
	l := &Loader{
		Timer: func(name string, work func()) { stages = append(stages, name); work() },
		Yield: func(p LoadProgress) { pauses = append(pauses, p) },
	}
	eng, err := l.Load(suggestions.DefaultLibraryJSON())
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
	base, err := suggestions.ParseLibrary("default", suggestions.DefaultLibraryJSON())
	if err != nil {
		t.Fatal(err)
	}
	doc, err := suggestions.SyntheticLibrary(base, 3000, 3000).MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	if len(doc) < yieldFrom {
		t.Fatalf("the test library is %d bytes, under the %d that make the loader pause", len(doc), yieldFrom)
	}
	var pauses []LoadProgress
	l := &Loader{Yield: func(p LoadProgress) { pauses = append(pauses, p) }}
	if _, err := l.Load(doc); err != nil {
		t.Fatal(err)
	}
	if len(pauses) != 3 || pauses[0].Percent != 0 || pauses[1].Percent != readShare || pauses[2].Percent != 100 {
		t.Fatalf("pauses %+v, want 0%%, %d%%, 100%%", pauses, readShare)
	}
	if !strings.Contains(pauses[1].Label, "3,000 phrasings") {
		t.Errorf("progress label %q does not say how many phrasings", pauses[1].Label)
	}
}

// The widget loads what the server validated (server.New refuses an
// invalid library; see TestNewRefusesBadConfig); a document that does not
// even decode gets the decoder's error, naming the field.
func TestLoaderReportsBadLibraries(t *testing.T) {
	good := string(suggestions.DefaultLibraryJSON())
	for name, tt := range map[string]struct{ doc, want string }{
		"not json":      {`{"format": "warmdesk-library", `, "unexpected EOF"},
		"unknown field": {strings.Replace(good, `"format"`, `"colour": "red", "format"`, 1), `unknown field "colour"`},
		"wrong type":    {strings.Replace(good, `"schema": 1`, `"schema": "one"`, 1), "Library.schema"},
		"other format":  {strings.Replace(good, `"warmdesk-library"`, `"other"`, 1), `format "other"`},
		"no intents":    {`{"format": "warmdesk-library", "schema": 1, "intents": []}`, "no intents"},
		"empty":         {``, "empty"},
		"trailing":      {good + `{}`, "data after"},
	} {
		_, err := (&Loader{}).Load([]byte(tt.doc))
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

func TestLoaderLiftsItsMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	var during int64
	l := &Loader{MemoryLimit: LoadMemoryLimit, Timer: func(name string, work func()) {
		during = debug.SetMemoryLimit(-1)
		work()
	}}
	if _, err := l.Load(suggestions.DefaultLibraryJSON()); err != nil {
		t.Fatal(err)
	}
	if during != LoadMemoryLimit {
		t.Errorf("limit while loading %d, want %d", during, LoadMemoryLimit)
	}
	if after := debug.SetMemoryLimit(-1); after != before {
		t.Errorf("limit after loading %d, want it back at %d", after, before)
	}
}

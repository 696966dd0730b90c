package suggestions

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/library"
)

// CompileWith pauses as often as it says, with the share done rising from
// above 0 to under 1, and compiles the same engine as without pauses, with the
// saved model or learning it.
func TestCompileWithPauses(t *testing.T) {
	lib := library.SyntheticLibrary(engine(t).Library(), 3000, 2500)
	plain := compiled(t, lib)
	phrasings, replies := 0, 0
	for _, in := range lib.Intents {
		phrasings += len(in.Phrasings)
		replies += len(in.Replies)
	}
	for _, model := range [][]byte{plain.Model(), nil} {
		var done []float64
		e, err := CompileWith(lib, CompileOptions{Model: model, Pause: func(d float64) { done = append(done, d) }})
		if err != nil {
			t.Fatal(err)
		}
		want := phrasings / pauseEvery // the matcher's
		if len(done) != want || !slices.IsSorted(done) || done[0] <= 0 || done[len(done)-1] >= 1 {
			t.Errorf("model %v: pauses at %v, want %d rising in (0, 1)", model != nil, done, want)
		}
		// The reply search's index comes later, with pauses of its own,
		// and once.
		done = nil
		e.PrepareSearch(func(d float64) { done = append(done, d) })
		e.PrepareSearch(func(d float64) { t.Error("the index was built twice") })
		if want := (replies - 1) / pauseEvery; len(done) != want || !slices.IsSorted(done) || done[0] <= 0 || done[len(done)-1] >= 1 {
			t.Errorf("model %v: PrepareSearch paused at %v, want %d rising in (0, 1)", model != nil, done, want)
		}
		for _, q := range []string{"refund", "rfnd dmg", ""} {
			if a, b := plain.Search(q, 10), e.Search(q, 10); !reflect.DeepEqual(a, b) {
				t.Errorf("search %q: prepared %v, built on first use %v", q, b, a)
			}
		}
		if !bytes.Equal(e.Model(), plain.Model()) {
			t.Errorf("model %v: the engine compiled with pauses saves another model", model != nil)
		}
		msg := benchMessage
		if a, b := plain.Analyze(msg, AnalyzeOptions{}), e.Analyze(msg, AnalyzeOptions{}); !reflect.DeepEqual(a, b) {
			t.Errorf("model %v: with pauses %+v, without %+v", model != nil, b, a)
		}
	}
}

// The features and training are versioned: the default library's model
// is pinned, so a change to what is learned fails here until modelVersion
// is bumped (old saved models are then refused) and the golden file
// rewritten with -update.
func TestModelGolden(t *testing.T) {
	sum := sha256.Sum256(engine(t).Model())
	got := hex.EncodeToString(sum[:])
	file := "testdata/model-default.sha256"
	if *update {
		if err := os.WriteFile(file, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(want)) != got {
		t.Fatalf("the default library's model changed (sha256 %s, pinned %s): bump modelVersion in model.go, then run go test -run ModelGolden -update", got, strings.TrimSpace(string(want)))
	}
}

func FuzzCompileWithModel(f *testing.F) {
	lib := engine(f).Library()
	saved := engine(f).Model()
	f.Add(saved[:64])
	f.Add([]byte("WDM2"))
	f.Add(saved)
	f.Add(saved[:40])
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := CompileWithModel(lib, b)
		if (err == nil) == (e == nil) {
			t.Fatalf("engine %v and error %v", e != nil, err)
		}
	})
}

// pauseEvery is how many phrasings, or replies, compiling works through
// between pauses (as the matcher and the search set it).
const pauseEvery = 1000

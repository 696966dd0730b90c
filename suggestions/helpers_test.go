package suggestions

import (
	"flag"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/library"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// engine returns the default engine or stops the test.
func engine(t testing.TB) *Engine {
	t.Helper()
	e, err := Default()
	if err != nil {
		t.Fatalf("default library: %v", err)
	}
	return e
}

// compiled compiles lib or stops the test.
func compiled(t testing.TB, lib *library.Library) *Engine {
	t.Helper()
	e, err := Compile(lib)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

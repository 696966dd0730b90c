package suggestions

import (
	"flag"
	"testing"
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

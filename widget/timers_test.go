package widget

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// abandonedTimer matches the ways of making a Go timer that a select or a
// cancel can abandon before it fires.
var abandonedTimer = regexp.MustCompile(`\btime\.(After|NewTimer|Tick|NewTicker)\(|\bcontext\.With(Timeout|Deadline)\(|\.Stop\(\)`)

// TestNoAbandonedTimers keeps the browser code (this package and those
// under it, which the widget and the studio link) off timers that can be
// abandoned: in the js/wasm runtime such a timer can keep go-app from
// drawing for seconds (package deadline says how; its own test shows it).
// A timeout in a select is a deadline.After.
func TestNoAbandonedTimers(t *testing.T) {
	checked := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || path == filepath.Join("internal", "deadline")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		checked++
		for i, line := range strings.Split(string(src), "\n") {
			code, _, _ := strings.Cut(line, "//")
			if m := abandonedTimer.FindString(code); m != "" {
				t.Errorf("%s:%d: %s: use deadline.After (package widget/internal/deadline)", path, i+1, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 10 {
		t.Fatalf("checked only %d files", checked)
	}
}

package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test ./cmd/warmdesk -update rewrites it; review the diff):\n%s", name, got)
	}
}

// reportLibrary is the library built to give one finding of each kind.
var reportLibrary = filepath.Join("..", "..", "suggestions", "testdata", "report-library.json")

func TestLibraryReportText(t *testing.T) {
	out, errs, code := warmdesk(t, "", "library", "report", reportLibrary)
	if code != 0 || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	golden(t, "report.golden.txt", out)
}

func TestLibraryReportJSON(t *testing.T) {
	// Flags may follow the file.
	out, errs, code := warmdesk(t, "", "library", "report", reportLibrary, "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r suggestions.Report
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("not a report: %v\n%s", err, out)
	}
	if r.Totals.Intents != 3 || r.Totals.Phrasings != 22 || len(r.Intents) != 3 || len(r.Tone) != 4 || len(r.FewPhrasings) != 1 {
		t.Errorf("report %+v", r)
	}
	// The default library, from its file, reports too.
	out, errs, code = warmdesk(t, "", "library", "report", "-json", filepath.Join("..", "..", "suggestions", "data", "default.json"))
	if code != 0 || json.Unmarshal([]byte(out), &r) != nil || r.Totals.Intents < 30 {
		t.Errorf("default library: exit %d %s", code, errs)
	}
}

func TestLibraryReportErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"format":"warmdesk-library","schema":1,"intents":[{"id":"Bad Id","phrasings":7},{"id":"b","phrasings":["x y"],"replies":[{"id":"r","title":"","body":"{{oops"}]}]}`), 0o644)
	tests := []struct {
		name string
		args []string
		code int
		want []string // each must appear in stderr
	}{
		{"no file", []string{}, 2, []string{"usage: warmdesk library report"}},
		{"two files", []string{"a.json", "b.json"}, 2, []string{"usage:"}},
		{"unknown flag", []string{"-yaml", "a.json"}, 2, []string{"flag provided but not defined"}},
		{"missing file", []string{filepath.Join(dir, "none.json")}, 1, []string{"none.json: document: -:"}},
		{"invalid library", []string{bad}, 1, []string{
			bad + `: intent Bad Id: id: "Bad Id" must be lowercase`,
			bad + ": intent Bad Id: phrasings: must be a list",
			bad + ": intent b: replies[0].title: is empty",
			bad + `: intent b: replies[0].body: has "{{" without "}}"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := warmdesk(t, "", append([]string{"library", "report"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %s)", code, tt.code, errs)
			}
			if out != "" {
				t.Errorf("stdout must stay empty on error: %s", out)
			}
			for _, w := range tt.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
		})
	}
}

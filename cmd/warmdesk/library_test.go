package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

var libioTestdata = filepath.Join("..", "..", "suggestions", "libio", "testdata")

// parseOutput validates what a command wrote as a library.
func parseOutput(t *testing.T, out string) *library.Library {
	t.Helper()
	lib, err := library.ParseLibrary("output", []byte(out))
	if err != nil {
		t.Fatalf("the output is not a valid library: %v", err)
	}
	return lib
}

func intentIDs(lib *library.Library) []string {
	var ids []string
	for _, in := range lib.Intents {
		ids = append(ids, in.ID)
	}
	return ids
}

func TestLibraryImportFormats(t *testing.T) {
	def, err := suggestions.Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		intents []string // the output's intents
		rules   bool     // the default tone rules came along
		notes   []string // each must appear in stderr
	}{
		{"zendesk, detected", []string{filepath.Join(libioTestdata, "zendesk-macros.json")},
			[]string{"shipping.late_delivery", "returns", "thank_you"}, true,
			[]string{`note: ` + filepath.Join(libioTestdata, "zendesk-macros.json") + `: macro 9005 "Returns::Old return policy": active: the macro is inactive; skipped`}},
		{"replies csv, detected", []string{filepath.Join(libioTestdata, "replies.csv")},
			[]string{"refunds", "account.sign_in", "hours"}, true, []string{"unknown column, ignored"}},
		{"replies csv, bare", []string{"-bare", "-format", "csv", filepath.Join(libioTestdata, "replies.csv")},
			[]string{"refunds", "account.sign_in", "hours"}, false, nil},
		{"our json, as it is", []string{filepath.Join(reportLibrary)},
			[]string{"pizza.order", "train.ticket", "weather.ask"}, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := warmdesk(t, "", append([]string{"library", "import"}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			lib := parseOutput(t, out)
			if got := strings.Join(intentIDs(lib), " "); got != strings.Join(tt.intents, " ") {
				t.Errorf("intents %s, want %s", got, strings.Join(tt.intents, " "))
			}
			if (len(lib.Rules) > 0) != tt.rules {
				t.Errorf("%d rules; want rules: %v", len(lib.Rules), tt.rules)
			}
			if tt.name != "our json, as it is" && tt.rules && len(lib.Feelings) != len(def.Library().Feelings) {
				t.Errorf("the default feelings must come along: %d", len(lib.Feelings))
			}
			for _, n := range tt.notes {
				if !strings.Contains(errs, n) {
					t.Errorf("stderr lacks %q:\n%s", n, errs)
				}
			}
		})
	}
}

// -into merges into a library, keeping its intents; the report then
// lists the imported intents under too few phrasings.
func TestLibraryImportInto(t *testing.T) {
	dir := t.TempDir()
	out, errs, code := warmdesk(t, "", "library", "import", "-into", reportLibrary, filepath.Join(libioTestdata, "zendesk-macros.json"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lib := parseOutput(t, out)
	if got := strings.Join(intentIDs(lib), " "); got != "pizza.order train.ticket weather.ask shipping.late_delivery returns thank_you" {
		t.Errorf("intents %s", got)
	}
	merged := filepath.Join(dir, "merged.json")
	os.WriteFile(merged, []byte(out), 0o644)
	rep, errs, code := warmdesk(t, "", "library", "report", "-json", merged)
	var r suggestions.Report
	if code != 0 || json.Unmarshal([]byte(rep), &r) != nil {
		t.Fatalf("report: exit %d %s", code, errs)
	}
	few := map[string]bool{}
	for _, f := range r.FewPhrasings {
		few[f.Intent] = true
	}
	for _, id := range []string{"shipping.late_delivery", "returns", "thank_you", "weather.ask"} {
		if !few[id] {
			t.Errorf("the report does not list %s under too few phrasings: %+v", id, r.FewPhrasings)
		}
	}
}

// A bad file is refused with every problem, and nothing is written.
func TestLibraryImportRefuses(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(data), 0o644)
		return p
	}
	badCSV := write("bad.csv", "title,body,category\n,no title,A\nNo body,,A\nBad,Hi {{Name}},A\n")
	badZD := write("bad.json", `{"macros": [{"id": 1, "actions": 3}, {"id": 2, "title": "X", "actions": [{"field": "comment_value", "value": "{% if x %}y{% endif %}"}]}]}`)
	clash := write("clash.csv", "title,body,intent,reply\nX,Text.,new_intent,pizza.order.one\n")
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"csv", []string{badCSV}, 1, []string{badCSV + ": row 2: title: is empty", badCSV + ": row 3: body: is empty", badCSV + ": row 4: body: placeholder {{Name}} must be lowercase"}},
		{"zendesk", []string{badZD}, 1, []string{badZD + ": macro 1: title: is required", badZD + ": macro 1: actions: must be a list, not a number", badZD + `: macro 2 "X": actions[0].value: uses Liquid logic`}},
		{"clash with the base", []string{"-into", reportLibrary, clash}, 1, []string{clash + `: row 2: reply: "pizza.order.one" is already the id of reply pizza.order.one of intent pizza.order in ` + reportLibrary}},
		{"missing file", []string{filepath.Join(dir, "none.csv")}, 1, []string{"none.csv: document: -:"}},
		{"invalid base", []string{"-into", badZD, filepath.Join(libioTestdata, "replies.csv")}, 1, []string{badZD + ": document: format: must be"}},
		{"unknown format", []string{"-format", "yaml", badCSV}, 2, []string{`unknown format "yaml"`}},
		{"formats disagree", []string{"-format", "csv", "-from", "zendesk", badCSV}, 2, []string{"disagree"}},
		{"into and bare", []string{"-into", reportLibrary, "-bare", badCSV}, 2, []string{"cannot be used together"}},
		{"no file", nil, 2, []string{"usage: warmdesk library import"}},
		{"unknown extension", []string{write("macros.xml", "<macros/>")}, 2, []string{"cannot tell the format"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := warmdesk(t, "", append([]string{"library", "import"}, tt.args...)...)
			if code != tt.code || out != "" {
				t.Errorf("exit %d (want %d), stdout %.80q", code, tt.code, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
		})
	}
}

func TestLibraryExportFormats(t *testing.T) {
	dir := t.TempDir()
	out, errs, code := warmdesk(t, "", "library", "export", "-format", "zendesk", reportLibrary)
	var doc struct {
		Macros []struct {
			Title   string `json:"title"`
			Active  bool   `json:"active"`
			Actions []struct{ Field, Value string }
		} `json:"macros"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &doc) != nil || len(doc.Macros) != 2 {
		t.Fatalf("zendesk export: exit %d, %s %.200s", code, errs, out)
	}
	if m := doc.Macros[0]; m.Title != "Food::Order a pizza::One at a time" || !m.Active || m.Actions[0].Field != "comment_value" {
		t.Errorf("first macro %+v", m)
	}
	if !strings.Contains(errs, "note: ") || !strings.Contains(errs, "no shortcut") {
		t.Errorf("what Zendesk cannot hold must be noted: %s", errs)
	}
	// -o with a .csv name writes CSV, and reads back as the same intents.
	csvPath := filepath.Join(dir, "lib.csv")
	if _, errs, code := warmdesk(t, "", "library", "export", "-o", csvPath, reportLibrary); code != 0 {
		t.Fatalf("export -o: %s", errs)
	}
	data, _ := os.ReadFile(csvPath)
	if !strings.HasPrefix(string(data), "title,body,category,shortcut,phrasings,intent,reply,situation,promises\n") {
		t.Errorf("not the replies CSV: %.100s", data)
	}
	out, errs, code = warmdesk(t, "", "library", "import", "-bare", csvPath)
	if code != 0 {
		t.Fatalf("import of the export: %s", errs)
	}
	if got := strings.Join(intentIDs(parseOutput(t, out)), " "); got != "pizza.order train.ticket weather.ask" {
		t.Errorf("round trip intents: %s", got)
	}
	// The old -to flag still works; a bad library is refused.
	if out, _, code := warmdesk(t, "", "library", "export", "-to", "json"); code != 0 || len(parseOutput(t, out).Intents) < 30 {
		t.Errorf("export -to json: %d", code)
	}
	if _, errs, code := warmdesk(t, "", "library", "export", "-format", "zendesk", filepath.Join(libioTestdata, "zendesk-macros.json")); code != 1 || !strings.Contains(errs, "document: format: must be") {
		t.Errorf("exporting a file that is not a library: exit %d, %s", code, errs)
	}
	if _, _, code := warmdesk(t, "", "library", "export", "-format", "xml"); code != 2 {
		t.Errorf("unknown format: exit %d", code)
	}
}

// A library file is read only up to the largest library there can be: a
// huge file, or a device that never ends (/dev/zero), is refused with the
// size instead of read into memory, by every command that takes one.
func TestLibraryFileTooLarge(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.json")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(library.MaxLibraryBytes + 1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	for _, args := range [][]string{
		{"library", "check", huge},
		{"serve", "-library", huge, "-addr", "127.0.0.1:0"},
		{"export", "-static", filepath.Join(dir, "site"), "-library", huge},
	} {
		var stdout, stderr strings.Builder
		code := run(args, strings.NewReader(""), &stdout, &stderr)
		if code == 0 || !strings.Contains(stdout.String()+stderr.String(), "is larger than") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want the size refused", args, code, stdout.String(), stderr.String())
		}
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// warmdesk runs the command in-process and returns stdout, stderr and the
// exit status.
func warmdesk(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run(args, strings.NewReader(stdin), &out, &errb) }()
	select {
	case code := <-done:
		return out.String(), errb.String(), code
	case <-time.After(60 * time.Second):
		t.Fatalf("warmdesk %v did not finish in 60s", args)
		return "", "", -1
	}
}

func TestSuggestJSON(t *testing.T) {
	msgs := []string{"where is my order 48213??", "I want my money back, it arrived broken", "", "what is the weather in paris"}
	out, errs, code := warmdesk(t, strings.Join(msgs, "\n")+"\n", "suggest", "-json", "-k", "2", "-customer", "Sam Lee", "-agent", "Ana")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(msgs) {
		t.Fatalf("%d lines for %d messages", len(lines), len(msgs))
	}
	var first suggestOutput
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if len(first.Intents) == 0 || len(first.Intents) > 2 || first.Intents[0].ID != "order.track" {
		t.Errorf("first message: %+v", first.Intents)
	}
	if len(first.Replies) == 0 || !strings.HasPrefix(first.Replies[0].Text, "H") || !strings.Contains(first.Replies[0].Text, "Sam") {
		t.Errorf("first reply should greet Sam: %+v", first.Replies)
	}
	var weather suggestOutput
	json.Unmarshal([]byte(lines[3]), &weather)
	if !weather.OutOfScope || len(weather.Replies) != 0 {
		t.Errorf("weather: want out of scope without replies, got %+v", weather)
	}
}

func TestSuggestBadInput(t *testing.T) {
	for name, in := range map[string]string{
		"invalid utf8": "\xff\xfe where is \xc3( my order\n",
		"5 MB line":    strings.Repeat("refund ", 5<<20/7) + "\nwhere is my order\n",
		"empty":        "",
		"no newline":   "where is my order",
	} {
		out, errs, code := warmdesk(t, in, "suggest", "-json")
		if code != 0 || strings.Contains(errs, "panic") {
			t.Errorf("%s: exit %d: %s", name, code, errs)
		}
		want := strings.Count(in, "\n")
		if !strings.HasSuffix(in, "\n") && in != "" {
			want++
		}
		if got := strings.Count(out, "\n"); got != want {
			t.Errorf("%s: %d answers for %d lines", name, got, want)
		}
	}
	if _, errs, code := warmdesk(t, "", "suggest", "-library", "/nonexistent.json"); code == 0 || errs == "" {
		t.Error("a missing library must be a clear error")
	}
}

func TestLint(t *testing.T) {
	out, _, code := warmdesk(t, "Unfortunately we can't do that, it's our policy.\nHappy to help, Sam!\n", "lint", "-json", "-lines")
	if code != 1 {
		t.Errorf("exit %d, want 1 for an error-severity finding", code)
	}
	var found []lintFinding
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var f lintFinding
		if err := json.Unmarshal([]byte(l), &f); err != nil {
			t.Fatalf("not JSON: %q", l)
		}
		found = append(found, f)
	}
	line1 := false
	for _, f := range found {
		line1 = line1 || f.Line == 1 && f.Severity == "error"
		if f.Suggestions == nil {
			t.Errorf("suggestions must be a list: %+v", f)
		}
	}
	if !line1 {
		t.Errorf("no error on line 1: %+v", found)
	}
	if _, _, code := warmdesk(t, "Hi Sam,\n\nI've refunded your order today.\n\nTake care!\nAna\n", "lint"); code != 0 {
		t.Errorf("a warm reply exits %d, want 0", code)
	}
}

func TestLibraryCommands(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "lib.csv")
	os.WriteFile(csv, []byte("text,intent\nmy card has not arrived,card_arrival\nwhen will my new card come,card_arrival\nI lost my card,lost_card\nsomeone stole my card,lost_card\n"), 0o644)
	out, errs, code := warmdesk(t, "", "library", "import", "-from", "csv", "-text", "text", "-intent", "intent", csv)
	if code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	lib := filepath.Join(dir, "lib.json")
	os.WriteFile(lib, []byte(out), 0o644)
	if out, errs, code := warmdesk(t, "", "library", "check", lib); code != 0 {
		t.Fatalf("check of an imported library: %s %s", out, errs)
	}
	out, _, _ = warmdesk(t, "my card still hasn't arrived\n", "suggest", "-json", "-library", lib)
	if !strings.Contains(out, `"id":"card_arrival"`) {
		t.Errorf("imported library not used: %s", out)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"intents": [{"id": "", "phrasings": 7, "unknown_field": true}]}`), 0o644)
	out, _, code = warmdesk(t, "", "library", "check", bad)
	if code == 0 || !strings.Contains(out, bad+": intent #1: phrasings: must be a list") {
		t.Errorf("broken library: exit %d, %s", code, out)
	}
	out, _, code = warmdesk(t, "", "library", "export", "-to", "csv")
	if code != 0 || !strings.HasPrefix(out, "title,body,category,shortcut,phrasings") {
		t.Errorf("export csv: %d %.100s", code, out)
	}
	badcsv := filepath.Join(dir, "bad.csv")
	os.WriteFile(badcsv, []byte("words,label\nhello,x\n"), 0o644)
	if _, errs, code := warmdesk(t, "", "library", "import", "-from", "csv", "-text", "text", "-intent", "intent", badcsv); code == 0 || !strings.Contains(errs, "no column named") {
		t.Errorf("a CSV without the columns: exit %d, %s", code, errs)
	}
}

// The default library shipped in the binary passes its own check.
func TestDefaultLibraryCheck(t *testing.T) {
	path := filepath.Join("..", "..", "suggestions", "data", "default.json")
	if out, errs, code := warmdesk(t, "", "library", "check", path); code != 0 {
		t.Fatalf("%s%s", out, errs)
	}
}

// Every command group answers -h with its usage on standard output and
// exit 0, as the commands do; an unknown subcommand gets the usage on
// standard error and exit 2.
func TestGroupsHelp(t *testing.T) {
	for _, tc := range []struct {
		group []string
		subs  []string
	}{
		{nil, []string{"suggest", "library", "serve", "user", "apps"}},
		{[]string{"library"}, []string{"check", "import", "export", "report"}},
		{[]string{"user"}, []string{"add", "list", "role", "password", "remove"}},
	} {
		var out, errOut strings.Builder
		if code := run(append(slices.Clone(tc.group), "-h"), strings.NewReader(""), &out, &errOut); code != 0 || errOut.Len() > 0 {
			t.Errorf("%v -h: exit %d, stderr %q", tc.group, code, errOut.String())
		}
		for _, s := range tc.subs {
			if !strings.Contains(out.String(), s) {
				t.Errorf("%v -h does not name %q:\n%s", tc.group, s, out.String())
			}
		}
		if tc.group == nil {
			continue
		}
		out.Reset()
		errOut.Reset()
		if code := run(append(slices.Clone(tc.group), "nonsense"), strings.NewReader(""), &out, &errOut); code != 2 || !strings.Contains(errOut.String(), tc.subs[0]) {
			t.Errorf("%v nonsense: exit %d, stderr %q; want 2 and the usage", tc.group, code, errOut.String())
		}
	}
}

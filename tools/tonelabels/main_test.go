package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/tone"
)

func TestParseLabelsRefusesBadLines(t *testing.T) {
	for _, c := range []struct{ data, want string }{
		{"1 abc neg extra", "want row, hash and label"},
		{"x abc neg", "not a positive number"},
		{"0 abc neg", "not a positive number"},
		{"1 abc maybe", "label must be neg or ok"},
		{"# only a comment\n\n", "no labels"},
	} {
		if _, err := parseLabels("l", c.data); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.data, err, c.want)
		}
	}
	ls, err := parseLabels("l", "# c\n2 "+textHash("b")+" ok\n1 "+textHash("a")+" neg\n")
	if err != nil || len(ls) != 2 || ls[0].n != 2 || ls[1].neg != true {
		t.Fatalf("parsed %+v, %v", ls, err)
	}
}

// A label whose text changed in the data is refused rather than scored:
// the labels would no longer say anything about that text.
func TestJoinChecksTheTextHash(t *testing.T) {
	replies := []string{"We can't do that.", "Happy to help!"}
	labs := []label{{n: 1, hash: textHash(replies[0]), neg: true}, {n: 2, hash: textHash("something else")}, {n: 3, hash: "x"}}
	rows, err := join(replies, labs)
	if err == nil || !strings.Contains(err.Error(), "row 2: the text does not match") || !strings.Contains(err.Error(), "row 3: the data has only 2 rows") {
		t.Fatalf("error %v", err)
	}
	if len(rows) != 1 || rows[0].N != 1 || !rows[0].Neg {
		t.Errorf("rows %+v", rows)
	}
}

func TestScoreCountsPhrasingRulesOnly(t *testing.T) {
	e, err := suggestions.Default()
	if err != nil {
		t.Fatal(err)
	}
	rows := []Row{
		{N: 1, Text: "We don't ship to PO boxes.", Neg: true},
		{N: 2, Text: "Orders over the weekend leave on Monday.", Neg: true}, // missed: no pattern says so
		{N: 3, Text: "Happy to help, and your parcel is on its way.", Neg: false},
		{N: 4, Text: "We can't wait to see you!", Neg: false},
		{N: 5, Text: "Sorry for the inconvenience.", Neg: false}, // flagged by a phrasing rule: a false flag here
	}
	r := Score(e, rows)
	if r.Neg != 2 || r.NegHit != 1 || r.OK != 3 || r.OKHit != 1 {
		t.Errorf("score %+v", r)
	}
	if len(r.Misses) != 1 || r.Misses[0].N != 2 || len(r.False) != 1 || r.False[0].N != 5 {
		t.Errorf("misses %+v, false flags %+v", r.Misses, r.False)
	}
	var out bytes.Buffer
	r.Write(&out, true)
	for _, want := range []string{"recall (negatively phrased flagged): 1/2 = 50.0%", "false flags (others flagged):         1/3 = 33.3%", "no-inconvenience"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunNeedsData(t *testing.T) {
	t.Setenv("DATA", "")
	var out, errb bytes.Buffer
	if code := run(nil, &out, &errb); code != 2 || !strings.Contains(errb.String(), "DATA=DIR") {
		t.Errorf("run without data: %d %q", code, errb.String())
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "replies.csv"), []byte("brand,text\nx,We can't do that.\n"), 0o644)
	labels := filepath.Join(dir, "l.labels")
	os.WriteFile(labels, []byte("1 "+textHash("We can't do that.")+" neg\n"), 0o644)
	out.Reset()
	if code := run([]string{"-data", dir, "-labels", labels}, &out, &errb); code != 0 || !strings.Contains(out.String(), "1/1 = 100.0%") {
		t.Errorf("run: %d\n%s%s", code, out.String(), errb.String())
	}
}

// BenchmarkCheckDevReplies is the tone check of every reply of the
// development file, as `warmdesk lint -lines` runs it: DATA=dir names the
// folder holding replies.csv (the benchmark is skipped without it).
func BenchmarkCheckDevReplies(b *testing.B) {
	dir := os.Getenv("DATA")
	if dir == "" {
		b.Skip("set DATA to the folder holding replies.csv")
	}
	replies, err := readReplies(filepath.Join(dir, "replies.csv"))
	if err != nil {
		b.Fatal(err)
	}
	e, err := suggestions.Default()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, r := range replies {
			e.Check(r, tone.Options{})
		}
	}
	b.ReportMetric(float64(len(replies)), "replies/op")
}

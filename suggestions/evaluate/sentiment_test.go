package evaluate

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/feelings"
)

func TestLoadPolar(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	csvPath := write("tweets.csv", "text,airline_sentiment,negativereason,airline\n"+
		"\"my bag, again\",negative,Lost Luggage,North\nlovely crew,positive,,South\nwhat time is it,neutral,,South\n")
	exs, err := LoadPolar(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	want := []PolarExample{
		{Text: "my bag, again", Polarity: Negative, Group: "North", Reason: "Lost Luggage"},
		{Text: "lovely crew", Polarity: Positive, Group: "South"},
		{Text: "what time is it", Polarity: Neutral, Group: "South"},
	}
	if len(exs) != len(want) {
		t.Fatalf("got %d examples, want %d", len(exs), len(want))
	}
	for i := range want {
		if exs[i] != want[i] {
			t.Errorf("csv row %d: got %+v, want %+v", i, exs[i], want[i])
		}
	}
	jl := write("msgs.jsonl", `{"text":"still waiting","negative":true,"brand":"shop"}`+"\n\n"+`{"text":"hi","negative":false}`+"\n")
	exs, err = LoadPolar(jl)
	if err != nil {
		t.Fatal(err)
	}
	if len(exs) != 2 || exs[0].Polarity != Negative || exs[0].Group != "shop" || exs[1].Polarity != Neutral {
		t.Errorf("json lines: %+v", exs)
	}
	for _, bad := range []struct{ name, body, msg string }{
		{"a.csv", "text,sentiment\nx,negative\n", "airline_sentiment"},
		{"b.csv", "text,airline_sentiment\nx,angry\n", `"angry"`},
		{"c.jsonl", `{"text":"x"}`, "want text and negative"},
		{"d.jsonl", `{"text":"x","negative":"yes"}`, "line 1"},
		{"e.jsonl", "not json", "line 1"},
	} {
		_, err := LoadPolar(write(bad.name, bad.body))
		if err == nil || !strings.Contains(err.Error(), bad.msg) || !strings.Contains(err.Error(), bad.name) {
			t.Errorf("%s: got %v, want an error naming the file and %s", bad.name, err, bad.msg)
		}
	}
	if _, err := LoadPolar(filepath.Join(dir, "missing.csv")); err == nil {
		t.Error("a missing file is an error")
	}
}

func TestRunPolar(t *testing.T) {
	e, err := suggestions.Default()
	if err != nil {
		t.Fatal(err)
	}
	exs := []PolarExample{
		{Text: "I am furious, this is unacceptable", Polarity: Negative, Group: "a"},
		{Text: "what are your opening hours", Polarity: Neutral, Group: "a"},
		{Text: "thank you so much, you were wonderful", Polarity: Positive, Group: "b"},
		{Text: "I am furious with the crew", Polarity: Positive, Group: "b"}, // a label the detector must disagree with
	}
	rep, outs := RunPolar(e, exs)
	if len(outs) != len(exs) || !outs[0].Flagged || outs[1].Flagged || outs[2].Flagged || !outs[3].Flagged {
		t.Fatalf("outcomes: %+v", outs)
	}
	// One true positive, one false positive, no miss.
	if n := rep.Negative; n.Support != 1 || n.Precision != 0.5 || n.Recall != 1 {
		t.Errorf("negative score %+v", n)
	}
	if rep.Positive != 2 || rep.PositiveFlagged != 1 || rep.PositiveShare != 0.5 {
		t.Errorf("positive flagged %d of %d (%v)", rep.PositiveFlagged, rep.Positive, rep.PositiveShare)
	}
	if len(rep.Groups) != 2 || rep.Groups[0].Group != "a" || rep.Groups[0].Negative.F1 != 1 || rep.Groups[1].PositiveFlagged != 1 {
		t.Errorf("groups %+v", rep.Groups)
	}
}

func TestPolarMisses(t *testing.T) {
	angry := feelings.Match{ID: "angry", Negative: true, Intensity: 3, Evidence: "furious"}
	late := feelings.Match{ID: "frustrated", Negative: true, Intensity: 2, Evidence: "delayed", Situation: "delay"}
	implied := feelings.Match{ID: "disappointed", Negative: true, Intensity: 1, Situation: "poor-service", Implied: true}
	outs := []PolarOutcome{
		{Example: PolarExample{Text: "missed one", Polarity: Negative}},
		{Example: PolarExample{Text: "neutral flagged", Polarity: Neutral}, Flagged: true, Feelings: []feelings.Match{late}},
		{Example: PolarExample{Text: "right negative", Polarity: Negative}, Flagged: true, Feelings: []feelings.Match{angry}},
		{Example: PolarExample{Text: "positive flagged", Polarity: Positive, Group: "North"}, Flagged: true, Feelings: []feelings.Match{angry, implied}},
		{Example: PolarExample{Text: "right positive", Polarity: Positive}},
	}
	want := []PolarMiss{
		{Kind: "positive flagged", Text: "positive flagged", Group: "North", Feelings: []string{`angry 3 "furious"`, "disappointed 1 (implied by the intent: poor-service)"}},
		{Kind: "neutral flagged", Text: "neutral flagged", Feelings: []string{`frustrated 2 "delayed" (situation delay)`}},
		{Kind: "missed", Text: "missed one", Feelings: []string{}},
	}
	if got := PolarMisses(outs); !reflect.DeepEqual(got, want) {
		t.Errorf("PolarMisses:\n got %+v\nwant %+v", got, want)
	}
}

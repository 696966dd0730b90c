package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalFeelingsPolar(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "tweets.csv")
	body := "text,airline_sentiment,negativereason,airline\n" +
		"this is unacceptable and I am furious,negative,Bad Flight,North\n" +
		"thank you for a lovely flight,positive,,North\n"
	if err := os.WriteFile(csvPath, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := warmdesk(t, "", "eval", "-feelings", csvPath)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "2 messages, 1 negative: precision 1.00  recall 1.00  F1 1.000; positive flagged negative 0 of 1 (0.0%)") {
		t.Errorf("output:\n%s", out)
	}
	out, errs, code = warmdesk(t, "", "eval", "-json", "-feelings", csvPath)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep struct {
		Messages int `json:"messages"`
		Negative struct {
			F1 float64 `json:"f1"`
		} `json:"negative"`
		Positive int `json:"positive"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Messages != 2 || rep.Negative.F1 != 1 || rep.Positive != 1 {
		t.Errorf("json %+v (%v):\n%s", rep, err, out)
	}
	// -misses lists the messages read wrong, each with what the detector
	// found: here the positive one, given a negative feeling by "furious".
	mixed := filepath.Join(dir, "mixed.csv")
	body = "text,airline_sentiment\n" +
		"thank you for a lovely flight,positive\n" +
		"the crew were lovely but I am furious about the fee,positive\n" +
		"my bag is here,negative\n"
	if err := os.WriteFile(mixed, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code = warmdesk(t, "", "eval", "-misses", "-feelings", mixed)
	if code != 0 {
		t.Fatalf("-misses: exit %d: %s", code, errs)
	}
	for _, want := range []string{"[positive flagged] the crew were lovely but I am furious about the fee\n  angry 3 \"furious\"", "[missed] my bag is here\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("-misses lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "[positive flagged] thank you") {
		t.Errorf("-misses lists a message read right:\n%s", out)
	}
	out, _, code = warmdesk(t, "", "eval", "-misses", "-json", "-feelings", mixed)
	var withMisses struct {
		Messages int `json:"messages"`
		Misses   []struct {
			Kind     string   `json:"kind"`
			Feelings []string `json:"feelings"`
		} `json:"misses"`
	}
	if err := json.Unmarshal([]byte(out), &withMisses); code != 0 || err != nil || withMisses.Messages != 3 || len(withMisses.Misses) != 2 || withMisses.Misses[0].Kind != "positive flagged" || len(withMisses.Misses[0].Feelings) == 0 || withMisses.Misses[1].Kind != "missed" {
		t.Errorf("-misses -json %+v (%v):\n%s", withMisses, err, out)
	}
	if _, errs, code := warmdesk(t, "", "eval", "-misses", "-feelings", filepath.Join(dir, "go.tsv")); code != 2 || !strings.Contains(errs, "labelled by polarity") {
		t.Errorf("-misses on a GoEmotions file: exit %d, %q", code, errs)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(`{"text":"x"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := warmdesk(t, "", "eval", "-feelings", bad); code != 1 || !strings.Contains(errs, "want text and negative") {
		t.Errorf("bad file: exit %d, %q", code, errs)
	}
}

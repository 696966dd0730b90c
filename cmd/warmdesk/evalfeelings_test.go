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
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(`{"text":"x"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := warmdesk(t, "", "eval", "-feelings", bad); code != 1 || !strings.Contains(errs, "want text and negative") {
		t.Errorf("bad file: exit %d, %q", code, errs)
	}
}

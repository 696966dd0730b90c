package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/evaluate"
)

// evalFeelings scores the feelings detector on path: a GoEmotions TSV
// (per feeling and "a negative feeling is present"), or real messages
// labelled by polarity, a CSV (text, airline_sentiment) or JSON lines
// (text, negative): negative-feeling precision, recall and F1, and the
// share of positive messages given a negative feeling. With misses, a
// polarity file's report ends with each message the detector reads wrong.
func evalFeelings(path string, misses, asJSON bool, stdout, stderr io.Writer) int {
	if !strings.HasSuffix(strings.ToLower(path), ".tsv") {
		return evalPolar(path, misses, asJSON, stdout, stderr)
	}
	if misses {
		fmt.Fprintln(stderr, "warmdesk eval: -misses with -feelings needs messages labelled by polarity (CSV or JSON lines), not a GoEmotions TSV")
		return 2
	}
	exs, err := evaluate.LoadGoEmotions(path)
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk eval: %v\n", err)
		return 1
	}
	e, err := suggestions.Default()
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk eval: %v\n", err)
		return 1
	}
	rep := evaluate.RunFeelings(e, exs)
	if asJSON {
		return writeJSON(stdout, rep)
	}
	fmt.Fprintf(stdout, "feelings on %s: %d messages\n", path, rep.Messages)
	for _, s := range rep.PerFeel {
		fmt.Fprintf(stdout, "  %-13s support %4d  precision %.2f  recall %.2f  F1 %.2f\n", s.Feeling, s.Support, s.Precision, s.Recall, s.F1)
	}
	fmt.Fprintf(stdout, "macro-F1 over %d feelings: %.3f\n", len(rep.PerFeel), rep.MacroF1)
	n := rep.Negative
	fmt.Fprintf(stdout, "a negative feeling is present: precision %.2f  recall %.2f  F1 %.3f\n", n.Precision, n.Recall, n.F1)
	n = rep.NegativeFlagged
	fmt.Fprintf(stdout, "  counting \"confused\" too:   precision %.2f  recall %.2f  F1 %.3f\n", n.Precision, n.Recall, n.F1)
	return 0
}

func evalPolar(path string, misses, asJSON bool, stdout, stderr io.Writer) int {
	exs, err := evaluate.LoadPolar(path)
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk eval: %v\n", err)
		return 1
	}
	e, err := suggestions.Default()
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk eval: %v\n", err)
		return 1
	}
	rep, outs := evaluate.RunPolar(e, exs)
	if asJSON {
		if misses {
			return writeJSON(stdout, struct {
				evaluate.PolarReport
				Misses []evaluate.PolarMiss `json:"misses"`
			}{rep, evaluate.PolarMisses(outs)})
		}
		return writeJSON(stdout, rep)
	}
	fmt.Fprintf(stdout, "negative feelings on %s: %d messages\n", path, rep.Messages)
	line := func(name string, r evaluate.PolarReport) {
		n := r.Negative
		fmt.Fprintf(stdout, "%s%d messages, %d negative: precision %.2f  recall %.2f  F1 %.3f", name, r.Messages, n.Support, n.Precision, n.Recall, n.F1)
		if r.Positive > 0 {
			fmt.Fprintf(stdout, "; positive flagged negative %d of %d (%.1f%%)", r.PositiveFlagged, r.Positive, 100*r.PositiveShare)
		}
		fmt.Fprintln(stdout)
	}
	for _, g := range rep.Groups {
		line(fmt.Sprintf("  %-16s ", g.Group), g)
	}
	line("all: ", rep)
	if misses {
		for _, m := range evaluate.PolarMisses(outs) {
			fmt.Fprintf(stdout, "\n[%s] %s\n", m.Kind, m.Text)
			for _, f := range m.Feelings {
				fmt.Fprintf(stdout, "  %s\n", f)
			}
		}
	}
	return 0
}

package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/evaluate"
)

func evalFeelings(path string, asJSON bool, stdout, stderr io.Writer) int {
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
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if enc.Encode(rep) != nil {
			return 1
		}
		return 0
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

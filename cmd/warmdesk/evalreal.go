package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/warmdesk/warmdesk/suggestions/evaluate"
)

// evalReal scores a library on messages labelled against it: what agents
// would see, confidence included.
func evalReal(path, libPath string, misses, asJSON bool, stdout, stderr io.Writer) int {
	msgs, err := evaluate.LoadRealMessages(path)
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk eval: %v\n", err)
		return 1
	}
	e, err := loadEngine(libPath)
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk eval: %v\n", err)
		return 1
	}
	rep := evaluate.RunReal(e, msgs)
	if !misses {
		rep.Misses = nil
	}
	if asJSON {
		return writeJSON(stdout, rep)
	}
	w := func(format string, a ...any) { fmt.Fprintf(stdout, format, a...) }
	w("real messages %s: %d, %d answerable, %d that nothing in the library fits\n", displayName(path), rep.Messages, rep.Answerable, rep.Unanswered)
	if len(rep.UnknownIDs) > 0 {
		w("warning: labels name intents the library lacks: %s\n", strings.Join(rep.UnknownIDs, ", "))
	}
	w("first suggestion fits:        %5.1f%% of answerable\n", 100*rep.FirstFits)
	w("one of the first three fits:  %5.1f%% of answerable\n", 100*rep.Top3)
	w("ranking alone (as if always in scope): first %.1f%%, top-3 %.1f%%\n", 100*rep.RankFirst, 100*rep.RankTop3)
	w("\"nothing fits\" found:         %5.1f%% of the others\n", 100*rep.NothingFitsFound)
	w("wrong reply, high confidence: %5.1f%% of all\n", 100*rep.WrongHigh)
	w("right reply, high confidence: %5.1f%% of answerable\n", 100*rep.RightHigh)
	w("confidence: high %d, low %d, none %d\n", rep.Confidence[evaluate.ConfidenceHigh], rep.Confidence[evaluate.ConfidenceLow], rep.Confidence[evaluate.ConfidenceNone])
	n := rep.Negative
	w("negative feeling: precision %.2f  recall %.2f  F1 %.3f (%d negative)\n", n.Precision, n.Recall, n.F1, n.Support)
	if misses {
		for _, m := range rep.Misses {
			want := strings.Join(m.Want, ",")
			if want == "" {
				want = "(nothing fits)"
			}
			w("\n[%s] %s\n  want %s  got %s (%s)\n", strings.Join(m.Kind, " "), m.Text, want, strings.Join(m.Got, ","), m.Confidence)
		}
	}
	return 0
}

// evalLabelled ranks labelled messages with a library as it is.
func evalLabelled(path, libPath, names, textCol, intentCol string, asJSON bool, stdout, stderr io.Writer) int {
	exs, err := evaluate.LoadLabelled(path, textCol, intentCol)
	if err == nil && names != "" {
		var m map[string]string
		if m, err = evaluate.IntentNames(names); err == nil {
			exs, err = evaluate.MapIntents(exs, m)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk eval: %v\n", err)
		return 1
	}
	e, err := loadEngine(libPath)
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk eval: %v\n", err)
		return 1
	}
	known := map[string]bool{}
	for _, in := range e.Library().Intents {
		known[in.ID] = true
	}
	for _, ex := range exs {
		if ex.Intent != "" && !known[ex.Intent] {
			fmt.Fprintf(stderr, "warmdesk eval: %s: intent %q is not in the library (give -map)\n", displayName(path), ex.Intent)
			return 1
		}
	}
	rep := evaluate.RunLibrary(e, exs, evaluate.Options{})
	if asJSON {
		return writeJSON(stdout, rep)
	}
	writeEvalText(stdout, evalOutput{Data: path, Seeds: []uint64{0}, Runs: []evaluate.Report{rep},
		Mean: evalMean{Top1: rep.Top1, Top3: rep.Top3, Answered: rep.Answered, AnsweredTop1: rep.AnsweredTop1, OutOfScopeRecall: rep.OutOfScopeRecl}})
	return 0
}

// writeJSON prints v as the -json forms do: indented, HTML left as it is.
func writeJSON(w io.Writer, v any) int {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if enc.Encode(v) != nil {
		return 1
	}
	return 0
}

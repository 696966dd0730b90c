package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/evaluate"
)

type evalOutput struct {
	Data  string            `json:"data"`
	Shots int               `json:"shots"`
	Typos float64           `json:"typos"`
	Seeds []uint64          `json:"seeds"`
	Runs  []evaluate.Report `json:"runs"`
	Mean  evalMean          `json:"mean"`
}

type evalMean struct {
	Top1, Top3, Answered, AnsweredTop1, OutOfScopeRecall float64
}

func cmdEval(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	shots := fs.Int("shots", 10, "phrasings per intent taken from the training data (`K`; 0 = all)")
	seed := fs.Uint64("seed", 1, "random `seed` for choosing phrasings and typos")
	seeds := fs.Int("seeds", 1, "average over this many `seeds`, from -seed on")
	typos := fs.Float64("typos", 0, "`probability` that each test word gets one random edit")
	test := fs.String("test", "", "test CSV `file` (default: hold out a fifth of the training file)")
	textCol := fs.String("text", "text", "CSV `column` with the message text")
	intentCol := fs.String("intent", "", "CSV `column` with the intent (default: intent, category or label)")
	feelings := fs.String("feelings", "", "GoEmotions test TSV `file`: score the feelings detector instead")
	real := fs.String("real", "", "JSON lines `file` of messages labelled against the library (text, intents, negative): score the library as agents get it")
	labelled := fs.String("labelled", "", "labelled CSV `file` to rank with the library as it is (top-1, top-3); see -map")
	names := fs.String("map", "", "intent names of -labelled to library ids: a JSON `file`, or \"bitext\"")
	libPath := fs.String("library", "", "library `file` for -real and -labelled (default: the embedded default library)")
	misses := fs.Bool("misses", false, "with -real: list each message counted against the library; with -feelings on messages labelled by polarity: each message the detector reads wrong")
	asJSON := fs.Bool("json", false, "write the report as JSON")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if *feelings != "" {
		return evalFeelings(*feelings, *misses, *asJSON, stdout, stderr)
	}
	if *real != "" {
		return evalReal(*real, *libPath, *misses, *asJSON, stdout, stderr)
	}
	if *labelled != "" {
		return evalLabelled(*labelled, *libPath, *names, *textCol, *intentCol, *asJSON, stdout, stderr)
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "usage: warmdesk eval [-shots K] [-seed S] [-typos P] [-json] TRAIN.csv|CLINC.json [-test TEST.csv]\n       warmdesk eval -real MESSAGES.jsonl [-library FILE] [-misses] [-json]\n       warmdesk eval -labelled TEST.csv [-map NAMES.json|bitext] [-library FILE] [-json]")
		return 2
	}
	data, err := evaluate.Load(pos[0], *test, *textCol, *intentCol)
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk eval: %v\n", err)
		return 1
	}
	def, err := suggestions.Default()
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk eval: %v\n", err)
		return 1
	}
	out := evalOutput{Data: pos[0], Shots: *shots, Typos: *typos}
	for i := 0; i < max(1, *seeds); i++ {
		s := *seed + uint64(i)
		rep, err := evaluate.Run(evaluate.Shots(data.Train, *shots, s), data.Test, def.Library(), evaluate.Options{Typos: *typos, Seed: s})
		if err != nil {
			fmt.Fprintf(stderr, "warmdesk eval: %v\n", err)
			return 1
		}
		out.Seeds = append(out.Seeds, s)
		out.Runs = append(out.Runs, rep)
		n := float64(i + 1)
		m := &out.Mean
		m.Top1 += (rep.Top1 - m.Top1) / n
		m.Top3 += (rep.Top3 - m.Top3) / n
		m.Answered += (rep.Answered - m.Answered) / n
		m.AnsweredTop1 += (rep.AnsweredTop1 - m.AnsweredTop1) / n
		m.OutOfScopeRecall += (rep.OutOfScopeRecl - m.OutOfScopeRecall) / n
	}
	if *asJSON {
		return writeJSON(stdout, out)
	}
	writeEvalText(stdout, out)
	return 0
}

func writeEvalText(w io.Writer, o evalOutput) {
	last := o.Runs[len(o.Runs)-1]
	fmt.Fprintf(w, "data %s: %d intents, %d phrasings per library (shots %d), %d in-scope and %d out-of-scope test messages, typos %.2f\n",
		o.Data, last.Intents, last.TrainPhrasings, o.Shots, last.TestInScope, last.TestOutOfScope, o.Typos)
	for i, r := range o.Runs {
		fmt.Fprintf(w, "seed %d: top-1 %.1f%%  top-3 %.1f%%  answered %.1f%% (top-1 when answered %.1f%%)", o.Seeds[i], 100*r.Top1, 100*r.Top3, 100*r.Answered, 100*r.AnsweredTop1)
		if r.TestOutOfScope > 0 {
			fmt.Fprintf(w, "  out-of-scope recall %.1f%%", 100*r.OutOfScopeRecl)
		}
		fmt.Fprintf(w, "  (bar %.3f)\n", r.Threshold)
	}
	m := o.Mean
	fmt.Fprintf(w, "mean: top-1 %.1f%%  top-3 %.1f%%  answered %.1f%%", 100*m.Top1, 100*m.Top3, 100*m.Answered)
	if last.TestOutOfScope > 0 {
		fmt.Fprintf(w, "  out-of-scope recall %.1f%%", 100*m.OutOfScopeRecall)
	}
	fmt.Fprintln(w)
	type kv struct {
		k string
		v float64
	}
	var per []kv
	for k, v := range last.PerIntent {
		per = append(per, kv{k, v})
	}
	sort.Slice(per, func(i, j int) bool { return per[i].v < per[j].v || per[i].v == per[j].v && per[i].k < per[j].k })
	fmt.Fprintln(w, "\nweakest intents (top-1):")
	for _, p := range per[:min(10, len(per))] {
		fmt.Fprintf(w, "  %5.1f%%  %s\n", 100*p.v, p.k)
	}
	fmt.Fprintln(w, "\nmost confused (expected -> got):")
	for _, c := range last.Confusions[:min(10, len(last.Confusions))] {
		got := c.Got
		if got == "" {
			got = "(nothing)"
		}
		fmt.Fprintf(w, "  %3d  %s -> %s\n", c.Count, c.Expected, got)
	}
	fmt.Fprintln(w, strings.Repeat("-", 20))
}

// Command trainfeelings trains the feelings model shipped as
// suggestions/data/feelings-en.json from the GoEmotions training set, with
// thresholds chosen on its development set. scripts/train-feelings.sh runs
// it; the result is deterministic.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/evaluate"
)

// unhappy is the general negative feeling: any of GoEmotions' negative
// labels (evaluate.GoEmotionsNegative).
const unhappy = "unhappy"

func main() {
	data := flag.String("data", "../shared/data/goemotions", "GoEmotions `folder` (train.tsv, dev.tsv, emotions.txt)")
	out := flag.String("out", "suggestions/data/feelings-en.json", "output `file`")
	keep := flag.Int("keep", 0, "weights kept per feeling (0: the default)")
	epochs := flag.Int("epochs", 0, "passes over the data (0: the default)")
	flag.Parse()
	if err := run(*data, *out, suggestions.TrainOptions{Keep: *keep, Epochs: *epochs, Seed: 1}); err != nil {
		fmt.Fprintln(os.Stderr, "trainfeelings:", err)
		os.Exit(1)
	}
}

func run(dir, out string, opt suggestions.TrainOptions) error {
	load := func(name string) ([]string, []map[string]bool, error) {
		exs, err := evaluate.LoadGoEmotions(filepath.Join(dir, name))
		if err != nil {
			return nil, nil, err
		}
		texts := make([]string, len(exs))
		labels := make([]map[string]bool, len(exs))
		for i, ex := range exs {
			texts[i], labels[i] = ex.Text, ex.Feelings
			if ex.Negative {
				labels[i][unhappy] = true
			}
		}
		return texts, labels, nil
	}
	texts, labels, err := load("train.tsv")
	if err != nil {
		return err
	}
	devTexts, devLabels, err := load("dev.tsv")
	if err != nil {
		return err
	}
	var ids []string
	seen := map[string]bool{}
	for _, f := range evaluate.GoEmotionsMapping {
		if !seen[f] {
			seen[f] = true
			ids = append(ids, f)
		}
	}
	ids = append(ids, unhappy)
	sort.Strings(ids)
	m, err := suggestions.TrainFeelingModel(ids, texts, labels, devTexts, devLabels, opt)
	if err != nil {
		return err
	}
	m.General = []string{unhappy}
	m.About = "Feelings model for Warmdesk: one logistic regression per feeling over terms and term pairs. " +
		"Trained by scripts/train-feelings.sh on the GoEmotions training set (Demszky et al. 2020, " +
		"\"GoEmotions: A Dataset of Fine-Grained Emotions\", Apache-2.0), labels mapped as in " +
		"suggestions/evaluate/feelings.go, and \"unhappy\" for any of its negative labels; " +
		"thresholds chosen for the best F1 on its development set."
	b, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(out, append(b, '\n'), 0o644)
}

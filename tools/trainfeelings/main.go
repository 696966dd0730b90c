// Command trainfeelings trains the feelings model shipped as
// suggestions/data/feelings-en.json from the GoEmotions training set, with
// thresholds chosen on its development set, and valence groups from the
// VADER lexicon. scripts/train-feelings.sh runs it; the result is
// deterministic.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/warmdesk/warmdesk/suggestions/evaluate"
	"github.com/warmdesk/warmdesk/suggestions/feelings"
	"github.com/warmdesk/warmdesk/suggestions/feelings/training"
)

// unhappy is the general negative feeling: any of GoEmotions' negative
// labels (evaluate.GoEmotionsNegative).
const unhappy = "unhappy"

func main() {
	data := flag.String("data", "", "GoEmotions `folder` (train.tsv, dev.tsv, emotions.txt; docs/testing.md says where it comes from)")
	valence := flag.String("valence", "", "VADER lexicon `file` (vader_lexicon.txt); none: no valence groups")
	out := flag.String("out", "suggestions/data/feelings-en.json", "output `file`")
	// The defaults are what the shipped model was trained with; each was
	// chosen on GoEmotions dev (measurements in docs/experiments.md).
	feel := training.Options{Seed: 1}
	general := training.Options{Seed: 1}
	flag.IntVar(&feel.Keep, "keep", 800, "weights kept per feeling")
	flag.Float64Var(&feel.Rate, "rate", 0.01, "learning rate of the feelings")
	flag.Float64Var(&feel.NB, "nb", 0.5, "naive Bayes smoothing count of the feelings (0: plain logistic regression)")
	flag.IntVar(&feel.Runs, "runs", 1, "models averaged per feeling")
	flag.IntVar(&general.Keep, "general-keep", 10000, "weights kept for the general feeling")
	flag.Float64Var(&general.Rate, "general-rate", 0.01, "learning rate of the general feeling")
	flag.Float64Var(&general.NB, "general-nb", 4, "naive Bayes smoothing count of the general feeling")
	flag.IntVar(&general.Runs, "general-runs", 5, "models averaged for the general feeling")
	flag.IntVar(&general.Epochs, "general-epochs", 10, "passes over the data for the general feeling")
	flag.Float64Var(&general.L2, "general-l2", 1e-6, "regularisation per step of the general feeling")
	flag.IntVar(&general.MinCount, "general-min", 3, "features seen fewer times are ignored by the general feeling")
	flag.Float64Var(&general.PosWeight, "general-pos", 1, "weight of the general feeling's positive texts")
	flag.Float64Var(&feel.PosWeight, "pos", 1, "weight of the feelings' positive texts")
	flag.BoolVar(&general.Refit, "general-refit", true, "refit the general feeling on the features of the weights it keeps")
	flag.BoolVar(&feel.Refit, "refit", false, "refit the feelings on the features of the weights they keep")
	flag.IntVar(&feel.Epochs, "epochs", 6, "passes over the data for the feelings")
	flag.Uint64Var(&general.Seed, "general-seed", 1, "seed of the general feeling's shuffles")
	flag.Parse()
	if *data == "" {
		fmt.Fprintln(os.Stderr, "trainfeelings: -data names the GoEmotions folder (train.tsv, dev.tsv, emotions.txt; see docs/testing.md)")
		os.Exit(2)
	}
	if err := run(*data, *valence, *out, feel, general); err != nil {
		fmt.Fprintln(os.Stderr, "trainfeelings:", err)
		os.Exit(1)
	}
}

func run(dir, valenceFile, out string, opt, general training.Options) error {
	logF1 := func(id string, threshold, f1 float64) {
		fmt.Fprintf(os.Stderr, "%s: threshold %.3f, dev F1 %.3f\n", id, threshold, f1)
	}
	opt.Log, general.Log = logF1, logF1
	if valenceFile != "" {
		v, err := loadValence(valenceFile)
		if err != nil {
			return err
		}
		opt.Valence, general.Valence = v, v
	}
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
	for _, f := range evaluate.GoEmotionsMapping {
		if !slices.Contains(ids, f) {
			ids = append(ids, f)
		}
	}
	sort.Strings(ids)
	m, err := training.Train(ids, texts, labels, devTexts, devLabels, opt)
	if err != nil {
		return err
	}
	g, err := training.Train([]string{unhappy}, texts, labels, devTexts, devLabels, general)
	if err != nil {
		return err
	}
	m.Feelings[unhappy] = g.Feelings[unhappy]
	m.General = []string{unhappy}
	// "unhappy" learned GoEmotions' negative labels, so it speaks for the
	// feelings mapped from them (not "confused": confusion is not one).
	var covers []string
	for label, f := range evaluate.GoEmotionsMapping {
		if evaluate.GoEmotionsNegative[label] && !slices.Contains(covers, f) {
			covers = append(covers, f)
		}
	}
	sort.Strings(covers)
	m.Covers = map[string][]string{unhappy: covers}
	m.About = "Feelings model for Warmdesk: one logistic regression per feeling over terms, term pairs, " +
		"negated terms, letter runs and valence groups, features scaled by naive Bayes log-count ratios. " +
		"Trained by scripts/train-feelings.sh on the GoEmotions training set (Demszky et al. 2020, " +
		"\"GoEmotions: A Dataset of Fine-Grained Emotions\", Apache-2.0), labels mapped as in " +
		"suggestions/evaluate/feelings.go, and \"unhappy\" for any of its negative labels; " +
		"thresholds chosen for the best F1 on its development set. Valence groups: the VADER lexicon's " +
		"mean ratings rounded (Hutto and Gilbert 2014, \"VADER: A Parsimonious Rule-based Model for " +
		"Sentiment Analysis of Social Media Text\", copyright C.J. Hutto, MIT licence)."
	b, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return err
	}
	// Check what is written the way it will be read.
	back, err := feelings.ParseModel(b)
	if err != nil {
		return err
	}
	// The widget reads the binary form beside it (suggestions/feelings/binary.go),
	// made from what the JSON says.
	bin, err := feelings.EncodeModel(back)
	if err != nil {
		return err
	}
	if _, err := feelings.DecodeModel(bin); err != nil {
		return err
	}
	if err := os.WriteFile(out, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.WriteFile(strings.TrimSuffix(out, ".json")+".bin", bin, 0o644)
}

// loadValence reads a VADER lexicon (token, mean rating from -4 to 4,
// standard deviation, the ratings; tab-separated) into each token's mean
// rounded to a whole number. A token listed twice (VADER's lexicon lists
// a few) takes its later mean, as VADER itself does.
func loadValence(path string) (map[string]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("valence: %w", err)
	}
	defer f.Close()
	out := map[string]int{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 2 {
			return nil, fmt.Errorf("valence: %s:%d: want a token and its mean rating separated by a tab", path, n)
		}
		mean, err := strconv.ParseFloat(cols[1], 64)
		if err != nil || mean < -4 || mean > 4 {
			return nil, fmt.Errorf("valence: %s:%d: %q: mean rating %q is not a number from -4 to 4", path, n, cols[0], cols[1])
		}
		out[cols[0]] = int(math.Round(mean))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("valence: %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("valence: %s: no entries", path)
	}
	return out, nil
}

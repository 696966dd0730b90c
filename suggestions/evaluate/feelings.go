package evaluate

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/warmdesk/warmdesk/suggestions"
)

// GoEmotionsMapping maps GoEmotions labels to Warmdesk feelings. The
// mapping follows the labels' definitions in Demszky et al. (2020): anger
// is angry, annoyance is frustrated, disappointment is disappointed, fear
// and nervousness are worried, confusion is confused, sadness and grief
// are sad, gratitude is grateful. Warmdesk's "urgent" has no GoEmotions
// label and is not scored.
var GoEmotionsMapping = map[string]string{
	"anger": "angry", "annoyance": "frustrated", "disappointment": "disappointed",
	"fear": "worried", "nervousness": "worried", "confusion": "confused",
	"sadness": "sad", "grief": "sad", "gratitude": "grateful",
}

// GoEmotionsNegative are the labels GoEmotions' own sentiment grouping
// calls negative; a message with any of them has a negative feeling.
var GoEmotionsNegative = map[string]bool{
	"anger": true, "annoyance": true, "disappointment": true, "disapproval": true, "disgust": true,
	"embarrassment": true, "fear": true, "grief": true, "nervousness": true, "remorse": true, "sadness": true,
}

// FeelingExample is a message with its mapped feelings.
type FeelingExample struct {
	Text     string
	Feelings map[string]bool
	Negative bool
}

// LoadGoEmotions reads a GoEmotions TSV (text, label ids, comment id) and
// emotions.txt from the same folder.
func LoadGoEmotions(path string) ([]FeelingExample, error) {
	names, err := os.ReadFile(filepath.Join(filepath.Dir(path), "emotions.txt"))
	if err != nil {
		return nil, err
	}
	labels := strings.Fields(string(names))
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []FeelingExample
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 2 {
			return nil, fmt.Errorf("%s:%d: want text and labels", path, n)
		}
		ex := FeelingExample{Text: cols[0], Feelings: map[string]bool{}}
		for _, id := range strings.Split(cols[1], ",") {
			i, err := strconv.Atoi(id)
			if err != nil || i < 0 || i >= len(labels) {
				return nil, fmt.Errorf("%s:%d: bad label %q", path, n, id)
			}
			if f, ok := GoEmotionsMapping[labels[i]]; ok {
				ex.Feelings[f] = true
			}
			ex.Negative = ex.Negative || GoEmotionsNegative[labels[i]]
		}
		out = append(out, ex)
	}
	return out, sc.Err()
}

// FeelingScore is precision, recall and F1 of one feeling.
type FeelingScore struct {
	Feeling   string  `json:"feeling"`
	Support   int     `json:"support"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// FeelingsReport is what a feelings evaluation measured.
type FeelingsReport struct {
	Messages int            `json:"messages"`
	PerFeel  []FeelingScore `json:"per_feeling"`
	MacroF1  float64        `json:"macro_f1"`
	// Negative is "a negative feeling is present", both sides by
	// GoEmotions' grouping: a detected feeling counts when it is negative
	// and countsNegative says GoEmotions would call it so.
	Negative FeelingScore `json:"negative"`
	// NegativeFlagged counts every feeling the library flags negative,
	// "confused" too, against the same GoEmotions negatives.
	NegativeFlagged FeelingScore `json:"negative_flagged"`
}

// RunFeelings scores the engine's feelings detector on examples.
func RunFeelings(e *suggestions.Engine, exs []FeelingExample) FeelingsReport {
	type counts struct{ tp, fp, fn int }
	tally := func(c *counts, pred, gold bool) {
		switch {
		case pred && gold:
			c.tp++
		case pred:
			c.fp++
		case gold:
			c.fn++
		}
	}
	per := map[string]*counts{}
	for _, f := range GoEmotionsMapping {
		per[f] = &counts{}
	}
	var neg, flagged counts
	for _, ex := range exs {
		a := e.Analyze(ex.Text, suggestions.AnalyzeOptions{})
		pred := map[string]bool{}
		predNeg, predFlagged := false, false
		for _, f := range a.Feelings {
			pred[f.ID] = true
			predNeg = predNeg || (f.Negative && countsNegative(f.ID))
			predFlagged = predFlagged || f.Negative
		}
		for f, c := range per {
			tally(c, pred[f], ex.Feelings[f])
		}
		tally(&neg, predNeg, ex.Negative)
		tally(&flagged, predFlagged, ex.Negative)
	}
	score := func(name string, c counts) FeelingScore { return prf(name, c.tp, c.fp, c.fn) }
	rep := FeelingsReport{Messages: len(exs)}
	for f, c := range per {
		rep.PerFeel = append(rep.PerFeel, score(f, *c))
		rep.MacroF1 += rep.PerFeel[len(rep.PerFeel)-1].F1
	}
	rep.MacroF1 /= float64(len(per))
	sort.Slice(rep.PerFeel, func(i, j int) bool { return rep.PerFeel[i].Feeling < rep.PerFeel[j].Feeling })
	rep.Negative = score("negative", neg)
	rep.NegativeFlagged = score("negative, as flagged", flagged)
	return rep
}

// countsNegative reports whether a negative Warmdesk feeling is negative
// in GoEmotions' grouping too: a feeling mapped only from labels that
// grouping does not call negative ("confused", from confusion, which it
// calls ambiguous) does not count, a feeling with no GoEmotions label
// ("unhappy", "urgent") does.
func countsNegative(id string) bool {
	mapped := false
	for label, f := range GoEmotionsMapping {
		if f == id {
			mapped = true
			if GoEmotionsNegative[label] {
				return true
			}
		}
	}
	return !mapped
}

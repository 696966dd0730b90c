package evaluate

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/feelings"
)

// Polarity-labelled real messages: the feelings detector is judged on
// whether it reports a negative feeling where a person saw one, and on
// how rarely it does so for a message a person called positive.

// Polarity is a person's reading of a message.
type Polarity int

// Polarities. Neutral is neither negative nor positive; a message labelled
// only "not negative" is Neutral too.
const (
	Neutral Polarity = iota
	Negative
	Positive
)

// PolarExample is a real message with its human polarity, in a group
// (the company it was written to), and the reason for a negative one
// when the data gives it.
type PolarExample struct {
	Text     string
	Polarity Polarity
	Group    string
	Reason   string
}

// LoadPolar reads polarity-labelled messages by the file's form: a CSV
// with the columns text and airline_sentiment (negative, neutral,
// positive; optional negativereason and airline), or JSON lines with
// text and negative (true or false; optional brand).
func LoadPolar(path string) ([]PolarExample, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(strings.ToLower(path), ".csv") {
		exs, err := parsePolarCSV(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return exs, nil
	}
	exs, err := parsePolarJSONL(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return exs, nil
}

func parsePolarCSV(data []byte) ([]PolarExample, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("reading the header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	ti, ok1 := col["text"]
	si, ok2 := col["airline_sentiment"]
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("want the columns text and airline_sentiment, have %q", head)
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var out []PolarExample
	for n := 2; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if ti >= len(rec) || si >= len(rec) {
			return nil, fmt.Errorf("row %d: too few columns", n)
		}
		ex := PolarExample{Text: rec[ti], Group: get(rec, "airline"), Reason: get(rec, "negativereason")}
		switch strings.TrimSpace(rec[si]) {
		case "negative":
			ex.Polarity = Negative
		case "positive":
			ex.Polarity = Positive
		case "neutral":
		default:
			return nil, fmt.Errorf("row %d: airline_sentiment %q is not negative, neutral or positive", n, rec[si])
		}
		out = append(out, ex)
	}
	return out, nil
}

func parsePolarJSONL(data []byte) ([]PolarExample, error) {
	var out []PolarExample
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var m struct {
			Text     *string `json:"text"`
			Negative *bool   `json:"negative"`
			Brand    string  `json:"brand"`
		}
		if err := json.Unmarshal(line, &m); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if m.Text == nil || m.Negative == nil {
			return nil, fmt.Errorf("line %d: want text and negative", n)
		}
		ex := PolarExample{Text: *m.Text, Group: m.Brand}
		if *m.Negative {
			ex.Polarity = Negative
		}
		out = append(out, ex)
	}
	return out, sc.Err()
}

// PolarReport is what a polarity evaluation measured: "a negative feeling
// is reported" against the human label, and how often a message labelled
// positive gets a negative feeling.
type PolarReport struct {
	Group           string        `json:"group,omitempty"`
	Messages        int           `json:"messages"`
	Negative        FeelingScore  `json:"negative"`
	Positive        int           `json:"positive"`
	PositiveFlagged int           `json:"positive_flagged"`
	PositiveShare   float64       `json:"positive_flagged_share"`
	Groups          []PolarReport `json:"groups,omitempty"`
}

// PolarOutcome is one message's result, for studying the detector's
// misses and false alarms.
type PolarOutcome struct {
	Example  PolarExample
	Flagged  bool             // a negative feeling was reported
	Feelings []feelings.Match // what the detector found
}

// RunPolar scores the engine's feelings detector on polarity-labelled
// messages, overall and per group when there are several, and returns
// each message's outcome too.
func RunPolar(e *suggestions.Engine, exs []PolarExample) (PolarReport, []PolarOutcome) {
	outs := make([]PolarOutcome, len(exs))
	for i, ex := range exs {
		a := e.Analyze(ex.Text, suggestions.AnalyzeOptions{})
		o := PolarOutcome{Example: ex, Feelings: a.Feelings}
		for _, f := range a.Feelings {
			o.Flagged = o.Flagged || f.Negative
		}
		outs[i] = o
	}
	rep := polarScore("", outs)
	groups := map[string][]PolarOutcome{}
	for _, o := range outs {
		groups[o.Example.Group] = append(groups[o.Example.Group], o)
	}
	if len(groups) > 1 && len(groups) <= 10 {
		names := make([]string, 0, len(groups))
		for g := range groups {
			names = append(names, g)
		}
		sort.Strings(names)
		for _, g := range names {
			rep.Groups = append(rep.Groups, polarScore(g, groups[g]))
		}
	}
	return rep, outs
}

func polarScore(group string, outs []PolarOutcome) PolarReport {
	rep := PolarReport{Group: group, Messages: len(outs)}
	var tp, fp, fn int
	for _, o := range outs {
		gold := o.Example.Polarity == Negative
		switch {
		case o.Flagged && gold:
			tp++
		case o.Flagged:
			fp++
		case gold:
			fn++
		}
		if o.Example.Polarity == Positive {
			rep.Positive++
			if o.Flagged {
				rep.PositiveFlagged++
			}
		}
	}
	rep.Negative = prf("negative", tp, fp, fn)
	if rep.Positive > 0 {
		rep.PositiveShare = float64(rep.PositiveFlagged) / float64(rep.Positive)
	}
	return rep
}

// prf is precision, recall and F1 from counts.
func prf(name string, tp, fp, fn int) FeelingScore {
	s := FeelingScore{Feeling: name, Support: tp + fn}
	if tp+fp > 0 {
		s.Precision = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		s.Recall = float64(tp) / float64(tp+fn)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}

// PolarMiss is a message the detector read wrong: a negative one it found
// no negative feeling in ("missed"), or a positive or neutral one it gave
// a negative feeling ("positive flagged", "neutral flagged").
type PolarMiss struct {
	Kind  string `json:"kind"`
	Text  string `json:"text"`
	Group string `json:"group,omitempty"`
	// Feelings are what the detector found, each as its id, intensity and
	// what showed it: "frustrated 2 \"delayed\" (situation delay)".
	Feelings []string `json:"feelings"`
}

// PolarMisses lists the outcomes the detector got wrong, positives flagged
// first, then neutral messages flagged, then negative messages missed, each
// in the data's order.
func PolarMisses(outs []PolarOutcome) []PolarMiss {
	kinds := []string{"positive flagged", "neutral flagged", "missed"}
	var by [3][]PolarMiss
	for _, o := range outs {
		k := -1
		switch {
		case o.Flagged && o.Example.Polarity == Positive:
			k = 0
		case o.Flagged && o.Example.Polarity == Neutral:
			k = 1
		case !o.Flagged && o.Example.Polarity == Negative:
			k = 2
		}
		if k < 0 {
			continue
		}
		m := PolarMiss{Kind: kinds[k], Text: o.Example.Text, Group: o.Example.Group, Feelings: []string{}}
		for _, f := range o.Feelings {
			m.Feelings = append(m.Feelings, describeFeeling(f))
		}
		by[k] = append(by[k], m)
	}
	return append(append(by[0], by[1]...), by[2]...)
}

// describeFeeling is one line of what showed a feeling.
func describeFeeling(f feelings.Match) string {
	s := fmt.Sprintf("%s %d", f.ID, f.Intensity)
	if f.Evidence != "" {
		s += fmt.Sprintf(" %q", f.Evidence)
	}
	switch {
	case f.Implied:
		s += fmt.Sprintf(" (implied by the intent: %s)", f.Situation)
	case f.Situation != "":
		s += fmt.Sprintf(" (situation %s)", f.Situation)
	}
	return s
}

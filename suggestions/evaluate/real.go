package evaluate

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/warmdesk/warmdesk/suggestions"
)

// RealMessage is a customer message labelled against one library: the
// intents whose replies would truly answer it, best first (none: nothing
// in the library fits, and the right answer is to say so), and whether
// the customer feels something negative.
type RealMessage struct {
	Text     string   `json:"text"`
	Intents  []string `json:"intents"`
	Negative bool     `json:"negative"`
}

// maxRealLine bounds one JSON line; a longer one is an error, not a
// silent cut.
const maxRealLine = 1 << 20

// LoadRealMessages reads JSON lines with at least "text", "intents" and
// "negative"; other fields are ignored, so a labelled export can carry
// its own notes. Blank lines are skipped. Every line must have a text
// and an intents list (empty for "nothing fits").
func LoadRealMessages(path string) ([]RealMessage, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadRealMessages(path, f)
}

// ReadRealMessages is LoadRealMessages from a reader; name is used in
// error messages.
func ReadRealMessages(name string, r io.Reader) ([]RealMessage, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxRealLine)
	var out []RealMessage
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var raw struct {
			Text     *string   `json:"text"`
			Intents  *[]string `json:"intents"`
			Negative bool      `json:"negative"`
		}
		if err := json.Unmarshal([]byte(line), &raw); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, n, err)
		}
		if raw.Text == nil || strings.TrimSpace(*raw.Text) == "" {
			return nil, fmt.Errorf("%s:%d: no \"text\"", name, n)
		}
		if raw.Intents == nil {
			return nil, fmt.Errorf("%s:%d: no \"intents\" (use [] when nothing in the library fits)", name, n)
		}
		for _, in := range *raw.Intents {
			if strings.TrimSpace(in) == "" {
				return nil, fmt.Errorf("%s:%d: an empty intent id", name, n)
			}
		}
		out = append(out, RealMessage{Text: *raw.Text, Intents: *raw.Intents, Negative: raw.Negative})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no messages", name)
	}
	return out, nil
}

// Confidence levels, as the widget acts on them (suggestions.Confidence*).
const (
	ConfidenceHigh = suggestions.ConfidenceHigh
	ConfidenceLow  = suggestions.ConfidenceLow
	ConfidenceNone = suggestions.ConfidenceNone
)

// RealReport is what an evaluation on labelled real messages measured.
// Shares of answerable messages (some intent fits) and of the others
// (nothing fits) are kept apart: a library that answers everything and
// one that answers nothing are both useless, in different ways.
type RealReport struct {
	Messages   int      `json:"messages"`
	Answerable int      `json:"answerable"`
	Unanswered int      `json:"nothing_fits"` // messages no intent answers
	UnknownIDs []string `json:"unknown_intents,omitempty"`
	// FirstFits: a suggestion is shown (confidence is not "none") and
	// the first answers it (share of answerable).
	FirstFits float64 `json:"first_fits"`
	// Top3: suggestions are shown and one of the first three answers it
	// (share of answerable).
	Top3 float64 `json:"top3"`
	// RankFirst and RankTop3 are the same for the ranking alone, as if
	// every message were in scope: what confidence costs in reach.
	RankFirst float64 `json:"rank_first"`
	RankTop3  float64 `json:"rank_top3"`
	// NothingFitsFound: confidence "none" where nothing fits (share of
	// the messages nothing fits).
	NothingFitsFound float64 `json:"nothing_fits_found"`
	// WrongHigh: a reply that does not answer it offered with high
	// confidence (share of all messages).
	WrongHigh float64 `json:"wrong_high"`
	// RightHigh: a right reply offered with high confidence (share of
	// answerable).
	RightHigh float64 `json:"right_high"`
	// Confidence counts the messages at each level.
	Confidence map[string]int `json:"confidence"`
	// Negative scores "a negative feeling is found" against the labels.
	Negative FeelingScore `json:"negative"`
	// Misses are the messages the library got wrong, for study.
	Misses []RealMiss `json:"misses,omitempty"`
}

// RealMiss is one message the evaluation counted against the library.
type RealMiss struct {
	Text       string   `json:"text"`
	Want       []string `json:"want"`
	Got        []string `json:"got"`
	Confidence string   `json:"confidence"`
	// Kind is "wrong-high" (a wrong reply offered), "missed" (a right
	// reply not first), "no-nothing" (nothing fits, not said),
	// "negative-missed" or "negative-false".
	Kind []string `json:"kind"`
}

// RunReal analyses every message with e and scores it against the labels.
// Intent ids in the labels that e's library does not have are listed in
// UnknownIDs (a label file made for another library would otherwise
// score as plain misses).
func RunReal(e *suggestions.Engine, msgs []RealMessage) RealReport {
	known := map[string]bool{}
	for _, in := range e.Library().Intents {
		known[in.ID] = true
	}
	unknown := map[string]bool{}
	rep := RealReport{Messages: len(msgs), Confidence: map[string]int{}}
	var first, top3, rankFirst, rankTop3, found, wrongHigh, rightHigh int
	var neg struct{ tp, fp, fn int }
	for _, m := range msgs {
		a := e.Analyze(m.Text, suggestions.AnalyzeOptions{TopK: 3})
		conf := a.Confidence
		rep.Confidence[conf]++
		var got []string
		for _, im := range a.Intents {
			got = append(got, im.ID)
		}
		for _, in := range m.Intents {
			if !known[in] {
				unknown[in] = true
			}
		}
		miss := RealMiss{Text: m.Text, Want: m.Intents, Got: got, Confidence: conf}
		fits := func(id string) bool { return slices.Contains(m.Intents, id) }
		rankedFirst := len(got) > 0 && fits(got[0])
		rankedTop3 := slices.ContainsFunc(got[:min(3, len(got))], fits)
		// When nothing fits, the widget shows no suggestion: a right
		// intent ranked first under "nothing fits" helps no agent.
		shown := conf != ConfidenceNone
		firstOK := shown && rankedFirst
		if len(m.Intents) > 0 {
			rep.Answerable++
			if firstOK {
				first++
			} else {
				miss.Kind = append(miss.Kind, "missed")
			}
			if shown && rankedTop3 {
				top3++
			}
			if rankedFirst {
				rankFirst++
			}
			if rankedTop3 {
				rankTop3++
			}
			if conf == ConfidenceHigh && firstOK {
				rightHigh++
			}
		} else {
			rep.Unanswered++
			if conf == ConfidenceNone {
				found++
			} else {
				miss.Kind = append(miss.Kind, "no-nothing")
			}
		}
		if conf == ConfidenceHigh && !firstOK {
			wrongHigh++
			miss.Kind = append(miss.Kind, "wrong-high")
		}
		predNeg := false
		for _, f := range a.Feelings {
			predNeg = predNeg || f.Negative
		}
		switch {
		case predNeg && m.Negative:
			neg.tp++
		case predNeg:
			neg.fp++
			miss.Kind = append(miss.Kind, "negative-false")
		case m.Negative:
			neg.fn++
			miss.Kind = append(miss.Kind, "negative-missed")
		}
		if len(miss.Kind) > 0 {
			rep.Misses = append(rep.Misses, miss)
		}
	}
	share := func(n, of int) float64 {
		if of == 0 {
			return 0
		}
		return float64(n) / float64(of)
	}
	rep.FirstFits = share(first, rep.Answerable)
	rep.Top3 = share(top3, rep.Answerable)
	rep.RankFirst = share(rankFirst, rep.Answerable)
	rep.RankTop3 = share(rankTop3, rep.Answerable)
	rep.NothingFitsFound = share(found, rep.Unanswered)
	rep.WrongHigh = share(wrongHigh, rep.Messages)
	rep.RightHigh = share(rightHigh, rep.Answerable)
	rep.Negative = prf("negative", neg.tp, neg.fp, neg.fn)
	for id := range unknown {
		rep.UnknownIDs = append(rep.UnknownIDs, id)
	}
	slices.Sort(rep.UnknownIDs)
	return rep
}

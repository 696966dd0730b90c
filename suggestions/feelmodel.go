package suggestions

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"sync"
)

// The feelings model, in prose.
//
// Cues (the library's feelings) are precise and explainable but only as
// complete as the people who wrote them: customers show frustration in
// more ways than any list holds ("this is the third time I'm asking").
// So beside the cues sits a small linear model per feeling: logistic
// regression over the message's terms and term pairs, the same terms the
// matcher uses (folded, stemmed, synonyms joined). It is language data,
// like lang-en.json: trained once, offline, by scripts/train-feelings.sh on
// the GoEmotions training set (Demszky et al. 2020, Apache-2.0), with each
// feeling's threshold chosen on GoEmotions' development set, and shipped as
// data/feelings-en.json. A library feeling with the same id as a model
// feeling gets both: found by a cue, or by the model's probability over
// the threshold. The words that add most to the probability are the
// evidence shown to the agent.

//go:embed data/feelings-en.json
var feelingsEnJSON []byte

// FeelingModel is a linear model per feeling id.
type FeelingModel struct {
	About    string                     `json:"about"`
	Feelings map[string]*FeelingWeights `json:"feelings"`
	// General feelings are found by the model only when no other feeling
	// of the same polarity is: "unhappy" says a customer is displeased
	// when the model cannot tell how.
	General []string `json:"general,omitempty"`
}

// FeelingWeights is one feeling's logistic regression. Feature names are
// "t:term" for a term and "b:term term" for two neighbouring terms.
type FeelingWeights struct {
	Bias      float64            `json:"bias"`
	Threshold float64            `json:"threshold"`
	Weights   map[string]float64 `json:"weights"`
}

// ParseFeelingModel decodes a feelings model strictly.
func ParseFeelingModel(data []byte) (*FeelingModel, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m FeelingModel
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("feelings model: %w", err)
	}
	for id, f := range m.Feelings {
		if f == nil || f.Threshold <= 0 || f.Threshold >= 1 {
			return nil, fmt.Errorf("feelings model: %s: threshold must be between 0 and 1", id)
		}
	}
	return &m, nil
}

var englishFeelings = sync.OnceValues(func() (*FeelingModel, error) { return ParseFeelingModel(feelingsEnJSON) })

// feelingFeatures lists the distinct features of words, each with the
// index of the word where it first occurs (a pair belongs to its second
// word): a feature counts once however often it occurs.
func feelingFeatures(l *Lang, ws []word) (names []string, at []int) {
	seen := map[string]bool{}
	add := func(n string, i int) {
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
			at = append(at, i)
		}
	}
	prev := ""
	for i, w := range ws {
		t := l.term(w.Text)
		add("t:"+t, i)
		if prev != "" && !w.Break {
			add("b:"+prev+" "+t, i)
		}
		prev = t
	}
	return names, at
}

// FeelingFeatures lists the model features of text (for training tools).
func FeelingFeatures(text string) ([]string, error) {
	l, err := English()
	if err != nil {
		return nil, err
	}
	names, _ := feelingFeatures(l, l.words(text))
	return names, nil
}

// predict returns the probability of the feeling and the index of the
// word that adds most to it (-1 if none adds anything).
func (f *FeelingWeights) predict(names []string, at []int) (float64, int) {
	z := f.Bias
	best, bestW := -1, 0.0
	for i, n := range names {
		w, ok := f.Weights[n]
		if !ok {
			continue
		}
		z += w
		if w > bestW {
			best, bestW = at[i], w
		}
	}
	return 1 / (1 + math.Exp(-z)), best
}

// TrainOptions tune TrainFeelingModel.
type TrainOptions struct {
	Epochs   int     // passes over the data (default 6)
	Rate     float64 // learning rate (default 0.2)
	L2       float64 // regularisation per step (default 1e-6)
	MinCount int     // features seen fewer times are ignored (default 3)
	Keep     int     // weights kept per feeling, largest first (default 800)
	Seed     uint64
}

// TrainFeelingModel fits one logistic regression per feeling id on texts
// whose labels say which feelings they show, and sets each threshold to
// the one with the best F1 on the development texts.
func TrainFeelingModel(ids []string, texts []string, labels []map[string]bool, devTexts []string, devLabels []map[string]bool, opt TrainOptions) (*FeelingModel, error) {
	if opt.Epochs == 0 {
		opt.Epochs = 6
	}
	if opt.Rate == 0 {
		opt.Rate = 0.2
	}
	if opt.L2 == 0 {
		opt.L2 = 1e-6
	}
	if opt.MinCount == 0 {
		opt.MinCount = 3
	}
	if opt.Keep == 0 {
		opt.Keep = 800
	}
	if len(texts) != len(labels) || len(devTexts) != len(devLabels) {
		return nil, fmt.Errorf("train feelings: texts and labels differ in number")
	}
	l, err := English()
	if err != nil {
		return nil, err
	}
	feats := func(ts []string) [][]string {
		out := make([][]string, len(ts))
		for i, t := range ts {
			out[i], _ = feelingFeatures(l, l.words(t))
		}
		return out
	}
	xs, devXs := feats(texts), feats(devTexts)
	count := map[string]int{}
	for _, x := range xs {
		for _, n := range x {
			count[n]++
		}
	}
	m := &FeelingModel{Feelings: map[string]*FeelingWeights{}}
	for _, id := range ids {
		w := map[string]float64{}
		bias := 0.0
		order := make([]int, len(xs))
		for i := range order {
			order[i] = i
		}
		rng := rand.New(rand.NewPCG(opt.Seed, 7))
		for ep := 0; ep < opt.Epochs; ep++ {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			lr := opt.Rate / (1 + float64(ep))
			for _, i := range order {
				z := bias
				for _, n := range xs[i] {
					z += w[n]
				}
				y := 0.0
				if labels[i][id] {
					y = 1
				}
				g := 1/(1+math.Exp(-z)) - y
				bias -= lr * g
				for _, n := range xs[i] {
					if count[n] >= opt.MinCount {
						w[n] -= lr * (g + opt.L2*w[n])
					}
				}
			}
		}
		// Keep the largest weights, rounded: the file stays small and
		// readable, and a weight of 0.0004 says nothing.
		type kw struct {
			k string
			w float64
		}
		var all []kw
		for k, v := range w {
			if math.Abs(v) >= 0.01 {
				all = append(all, kw{k, math.Round(v*1000) / 1000})
			}
		}
		sort.Slice(all, func(i, j int) bool {
			if math.Abs(all[i].w) != math.Abs(all[j].w) {
				return math.Abs(all[i].w) > math.Abs(all[j].w)
			}
			return all[i].k < all[j].k
		})
		if len(all) > opt.Keep {
			all = all[:opt.Keep]
		}
		fw := &FeelingWeights{Bias: math.Round(bias*1000) / 1000, Weights: map[string]float64{}}
		for _, e := range all {
			fw.Weights[e.k] = e.w
		}
		fw.Threshold = bestThreshold(fw, devXs, devLabels, id)
		m.Feelings[id] = fw
	}
	return m, nil
}

// bestThreshold is the probability bar with the best F1 on the dev set.
func bestThreshold(fw *FeelingWeights, xs [][]string, labels []map[string]bool, id string) float64 {
	type pl struct {
		p   float64
		pos bool
	}
	var ps []pl
	total := 0
	for i, x := range xs {
		p, _ := fw.predict(x, make([]int, len(x)))
		ps = append(ps, pl{p, labels[i][id]})
		if labels[i][id] {
			total++
		}
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].p > ps[j].p })
	best, bestF := 0.5, -1.0
	tp := 0
	for i, e := range ps {
		if e.pos {
			tp++
		}
		if i+1 < len(ps) && ps[i+1].p == e.p {
			continue
		}
		f := 2 * float64(tp) / float64(i+1+total)
		if f > bestF && e.p > 0 && e.p < 1 {
			bestF = f
			best = e.p
		}
	}
	return min(max(math.Round(best*1000)/1000, 0.001), 0.999)
}

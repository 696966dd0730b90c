// Package training fits the feelings model (feelings.Model) on labelled
// texts: one logistic regression per feeling over the features the
// detector reads, each threshold set on development texts. It runs
// offline (tools/trainfeelings); the widget does not link it.
//
// It depends on lang and feelings (see the package suggestions for the
// whole order).
package training

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"github.com/warmdesk/warmdesk/suggestions/feelings"
	"github.com/warmdesk/warmdesk/suggestions/lang"
)

// Options tune Train.
type Options struct {
	Epochs   int     // passes over the data (default 6)
	Rate     float64 // learning rate (default 0.2)
	L2       float64 // regularisation per step (default 1e-6)
	MinCount int     // features seen fewer times are ignored (default 3)
	Keep     int     // weights kept per feeling, largest first (default 800)
	// NB, when over 0, scales each feature by its naive Bayes log-count
	// ratio (Wang and Manning 2012, "NBSVM"), NB being the smoothing
	// count: words that tell the classes apart learn faster than words
	// common to both, which regularises the rare ones. The scale is folded
	// into the weights, so the model is used the same way.
	NB float64
	// Valence is a word's valence group (-4 to 4, see
	// feelings.Model.Valence), for words the model should know beyond the
	// training texts; the model keeps those that text can hold as one word.
	Valence map[string]int
	// Runs is how many models are fitted, each visiting the texts in its
	// own order, and averaged (default 1): one order's luck is smoothed
	// out, and the average of linear models is one linear model.
	Runs int
	// PosWeight multiplies the gradient of the texts that show the
	// feeling (default 1): the rarer class counts for more.
	PosWeight float64
	// Refit fits the model a second time on the features of the weights
	// kept, so that the weights left out no longer hide in the others.
	Refit bool
	// Log, when set, gets each feeling's threshold and its F1 on the
	// development texts at that threshold.
	Log  func(id string, threshold, devF1 float64)
	Seed uint64
}

// Train fits one logistic regression per feeling id on texts
// whose labels say which feelings they show, and sets each threshold to
// the one with the best F1 on the development texts.
func Train(ids []string, texts []string, labels []map[string]bool, devTexts []string, devLabels []map[string]bool, opt Options) (*feelings.Model, error) {
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
	if opt.Runs == 0 {
		opt.Runs = 1
	}
	if opt.PosWeight == 0 {
		opt.PosWeight = 1
	}
	if len(texts) != len(labels) || len(devTexts) != len(devLabels) {
		return nil, fmt.Errorf("train feelings: texts and labels differ in number")
	}
	l, err := lang.English()
	if err != nil {
		return nil, err
	}
	// The valence groups first: they are features.
	m := &feelings.Model{Feelings: map[string]*feelings.Weights{}}
	groups := map[string][]string{}
	for w, v := range opt.Valence {
		if v < -feelings.MaxValence || v > feelings.MaxValence {
			return nil, fmt.Errorf("train feelings: valence of %q: %d is not from -%d to %d", w, v, feelings.MaxValence, feelings.MaxValence)
		}
		if ws := l.Words(w); v != 0 && len(ws) == 1 && ws[0].Text == w {
			groups[strconv.Itoa(v)] = append(groups[strconv.Itoa(v)], w)
		}
	}
	if len(groups) > 0 {
		m.Valence = map[string]string{}
		for k, ws := range groups {
			sort.Strings(ws)
			m.Valence[k] = strings.Join(ws, " ")
		}
	}
	if err := m.Compile(); err != nil {
		return nil, fmt.Errorf("train feelings: %w", err)
	}
	feats := func(ts []string) [][]string {
		out := make([][]string, len(ts))
		for i, t := range ts {
			out[i], _ = m.Features(l, l.Words(t))
		}
		return out
	}
	xs, devXs := feats(texts), feats(devTexts)
	// Features are numbered in order of first use, so that training runs
	// over slices and the same data gives the same model.
	count := map[string]int{}
	for _, x := range xs {
		for _, n := range x {
			count[n]++
		}
	}
	index := map[string]int{}
	var names []string
	ix := make([][]int, len(xs))
	for i, x := range xs {
		for _, n := range x {
			if count[n] < opt.MinCount {
				continue
			}
			j, ok := index[n]
			if !ok {
				j = len(names)
				index[n] = j
				names = append(names, n)
			}
			ix[i] = append(ix[i], j)
		}
	}
	for _, id := range ids {
		ys := make([]float64, len(xs))
		for i := range ys {
			if labels[i][id] {
				ys[i] = 1
			}
		}
		scale := nbScale(ix, ys, len(names), opt.NB)
		fit := func(ix [][]int) ([]float64, float64) {
			w, bias := make([]float64, len(names)), 0.0
			for run := range opt.Runs {
				rw, rb := fitLogistic(ix, ys, scale, opt, opt.Seed+uint64(run))
				for j := range w {
					w[j] += rw[j] / float64(opt.Runs)
				}
				bias += rb / float64(opt.Runs)
			}
			return w, bias
		}
		w, bias := fit(ix)
		all := largestWeights(w, scale, names, opt.Keep)
		if opt.Refit {
			kept := make([]bool, len(names))
			for _, e := range all {
				kept[e.j] = true
			}
			sub := make([][]int, len(ix))
			for i, x := range ix {
				for _, j := range x {
					if kept[j] {
						sub[i] = append(sub[i], j)
					}
				}
			}
			w, bias = fit(sub)
			all = largestWeights(w, scale, names, opt.Keep)
		}
		fw := &feelings.Weights{Bias: math.Round(bias*1000) / 1000, Weights: map[string]float64{}}
		for _, e := range all {
			fw.Weights[e.k] = e.w
		}
		var f1 float64
		fw.Threshold, f1 = bestThreshold(fw, devXs, devLabels, id)
		if opt.Log != nil {
			opt.Log(id, fw.Threshold, f1)
		}
		m.Feelings[id] = fw
	}
	if err := m.Compile(); err != nil {
		return nil, fmt.Errorf("train feelings: %w", err)
	}
	return m, nil
}

// keptWeight is a weight kept in a model: its feature and value.
type keptWeight struct {
	j int
	k string
	w float64
}

// largestWeights keeps the keep largest weights (scaled), rounded: the
// file stays small and readable, and a weight of 0.0004 says nothing.
func largestWeights(w, scale []float64, names []string, keep int) []keptWeight {
	var all []keptWeight
	for j, v := range w {
		v *= scale[j]
		if math.Abs(v) >= 0.01 {
			all = append(all, keptWeight{j, names[j], math.Round(v*1000) / 1000})
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if math.Abs(all[i].w) != math.Abs(all[j].w) {
			return math.Abs(all[i].w) > math.Abs(all[j].w)
		}
		return all[i].k < all[j].k
	})
	return all[:min(len(all), keep)]
}

// fitLogistic fits a logistic regression by stochastic gradient descent,
// visiting the texts in an order the seed shuffles, the rate falling with
// each pass. It returns the weights (to be multiplied by scale) and bias.
func fitLogistic(ix [][]int, ys, scale []float64, opt Options, seed uint64) ([]float64, float64) {
	w := make([]float64, len(scale))
	bias := 0.0
	order := make([]int, len(ix))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	for ep := 0; ep < opt.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		lr := opt.Rate / (1 + float64(ep))
		for _, i := range order {
			z := bias
			for _, j := range ix[i] {
				z += w[j] * scale[j]
			}
			g := 1/(1+math.Exp(-z)) - ys[i]
			if ys[i] == 1 {
				g *= opt.PosWeight
			}
			bias -= lr * g
			for _, j := range ix[i] {
				w[j] -= lr * (g*scale[j] + opt.L2*w[j])
			}
		}
	}
	return w, bias
}

// nbScale is each feature's naive Bayes log-count ratio between the
// texts labelled 1 and the others, with alpha as the smoothing count, as
// a magnitude; all ones when alpha is 0.
func nbScale(ix [][]int, ys []float64, n int, alpha float64) []float64 {
	scale := make([]float64, n)
	for j := range scale {
		scale[j] = 1
	}
	if alpha <= 0 {
		return scale
	}
	pos, neg := make([]float64, n), make([]float64, n)
	var sumPos, sumNeg float64
	for i, x := range ix {
		for _, j := range x {
			if ys[i] == 1 {
				pos[j]++
				sumPos++
			} else {
				neg[j]++
				sumNeg++
			}
		}
	}
	for j := range scale {
		scale[j] = math.Abs(math.Log((pos[j] + alpha) / (sumPos + alpha) / ((neg[j] + alpha) / (sumNeg + alpha))))
	}
	return scale
}

// bestThreshold is the probability bar with the best F1 on the dev set,
// and that F1.
func bestThreshold(fw *feelings.Weights, xs [][]string, labels []map[string]bool, id string) (float64, float64) {
	type pl struct {
		p   float64
		pos bool
	}
	var ps []pl
	total := 0
	for i, x := range xs {
		ps = append(ps, pl{prob(fw, x), labels[i][id]})
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
	return min(max(math.Round(best*1000)/1000, 0.001), 0.999), max(bestF, 0)
}

// prob returns feeling fw's probability given a message's features.
func prob(f *feelings.Weights, names []string) float64 {
	z := f.Bias
	for _, n := range names {
		z += f.Weights[n]
	}
	return 1 / (1 + math.Exp(-z))
}

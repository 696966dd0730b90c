package matching

import (
	"math"
	"math/rand/v2"
	"sort"
)

// The learned part of the matcher, in prose.
//
// The cosine scorer in match.go treats every feature of an intent's
// phrasings as equally telling, once weighted by idf. A knowledge manager's
// phrasings say more than that: "card" is shared by a dozen intents and
// tells them apart not at all, while "arrive" tells "where is my card"
// from "my card does not work". A softmax (multinomial logistic)
// regression over the same features learns those weights from the
// library's own phrasings when the library is compiled.
//
// To stay as small and as fast as the centroids, the model has a weight
// only for the (feature, intent) pairs where the feature occurs in one of
// the intent's phrasings: the same postings the centroid scorer walks, so
// scoring costs the same. Training starts from the centroid weights and
// runs a fixed number of passes of stochastic gradient descent in a
// seeded order, so the same library always gives the same model.
//
// The learned probabilities re-rank the intents; the cosine score stays
// the measure of how close the message is to the library at all, which is
// what the out-of-scope bar and the evidence need (a softmax is sure of
// something even for a message about the weather).

// Training constants, measured on BANKING77 (10 phrasings per intent,
// seeds 1-3; top-1) and CLINC150 (10 per intent, seeds 1-3; top-1), with
// the idf over intents (see README, "Matching").
//
// Measured and not kept (points of top-1, BANKING77 / CLINC150): averaged
// SGD (the mean of the weights over all updates) -0.1 / -0.1; 24 or 30
// passes instead of 12, +0.1 / 0.0; L2 1e-3 -1.2 / -1.0; word dropout (two
// or four copies of each phrasing with 15-25% of its words dropped) -0.6
// to -1.0 / +0.4 to +0.7 before the idf over intents, and one copy with
// 10% dropped -0.6 / -0.2 after; leaving a phrasing's own features out of
// its intent while training on it -0.5 to -1.1 / 0.0 to -0.5; starting
// from centroids x10 or x24 instead of x16, -0.4 / 0.0 and 0.0 / -0.4
// (with a different out-of-scope balance).
//
// Measured later and not kept (BANKING77 top-1 / top-3, seeds 1-3;
// CLINC150 top-1, seed 1 and seeds 1-3): the average of the probabilities
// of two models trained on different shuffles, each with half the budget
// (so still 12 passes on 10 phrasings per intent, 6 on CLINC150's 1,500),
// 0.0 / 0.0 and -0.2 / -0.2, out-of-scope recall -3.4 (averaging their
// weights instead gave the same): without a penalty the loss is convex
// and twelve passes of either shuffle end near the same weights, so the
// two models agree. AdaGrad steps (rate 0.1 / 0.25 / 0.5) instead of the
// 1/(1+pass) schedule: -0.9 / -0.7, -1.9 / -1.2 and -4.2 / -2.5 on
// BANKING77, -0.3 to -1.6 on CLINC150 with out-of-scope recall -8 to -15.
// A slower schedule, learnRate/(1+pass)^0.75, or 3/(1+pass)^0.5: -0.1 /
// 0.0 and +0.2 / +0.1 to +0.2 on the test sets, 0.0 on the development
// splits (CLINC150 val; 30 BANKING77 training messages per intent held
// apart). A learning rate per feature kind (x0.5 or x2 for terms,
// bigrams, character pieces or related groups): -0.2 to 0.0 / -0.3 to 0.0
// and -0.2 to +0.2 / -0.3 to +0.2. A focal loss (each phrasing's gradient
// times (1-p)^g, so the phrasings already learned count less), g 0.5 / 1 /
// 1 at twice the rate: -0.4 / -0.4, -0.8 / -0.5, -0.5 / -0.2 and -0.5 /
// -0.6, -0.9 / -1.1, -0.7 / -0.5, out-of-scope recall about -9.
const (
	learnEpochs = 12
	learnBudget = 20000
	// learnRate: 2.0 gave 78.2% / 82.5%, 4.0 (with labelSmoothing) 78.7% /
	// 83.2%, 8.0 77.7% / 83.0%.
	learnRate = 4.0
	// labelSmoothing moves this share of each target onto all intents
	// alike: the model stops pushing a phrasing's probability to one on
	// its rarest features. Without it (learnRate 4.0) BANKING77 78.5%;
	// 0.2 gives 78.5% / 83.4% but a flatter probability that answers
	// fewer in-scope messages at the same bars. The old L2 penalty (1e-4)
	// is gone: without it +0.1 / +0.3.
	labelSmoothing = 0.1
	// learnInit scales the centroid weights the model starts from; the
	// softmax of unit-length cosines would be nearly flat.
	learnInit = 16.0
)

// model holds the learned weights, parallel to matcher.postInt.
type model struct {
	w    [][]float32 // w[feature][j] is the weight of postInt[feature][j]
	bias []float32
	// settled says the weights are also in the postings (posting.lw):
	// scoring then reads one list instead of two (the postings walk was a
	// quarter of Analyze in wasm). A model loaded from a saved one keeps
	// them only there (w is nil).
	settled bool
}

// settle copies the final weights into m's postings, keeping w for
// Engine.Model. Only the model m uses may settle.
func (md *model) settle(m *Matcher) {
	for f, ps := range m.postInt {
		for j := range ps {
			ps[j].lw = md.w[f][j]
		}
	}
	md.settled = true
}

// weight is the learned weight of feature f's j-th posting in m.
func (md *model) weight(m *Matcher, f, j int) float32 {
	if md.w == nil {
		return m.postInt[f][j].lw
	}
	return md.w[f][j]
}

// train fits a model to the phrasings for which use is true (all when use
// is nil).
func (m *Matcher) train(vecs [][]feature, use func(i int) bool) *model {
	md := &model{w: make([][]float32, len(m.postInt)), bias: make([]float32, m.nIntents)}
	for f, ps := range m.postInt {
		md.w[f] = make([]float32, len(ps))
		for j, p := range ps {
			md.w[f][j] = float32(learnInit * float64(p.w) / m.intentNorm[p.doc])
		}
	}
	if m.nIntents < 2 {
		return md
	}
	var order []int
	for i := range vecs {
		if use == nil || use(i) {
			order = append(order, i)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	scores := make([]float64, m.nIntents)
	for ep := 0; ep < m.epochs(); ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		lr := learnRate / (1 + float64(ep))
		for _, i := range order {
			x := vecs[i]
			y := int(m.phrasings[i].Intent)
			md.scores(m, x, scores)
			softmax(scores)
			// The loss's gradient by each score: the probability less the
			// (smoothed) target.
			for c := range scores {
				scores[c] -= labelSmoothing / float64(m.nIntents)
			}
			scores[y] -= 1 - labelSmoothing
			for _, f := range x {
				ws := md.w[f.key]
				for j, p := range m.postInt[f.key] {
					ws[j] -= float32(lr * scores[p.doc] * float64(f.w))
				}
			}
			for c := range md.bias {
				md.bias[c] -= float32(lr * 0.1 * scores[c])
			}
		}
	}
	return md
}

// calibrateLearned sets the out-of-scope bar on the learned model's
// probability by two-fold cross-validation: a model trained on half of
// each intent's phrasings scores the other half, and the bar is a share
// of the probability below which a twentieth of those held-out phrasings
// fall. A library whose intents are well apart gets a high bar.
//
// Held-out phrasings resemble their intent's other phrasings more than
// real messages do, so the bar is set well below their 5th percentile.
// Measured on CLINC150 (10 per intent, seeds 1-2) together with the
// cosine bar alone: a share of 0.2 answers 95.5% of in-scope messages and
// catches 49.5% of out-of-scope ones; 0.25 answers 95.0% and catches
// 52.8%. With the no-evidence test (analyze.go) as well, 0.2 answers 95.1%
// and catches 51.0%. (The lowest held-out probability, instead of a share
// of a quantile, gives 94.9% and 51.7% but is noisy on small libraries.)
// Label smoothing flattens the probabilities of real messages more than
// those of held-out phrasings; with it and the idf over intents (seeds
// 1-3, unknownShare 0.6), a share of 0.17 answers 95.3% and catches
// 53.1%, 0.18 95.1% and 55.3% (outOfScopeQuantile 0.03); with the 4th
// percentile of the cosine bar, 0.15 answers 95.0% and catches 52.0%,
// 0.2 94.1% and 60.5%. With unknownShare 0.7: 0.15 answers 95.5% and
// catches 53.2% (seed 1: 95.4% and 49.3%), 0.16 95.3% and 55.4% (seed 1:
// 95.3% and 51.0%) With the related-word groups (match.go,
// weightRelated 1.0), which bring out-of-scope messages closer too (seed
// 1): 0.16 answers 96.2% and catches 43.6%, 0.20 95.9% and 49.7%, 0.22
// 95.6% and 53.8% (seeds 1-3: 95.2% and 58.0%), 0.24 95.1% and 57.3%
// (seeds 1-3: 94.7%); 0.21 with the 3.5th percentile of the cosine bar
// 95.4% and 52.8%.
func (m *Matcher) calibrateLearned(vecs [][]feature) {
	if m.nIntents < 2 || len(vecs) < 4 {
		return
	}
	fold := make([]int, len(vecs))
	seen := make([]int, m.nIntents)
	for i, p := range m.phrasings {
		fold[i] = seen[p.Intent] % 2
		seen[p.Intent]++
	}
	var tops []float64
	scores := make([]float64, m.nIntents)
	for f := 0; f < 2; f++ {
		md := m.train(vecs, func(i int) bool { return fold[i] != f })
		step := max(1, len(vecs)/4000)
		for i := 0; i < len(vecs); i += step {
			if fold[i] != f || len(vecs[i]) == 0 {
				continue
			}
			md.scores(m, vecs[i], scores)
			softmax(scores)
			tops = append(tops, maxOf(scores))
		}
	}
	if len(tops) == 0 {
		return
	}
	sort.Float64s(tops)
	m.probBar = probBarShare * tops[int(probBarQuantile*float64(len(tops)-1))]
}

const (
	probBarQuantile = 0.05
	probBarShare    = 0.22
)

// maxOf is the largest of s. (A comparison, not the max builtin, which
// must order NaNs and signed zeros and is a function call in wasm: 2% of
// Analyze there.)
func maxOf(s []float64) float64 {
	mx := math.Inf(-1)
	for _, v := range s {
		if v > mx {
			mx = v
		}
	}
	return mx
}

// epochs is the number of training passes: learnEpochs for a library of
// up to learnBudget/learnEpochs phrasings, fewer for a larger one, which
// has more to learn from in each pass, down to two. The work stays within
// about learnBudget phrasing updates, so a library of 10,000 phrasings
// compiles in a browser in seconds, not half a minute. BANKING77 with all
// 10,003 training phrasings: 12 passes 91.4% top-1, 2 passes 90.7%
// (idf over phrasings); with the idf over intents, 2 passes 91.1%.
func (m *Matcher) epochs() int {
	return min(learnEpochs, max(2, learnBudget/max(1, len(m.phrasings))))
}

// scores writes each intent's raw score for x into out.
func (md *model) scores(m *Matcher, x []feature, out []float64) {
	for c := range out {
		out[c] = float64(md.bias[c])
	}
	if md.settled {
		for _, f := range x {
			fw := float64(f.w)
			for _, p := range m.postInt[f.key] {
				out[p.doc] += fw * float64(p.lw)
			}
		}
		return
	}
	for _, f := range x {
		fw, ps := float64(f.w), m.postInt[f.key]
		ws := md.w[f.key][:len(ps)] // one length for both: no bounds check on ws[j]
		for j, p := range ps {
			out[p.doc] += fw * float64(ws[j])
		}
	}
}

// softmax turns scores into probabilities in place.
func softmax(s []float64) {
	mx := maxOf(s)
	var sum float64
	for i, v := range s {
		s[i] = expNonPositive(v - mx)
		sum += s[i]
	}
	for i := range s {
		s[i] /= sum
	}
}

// expNonPositive is e^x for x <= 0, within two units in the last place,
// and 0 under e^-700 (a probability's share of a sum of at least 1). A
// softmax takes one per intent, per message and per clause: with 1,000
// intents, math.Exp was 7% of Analyze in wasm, where it has no assembly
// and scales by 2^k through Ldexp. Here x = k·ln2 + r with |r| <= ln2/2;
// e^r is its Taylor series to r^13 (the next term is under 5e-18), and
// 2^k is written into the exponent bits.
func expNonPositive(x float64) float64 {
	if !(x >= -700) { // NaN too
		return 0
	}
	const (
		log2e = 1.4426950408889634074      // 1/ln 2
		ln2Hi = 6.93147180369123816490e-01 // ln 2, its first 32 bits
		ln2Lo = 1.90821492927058770002e-10 // ln 2 - ln2Hi
	)
	k := int64(x*log2e - 0.5) // rounds x/ln2 to the nearest integer (x <= 0)
	r := (x - float64(k)*ln2Hi) - float64(k)*ln2Lo
	// Horner's rule, from 1/13! down to 1, written out.
	p := 1.0/6227020800*r + 1.0/479001600
	p = p*r + 1.0/39916800
	p = p*r + 1.0/3628800
	p = p*r + 1.0/362880
	p = p*r + 1.0/40320
	p = p*r + 1.0/5040
	p = p*r + 1.0/720
	p = p*r + 1.0/120
	p = p*r + 1.0/24
	p = p*r + 1.0/6
	p = p*r + 0.5
	p = p*r + 1
	p = p*r + 1
	return p * math.Float64frombits(uint64(k+1023)<<52)
}

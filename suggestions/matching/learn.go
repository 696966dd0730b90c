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

// Training constants, chosen on BANKING77 and CLINC150 with the idf over
// intents; what was tried beside them and not kept is in
// docs/experiments.md.
const (
	learnEpochs = 12
	learnBudget = 20000
	// learnRate: the best of the rates tried, with labelSmoothing.
	learnRate = 4.0
	// labelSmoothing moves this share of each target onto all intents
	// alike: the model stops pushing a phrasing's probability to one on
	// its rarest features. More flattens the probabilities of real messages
	// and answers fewer of them at the same bars.
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
	if m.nIntents >= sparseFrom {
		m.trainSparse(md, vecs, order)
		return md
	}
	rng := rand.New(rand.NewPCG(1, 2))
	scores := make([]float64, m.nIntents)
	for ep := 0; ep < m.epochs(); ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		lr := learnRate / (1 + float64(ep))
		for _, i := range order {
			x := vecs[i]
			y := int(m.phrasings[i].Intent)
			m.trainWork += int64(m.nIntents)
			for _, f := range x {
				m.trainWork += int64(len(m.postInt[f.key]))
			}
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

// A large library is trained sparsely. The softmax above scores every
// intent for every phrasing, and a common feature's update walks every
// intent that has it: the work grows with phrasings times intents, the
// square of the library's size. From
// sparseFrom intents on, each phrasing is trained against its own intent
// and the intents that share one of its telling features (those in at
// most sparseCommon intents): a sampled softmax whose samples are the
// likely confusions. Common features keep the centroid weights they start
// from (they tell few intents apart anyway). Each update then costs at
// most its features times sparseCommon, whatever the library's size.
// Smaller libraries, and every benchmark the constants above were
// measured on (150 intents at most), are trained as before, to the bit.
const (
	sparseFrom   = 300
	sparseCommon = 64
)

// trainSparse trains md on the phrasings in order, as train does, with
// each phrasing's softmax over its candidates only.
func (m *Matcher) trainSparse(md *model, vecs [][]feature, order []int) {
	rng := rand.New(rand.NewPCG(1, 2))
	scores := make([]float64, m.nIntents)
	in := make([]bool, m.nIntents)
	var cand []int32
	for ep := 0; ep < m.epochs(); ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		lr := learnRate / (1 + float64(ep))
		for _, i := range order {
			x := vecs[i]
			y := m.phrasings[i].Intent
			cand = append(cand[:0], int32(y))
			in[y], scores[y] = true, float64(md.bias[y])
			for _, f := range x {
				ps := m.postInt[f.key]
				if len(ps) > sparseCommon {
					continue
				}
				m.trainWork += int64(len(ps))
				fw, ws := float64(f.w), md.w[f.key][:len(ps)]
				for j, p := range ps {
					if !in[p.doc] {
						in[p.doc], scores[p.doc] = true, float64(md.bias[p.doc])
						cand = append(cand, p.doc)
					}
					scores[p.doc] += fw * float64(ws[j])
				}
			}
			m.trainWork += int64(len(cand))
			mx := math.Inf(-1)
			for _, c := range cand {
				mx = max(mx, scores[c])
			}
			var sum float64
			for _, c := range cand {
				scores[c] = expNonPositive(scores[c] - mx)
				sum += scores[c]
			}
			smooth := labelSmoothing / float64(len(cand))
			for _, c := range cand {
				scores[c] = scores[c]/sum - smooth
			}
			scores[y] -= 1 - labelSmoothing
			for _, f := range x {
				ps := m.postInt[f.key]
				if len(ps) > sparseCommon {
					continue
				}
				fw, ws := float64(f.w), md.w[f.key][:len(ps)]
				for j, p := range ps {
					ws[j] -= float32(lr * scores[p.doc] * fw)
				}
			}
			for _, c := range cand {
				md.bias[c] -= float32(lr * 0.1 * scores[c])
				in[c] = false
			}
		}
	}
}

// calibrateLearned sets the out-of-scope bar on the learned model's
// probability by two-fold cross-validation: a model trained on half of
// each intent's phrasings scores the other half, and the bar is a share
// of the probability below which a twentieth of those held-out phrasings
// fall. A library whose intents are well apart gets a high bar.
//
// Held-out phrasings resemble their intent's other phrasings more than
// real messages do, so the bar is set well below their 5th percentile
// (probBarShare), at the balance of answered and caught messages the
// cosine bar (outOfScopeQuantile) was set with.
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
// compiles in a browser in seconds, not half a minute, for a point or
// less of accuracy.
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

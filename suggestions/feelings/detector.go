package feelings

import (
	"slices"
	"sort"
	"strings"

	"github.com/warmdesk/warmdesk/suggestions/internal/hashkey"
	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// Match is a feeling found in a message, with its intensity (1–3)
// and the span of the words that show it most strongly.
type Match struct {
	ID        string `json:"id"`
	Label     string `json:"label,omitempty"`
	Negative  bool   `json:"negative"`
	Intensity int    `json:"intensity"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Evidence  string `json:"evidence,omitempty"`
}

// Detector finds feeling cues in words, in the spirit of VADER:
// cues are data with a base intensity; code handles what data cannot
// say. A negator within negationWindow words before a cue, in the same
// clause and with no contrast between ("not cheap but awful"), cancels it
// ("not angry"); an intensifier just before it, a cue
// written in capitals, or "!!" right after it raises it by one; and
// repeated cues of one feeling raise the feeling by one. A one-word
// negative cue that only intensifies a pleasant word ("damn good") shows
// no feeling. The feelings model (model.go) then vetoes weak cues,
// adds the feelings it finds, and judges whether the message is negative
// at all (fromModel).
type Detector struct {
	lang     *lang.Lang
	feelings []library.Feeling
	cues     *lang.PhraseSet // id: feeling<<16 | cue
	unless   *lang.PhraseSet // id: feeling
	model    []*Weights      // per feeling; nil where the model has none
	general  []bool          // per feeling: found by the model only alone
	covers   [][]int         // per general feeling: the feelings its model speaks for
	valence  *hashkey.Table  // the model's valence groups (valenceOf)
	weights  weightIndex     // the model's weights by feature
}

const (
	negationWindow  = 3
	intensifyWindow = 2
	// repeatBoost is how many distinct cue hits of one feeling raise it by
	// one: one "annoying" is mild, three complaints in a message are not.
	repeatBoost = 3
	// vetoShare: a cue's feeling is dropped when the feelings model gives
	// it less than this share of its threshold. Kept low: the cues were
	// written for customer messages, the model learned from Reddit comments.
	vetoShare = 0.2
	// pleasantFrom: see intensifying. No change on GoEmotions (the general
	// model's veto drops most such cues there), but "damn good service"
	// holds no anger, and customers write it.
	pleasantFrom = 2
	// generalVetoShare: see fromModel. The lowest of the shares that did
	// best: the model learned from Reddit.
	generalVetoShare = 0.7
)

func NewDetector(l *lang.Lang, fs []library.Feeling, model *Model) *Detector {
	d := &Detector{lang: l, feelings: fs, cues: lang.NewPhraseSet(), unless: lang.NewPhraseSet(), model: make([]*Weights, len(fs)), general: make([]bool, len(fs)), covers: make([][]int, len(fs))}
	for fi, f := range fs {
		if model != nil {
			d.valence = &model.valence
			d.model[fi] = model.Feelings[f.ID]
			d.general[fi] = slices.Contains(model.General, f.ID)
			for fj, g := range fs {
				if slices.Contains(model.Covers[f.ID], g.ID) {
					d.covers[fi] = append(d.covers[fi], fj)
				}
			}
		}
		for ci, c := range f.Cues {
			d.cues.Add(l.PhraseWords(c.Text), fi<<16|ci)
		}
		for _, u := range f.Unless {
			d.unless.Add(l.PhraseWords(u), fi)
		}
	}
	d.weights = newWeightIndex(d.model)
	return d
}

func (d *Detector) Detect(text string, ws []lang.Word) []Match {
	if len(d.feelings) == 0 {
		return []Match{}
	}
	unless := d.unless.Find(ws)
	// cancelled holds the words of cues that were cancelled ("not angry")
	// or excepted ("no worries"): they show no feeling.
	cancelled := map[int]bool{}
	for _, u := range unless {
		for i := u.From; i < u.To; i++ {
			cancelled[i] = true
		}
	}
	found := map[int]*cueBest{}
	used := map[[2]int]bool{} // a word range already claimed by a longer cue of the same feeling
	for _, h := range d.cues.Find(ws) {
		fi, ci := h.ID>>16, h.ID&0xffff
		if used[[2]int{fi, h.From}] {
			continue
		}
		// A cue that starts with its own negation ("nobody answers", "no
		// reply") is not cancelled by an earlier one: "it never arrived and
		// nobody answers" holds both.
		if d.excepted(unless, fi, h) || (!d.lang.IsNegator(ws[h.From].Text) && d.negated(ws, h.From)) || d.intensifying(ws, fi, h) {
			for i := h.From; i < h.To; i++ {
				cancelled[i] = true
			}
			continue
		}
		for i := h.From; i < h.To; i++ {
			used[[2]int{fi, i}] = true
		}
		n := d.feelings[fi].Cues[ci].Intensity
		if d.intensified(ws, h.From) || ws[h.From].Caps || exclaimed(text, ws[h.To-1].End) {
			n++
		}
		b := found[fi]
		if b == nil {
			b = &cueBest{From: h.From, To: h.To}
			found[fi] = b
		}
		b.hits++
		b.phrase = b.phrase || h.To-h.From > 1
		b.strong = b.strong || d.feelings[fi].Cues[ci].Intensity >= 3
		if n > b.intensity {
			b.intensity, b.From, b.To = n, h.From, h.To
		}
	}
	sc := scoreModels(d.lang, d.valence, d.model, d.weights, ws)
	// The model vetoes a one-word cue it finds far from likely in context
	// ("I'd kill for a coffee" holds no anger); a cue of several words
	// ("let me down") is specific enough to stand.
	for fi, b := range found {
		if fw := d.model[fi]; fw != nil && !b.phrase && sc.prob(fi) < vetoShare*fw.Threshold {
			delete(found, fi)
		}
	}
	d.fromModel(ws, sc, found, cancelled)
	out := make([]Match, 0, len(found))
	for fi, b := range found {
		n := b.intensity
		if b.hits >= repeatBoost {
			n++
		}
		n = min(max(n, 1), 3)
		f := d.feelings[fi]
		s, e := ws[b.From].Start, ws[b.To-1].End
		out = append(out, Match{ID: f.ID, Label: f.Label, Negative: f.Negative, Intensity: n, Start: s, End: e, Evidence: text[s:e]})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Intensity != out[j].Intensity {
			return out[i].Intensity > out[j].Intensity
		}
		if out[i].Negative != out[j].Negative {
			return out[i].Negative
		}
		return out[i].Start < out[j].Start
	})
	return out
}

// cueBest is what detect keeps of a feeling: its strongest evidence.
type cueBest struct {
	intensity, hits int
	From, To        int
	phrase          bool // found by a cue of several words
	strong          bool // found by a cue of the highest intensity ("furious")
}

// fromModel adds the feelings the model finds and the cues did not. Its
// evidence is the word that adds most to the probability; a feeling whose
// evidence word is negated or excepted ("not angry", "no worries") is not
// found. Intensity is 1, or 2 when the model is far over its threshold.
//
// A general feeling's model says whether a feeling of its polarity is
// present at all (for "unhappy": any negative feeling). Under
// generalVetoShare of its threshold it also drops the feelings it covers
// (those its training labels include) found on weak evidence: a one-word
// cue under the highest intensity, or another feeling's model. Over its threshold it is found itself
// when no feeling of its polarity is.
func (d *Detector) fromModel(ws []lang.Word, sc modelScores, found map[int]*cueBest, cancelled map[int]bool) {
	if len(ws) == 0 {
		return
	}
	for fi, fw := range d.model {
		if fw == nil || found[fi] != nil || d.general[fi] {
			continue
		}
		p := sc.prob(fi)
		if p < fw.Threshold {
			continue
		}
		if i := sc.evidence(fi, nil); d.telling(ws, i) && !d.negated(ws, i) && !cancelled[i] {
			n := 1
			if p >= (1+fw.Threshold)/2 {
				n = 2
			}
			found[fi] = &cueBest{intensity: n, hits: 1, From: i, To: i + 1}
		}
	}
	for fi, fw := range d.model {
		if fw == nil || !d.general[fi] {
			continue
		}
		neg := d.feelings[fi].Negative
		p := sc.prob(fi)
		if p < generalVetoShare*fw.Threshold {
			for _, fj := range d.covers[fi] {
				if b := found[fj]; b != nil && !b.phrase && !b.strong {
					delete(found, fj)
				}
			}
		}
		taken := false
		for fj := range found {
			taken = taken || d.feelings[fj].Negative == neg
		}
		if taken || p < fw.Threshold {
			continue
		}
		// The general model reads negation itself ("n:" features), but not
		// the library's exceptions: when the word that adds most is a
		// cancelled cue ("never disappointed", "no worries"), it is not
		// found. Its evidence is the telling word that adds most, with its
		// negation ("isn't true"); failing a telling word, the word that
		// adds most, with the next one if it is a negator ("no one").
		i := sc.evidence(fi, nil)
		if i < 0 || cancelled[i] {
			continue
		}
		if t := sc.evidence(fi, func(i int) bool { return d.telling(ws, i) && !cancelled[i] }); t >= 0 {
			i = t
		}
		from, to := i, i+1
		if j := d.negator(ws, i); j >= 0 {
			from = j
		} else if d.lang.IsNegator(ws[i].Text) && to < len(ws) && !ws[to].Break {
			to++
		}
		found[fi] = &cueBest{intensity: 1, hits: 1, From: from, To: to}
	}
}

// telling reports whether word i can be shown as a feeling's evidence:
// not a function word or a negator ("no rush" is not unhappy).
func (d *Detector) telling(ws []lang.Word, i int) bool {
	return i >= 0 && !d.lang.IsStop(ws[i].Text) && !d.lang.IsNegator(ws[i].Text)
}

// excepted reports whether an "unless" phrase of the same feeling covers
// the cue ("no worries" covers "worries").
func (d *Detector) excepted(unless []lang.PhraseHit, fi int, h lang.PhraseHit) bool {
	for _, u := range unless {
		if u.ID == fi && u.From <= h.From && h.To <= u.To+1 && u.To > h.From {
			return true
		}
	}
	return false
}

// negated reports whether a negator stands within negationWindow words
// before word i, with no clause break between.
func (d *Detector) negated(ws []lang.Word, i int) bool {
	return d.negator(ws, i) >= 0
}

// negator returns the index of the negator within negationWindow words
// before word i in the same clause, with no contrast between ("not cheap
// but awful"), or -1.
func (d *Detector) negator(ws []lang.Word, i int) int {
	for j := i - 1; j >= 0 && j >= i-negationWindow; j-- {
		if ws[j+1].Break || d.lang.IsContrast(ws[j].Text) {
			return -1
		}
		if d.lang.IsNegator(ws[j].Text) {
			return j
		}
	}
	return -1
}

// intensifying reports whether a one-word cue of a negative feeling only
// intensifies the pleasant word right after it ("damn good", "fucking
// awesome"): then it shows no feeling. Pleasant: valence group
// pleasantFrom or more.
func (d *Detector) intensifying(ws []lang.Word, fi int, h lang.PhraseHit) bool {
	if !d.feelings[fi].Negative || h.To-h.From != 1 || h.To >= len(ws) || ws[h.To].Break {
		return false
	}
	return valenceOf(d.valence, ws[h.To].Text) >= pleasantFrom
}

func (d *Detector) intensified(ws []lang.Word, i int) bool {
	for j := i - 1; j >= 0 && j >= i-intensifyWindow; j-- {
		if ws[j+1].Break {
			return false
		}
		if d.lang.Intensifies(ws[j].Text) {
			return true
		}
	}
	return false
}

// exclaimed reports whether "!!" (or "?!") follows position end closely.
func exclaimed(text string, end int) bool {
	rest := text[end:min(len(text), end+6)]
	rest = strings.TrimLeft(rest, " ")
	return strings.HasPrefix(rest, "!!") || strings.HasPrefix(rest, "?!") || strings.HasPrefix(rest, "!?")
}

// Strongest returns the feeling a reply should acknowledge: the most
// intense negative one, else the most intense other one, else nil.
func Strongest(fs []Match) *Match {
	for i := range fs {
		if fs[i].Negative {
			return &fs[i]
		}
	}
	if len(fs) > 0 {
		return &fs[0]
	}
	return nil
}

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
// and the span of the words that show it most strongly. Situation names
// the library's situation that shows it when one does ("delivery-late"),
// and Implied says that no words did: the message's intent implies it.
type Match struct {
	ID        string `json:"id"`
	Label     string `json:"label,omitempty"`
	Negative  bool   `json:"negative"`
	Intensity int    `json:"intensity"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Evidence  string `json:"evidence,omitempty"`
	Situation string `json:"situation,omitempty"`
	Implied   bool   `json:"implied,omitempty"`
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
//
// Customers state what happened more often than how they feel ("bags
// still not here"), so a feeling also has situations: cues of facts, each
// with acknowledgements that name it. The model learned from Reddit
// comments, where such facts are rare, so it vetoes no situation. Signs
// (emoji and emoticons) are cues matched in the text as written. A
// sarcasm cue ("thanks for nothing") shows its feeling and turns the
// message's praise around, as does praise followed in the same sentence
// by a negative cue or situation ("thanks for sending a ripped dress").
type Detector struct {
	lang     *lang.Lang
	feelings []library.Feeling
	refs     []cueRef
	cues     *lang.PhraseSet   // id: index in refs
	signs    []signCue         // cues with no words
	unless   *lang.PhraseSet   // id: feeling
	model    []*Weights        // per feeling; nil where the model has none
	general  []bool            // per feeling: found by the model only alone
	covers   [][]int           // per general feeling: the feelings its model speaks for
	valence  *hashkey.Table    // the model's valence groups (valenceOf)
	weights  weightIndex       // the model's weights by feature
	situated map[string][2]int // situation id: feeling and situation indexes
	notAbout *lang.PhraseSet   // words a situation is not about; id: index in notRefs
	notRefs  [][2]int          // feeling and situation indexes
	sarcasm  *lang.PhraseSet   // the sarcasm cues of words, for SarcasmSpans
	pleasant []bool            // per feeling: see NewDetector
}

// cueRef is what a cue shows: a feeling at an intensity, through one of
// its situations (or -1), or as sarcasm.
type cueRef struct {
	feeling, intensity, situation int
	sarcasm                       bool
}

// signCue is a cue with no words, found in the text as written.
type signCue struct {
	text string
	ref  int
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
	// generalCustomerShare: the share of the general model's bar a
	// customer's message must reach to show its polarity (see fromModel).
	// The bar was set on Reddit comments, where most text is not a
	// complaint; customers write to a service desk mostly when something
	// went wrong. The knee of recall against positives flagged on real
	// messages (docs/feelings-real.md).
	generalCustomerShare = 0.35
	// praiseFrom: see praising. Only the warmest valence groups: thanks
	// (group 2) is gratitude, which the cues already read, and says less
	// about how the customer feels about what went wrong.
	praiseFrom = 3
	// sarcasmIntensity is the intensity of a feeling shown by sarcasm.
	sarcasmIntensity = 2
)

// NewDetector compiles the library's feelings (cues, situations, signs,
// sarcasm cues, exceptions) with the feelings model, nil for none.
func NewDetector(l *lang.Lang, fs []library.Feeling, model *Model) *Detector {
	d := &Detector{lang: l, feelings: fs, cues: lang.NewPhraseSet(), unless: lang.NewPhraseSet(), notAbout: lang.NewPhraseSet(), sarcasm: lang.NewPhraseSet(), model: make([]*Weights, len(fs)), general: make([]bool, len(fs)), covers: make([][]int, len(fs)), situated: map[string][2]int{}}
	add := func(text string, r cueRef) {
		d.refs = append(d.refs, r)
		if library.IsSign(text) {
			d.signs = append(d.signs, signCue{text: text, ref: len(d.refs) - 1})
			return
		}
		d.cues.Add(l.PhraseWords(text), len(d.refs)-1)
	}
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
		for _, c := range f.Cues {
			add(c.Text, cueRef{feeling: fi, intensity: c.Intensity, situation: -1})
		}
		for si, sit := range f.Situations {
			d.situated[sit.ID] = [2]int{fi, si}
			for _, c := range sit.Cues {
				add(c.Text, cueRef{feeling: fi, intensity: c.Intensity, situation: si})
			}
			for _, w := range sit.NotAbout {
				d.notRefs = append(d.notRefs, [2]int{fi, si})
				d.notAbout.Add(l.PhraseWords(w), len(d.notRefs)-1)
			}
		}
		for _, c := range f.Sarcasm {
			add(c, cueRef{feeling: fi, intensity: sarcasmIntensity, situation: -1, sarcasm: true})
			if !library.IsSign(c) {
				d.sarcasm.Add(l.PhraseWords(c), fi)
			}
		}
		for _, u := range f.Unless {
			d.unless.Add(l.PhraseWords(u), fi)
		}
	}
	// A feeling is pleasant (gratitude, delight; not urgency) when it is
	// not negative and its one-word cues lean to the pleasant valence
	// groups: the data says so without a field of its own.
	d.pleasant = make([]bool, len(fs))
	for fi, f := range fs {
		sum := 0
		for _, c := range f.Cues {
			if !strings.Contains(c.Text, " ") {
				sum += valenceOf(d.valence, strings.TrimSuffix(c.Text, "*"))
			}
		}
		d.pleasant[fi] = !f.Negative && sum > 0
	}
	d.weights = newWeightIndex(d.model)
	return d
}

// cueBest is what detect keeps of a feeling: its strongest evidence.
type cueBest struct {
	intensity, hits int
	start, end      int  // bytes of the evidence
	phrase          bool // found by a cue of several words, a sign or a situation
	strong          bool // found by a cue of the highest intensity ("furious")
	model           bool // found by the model, not a cue
	situation       int  // the situation that shows it, or -1
}

// Detect finds the feelings of a message, given as text and its words.
// implied names a situation the message's intent implies, or is empty:
// see implied.
func (d *Detector) Detect(text string, ws []lang.Word, implied string) []Match {
	ms, _ := d.Read(text, ws, implied)
	return ms
}

// Read is Detect, and also reports whether the message holds one of the
// library's sarcasm cues: its praise is then not meant, which the
// matching of intents needs to know too (the library is the one list of
// such cues).
func (d *Detector) Read(text string, ws []lang.Word, implied string) (_ []Match, sarcastic bool) {
	if len(d.feelings) == 0 {
		return []Match{}, false
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
	claimed := map[int]bool{} // words that are some found cue's evidence
	var negAt []int           // where negative cues start (bytes)
	keep := func(r cueRef, n, start, end int, phrase bool) {
		b := found[r.feeling]
		if b == nil {
			b = &cueBest{start: start, end: end, situation: -1}
			found[r.feeling] = b
		}
		b.hits++
		b.phrase = b.phrase || phrase
		b.strong = b.strong || r.intensity >= 3
		if r.situation >= 0 && (b.situation < 0 || n > b.intensity) {
			b.situation = r.situation
		}
		if n > b.intensity {
			b.intensity, b.start, b.end = n, start, end
		}
		sarcastic = sarcastic || r.sarcasm
		if d.feelings[r.feeling].Negative {
			negAt = append(negAt, start)
		}
	}
	hits := d.cues.Find(ws)
	var pleasantAt []int // where the cues of pleasant feelings start (words)
	for _, h := range hits {
		if r := d.refs[h.ID]; d.pleasant[r.feeling] && !r.sarcasm {
			pleasantAt = append(pleasantAt, h.From)
		}
	}
	var notHits []lang.PhraseHit
	notFound := false
	var elsewhere [][2]int // situations whose cues told of something else
	for _, h := range hits {
		r := d.refs[h.ID]
		fi := r.feeling
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
		// A situation asked about ("is my flight delayed?", "can I get a
		// voucher for the delay?") is not one the customer reports, nor is
		// one that thanks are for ("thanks for rebooking me when my flight
		// was cancelled"), nor one told just after what put it right
		// ("replaced my broken mug"), which then does not turn the praise
		// before it into sarcasm either.
		if r.situation >= 0 && (d.asked(text, ws, h.From) || d.background(text, ws, h.From, pleasantAt) || d.resolved(ws, h.From)) {
			continue
		}
		// A situation's cue beside a word the situation is not about
		// shows the feeling but not the situation: "the reset email never
		// arrived" is no late parcel, though it may well frustrate.
		situational := r.situation >= 0 // a situation's cue is specific enough to stand, whatever it tells of
		if situational && len(d.notRefs) > 0 {
			if !notFound {
				notHits, notFound = d.notAbout.Find(ws), true
			}
			if d.aboutElse(text, ws, h, r, notHits) {
				elsewhere = append(elsewhere, [2]int{fi, r.situation})
				r.situation = -1
			}
		}
		for i := h.From; i < h.To; i++ {
			used[[2]int{fi, i}] = true
			claimed[i] = true
		}
		n := r.intensity
		if d.intensified(ws, h.From) || ws[h.From].Caps || exclaimed(text, ws[h.To-1].End) {
			n++
		}
		keep(r, n, ws[h.From].Start, ws[h.To-1].End, h.To-h.From > 1 || r.sarcasm || situational)
	}
	for _, sg := range d.signs {
		for at := 0; at < len(text); {
			i := strings.Index(text[at:], sg.text)
			if i < 0 {
				break
			}
			s, e := at+i, at+i+len(sg.text)
			at = e
			if signAlone(text, s, e) {
				keep(d.refs[sg.ref], d.refs[sg.ref].intensity, s, e, true)
			}
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
	// Praise is sarcastic when the message holds a sarcasm cue, or when a
	// negative cue follows it in the same sentence.
	for fi, b := range found {
		if d.feelings[fi].Negative || b.model {
			continue
		}
		if sarcastic || slices.ContainsFunc(negAt, func(at int) bool { return at >= b.end && !sentenceEnd(text[b.end:at]) }) {
			delete(found, fi)
		}
	}
	d.fromModel(ws, sc, found, cancelled, claimed)
	d.outweigh(found)
	// Nor does the intent bring back a situation its words were found
	// not to be about ("the login link you sent is broken", matched to
	// damaged items).
	if at, ok := d.situated[implied]; ok && slices.Contains(elsewhere, at) {
		implied = ""
	}
	isImplied := d.implied(implied, ws, found, len(cancelled) > 0)
	out := make([]Match, 0, len(found))
	for fi := range d.feelings { // in library order: sortFeelings keeps it among equals
		b := found[fi]
		if b == nil {
			continue
		}
		n := b.intensity
		if b.hits >= repeatBoost {
			n++
		}
		n = min(max(n, 1), 3)
		f := d.feelings[fi]
		m := Match{ID: f.ID, Label: f.Label, Negative: f.Negative, Intensity: n, Start: b.start, End: b.end, Evidence: text[b.start:b.end]}
		if b.situation >= 0 {
			m.Situation = f.Situations[b.situation].ID
		}
		if b == isImplied {
			m.Start, m.End, m.Evidence, m.Implied = 0, 0, "", true
		}
		out = append(out, m)
	}
	sortFeelings(out)
	return out, sarcastic
}

// outweigh drops the mild negative feelings that the words' pleasant ones
// outweigh: when a cue shows a pleasant feeling ("love the new app"), a
// negative feeling of intensity 1 that only the model finds, or that a
// single cue shows ("ugh", "sadly") and no situation, was a passing word,
// not how the customer feels. The general model's negativity already
// yields to a pleasant feeling (fromModel); this is the same judgement for
// the other feelings. A situation stands: customers thank and report a
// fault in one breath.
func (d *Detector) outweigh(found map[int]*cueBest) {
	pleasant := false
	for fi, b := range found {
		pleasant = pleasant || d.pleasant[fi] && !b.model
	}
	if !pleasant {
		return
	}
	for fi, b := range found {
		if d.feelings[fi].Negative && b.intensity <= 1 && (b.model || b.hits == 1 && b.situation < 0) {
			delete(found, fi)
		}
	}
}

// implied applies the situation id that the message's intent implies:
// it names the situation on its feeling when words found that feeling
// without one, and otherwise adds the feeling (intensity 1, no evidence)
// when the words show nothing of their own: no negative or pleasant
// feeling, no cue cancelled or excepted ("no worries", "never
// disappoints"), no praise. A customer who says how they feel is
// believed over what their request usually means.
func (d *Detector) implied(id string, ws []lang.Word, found map[int]*cueBest, cancelled bool) *cueBest {
	at, ok := d.situated[id]
	if !ok {
		return nil
	}
	fi, si := at[0], at[1]
	if b := found[fi]; b != nil {
		if b.situation < 0 {
			b.situation = si
		}
		return nil
	}
	for fj := range found {
		if d.feelings[fj].Negative || d.pleasant[fj] {
			return nil
		}
	}
	if cancelled || d.praising(ws) {
		return nil
	}
	b := &cueBest{intensity: 1, hits: 1, situation: si}
	found[fi] = b
	return b
}

// SarcasmSpans returns where the words of sarcasm cues stand in ws
// ("thanks for nothing"): they say how the customer feels, not what they
// ask, so the engine matches a message without them when it asks
// something besides.
func (d *Detector) SarcasmSpans(ws []lang.Word) []lang.Span {
	var out []lang.Span
	for _, h := range d.sarcasm.Find(ws) {
		out = append(out, lang.Span{Start: ws[h.From].Start, End: ws[h.To-1].End})
	}
	return out
}

// aboutElse reports whether one of the words that situation r is not
// about stands beside cue h, in its sentence: up to aboutBefore words
// before it ("the link in your email is broken") or aboutAfter after it
// ("I haven't received any answer").
func (d *Detector) aboutElse(text string, ws []lang.Word, h lang.PhraseHit, r cueRef, notHits []lang.PhraseHit) bool {
	for _, n := range notHits {
		if d.notRefs[n.ID] != [2]int{r.feeling, r.situation} {
			continue
		}
		var from, to int // the gaps between the words from..to are between the two
		switch {
		case n.To <= h.From && h.From-n.To <= aboutBefore:
			from, to = n.To-1, h.From
		case n.From >= h.To && n.From-h.To <= aboutAfter:
			from, to = h.To-1, n.From
		default:
			continue
		}
		apart := false
		for j := from; j < to && !apart; j++ {
			apart = sentenceEnd(gapText(text, ws, j, j+1))
		}
		if !apart {
			return true
		}
	}
	return false
}

// aboutBefore and aboutAfter: how many words may stand between a cue and
// a word its situation is not about for that word to be what the cue
// tells of. A subject comes before its verb with an adjective or two
// between ("the verification code I asked for never arrived"); an object
// follows closely ("not received any answer").
const (
	aboutBefore = 3
	aboutAfter  = 2
)

// asked reports whether word i stands in a yes-no question: in a clause
// that the language data says opens one ("is", "will", "any"), with no
// "why" before it ("can you tell me why it is delayed?" reports the delay),
// in a sentence that ends with a question mark. "Can you help, my flight
// is delayed?" reports it too: the delay is in a clause of its own.
func (d *Detector) asked(text string, ws []lang.Word, i int) bool {
	from := i
	for from > 0 && !ws[from].Break {
		from--
		if ws[from].Text == "why" {
			return false
		}
	}
	if !d.lang.OpensQuestion(ws[from].Text) {
		return false
	}
	for j := i; j+1 < len(ws); j++ {
		if gap := gapText(text, ws, j, j+1); sentenceEnd(gap) {
			return strings.Contains(gap, "?")
		}
	}
	return strings.Contains(text[ws[len(ws)-1].End:], "?")
}

// resolved reports whether a word that says a fault was put right (the
// language data's resolutions), not negated, stands up to resolvedReach
// words before word i, in its clause and with no contrast between, as a
// negator is looked for: "fixed my broken login", but not "still not
// fixed, the screen is broken" nor "fixed it, but now it's broken again".
func (d *Detector) resolved(ws []lang.Word, i int) bool {
	for j := i - 1; j >= 0 && j >= i-resolvedReach; j-- {
		if ws[j+1].Break || d.lang.IsContrast(ws[j].Text) {
			return false
		}
		if d.lang.IsResolution(ws[j].Text) {
			return !d.negated(ws, j)
		}
	}
	return false
}

// resolvedReach: a fault put right is its verb's object, a word or two on
// ("replaced the damaged lamp").
const resolvedReach = 3

// background reports whether word i stands in a clause of circumstances
// ("since", "when", "despite": the language data's subordinators) that
// follows a pleasant cue in the same sentence with no contrast between:
// "thank you for finding me a seat when my flight was cancelled" thanks
// for what was done about the cancellation; "thanks, but my flight was
// cancelled when I got there" complains.
func (d *Detector) background(text string, ws []lang.Word, i int, pleasantAt []int) bool {
	sub := false
	for j := i - 1; j >= 0; j-- {
		if sentenceEnd(gapText(text, ws, j, j+1)) || d.lang.IsContrast(ws[j].Text) {
			return false
		}
		if sub && slices.Contains(pleasantAt, j) {
			return true
		}
		sub = sub || d.lang.IsSubordinator(ws[j].Text)
	}
	return false
}

// gapText is the text between words a and b (none when they overlap, as
// the words of one folded token do).
func gapText(text string, ws []lang.Word, a, b int) string {
	if ws[a].End >= ws[b].Start {
		return ""
	}
	return text[ws[a].End:ws[b].Start]
}

// praising reports whether a word of the warmest valence groups (from
// praiseFrom: "love", "great", "best") stands in words, not negated.
func (d *Detector) praising(ws []lang.Word) bool {
	for i, w := range ws {
		if valenceOf(d.valence, w.Text) >= praiseFrom && !d.negated(ws, i) {
			return true
		}
	}
	return false
}

// sortFeelings orders feelings strongest first, negative before positive
// at one intensity, then by position.
func sortFeelings(out []Match) {
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Intensity != out[j].Intensity {
			return out[i].Intensity > out[j].Intensity
		}
		if out[i].Negative != out[j].Negative {
			return out[i].Negative
		}
		if (out[i].Situation != "") != (out[j].Situation != "") {
			return out[i].Situation != "" // what happened says more than a mood
		}
		return out[i].Start < out[j].Start
	})
}

// signAlone reports whether the sign at text[s:e] stands alone: an emoji
// anywhere, an emoticon of plain characters only between spaces or
// punctuation (":/" in a web address is no emoticon).
func signAlone(text string, s, e int) bool {
	if text[s] >= 0x80 {
		return true
	}
	if s > 0 && !strings.ContainsRune(" \t\n\"'(", rune(text[s-1])) {
		return false
	}
	return e == len(text) || strings.ContainsRune(" \t\n\"'.,;!?)(", rune(text[e]))
}

// sentenceEnd reports whether s holds the end of a sentence.
func sentenceEnd(s string) bool { return strings.ContainsAny(s, ".!?\n") }

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
// when no feeling of its polarity is, nor a pleasant one ("thanks"), and
// so is a negative general feeling over generalCustomerShare of it when
// its evidence is unpleasant or negated, not a hashtag's word, and the
// message shows no praise and no cancelled cue ("no worries").
//
// One word shows one feeling: a word that is a cue's evidence is not the
// evidence of a feeling the model adds ("frustrated" is not anger too),
// unless the library lists it under both.
func (d *Detector) fromModel(ws []lang.Word, sc modelScores, found map[int]*cueBest, cancelled, claimed map[int]bool) {
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
		// One word shows one feeling: a word that is already a cue's
		// evidence ("frustrated") is not another feeling's, which must
		// then be shown by another telling word or not at all.
		i := sc.evidence(fi, nil)
		if i >= 0 && claimed[i] {
			i = sc.evidence(fi, func(j int) bool { return !claimed[j] && d.telling(ws, j) })
		}
		if d.telling(ws, i) && !d.negated(ws, i) && !cancelled[i] {
			n := 1
			if p >= (1+fw.Threshold)/2 {
				n = 2
			}
			found[fi] = &cueBest{intensity: n, hits: 1, start: ws[i].Start, end: ws[i].End, model: true, situation: -1}
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
		taken, other := false, false
		for fj := range found {
			taken = taken || d.feelings[fj].Negative == neg
			other = other || neg && d.pleasant[fj]
		}
		if taken || other || p < generalCustomerShare*fw.Threshold {
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
		j := d.negator(ws, i)
		if j >= 0 {
			from = j
		} else if d.lang.IsNegator(ws[i].Text) && to < len(ws) && !ws[to].Break {
			to++
		}
		// Under the model's own bar, only a customer's message that shows
		// no other feeling and no praise, with unpleasant or negated
		// evidence, counts; a word of a hashtag ("#disruption") names a
		// topic more often than a feeling, so it is not such evidence.
		if p < fw.Threshold && (!neg || other || len(cancelled) > 0 || d.praising(ws) || j < 0 && from == i && to == i+1 && valenceOf(d.valence, ws[i].Text) >= 0 || ws[i].Tag) {
			continue
		}
		found[fi] = &cueBest{intensity: 1, hits: 1, start: ws[from].Start, end: ws[to-1].End, model: true, situation: -1}
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

// ToAcknowledge returns the feeling a reply acknowledges: the strongest
// (see Strongest) when it is negative or intense. Negative feelings are
// always acknowledged; a passing "thanks" or "today" needs no formal
// acknowledgement, a strong one does.
func ToAcknowledge(fs []Match) *Match {
	if f := Strongest(fs); f != nil && (f.Negative || f.Intensity >= 2) {
		return f
	}
	return nil
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

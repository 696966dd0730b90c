package suggestions

import (
	"math"
	"sort"
	"strings"

	"github.com/warmdesk/warmdesk/suggestions/feelings"
	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/suggestions/tone"
)

// The quality report, in prose.
//
// The report is computed from the library alone, the way a knowledge
// manager would test it by hand: every phrasing is taken out of the
// library in turn and matched against the rest (leave-one-out). When the
// top intent is the phrasing's own intent, the library "knows" that way of
// asking; when it is another intent, the two intents collide there. Per
// intent this gives an accuracy and the intent it is most often taken for;
// across the library, the pairs of intents that collide, with the
// phrasings that collide.
//
// Around that, cheap structural checks: the same phrasing under two
// intents, intents with too few phrasings or with phrasings that are
// near-duplicates of each other (they cost a slot and teach the matcher
// nothing), tone findings in every piece of text agents send, placeholders
// that nothing the composer knows can fill, and feelings that lack an
// acknowledgement at some intensity.
//
// Tone rules are applied to each piece in its role: a reply body is only
// the middle of a reply (the composer adds the opener, acknowledgement and
// closer), so bodies get the avoid and swap rules; openers also get the
// opening rules, closers the closing rules, and acknowledgements of
// negative feelings the acknowledge rules (an acknowledgement that the
// acknowledge rule does not recognise would be flagged in every reply it
// opens).

// MinPhrasings is the fewest phrasings an intent should have. With fewer,
// leave-one-out accuracy on BANKING77-style data drops steeply (the README
// measures 10 per intent as the working point); eight leaves room for
// small, distinct intents without hiding thin ones.
const MinPhrasings = 8

// nearDuplicateCosine is the character-trigram cosine at or above which
// two phrasings of one intent count as near-duplicates: at 0.9 they differ
// by about a word ending or one short word ("where is my order" and
// "where is my orders"), which teaches the matcher nothing new.
const nearDuplicateCosine = 0.9

// maxCollisions and maxSimilarPerIntent bound the examples the report
// lists, so that a very large or very poor library gives a readable
// report; the counts stay exact.
const (
	maxCollisions       = 20
	maxSimilarPerIntent = 20
)

// Report is the quality report of a library. Lists are never null, and
// their order is deterministic.
type Report struct {
	Library         string           `json:"library,omitempty"`
	MinPhrasings    int              `json:"min_phrasings"`
	Totals          ReportTotals     `json:"totals"`
	Accuracy        float64          `json:"accuracy"` // leave-one-out top-1 over all phrasings
	Intents         []IntentQuality  `json:"intents"`
	Confusions      []Confusion      `json:"confusions"`
	Shared          []SharedPhrasing `json:"shared_phrasings"`
	FewPhrasings    []FewPhrasings   `json:"few_phrasings"`
	Similar         []SimilarPair    `json:"similar_phrasings"`
	NoReplies       []string         `json:"intents_without_replies"`
	Tone            []ToneFinding    `json:"tone_findings"`
	Placeholders    PlaceholderCheck `json:"placeholders"`
	Acknowledgement []MissingAck     `json:"missing_acknowledgements"`
}

// ReportTotals counts what the library holds and what the report found.
type ReportTotals struct {
	Intents      int `json:"intents"`
	Phrasings    int `json:"phrasings"`
	Correct      int `json:"correct"` // phrasings whose leave-one-out top intent is their own
	Replies      int `json:"replies"`
	Feelings     int `json:"feelings"`
	Openers      int `json:"openers"`
	Closers      int `json:"closers"`
	Rules        int `json:"rules"`
	ToneFindings int `json:"tone_findings"`
}

// IntentQuality is one intent's line of the report.
type IntentQuality struct {
	ID        string  `json:"id"`
	Title     string  `json:"title,omitempty"`
	Phrasings int     `json:"phrasings"`
	Replies   int     `json:"replies"`
	Correct   int     `json:"correct"`
	Accuracy  float64 `json:"accuracy"` // Correct / Phrasings; 0 for an intent without phrasings
	// ConfusedWith is the intent its phrasings are most often matched to
	// instead (ties: the first in library order), with how often.
	ConfusedWith  string `json:"confused_with,omitempty"`
	ConfusedCount int    `json:"confused_count,omitempty"`
	// Unmatched counts phrasings that matched no intent at all once left
	// out (they share no known feature with the rest of the library).
	Unmatched      int  `json:"unmatched,omitempty"`
	TooFew         bool `json:"too_few,omitempty"`
	NearDuplicates int  `json:"near_duplicates,omitempty"`
}

// Confusion is a pair of intents the matcher mixes up: Count phrasings of
// one were matched to the other (both directions summed). Collisions lists
// up to maxCollisions of them.
type Confusion struct {
	A          string      `json:"a"`
	B          string      `json:"b"`
	Count      int         `json:"count"`
	Collisions []Collision `json:"collisions"`
}

// Collision is one phrasing matched, once left out, to another intent.
type Collision struct {
	Phrasing string  `json:"phrasing"`
	Intent   string  `json:"intent"`  // the phrasing's own intent
	Matched  string  `json:"matched"` // the intent it was matched to
	Nearest  string  `json:"nearest,omitempty"`
	Score    float64 `json:"score"`
}

// SharedPhrasing is one phrasing (after normalisation) listed under
// several intents; Texts are the phrasings as written, one per intent.
type SharedPhrasing struct {
	Normalized string   `json:"normalized"`
	Intents    []string `json:"intents"`
	Texts      []string `json:"texts"`
}

// FewPhrasings is an intent with fewer than MinPhrasings phrasings.
type FewPhrasings struct {
	Intent    string `json:"intent"`
	Phrasings int    `json:"phrasings"`
}

// SimilarPair is two phrasings of one intent that are near-duplicates.
// Reason is "same words" (the same content words once stemmed and with
// synonyms merged, in any order) or "similar letters" (character-trigram
// cosine of at least 0.9).
type SimilarPair struct {
	Intent     string  `json:"intent"`
	A          string  `json:"a"`
	B          string  `json:"b"`
	Similarity float64 `json:"similarity"`
	Reason     string  `json:"reason"`
}

// Location names a piece of text in the library the way problems do:
// entry ("intent order.track", "opener hi-name", "feeling angry") and
// field ("replies[1].body", "text", "acknowledgements[2].text").
type Location struct {
	Entry string `json:"entry"`
	Field string `json:"field"`
}

// ToneFinding is a tone finding in one piece of library text. The
// finding's span is in that text.
type ToneFinding struct {
	Location
	tone.Finding
}

// PlaceholderCheck lists which placeholders the composer fills and which
// it cannot. Context and Entities are what it fills from the ticket's
// context and from the customer's message; anything else is filled only
// when the host page passes it by name (Context.Values), and is reported
// in Unfillable with where it is used.
type PlaceholderCheck struct {
	Context    []string          `json:"context"`
	Entities   []string          `json:"entities"`
	Unfillable []UnfilledSummary `json:"unfillable"`
}

// UnfilledSummary is one placeholder name nothing fills, and its uses.
type UnfilledSummary struct {
	Name string     `json:"name"`
	Uses []Location `json:"uses"`
}

// MissingAck is a feeling without an acknowledgement at some intensities.
// The composer then uses the nearest intensity it has, which reads too
// strong or too weak.
type MissingAck struct {
	Feeling     string `json:"feeling"`
	Intensities []int  `json:"intensities"`
}

// Report computes the quality report of the engine's library. progress,
// when not nil, is called with the work done and the total as the report
// advances (leave-one-out matching is most of the work), starting with
// (0, total) and ending with (total, total). The report depends only on
// the library: the same library gives the same report.
func (e *Engine) Report(progress func(done, total int)) Report {
	lib := e.lib
	n := e.m.Phrasings()
	total := n + 1 // the checks after leave-one-out count as one step
	step := max(1, n/100)
	tell := func(done int) {
		if progress != nil {
			progress(done, total)
		}
	}
	tell(0)

	rep := Report{
		Library:      lib.Name,
		MinPhrasings: MinPhrasings,
		Intents:      make([]IntentQuality, len(lib.Intents)),
		Confusions:   []Confusion{},
		Shared:       []SharedPhrasing{},
		FewPhrasings: []FewPhrasings{},
		Similar:      []SimilarPair{},
		NoReplies:    []string{},
	}
	for i, in := range lib.Intents {
		rep.Intents[i] = IntentQuality{ID: in.ID, Title: in.Title, Replies: len(in.Replies)}
	}

	// Leave-one-out: confused[i][j] counts phrasings of i matched to j.
	confused := make([]map[int]int, len(lib.Intents))
	pairs := map[[2]int]*Confusion{}
	for d := 0; d < n; d++ {
		own, text := e.m.Phrasing(d)
		iq := &rep.Intents[own]
		iq.Phrasings++
		got, score, nearest, ok := e.m.LeaveOneOut(d)
		switch {
		case !ok || score <= 0:
			iq.Unmatched++
		case got == own:
			iq.Correct++
		default:
			if confused[own] == nil {
				confused[own] = map[int]int{}
			}
			confused[own][got]++
			key := [2]int{min(own, got), max(own, got)}
			c, ok := pairs[key]
			if !ok {
				c = &Confusion{A: lib.Intents[key[0]].ID, B: lib.Intents[key[1]].ID, Collisions: []Collision{}}
				pairs[key] = c
			}
			c.Count++
			if len(c.Collisions) < maxCollisions {
				col := Collision{Phrasing: text, Intent: lib.Intents[own].ID, Matched: lib.Intents[got].ID, Score: round4(score)}
				if nearest >= 0 {
					_, col.Nearest = e.m.Phrasing(nearest)
				}
				c.Collisions = append(c.Collisions, col)
			}
		}
		if (d+1)%step == 0 {
			tell(d + 1)
		}
	}

	for i := range rep.Intents {
		iq := &rep.Intents[i]
		rep.Totals.Phrasings += iq.Phrasings
		rep.Totals.Correct += iq.Correct
		if iq.Phrasings > 0 {
			iq.Accuracy = round4(float64(iq.Correct) / float64(iq.Phrasings))
		}
		best := -1
		for j, c := range confused[i] {
			if c > iq.ConfusedCount || c == iq.ConfusedCount && j < best {
				best, iq.ConfusedCount = j, c
			}
		}
		if best >= 0 {
			iq.ConfusedWith = lib.Intents[best].ID
		}
		if iq.Phrasings < MinPhrasings {
			iq.TooFew = true
			rep.FewPhrasings = append(rep.FewPhrasings, FewPhrasings{Intent: iq.ID, Phrasings: iq.Phrasings})
		}
		if iq.Replies == 0 {
			rep.NoReplies = append(rep.NoReplies, iq.ID)
		}
	}
	for _, c := range pairs {
		rep.Confusions = append(rep.Confusions, *c)
	}
	sort.Slice(rep.Confusions, func(i, j int) bool {
		a, b := rep.Confusions[i], rep.Confusions[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if a.A != b.A {
			return a.A < b.A
		}
		return a.B < b.B
	})
	if rep.Totals.Phrasings > 0 {
		rep.Accuracy = round4(float64(rep.Totals.Correct) / float64(rep.Totals.Phrasings))
	}

	rep.Shared = e.sharedPhrasings()
	for i := range lib.Intents {
		pairs := e.similarPhrasings(i)
		rep.Intents[i].NearDuplicates = len(pairs)
		if len(pairs) > maxSimilarPerIntent {
			pairs = pairs[:maxSimilarPerIntent]
		}
		rep.Similar = append(rep.Similar, pairs...)
	}
	rep.Tone = e.toneFindings()
	rep.Placeholders = e.placeholderCheck()
	rep.Acknowledgement = missingAcks(lib.Feelings)

	rep.Totals.Intents = len(lib.Intents)
	rep.Totals.Feelings = len(lib.Feelings)
	rep.Totals.Openers = len(lib.Openers)
	rep.Totals.Closers = len(lib.Closers)
	rep.Totals.Rules = len(lib.Rules)
	rep.Totals.ToneFindings = len(rep.Tone)
	for _, in := range lib.Intents {
		rep.Totals.Replies += len(in.Replies)
	}
	tell(total)
	return rep
}

// sharedPhrasings finds phrasings that are the same, once normalised,
// under two or more intents, in library order.
func (e *Engine) sharedPhrasings() []SharedPhrasing {
	type use struct {
		intent int
		text   string
	}
	uses := map[string][]use{}
	var order []string
	for i, in := range e.lib.Intents {
		for _, p := range in.Phrasings {
			k := lang.Normalize(p)
			if k == "" {
				continue
			}
			us := uses[k]
			if len(us) > 0 && us[len(us)-1].intent == i {
				continue // a repeat inside one intent is a validation problem, not this one
			}
			if len(us) == 0 {
				order = append(order, k)
			}
			uses[k] = append(us, use{i, p})
		}
	}
	out := []SharedPhrasing{}
	for _, k := range order {
		us := uses[k]
		if len(us) < 2 {
			continue
		}
		sp := SharedPhrasing{Normalized: k}
		for _, u := range us {
			sp.Intents = append(sp.Intents, e.lib.Intents[u.intent].ID)
			sp.Texts = append(sp.Texts, u.text)
		}
		out = append(out, sp)
	}
	return out
}

// similarPhrasings lists the near-duplicate pairs among one intent's
// phrasings, in phrasing order.
func (e *Engine) similarPhrasings(intent int) []SimilarPair {
	in := e.lib.Intents[intent]
	words := make([]string, len(in.Phrasings))
	grams := make([]gramVector, len(in.Phrasings))
	for i, p := range in.Phrasings {
		words[i] = e.wordKey(p)
		grams[i] = trigramVector(lang.Normalize(p))
	}
	out := []SimilarPair{}
	for i := range in.Phrasings {
		for j := i + 1; j < len(in.Phrasings); j++ {
			sp := SimilarPair{Intent: in.ID, A: in.Phrasings[i], B: in.Phrasings[j]}
			cos := grams[i].cosine(grams[j])
			switch {
			case words[i] != "" && words[i] == words[j]:
				sp.Reason, sp.Similarity = "same words", round4(cos)
			case cos >= nearDuplicateCosine:
				sp.Reason, sp.Similarity = "similar letters", round4(cos)
			default:
				continue
			}
			out = append(out, sp)
		}
	}
	return out
}

// wordKey is the sorted set of a phrasing's words, normalised (case,
// accents, spelling variants such as "wheres" or "cancle") and stemmed:
// two phrasings with the same key use the same words, in whatever order,
// and differ to the matcher only in word order. Stop words count ("how do
// I cancel" and "I want to cancel" are different ways to ask), and
// synonyms are not merged ("track my order" and "order status" teach the
// matcher different bigrams and letters).
func (e *Engine) wordKey(p string) string {
	seen := map[string]bool{}
	var terms []string
	for _, w := range e.lang.Words(p) {
		t := lang.Stem(w.Text)
		if !seen[t] {
			seen[t] = true
			terms = append(terms, t)
		}
	}
	sort.Strings(terms)
	return strings.Join(terms, " ")
}

// gramVector is a sparse vector of character trigram counts, sorted by
// gram, with its length.
type gramVector struct {
	grams []string
	count []float64
	norm  float64
}

func trigramVector(s string) gramVector {
	counts := map[string]float64{}
	for _, w := range strings.Fields(s) {
		w = "<" + w + ">"
		for i := 0; i+3 <= len(w); i++ {
			counts[w[i:i+3]]++
		}
	}
	var v gramVector
	for g := range counts {
		v.grams = append(v.grams, g)
	}
	sort.Strings(v.grams)
	v.count = make([]float64, len(v.grams))
	for i, g := range v.grams {
		v.count[i] = counts[g]
		v.norm += counts[g] * counts[g]
	}
	v.norm = math.Sqrt(v.norm)
	return v
}

func (v gramVector) cosine(o gramVector) float64 {
	if v.norm == 0 || o.norm == 0 {
		return 0
	}
	var dot float64
	for i, j := 0, 0; i < len(v.grams) && j < len(o.grams); {
		switch {
		case v.grams[i] < o.grams[j]:
			i++
		case v.grams[i] > o.grams[j]:
			j++
		default:
			dot += v.count[i] * o.count[j]
			i++
			j++
		}
	}
	return dot / (v.norm * o.norm)
}

// ToneFindings checks every piece of text agents send (openers, reply
// bodies, acknowledgements, closers) with the rules that apply to its
// role, as the quality report does, without the report's matching work:
// the studio asks it before publishing a revision.
func (e *Engine) ToneFindings() []ToneFinding { return e.toneFindings() }

// toneFindings checks every piece of text agents send with the rules that
// apply to its role (see the prose at the top of this file).
func (e *Engine) toneFindings() []ToneFinding {
	body := e.tone.Only(library.KindAvoid, library.KindSwap)
	opener := e.tone.Only(library.KindAvoid, library.KindSwap, library.KindOpening)
	closer := e.tone.Only(library.KindAvoid, library.KindSwap, library.KindClosing)
	ackNegative := e.tone.Only(library.KindAvoid, library.KindSwap, library.KindAcknowledge)
	upset := tone.Options{CustomerFeelings: []feelings.Match{{ID: "report", Negative: true, Intensity: 2}}}

	out := []ToneFinding{}
	check := func(loc Location, rules *tone.Checker, text string, opt tone.Options) {
		if rules == nil {
			return
		}
		for _, f := range rules.Check(text, opt) {
			out = append(out, ToneFinding{Location: loc, Finding: f})
		}
	}
	lib := e.lib
	for _, s := range lib.Openers {
		check(Location{"opener " + s.ID, "text"}, opener, s.Text, tone.Options{})
	}
	for _, in := range lib.Intents {
		for j, r := range in.Replies {
			check(Location{"intent " + in.ID, "replies[" + itoa(j) + "].body"}, body, r.Body, tone.Options{})
		}
	}
	for _, f := range lib.Feelings {
		rules, opt := body, tone.Options{}
		if f.Negative {
			rules, opt = ackNegative, upset
		}
		for j, a := range f.Acknowledgements {
			check(Location{"feeling " + f.ID, "acknowledgements[" + itoa(j) + "].text"}, rules, a.Text, opt)
		}
		for k, si := range f.Situations {
			for j, a := range si.Acknowledgements {
				check(Location{"feeling " + f.ID, "situations[" + itoa(k) + "].acknowledgements[" + itoa(j) + "].text"}, rules, a.Text, opt)
			}
		}
	}
	for _, s := range lib.Closers {
		check(Location{"closer " + s.ID, "text"}, closer, s.Text, tone.Options{})
	}
	return out
}

// placeholderCheck finds placeholders that the composer cannot fill
// (see FillablePlaceholders).
func (e *Engine) placeholderCheck() PlaceholderCheck {
	ctxNames, msgNames := FillablePlaceholders()
	fillable := map[string]bool{}
	for _, n := range append(ctxNames, msgNames...) {
		fillable[n] = true
	}
	pc := PlaceholderCheck{Context: ctxNames, Entities: msgNames, Unfillable: []UnfilledSummary{}}
	uses := map[string][]Location{}
	var names []string
	scan := func(loc Location, text string) {
		for _, p := range library.Unfilled(text) {
			if fillable[p.Name] {
				continue
			}
			if _, ok := uses[p.Name]; !ok {
				names = append(names, p.Name)
			}
			if us := uses[p.Name]; len(us) == 0 || us[len(us)-1] != loc {
				uses[p.Name] = append(us, loc)
			}
		}
	}
	lib := e.lib
	for _, s := range lib.Openers {
		scan(Location{"opener " + s.ID, "text"}, s.Text)
	}
	for _, in := range lib.Intents {
		for j, r := range in.Replies {
			scan(Location{"intent " + in.ID, "replies[" + itoa(j) + "].body"}, r.Body)
		}
	}
	for _, f := range lib.Feelings {
		for j, a := range f.Acknowledgements {
			scan(Location{"feeling " + f.ID, "acknowledgements[" + itoa(j) + "].text"}, a.Text)
		}
	}
	for _, s := range lib.Closers {
		scan(Location{"closer " + s.ID, "text"}, s.Text)
	}
	sort.Strings(names)
	for _, n := range names {
		pc.Unfillable = append(pc.Unfillable, UnfilledSummary{Name: n, Uses: uses[n]})
	}
	return pc
}

// missingAcks lists, for each feeling, the intensities 1–3 it has no
// acknowledgement for.
func missingAcks(fs []library.Feeling) []MissingAck {
	out := []MissingAck{}
	for _, f := range fs {
		var have [4]bool
		for _, a := range f.Acknowledgements {
			if a.Intensity >= 1 && a.Intensity <= 3 {
				have[a.Intensity] = true
			}
		}
		var miss []int
		for n := 1; n <= 3; n++ {
			if !have[n] {
				miss = append(miss, n)
			}
		}
		if len(miss) > 0 {
			out = append(out, MissingAck{Feeling: f.ID, Intensities: miss})
		}
	}
	return out
}

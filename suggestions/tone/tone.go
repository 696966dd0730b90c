// Package tone checks replies and agents' drafts against the library's
// tone rules: phrases to avoid or swap for a warmer wording, how a reply
// opens and closes, and acknowledging a customer's feelings before the
// fix. Rules are data (library.Rule) whose kind picks the code that
// applies it; they compile once into a Checker, immutable and safe for
// concurrent use.
//
// It depends on lang, library and feelings (see the package suggestions
// for the whole order).
package tone

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/warmdesk/warmdesk/suggestions/feelings"
	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// Finding is one tone problem in a reply or draft.
type Finding struct {
	Rule        string   `json:"rule"`
	Kind        string   `json:"kind"`
	Severity    string   `json:"severity"`
	Message     string   `json:"message"`
	Start       int      `json:"start"` // byte span in the checked text
	End         int      `json:"end"`
	Line        int      `json:"line"`   // 1-based
	Column      int      `json:"column"` // 1-based, in bytes
	Text        string   `json:"text"`   // the text the finding is about
	Suggestions []string `json:"suggestions"`
}

// Options give Check what it cannot see in the reply itself.
type Options struct {
	// CustomerFeelings are the feelings found in the customer's message;
	// when one is negative, acknowledge rules apply.
	CustomerFeelings []feelings.Match
}

// compiledRule is a tone rule ready to run.
type compiledRule struct {
	library.Rule
	phrases *lang.PhraseSet
	before  *lang.PhraseSet
	unless  *lang.PhraseSet
}

// Checker is a library's tone rules, compiled.
type Checker struct {
	lang  *lang.Lang
	rules []compiledRule
}

// New compiles rules for the language l.
func New(l *lang.Lang, rules []library.Rule) *Checker {
	out := make([]compiledRule, len(rules))
	for i, r := range rules {
		c := compiledRule{Rule: r, phrases: lang.NewPhraseSet(), before: lang.NewPhraseSet(), unless: lang.NewPhraseSet()}
		for j, p := range r.Unless {
			c.unless.Add(l.PhraseWords(p), j)
		}
		for j, p := range r.Phrases {
			c.phrases.Add(l.PhraseWords(p), j)
		}
		for j, p := range r.Before {
			c.before.Add(l.PhraseWords(p), j)
		}
		out[i] = c
	}
	return &Checker{lang: l, rules: out}
}

// Check runs every tone rule of the library over text and returns the
// findings in text order. It reads text as a whole reply: the opening
// rule looks at its first line, the closing rule at its last two. A
// placeholder is read as the name or number it stands for, so "Dear
// {{customer.first_name}}" is not "Dear customer".
func (c *Checker) Check(text string, opt Options) []Finding {
	text = lang.Sanitize(text)
	fs := checkRules(c.lang, c.rules, maskPlaceholders(text), opt)
	for i := range fs {
		fs[i].Text = text[fs[i].Start:fs[i].End]
	}
	return fs
}

// maskPlaceholders replaces each {{placeholder}} with one made-up word of
// the same length, as a filled-in name would stand there; spans stay
// those of the original text.
func maskPlaceholders(text string) string {
	ps := library.Unfilled(text)
	if len(ps) == 0 {
		return text
	}
	b := []byte(text)
	for _, p := range ps {
		b[p.Start] = 'Z'
		for i := p.Start + 1; i < p.End; i++ {
			b[i] = 'z'
		}
	}
	return string(b)
}

// Only is the checker of the rules of the given kinds alone, in the
// library's order, or nil when there are none: the report checks each
// piece of text with the rules of its role.
func (c *Checker) Only(kinds ...string) *Checker {
	out := &Checker{lang: c.lang}
	for _, r := range c.rules {
		if slices.Contains(kinds, r.Kind) {
			out.rules = append(out.rules, r)
		}
	}
	if len(out.rules) == 0 {
		return nil
	}
	return out
}

func checkRules(l *lang.Lang, rules []compiledRule, text string, opt Options) []Finding {
	if len(text) > maxCheckBytes {
		text = text[:maxCheckBytes]
		for len(text) > 0 && !utf8.ValidString(text) {
			text = text[:len(text)-1]
		}
	}
	ws := l.Words(text)
	lines := lineSpans(text)
	negative := false
	for _, f := range opt.CustomerFeelings {
		negative = negative || f.Negative
	}
	out := []Finding{}
	add := func(r *compiledRule, s, e int, sugg []string) {
		out = append(out, newFinding(text, r, s, e, sugg))
	}
	for i := range rules {
		r := &rules[i]
		switch r.Kind {
		case library.KindAvoid, library.KindSwap:
			last := -1
			except := r.unless.Find(ws)
			for _, h := range r.phrases.Find(ws) {
				if h.From <= last || covered(except, h) || acrossSentences(text, ws, h) {
					continue // inside a phrase already found, an exception ("we can't wait"), or two sentences' words
				}
				last = h.To - 1
				s, e := ws[h.From].Start, ws[h.To-1].End
				add(r, s, e, matchCase(text[s:e], r.Suggestions))
			}
		case library.KindOpening:
			if len(lines) == 0 {
				continue
			}
			first := lines[0]
			lw := wordsIn(ws, first)
			ok := false
			for _, h := range r.phrases.Find(lw) {
				if h.From == 0 {
					ok = true
				}
			}
			if !ok {
				add(r, first.Start, first.End, nil)
			}
		case library.KindClosing:
			if len(lines) == 0 {
				continue
			}
			from := lines[max(0, len(lines)-2)]
			last := lines[len(lines)-1]
			tail := lang.Span{Start: from.Start, End: last.End}
			if len(r.phrases.Find(wordsIn(ws, tail))) == 0 {
				add(r, last.Start, last.End, nil)
			}
		case library.KindAcknowledge:
			if !negative {
				continue
			}
			acks := r.phrases.Find(ws)
			fix := -1
			var fixHit lang.PhraseHit
			for _, h := range r.before.Find(ws) {
				inAck := false
				for _, a := range acks {
					if a.From <= h.From && h.From < a.To {
						inAck = true
					}
				}
				if !inAck {
					fix, fixHit = h.From, h
					break
				}
			}
			if len(acks) > 0 && (fix < 0 || acks[0].From < fix) {
				continue
			}
			s, e := 0, len(text)
			if fix >= 0 {
				s, e = ws[fixHit.From].Start, ws[fixHit.To-1].End
			} else if len(lines) > 0 {
				s, e = lines[0].Start, lines[0].End
			}
			add(r, s, e, nil)
		}
	}
	out = oneFindingPerSpan(out)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].Rule < out[j].Rule
	})
	return out
}

// oneFindingPerSpan keeps one of the wording findings (avoid and swap)
// whose spans overlap: the most severe, then the longest (the more
// specific phrase: "you would need to contact" over "you would need
// to"), then the earlier rule. Two underlines on the same words, each
// with its own rewording, would undo each other. Findings come in rule
// order.
func oneFindingPerSpan(fs []Finding) []Finding {
	var words []int
	for i, f := range fs {
		if f.Kind == library.KindAvoid || f.Kind == library.KindSwap {
			words = append(words, i)
		}
	}
	if len(words) < 2 {
		return fs
	}
	sort.SliceStable(words, func(a, b int) bool {
		x, y := fs[words[a]], fs[words[b]]
		if rx, ry := library.SeverityRank(x.Severity), library.SeverityRank(y.Severity); rx != ry {
			return rx < ry
		}
		return x.End-x.Start > y.End-y.Start
	})
	drop := make([]bool, len(fs))
	var kept []int
	for _, i := range words {
		for _, k := range kept {
			if fs[i].Start < fs[k].End && fs[k].Start < fs[i].End {
				drop[i] = true
				break
			}
		}
		if !drop[i] {
			kept = append(kept, i)
		}
	}
	out := fs[:0]
	for i, f := range fs {
		if !drop[i] {
			out = append(out, f)
		}
	}
	return out
}

// acrossSentences reports whether a sentence ends inside hit h: "My
// apologies. If it helps, …" does not say "apologies if".
func acrossSentences(text string, ws []lang.Word, h lang.PhraseHit) bool {
	for i := h.From + 1; i < h.To; i++ {
		// The words a contraction unfolds into share its span: no gap.
		if a, b := ws[i-1].End, ws[i].Start; a < b && strings.ContainsAny(text[a:b], ".!?\n") {
			return true
		}
	}
	return false
}

// covered reports whether one of the hits spans all of h.
func covered(hits []lang.PhraseHit, h lang.PhraseHit) bool {
	for _, u := range hits {
		if u.From <= h.From && h.To <= u.To {
			return true
		}
	}
	return false
}

func newFinding(text string, r *compiledRule, s, e int, sugg []string) Finding {
	line := 1 + strings.Count(text[:s], "\n")
	col := s - (strings.LastIndexByte(text[:s], '\n') + 1) + 1
	if sugg == nil {
		sugg = []string{}
	}
	return Finding{Rule: r.ID, Kind: r.Kind, Severity: r.Severity, Message: r.Message,
		Start: s, End: e, Line: line, Column: col, Text: text[s:e], Suggestions: sugg}
}

// lineSpans returns the spans of the non-blank lines of text, trimmed.
func lineSpans(text string) []lang.Span {
	var out []lang.Span
	start := 0
	for i := 0; i <= len(text); i++ {
		if i == len(text) || text[i] == '\n' {
			s, e := start, i
			for s < e && (text[s] == ' ' || text[s] == '\t' || text[s] == '\r') {
				s++
			}
			for e > s && (text[e-1] == ' ' || text[e-1] == '\t' || text[e-1] == '\r') {
				e--
			}
			if e > s {
				out = append(out, lang.Span{Start: s, End: e})
			}
			start = i + 1
		}
	}
	return out
}

// wordsIn returns the words of ws inside span.
func wordsIn(ws []lang.Word, sp lang.Span) []lang.Word {
	i := sort.Search(len(ws), func(i int) bool { return ws[i].Start >= sp.Start })
	j := i
	for j < len(ws) && ws[j].End <= sp.End {
		j++
	}
	return ws[i:j]
}

// matchCase capitalises each suggestion when the matched text starts with
// a capital, so a rewording can replace it at the start of a sentence.
func matchCase(matched string, sugg []string) []string {
	if len(sugg) == 0 {
		return []string{}
	}
	out := make([]string, len(sugg))
	r, _ := utf8.DecodeRuneInString(matched)
	for i, s := range sugg {
		if unicode.IsUpper(r) {
			f, n := utf8.DecodeRuneInString(s)
			s = string(unicode.ToUpper(f)) + s[n:]
		}
		out[i] = s
	}
	return out
}

// CheckExamples runs every rule's examples: each flag example must
// trigger its rule and each pass example must not. Acknowledge rules are
// run as replies to a customer with a negative feeling. Problems name the
// file, the rule and the example.
func (c *Checker) CheckExamples(file string) []library.Problem {
	var probs []library.Problem
	upset := Options{CustomerFeelings: []feelings.Match{{ID: "frustrated", Negative: true, Intensity: 2}}}
	for i := range c.rules {
		r := c.rules[i : i+1]
		fires := func(text string) bool {
			for _, f := range checkRules(c.lang, r, text, upset) {
				if f.Rule == r[0].ID {
					return true
				}
			}
			return false
		}
		for j, x := range r[0].Examples.Flag {
			if !fires(x) {
				probs = append(probs, library.Problem{File: file, Entry: "rule " + r[0].ID, Field: fmt.Sprintf("examples.flag[%d]", j), Message: fmt.Sprintf("%q does not trigger the rule", x)})
			}
		}
		for j, x := range r[0].Examples.Pass {
			if fires(x) {
				probs = append(probs, library.Problem{File: file, Entry: "rule " + r[0].ID, Field: fmt.Sprintf("examples.pass[%d]", j), Message: fmt.Sprintf("%q triggers the rule", x)})
			}
		}
	}
	return probs
}

// maxCheckBytes bounds the text checked, as MaxMessageBytes bounds a
// message analysed: four times that, since a reply is longer than the
// message it answers.
const maxCheckBytes = 64 << 10

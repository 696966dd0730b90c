package lang

import "strings"

// PatternWord is one word of a phrase; prefix words match any word they
// start ("frustrat*").
type PatternWord struct {
	text   string
	prefix bool
}

// PhraseSet finds many phrases in a word sequence. Phrases are indexed by
// their first word (exact), with prefix-first phrases kept apart, so a
// lookup costs a map probe per word plus the few prefix phrases.
type PhraseSet struct {
	byFirst map[string][]int
	prefix  []int
	phrases [][]PatternWord
	ids     []int // caller's id for each phrase
}

func NewPhraseSet() *PhraseSet {
	return &PhraseSet{byFirst: map[string][]int{}}
}

func (s *PhraseSet) Add(pw []PatternWord, id int) {
	if len(pw) == 0 {
		return
	}
	i := len(s.phrases)
	s.phrases = append(s.phrases, pw)
	s.ids = append(s.ids, id)
	if pw[0].prefix {
		s.prefix = append(s.prefix, i)
	} else {
		s.byFirst[pw[0].text] = append(s.byFirst[pw[0].text], i)
	}
}

// PhraseHit is a phrase found at words [from, to).
type PhraseHit struct {
	ID       int
	From, To int
}

// find returns every phrase occurrence in ws, in text order; at one
// position longer phrases come first.
func (s *PhraseSet) Find(ws []Word) []PhraseHit {
	var hits []PhraseHit
	for i := range ws {
		start := len(hits)
		try := func(p int) {
			pw := s.phrases[p]
			if i+len(pw) > len(ws) {
				return
			}
			for j, w := range pw {
				t := ws[i+j].Text
				if w.prefix {
					if !strings.HasPrefix(t, w.text) {
						return
					}
				} else if t != w.text {
					return
				}
			}
			hits = append(hits, PhraseHit{ID: s.ids[p], From: i, To: i + len(pw)})
		}
		for _, p := range s.byFirst[ws[i].Text] {
			try(p)
		}
		for _, p := range s.prefix {
			try(p)
		}
		at := hits[start:]
		for a := 1; a < len(at); a++ { // insertion sort: longest first
			for b := a; b > 0 && at[b].To > at[b-1].To; b-- {
				at[b], at[b-1] = at[b-1], at[b]
			}
		}
	}
	return hits
}

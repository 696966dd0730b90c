package suggestions

import "strings"

// patternWord is one word of a phrase; prefix words match any word they
// start ("frustrat*").
type patternWord struct {
	text   string
	prefix bool
}

// phraseSet finds many phrases in a word sequence. Phrases are indexed by
// their first word (exact), with prefix-first phrases kept apart, so a
// lookup costs a map probe per word plus the few prefix phrases.
type phraseSet struct {
	byFirst map[string][]int
	prefix  []int
	phrases [][]patternWord
	ids     []int // caller's id for each phrase
}

func newPhraseSet() *phraseSet {
	return &phraseSet{byFirst: map[string][]int{}}
}

func (s *phraseSet) add(pw []patternWord, id int) {
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

// phraseHit is a phrase found at words [from, to).
type phraseHit struct {
	id       int
	from, to int
}

// find returns every phrase occurrence in ws, in text order; at one
// position longer phrases come first.
func (s *phraseSet) find(ws []word) []phraseHit {
	var hits []phraseHit
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
			hits = append(hits, phraseHit{id: s.ids[p], from: i, to: i + len(pw)})
		}
		for _, p := range s.byFirst[ws[i].Text] {
			try(p)
		}
		for _, p := range s.prefix {
			try(p)
		}
		at := hits[start:]
		for a := 1; a < len(at); a++ { // insertion sort: longest first
			for b := a; b > 0 && at[b].to > at[b-1].to; b-- {
				at[b], at[b-1] = at[b-1], at[b]
			}
		}
	}
	return hits
}

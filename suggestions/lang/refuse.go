package lang

import "strings"

// A request that is refused is not a request: "I'd like a refund, I don't
// want a replacement" asks for a refund only. A refusal (language data,
// "refusals": "do not want a", "no need for a") covers a few words after
// it within its clause; what it covers is left out of matching, and
// replies that offer it come last. The refusals end in "a" or "an" on
// purpose: refusing something offered is indefinite ("I don't want a
// replacement"), while "I don't want my account" or "I don't want any
// more emails" asks to stop something, and "instead of" is no refusal at
// all ("can I use butter instead of oil" asks about both).

// maxPhraseWords bounds a refusal or a thread opener.
const maxPhraseWords = 6

// refusalReach is how many words after a refusal it covers, within the
// clause and before a contrast: what is refused is a short noun phrase
// ("a replacement", "a call back", "a new card"); what follows
// it often says what is wanted instead ("..., just a coupon").
const refusalReach = 3

// RefusedRanges returns the word ranges [from, to) of ws that refusals
// cover, each from the refusal's first word to refusalReach words on.
func (l *Lang) RefusedRanges(ws []Word) [][2]int {
	var out [][2]int
	for i := 0; i < len(ws); i++ {
		n := phraseAt(l.refusals, ws, i)
		if n == 0 {
			continue
		}
		end := i + n
		for end < len(ws) && end < i+n+refusalReach && !ws[end].Break && !l.contrast[ws[end].Text] {
			end++
		}
		out = append(out, [2]int{i, end})
		i = end - 1
	}
	return out
}

// phraseAt is the length in words of the first of phrases that starts at
// ws[i] within one clause, or 0.
func phraseAt(phrases [][]string, ws []Word, i int) int {
next:
	for _, r := range phrases {
		if i+len(r) > len(ws) {
			continue
		}
		for j, w := range r {
			if ws[i+j].Text != w || j > 0 && ws[i+j].Break {
				continue next
			}
		}
		return len(r)
	}
	return 0
}

// Refuse finds what message refuses: the text to match instead (the
// refused clauses blanked, byte for byte, so spans still index the
// message) and the terms refused. When the refusals cover every content
// word ("no thanks"), nothing is blanked: a message is never matched as
// empty.
func (l *Lang) Refuse(message string, ws []Word) (match string, refused map[string]bool) {
	rs := l.RefusedRanges(ws)
	if len(rs) == 0 {
		return message, nil
	}
	in := make([]bool, len(ws))
	for _, r := range rs {
		for i := r[0]; i < r[1]; i++ {
			in[i] = true
		}
	}
	left := false
	for i, w := range ws {
		if in[i] {
			if !l.stop[w.Text] && !l.IsNegator(w.Text) {
				if refused == nil {
					refused = map[string]bool{}
				}
				refused[l.Term(w.Text)] = true
			}
		} else if !l.stop[w.Text] {
			left = true
		}
	}
	if !left {
		return message, refused
	}
	b := []byte(message)
	for _, r := range rs {
		for i := ws[r[0]].Start; i < ws[r[1]-1].End; i++ {
			b[i] = ' '
		}
	}
	return string(b), refused
}

// Offers reports whether text mentions a refused term.
func (l *Lang) Offers(text string, refused map[string]bool) bool {
	if len(refused) == 0 {
		return false
	}
	for _, w := range l.Words(text) {
		if !l.stop[w.Text] && refused[l.Term(w.Text)] {
			return true
		}
	}
	return false
}

// TitleTerms are the content terms of a reply's title, for telling two
// replies that would say the same thing twice apart.
func (l *Lang) TitleTerms(title string) map[string]bool {
	out := map[string]bool{}
	for _, w := range l.Words(strings.ToLower(title)) {
		if !l.stop[w.Text] {
			out[l.Term(w.Text)] = true
		}
	}
	return out
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

package widget

import "strings"

// SentenceIn reports whether a library sentence is still in a draft: its
// words in order, each {{placeholder}} standing for whatever the agent
// filled it with. A promise the agent deleted from the reply is no longer
// asked about.
func SentenceIn(draft, sentence string) bool {
	var lits []string
	for rest := sentence; ; {
		i := strings.Index(rest, "{{")
		if i < 0 {
			lits = append(lits, rest)
			break
		}
		j := strings.Index(rest[i:], "}}")
		if j < 0 {
			lits = append(lits, rest)
			break
		}
		lits = append(lits, rest[:i])
		rest = rest[i+j+2:]
	}
	// The pieces are found in order, each after the last; a placeholder
	// may stand for any text but a line break.
	at := -1
	for _, lit := range lits {
		if lit == "" {
			continue
		}
		if at < 0 {
			i := strings.Index(draft, lit)
			if i < 0 {
				return false
			}
			at = i + len(lit)
			continue
		}
		i := strings.Index(draft[at:], lit)
		if i < 0 || strings.ContainsAny(draft[at:at+i], "\n") {
			return false
		}
		at += i + len(lit)
	}
	return true
}

package widget

import (
	"strings"

	"github.com/warmdesk/warmdesk/suggestions/library"
)

// SentenceIn reports whether a library sentence is still in a draft: its
// words in order, each {{placeholder}} standing for whatever the agent
// filled it with. A promise the agent deleted from the reply is no longer
// asked about.
func SentenceIn(draft, sentence string) bool {
	var lits []string
	at := 0
	for p, ok := library.NextPlaceholder(sentence, 0); ok; p, ok = library.NextPlaceholder(sentence, p.End) {
		lits = append(lits, sentence[at:p.Start])
		at = p.End
	}
	lits = append(lits, sentence[at:])
	// The pieces are found in order, each after the last; a placeholder
	// may stand for any text but a line break.
	at = -1
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

// PromiseItem is one line of the "Before you send" checklist: a promise
// the selected reply makes (suggestions.Suggestion.Promises), and whether
// the agent ticked it.
type PromiseItem struct {
	Check    string
	Sentence string
	Ticked   bool
}

// Promises are the selected reply's promises still in its draft, in the
// library's order.
func (d *Desk) Promises() []PromiseItem {
	s := d.Current()
	if s == nil {
		return nil
	}
	draft := d.Draft()
	var out []PromiseItem
	for _, p := range s.Promises {
		if SentenceIn(draft, p.Sentence) {
			out = append(out, PromiseItem{Check: p.Check, Sentence: p.Sentence, Ticked: d.ticked[s.Reply+"\x00"+p.Sentence]})
		}
	}
	return out
}

// TickPromise records that the agent kept (or unticked) the selected
// reply's promise with this sentence.
func (d *Desk) TickPromise(sentence string, kept bool) {
	s := d.Current()
	if s == nil {
		return
	}
	if d.ticked == nil {
		d.ticked = map[string]bool{}
	}
	d.ticked[s.Reply+"\x00"+sentence] = kept
	d.Confirming = false
}

// unkept lists the checks of the promises the agent has not ticked.
func (d *Desk) unkept() []string {
	var out []string
	for _, p := range d.Promises() {
		if !p.Ticked {
			out = append(out, p.Check)
		}
	}
	return out
}

// ConfirmWhy says why inserting needs a confirmation: blanks left, and
// promises not ticked. Empty when nothing is left.
func (d *Desk) ConfirmWhy() string {
	var parts []string
	if n := d.Blanks(); n > 0 {
		parts = append(parts, BlanksLeft(n))
	}
	if un := d.unkept(); len(un) > 0 {
		parts = append(parts, "not ticked: "+strings.Join(un, ", "))
	}
	why := strings.Join(parts, "; ")
	if why != "" {
		why = strings.ToUpper(why[:1]) + why[1:]
	}
	return why
}

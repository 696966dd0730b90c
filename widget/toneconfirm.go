package widget

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/suggestions/tone"
)

// A reply the agent edited was never seen by anyone who publishes the
// library, so an error-severity tone finding in it is shown once more
// before it goes to the customer: the finding and its rewording, one key
// to use the rewording and one to insert anyway.

// toneAsk is the finding the desk is asking about, for one draft.
type toneAsk struct {
	reply, text string
	f           tone.Finding
	n           int // error findings in the draft, this one included
}

// ToneConfirming reports whether the desk is showing an error-severity
// tone finding that the agent must look at before the draft is inserted.
// Any edit of the draft, or another reply, ends it.
func (d *Desk) ToneConfirming() bool {
	s := d.Current()
	return s != nil && d.tone.text != "" && d.tone.reply == s.Reply && d.tone.text == d.Draft()
}

// ToneAsk is the finding being asked about, and how many error-severity
// findings the draft has in all.
func (d *Desk) ToneAsk() (tone.Finding, int) {
	if !d.ToneConfirming() {
		return tone.Finding{}, 0
	}
	return d.tone.f, d.tone.n
}

// toneError finds the first error-severity wording finding of an edited
// draft. A reply as the library composes it was checked when the library
// was published, so only the agent's own words are asked about.
func (d *Desk) toneError() (tone.Finding, int, bool) {
	if !d.Edited() {
		return tone.Finding{}, 0, false
	}
	var first tone.Finding
	n := 0
	for _, f := range ToneTips(d.Findings()) {
		if f.Severity == library.SeverityError && len(f.Suggestions) > 0 {
			if n == 0 {
				first = f
			}
			n++
		}
	}
	return first, n, n > 0
}

// askTone starts asking about the draft's first error finding, if it has
// one the agent has not already confirmed; it reports whether it did.
func (d *Desk) askTone(reply, text string) bool {
	f, n, bad := d.toneError()
	if !bad || d.toneOK == text {
		return false
	}
	d.tone = toneAsk{reply: reply, text: text, f: f, n: n}
	d.Announcement = fmt.Sprintf("Before you %s: %q. %s Press r to use %q instead, Enter to %s anyway, or Esc to keep editing.",
		d.verb(), f.Text, f.Message, f.Suggestions[0], d.verb())
	return true
}

// UseRewording replaces the finding being asked about with its first
// rewording. It returns the span, in UTF-16 code units as a textarea's
// selection counts them, from the end of the rewording to the end of its
// sentence: the words the rewording's new start usually leaves to be
// rewritten ("What we can do is" before "offer refunds on sale items").
func (d *Desk) UseRewording() (start, end int, ok bool) {
	if !d.ToneConfirming() {
		return 0, 0, false
	}
	f := d.tone.f
	rewording := f.Suggestions[0]
	if err := d.Fix(f, rewording); err != nil {
		return 0, 0, false
	}
	d.tone = toneAsk{}
	text := d.Draft()
	from := f.Start + len(matchCase(f.Text, rewording))
	to := sentenceEnd(text, from)
	d.Announcement = fmt.Sprintf("Replaced %q with %q: finish the sentence, then press Ctrl Enter to insert.", f.Text, rewording)
	return utf16Len(text[:from]), utf16Len(text[:to]), true
}

// sentenceEnd is the offset of the end of the sentence that goes on at
// from: before its closing punctuation, or the end of the line.
func sentenceEnd(text string, from int) int {
	if from >= len(text) {
		return len(text)
	}
	i := strings.IndexAny(text[from:], ".!?\n")
	if i < 0 {
		return len(text)
	}
	return from + i
}

// utf16Len is the length of s in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		n += utf16.RuneLen(r)
		s = s[size:]
	}
	return n
}

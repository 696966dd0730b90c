package widget

import (
	"unicode"
	"unicode/utf8"
)

// Bounds on the customer's text the widget lays out. The browser's text
// layout is far slower than the matching, and one letter followed by
// thousands of combining marks (a single "character" to the browser) can
// freeze the tab and the host page for long (SECURITY.md). The text kept
// and analysed is untouched; only what is drawn is bounded.
const (
	// MaxCombiningRun is how many combining marks are drawn after one
	// base character: enough for any real script (Vietnamese stacks two,
	// Hebrew with cantillation three or four).
	MaxCombiningRun = 4
	// MessagePreviewBytes is how much of a long message is drawn until the
	// agent asks for all of it: a few screens of text, laid out in a
	// frame.
	MessagePreviewBytes = 4 << 10
)

// ShownSegments bounds segs, a message's segments, for drawing: runs of
// combining marks are cut to MaxCombiningRun, and unless all is set, only
// the first MessagePreviewBytes are kept (cut at a character). It reports
// whether anything was cut off the end, so the widget can offer to show
// the rest.
func ShownSegments(segs []Segment, all bool) ([]Segment, bool) {
	out := make([]Segment, 0, len(segs))
	budget := MessagePreviewBytes
	run := 0 // combining marks since the last base character, across segments
	for i, s := range segs {
		text, left := collapseMarks(s.Text, &run, budget, all)
		if text != "" {
			out = append(out, Segment{Text: text, Class: s.Class, Title: s.Title})
		}
		if !all {
			budget -= len(text)
			if left || (budget <= 0 && i < len(segs)-1) {
				return out, true
			}
		}
	}
	return out, false
}

// collapseMarks drops the combining marks of s beyond MaxCombiningRun
// after a base character (run carries the count over from the segment
// before). Unless all is set it stops after budget bytes, reporting that
// some of s was left.
func collapseMarks(s string, run *int, budget int, all bool) (string, bool) {
	var b []byte // nil until something is dropped or cut: s is kept as is
	kept := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		mark := unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc)
		if mark {
			*run++
		} else {
			*run = 0
		}
		drop := mark && *run > MaxCombiningRun
		if !drop && !all && kept+n > budget {
			if b == nil {
				return s[:i], true
			}
			return string(b), true
		}
		if drop && b == nil {
			b = append(make([]byte, 0, min(len(s), budget+utf8.UTFMax)), s[:i]...)
		}
		if !drop {
			kept += n
			if b != nil {
				b = append(b, s[i:i+n]...)
			}
		}
		i += n
	}
	if b == nil {
		return s, false
	}
	return string(b), false
}

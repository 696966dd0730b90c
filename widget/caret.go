package widget

import (
	"strings"
	"unicode/utf16"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// EditSpan is where the caret goes when the agent starts editing a reply
// (the e key), as byte offsets into draft: the first unfilled blank,
// selected so that typing replaces it; else the end of the body, before
// the closing and signature, where the agent's own words belong; else the
// end of the text.
func EditSpan(draft string, s *suggestions.Suggestion) (start, end int) {
	if ps := library.Unfilled(draft); len(ps) > 0 {
		return ps[0].Start, ps[0].End
	}
	if s != nil && strings.TrimSpace(s.Parts.Closer) != "" {
		if i := strings.LastIndex(draft, s.Parts.Closer); i >= 0 {
			j := len(strings.TrimRight(draft[:i], " \t\r\n"))
			return j, j
		}
	}
	return len(draft), len(draft)
}

// UTF16 converts a byte offset into s to the UTF-16 code units a browser's
// text field counts (selectionStart).
func UTF16(s string, off int) int {
	n := 0
	for _, r := range s[:min(max(off, 0), len(s))] {
		n += utf16.RuneLen(r)
	}
	return n
}

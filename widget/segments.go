package widget

import (
	"sort"
	"unicode/utf8"
)

// Mark is a span of a text to highlight, in bytes, with the CSS class that
// shows why (evidence, a tone finding, an unfilled placeholder) and a
// tooltip.
type Mark struct {
	Start, End int
	Class      string
	Title      string
}

// Segment is a run of text, marked or not. Rendering a text as segments
// keeps every character a text node: nothing in it is ever read as HTML.
type Segment struct {
	Text  string
	Class string // empty when unmarked
	Title string
}

// Segments cuts text into runs at the marks. Marks that fall outside the
// text, are empty, or do not start and end on character boundaries are
// dropped; a mark that overlaps an earlier one is clipped to start after it,
// so the segments always spell out text exactly once.
func Segments(text string, marks []Mark) []Segment {
	ms := make([]Mark, 0, len(marks))
	for _, m := range marks {
		if m.Start < 0 || m.End > len(text) || m.Start >= m.End || !boundary(text, m.Start) || !boundary(text, m.End) {
			continue
		}
		ms = append(ms, m)
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Start < ms[j].Start })
	var out []Segment
	pos := 0
	for _, m := range ms {
		if m.End <= pos {
			continue
		}
		if m.Start < pos {
			m.Start = pos
		}
		if m.Start > pos {
			out = append(out, Segment{Text: text[pos:m.Start]})
		}
		out = append(out, Segment{Text: text[m.Start:m.End], Class: m.Class, Title: m.Title})
		pos = m.End
	}
	if pos < len(text) {
		out = append(out, Segment{Text: text[pos:]})
	}
	return out
}

func boundary(s string, i int) bool {
	return i == len(s) || utf8.RuneStart(s[i])
}

// MatchSegments turns fuzzy-match byte offsets (SearchResult.TitleMatches)
// into segments, merging adjacent matched characters into one mark.
func MatchSegments(text string, offsets []int) []Segment {
	var marks []Mark
	for _, o := range offsets {
		if o < 0 || o >= len(text) || !utf8.RuneStart(text[o]) {
			continue
		}
		_, n := utf8.DecodeRuneInString(text[o:])
		if k := len(marks) - 1; k >= 0 && marks[k].End == o {
			marks[k].End = o + n
			continue
		}
		marks = append(marks, Mark{Start: o, End: o + n, Class: "hit"})
	}
	return Segments(text, marks)
}

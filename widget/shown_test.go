package widget

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestShownSegmentsCollapsesMarks(t *testing.T) {
	zalgo := "a" + strings.Repeat("\u0301", 120_000) + "b"
	segs, more := ShownSegments([]Segment{{Text: zalgo}}, true)
	if more || len(segs) != 1 {
		t.Fatalf("got %d segments, more %v", len(segs), more)
	}
	if want := "a" + strings.Repeat("\u0301", MaxCombiningRun) + "b"; segs[0].Text != want {
		t.Errorf("collapsed to %d bytes, want %q", len(segs[0].Text), want)
	}
	// Real text keeps its marks: Vietnamese stacks two on one letter.
	for _, s := range []string{"Tiếng Việt được không?", "e\u0302\u0301 café naïve", "שָׁלוֹם", "नमस्ते"} {
		if got, _ := ShownSegments([]Segment{{Text: s}}, false); len(got) != 1 || got[0].Text != s {
			t.Errorf("%q shown as %q", s, got)
		}
	}
	// A run split by a highlight is still one run.
	segs, _ = ShownSegments([]Segment{{Text: "x" + strings.Repeat("\u0308", 3)}, {Text: strings.Repeat("\u0308", 50), Class: "ev"}, {Text: "y"}}, true)
	var n int
	for _, s := range segs {
		n += strings.Count(s.Text, "\u0308")
	}
	if n != MaxCombiningRun {
		t.Errorf("%d marks kept across segments, want %d", n, MaxCombiningRun)
	}
}

func TestShownSegmentsShortensLongMessages(t *testing.T) {
	long := strings.Repeat("Where is my parcel? é ", 2000) // 46,000 bytes
	segs := Segments(long, []Mark{{Start: 0, End: 5, Class: "ev"}, {Start: 30_000, End: 30_005, Class: "ev"}})
	short, more := ShownSegments(segs, false)
	total := 0
	for _, s := range short {
		total += len(s.Text)
		if !utf8.ValidString(s.Text) {
			t.Errorf("cut inside a character: %q", s.Text[len(s.Text)-3:])
		}
	}
	if !more || total > MessagePreviewBytes || total < MessagePreviewBytes-utf8.UTFMax {
		t.Errorf("preview of %d bytes (more %v), want about %d", total, more, MessagePreviewBytes)
	}
	if short[0].Class != "ev" || short[0].Text != "Where" {
		t.Errorf("first segment %+v", short[0])
	}
	all, more := ShownSegments(segs, true)
	var b strings.Builder
	for _, s := range all {
		b.WriteString(s.Text)
	}
	if more || b.String() != long {
		t.Errorf("show all: %d bytes of %d, more %v", b.Len(), len(long), more)
	}
	// A short message is never shortened.
	if segs, more := ShownSegments(Segments("Hi, where is my order?", nil), false); more || len(segs) != 1 {
		t.Errorf("short message: %+v %v", segs, more)
	}
}

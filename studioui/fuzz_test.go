package studioui

import (
	"strings"
	"testing"
)

// FuzzParseCues: any text area gives cues without a panic, and cues
// written by FormatCues read back the same.
func FuzzParseCues(f *testing.F) {
	f.Add("furious | 3\nannoyed\nbad | x\n|\n| 2")
	f.Fuzz(func(t *testing.T, text string) {
		cs := ParseCues(text)
		for _, c := range cs {
			if strings.Contains(c.Text, "\n") {
				t.Errorf("cue spans lines: %q", c.Text)
			}
		}
		again := ParseCues(FormatCues(cs))
		if len(again) > len(cs) {
			t.Errorf("round trip grew: %v -> %v", cs, again)
		}
	})
}

package search

import (
	"fmt"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/library"
)

// searchKeystrokes are what an agent types, a letter at a time: whole
// words, an abbreviation, a letter missing, two letters swapped.
var searchKeystrokes = func() []string {
	var out []string
	for _, q := range []string{"refund", "where is my order", "rfnd", "pasword reset", "dmaaged item", "cancel subscription", "change adress", "delivery late"} {
		for k := 1; k <= len(q); k++ {
			out = append(out, q[:k])
		}
	}
	return out
}()

// BenchmarkSearchKeystroke is the reply search per keystroke over
// libraries of n replies (and n phrasings); one op is one keystroke.
func BenchmarkSearchKeystroke(b *testing.B) {
	base := defaultLibrary(b)
	for _, n := range []int{100, 1000, 10000, 100000} {
		b.Run(fmt.Sprintf("replies=%d", n), func(b *testing.B) {
			s := New(library.SyntheticLibrary(base, n, n), nil)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				s.Find(searchKeystrokes[i%len(searchKeystrokes)], 8)
				i++
			}
		})
	}
}

// BenchmarkReplySearchIndex is building the reply search's index (once per
// engine, after its first suggestions: Engine.PrepareSearch): libraries of
// n phrasings and n replies.
func BenchmarkReplySearchIndex(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("replies=%d", n), func(b *testing.B) {
			lib := library.SyntheticLibrary(defaultLibrary(b), n, n)
			b.ReportAllocs()
			for b.Loop() {
				New(lib, nil)
			}
		})
	}
}

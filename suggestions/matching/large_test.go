package matching

import (
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/library"
)

// largeLibrary is a library of n intents of five phrasings each, made of
// the default library's words (library.SyntheticLibrary).
func largeLibrary(tb testing.TB, n int) *library.Library {
	lib := library.SyntheticLibrary(engine(tb).Library(), n*20, 0)
	if len(lib.Intents) > n {
		lib.Intents = lib.Intents[:n]
	}
	for i := range lib.Intents {
		lib.Intents[i].Phrasings = lib.Intents[i].Phrasings[:min(5, len(lib.Intents[i].Phrasings))]
	}
	return lib
}

// TestTrainingGrowsLinearly: compiling a library four times larger does
// about four times the training work, not sixteen (every phrasing's
// softmax over every intent made it grow with the square of the size:
// 10,000 intents took minutes to compile). The work is counted, not
// timed.
func TestTrainingGrowsLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles two large libraries")
	}
	work := map[int]int64{}
	for _, n := range []int{1000, 4000} {
		work[n] = compiled(t, largeLibrary(t, n)).m.trainWork
	}
	if ratio := float64(work[4000]) / float64(work[1000]); ratio > 6 {
		t.Errorf("training did %d units of work for 1,000 intents and %d for 4,000: %.1f times as much, want about 4", work[1000], work[4000], ratio)
	}
}

// BenchmarkCompileLarge compiles a library of 10,000 intents (what
// `warmdesk library check` does besides parsing).
func BenchmarkCompileLarge(b *testing.B) {
	lib := largeLibrary(b, 10000)
	b.ResetTimer()
	for b.Loop() {
		compiled(b, lib)
	}
}

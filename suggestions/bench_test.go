package suggestions

import (
	"fmt"
	"strings"
	"testing"
)

// syntheticLibrary grows the default library to about n phrasings by
// adding intents whose phrasings recombine the default library's words
// deterministically, so that vocabulary and posting lists grow as they
// would in a real, larger library.
func syntheticLibrary(tb testing.TB, n int) *Library {
	base := engine(tb).Library()
	lib := *base
	var words []string
	for _, in := range base.Intents {
		for _, p := range in.Phrasings {
			words = append(words, strings.Fields(p)...)
		}
	}
	total := 0
	for _, in := range base.Intents {
		total += len(in.Phrasings)
	}
	lib.Intents = append([]Intent(nil), base.Intents...)
	if n < total { // shrink: keep the first n phrasings
		var out []Intent
		left := n
		for _, in := range base.Intents {
			if left <= 0 {
				break
			}
			in.Phrasings = in.Phrasings[:min(len(in.Phrasings), left)]
			left -= len(in.Phrasings)
			out = append(out, in)
		}
		lib.Intents = out
		return &lib
	}
	x := uint64(1)
	for i := 0; total < n; i++ {
		in := Intent{ID: fmt.Sprintf("synthetic.%d", i), Title: fmt.Sprintf("Synthetic %d", i)}
		for j := 0; j < 20 && total < n; j++ {
			var p []string
			for k := 0; k < 6; k++ {
				x ^= x << 13
				x ^= x >> 7
				x ^= x << 17
				p = append(p, words[x%uint64(len(words))])
			}
			in.Phrasings = append(in.Phrasings, strings.Join(p, " "))
			total++
		}
		in.Replies = []Reply{{ID: in.ID + ".r", Title: "Synthetic reply " + in.ID, Body: "Here's what I can do: " + strings.Join(in.Phrasings[0:1], "")}}
		lib.Intents = append(lib.Intents, in)
	}
	return &lib
}

// A 60-word customer message.
const benchMessage = `Hi, I ordered a pair of walking boots and a rain jacket from you almost two weeks ago
and the tracking page still says the parcel is waiting at the depot. This is the third time I am writing
about it and honestly I am getting really frustrated. Could you tell me where my order 48213 is, and if it
has been lost please refund me?`

var benchSizes = []int{100, 1000, 10000}

func BenchmarkAnalyze(b *testing.B) {
	for _, n := range append(benchSizes, 100000) {
		e, err := Compile(syntheticLibrary(b, n))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("phrasings=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				e.Analyze(benchMessage, AnalyzeOptions{})
			}
		})
	}
}

func BenchmarkCompose(b *testing.B) {
	for _, n := range benchSizes {
		e, _ := Compile(syntheticLibrary(b, n))
		a := e.Analyze(benchMessage, AnalyzeOptions{})
		b.Run(fmt.Sprintf("phrasings=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				e.Compose(a, Context{CustomerName: "Sam Lee", AgentName: "Ana", TicketID: "T-1"}, ComposeOptions{})
			}
		})
	}
}

func BenchmarkCheck(b *testing.B) {
	reply := "Hi Sam,\n\nI'm so sorry for the wait. Unfortunately we can't refund it, it's our policy.\n\nTake care!\nAna"
	for _, n := range benchSizes {
		e, _ := Compile(syntheticLibrary(b, n))
		b.Run(fmt.Sprintf("phrasings=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				e.Check(reply, CheckOptions{})
			}
		})
	}
}

func BenchmarkSearch(b *testing.B) {
	for _, n := range benchSizes {
		e, _ := Compile(syntheticLibrary(b, n))
		b.Run(fmt.Sprintf("phrasings=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				e.Search("refnd dmg", 10)
			}
		})
	}
}

func BenchmarkCompile(b *testing.B) {
	for _, n := range benchSizes {
		lib := syntheticLibrary(b, n)
		b.Run(fmt.Sprintf("phrasings=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Compile(lib)
			}
		})
	}
}

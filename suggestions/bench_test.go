package suggestions

import (
	"fmt"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/suggestions/tone"
)

// syntheticLibrary grows the default library to about n phrasings
// (library.SyntheticLibrary), one reply per intent.
func syntheticLibrary(tb testing.TB, n int) *library.Library {
	return library.SyntheticLibrary(engine(tb).Library(), n, 0)
}

// A 60-word customer message.
const benchMessage = `Hi, I ordered a pair of walking boots and a rain jacket from you almost two weeks ago
and the tracking page still says the parcel is waiting at the depot. This is the third time I am writing
about it and honestly I am getting really frustrated. Could you tell me where my order 48213 is, and if it
has been lost please refund me?`

var benchSizes = []int{100, 1000, 10000}

func BenchmarkAnalyze(b *testing.B) {
	for _, n := range append(benchSizes, 100000) {
		b.Run(fmt.Sprintf("phrasings=%d", n), func(b *testing.B) {
			e := compiled(b, syntheticLibrary(b, n))
			b.ReportAllocs()
			for b.Loop() {
				e.Analyze(benchMessage, AnalyzeOptions{})
			}
		})
	}
}

func BenchmarkCompose(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("phrasings=%d", n), func(b *testing.B) {
			e := compiled(b, syntheticLibrary(b, n))
			a := e.Analyze(benchMessage, AnalyzeOptions{})
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
		b.Run(fmt.Sprintf("phrasings=%d", n), func(b *testing.B) {
			e := compiled(b, syntheticLibrary(b, n))
			b.ReportAllocs()
			for b.Loop() {
				e.Check(reply, tone.Options{})
			}
		})
	}
}

func BenchmarkSearch(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("phrasings=%d", n), func(b *testing.B) {
			e := compiled(b, syntheticLibrary(b, n))
			b.ReportAllocs()
			for b.Loop() {
				e.Search("refnd dmg", 10)
			}
		})
	}
}

func BenchmarkCompile(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("phrasings=%d", n), func(b *testing.B) {
			lib := syntheticLibrary(b, n)
			b.ReportAllocs()
			for b.Loop() {
				Compile(lib)
			}
		})
	}
}

// BenchmarkCompileWithModel is what the widget does with the model the
// server saved: compile without learning, or deriving the phrasings' features.
func BenchmarkCompileWithModel(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("phrasings=%d", n), func(b *testing.B) {
			lib := syntheticLibrary(b, n)
			model := compiled(b, lib).Model()
			b.ReportAllocs()
			b.ReportMetric(float64(len(model)), "model-bytes")
			for b.Loop() {
				if _, err := CompileWithModel(lib, model); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAnalyzeParts times the steps of Analyze on the 60-word message
// with the default library and with 10,000 phrasings, to see where its
// time goes (the matcher's own steps: BenchmarkMatchParts in matching) (as wasm too: GOOS=js GOARCH=wasm go test -exec
// "$(go env GOROOT)/lib/wasm/go_js_wasm_exec").
func BenchmarkAnalyzeParts(b *testing.B) {
	for _, size := range []int{0, 10000} {
		name := "default"
		if size > 0 {
			name = fmt.Sprintf("phrasings=%d", size)
		}
		b.Run(name, func(b *testing.B) {
			e := engine(b)
			if size > 0 {
				e = compiled(b, syntheticLibrary(b, size))
			}
			msg := lang.Sanitize(benchMessage)
			r := e.m.Match(msg, 3)
			for _, c := range []struct {
				name string
				f    func()
			}{
				{"analyze", func() { e.Analyze(msg, AnalyzeOptions{}) }},
				{"match", func() { e.m.Match(msg, 3) }},
				{"feelings", func() { e.feelings.Detect(msg, r.Words, "") }},
				{"entities", func() { lang.FindEntities(msg) }},
			} {
				b.Run(c.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						c.f()
					}
				})
			}
		})
	}
}

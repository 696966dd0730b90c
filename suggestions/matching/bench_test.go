package matching

import (
	"fmt"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/lang"
)

// BenchmarkMatchParts times the matcher's steps on the 60-word message
// with the default library and with 10,000 phrasings (as wasm too:
// GOOS=js GOARCH=wasm go test -exec "$(go env GOROOT)/lib/wasm/go_js_wasm_exec").
func BenchmarkMatchParts(b *testing.B) {
	for _, size := range []int{0, 10000} {
		name := "default"
		if size > 0 {
			name = fmt.Sprintf("phrasings=%d", size)
		}
		b.Run(name, func(b *testing.B) {
			m := engine(b).m
			if size > 0 {
				m = compiled(b, syntheticLibrary(b, size)).m
			}
			msg := lang.Sanitize(benchMessage)
			q := m.prepare(msg)
			for _, c := range []struct {
				name string
				f    func()
			}{
				{"match", func() { m.Match(msg, 3) }},
				{"prepare", func() { m.prepare(msg) }},
				{"top", func() { m.top(q, 3) }},
				{"requests", func() { m.requests(msg, q, false) }},
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

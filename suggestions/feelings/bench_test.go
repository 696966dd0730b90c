package feelings

import (
	"os"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/data"
)

// BenchmarkParseFeelingModel is reading the feelings model as JSON (what
// training wrote); BenchmarkDecodeFeelingModel is reading its binary
// form, which the widget does once when it starts.
func BenchmarkParseFeelingModel(b *testing.B) {
	data, err := os.ReadFile("../data/feelings-en.json")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ReportMetric(float64(len(data)), "model-bytes")
	for b.Loop() {
		if _, err := ParseModel(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeFeelingModel(b *testing.B) {
	b.ReportAllocs()
	b.ReportMetric(float64(len(data.FeelingsEnBin)), "model-bytes")
	for b.Loop() {
		if _, err := DecodeModel(data.FeelingsEnBin); err != nil {
			b.Fatal(err)
		}
	}
}

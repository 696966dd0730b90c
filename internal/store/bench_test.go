package store_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/suggestions"
)

// benchDoc is a library document of about 300 KB: the default library
// twice over, in a JSON array.
func benchDoc() []byte {
	lib := suggestions.DefaultLibraryJSON()
	return bytes.Join([][]byte{[]byte("["), lib, []byte(","), lib, []byte("]")}, nil)
}

// BenchmarkSave measures saves of a ~300 KB library, one after another
// (each commit durable), on each backend.
func BenchmarkSave(b *testing.B) {
	doc := benchDoc()
	for _, backend := range []struct {
		name string
		open func(b *testing.B) store.Store
	}{
		{"sqlite", func(b *testing.B) store.Store { return openSQLite(b, filepath.Join(b.TempDir(), "warmdesk.db")) }},
		{"postgres", func(b *testing.B) store.Store { return openPostgres(b, newSchema(b, newPostgresDB(b))) }},
	} {
		b.Run(backend.name, func(b *testing.B) {
			s := backend.open(b)
			ctx := context.Background()
			b.SetBytes(int64(len(doc)))
			var base int64
			for b.Loop() {
				info, err := s.Save(ctx, base, doc, "bench", "benchmark")
				if err != nil {
					b.Fatal(err)
				}
				base = info.ID
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "revisions/s")
		})
	}
}

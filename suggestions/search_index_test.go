package suggestions

import (
	"reflect"
	"sync"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/search"
)

// The index is built once, on first use, even when the first searches
// come from several goroutines at once, and they all find the same.
func TestSearchBuildsIndexOnce(t *testing.T) {
	e := compiled(t, engine(t).Library())
	want := engine(t).Search("refund", 5)
	got := make([][]search.Result, 8)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() { got[i] = e.Search("refund", 5) })
	}
	wg.Wait()
	for i, g := range got {
		if len(g) == 0 || !reflect.DeepEqual(g, want) {
			t.Fatalf("search %d: %v, want %v", i, g, want)
		}
	}
}

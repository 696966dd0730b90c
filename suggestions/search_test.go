package suggestions

import (
	"reflect"
	"sync"
	"testing"
)

func TestSearch(t *testing.T) {
	e := engine(t)
	tests := []struct{ query, wantIntent string }{
		{"refund", "refund.request"},
		{"rfnd", "refund.request"},   // abbreviation: fuzzy subsequence
		{"refnud", "refund.request"}, // swapped letters: one edit
		{"passwrod", "account.recover_password"},
		{"track", "order.track"},
		{"double charge", "billing.double_charge"},
	}
	for _, tt := range tests {
		rs := e.Search(tt.query, 10)
		found := false
		for _, r := range rs {
			found = found || r.Intent == tt.wantIntent
		}
		if !found {
			t.Errorf("Search(%q): want a reply of %s among %v", tt.query, tt.wantIntent, rs)
		}
		for _, r := range rs {
			for _, i := range r.TitleMatches {
				if i < 0 || i >= len(r.Title) {
					t.Errorf("Search(%q): highlight %d outside title %q", tt.query, i, r.Title)
				}
			}
		}
	}
	if n := len(e.Search("", 0)); n < 74 {
		t.Errorf("empty query lists every reply, got %d", n)
	}
	if rs := e.Search("zzqxj", 10); len(rs) != 0 {
		t.Errorf("nonsense query found %v", rs)
	}
}

// The index is built once, on first use, even when the first searches
// come from several goroutines at once, and they all find the same.
func TestSearchBuildsIndexOnce(t *testing.T) {
	e := compiled(t, engine(t).Library())
	want := engine(t).Search("refund", 5)
	got := make([][]SearchResult, 8)
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

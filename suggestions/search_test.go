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

func TestSyntheticLibraryIsValid(t *testing.T) {
	base := engine(t).Library()
	for _, tt := range []struct{ phrasings, replies, wantReplies int }{
		{100, 0, 0}, {2000, 0, 0}, {10000, 10000, 10000},
	} {
		lib := SyntheticLibrary(base, tt.phrasings, tt.replies)
		b, err := lib.MarshalIndent()
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseLibrary("synthetic.json", b)
		if err != nil {
			t.Fatalf("SyntheticLibrary(%d, %d) does not validate: %v", tt.phrasings, tt.replies, err)
		}
		phrasings, replies := 0, 0
		for _, in := range back.Intents {
			phrasings += len(in.Phrasings)
			replies += len(in.Replies)
		}
		if phrasings != tt.phrasings {
			t.Errorf("SyntheticLibrary(%d, %d): %d phrasings", tt.phrasings, tt.replies, phrasings)
		}
		if replies < tt.wantReplies {
			t.Errorf("SyntheticLibrary(%d, %d): %d replies, want at least %d", tt.phrasings, tt.replies, replies, tt.wantReplies)
		}
	}
	a, b := SyntheticLibrary(base, 3000, 0), SyntheticLibrary(base, 3000, 0)
	if a.Intents[len(a.Intents)-1].Replies[0].Body != b.Intents[len(b.Intents)-1].Replies[0].Body {
		t.Error("SyntheticLibrary is not deterministic")
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

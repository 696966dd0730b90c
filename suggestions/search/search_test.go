package search

import (
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/data"
	"github.com/warmdesk/warmdesk/suggestions/library"
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
		rs := e.Find(tt.query, 10)
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
	if n := len(e.Find("", 0)); n < 74 {
		t.Errorf("empty query lists every reply, got %d", n)
	}
	if rs := e.Find("zzqxj", 10); len(rs) != 0 {
		t.Errorf("nonsense query found %v", rs)
	}
}

// FuzzSearch: any query is answered, with highlights inside titles.
func FuzzSearch(f *testing.F) {
	f.Add("rfnd")
	f.Add("::track")
	f.Add("\xff")
	e := engine(f)
	f.Fuzz(func(t *testing.T, q string) {
		for _, r := range e.Find(q, 5) {
			for _, i := range r.TitleMatches {
				if i < 0 || i >= len(r.Title) {
					t.Fatalf("highlight %d outside %q", i, r.Title)
				}
			}
		}
	})
}

// defaultLibrary parses the default library or stops the test.
func defaultLibrary(t testing.TB) *library.Library {
	t.Helper()
	lib, err := library.ParseLibrary("default.json", data.DefaultLibrary)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// engine returns the default library's index or stops the test.
func engine(t testing.TB) *Index { return New(defaultLibrary(t), nil) }

package widget

import "testing"

func TestWords(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{Count(0, "blank"), "0 blanks"},
		{Count(1, "blank"), "1 blank"},
		{Count(2, "blank"), "2 blanks"},
		{Count(3, "suggested reply"), "3 suggested replies"},
		{Count(1, "suggested reply"), "1 suggested reply"},
		{Count(2, "finding"), "2 findings"},
		{Count(2, "match"), "2 matches"},
		{Count(2, "day"), "2 days"},
		{Count(4, "request"), "4 requests"},
		{Count(2, "person"), "2 people"},
		{All(1, "request"), "the request"},
		{All(2, "request"), "both requests"},
		{All(3, "request"), "all 3 requests"},
		{BlanksLeft(1), "1 blank is still unfilled"},
		{BlanksLeft(2), "2 blanks are still unfilled"},
		{Plural(2, "problem stops", "problems stop"), "2 problems stop"},
		{Spelled(3), "three"},
		{Spelled(12), "12"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

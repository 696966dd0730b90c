package library

import (
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/data"
)

func TestSyntheticLibraryIsValid(t *testing.T) {
	base, err := ParseLibrary("default.json", data.DefaultLibrary)
	if err != nil {
		t.Fatal(err)
	}
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

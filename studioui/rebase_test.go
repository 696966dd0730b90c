package studioui

import (
	"reflect"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

func lib(intents ...library.Intent) *library.Library {
	return &library.Library{Format: library.Format, Schema: library.Schema, Intents: intents}
}

func intent(id, title string) library.Intent {
	return library.Intent{ID: id, Title: title, Phrasings: []string{id + " please"}}
}

func titles(l *library.Library) map[string]string {
	m := map[string]string{}
	for _, in := range l.Intents {
		m[in.ID] = in.Title
	}
	return m
}

func TestRebase(t *testing.T) {
	base := lib(intent("a", "A"), intent("b", "B"), intent("c", "C"), intent("d", "D"), intent("e", "E"))
	for _, tc := range []struct {
		name        string
		mine        *library.Library
		theirs      *library.Library
		want        map[string]string
		wantClashes []string
	}{
		{"disjoint edits both kept",
			lib(intent("a", "A mine"), intent("b", "B"), intent("c", "C"), intent("d", "D"), intent("e", "E")),
			lib(intent("a", "A"), intent("b", "B theirs"), intent("c", "C"), intent("d", "D"), intent("e", "E")),
			map[string]string{"a": "A mine", "b": "B theirs", "c": "C", "d": "D", "e": "E"}, nil},
		{"same entry changed on both sides: mine, with a clash",
			lib(intent("a", "A mine"), intent("b", "B"), intent("c", "C"), intent("d", "D"), intent("e", "E")),
			lib(intent("a", "A theirs"), intent("b", "B"), intent("c", "C"), intent("d", "D"), intent("e", "E")),
			map[string]string{"a": "A mine", "b": "B", "c": "C", "d": "D", "e": "E"}, []string{"intent a"}},
		{"additions on both sides, removals on both sides",
			lib(intent("a", "A"), intent("b", "B"), intent("d", "D"), intent("e", "E"), intent("m", "M")),
			lib(intent("a", "A"), intent("b", "B"), intent("c", "C"), intent("e", "E"), intent("t", "T")),
			map[string]string{"a": "A", "b": "B", "e": "E", "m": "M", "t": "T"}, nil},
		{"I removed what they changed: theirs stays, with a clash",
			lib(intent("a", "A"), intent("b", "B"), intent("c", "C"), intent("d", "D")),
			lib(intent("a", "A"), intent("b", "B"), intent("c", "C"), intent("d", "D"), intent("e", "E theirs")),
			map[string]string{"a": "A", "b": "B", "c": "C", "d": "D", "e": "E theirs"}, []string{"intent e"}},
		{"they removed what I changed: mine comes back, with a clash",
			lib(intent("a", "A mine"), intent("b", "B"), intent("c", "C"), intent("d", "D"), intent("e", "E")),
			lib(intent("b", "B"), intent("c", "C"), intent("d", "D"), intent("e", "E")),
			map[string]string{"a": "A mine", "b": "B", "c": "C", "d": "D", "e": "E"}, []string{"intent a"}},
		{"the same change on both sides is no clash",
			lib(intent("a", "Same"), intent("b", "B"), intent("c", "C"), intent("d", "D"), intent("e", "E")),
			lib(intent("a", "Same"), intent("b", "B"), intent("c", "C"), intent("d", "D"), intent("e", "E")),
			map[string]string{"a": "Same", "b": "B", "c": "C", "d": "D", "e": "E"}, nil},
	} {
		got, clashes := Rebase(base, tc.mine, tc.theirs)
		if !reflect.DeepEqual(titles(got), tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, titles(got), tc.want)
		}
		if !reflect.DeepEqual(clashes, tc.wantClashes) {
			t.Errorf("%s: clashes %v, want %v", tc.name, clashes, tc.wantClashes)
		}
	}
	// Theirs' order is kept, mine's new entries come last.
	got, _ := Rebase(base,
		lib(intent("a", "A"), intent("b", "B"), intent("c", "C"), intent("d", "D"), intent("e", "E"), intent("z", "Z")),
		lib(intent("e", "E"), intent("d", "D"), intent("c", "C"), intent("b", "B"), intent("a", "A")))
	var order []string
	for _, in := range got.Intents {
		order = append(order, in.ID)
	}
	if !reflect.DeepEqual(order, []string{"e", "d", "c", "b", "a", "z"}) {
		t.Errorf("order %v", order)
	}
}

func TestRebaseDefaultLibrarySections(t *testing.T) {
	parse := func() *library.Library {
		l, err := library.ParseLibrary("d", suggestions.DefaultLibraryJSON())
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	base, mine, theirs := parse(), parse(), parse()
	mine.Rules[0].Message = "mine"
	mine.Openers = mine.Openers[1:]
	theirs.Feelings[0].Label = "theirs"
	theirs.Closers[0].Text = "Theirs, {{agent.first_name}}"
	got, clashes := Rebase(base, mine, theirs)
	if len(clashes) != 0 {
		t.Errorf("clashes %v", clashes)
	}
	if got.Rules[0].Message != "mine" || got.Feelings[0].Label != "theirs" || got.Closers[0].Text != "Theirs, {{agent.first_name}}" || len(got.Openers) != len(base.Openers)-1 {
		t.Error("a section's change was lost")
	}
	if _, err := got.MarshalIndent(); err != nil {
		t.Fatal(err)
	}
}

package libdiff

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/data"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

func loadLibrary(t testing.TB, name string) *library.Library {
	t.Helper()
	path := filepath.Join("testdata", name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := library.ParseLibrary(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// goldenFile compares got with testdata/name, or rewrites it with -update.
func goldenFile(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./suggestions/libdiff -update creates it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file (go test ./suggestions/libdiff -update rewrites it; review the diff):\n%s", name, got)
	}
}

// diff-new.json is diff-old.json with one change of each kind.
func TestDiffGolden(t *testing.T) {
	d := Diff(loadLibrary(t, "diff-old.json"), loadLibrary(t, "diff-new.json"))
	goldenFile(t, "diff.golden.txt", []byte(d.String()))
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	goldenFile(t, "diff.golden.json", append(data, '\n'))
}

// The golden files are reviewed by eye; this test pins the changes that
// matter, so a wrong golden file cannot be accepted silently.
func TestDiffFinds(t *testing.T) {
	d := Diff(loadLibrary(t, "diff-old.json"), loadLibrary(t, "diff-new.json"))
	byID := map[string]IntentChange{}
	for _, c := range d.Intents {
		byID[c.ID] = c
	}
	pz := byID["pizza.order"]
	if pz.Change != ChangeChanged || !reflect.DeepEqual(pz.PhrasingsRemoved, []string{"now order pizza"}) || !reflect.DeepEqual(pz.PhrasingsAdded, []string{"a pizza for delivery please"}) {
		t.Errorf("pizza.order phrasings: %+v", pz)
	}
	if !reflect.DeepEqual(pz.Fields, []FieldChange{{"title", "Order a pizza", "Order pizza"}}) {
		t.Errorf("pizza.order fields %+v", pz.Fields)
	}
	var one, where ReplyChange
	for _, r := range pz.Replies {
		switch r.ID {
		case "pizza.order.one":
			one = r
		case "pizza.order.where":
			where = r
		}
	}
	if !reflect.DeepEqual(one.Fields, []FieldChange{{"shortcut", "pizza", "pz"}}) || renderEdits(one.BodyEdits) != "[-Unfortunately we -]{+What I can do is +}bake [-one-]{+your+} pizza [-at a time.-]{+first.+} Your order {{order.number}} is in the oven." {
		t.Errorf("changed reply: %+v %q", one.Fields, renderEdits(one.BodyEdits))
	}
	if where.Change != ChangeRemoved || where.MovedTo != "pizza.track" {
		t.Errorf("moved reply, seen from its old intent: %+v", where)
	}
	if tr := byID["pizza.track"]; tr.Change != ChangeAdded || len(tr.Replies) != 1 || tr.Replies[0].MovedFrom != "pizza.order" {
		t.Errorf("new intent with a moved reply: %+v", tr)
	}
	if rail := byID["rail.ticket"]; rail.Change != ChangeRenamed || rail.OldID != "train.ticket" ||
		!reflect.DeepEqual(rail.PhrasingsRemoved, []string{"can I get a pepperoni pizza with extra cheese"}) || len(rail.Replies) != 2 {
		t.Errorf("renamed intent: %+v", rail)
	}
	if w := byID["weather.ask"]; w.Change != ChangeRemoved || len(w.PhrasingsRemoved) != 3 {
		t.Errorf("removed intent: %+v", w)
	}
	if _, ok := byID["train.ticket"]; ok {
		t.Error("a renamed intent must not also be listed as removed")
	}
	if len(d.Feelings) != 2 || d.Feelings[0].ID != "annoyed" || d.Feelings[1].Change != ChangeAdded ||
		!reflect.DeepEqual(d.Feelings[0].CuesChanged, []CueChange{{"annoy*", 2, 3}}) ||
		!reflect.DeepEqual(d.Feelings[0].CuesAdded, []library.Cue{{Text: "irritat*", Intensity: 2}}) ||
		!reflect.DeepEqual(d.Feelings[0].AcknowledgementsRemoved, []library.Acknowledgement{{Intensity: 3, Text: "Thanks for waiting."}}) ||
		len(d.Feelings[0].AcknowledgementsAdded) != 2 {
		t.Errorf("feelings: %+v", d.Feelings)
	}
	if len(d.Openers) != 1 || renderEdits(d.Openers[0].Edits) != "[-Dear-]{+Hello+} {{customer.first_name}}," {
		t.Errorf("openers %+v", d.Openers)
	}
	if len(d.Closers) != 2 || d.Closers[0].Change != ChangeAdded || d.Closers[1].Change != ChangeRemoved || d.Closers[1].ID != "regards" {
		t.Errorf("closers %+v", d.Closers)
	}
	if len(d.Rules) != 2 || d.Rules[0].ID != "no-unfortunately" || d.Rules[1].ID != "open-with-hi" || d.Rules[1].Change != ChangeRemoved ||
		!reflect.DeepEqual(d.Rules[0].Fields, []FieldChange{{"severity", "warning", "error"}}) {
		t.Errorf("rules %+v", d.Rules)
	}
	if !reflect.DeepEqual(d.Library, []FieldChange{{"name", "Diff test library", "Diff test library, revised"}}) {
		t.Errorf("library fields %+v", d.Library)
	}
}

func TestDiffSameAndEmpty(t *testing.T) {
	lib := loadDefaultCopy(t)
	copyLib := loadDefaultCopy(t)
	if d := Diff(lib, copyLib); !d.Empty() || d.String() != "No differences.\n" {
		t.Errorf("a library against its own copy: %s", d)
	}
	// Order does not matter.
	copyLib.Intents[0], copyLib.Intents[1] = copyLib.Intents[1], copyLib.Intents[0]
	ps := copyLib.Intents[0].Phrasings
	ps[0], ps[len(ps)-1] = ps[len(ps)-1], ps[0]
	if d := Diff(lib, copyLib); !d.Empty() {
		t.Errorf("reordering is not a change: %s", d)
	}
	// Against nothing, everything is added; and back, removed.
	d := Diff(nil, lib)
	if len(d.Intents) != len(lib.Intents) || d.Intents[0].Change != ChangeAdded || len(d.Rules) != len(lib.Rules) {
		t.Errorf("from nil: %d intent changes", len(d.Intents))
	}
	d = Diff(lib, nil)
	if len(d.Intents) != len(lib.Intents) || d.Intents[0].Change != ChangeRemoved {
		t.Errorf("to nil: %+v", d.Intents[0])
	}
	data, _ := json.Marshal(Diff(lib, lib))
	if !strings.Contains(string(data), `"intents":[]`) {
		t.Errorf("empty lists must be [] in JSON: %s", data)
	}
}

// loadDefaultCopy parses the default library afresh, so it shares nothing
// with the engine's.
func loadDefaultCopy(t testing.TB) *library.Library {
	lib, err := library.ParseLibrary("default.json", data.DefaultLibrary)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

func TestDiffDeterministic(t *testing.T) {
	a, b := loadLibrary(t, "diff-old.json"), loadLibrary(t, "diff-new.json")
	first := Diff(a, b).String()
	for i := 0; i < 50; i++ {
		if got := Diff(a, b).String(); got != first {
			t.Fatalf("run %d differs:\n%s\n%s", i, first, got)
		}
	}
}

func TestWordDiff(t *testing.T) {
	tests := []struct{ a, b, want string }{
		{"", "", ""},
		{"same text", "same text", "same text"},
		{"", "new", "{+new+}"},
		{"old", "", "[-old-]"},
		{"we can ship today", "we can ship tomorrow", "we can ship [-today-]{+tomorrow+}"},
		{"Hi there, thanks", "Hi there, many thanks", "Hi there, {+many +}thanks"},
		{"one two three", "one three", "one [-two -]three"},
		{"line one\nline two", "line one\nline 2", "line one\nline [-two-]{+2+}"},
		{"a b c d", "d c b a", "[-a b-]{+d+} c [-d-]{+b a+}"},
	}
	for _, tt := range tests {
		got := WordDiff(tt.a, tt.b)
		if r := renderEdits(got); r != tt.want {
			t.Errorf("WordDiff(%q, %q) = %q, want %q", tt.a, tt.b, r, tt.want)
		}
		checkEdits(t, tt.a, tt.b, got)
	}
	// Past the size bound, the middle is replaced whole, still exactly.
	long := strings.Repeat("word ", 3000)
	a, b := "start "+long+"end", "start "+strings.ReplaceAll(long, "word", "term")+"end"
	got := WordDiff(a, b)
	checkEdits(t, a, b, got)
	if len(got) != 4 {
		t.Errorf("a long rewrite: %d edits, want kept, removed, added, kept", len(got))
	}
}

// checkEdits verifies that the edits give back a and b.
func checkEdits(t *testing.T, a, b string, edits []TextEdit) {
	t.Helper()
	var ra, rb strings.Builder
	for i, e := range edits {
		if e.Text == "" || i > 0 && edits[i-1].Op == e.Op {
			t.Errorf("edits of %q → %q are not minimal runs: %+v", a, b, edits)
		}
		if e.Op != "+" {
			ra.WriteString(e.Text)
		}
		if e.Op != "-" {
			rb.WriteString(e.Text)
		}
	}
	if ra.String() != a || rb.String() != b {
		t.Errorf("edits %+v give %q → %q, want %q → %q", edits, ra.String(), rb.String(), a, b)
	}
}

func FuzzWordDiff(f *testing.F) {
	f.Add("we can ship today", "we can ship tomorrow")
	f.Add("", "x")
	f.Add("a\n\nb", "a b")
	f.Fuzz(func(t *testing.T, a, b string) {
		checkEdits(t, a, b, WordDiff(a, b))
	})
}

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// A library diff shows a situation edited and an intent's situation
// changed.
func TestDiffSituations(t *testing.T) {
	a, err := library.ParseLibrary("default.json", data.DefaultLibrary)
	if err != nil {
		t.Fatal(err)
	}
	b, err := library.ParseLibrary("default.json", data.DefaultLibrary)
	if err != nil {
		t.Fatal(err)
	}
	// The same situation in both, then edited in b.
	sit := library.Situation{ID: "lost-parcel", Label: "a lost parcel", Cues: []library.Cue{{Text: "lost my parcel", Intensity: 3}},
		Acknowledgements: []library.Acknowledgement{{Intensity: 2, Text: "I'm sorry your parcel has gone astray."}}}
	fi := 0
	a.Feelings[fi].Situations = append(a.Feelings[fi].Situations, sit)
	b.Feelings[fi].Situations = append(b.Feelings[fi].Situations, sit)
	f := &b.Feelings[fi]
	last := &f.Situations[len(f.Situations)-1]
	last.Acknowledgements = append(slices.Clone(last.Acknowledgements), library.Acknowledgement{Intensity: 1, Text: "I'm sorry about the wait."})
	b.Intents[0].Situation = last.ID
	d := Diff(a, b)
	if d.Empty() {
		t.Fatal("the diff is empty")
	}
	var edited, field bool
	for _, c := range d.Feelings {
		for _, l := range c.Lists {
			edited = edited || c.ID == f.ID && l.Field == "situations" && len(l.Added) == 1 && len(l.Removed) == 1
		}
	}
	for _, c := range d.Intents {
		for _, fc := range c.Fields {
			field = field || c.ID == b.Intents[0].ID && fc.Field == "situation" && fc.New == last.ID
		}
	}
	if !edited || !field {
		t.Errorf("situation edited: %v, intent's situation: %v\n%s", edited, field, d)
	}
	// What a situation is not about is part of it.
	c, err := library.ParseLibrary("default.json", data.DefaultLibrary)
	if err != nil {
		t.Fatal(err)
	}
	fj := slices.IndexFunc(c.Feelings, func(f library.Feeling) bool { return len(f.Situations) > 0 })
	s := &c.Feelings[fj].Situations[0]
	s.NotAbout = append(slices.Clone(s.NotAbout), "hologram")
	d = Diff(a, c)
	edited = false
	for _, fc := range d.Feelings {
		for _, l := range fc.Lists {
			edited = edited || fc.ID == c.Feelings[fj].ID && l.Field == "situations" && len(l.Added) == 1 && strings.Contains(l.Added[0], "hologram")
		}
	}
	if !edited {
		t.Errorf("a word added to a situation's not_about: not in the diff\n%s", d)
	}
}

// A change to a reply's promises alone is a change of the reply.
func TestDiffPromises(t *testing.T) {
	a, b := loadDefaultCopy(t), loadDefaultCopy(t)
	var id string
	for i := range b.Intents {
		for j := range b.Intents[i].Replies {
			if r := &b.Intents[i].Replies[j]; id == "" && len(r.Promises) > 0 {
				r.Promises[0].Check = "done and dusted"
				id = r.ID
			}
		}
	}
	d := Diff(a, b)
	if d.Empty() || !strings.Contains(d.String(), "done and dusted") {
		t.Errorf("a promise's check changed in %s: %s", id, d)
	}
}

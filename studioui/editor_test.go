package studioui

import (
	"strconv"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/suggestions/tone"
	"github.com/warmdesk/warmdesk/widget"
)

func testEditor(t *testing.T) *Editor {
	t.Helper()
	lib, err := library.ParseLibrary("default", suggestions.DefaultLibraryJSON())
	if err != nil {
		t.Fatal(err)
	}
	eng, err := suggestions.Compile(lib)
	if err != nil {
		t.Fatal(err)
	}
	// The editor owns its copy: parse again so edits never touch eng's.
	own, _ := library.ParseLibrary("default", suggestions.DefaultLibraryJSON())
	return NewEditor(own, 1, eng)
}

func intentIndex(t *testing.T, e *Editor, id string) int {
	for i, in := range e.Lib.Intents {
		if in.ID == id {
			return i
		}
	}
	t.Fatalf("no intent %s", id)
	return -1
}

func TestEditorSearch(t *testing.T) {
	e := testEditor(t)
	if len(e.Results) != len(e.Lib.Intents) {
		t.Fatalf("empty query lists %d of %d intents", len(e.Results), len(e.Lib.Intents))
	}
	for _, tc := range []struct {
		q        string
		intent   string // expected among the top 3 hits
		reply    bool   // a reply hit is expected
		matchLen int    // highlighted characters
	}{
		{"rfnd", "", false, 4},
		{"order.track", "order.track", false, 11},
		{"where is my", "order.track", false, 0},
	} {
		e.Search(tc.q)
		if len(e.Results) == 0 {
			t.Errorf("%q: no results", tc.q)
			continue
		}
		h := e.Results[0]
		if tc.matchLen > 0 && len(h.Matches) != tc.matchLen {
			t.Errorf("%q: %d highlighted characters in %q, want %d", tc.q, len(h.Matches), h.Text, tc.matchLen)
		}
		for _, m := range h.Matches {
			if m < 0 || m >= len(h.Text) {
				t.Errorf("%q: match offset %d outside %q", tc.q, m, h.Text)
			}
		}
		if tc.intent != "" {
			found := false
			for _, r := range e.Results[:min(3, len(e.Results))] {
				found = found || e.Lib.Intents[r.Intent].ID == tc.intent
			}
			if !found {
				t.Errorf("%q: %s not in the top 3: %+v", tc.q, tc.intent, e.Results[:min(3, len(e.Results))])
			}
		}
	}
	// One hit per intent, reply, situation or sarcasm cues.
	for _, q := range []string{"order", "late"} {
		e.Search(q)
		seen := map[[4]int]bool{}
		for _, r := range e.Results {
			k := [4]int{r.Intent, r.Reply, -2, -2}
			if r.InFeeling() {
				k = [4]int{-1, -1, r.Feeling, r.Situation}
			}
			if seen[k] {
				t.Errorf("%q: %+v listed twice", q, r)
			}
			seen[k] = true
		}
	}
	e.Search("zzqqxx")
	if len(e.Results) != 0 {
		t.Errorf("nonsense query found %d", len(e.Results))
	}
}

// TestEditorToneFix: a reply typed with a tone problem shows the finding
// in place, and its rewording is one call away.
func TestEditorToneFix(t *testing.T) {
	e := testEditor(t)
	i := intentIndex(t, e, "order.track")
	e.SetReply(i, 0, "body", "Unfortunately we can't ship on Sundays. It's our policy.")
	if !e.Dirty {
		t.Error("not dirty after an edit")
	}
	fs := e.ReplyFindings(i, 0)
	rules := map[string]tone.Finding{}
	for _, f := range fs {
		rules[f.Rule] = f
	}
	for _, want := range []string{"no-unfortunately", "say-what-we-can", "no-policy"} {
		if _, ok := rules[want]; !ok {
			t.Errorf("finding %s missing: %+v", want, fs)
		}
	}
	marks := widget.ToneMarks(fs)
	if len(marks) != len(fs) {
		t.Errorf("%d marks for %d findings", len(marks), len(fs))
	}
	f := rules["say-what-we-can"]
	if err := e.FixReply(i, 0, f, f.Suggestions[0]); err != nil {
		t.Fatal(err)
	}
	body := e.Lib.Intents[i].Replies[0].Body
	// Mid-sentence, the rewording goes in lower case.
	sug := f.Suggestions[0]
	if want := "Unfortunately " + strings.ToLower(sug[:1]) + sug[1:] + " ship"; strings.Contains(body, "we can't") || !strings.HasPrefix(body, want) {
		t.Errorf("after the fix: %q", body)
	}
	// The old finding's offsets no longer fit: refused, nothing changed.
	if err := e.FixReply(i, 0, f, "x"); err == nil {
		t.Error("a stale finding was applied")
	}
	if e.Lib.Intents[i].Replies[0].Body != body {
		t.Error("a refused fix changed the body")
	}
}

func TestEditorEditsAndCompile(t *testing.T) {
	e := testEditor(t)
	if need, _ := e.NeedsCompile(); need {
		t.Error("a fresh editor needs a compile")
	}
	e.AddIntent()
	n := len(e.Lib.Intents) - 1
	if e.Sel != (Selection{Kind: SelIntent, Index: n}) || e.Lib.Intents[n].ID != "new.intent.1" {
		t.Fatalf("added intent %+v, selection %+v", e.Lib.Intents[n], e.Sel)
	}
	need, v := e.NeedsCompile()
	if !need {
		t.Fatal("no compile needed after an edit")
	}
	doc, err := e.Document()
	if err != nil {
		t.Fatal(err)
	}
	eng, probs := CompileDocument(doc)
	if eng != nil || len(probs) == 0 {
		t.Fatal("a new intent without phrasings compiled")
	}
	e.Compiled(v, eng, probs)
	if len(e.Problems) == 0 || e.Engine() == nil {
		t.Error("problems not kept, or the last good engine dropped")
	}
	if !e.Goto(probs[0]) || e.Sel.Index != n {
		t.Errorf("Goto(%+v) selected %+v", probs[0], e.Sel)
	}

	e.SetIntent(n, "id", " gift.wrap ")
	e.SetIntent(n, "title", "Gift wrapping")
	e.SetPhrasings(n, "can you gift wrap my order\n\n  do you offer gift wrapping  \nis gift wrap available\nplease wrap it as a present\nI want the parcel gift wrapped\n")
	e.AddReply(n)
	e.SetReply(n, 0, "title", "Gift wrap is free")
	e.SetReply(n, 0, "body", "Gift wrapping is free, and we'll add a card for order {{order.number}}.")
	if got := e.Lib.Intents[n].Phrasings; len(got) != 5 || got[1] != "do you offer gift wrapping" {
		t.Errorf("phrasings %q", got)
	}
	_, v = e.NeedsCompile()
	doc, _ = e.Document()
	eng, probs = CompileDocument(doc)
	if eng == nil {
		t.Fatalf("valid library refused: %+v", probs)
	}
	e.RunTry("Could you gift wrap my order 48213 please?")
	e.Compiled(v, eng, probs)
	if need, _ := e.NeedsCompile(); need || len(e.Problems) != 0 {
		t.Errorf("after compiling: need %v, problems %v", need, e.Problems)
	}
	if e.Try == nil || len(e.Try.Suggestions) == 0 || e.Try.Suggestions[0].Intent != "gift.wrap" {
		t.Fatalf("try a message does not use the new intent: %+v", e.Try)
	}
	if !strings.Contains(e.Try.Suggestions[0].Text, "order 48213") {
		t.Errorf("try: %q", e.Try.Suggestions[0].Text)
	}
	// A result for an older version does not undo a newer one.
	e.Compiled(v-1, nil, []library.Problem{{Entry: "old"}})
	if len(e.Problems) != 0 {
		t.Error("a stale compile result was applied")
	}
	e.Saved(5, doc)
	if e.Dirty || e.Base != 5 {
		t.Errorf("after save: dirty %v base %d", e.Dirty, e.Base)
	}
	e.RemoveReply(n, 0)
	e.RemoveIntent(n)
	if len(e.Lib.Intents) != n || !e.Dirty {
		t.Error("remove")
	}
}

func TestEditorSectionsRoundTrip(t *testing.T) {
	e := testEditor(t)
	e.AddSnippet("openers")
	k := len(e.Lib.Openers) - 1
	e.SetSnippet("openers", k, "text", "Good morning {{customer.first_name}},")
	e.SetFeeling(0, "cues", FormatCues(e.Lib.Feelings[0].Cues)+"beside myself | 3\nmiffed\nbroken | x\n")
	cues := e.Lib.Feelings[0].Cues
	last := cues[len(cues)-3:]
	if last[0] != (library.Cue{Text: "beside myself", Intensity: 3}) || last[1].Intensity != 1 || last[2].Intensity != 0 {
		t.Errorf("parsed cues %+v", last)
	}
	e.SetFeeling(0, "cues", FormatCues(cues[:len(cues)-1]))
	e.AddAck(0)
	a := len(e.Lib.Feelings[0].Acknowledgements) - 1
	e.SetAck(0, a, "intensity", "3")
	e.SetAck(0, a, "text", "I can hear how upsetting this has been, and I'm sorry.")
	e.AddRule()
	r := len(e.Lib.Rules) - 1
	e.SetRule(r, "message", "Say it plainly.")
	e.SetRule(r, "phrases", "at this point in time\n")
	e.SetRule(r, "suggestions", "now")
	e.SetRule(r, "flag", "We will ship it at this point in time.")
	e.SetRule(r, "pass", "We will ship it now.")
	doc, _ := e.Document()
	eng, probs := CompileDocument(doc)
	if eng == nil {
		t.Fatalf("edited sections refused: %+v", probs)
	}
	_, v := e.NeedsCompile()
	e.Compiled(v, eng, nil)
	i := intentIndex(t, e, "order.track")
	e.SetReply(i, 0, "body", "We will ship it at this point in time.")
	found := false
	for _, f := range e.ReplyFindings(i, 0) {
		found = found || f.Rule == e.Lib.Rules[r].ID
	}
	if !found {
		t.Error("the new rule does not apply after compiling")
	}
	// Back through the document, every edit is kept.
	lib, err := library.ParseLibrary("x", doc)
	if err != nil {
		t.Fatal(err)
	}
	if lib.Openers[k].Text != "Good morning {{customer.first_name}}," || lib.Rules[r].Examples.Pass[0] != "We will ship it now." {
		t.Error("edits lost in the document")
	}
	e.RemoveRule(r)
	e.RemoveAck(0, a)
	e.RemoveSnippet("openers", k)
	if len(e.Lib.Rules) != r || len(e.Lib.Openers) != k {
		t.Error("removals")
	}
}

func TestEditorRebase(t *testing.T) {
	e := testEditor(t)
	if err := e.Rebase(2, suggestions.DefaultLibraryJSON()); err == nil {
		t.Error("rebased without knowing the original")
	}
	e.SetOriginal(suggestions.DefaultLibraryJSON())
	e.SetIntent(0, "title", "Mine")
	theirs, _ := library.ParseLibrary("t", suggestions.DefaultLibraryJSON())
	theirs.Intents[1].Title = "Theirs"
	doc, _ := theirs.MarshalIndent()
	if err := e.Rebase(3, doc); err != nil {
		t.Fatal(err)
	}
	if e.Lib.Intents[0].Title != "Mine" || e.Lib.Intents[1].Title != "Theirs" || e.Base != 3 || !e.Dirty || len(e.Clashes) != 0 {
		t.Errorf("after rebase: %q %q base %d dirty %v clashes %v", e.Lib.Intents[0].Title, e.Lib.Intents[1].Title, e.Base, e.Dirty, e.Clashes)
	}
	if need, _ := e.NeedsCompile(); !need {
		t.Error("a rebased copy needs a compile")
	}
}

func TestEditorListsABoundedNumber(t *testing.T) {
	lib := &library.Library{}
	for i := 0; i < MaxListed+20; i++ {
		lib.Intents = append(lib.Intents, library.Intent{ID: "i" + strconv.Itoa(i), Phrasings: []string{"x"}})
	}
	e := NewEditor(lib, 1, nil)
	if len(e.Results) != MaxListed || e.Hidden != 20 {
		t.Errorf("listed %d, hidden %d", len(e.Results), e.Hidden)
	}
	e.Search("i519")
	if len(e.Results) == 0 || e.Lib.Intents[e.Results[0].Intent].ID != "i519" || e.Hidden != 0 {
		t.Errorf("search past the bound: %+v", e.Results[:min(1, len(e.Results))])
	}
}

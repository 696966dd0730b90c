package studioui

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/internal/studioapi"
	"github.com/warmdesk/warmdesk/internal/words"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

func feelingIndex(t *testing.T, e *Editor, id string) int {
	t.Helper()
	for i, f := range e.Lib.Feelings {
		if f.ID == id {
			return i
		}
	}
	t.Fatalf("no feeling %s", id)
	return -1
}

func situationIndex(t *testing.T, e *Editor, f int, id string) int {
	t.Helper()
	for i, s := range e.Lib.Feelings[f].Situations {
		if s.ID == id {
			return i
		}
	}
	t.Fatalf("no situation %s", id)
	return -1
}

// compile compiles the working copy as the page does, and returns the
// problems that stop it.
func compile(t *testing.T, e *Editor) []library.Problem {
	t.Helper()
	_, v := e.NeedsCompile()
	doc, err := e.Document()
	if err != nil {
		t.Fatal(err)
	}
	eng, probs := CompileDocument(doc)
	e.Compiled(v, eng, probs)
	return probs
}

// A situation's cues and acknowledgements, edited, are what "Try a
// message" answers with.
func TestEditorSituationCuesAndAcknowledgements(t *testing.T) {
	e := testEditor(t)
	f := feelingIndex(t, e, "frustrated")
	s := situationIndex(t, e, f, "delivery-late")
	const msg = "The parcel has gone walkabout on its way to me."
	e.RunTry(msg)
	if a := e.Try.Analysis.Acknowledge; a != nil && a.Situation == "delivery-late" {
		t.Fatalf("before the edit, %q already shows a late delivery", msg)
	}
	e.SetSituation(f, s, "cues", FormatCues(e.Lib.Feelings[f].Situations[s].Cues)+"gone walkabout | 2\n")
	for k := range e.Lib.Feelings[f].Situations[s].Acknowledgements {
		e.SetSituationAck(f, s, k, "text", "A parcel that wanders off on its way to you is maddening, and I'm sorry.")
	}
	if probs := compile(t, e); len(probs) > 0 {
		t.Fatalf("the edited library is refused: %v", probs)
	}
	e.RunTry(msg)
	a := e.Try.Analysis.Acknowledge
	if a == nil || a.Feeling != "frustrated" || a.Situation != "delivery-late" {
		t.Fatalf("%q acknowledges %+v, want frustrated at a late delivery", msg, a)
	}
	if len(e.Try.Suggestions) == 0 || !strings.Contains(e.Try.Suggestions[0].Text, "wanders off on its way to you") {
		t.Errorf("the suggestion does not open with the new acknowledgement: %+v", e.Try.Suggestions)
	}

	// Intensity and the list of acknowledgements.
	n := len(e.Lib.Feelings[f].Situations[s].Acknowledgements)
	e.AddSituationAck(f, s)
	e.SetSituationAck(f, s, n, "intensity", "3")
	e.SetSituationAck(f, s, n, "intensity", "three") // not a number: ignored
	if got := e.Lib.Feelings[f].Situations[s].Acknowledgements; len(got) != n+1 || got[n].Intensity != 3 {
		t.Fatalf("added acknowledgement %+v", got)
	}
	probs := compile(t, e)
	if !hasProblem(probs, "feeling frustrated", "situations[", ".acknowledgements[", "is empty") {
		t.Errorf("an empty acknowledgement is not named: %v", probs)
	}
	e.RemoveSituationAck(f, s, n)
	if probs := compile(t, e); len(probs) > 0 {
		t.Errorf("after removing the empty acknowledgement: %v", probs)
	}

	// A situation acknowledgement's tone findings, as a feeling's.
	e.SetSituationAck(f, s, 0, "text", "I'm sorry you feel that way, and I'm looking into it.")
	fs := e.SituationAckFindings(f, s, 0)
	found := false
	for _, x := range fs {
		found = found || x.Rule == "no-non-apology"
	}
	if !found {
		t.Errorf("no non-apology finding on the situation's acknowledgement: %+v", fs)
	}
	if e.SituationAckFindings(f, s, 99) != nil || e.SituationAckFindings(f, 99, 0) != nil {
		t.Error("findings for an acknowledgement that does not exist")
	}
}

// What a situation is not about is edited one word per line: a cue
// beside such a word shows the feeling without naming the situation, and
// a word the validator refuses leads to the field.
func TestEditorSituationNotAbout(t *testing.T) {
	e := testEditor(t)
	f := feelingIndex(t, e, "frustrated")
	s := situationIndex(t, e, f, "delivery-late")
	const msg = "the hologram I ordered never arrived"
	e.RunTry(msg)
	if a := e.Try.Analysis.Acknowledge; a == nil || a.Situation != "delivery-late" {
		t.Fatalf("before the edit, %q acknowledges %+v, want a late delivery", msg, a)
	}
	e.SetSituation(f, s, "not_about", strings.Join(e.Lib.Feelings[f].Situations[s].NotAbout, "\n")+"\n hologram* \n\n")
	if got := e.Lib.Feelings[f].Situations[s].NotAbout; got[len(got)-1] != "hologram*" {
		t.Fatalf("not_about %q: the typed word is not its last line, trimmed", got)
	}
	if probs := compile(t, e); len(probs) > 0 {
		t.Fatalf("the edited library is refused: %v", probs)
	}
	e.RunTry(msg)
	if a := e.Try.Analysis.Acknowledge; a == nil || a.Feeling != "frustrated" || a.Situation != "" {
		t.Errorf("after the edit, %q acknowledges %+v, want frustration in general words", msg, a)
	}
	e.SetSituation(f, s, "not_about", "holo*gram")
	probs := compile(t, e)
	var bad library.Problem
	for _, p := range probs {
		if strings.Contains(p.Field, "not_about[0]") {
			bad = p
		}
	}
	if bad.Field == "" {
		t.Fatalf("a '*' inside a word is not named: %v", probs)
	}
	if !e.Goto(bad) || e.Focus != situationElem(f, s)+"-not_about" || !e.Open[situationElem(f, s)] {
		t.Errorf("the problem leads to %q (open %v)", e.Focus, e.Open)
	}
}

func hasProblem(probs []library.Problem, entry string, parts ...string) bool {
	for _, p := range probs {
		text := p.Field + " " + p.Message
		ok := p.Entry == entry
		for _, s := range parts {
			ok = ok && strings.Contains(text, s)
		}
		if ok {
			return true
		}
	}
	return false
}

// An intent implies a situation by its id: renaming the situation takes
// its intents along, removing it leaves them implying nothing, and an id
// that clashes is named without moving anyone's intents.
func TestEditorSituationIDsAndIntents(t *testing.T) {
	e := testEditor(t)
	f := feelingIndex(t, e, "frustrated")
	s := situationIndex(t, e, f, "delivery-late")
	late := intentIndex(t, e, "delivery.late")
	if got := e.ImpliedBy("delivery-late"); len(got) != 1 || got[0] != late {
		t.Fatalf("delivery-late is implied by %v, want [%d]", got, late)
	}
	e.SetSituation(f, s, "id", " parcel-late ")
	if got := e.Lib.Intents[late].Situation; got != "parcel-late" {
		t.Fatalf("the intent implies %q after the rename", got)
	}
	if probs := compile(t, e); len(probs) > 0 {
		t.Fatalf("renamed: %v", probs)
	}
	// Onto another situation's id: a clash, and the intents stay.
	e.SetSituation(f, s, "id", "delay")
	if got := e.Lib.Intents[late].Situation; got != "parcel-late" {
		t.Errorf("a clashing rename moved the intent to %q", got)
	}
	probs := compile(t, e)
	if !hasProblem(probs, "feeling frustrated", "id", `"delay" is already`) || !hasProblem(probs, "intent delivery.late", "situation", "no situation") {
		t.Errorf("the clash is not named: %v", probs)
	}
	e.SetSituation(f, s, "id", "parcel-late")
	if got := e.ImpliedBy("delay"); len(got) != 0 {
		t.Errorf("leaving the clash moved the intents of delay: %v", got)
	}
	if probs := compile(t, e); len(probs) > 0 {
		t.Fatalf("back from the clash: %v", probs)
	}
	label := ""
	for _, c := range e.SituationChoices() {
		if c.ID == "parcel-late" {
			label = c.Label
		}
	}
	if label != "frustrated: a late delivery (parcel-late)" {
		t.Errorf("the choice reads %q", label)
	}

	// A new situation, chosen on an intent, then removed.
	n := len(e.Lib.Feelings[f].Situations)
	e.AddSituation(f)
	id := e.Lib.Feelings[f].Situations[n].ID
	if id != "situation.1" || !e.Open["st-feeling-"+itoa(f)+"-sit-"+itoa(n)] {
		t.Fatalf("new situation %q, open %v", id, e.Open)
	}
	probs = compile(t, e)
	if !hasProblem(probs, "feeling frustrated", "situations["+itoa(n)+"].cues", "at least one cue") {
		t.Errorf("a situation without cues is not named: %v", probs)
	}
	e.SetSituation(f, n, "cues", "the box got squashed\nsquashed box | 3\nbroken | x")
	if got := e.Lib.Feelings[f].Situations[n].Cues; len(got) != 3 || got[0].Intensity != 1 || got[1].Intensity != 3 || got[2].Intensity != 0 {
		t.Errorf("cues read as %+v", got)
	}
	e.SetSituation(f, n, "cues", "the box got squashed")
	e.SetSituation(f, n, "label", "a squashed box")
	e.SetSituationAck(f, n, 0, "text", "A squashed box is no way to receive anything, and I'm sorry.")
	track := intentIndex(t, e, "order.track")
	e.SetIntent(track, "situation", id)
	if probs := compile(t, e); len(probs) > 0 {
		t.Fatalf("a complete new situation is refused: %v", probs)
	}
	e.RemoveSituation(f, n)
	if got := e.Lib.Intents[track].Situation; got != "" {
		t.Errorf("the intent still implies the removed situation %q", got)
	}
	if len(e.Open) != 0 {
		t.Errorf("open parts after the removal: %v", e.Open)
	}
	if probs := compile(t, e); len(probs) > 0 {
		t.Fatalf("after the removal: %v", probs)
	}
	e.SetIntent(late, "situation", " ")
	if e.Lib.Intents[late].Situation != "" {
		t.Error("an intent's situation was not cleared")
	}
}

// Sarcasm cues are edited as lines, and only a negative feeling takes
// them.
func TestEditorSarcasm(t *testing.T) {
	e := testEditor(t)
	u := feelingIndex(t, e, "unhappy")
	const msg = "Oh marvellous, the order is late again."
	e.RunTry(msg)
	before := e.Try.Analysis.Feelings
	e.SetFeeling(u, "sarcasm", strings.Join(e.Lib.Feelings[u].Sarcasm, "\n")+"\n\n  oh marvellous  \n")
	got := e.Lib.Feelings[u].Sarcasm
	if got[len(got)-1] != "oh marvellous" {
		t.Fatalf("sarcasm %q", got)
	}
	if probs := compile(t, e); len(probs) > 0 {
		t.Fatalf("refused: %v", probs)
	}
	e.RunTry(msg)
	shows := false
	for _, f := range e.Try.Analysis.Feelings {
		shows = shows || f.ID == "unhappy"
	}
	if !shows {
		t.Errorf("%q shows no unhappiness with the new sarcasm cue (before: %+v, after: %+v)", msg, before, e.Try.Analysis.Feelings)
	}
	g := feelingIndex(t, e, "grateful")
	e.SetFeeling(g, "sarcasm", "oh marvellous")
	probs := compile(t, e)
	var p *library.Problem
	for i := range probs {
		if probs[i].Entry == "feeling grateful" && probs[i].Field == "sarcasm" {
			p = &probs[i]
		}
	}
	if p == nil || !strings.Contains(p.Message, "only a negative feeling") {
		t.Fatalf("sarcasm on a positive feeling: %v", probs)
	}
	if !e.Goto(*p) || e.Sel.Kind != SelFeelings || e.Focus != "st-feeling-"+itoa(g)+"-sarcasm" {
		t.Errorf("Goto the problem: selection %+v, focus %q", e.Sel, e.Focus)
	}
}

// A problem's field names the element the page focuses.
func TestFeelingTarget(t *testing.T) {
	for _, tc := range []struct{ field, want string }{
		{"cues[3].text", "st-feeling-2-cues"},
		{"unless[0]", "st-feeling-2-unless"},
		{"sarcasm[1]", "st-feeling-2-sarcasm"},
		{"sarcasm", "st-feeling-2-sarcasm"},
		{"acknowledgements[1].text", "st-feeling-2-ack-1-text"},
		{"acknowledgements[1].intensity", "st-feeling-2-ack-1-intensity"},
		{"situations[4].id", "st-feeling-2-sit-4-id"},
		{"situations[4].label", "st-feeling-2-sit-4-label"},
		{"situations[4].cues", "st-feeling-2-sit-4-cues"},
		{"situations[4].cues[7].intensity", "st-feeling-2-sit-4-cues"},
		{"situations[4].not_about[1]", "st-feeling-2-sit-4-not_about"},
		{"situations[4].acknowledgements", "st-feeling-2-sit-4-id"},
		{"situations[4].acknowledgements[2].text", "st-feeling-2-sit-4-ack-2-text"},
		{"situations[4].acknowledgements[2].intensity", "st-feeling-2-sit-4-ack-2-intensity"},
		{"situations[x].id", ""},
		{"situations", ""},
		{"id", ""},
		{"-", ""},
	} {
		if got, _ := feelingTarget(2, tc.field); got != tc.want {
			t.Errorf("feelingTarget(%q) = %q, want %q", tc.field, got, tc.want)
		}
	}
	// Goto opens the situation the problem is in.
	e := testEditor(t)
	f := feelingIndex(t, e, "frustrated")
	if !e.Goto(library.Problem{Entry: "feeling frustrated", Field: "situations[1].acknowledgements[0].text"}) {
		t.Fatal("Goto found no feeling")
	}
	want := "st-feeling-" + itoa(f) + "-sit-1"
	if e.Focus != want+"-ack-0-text" || !e.Open[want] {
		t.Errorf("focus %q, open %v", e.Focus, e.Open)
	}
	i := intentIndex(t, e, "delivery.late")
	if !e.Goto(library.Problem{Entry: "intent delivery.late", Field: "situation"}) || e.Focus != "st-intent-"+itoa(i)+"-situation" {
		t.Errorf("Goto an intent's situation: focus %q", e.Focus)
	}
	if !e.Goto(library.Problem{Entry: "intent delivery.late", Field: "phrasings"}) || e.Focus != "" {
		t.Errorf("Goto a phrasing problem focuses %q", e.Focus)
	}
}

// The page shows every situation with its fields labelled, the ones
// opened unfolded, and the intent's choice of situation.
func TestStudioSituationsRender(t *testing.T) {
	e := testEditor(t)
	f := feelingIndex(t, e, "frustrated")
	s := situationIndex(t, e, f, "delivery-late")
	e.SetSituationAck(f, s, 0, "text", "I'm sorry you feel that way, and I'm looking into it.")
	e.SetOpen("st-feeling-"+itoa(f)+"-sit-"+itoa(s), true)
	e.Select(SelFeelings, 0)
	html := render(t, &StudioLibrary{session: readyAs(studioapi.RoleEditor), ed: e})
	base := "st-feeling-" + itoa(f) + "-sit-" + itoa(s)
	for _, want := range []string{
		`for="` + base + `-cues"`, `for="` + base + `-ack-0-text"`, `for="` + base + `-label"`, `for="` + base + `-not_about"`, "Not about",
		"Situations (8)", "Implied by", "Delivery is late", "1 tone finding", "Sarcasm", `for="st-feeling-` + itoa(f) + `-sarcasm"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the feelings page lacks %q", want)
		}
	}
	// Only the opened situation shows its fields; the others say what
	// they hold on their button.
	if n := len(regexp.MustCompile(`id="st-feeling-\d+(-sit-\d+)?-cues"`).FindAllString(html, -1)); n != 1+len(e.Lib.Feelings) {
		t.Errorf("%d cue fields, want one per feeling and the open situation's", n)
	}
	all := 0
	for _, fe := range e.Lib.Feelings {
		all += len(fe.Situations)
	}
	// go-app writes a "true" attribute bare.
	if n := strings.Count(html, `aria-expanded="false"`); n != all-1 {
		t.Errorf("%d of %d situations folded, want all but one", n, all)
	}
	w := situationIndex(t, e, f, "waiting")
	if want := "waiting</strong>"; !strings.Contains(html, want) || !strings.Contains(html, words.Count(len(e.Lib.Feelings[f].Situations[w].Cues), "cue")+" · ") {
		t.Error("a folded situation does not say what it holds")
	}
	late := intentIndex(t, e, "delivery.late")
	e.Select(SelIntent, late)
	html = render(t, &StudioLibrary{session: readyAs(studioapi.RoleEditor), ed: e})
	var chosen []string
	for _, m := range regexp.MustCompile(`<option ([^>]*)>([^<]*)`).FindAllStringSubmatch(html, -1) {
		if regexp.MustCompile(`(^|\s)selected(\s|$)`).MatchString(m[1]) && strings.Contains(m[1], `value="delivery-late"`) {
			chosen = append(chosen, m[2])
		}
	}
	if len(chosen) != 1 || chosen[0] != "frustrated: a late delivery (delivery-late)" {
		t.Error("the intent's situation is not chosen in its select")
	}
}

var itoa = strconv.Itoa

// A cues field keeps what is typed into it while that reads as the cues:
// written out at each key, "gone" would become "gone | 1" under the caret.
func TestCuesTextKeepsWhatIsTyped(t *testing.T) {
	e := testEditor(t)
	f := feelingIndex(t, e, "frustrated")
	s := situationIndex(t, e, f, "delivery-late")
	key := itoa(f) + "/" + itoa(s)
	si := &e.Lib.Feelings[f].Situations[s]
	written := FormatCues(si.Cues)
	if got := e.CuesText(key, si.Cues); got != written {
		t.Fatalf("an untouched field reads %q", got)
	}
	for _, typed := range []string{written + "gone", written + "gone walkabout |", written + "gone walkabout | 2", written + "\n\n"} {
		e.SetSituation(f, s, "cues", typed)
		if got := e.CuesText(key, si.Cues); got != typed {
			t.Errorf("after typing, the field reads %q, want %q", got[len(written):], typed[len(written):])
		}
	}
	// Changed from elsewhere (another field, a rebase), the cues are
	// written out again.
	si.Cues = si.Cues[:1]
	if got := e.CuesText(key, si.Cues); got != FormatCues(si.Cues) {
		t.Errorf("after a change from elsewhere the field reads %q", got)
	}
	e.SetFeeling(f, "cues", "fed up | 3\nsick of")
	if got := e.CuesText(itoa(f), e.Lib.Feelings[f].Cues); got != "fed up | 3\nsick of" {
		t.Errorf("the feeling's cues field reads %q", got)
	}
}

// rankOf is the place of the hit in feeling f's situation s (-1: its
// sarcasm cues) among the results, or -1.
func rankOf(e *Editor, f, s int) int {
	for r, h := range e.Results {
		if h.InFeeling() && h.Feeling == f && h.Situation == s {
			return r
		}
	}
	return -1
}

// The search finds every situation by its id, plain words and cues, and
// every feeling's sarcasm cues, near the top.
func TestEditorSearchFindsEverySituation(t *testing.T) {
	e := testEditor(t)
	n := 0
	for f, fe := range e.Lib.Feelings {
		for _, c := range fe.Sarcasm {
			e.Search(c)
			if r := rankOf(e, f, -1); r < 0 || r >= 3 {
				t.Errorf("%q: %s's sarcasm cues are at place %d", c, fe.ID, r)
			}
		}
		for s, si := range fe.Situations {
			for _, q := range []string{si.ID, si.Label, si.Cues[0].Text} {
				e.Search(q)
				if r := rankOf(e, f, s); r < 0 || r >= 3 {
					t.Errorf("%q: situation %s is at place %d", q, si.ID, r)
				}
				n++
			}
		}
	}
	if n == 0 {
		t.Fatal("the default library has no situations to search")
	}
}

// A search hit in a situation, chosen, opens the feelings, unfolds that
// situation alone and puts the cursor in the field that matched; one in
// the sarcasm cues goes to them. The page lists the hit as a situation.
func TestEditorSearchLeadsToTheSituation(t *testing.T) {
	e := testEditor(t)
	f := feelingIndex(t, e, "frustrated")
	s := situationIndex(t, e, f, "delivery-late")
	u := feelingIndex(t, e, "unhappy")
	si := &e.Lib.Feelings[f].Situations[s]
	ack := len(si.Acknowledgements) - 1
	// Words nothing else in the library has, so each query has one place.
	e.SetSituation(f, s, "cues", FormatCues(si.Cues)+"gone walkabout | 2\n")
	e.SetSituationAck(f, s, ack, "text", "A parcel that wanders off on its way to you is maddening, and I'm sorry.")
	e.SetFeeling(u, "sarcasm", strings.Join(e.Lib.Feelings[u].Sarcasm, "\n")+"\noh splendiferous")
	e.SetSituation(f, s, "not_about", strings.Join(si.NotAbout, "\n")+"\nhologram*")
	sit := situationElem(f, s)
	for _, tc := range []struct {
		q, field, focus string
		situation       int
	}{
		{"walkabout", "cue", sit + "-cues", s},
		{"wanders off", "acknowledgement", sit + "-ack-" + itoa(ack) + "-text", s},
		{si.Label, "plain words", sit + "-label", s},
		{si.ID, "id", sit + "-id", s},
		{"hologram", "not about", sit + "-not_about", s},
		{"splendiferous", "sarcasm cue", "st-feeling-" + itoa(u) + "-sarcasm", -1},
	} {
		e.Select(SelIntent, 0)
		e.Open = nil
		e.Search(tc.q)
		want := f
		if tc.situation < 0 {
			want = u
		}
		r := rankOf(e, want, tc.situation)
		if r != 0 {
			t.Errorf("%q: the hit is at place %d: %+v", tc.q, r, e.Results[:min(3, len(e.Results))])
			continue
		}
		h := e.Results[r]
		if h.Field != tc.field || len(h.Matches) == 0 {
			t.Errorf("%q: matched %s %q at %v, want the %s", tc.q, h.Field, h.Text, h.Matches, tc.field)
		}
		if !e.Choose(h) || e.Sel.Kind != SelFeelings || e.Focus != tc.focus {
			t.Errorf("%q: chosen, the page shows %+v with the focus on %q, want %q", tc.q, e.Sel, e.Focus, tc.focus)
		}
		var open []string
		for k, o := range e.Open {
			if o {
				open = append(open, k)
			}
		}
		if tc.situation >= 0 && (len(open) != 1 || open[0] != sit) || tc.situation < 0 && len(open) != 0 {
			t.Errorf("%q: open %v", tc.q, open)
		}
	}

	// Listed as a situation of its feeling, with the cue highlighted.
	e.Search("walkabout")
	html := render(t, &StudioLibrary{session: readyAs(studioapi.RoleEditor), ed: e})
	list := html[strings.Index(html, `id="st-results"`):]
	list = list[:strings.Index(list, "</ul>")]
	for _, want := range []string{"Situation: ", si.Label, ">frustrated<", "cue: ", `<mark class="hit">walkabout</mark>`} {
		if !strings.Contains(list, want) {
			t.Errorf("the hit lacks %q: %s", want, list)
		}
	}

	// An intent's hit still selects the intent, and focuses nothing.
	late := intentIndex(t, e, "delivery.late")
	e.Search("delivery.late")
	if len(e.Results) == 0 || e.Results[0].InFeeling() || !e.Choose(e.Results[0]) || e.Intent() != &e.Lib.Intents[late] || e.Focus != "" {
		t.Errorf("an intent's hit: %+v, focus %q", e.Sel, e.Focus)
	}

	// A hit the library has moved past goes nowhere, and removing a
	// situation searches again rather than list the one after it.
	last := len(e.Lib.Feelings[f].Situations) - 1
	e.Search(e.Lib.Feelings[f].Situations[last].ID)
	h := e.Results[rankOf(e, f, last)]
	e.RemoveSituation(f, last)
	if rankOf(e, f, last) >= 0 {
		t.Error("the removed situation is still listed")
	}
	if e.Choose(h) {
		t.Error("a hit in a removed situation was chosen")
	}
}

package suggestions

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/library"
)

// reportEngine compiles a library from testdata.
func reportEngine(t testing.TB, name string) *Engine {
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
	e, err := Compile(lib)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// The test library is built so that each section of the report has
// exactly the findings listed here (see testdata/report-library.json).
func TestReportFindings(t *testing.T) {
	r := reportEngine(t, "report-library.json").Report(nil)

	t.Run("totals", func(t *testing.T) {
		want := ReportTotals{Intents: 3, Phrasings: 22, Replies: 2, Feelings: 1, Openers: 2, Closers: 2, Rules: 4, ToneFindings: len(r.Tone), Correct: r.Totals.Correct}
		if r.Totals != want {
			t.Errorf("totals %+v, want %+v", r.Totals, want)
		}
		if r.Totals.Correct < 15 || r.Totals.Correct > 21 {
			t.Errorf("%d of 22 phrasings right: the misplaced pizza phrasing must miss, most others hit", r.Totals.Correct)
		}
		if got, want := r.Accuracy, round4(float64(r.Totals.Correct)/22); got != want {
			t.Errorf("accuracy %v, want %v", got, want)
		}
		sum := 0
		for _, iq := range r.Intents {
			sum += iq.Correct
			if iq.Accuracy != round4(float64(iq.Correct)/float64(iq.Phrasings)) {
				t.Errorf("%s: accuracy %v for %d of %d", iq.ID, iq.Accuracy, iq.Correct, iq.Phrasings)
			}
		}
		if sum != r.Totals.Correct {
			t.Errorf("intents' correct sum to %d, total says %d", sum, r.Totals.Correct)
		}
	})

	t.Run("collision", func(t *testing.T) {
		var found *Collision
		for _, c := range r.Confusions {
			for i, col := range c.Collisions {
				if strings.Contains(col.Phrasing, "pepperoni") {
					found = &c.Collisions[i]
					if c.A != "pizza.order" || c.B != "train.ticket" {
						t.Errorf("pair %s/%s, want pizza.order/train.ticket (library order)", c.A, c.B)
					}
				}
			}
		}
		if found == nil {
			t.Fatalf("the pizza phrasing under train.ticket is not a collision: %+v", r.Confusions)
		}
		if found.Intent != "train.ticket" || found.Matched != "pizza.order" || found.Nearest == "" || found.Score <= 0 {
			t.Errorf("collision %+v", *found)
		}
		train := r.Intents[1]
		if train.ConfusedWith == "" || train.ConfusedCount < 1 {
			t.Errorf("train.ticket: confused with %q %d times", train.ConfusedWith, train.ConfusedCount)
		}
	})

	t.Run("shared phrasing", func(t *testing.T) {
		want := []SharedPhrasing{{Normalized: "is it going to rain", Intents: []string{"train.ticket", "weather.ask"}, Texts: []string{"Is it going to rain?", "is it going to rain"}}}
		if !reflect.DeepEqual(r.Shared, want) {
			t.Errorf("shared %+v, want %+v", r.Shared, want)
		}
	})

	t.Run("few phrasings and no replies", func(t *testing.T) {
		if want := []FewPhrasings{{Intent: "weather.ask", Phrasings: 3}}; !reflect.DeepEqual(r.FewPhrasings, want) {
			t.Errorf("few %+v, want %+v", r.FewPhrasings, want)
		}
		if !r.Intents[2].TooFew || r.Intents[0].TooFew {
			t.Errorf("too_few flags: %+v", r.Intents)
		}
		if want := []string{"weather.ask"}; !reflect.DeepEqual(r.NoReplies, want) {
			t.Errorf("no replies %v", r.NoReplies)
		}
	})

	t.Run("near duplicates", func(t *testing.T) {
		if len(r.Similar) != 1 {
			t.Fatalf("similar %+v, want the one pair", r.Similar)
		}
		s := r.Similar[0]
		if s.Intent != "pizza.order" || s.A != "order pizza now" || s.B != "now order pizza" || s.Reason != "same words" {
			t.Errorf("similar %+v", s)
		}
		if r.Intents[0].NearDuplicates != 1 {
			t.Errorf("pizza.order near duplicates %d", r.Intents[0].NearDuplicates)
		}
	})

	t.Run("tone", func(t *testing.T) {
		type key struct{ entry, field, rule, text string }
		var got []key
		for _, f := range r.Tone {
			got = append(got, key{f.Entry, f.Field, f.Rule, f.Text})
		}
		want := []key{
			{"opener dear", "text", "open-with-hi", "Dear {{customer.first_name}},"},
			{"intent pizza.order", "replies[0].body", "no-unfortunately", "Unfortunately"},
			{"feeling annoyed", "acknowledgements[1].text", "acknowledge-first", "Thanks for waiting."},
			{"closer regards", "text", "close-warmly", "Regards."},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("tone findings\n got %v\nwant %v", got, want)
		}
		for _, f := range r.Tone {
			if f.Rule == "no-unfortunately" && (f.Start != 0 || f.End != len("Unfortunately") || len(f.Suggestions) == 0) {
				t.Errorf("finding span or rewording: %+v", f)
			}
		}
	})

	t.Run("placeholders", func(t *testing.T) {
		var names []string
		for _, u := range r.Placeholders.Unfillable {
			names = append(names, u.Name)
			if u.Name == "seat.number" && !reflect.DeepEqual(u.Uses, []Location{{"intent train.ticket", "replies[0].body"}}) {
				t.Errorf("seat.number uses %+v", u.Uses)
			}
		}
		if !contains(names, "seat.number") || contains(names, "order.number") || contains(names, "customer.first_name") || contains(names, "agent.first_name") {
			t.Errorf("unfillable %v: want seat.number, not the names the composer fills", names)
		}
		for _, n := range []string{"customer.first_name", "agent.first_name", "order.number", "ticket.id"} {
			if !contains(r.Placeholders.Context, n) {
				t.Errorf("context fills %v, not %s", r.Placeholders.Context, n)
			}
		}
		if !contains(r.Placeholders.Entities, "order.number") {
			t.Errorf("entities fill %v, not order.number", r.Placeholders.Entities)
		}
	})

	t.Run("acknowledgements", func(t *testing.T) {
		if want := []MissingAck{{Feeling: "annoyed", Intensities: []int{2}}}; !reflect.DeepEqual(r.Acknowledgement, want) {
			t.Errorf("missing acks %+v, want %+v", r.Acknowledgement, want)
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Leave-one-out really leaves the phrasing out: a phrasing that appears
// once in the library, under its own intent, is not matched to itself.
// An intent with a single phrasing has nothing left to match once that
// phrasing is out, so it can never be right; with a second phrasing that
// shares its words, it is.
func TestReportLeavesOneOut(t *testing.T) {
	base := reportEngine(t, "report-library.json").Library()
	lib := *base
	lib.Intents = append(append([]library.Intent(nil), base.Intents...), library.Intent{ID: "lonely", Phrasings: []string{"where do the zebras sleep at night"}})
	e, err := Compile(&lib)
	if err != nil {
		t.Fatal(err)
	}
	r := e.Report(nil)
	lonely := r.Intents[len(r.Intents)-1]
	if lonely.Phrasings != 1 || lonely.Correct != 0 {
		t.Errorf("a single-phrasing intent scored %d of %d: its phrasing was not left out", lonely.Correct, lonely.Phrasings)
	}
	lib.Intents[len(lib.Intents)-1].Phrasings = append(lib.Intents[len(lib.Intents)-1].Phrasings, "do zebras sleep at night")
	e, _ = Compile(&lib)
	if got := e.Report(nil).Intents[len(lib.Intents)-1]; got.Correct != 2 {
		t.Errorf("two zebra phrasings: %d of 2 right, want both", got.Correct)
	}
}

// The same library gives the same report, compiled again or not.
func TestReportDeterministic(t *testing.T) {
	first, _ := json.Marshal(reportEngine(t, "report-library.json").Report(nil))
	def, _ := json.Marshal(engine(t).Report(nil))
	for i := 0; i < 5; i++ {
		again, _ := json.Marshal(reportEngine(t, "report-library.json").Report(nil))
		if string(again) != string(first) {
			t.Fatalf("run %d differs:\n%s\n%s", i, first, again)
		}
		lib := *engine(t).Library()
		e, err := Compile(&lib)
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := json.Marshal(e.Report(nil)); string(again) != string(def) {
			t.Fatalf("default library, compile %d: report differs", i)
		}
	}
}

func TestReportProgress(t *testing.T) {
	e := engine(t)
	var calls [][2]int
	r := e.Report(func(done, total int) { calls = append(calls, [2]int{done, total}) })
	if len(calls) < 10 {
		t.Fatalf("%d progress calls for %d phrasings; want steady progress", len(calls), r.Totals.Phrasings)
	}
	total := calls[0][1]
	if calls[0][0] != 0 || calls[len(calls)-1] != [2]int{total, total} || total != r.Totals.Phrasings+1 {
		t.Errorf("progress starts %v, ends %v, want (0,%d) .. (%d,%d)", calls[0], calls[len(calls)-1], r.Totals.Phrasings+1, total, total)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] < calls[i-1][0] || calls[i][1] != total {
			t.Errorf("progress goes back or changes total: %v then %v", calls[i-1], calls[i])
		}
	}
}

// The default library's report is whole: every intent is listed, counts
// add up, and every list is a list (never null) in JSON.
func TestReportDefaultLibrary(t *testing.T) {
	e := engine(t)
	r := e.Report(nil)
	lib := e.Library()
	if len(r.Intents) != len(lib.Intents) {
		t.Fatalf("%d intents in the report, %d in the library", len(r.Intents), len(lib.Intents))
	}
	phr := 0
	for i, in := range lib.Intents {
		phr += len(in.Phrasings)
		if r.Intents[i].ID != in.ID || r.Intents[i].Phrasings != len(in.Phrasings) {
			t.Errorf("intent %d: %s with %d phrasings, library has %s with %d", i, r.Intents[i].ID, r.Intents[i].Phrasings, in.ID, len(in.Phrasings))
		}
	}
	if r.Totals.Phrasings != phr || r.Accuracy <= 0 || r.Accuracy > 1 {
		t.Errorf("totals %+v, accuracy %v", r.Totals, r.Accuracy)
	}
	data, _ := json.Marshal(r)
	if strings.Contains(string(data), "null") {
		t.Errorf("a list is null in %s", data)
	}
}

// A library with one intent and one phrasing, and one whose phrasings
// have no words the matcher knows, still gives a report.
func TestReportEdgeLibraries(t *testing.T) {
	for name, lib := range map[string]*library.Library{
		"one phrasing": {Format: library.Format, Schema: library.Schema, Intents: []library.Intent{{ID: "a", Phrasings: []string{"hello there"}}}},
		"no words":     {Format: library.Format, Schema: library.Schema, Intents: []library.Intent{{ID: "a", Phrasings: []string{"!!!", "???"}}, {ID: "b", Phrasings: []string{"..."}}}},
	} {
		e, err := Compile(lib)
		if err != nil {
			t.Fatal(err)
		}
		r := e.Report(nil)
		if r.Totals.Correct != 0 || r.Accuracy != 0 || len(r.Intents) != len(lib.Intents) {
			t.Errorf("%s: %+v", name, r)
		}
		if name == "no words" && r.Intents[0].Unmatched != 2 {
			t.Errorf("%s: unmatched %d, want 2", name, r.Intents[0].Unmatched)
		}
	}
}

// BenchmarkReport measures the whole report on the default library and
// on a synthetic library of 10,000 phrasings (see syntheticLibrary).
func BenchmarkReport(b *testing.B) {
	b.Run("default", func(b *testing.B) {
		e := engine(b)
		b.ReportAllocs()
		for b.Loop() {
			e.Report(nil)
		}
	})
	b.Run("10000", func(b *testing.B) {
		e, err := Compile(syntheticLibrary(b, 10000))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			e.Report(nil)
		}
	})
}

// A situation's acknowledgements are text agents send: the report checks
// them as their feeling's own.
func TestToneFindingsInSituations(t *testing.T) {
	lib, err := library.ParseLibrary("default", DefaultLibraryJSON())
	if err != nil {
		t.Fatal(err)
	}
	var at Location
	for _, f := range lib.Feelings {
		if f.Negative && len(f.Situations) > 1 {
			f.Situations[1].Acknowledgements[0].Text = "Thanks for your patience."
			at = Location{"feeling " + f.ID, "situations[1].acknowledgements[0].text"}
			break
		}
	}
	if at.Entry == "" {
		t.Fatal("the default library has no negative feeling with two situations")
	}
	e, err := Compile(lib)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range e.ToneFindings() {
		got = append(got, f.Entry+" "+f.Field+" "+f.Rule)
	}
	if want := at.Entry + " " + at.Field + " acknowledge-first"; len(got) != 1 || got[0] != want {
		t.Errorf("tone findings %q, want [%s]", got, want)
	}
}

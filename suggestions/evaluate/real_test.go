package evaluate

import (
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions"
)

// cardLibrary is a small library whose answers on clear messages do not
// hang on the matcher's fine tuning.
func cardLibrary(t *testing.T) *suggestions.Engine {
	t.Helper()
	var train []Example
	for _, x := range []struct{ in, a, b, c string }{
		{"card_arrival", "my card has not arrived", "when will my card come", "still waiting for my new card"},
		{"lost_card", "I lost my card", "my card was stolen", "someone took my card"},
		{"top_up", "how do I top up", "add money to my account", "top up with a bank transfer"},
	} {
		train = append(train, Example{x.a, x.in}, Example{x.b, x.in}, Example{x.c, x.in})
	}
	def, err := suggestions.Default()
	if err != nil {
		t.Fatal(err)
	}
	e, err := suggestions.Compile(Library(train, def.Library()))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestRunReal(t *testing.T) {
	msgs, err := LoadRealMessages("testdata/real.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 6 {
		t.Fatalf("%d messages, want 6 (the blank line skipped)", len(msgs))
	}
	e := cardLibrary(t)
	rep := RunReal(e, msgs)
	if rep.Messages != 6 || rep.Answerable != 5 || rep.Unanswered != 1 {
		t.Fatalf("counts: %+v", rep)
	}
	// Four of five answerable are right and in scope; the mislabelled
	// one is answered confidently with top_up, which the label says is
	// wrong.
	checks := []struct {
		name      string
		got, want float64
	}{
		{"first fits", rep.FirstFits, 4.0 / 5},
		{"ranked first", rep.RankFirst, 4.0 / 5},
		{"nothing fits found", rep.NothingFitsFound, 1},
		{"wrong with high confidence", rep.WrongHigh, 1.0 / 6},
		{"right with high confidence", rep.RightHigh, 4.0 / 5},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %.3f, want %.3f", c.name, c.got, c.want)
		}
	}
	if rep.Confidence[ConfidenceNone] != 1 || rep.Confidence[ConfidenceHigh] != 5 {
		t.Errorf("confidence counts %v", rep.Confidence)
	}
	if rep.Negative.Support != 2 {
		t.Errorf("negative support %d, want 2", rep.Negative.Support)
	}
	var wrong []RealMiss
	for _, m := range rep.Misses {
		for _, k := range m.Kind {
			if k == "wrong-high" {
				wrong = append(wrong, m)
			}
		}
	}
	if len(wrong) != 1 || !strings.Contains(wrong[0].Text, "bank transfer") || wrong[0].Got[0] != "top_up" {
		t.Errorf("the one wrong-with-high-confidence miss: %+v", wrong)
	}
	if len(rep.UnknownIDs) != 0 {
		t.Errorf("unknown ids %v", rep.UnknownIDs)
	}
}

// A message ranked right but called out of scope counts for the ranking,
// not for what agents see.
func TestRunRealOutOfScopeShowsNothing(t *testing.T) {
	e := cardLibrary(t)
	msg := RealMessage{Text: "what is the capital of france", Intents: []string{"top_up"}}
	a := e.Analyze(msg.Text, suggestions.AnalyzeOptions{})
	if !a.OutOfScope {
		t.Fatal("the library answers this message; the case needs one it does not")
	}
	msg.Intents = []string{a.Intents[0].ID}
	rep := RunReal(e, []RealMessage{msg})
	if rep.RankFirst != 1 || rep.FirstFits != 0 || rep.RightHigh != 0 || rep.WrongHigh != 0 {
		t.Errorf("out of scope but ranked right: %+v", rep)
	}
}

func TestRunRealUnknownIntents(t *testing.T) {
	rep := RunReal(cardLibrary(t), []RealMessage{{Text: "I lost my card", Intents: []string{"lost_card", "order.track"}}})
	if len(rep.UnknownIDs) != 1 || rep.UnknownIDs[0] != "order.track" {
		t.Errorf("unknown ids %v", rep.UnknownIDs)
	}
}

func TestReadRealMessagesErrors(t *testing.T) {
	for name, x := range map[string]struct{ in, want string }{
		"not json":     {`{"text": "hi", "intents": [}`, "t.jsonl:1:"},
		"no text":      {`{"intents": []}`, `t.jsonl:1: no "text"`},
		"blank text":   {`{"text": "  ", "intents": []}`, `no "text"`},
		"no intents":   {"\n" + `{"text": "hi"}`, `t.jsonl:2: no "intents"`},
		"empty intent": {`{"text": "hi", "intents": [""]}`, "empty intent"},
		"intents type": {`{"text": "hi", "intents": "order.track"}`, "t.jsonl:1:"},
		"empty file":   {"\n\n", "no messages"},
		"long line":    {`{"text": "` + strings.Repeat("a", maxRealLine) + `", "intents": []}`, "token too long"},
	} {
		_, err := ReadRealMessages("t.jsonl", strings.NewReader(x.in))
		if err == nil || !strings.Contains(err.Error(), x.want) {
			t.Errorf("%s: error %v, want it to contain %q", name, err, x.want)
		}
	}
}

func TestMapIntents(t *testing.T) {
	exs := []Example{{"cancel it", "cancel_order"}, {"weather?", ""}, {"where is it", "track_order"}}
	got, err := MapIntents(exs, BitextIntents)
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Intent != "order.cancel" || got[1].Intent != "" || got[2].Intent != "order.track" || exs[0].Intent != "cancel_order" {
		t.Errorf("mapped %+v (input %+v)", got, exs)
	}
	_, err = MapIntents([]Example{{"a", "fly_me"}, {"b", "cancel_order"}, {"c", "beam_me"}, {"d", "fly_me"}}, BitextIntents)
	if err == nil || err.Error() != "no library intent for beam_me, fly_me" {
		t.Errorf("unmapped intents: %v", err)
	}
}

// Every Bitext intent maps to an intent the default library has.
func TestBitextIntentsInDefault(t *testing.T) {
	def, err := suggestions.Default()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, in := range def.Library().Intents {
		have[in.ID] = true
	}
	for name, id := range BitextIntents {
		if !have[id] {
			t.Errorf("%s maps to %s, which the default library lacks", name, id)
		}
	}
}

func TestRunLibrary(t *testing.T) {
	e := cardLibrary(t)
	rep := RunLibrary(e, []Example{{"my new card still has not come", "card_arrival"}, {"what is the capital of france", ""}}, Options{})
	if rep.TestInScope != 1 || rep.TestOutOfScope != 1 || rep.Top1 != 1 || rep.TrainPhrasings != 9 {
		t.Errorf("report %+v", rep)
	}
}

package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/evaluate"
)

func TestEvalReal(t *testing.T) {
	out, errs, code := warmdesk(t, "", "eval", "-real", "testdata/real.jsonl", "-json", "-misses")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep evaluate.RealReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Messages != 3 || rep.Answerable != 2 || rep.Unanswered != 1 || len(rep.UnknownIDs) != 0 {
		t.Errorf("counts %+v", rep)
	}
	for name, v := range map[string]float64{"first": rep.FirstFits, "top3": rep.Top3, "found": rep.NothingFitsFound, "wrong": rep.WrongHigh, "right": rep.RightHigh} {
		if v < 0 || v > 1 {
			t.Errorf("%s = %v, not a share", name, v)
		}
	}
	text, _, code := warmdesk(t, "", "eval", "-real", "testdata/real.jsonl")
	for _, want := range []string{"3, 2 answerable, 1 that nothing", "first suggestion fits:", "wrong reply, high confidence:", "negative feeling: precision"} {
		if code != 0 || !strings.Contains(text, want) {
			t.Errorf("text report lacks %q:\n%s", want, text)
		}
	}
}

func TestEvalLabelled(t *testing.T) {
	out, errs, code := warmdesk(t, "", "eval", "-labelled", "testdata/labelled.csv", "-text", "utterance", "-intent", "intent", "-map", "bitext", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep evaluate.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.TestInScope != 2 || rep.Top3 < rep.Top1 {
		t.Errorf("report %+v", rep)
	}
	_, errs, code = warmdesk(t, "", "eval", "-labelled", "testdata/labelled.csv", "-text", "utterance", "-intent", "intent")
	if code != 1 || !strings.Contains(errs, `intent "cancel_order" is not in the library (give -map)`) {
		t.Errorf("without -map: exit %d, %s", code, errs)
	}
	_, errs, code = warmdesk(t, "", "eval", "-real", "testdata/nothing-here.jsonl")
	if code != 1 || !strings.Contains(errs, "nothing-here.jsonl") {
		t.Errorf("missing file: exit %d, %s", code, errs)
	}
}

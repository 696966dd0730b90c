package tone

import (
	"reflect"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/data"
	"github.com/warmdesk/warmdesk/suggestions/feelings"
	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// Sentences good replies use that no rule may flag (as misspell keeps its
// false positives). Each is checked as a full reply between a greeting and
// a warm closing, so only avoid and swap rules could fire.
var mustNotFlag = []string{
	"I can't wait to hear how the trip goes.",
	"Please don't hesitate to write back.",
	"No problem at all, I've sorted it.",
	"It's not a problem to change the date.",
	"You can't go wrong with the larger size.",
	"What I can do is send a replacement today.",
	"I've refunded the full amount to your card.",
	"Here's how to reset your password.",
	"I understand how frustrating this has been.",
	"Your order is on its way and should arrive on Friday.",
	"There's no charge for the exchange.",
	"We can't wait to see you again.",
	"I'll make sure it's sorted before the weekend.",
	"Nothing is lost: your saved items are still in your basket.",
}

func TestCheckMustNotFlag(t *testing.T) {
	e := engine(t)
	for _, s := range mustNotFlag {
		text := "Hi Sam,\n\n" + s + "\n\nTake good care!\nAna"
		for _, f := range e.Check(text, Options{}) {
			t.Errorf("%q flagged by %s (%q): %s", s, f.Rule, f.Text, f.Message)
		}
	}
}

func TestCheckFindings(t *testing.T) {
	e := engine(t)
	text := "Hello Sam,\nUnfortunately we can't do that, it's our policy.\nRegards"
	fs := e.Check(text, Options{})
	if len(fs) == 0 {
		t.Fatal("no findings")
	}
	var closing bool
	for _, f := range fs {
		if text[f.Start:f.End] != f.Text {
			t.Errorf("%s: span %d-%d is %q, Text is %q", f.Rule, f.Start, f.End, text[f.Start:f.End], f.Text)
		}
		lineStart := strings.LastIndexByte(text[:f.Start], '\n') + 1
		if f.Line != 1+strings.Count(text[:f.Start], "\n") || f.Column != f.Start-lineStart+1 {
			t.Errorf("%s: line %d column %d wrong for offset %d", f.Rule, f.Line, f.Column, f.Start)
		}
		if f.Kind == library.KindSwap && len(f.Suggestions) == 0 {
			t.Errorf("swap finding %s has no suggestion", f.Rule)
		}
		if f.Kind == library.KindClosing {
			closing = true
		}
		if f.Suggestions == nil {
			t.Errorf("%s: suggestions must be a list, not null", f.Rule)
		}
	}
	if !closing {
		t.Error(`"Regards" alone is a business ending: want a closing finding`)
	}
	for _, phrase := range []string{"Unfortunately", "can't", "policy"} {
		found := false
		for _, f := range fs {
			found = found || strings.Contains(f.Text, phrase)
		}
		if !found {
			t.Errorf("no finding covers %q: %+v", phrase, fs)
		}
	}
}

func TestCheckAcknowledge(t *testing.T) {
	e := engine(t)
	upset := Options{CustomerFeelings: []feelings.Match{{ID: "angry", Negative: true, Intensity: 3}}}
	straight := "Hi Sam,\n\nI've reissued your order today.\n\nTake care!"
	kind := func(fs []Finding) bool {
		for _, f := range fs {
			if f.Kind == library.KindAcknowledge {
				return true
			}
		}
		return false
	}
	if !kind(e.Check(straight, upset)) {
		t.Error("a reply to an angry customer that goes straight to the fix must be flagged")
	}
	if kind(e.Check(straight, Options{})) {
		t.Error("a reply to a calm customer needs no acknowledgement")
	}
	warm := "Hi Sam,\n\nI'm so sorry this happened. I've reissued your order today.\n\nTake care!"
	if kind(e.Check(warm, upset)) {
		t.Error("an acknowledgement before the fix must satisfy the rule")
	}
}

// Check is deterministic (vale runs its input 100 times).
func TestCheckDeterministic(t *testing.T) {
	e := engine(t)
	text := "Unfortunately, as I said, you need to calm down. We cannot refund it; it's company policy."
	first := e.Check(text, Options{})
	for i := 0; i < 100; i++ {
		if got := e.Check(text, Options{}); !reflect.DeepEqual(got, first) {
			t.Fatalf("run %d differs", i)
		}
	}
}

// FuzzCheck: findings' spans, lines and columns agree with the text.
func FuzzCheck(f *testing.F) {
	f.Add("Hi Sam,\nUnfortunately we can't, it's our policy.\nRegards")
	f.Add("")
	f.Add("\n\n\xff we cannot\n")
	e := engine(f)
	upset := Options{CustomerFeelings: []feelings.Match{{ID: "angry", Negative: true, Intensity: 3}}}
	f.Fuzz(func(t *testing.T, text string) {
		clean := lang.Sanitize(text)
		for _, fd := range e.Check(text, upset) {
			if fd.Start < 0 || fd.End > len(clean) || fd.Start > fd.End || clean[fd.Start:fd.End] != fd.Text {
				t.Fatalf("finding %+v does not match the text", fd)
			}
			if fd.Line != 1+strings.Count(clean[:fd.Start], "\n") {
				t.Fatalf("finding %+v: wrong line", fd)
			}
			if fd.Kind == library.KindSwap && len(fd.Suggestions) == 0 {
				t.Fatalf("swap finding without suggestions: %+v", fd)
			}
		}
	})
}

// engine returns the default library's checker or stops the test.
func engine(t testing.TB) *Checker {
	t.Helper()
	l, err := lang.English()
	if err != nil {
		t.Fatal(err)
	}
	lib, err := library.ParseLibrary("default.json", data.DefaultLibrary)
	if err != nil {
		t.Fatal(err)
	}
	return New(l, lib.Rules)
}

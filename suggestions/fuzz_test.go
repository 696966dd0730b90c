package suggestions

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// FuzzParseLibrary: any bytes give a library or a *library.ValidationError, never
// a panic, and an accepted library compiles.
func FuzzParseLibrary(f *testing.F) {
	f.Add([]byte(`{"format":"warmdesk-library","schema":1,"intents":[{"id":"a","phrasings":["hi there"],"replies":[{"id":"r","title":"t","body":"Hi {{customer.first_name}}"}]}]}`))
	f.Add([]byte(`{"intents": [{"id": "", "phrasings": 7, "unknown_field": true}]}`))
	f.Add([]byte(`{"format":"warmdesk-library","schema":1,"intents":[{"id":"a","phrasings":["x"]}],"feelings":[{"id":"f","negative":true,"cues":[{"text":"bad*","intensity":2}]}],"rules":[{"id":"r","kind":"avoid","severity":"error","message":"m","phrases":["no"],"examples":{"flag":["no"],"pass":["yes"]}}]}`))
	f.Add([]byte("\xff{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lib, err := library.ParseLibrary("fuzz.json", data)
		if err != nil {
			if lib != nil {
				t.Fatal("a library with an error")
			}
			return
		}
		e, err := Compile(lib)
		if err != nil {
			t.Fatalf("an accepted library does not compile: %v", err)
		}
		e.Analyze("where is my order", AnalyzeOptions{})
		e.CheckExamples("fuzz.json")
	})
}

// FuzzAnalyze: any message gives spans inside the message and valid UTF-8
// evidence, never a panic.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"where is my order 48213??", "I'm not angry", "", "\xff\xfe", "Ünïcödé refünd!!", "a and b and c. also d", strings.Repeat("refund ", 100),
		"thanks for nothing 🙃", "http://x.example/:( :/", "😡😡 late again!!", "my parcel was due monday :("} {
		f.Add(s)
	}
	e := engine(f)
	f.Fuzz(func(t *testing.T, msg string) {
		a := e.Analyze(msg, AnalyzeOptions{TopK: 5})
		n := len(lang.Sanitize(msg))
		for _, im := range a.Intents {
			for _, sp := range im.Evidence {
				if sp.Start < 0 || sp.End > n || sp.Start > sp.End {
					t.Fatalf("evidence span %v outside message of %d bytes", sp, n)
				}
			}
		}
		acked := a.Acknowledge == nil
		for _, fm := range a.Feelings {
			if fm.Start < 0 || fm.End > n || fm.Intensity < 1 || fm.Intensity > 3 || !utf8.ValidString(fm.Evidence) {
				t.Fatalf("bad feeling %+v", fm)
			}
			acked = acked || fm.ID == a.Acknowledge.Feeling && fm.Situation == a.Acknowledge.Situation
		}
		if !acked {
			t.Fatalf("acknowledges %+v, which is none of %+v", a.Acknowledge, a.Feelings)
		}
		for _, en := range a.Entities {
			if en.Start < 0 || en.End > n || en.Start > en.End {
				t.Fatalf("bad entity %+v", en)
			}
		}
		for _, r := range a.Requests {
			if r.Span.Start < 0 || r.Span.End > n {
				t.Fatalf("bad request span %+v", r)
			}
		}
	})
}

// FuzzCompose: any message and names give valid UTF-8 replies whose
// reported placeholders are where they say.
func FuzzCompose(f *testing.F) {
	f.Add("where is my order 48213", "Sam Lee", "Ana", "T-1")
	f.Add("I'm furious, charged twice!!", "{{agent.name}}", "", "")
	f.Add("\xff", "<script>", "\u202e", "x")
	e := engine(f)
	f.Fuzz(func(t *testing.T, msg, customer, agent, ticket string) {
		a := e.Analyze(msg, AnalyzeOptions{})
		for _, s := range e.Compose(a, Context{CustomerName: customer, AgentName: agent, TicketID: ticket}, ComposeOptions{}) {
			if !utf8.ValidString(s.Text) {
				t.Fatalf("invalid UTF-8 in %q", s.Text)
			}
			for _, m := range s.Missing {
				if m.Start < 0 || m.End > len(s.Text) || !strings.HasPrefix(s.Text[m.Start:], "{{") {
					t.Fatalf("placeholder %+v not at its span in %q", m, s.Text)
				}
			}
		}
	})
}

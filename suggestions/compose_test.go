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

// Golden replies for a set of tickets: run with -update to rewrite
// testdata/compose.golden.json after a deliberate change, and review the diff.
func TestComposeGolden(t *testing.T) {
	e := engine(t)
	tickets := []struct {
		Message string
		Ctx     Context
	}{
		{"where is my order 48213??", Context{CustomerName: "Sam Lee", AgentName: "Ana Ruiz", TicketID: "T-1"}},
		{"This is the third time I'm asking, my package is late and I'm really annoyed", Context{CustomerName: "Priya", AgentName: "Tom", TicketID: "T-2"}},
		{"I want to delete my account and also unsubscribe me from your newsletter", Context{TicketID: "T-3"}},
		{"you charged me twice for order #55120, $39.00 each time!!", Context{CustomerName: "Jo", AgentName: "Ana"}},
		{"what is the weather in paris", Context{CustomerName: "Kim", AgentName: "Ana"}},
	}
	type golden struct {
		Message string       `json:"message"`
		Intents []string     `json:"intents"`
		Replies []Suggestion `json:"replies"`
	}
	var got []golden
	for _, tk := range tickets {
		a := e.Analyze(tk.Message, AnalyzeOptions{})
		g := golden{Message: tk.Message, Replies: e.Compose(a, tk.Ctx, ComposeOptions{})}
		for _, im := range a.Intents {
			g.Intents = append(g.Intents, im.ID)
		}
		got = append(got, g)
	}
	data, _ := json.MarshalIndent(got, "", "  ")
	path := filepath.Join("testdata", "compose.golden.json")
	if *update {
		if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if strings.TrimSpace(string(want)) != strings.TrimSpace(string(data)) {
		t.Errorf("composed replies differ from %s; run go test ./suggestions -update and review the diff.\ngot:\n%s", path, data)
	}
}

func TestComposeParts(t *testing.T) {
	e := engine(t)
	a := e.Analyze("I'm really frustrated, my refund for order 88123 still hasn't arrived", AnalyzeOptions{})
	rs := e.Compose(a, Context{CustomerName: "Sam Lee", AgentName: "Ana"}, ComposeOptions{})
	if len(rs) == 0 {
		t.Fatal("no replies")
	}
	r := rs[0]
	if !strings.Contains(r.Parts.Opener, "Sam") || strings.Contains(r.Parts.Opener, "Lee") {
		t.Errorf("opener should greet by first name: %q", r.Parts.Opener)
	}
	if r.Parts.Acknowledgement == "" {
		t.Error("a frustrated customer gets an acknowledgement")
	}
	if strings.Index(r.Text, r.Parts.Acknowledgement) > strings.Index(r.Text, r.Parts.Body) {
		t.Error("the acknowledgement comes before the body")
	}
	if want := "88123"; strings.Contains(r.Parts.Body, "{{order.number}}") || !strings.Contains(r.Text, want) && strings.Contains(e.Library().Intents[e.intentOf[r.Intent]].Replies[0].Body, "{{order.number}}") {
		t.Errorf("the order number from the message should fill {{order.number}}: %q", r.Text)
	}
	for _, m := range r.Missing {
		if r.Text[m.Start:m.End] != "{{"+m.Name+"}}" {
			t.Errorf("missing placeholder %s: span shows %q", m.Name, r.Text[m.Start:m.End])
		}
	}
	again := e.Compose(e.Analyze(a.Message, AnalyzeOptions{}), Context{CustomerName: "Sam Lee", AgentName: "Ana"}, ComposeOptions{})
	if !reflect.DeepEqual(rs, again) {
		t.Error("the same ticket must get the same replies")
	}
}

// A value cannot inject a placeholder of its own.
func TestValuesAddNoPlaceholders(t *testing.T) {
	v := placeholderValues(Context{CustomerName: "{{agent.name}}"}, nil)
	if strings.Contains(library.Fill("{{customer.name}}", v), "{{") {
		t.Error("context values must not smuggle in placeholders")
	}
}

// ComposeReply gives exactly the reply Compose gives for the same ticket,
// without a score, and works when the message is out of scope.
func TestComposeReply(t *testing.T) {
	e := engine(t)
	ctx := Context{CustomerName: "Sam Lee", AgentName: "Ana", TicketID: "T-9"}
	a := e.Analyze("I'm really annoyed, where is my order 48213?", AnalyzeOptions{})
	for _, want := range e.Compose(a, ctx, ComposeOptions{}) {
		if strings.Contains(want.Reply, "+") {
			continue
		}
		got, ok := e.ComposeReply(a, ctx, want.Reply)
		want.Score = 0
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("ComposeReply(%s) = %+v, want %+v", want.Reply, got, want)
		}
	}
	oos := e.Analyze("what is the weather in paris", AnalyzeOptions{})
	if s, ok := e.ComposeReply(oos, ctx, "invoice.get.copy"); !ok || s.Intent != "invoice.get" || !strings.Contains(s.Text, "Sam") {
		t.Errorf("out of scope: %v %+v", ok, s)
	}
	if _, ok := e.ComposeReply(a, ctx, "no.such.reply"); ok {
		t.Error("an unknown reply id must not compose")
	}
}

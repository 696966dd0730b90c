package widget

import (
	"strings"
	"testing"
)

func TestParseHostMessage(t *testing.T) {
	ok := `{"warmdesk":1,"type":"ticket","ticket_id":"T-9","message":"where is my order","customer_name":" Dana ","agent_name":"Sam","locale":"en-GB"}`
	m, err := ParseHostMessage([]byte(ok))
	if err != nil {
		t.Fatal(err)
	}
	got := m.Ticket
	if m.Type != TypeTicket || got.ID != "T-9" || got.CustomerName != "Dana" || got.Locale != "en-GB" {
		t.Errorf("got %+v", got)
	}
	long := `{"warmdesk":1,"type":"ticket","message":"m","customer_name":"` + strings.Repeat("é", 300) + `"}`
	if m, err := ParseHostMessage([]byte(long)); err != nil || len(m.Ticket.CustomerName) > 200 || !strings.HasSuffix(m.Ticket.CustomerName, "é") {
		t.Errorf("long name: %v %d bytes", err, len(m.Ticket.CustomerName))
	}
	// A whole pair, and escapes that only look like one, are fine.
	pair, err := ParseHostMessage([]byte(`{"warmdesk":1,"type":"ticket","message":"thanks \ud83d\ude00 and a path C:\\ud800"}`))
	if err != nil || pair.Ticket.Message != `thanks 😀 and a path C:\ud800` {
		t.Errorf("surrogate pair: %q %v", pair.Ticket.Message, err)
	}
	sent, err := ParseHostMessage([]byte(`{"warmdesk":1,"type":"sent","ticket_id":"T-9","text":"Hi Dana, here it is."}`))
	if err != nil || sent.Type != TypeSent || sent.Ticket.ID != "T-9" || sent.Text != "Hi Dana, here it is." {
		t.Errorf("sent report: %+v %v", sent, err)
	}
	for _, bad := range []string{
		``, `null`, `[]`, `"ticket"`, `{}`, `{"type":"ticket","message":"x"}`,
		`{"warmdesk":2,"type":"ticket","message":"x"}`,
		`{"warmdesk":"1","type":"ticket","message":"x"}`,
		`{"warmdesk":1,"type":"reply","message":"x"}`,
		`{"warmdesk":1,"type":"ticket","message":"  "}`,
		`{"warmdesk":1,"type":"ticket","message":"x","evil":true}`,
		`{"warmdesk":1,"type":"ticket","message":"x"} {}`,
		`{"warmdesk":1,"type":"ticket","message":"x","text":"y"}`,
		`{"warmdesk":1,"type":"sent","ticket_id":"T-1"}`,
		`{"warmdesk":1,"type":"sent","text":"  "}`,
		`{"warmdesk":1,"type":"sent","text":"hi","message":"customer text"}`,
		"{\"warmdesk\":1,\"type\":\"ticket\",\"message\":\"\xff\"}",
		`{"warmdesk":1,"type":"ticket","message":"half a pair \ud800 here"}`,
		`{"warmdesk":1,"type":"ticket","message":"the other half \uDC00"}`,
		`{"warmdesk":1,"type":"ticket","message":"x","customer_name":"\ud83d"}`,
		`{"warmdesk":1,"type":"ticket","message":"reversed \udc00\ud800"}`,
		`{"warmdesk":1,"type":"ticket","message":"` + strings.Repeat("a", MaxHostMessageBytes) + `"}`,
	} {
		if _, err := ParseHostMessage([]byte(bad)); err == nil {
			t.Errorf("accepted %.60q", bad)
		}
	}
}

func TestTicketInsert(t *testing.T) {
	for _, c := range []struct {
		json   string
		copies bool
		bad    bool
	}{
		{`{"warmdesk":1,"type":"ticket","message":"hi"}`, false, false},
		{`{"warmdesk":1,"type":"ticket","message":"hi","insert":"editor"}`, false, false},
		{`{"warmdesk":1,"type":"ticket","message":"hi","insert":"copy"}`, true, false},
		{`{"warmdesk":1,"type":"ticket","message":"hi","insert":"paste"}`, false, true},
		{`{"warmdesk":1,"type":"sent","ticket_id":"1","text":"x","insert":"copy"}`, false, true},
	} {
		m, err := ParseHostMessage([]byte(c.json))
		if (err != nil) != c.bad || (err == nil && m.Ticket.Copies() != c.copies) {
			t.Errorf("%s: copies %v, error %v", c.json, m.Ticket.Copies(), err)
		}
	}
}

func TestOrigins(t *testing.T) {
	o := ParseOrigins(" https://desk.example.com/ , http://localhost:8080", "http://self")
	if !o.Allows("https://desk.example.com") || !o.Allows("http://localhost:8080") {
		t.Errorf("%v refuses a listed origin", o)
	}
	// The widget's own origin (its server's demo) is always allowed.
	if !o.Allows("http://self") {
		t.Errorf("%v refuses the widget's own origin", o)
	}
	for _, bad := range []string{"https://desk.example.com.evil.com", "null", "", "https://DESK.example.com:443"} {
		if o.Allows(bad) {
			t.Errorf("%v allows %q", o, bad)
		}
	}
	if self := ParseOrigins("", "http://127.0.0.1:9"); !self.Allows("http://127.0.0.1:9") || len(self) != 1 {
		t.Errorf("default is not the own origin: %v", self)
	}
	if o := ParseOrigins("'self',https://desk.example.com", "http://127.0.0.1:9"); !o.Allows("http://127.0.0.1:9") || !o.Allows("https://desk.example.com") || o.Allows("'self'") {
		t.Errorf("'self' is not read as the own origin: %v", o)
	}
}

func TestKeyAction(t *testing.T) {
	cases := []struct {
		k    Key
		want Action
	}{
		{Key{Key: "ArrowDown"}, Action{Kind: ActDown}},
		{Key{Key: "k"}, Action{Kind: ActUp}},
		{Key{Key: "2"}, Action{Kind: ActPick, N: 1}},
		{Key{Key: "4"}, Action{}},
		{Key{Key: "Enter"}, Action{Kind: ActInsert}},
		{Key{Key: "Enter", OnControl: true}, Action{}},
		{Key{Key: "/"}, Action{Kind: ActSearch}},
		{Key{Key: "?"}, Action{Kind: ActHelp}},
		{Key{Key: "c"}, Action{Kind: ActCopy}},
		{Key{Key: "c", Ctrl: true}, Action{}}, // the browser's own copy
		{Key{Key: "Escape", InField: true}, Action{Kind: ActBack}},
		{Key{Key: "2", InField: true}, Action{}},
		{Key{Key: "Enter", InField: true}, Action{}},
		{Key{Key: "Enter", InField: true, Ctrl: true}, Action{Kind: ActInsert}},
		{Key{Key: "ArrowDown", InField: true, InSearch: true}, Action{Kind: ActDown}},
		{Key{Key: "Enter", InField: true, InSearch: true}, Action{Kind: ActChoose}},
		{Key{Key: "/", InField: true, InSearch: true}, Action{}},
		{Key{Key: "ArrowDown", Alt: true}, Action{}},
	}
	for _, c := range cases {
		if got := KeyAction(c.k); got != c.want {
			t.Errorf("KeyAction(%+v) = %+v, want %+v", c.k, got, c.want)
		}
	}
}

func TestSegments(t *testing.T) {
	text := "héllo wörld <b>"
	segs := Segments(text, []Mark{
		{Start: 0, End: 6, Class: "a"},
		{Start: 3, End: 8, Class: "b"},   // overlaps: clipped to start at 6
		{Start: 2, End: 3, Class: "bad"}, // inside é: dropped
		{Start: 14, End: 99, Class: "out"},
		{Start: 5, End: 5, Class: "empty"},
	})
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.Text)
		if s.Class == "bad" || s.Class == "out" || s.Class == "empty" {
			t.Errorf("kept invalid mark %+v", s)
		}
	}
	if b.String() != text {
		t.Errorf("segments spell %q, want %q", b.String(), text)
	}
	if segs[0].Class != "a" || segs[0].Text != "héllo" || segs[1].Class != "b" {
		t.Errorf("segments %+v", segs)
	}
	m := MatchSegments("Refund", []int{0, 2, 3, 99, -1})
	if len(m) != 4 || m[0].Text != "R" || m[2].Text != "fu" || m[2].Class != "hit" {
		t.Errorf("match segments %+v", m)
	}
}

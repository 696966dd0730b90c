package widget

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseHostMessage: any bytes from a host page give a message or an
// error, never a panic; a ticket always has a message, a sent report
// always has text, and names stay short.
func FuzzParseHostMessage(f *testing.F) {
	for _, s := range []string{
		`{"warmdesk":1,"type":"ticket","message":"where is my order","customer_name":"Dana"}`,
		`{"warmdesk":1,"type":"sent","ticket_id":"T-1","text":"Hi Dana"}`,
		`{"warmdesk":1,"type":"sent","text":"x","message":"y"}`,
		`{"warmdesk":2}`, `[]`, `{"warmdesk":1,"type":"ticket","message":"` + "\xff" + `"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseHostMessage(data)
		if err != nil {
			return
		}
		switch m.Type {
		case TypeTicket:
			if strings.TrimSpace(m.Ticket.Message) == "" || m.Text != "" {
				t.Errorf("ticket %+v", m)
			}
		case TypeSent:
			if strings.TrimSpace(m.Text) == "" || m.Ticket.Message != "" {
				t.Errorf("sent %+v", m)
			}
		default:
			t.Errorf("type %q accepted", m.Type)
		}
		if len(m.Ticket.ID) > 200 || len(m.Ticket.CustomerName) > 200 || !utf8.ValidString(m.Ticket.CustomerName) {
			t.Errorf("fields not clipped: %+v", m.Ticket)
		}
	})
}

// FuzzEditRatio: the ratio is in [0, 1], zero for a text against itself,
// and symmetric.
func FuzzEditRatio(f *testing.F) {
	f.Add("Hi Dana, here it is.", "Hi Dana, here it is!")
	f.Add("", "something")
	f.Add("a b c", "c b a")
	f.Fuzz(func(t *testing.T, a, b string) {
		r := EditRatio(a, b)
		if r < 0 || r > 1 {
			t.Errorf("EditRatio(%q, %q) = %v", a, b, r)
		}
		if EditRatio(a, a) != 0 {
			t.Errorf("EditRatio(%q, itself) != 0", a)
		}
		if EditRatio(b, a) != r {
			t.Errorf("not symmetric for %q, %q", a, b)
		}
	})
}

package lang

import (
	"reflect"
	"testing"
)

func TestEntities(t *testing.T) {
	tests := []struct {
		msg       string
		typ, want string
	}{
		{"where is my order 48213??", EntityOrderNumber, "48213"},
		{"Order #AB-99812 never came", EntityOrderNumber, "AB-99812"},
		{"order number: 5550123", EntityOrderNumber, "5550123"},
		{"ref #7781234 please", EntityReference, "7781234"},
		{"my booking ref is XK7731, flight tomorrow", EntityReference, "XK7731"},
		{"Case ID: 2230311591. Thanks", EntityReference, "2230311591"},
		{"confirmation number 88812345", EntityReference, "88812345"},
		{"mail me at Sam.Lee@example.com thanks", EntityEmail, "sam.lee@example.com"},
		{"I was charged $49.99 twice", EntityAmount, "$49.99"},
		{"that's 120 EUR gone", EntityAmount, "120 EUR"},
		{"it was supposed to come on 2026-11-20", EntityDate, "2026-11-20"},
		{"ordered on 3 November and still waiting", EntityDate, "3 november"},
		{"I ordered it yesterday", EntityDate, "yesterday"},
		{"due 12/05/2026", EntityDate, "12/05/2026"},
	}
	for _, tt := range tests {
		es := FindEntities(tt.msg)
		found := false
		for _, e := range es {
			if e.Type == tt.typ && e.Value == tt.want {
				found = true
				if tt.msg[e.Start:e.End] != e.Text {
					t.Errorf("%q: span %d-%d is %q, not %q", tt.msg, e.Start, e.End, tt.msg[e.Start:e.End], e.Text)
				}
			}
		}
		if !found {
			t.Errorf("%q: want %s %q, got %+v", tt.msg, tt.typ, tt.want, es)
		}
	}
	for _, msg := range []string{"I ordered 3 items", "my order is late", "call me at 5pm", "booking ref XK7731", "case 554433 is still open"} {
		for _, e := range FindEntities(msg) {
			if e.Type == EntityOrderNumber {
				t.Errorf("%q: found order number %q", msg, e.Text)
			}
		}
	}
}

// The guards that skip patterns change nothing: every message gives the
// entities of running every pattern.
func FuzzEntityGuards(f *testing.F) {
	for _, s := range []string{
		"order #48213 placed on 12/03/2024 for $45.99, mail sam@example.com",
		"I paid 30 dollars on March 3rd, 2025 and again yesterday",
		"ref: AB-99812 booked 2024-11-02, tracking 1Z999 next week",
		"#123456 arrived on Monday", "it cost 12 euros", "ORDER NO. 7788 on 5 Sept",
		"no numbers here at all, see you tomorrow", "uſd 40", "€12,50 on 3 de março",
		"I’m still waiting on order #48213 since yesterday 😤", "“Tracking” 1Z9981 says next week, café owner",
		"purchaſe 778899 and boo\u212aing 12345", "Ορder 12345, order 67890 — this Monday",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := scanEntities(s, true), scanEntities(s, false); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: with guards %+v, without %+v", s, got, want)
		}
	})
}

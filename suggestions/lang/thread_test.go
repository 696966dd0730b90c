package lang

import "testing"

func TestThreadOpener(t *testing.T) {
	l, err := English()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		msg  string
		want int // words the opener covers
	}{
		{"Sure. The booking was made last Tuesday", 1},
		{"ok", 1},
		{"yes, that's the one", 1},
		{"No worries, all fixed now", 2},
		{"sent you a DM with the details", 5}, // "dm" reads as "direct message"
		{"Unfortunately I don't, it was a gift", 4},
		// A one-word opener that runs on tells, it does not answer.
		{"ok so my parcel never came", 0},
		{"yes I was charged twice", 0},
		// Only the message's first words open it.
		{"my parcel is late, no worries though", 0},
		{"Yesterday my order arrived broken", 0},
		{"", 0},
	} {
		if got, _ := l.ThreadOpener(l.Words(tc.msg)); got != tc.want {
			t.Errorf("%q: opener of %d words, want %d", tc.msg, got, tc.want)
		}
	}
}

func TestOpensWith(t *testing.T) {
	l, err := English()
	if err != nil {
		t.Fatal(err)
	}
	for msg, want := range map[string]string{
		"yes that is right":              "yes",
		"No worries at all":              "no worries",
		"sent you a DM":                  "sent you a direct message",
		"I sent you a DM":                "",
		"yesterday I asked for a refund": "",
	} {
		if got := l.OpensWith(msg); got != want {
			t.Errorf("%q opens with %q, want %q", msg, got, want)
		}
	}
}

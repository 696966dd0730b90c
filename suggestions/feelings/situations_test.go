package feelings

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// One cue shows one feeling: a word that is a cue of one feeling is not
// another feeling's evidence, unless the library lists it under both.
func TestOneCueOneFeeling(t *testing.T) {
	l, err := lang.English()
	if err != nil {
		t.Fatal(err)
	}
	// A model that would find anger in the word "annoyed" and in "rude".
	model := fmt.Sprintf(`{"about": "test", "feelings": {
		"angry": {"bias": -3, "threshold": 0.5, "weights": {"t:%s": 6, "t:%s": 6}}}}`, l.Term("annoyed"), l.Term("rude"))
	m, err := ParseModel([]byte(model))
	if err != nil {
		t.Fatal(err)
	}
	fs := []library.Feeling{
		{ID: "frustrated", Negative: true, Cues: []library.Cue{{Text: "annoyed", Intensity: 2}}},
		{ID: "angry", Negative: true, Cues: []library.Cue{{Text: "furious", Intensity: 3}}},
	}
	d := NewDetector(l, fs, m)
	for _, tt := range []struct{ msg, want string }{
		{"I am so annoyed", "frustrated[annoyed]"},                                  // the cue's word is not anger's too
		{"I am so annoyed, the driver was rude", "angry[rude]|frustrated[annoyed]"}, // anger shown by another word
		{"the driver was rude", "angry[rude]"},
	} {
		var got []string
		for _, f := range d.Detect(tt.msg, l.Words(tt.msg), "") {
			got = append(got, f.ID+"["+f.Evidence+"]")
		}
		slices.Sort(got)
		if strings.Join(got, "|") != tt.want {
			t.Errorf("%q: got %v, want %s", tt.msg, got, tt.want)
		}
	}
	// The library may say a cue shows two feelings.
	fs[1].Cues = append(fs[1].Cues, library.Cue{Text: "annoyed", Intensity: 1})
	d = NewDetector(l, fs, m)
	var got []string
	for _, f := range d.Detect("I am so annoyed", l.Words("I am so annoyed"), "") {
		got = append(got, f.ID)
	}
	slices.Sort(got)
	if strings.Join(got, "|") != "angry|frustrated" {
		t.Errorf("a cue listed under two feelings: got %v", got)
	}
	// In the default library, "frustrated" is frustration only.
	for _, f := range engine(t).Analyze("I'm so frustrated with this").Feelings {
		if f.ID != "frustrated" {
			t.Errorf("\"I'm so frustrated with this\": also %s (%q)", f.ID, f.Evidence)
		}
	}
}

// An emoticon counts only standing alone; an emoji anywhere.
func TestSignAlone(t *testing.T) {
	for _, tt := range []struct {
		text string
		s, e int
		want bool
	}{
		{":( ok", 0, 2, true},
		{"so sad :(", 7, 9, true},
		{"so sad:(", 6, 8, false}, // glued to a word
		{"http://x", 4, 6, false},
		{"ok 😡", 3, 7, true},
		{"ok😡", 2, 6, true}, // an emoji needs no space
	} {
		if got := signAlone(tt.text, tt.s, tt.e); got != tt.want {
			t.Errorf("signAlone(%q, %d, %d) = %v, want %v", tt.text, tt.s, tt.e, got, tt.want)
		}
	}
}

// Pleasant feelings are told from the valence of their cues: gratitude
// and delight are, urgency and the negative feelings are not.
func TestPleasant(t *testing.T) {
	d := engine(t)
	want := map[string]bool{"grateful": true, "pleased": true}
	for fi, f := range d.lib.Feelings {
		if d.pleasant[fi] != want[f.ID] {
			t.Errorf("%s: pleasant %v, want %v", f.ID, d.pleasant[fi], want[f.ID])
		}
	}
}

// A situation asked about in a yes-no question is not reported; one in a
// clause of its own, or asked about with "why", is.
func TestSituationAsked(t *testing.T) {
	e := engine(t)
	for _, tt := range []struct {
		msg    string
		report bool
	}{
		{"is my flight delayed?", false},
		{"can I get a voucher for the delay?", false},
		{"any delays expected tomorrow?", false},
		{"is my flight delayed", true}, // no question mark: a statement typed flat
		{"Can you help, my flight is delayed?", true},
		{"can you tell me why my flight is delayed?", true},
		{"My flight is delayed. Is there a later one?", true},
	} {
		reported := false
		for _, f := range e.Analyze(tt.msg).Feelings {
			reported = reported || f.Situation == "delay"
		}
		if reported != tt.report {
			t.Errorf("%q: the delay reported %v, want %v", tt.msg, reported, tt.report)
		}
	}
}

// Punctuality is a fact, not the customer's pleasure: "on time" is no
// praise (a status page says it of late flights too), and "never on time"
// is the delay situation.
func TestOnTimeIsAFact(t *testing.T) {
	e := engine(t)
	for _, tt := range []struct{ msg, want string }{
		{"the website still shows on time, yet nobody has boarded and nothing is said", "unhappy"},
		{"my flight is never on time", "frustrated[delay]"},
		{"the parcel was not on time", "frustrated[delay]"},
	} {
		var got []string
		for _, f := range e.Analyze(tt.msg).Feelings {
			if f.Situation != "" {
				got = append(got, f.ID+"["+f.Situation+"]")
			} else {
				got = append(got, f.ID)
			}
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("%q: feelings %v, want %s", tt.msg, got, tt.want)
		}
	}
}

// A situation told in a clause of circumstances after thanks or praise
// is what the thanks are for; after a contrast, in another sentence or
// with nothing pleasant before it, it is reported.
func TestSituationThankedFor(t *testing.T) {
	e := engine(t)
	for _, tt := range []struct {
		msg, situation string // the situation reported, "" for none
	}{
		{"thank you for finding me a seat when my flight was cancelled", ""},
		{"love the crew, they were great despite the delays", ""},
		{"thanks, but my flight was cancelled when I got there", "cancelled"},
		{"Thanks for the update. My bag went missing when I changed planes", "lost"},
		{"my flight was cancelled when I got there", "cancelled"},
	} {
		got := ""
		for _, f := range e.Analyze(tt.msg).Feelings {
			if f.Situation != "" {
				got = f.Situation
			}
		}
		if got != tt.situation {
			t.Errorf("%q: situation %q, want %q", tt.msg, got, tt.situation)
		}
	}
	// Sarcasm is not thanks: the message stays unhappy.
	if fs := e.Analyze("thanks for nothing when my flight was cancelled").Feelings; len(fs) == 0 || !fs[0].Negative {
		t.Errorf("sarcastic thanks: %+v", fs)
	}
}

// A situation's cue beside a word the situation is not about shows its
// feeling without the situation, and the intent does not bring it back.
func TestSituationNotAbout(t *testing.T) {
	l, err := lang.English()
	if err != nil {
		t.Fatal(err)
	}
	fs := []library.Feeling{{ID: "frustrated", Negative: true, Cues: []library.Cue{{Text: "annoyed", Intensity: 2}},
		Situations: []library.Situation{{ID: "late", Cues: []library.Cue{{Text: "never arrived", Intensity: 2}, {Text: "not received", Intensity: 2}},
			NotAbout: []string{"email*", "answer"}}}}}
	d := NewDetector(l, fs, nil)
	for _, tt := range []struct{ msg, implied, want string }{
		{"my parcel never arrived", "", "frustrated[late]"},
		{"the reset email never arrived", "", "frustrated[]"},
		{"the code you emailed me never arrived", "", "frustrated[]"},                // three words between
		{"the email was sent, but the parcel never arrived", "", "frustrated[late]"}, // too far before
		{"I have not received any answer", "", "frustrated[]"},                       // the object after
		{"I have not received it, nor any answer", "", "frustrated[late]"},           // too far after
		{"No email. Never arrived", "", "frustrated[late]"},                          // another sentence
		{"the reset email never arrived", "late", "frustrated[]"},                    // the intent does not bring it back
		{"I'm annoyed", "late", "frustrated[late]"},                                  // it does otherwise
	} {
		var got []string
		for _, f := range d.Detect(tt.msg, l.Words(tt.msg), tt.implied) {
			got = append(got, f.ID+"["+f.Situation+"]")
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("%q (implied %q): got %v, want %s", tt.msg, tt.implied, got, tt.want)
		}
	}
	// The default library: what is broken or missing on a website is no
	// damaged or lost parcel, and an email that never came no late one.
	e := engine(t)
	for _, tt := range []struct{ msg, not string }{
		{"the checkout page on your website looks broken today", "damaged"},
		{"there's a broken link in the newsletter", "damaged"},
		{"the password reset link you emailed me never came", "delivery-late"},
		{"the apply button is missing on the basket page", "lost"},
	} {
		fs := e.Analyze(tt.msg).Feelings
		if len(fs) == 0 {
			t.Errorf("%q: no feeling; the cue still shows one", tt.msg)
		}
		for _, f := range fs {
			if f.Situation == tt.not {
				t.Errorf("%q: situation %s (%q)", tt.msg, f.Situation, f.Evidence)
			}
		}
	}
}

// Feelings found as strongly as each other come in one order, the
// library's, whatever order the detector met them in: the chip and the
// acknowledgement must not change from one reading to the next.
func TestFeelingsOrderIsStable(t *testing.T) {
	l, err := lang.English()
	if err != nil {
		t.Fatal(err)
	}
	var fs []library.Feeling
	for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
		fs = append(fs, library.Feeling{ID: id, Negative: true, Cues: []library.Cue{{Text: "dreadful", Intensity: 2}}})
	}
	d := NewDetector(l, fs, nil)
	const msg = "dreadful"
	for range 50 {
		var got []string
		for _, f := range d.Detect(msg, l.Words(msg), "") {
			got = append(got, f.ID)
		}
		if strings.Join(got, "") != "abcdef" {
			t.Fatalf("%q: feelings in order %v, want the library's", msg, got)
		}
	}
}

// A cue with a two-word spelling variant ("log in", folded to "login" in
// messages) is found: the not-working situation's sign-in cues were
// never matched before cues were read as messages are.
func TestCuesWithTwoWordVariants(t *testing.T) {
	e := engine(t)
	for _, msg := range []string{"I can't log in", "still unable to log in this morning", "cannot sign in on my laptop"} {
		found := false
		for _, f := range e.Analyze(msg).Feelings {
			found = found || f.Situation == "not-working"
		}
		if !found {
			t.Errorf("%q: no not-working situation in %+v", msg, e.Analyze(msg).Feelings)
		}
	}
}

// A fault told just after what put it right is not reported, and the
// praise before it stays sincere; one put right and broken again, or a
// second fault, is reported.
func TestResolvedFault(t *testing.T) {
	e := engine(t)
	for _, tt := range []struct {
		msg      string
		negative bool
	}{
		{"big thanks to Jo who fixed my broken login in minutes", false},
		{"brilliant service, refunded the double charge the same day", false},
		{"they replaced the damaged lamp with another damaged lamp", true},
		{"you fixed it, but now it's broken again", true},
		{"fixed the app. The parcel is damaged though", true},
	} {
		neg, pleasant := false, false
		for _, f := range e.Analyze(tt.msg).Feelings {
			neg = neg || f.Negative
			pleasant = pleasant || !f.Negative
		}
		if neg != tt.negative || !tt.negative && !pleasant {
			t.Errorf("%q: feelings %+v, want negative %v (and praise when not)", tt.msg, e.Analyze(tt.msg).Feelings, tt.negative)
		}
	}
}

package studio

import (
	"fmt"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/internal/studioapi"
	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// situationOf finds a situation of the library by id.
func situationOf(t *testing.T, l *library.Library, id string) (*library.Feeling, *library.Situation) {
	t.Helper()
	for i := range l.Feelings {
		for j := range l.Feelings[i].Situations {
			if l.Feelings[i].Situations[j].ID == id {
				return &l.Feelings[i], &l.Feelings[i].Situations[j]
			}
		}
	}
	t.Fatalf("no situation %s", id)
	return nil, nil
}

func feelingOf(t *testing.T, l *library.Library, id string) *library.Feeling {
	t.Helper()
	for i := range l.Feelings {
		if l.Feelings[i].ID == id {
			return &l.Feelings[i]
		}
	}
	t.Fatalf("no feeling %s", id)
	return nil
}

// Situations and sarcasm cues go through the studio as everything else
// does: refused with every problem named when invalid, saved as a
// revision, compared in the diff, their acknowledgements' tone errors
// confirmed before publishing, and served to widgets once published.
func TestSituationsSaveDiffPublish(t *testing.T) {
	e := newEnv(t, Config{})
	ed, pat := e.client().login("ed"), e.client().login("pat")
	const msg = "Where is my order 48213? The parcel has gone walkabout."
	const ack = "A parcel that wanders off on its way to you is maddening, and I'm sorry."

	// Every problem, each naming the feeling, the situation's place and
	// the field.
	bad := defaultDoc(t, func(l *library.Library) {
		fe, s := situationOf(t, l, "delivery-late")
		s.Cues = nil
		s.Acknowledgements[0].Intensity = 4
		fe.Situations = append(fe.Situations, library.Situation{ID: "delay", Cues: []library.Cue{{Text: "*late", Intensity: 1}},
			Acknowledgements: []library.Acknowledgement{{Intensity: 1, Text: "Sorry {{"}}})
		feelingOf(t, l, "grateful").Sarcasm = []string{"oh lovely"}
		for i := range l.Intents {
			if l.Intents[i].ID == "order.track" {
				l.Intents[i].Situation = "parcel-lost-in-space"
			}
		}
	})
	var refused studioapi.Error
	wantStatus(t, "invalid situations", ed.call("POST", studioapi.Revisions, studioapi.SaveRequest{Base: 1, Document: bad, Message: "Broken"}, &refused), 422)
	n := len(feelingOf(t, defaultLib(t), "frustrated").Situations)
	late := situationIndex(t, defaultLib(t), "delivery-late")
	want := map[string]string{
		fmt.Sprintf("feeling frustrated situations[%d].cues", late):                          "at least one cue",
		fmt.Sprintf("feeling frustrated situations[%d].acknowledgements[0].intensity", late): "must be 1, 2 or 3",
		fmt.Sprintf("feeling frustrated situations[%d].id", n):                               `"delay" is already`,
		fmt.Sprintf("feeling frustrated situations[%d].cues[0].text", n):                     "may only end a word",
		fmt.Sprintf("feeling frustrated situations[%d].acknowledgements[0].text", n):         "",
		"feeling grateful sarcasm":     "only a negative feeling",
		"intent order.track situation": "no situation",
	}
	got := map[string]string{}
	for _, p := range refused.Problems {
		got[p.Entry+" "+p.Field] += p.Message
	}
	for where, msg := range want {
		if m, ok := got[where]; !ok || !strings.Contains(m, msg) {
			t.Errorf("422 lacks %s: %q (all: %v)", where, msg, got)
		}
	}
	if revs, _ := e.st.Revisions(t.Context(), 0); len(revs) != 1 {
		t.Fatalf("%d revisions stored after a refusal", len(revs))
	}

	// A valid edit saves; its acknowledgement's error waits for the
	// publisher's confirmation.
	doc := defaultDoc(t, func(l *library.Library) {
		_, s := situationOf(t, l, "delivery-late")
		s.Cues = append(s.Cues, library.Cue{Text: "gone walkabout", Intensity: 2})
		for k := range s.Acknowledgements {
			s.Acknowledgements[k].Text = ack
		}
		s.Acknowledgements[0].Text = "I'm sorry you feel that way about the parcel."
		u := feelingOf(t, l, "unhappy")
		u.Sarcasm = append(u.Sarcasm, "oh marvellous")
	})
	var rev studioapi.RevisionInfo
	wantStatus(t, "save", ed.call("POST", studioapi.Revisions, studioapi.SaveRequest{Base: 1, Document: doc, Message: "A parcel gone walkabout"}, &rev), 201)
	var d studioapi.DiffResponse
	wantStatus(t, "diff", ed.call("GET", fmt.Sprintf("%s?a=1&b=%d", studioapi.DiffPath, rev.ID), nil, &d), 200)
	lists := map[string]string{}
	for _, f := range d.Changes.Feelings {
		for _, l := range f.Lists {
			lists[f.ID+" "+l.Field] = strings.Join(l.Added, "|")
		}
	}
	if !strings.Contains(lists["frustrated situations"], "gone walkabout") || !strings.Contains(lists["unhappy sarcasm"], "oh marvellous") || len(d.Changes.Feelings) != 2 {
		t.Errorf("the diff does not show the situation and the sarcasm cue: %v (%+v)", lists, d.Changes.Feelings)
	}

	path := fmt.Sprintf("%s%d/publish", studioapi.RevPrefix, rev.ID)
	var held studioapi.Error
	wantStatus(t, "publish without confirming", pat.call("POST", path, nil, &held), 409)
	if len(held.Tone) != 1 || held.Tone[0].Entry != "feeling frustrated" || held.Tone[0].Field != fmt.Sprintf("situations[%d].acknowledgements[0].text", late) || held.Tone[0].Rule != "no-non-apology" {
		t.Fatalf("409 lists %+v", held.Tone)
	}
	wantStatus(t, "publish confirming it", pat.call("POST", path, studioapi.PublishRequest{Confirm: keys(held.Tone)}, nil), 200)

	// What widgets load now shows the situation from the new cue, and
	// opens with its new acknowledgement.
	r, bin := fetch(t, e, "/library.bin")
	if r.StatusCode != 200 {
		t.Fatalf("library.bin: %d", r.StatusCode)
	}
	lib, err := library.ReadLibraryBinary(bin)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := suggestions.Compile(lib)
	if err != nil {
		t.Fatal(err)
	}
	if def, err := suggestions.Default(); err != nil || def.Analyze(msg, suggestions.AnalyzeOptions{}).Acknowledge != nil {
		t.Fatalf("the default library already acknowledges something in %q (%v)", msg, err)
	}
	a := eng.Analyze(msg, suggestions.AnalyzeOptions{})
	if a.Acknowledge == nil || a.Acknowledge.Situation != "delivery-late" {
		t.Fatalf("the published library acknowledges %+v for %q", a.Acknowledge, msg)
	}
	replies := eng.Compose(a, suggestions.Context{}, suggestions.ComposeOptions{})
	if len(replies) == 0 || !strings.Contains(replies[0].Text, "wanders off on its way to you") {
		t.Errorf("the published reply does not name the situation: %+v", replies)
	}
	if u := feelingOf(t, lib, "unhappy"); u.Sarcasm[len(u.Sarcasm)-1] != "oh marvellous" {
		t.Errorf("the published sarcasm cues: %q", u.Sarcasm)
	}
}

func defaultLib(t *testing.T) *library.Library {
	t.Helper()
	l, err := library.ParseLibrary("default", suggestions.DefaultLibraryJSON())
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func situationIndex(t *testing.T, l *library.Library, id string) int {
	t.Helper()
	for _, f := range l.Feelings {
		for j, s := range f.Situations {
			if s.ID == id {
				return j
			}
		}
	}
	t.Fatalf("no situation %s", id)
	return -1
}

package studio

import (
	"fmt"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/internal/studioapi"
	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// Saving a revision with error-severity tone findings is work in
// progress; publishing it needs each finding confirmed by name.
func TestPublishAsksToConfirmToneErrors(t *testing.T) {
	e := newEnv(t, Config{})
	ed, pat := e.client().login("ed"), e.client().login("pat")
	doc := defaultDoc(t, func(l *library.Library) {
		l.Intents[0].Replies[0].Body = "We can't refund opened items, and it's our policy not to."
		l.Openers[0].Text = "Dear valued customer,"
	})
	var rev studioapi.RevisionInfo
	wantStatus(t, "saving a revision with tone errors", ed.call("POST", studioapi.Revisions, studioapi.SaveRequest{Base: 1, Document: doc, Message: "Blunt reply"}, &rev), 201)
	path := fmt.Sprintf("%s%d/publish", studioapi.RevPrefix, rev.ID)

	var refused studioapi.Error
	wantStatus(t, "publish without confirming", pat.call("POST", path, nil, &refused), 409)
	rules := map[string]string{}
	for _, f := range refused.Tone {
		if f.Severity != library.SeverityError {
			t.Errorf("a %s finding was listed: %+v", f.Severity, f)
		}
		rules[f.Rule] = f.Text
	}
	if rules["say-what-we-can"] != "We can't" || rules["no-policy"] != "our policy" || len(refused.Tone) != 2 {
		t.Fatalf("409 lists %+v", refused.Tone)
	}
	if _, ok := rules["greet-the-person"]; ok {
		t.Error("a finding below error severity holds publishing back")
	}
	if !strings.Contains(refused.Error, "2 tone findings") || refused.Tone[0].Entry == "" || refused.Tone[0].Field == "" {
		t.Errorf("409 %q does not say what and where: %+v", refused.Error, refused.Tone[0])
	}
	var list studioapi.RevisionList
	pat.call("GET", studioapi.Revisions, nil, &list)
	if list.Published != 1 {
		t.Fatalf("revision %d was published without confirmation", list.Published)
	}

	// Confirming one of two is not enough; a key for a finding that is not
	// there confirms nothing.
	one := []string{studioapi.ToneKey(refused.Tone[0]), "intent x · replies[0].body · no-policy · elsewhere"}
	wantStatus(t, "publish confirming one finding", pat.call("POST", path, studioapi.PublishRequest{Confirm: one}, nil), 409)
	wantStatus(t, "an editor confirming", ed.call("POST", path, studioapi.PublishRequest{Confirm: keys(refused.Tone)}, nil), 403)

	var pub studioapi.RevisionInfo
	wantStatus(t, "publish confirming each finding", pat.call("POST", path, studioapi.PublishRequest{Confirm: keys(refused.Tone)}, &pub), 200)
	if !pub.Live {
		t.Errorf("not live after a confirmed publish: %+v", pub)
	}
	// A revision without tone errors publishes without a body, as before.
	wantStatus(t, "publish revision 1 again", pat.call("POST", studioapi.RevPrefix+"1/publish", nil, nil), 200)
}

func keys(fs []suggestions.ToneFinding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = studioapi.ToneKey(f)
	}
	return out
}

package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// suggest says which feeling and situation its replies acknowledge, in
// JSON and in text.
func TestSuggestAcknowledge(t *testing.T) {
	out, errs, code := warmdesk(t, "the blender arrived smashed\n", "suggest", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var o struct {
		Feelings []struct {
			ID        string `json:"id"`
			Situation string `json:"situation"`
		} `json:"feelings"`
		Acknowledge *struct {
			Feeling   string `json:"feeling"`
			Situation string `json:"situation"`
		} `json:"acknowledge"`
	}
	if err := json.Unmarshal([]byte(out), &o); err != nil {
		t.Fatal(err)
	}
	if o.Acknowledge == nil || o.Acknowledge.Situation == "" || len(o.Feelings) == 0 || o.Feelings[0].Situation != o.Acknowledge.Situation {
		t.Errorf("acknowledge %+v, feelings %+v", o.Acknowledge, o.Feelings)
	}
	out, _, _ = warmdesk(t, "the blender arrived smashed\n", "suggest")
	if !strings.Contains(out, `"smashed" (`+o.Acknowledge.Situation+")") {
		t.Errorf("the text does not name the situation:\n%s", out)
	}
	// A calm message with nothing to acknowledge has no acknowledge field.
	out, _, _ = warmdesk(t, "what are your opening hours\n", "suggest", "-json")
	if strings.Contains(out, `"acknowledge"`) {
		t.Errorf("acknowledge without a feeling: %s", out)
	}
}

package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// suggest -json says how sure each answer is; out_of_scope is true
// exactly when the confidence is "none".
func TestSuggestJSONConfidence(t *testing.T) {
	msgs := []struct{ text, want string }{
		{"where is my order 48213??", "high"},
		{"thanks, my order is late", "low"},
		{"what is the weather in paris", "none"},
	}
	var in []string
	for _, m := range msgs {
		in = append(in, m.text)
	}
	out, errs, code := warmdesk(t, strings.Join(in, "\n")+"\n", "suggest", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(msgs) {
		t.Fatalf("%d lines for %d messages", len(lines), len(msgs))
	}
	for i, l := range lines {
		var o map[string]any
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatal(err)
		}
		if o["confidence"] != msgs[i].want {
			t.Errorf("%q: confidence %v, want %s", msgs[i].text, o["confidence"], msgs[i].want)
		}
		if o["out_of_scope"] != (msgs[i].want == "none") {
			t.Errorf("%q: out_of_scope %v with confidence %v", msgs[i].text, o["out_of_scope"], o["confidence"])
		}
	}
}

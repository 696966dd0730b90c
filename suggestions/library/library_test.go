package library

import (
	"errors"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/data"
)

func TestParseLibraryProblems(t *testing.T) {
	valid := `{"format":"warmdesk-library","schema":1,"intents":[{"id":"a","phrasings":["hello there"]}]}`
	if _, err := ParseLibrary("ok.json", []byte(valid)); err != nil {
		t.Fatalf("valid library refused: %v", err)
	}
	tests := []struct {
		name string
		doc  string
		want []string // each must appear among the problems, as "entry: field: message" fragments
	}{
		{"empty", ``, []string{"document: -: is empty"}},
		{"not json", `{"intents": [`, []string{"document: -: is not valid JSON"}},
		{"trailing data", valid + `{}`, []string{"has data after the JSON document"}},
		{"invalid utf8", "{\"intents\": [\"\xff\"]}", []string{"is not valid UTF-8"}},
		{"contract example", `{"intents": [{"id": "", "phrasings": 7, "unknown_field": true}]}`,
			[]string{"intent #1: phrasings: must be a list, not a number", "intent #1: unknown_field: unknown field", "intent #1: id: is empty", "document: format: must be"}},
		{"unknown top field", `{"format":"warmdesk-library","schema":1,"intents":[{"id":"a","phrasings":["x y"]}],"extra":1}`,
			[]string{"document: extra: unknown field"}},
		{"wrong schema", `{"format":"warmdesk-library","schema":2,"intents":[{"id":"a","phrasings":["x y"]}]}`,
			[]string{"document: schema: must be 1, not 2"}},
		{"duplicate intent", `{"format":"warmdesk-library","schema":1,"intents":[{"id":"a","phrasings":["x y"]},{"id":"a","phrasings":["z w"]}]}`,
			[]string{`intent a: id: "a" is already the id of intent a`}},
		{"bad reply", `{"format":"warmdesk-library","schema":1,"intents":[{"id":"a","phrasings":["x y"],"replies":[{"id":"Bad Id","title":"","body":"Hi {{name","shortcut":"has space"}]}]}`,
			[]string{"intent a: replies[0].id: \"Bad Id\" must be lowercase", "intent a: replies[0].title: is empty", "intent a: replies[0].body: has \"{{\" without \"}}\"", "intent a: replies[0].shortcut:"}},
		{"repeated phrasing", `{"format":"warmdesk-library","schema":1,"intents":[{"id":"a","phrasings":["Where is it?","where is it"]}]}`,
			[]string{"intent a: phrasings[1]: repeats phrasings[0]"}},
		{"bad feeling", `{"format":"warmdesk-library","schema":1,"intents":[{"id":"a","phrasings":["x y"]}],"feelings":[{"id":"f","negative":true,"cues":[{"text":"*bad","intensity":4}],"acknowledgements":[{"intensity":0,"text":"ok"}]}]}`,
			[]string{"feeling f: cues[0].text:", "feeling f: cues[0].intensity: must be 1, 2 or 3, not 4", "feeling f: acknowledgements[0].intensity: must be 1, 2 or 3, not 0"}},
		{"bad situations", `{"format":"warmdesk-library","schema":1,"intents":[{"id":"a","phrasings":["x y"],"situation":"nowhere"}],"feelings":[` +
			`{"id":"f","negative":true,"cues":[{"text":":(","intensity":2},{"text":": (","intensity":2}],"sarcasm":[""],"situations":[{"id":"late","cues":[],"acknowledgements":[]},{"id":"Late","cues":[{"text":"*x","intensity":0}],"acknowledgements":[{"intensity":1,"text":""}],"not_about":["e*mail",""]}]},` +
			`{"id":"g","negative":false,"cues":[{"text":"yay","intensity":1}],"sarcasm":["yeah right"],"situations":[{"id":"late","cues":[{"text":"late","intensity":1}],"acknowledgements":[{"intensity":1,"text":"Late is late."}]}]}]}`,
			[]string{`intent a: situation: "nowhere" is no situation of the library's feelings`,
				`feeling f: cues[1].text: ": (" has no words`, "feeling f: sarcasm[0]: is empty",
				"feeling f: situations[0].cues: must list at least one cue", "feeling f: situations[0].acknowledgements: must list at least one acknowledgement",
				`feeling f: situations[1].id: "Late" must be lowercase`, "feeling f: situations[1].cues[0].text:", "feeling f: situations[1].cues[0].intensity: must be 1, 2 or 3, not 0",
				"feeling f: situations[1].acknowledgements[0].text: is empty",
				`feeling f: situations[1].not_about[0]: "e*mail": '*' may only end a word`, "feeling f: situations[1].not_about[1]: is empty",
				"feeling g: sarcasm: only a negative feeling", `feeling g: situations[0].id: "late" is already a situation of feeling f`}},
		{"bad rule", `{"format":"warmdesk-library","schema":1,"intents":[{"id":"a","phrasings":["x y"]}],"rules":[{"id":"r","kind":"shout","severity":"fatal","message":"","examples":{"flag":[]}}]}`,
			[]string{"rule r: kind: must be avoid", "rule r: severity: must be error", "rule r: message: is empty", "rule r: phrases: must list", "rule r: examples.flag: needs", "rule r: examples.pass: needs"}},
		{"swap without suggestions", `{"format":"warmdesk-library","schema":1,"intents":[{"id":"a","phrasings":["x y"]}],"rules":[{"id":"r","kind":"swap","severity":"error","message":"m","phrases":["no way"],"examples":{"flag":["no way"],"pass":["yes"]}}]}`,
			[]string{"rule r: suggestions: a swap rule needs at least one suggested rewording"}},
		{"bad promises", `{"format":"warmdesk-library","schema":1,"intents":[{"id":"a","phrasings":["x y"],"replies":[{"id":"r","title":"R","body":"I've issued a refund of {{amount}}. Bye.","promises":[
			{"sentence":"I've issued a refund of {{amount}}.","check":""},{"sentence":"I've sent a parcel.","check":"parcel sent"},
			{"sentence":"I've issued a refund of {{amount}}.","check":"refund {{amount}}"},{"check":"x"}]}]}]}`,
			[]string{"intent a: replies[0].promises[0].check: is empty", `intent a: replies[0].promises[1].sentence: "I've sent a parcel." is not in the reply's body`,
				"intent a: replies[0].promises[2].sentence: repeats promises[0]", "intent a: replies[0].promises[2].check: must not hold placeholders",
				"intent a: replies[0].promises[3].sentence: is required"}},
		{"wrong types", `{"format":"warmdesk-library","schema":"1","intents":{}}`,
			[]string{"document: schema: must be a number, not a string", "document: intents: must be a list, not an object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseLibrary("lib.json", []byte(tt.doc))
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("want a *ValidationError, got %v", err)
			}
			got := err.Error()
			for _, line := range strings.Split(got, "\n") {
				if !strings.HasPrefix(line, "lib.json: ") || strings.Count(line, ": ") < 3 {
					t.Errorf("problem %q is not file: entry: field: message", line)
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("problems do not mention %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestLibraryRoundTrip(t *testing.T) {
	lib, err := ParseLibrary("default.json", data.DefaultLibrary)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := lib.MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseLibrary("roundtrip.json", doc)
	if err != nil {
		t.Fatalf("a marshalled library does not parse: %v", err)
	}
	data2, _ := again.MarshalIndent()
	if string(doc) != string(data2) {
		t.Error("marshal, parse, marshal is not stable")
	}
}

// The id, shortcut and placeholder checks are plain functions; the
// regular expressions they replace are the oracle.
func TestNamePatternsMatchTheirRegexps(t *testing.T) {
	id := regexp.MustCompile(`^[a-z0-9][a-z0-9_.\-]*$`)
	ph := regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$`)
	r := rand.New(rand.NewPCG(5, 6))
	const alphabet = "az09_.-A \n{é"
	cases := []string{"", "a", "order.track", "-a", "a-", ".", "a..b", "a.b.", "a.1b", "a\n", "é", "shipping.address_line1"}
	for range 20000 {
		b := make([]byte, r.IntN(7))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		if got, want := idPattern(s), id.MatchString(s); got != want {
			t.Errorf("idPattern(%q) = %v, the regexp says %v", s, got, want)
		}
		if got, want := placeholderName(s), ph.MatchString(s); got != want {
			t.Errorf("placeholderName(%q) = %v, the regexp says %v", s, got, want)
		}
	}
}

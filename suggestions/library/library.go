package library

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/warmdesk/warmdesk/suggestions/lang"
)

// Format and Schema identify the library document format this package reads.
const (
	Format = "warmdesk-library"
	Schema = 1
)

// MaxLibraryBytes bounds the size of a library document.
const MaxLibraryBytes = 64 << 20

// Library is a phrase library: what customers write (intents and their
// phrasings), what agents answer (replies, openers, closers,
// acknowledgements) and the tone rules replies are checked against. It is
// plain data; Compile turns it into an Engine.
type Library struct {
	Format   string    `json:"format"`
	Schema   int       `json:"schema"`
	Name     string    `json:"name,omitempty"`
	Language string    `json:"language,omitempty"`
	Intents  []Intent  `json:"intents"`
	Feelings []Feeling `json:"feelings,omitempty"`
	Openers  []Snippet `json:"openers,omitempty"`
	Closers  []Snippet `json:"closers,omitempty"`
	Rules    []Rule    `json:"rules,omitempty"`
}

// Intent is one thing customers ask for.
type Intent struct {
	ID        string   `json:"id"`
	Title     string   `json:"title,omitempty"`
	Category  string   `json:"category,omitempty"`
	Phrasings []string `json:"phrasings"`
	Replies   []Reply  `json:"replies,omitempty"`
	// Situation names a situation of one of the library's feelings that
	// this intent implies ("delivery-late" for "my parcel is late"): a
	// customer asking it is taken to feel that way even without saying
	// so, and the reply acknowledges the situation.
	Situation string `json:"situation,omitempty"`
}

// Reply is the body of an answer to an intent, with placeholders.
type Reply struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Shortcut string    `json:"shortcut,omitempty"`
	Body     string    `json:"body"`
	Promises []Promise `json:"promises,omitempty"`
}

// Promise marks a sentence of a reply's body that commits to an action
// ("I've issued a refund of {{amount}}"): sent by mistake, it is a
// promise nobody kept, so the widget asks the agent to confirm it was
// kept before the reply goes. Check is that question in a few words
// ("refund issued").
type Promise struct {
	Sentence string `json:"sentence"`
	Check    string `json:"check"`
}

// Feeling is an emotion the detector looks for, the cues that show it and
// the acknowledgements a reply opens with when it is present.
type Feeling struct {
	ID               string            `json:"id"`
	Label            string            `json:"label,omitempty"`
	Negative         bool              `json:"negative"`
	Cues             []Cue             `json:"cues"`
	Unless           []string          `json:"unless,omitempty"`
	Acknowledgements []Acknowledgement `json:"acknowledgements,omitempty"`
	// Situations are what happens to customers that leaves them feeling
	// this way, told by what they say happened ("delayed", "still not
	// here", "charged twice") rather than by a feeling word.
	Situations []Situation `json:"situations,omitempty"`
	// Sarcasm lists cues that show this feeling and also that any praise
	// or thanks in the message is meant the other way ("thanks for
	// nothing", an upside-down smile).
	Sarcasm []string `json:"sarcasm,omitempty"`
}

// Situation is something that happened to a customer that shows a
// feeling, with its own cues and acknowledgements that name it ("A parcel
// that's late when you're counting on it is frustrating").
type Situation struct {
	ID               string            `json:"id"`
	Label            string            `json:"label,omitempty"`
	Cues             []Cue             `json:"cues"`
	Acknowledgements []Acknowledgement `json:"acknowledgements"`
	// NotAbout lists words that, beside one of the cues, say the cue is
	// about something else: "broken" next to "link" is no damaged parcel,
	// and a reset email that "never arrived" is no late delivery.
	NotAbout []string `json:"not_about,omitempty"`
}

// Cue is a word or phrase that signals a feeling at an intensity (1–3).
type Cue struct {
	Text      string `json:"text"`
	Intensity int    `json:"intensity"`
}

// Acknowledgement is a sentence that names a feeling at one intensity.
type Acknowledgement struct {
	Intensity int    `json:"intensity"`
	Text      string `json:"text"`
}

// Snippet is an opener or a closer.
type Snippet struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// Rule is a tone rule; its Kind picks the code that applies it.
type Rule struct {
	ID          string   `json:"id"`
	Kind        string   `json:"kind"`
	Severity    string   `json:"severity"`
	Message     string   `json:"message"`
	Phrases     []string `json:"phrases,omitempty"`
	Suggestions []string `json:"suggestions,omitempty"`
	Before      []string `json:"before,omitempty"`
	Unless      []string `json:"unless,omitempty"`
	Examples    Examples `json:"examples"`
}

// Examples are texts that must (Flag) and must not (Pass) trigger a rule.
type Examples struct {
	Flag []string `json:"flag"`
	Pass []string `json:"pass,omitempty"`
}

// Rule kinds and severities.
const (
	KindAvoid       = "avoid"
	KindSwap        = "swap"
	KindOpening     = "opening"
	KindClosing     = "closing"
	KindAcknowledge = "acknowledge"

	SeverityError      = "error"
	SeverityWarning    = "warning"
	SeveritySuggestion = "suggestion"
)

// SeverityRank orders severities, the most severe first: error 0,
// warning 1, anything else 2.
func SeverityRank(s string) int {
	switch s {
	case SeverityError:
		return 0
	case SeverityWarning:
		return 1
	}
	return 2
}

// Problem is one thing wrong with a library document.
type Problem struct {
	File    string `json:"file"`
	Entry   string `json:"entry"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	return fmt.Sprintf("%s: %s: %s: %s", p.File, p.Entry, p.Field, p.Message)
}

// ValidationError lists every problem found in a library document.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// ParseLibrary decodes and validates a library document. file names the
// document in problems. Unknown fields, wrong types, missing or duplicate
// ids and malformed placeholders are all reported, each naming the file,
// the entry and the field; the error is a *ValidationError.
func ParseLibrary(file string, data []byte) (*Library, error) {
	w := &walker{file: file}
	if len(data) > MaxLibraryBytes {
		w.add("document", "", fmt.Sprintf("is %d bytes; the limit is %d", len(data), MaxLibraryBytes))
		return nil, w.err()
	}
	if !utf8.Valid(data) {
		w.add("document", "", "is not valid UTF-8")
		return nil, w.err()
	}
	if len(bytes.TrimSpace(data)) == 0 {
		w.add("document", "", "is empty")
		return nil, w.err()
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		w.add("document", "", "is not valid JSON: "+jsonErr(err, data))
		return nil, w.err()
	}
	if dec.More() {
		w.add("document", "", "has data after the JSON document")
		return nil, w.err()
	}
	lib := w.library(root)
	validateLibrary(w, lib)
	if err := w.err(); err != nil {
		return nil, err
	}
	return lib, nil
}

func jsonErr(err error, data []byte) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		return fmt.Sprintf("%v (line %d)", se, line)
	}
	return err.Error()
}

// walker turns the generic JSON tree into a Library, recording a problem
// for every unknown field and wrong type instead of stopping at the first.
type walker struct {
	file     string
	problems []Problem
}

func (w *walker) add(entry, field, msg string) {
	if entry == "" {
		entry = "document"
	}
	if field == "" {
		field = "-"
	}
	w.problems = append(w.problems, Problem{File: w.file, Entry: entry, Field: field, Message: msg})
}

func (w *walker) err() error {
	if len(w.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: w.problems}
}

// object checks that v is an object with only the known fields and calls
// each field's handler. Missing required fields are reported.
func (w *walker) object(v any, entry, field string, fields map[string]func(any), required ...string) bool {
	m, ok := v.(map[string]any)
	if !ok {
		w.add(entry, field, "must be an object, not "+typeName(v))
		return false
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		h, ok := fields[k]
		if !ok {
			w.add(entry, join(field, k), "unknown field")
			continue
		}
		h(m[k])
	}
	for _, k := range required {
		if _, ok := m[k]; !ok {
			w.add(entry, join(field, k), "is required")
		}
	}
	return true
}

func join(field, k string) string {
	if field == "" {
		return k
	}
	return field + "." + k
}

// JSONTypeName names the type of a value decoded from JSON (with
// UseNumber) as a problem message says it: "a string", "a list", "null".
func JSONTypeName(v any) string { return typeName(v) }

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func (w *walker) str(v any, entry, field string, dst *string) {
	s, ok := v.(string)
	if !ok {
		w.add(entry, field, "must be a string, not "+typeName(v))
		return
	}
	*dst = s
}

func (w *walker) integer(v any, entry, field string, dst *int) {
	n, ok := v.(json.Number)
	if !ok {
		w.add(entry, field, "must be a number, not "+typeName(v))
		return
	}
	i, err := n.Int64()
	if err != nil || i < -1<<31 || i > 1<<31-1 {
		w.add(entry, field, "must be a whole number, not "+n.String())
		return
	}
	*dst = int(i)
}

func (w *walker) boolean(v any, entry, field string, dst *bool) {
	b, ok := v.(bool)
	if !ok {
		w.add(entry, field, "must be true or false, not "+typeName(v))
		return
	}
	*dst = b
}

func (w *walker) list(v any, entry, field string, each func(i int, v any)) {
	l, ok := v.([]any)
	if !ok {
		w.add(entry, field, "must be a list, not "+typeName(v))
		return
	}
	for i, e := range l {
		each(i, e)
	}
}

func (w *walker) strings(v any, entry, field string, dst *[]string) {
	w.list(v, entry, field, func(i int, e any) {
		var s string
		w.str(e, entry, fmt.Sprintf("%s[%d]", field, i), &s)
		*dst = append(*dst, s)
	})
}

// entryName names a list entry by its id when it has one.
func entryName(kind string, i int, v any) string {
	if m, ok := v.(map[string]any); ok {
		if id, ok := m["id"].(string); ok && id != "" {
			return kind + " " + id
		}
	}
	return fmt.Sprintf("%s #%d", kind, i+1)
}

func (w *walker) library(root any) *Library {
	lib := &Library{}
	const e = "document"
	w.object(root, e, "", map[string]func(any){
		"format":   func(v any) { w.str(v, e, "format", &lib.Format) },
		"schema":   func(v any) { w.integer(v, e, "schema", &lib.Schema) },
		"name":     func(v any) { w.str(v, e, "name", &lib.Name) },
		"language": func(v any) { w.str(v, e, "language", &lib.Language) },
		"intents": func(v any) {
			w.list(v, e, "intents", func(i int, v any) { lib.Intents = append(lib.Intents, w.intent(i, v)) })
		},
		"feelings": func(v any) {
			w.list(v, e, "feelings", func(i int, v any) { lib.Feelings = append(lib.Feelings, w.feeling(i, v)) })
		},
		"openers": func(v any) {
			w.list(v, e, "openers", func(i int, v any) { lib.Openers = append(lib.Openers, w.snippet("opener", i, v)) })
		},
		"closers": func(v any) {
			w.list(v, e, "closers", func(i int, v any) { lib.Closers = append(lib.Closers, w.snippet("closer", i, v)) })
		},
		"rules": func(v any) {
			w.list(v, e, "rules", func(i int, v any) { lib.Rules = append(lib.Rules, w.rule(i, v)) })
		},
	}, "intents")
	return lib
}

func (w *walker) intent(i int, v any) Intent {
	var in Intent
	e := entryName("intent", i, v)
	w.object(v, e, "", map[string]func(any){
		"id":        func(v any) { w.str(v, e, "id", &in.ID) },
		"title":     func(v any) { w.str(v, e, "title", &in.Title) },
		"category":  func(v any) { w.str(v, e, "category", &in.Category) },
		"phrasings": func(v any) { w.strings(v, e, "phrasings", &in.Phrasings) },
		"replies": func(v any) {
			w.list(v, e, "replies", func(j int, v any) {
				var r Reply
				f := fmt.Sprintf("replies[%d]", j)
				w.object(v, e, f, map[string]func(any){
					"id":       func(v any) { w.str(v, e, f+".id", &r.ID) },
					"title":    func(v any) { w.str(v, e, f+".title", &r.Title) },
					"shortcut": func(v any) { w.str(v, e, f+".shortcut", &r.Shortcut) },
					"body":     func(v any) { w.str(v, e, f+".body", &r.Body) },
					"promises": func(v any) {
						w.list(v, e, f+".promises", func(k int, v any) {
							var pr Promise
							g := fmt.Sprintf("%s.promises[%d]", f, k)
							w.object(v, e, g, map[string]func(any){
								"sentence": func(v any) { w.str(v, e, g+".sentence", &pr.Sentence) },
								"check":    func(v any) { w.str(v, e, g+".check", &pr.Check) },
							}, "sentence", "check")
							r.Promises = append(r.Promises, pr)
						})
					},
				}, "id", "body")
				in.Replies = append(in.Replies, r)
			})
		},
		"situation": func(v any) { w.str(v, e, "situation", &in.Situation) },
	}, "id", "phrasings")
	return in
}

func (w *walker) feeling(i int, v any) Feeling {
	var fe Feeling
	e := entryName("feeling", i, v)
	w.object(v, e, "", map[string]func(any){
		"id":       func(v any) { w.str(v, e, "id", &fe.ID) },
		"label":    func(v any) { w.str(v, e, "label", &fe.Label) },
		"negative": func(v any) { w.boolean(v, e, "negative", &fe.Negative) },
		"unless":   func(v any) { w.strings(v, e, "unless", &fe.Unless) },
		"sarcasm":  func(v any) { w.strings(v, e, "sarcasm", &fe.Sarcasm) },
		"cues":     func(v any) { fe.Cues = w.cues(v, e, "") },
		"acknowledgements": func(v any) {
			fe.Acknowledgements = w.acknowledgements(v, e, "")
		},
		"situations": func(v any) {
			w.list(v, e, "situations", func(j int, v any) {
				var s Situation
				f := fmt.Sprintf("situations[%d]", j)
				w.object(v, e, f, map[string]func(any){
					"id":               func(v any) { w.str(v, e, f+".id", &s.ID) },
					"label":            func(v any) { w.str(v, e, f+".label", &s.Label) },
					"cues":             func(v any) { s.Cues = w.cues(v, e, f+".") },
					"acknowledgements": func(v any) { s.Acknowledgements = w.acknowledgements(v, e, f+".") },
					"not_about":        func(v any) { w.strings(v, e, f+".not_about", &s.NotAbout) },
				}, "id", "cues", "acknowledgements")
				fe.Situations = append(fe.Situations, s)
			})
		},
	}, "id", "cues")
	return fe
}

// cues reads a list of cues; at prefixes the field names ("situations[2].").
func (w *walker) cues(v any, e, at string) []Cue {
	var out []Cue
	w.list(v, e, at+"cues", func(j int, v any) {
		var c Cue
		f := fmt.Sprintf("%scues[%d]", at, j)
		w.object(v, e, f, map[string]func(any){
			"text":      func(v any) { w.str(v, e, f+".text", &c.Text) },
			"intensity": func(v any) { w.integer(v, e, f+".intensity", &c.Intensity) },
		}, "text", "intensity")
		out = append(out, c)
	})
	return out
}

// acknowledgements reads a list of acknowledgements, as cues does.
func (w *walker) acknowledgements(v any, e, at string) []Acknowledgement {
	var out []Acknowledgement
	w.list(v, e, at+"acknowledgements", func(j int, v any) {
		var a Acknowledgement
		f := fmt.Sprintf("%sacknowledgements[%d]", at, j)
		w.object(v, e, f, map[string]func(any){
			"text":      func(v any) { w.str(v, e, f+".text", &a.Text) },
			"intensity": func(v any) { w.integer(v, e, f+".intensity", &a.Intensity) },
		}, "text", "intensity")
		out = append(out, a)
	})
	return out
}

func (w *walker) snippet(kind string, i int, v any) Snippet {
	var s Snippet
	e := entryName(kind, i, v)
	w.object(v, e, "", map[string]func(any){
		"id":   func(v any) { w.str(v, e, "id", &s.ID) },
		"text": func(v any) { w.str(v, e, "text", &s.Text) },
	}, "id", "text")
	return s
}

func (w *walker) rule(i int, v any) Rule {
	var r Rule
	e := entryName("rule", i, v)
	w.object(v, e, "", map[string]func(any){
		"id":          func(v any) { w.str(v, e, "id", &r.ID) },
		"kind":        func(v any) { w.str(v, e, "kind", &r.Kind) },
		"severity":    func(v any) { w.str(v, e, "severity", &r.Severity) },
		"message":     func(v any) { w.str(v, e, "message", &r.Message) },
		"phrases":     func(v any) { w.strings(v, e, "phrases", &r.Phrases) },
		"suggestions": func(v any) { w.strings(v, e, "suggestions", &r.Suggestions) },
		"before":      func(v any) { w.strings(v, e, "before", &r.Before) },
		"unless":      func(v any) { w.strings(v, e, "unless", &r.Unless) },
		"examples": func(v any) {
			w.object(v, e, "examples", map[string]func(any){
				"flag": func(v any) { w.strings(v, e, "examples.flag", &r.Examples.Flag) },
				"pass": func(v any) { w.strings(v, e, "examples.pass", &r.Examples.Pass) },
			}, "flag")
		},
	}, "id", "kind", "severity", "message", "examples")
	return r
}

// idPattern and shortcutPattern accept lowercase letters, digits, '.',
// '_' and '-', starting with a letter or digit (^[a-z0-9][a-z0-9_.\-]*$).
// They are plain functions rather than regular expressions, which a
// program would compile when it starts, even in the widget, which does not
// validate.
func idPattern(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || i > 0 && (c == '_' || c == '.' || c == '-')) {
			return false
		}
	}
	return s != ""
}

func shortcutPattern(s string) bool { return idPattern(s) }

// Limits on library content, so that a hostile library cannot make the
// widget or the server do unbounded work.
const (
	maxIDLen     = 120
	maxTextLen   = 8 << 10 // a phrasing, cue, rule phrase or title
	maxBodyLen   = 32 << 10
	maxPhraseLen = 300
	maxCheckLen  = 60 // a promise's check: a few words in a checklist
	maxPromises  = 8  // per reply: a longer checklist is not read
)

// validatePromises checks a reply's promises: each a sentence of its
// body, word for word, with a short check, none twice.
func validatePromises(w *walker, e, f string, r Reply) {
	if len(r.Promises) > maxPromises {
		w.add(e, f+".promises", fmt.Sprintf("lists %d promises; the limit is %d", len(r.Promises), maxPromises))
	}
	seen := map[string]int{}
	for k, pr := range r.Promises {
		g := fmt.Sprintf("%s.promises[%d]", f, k)
		switch s := strings.TrimSpace(pr.Sentence); {
		case s == "":
			w.add(e, g+".sentence", "is empty")
		case !strings.Contains(r.Body, s):
			w.add(e, g+".sentence", fmt.Sprintf("%q is not in the reply's body (it must be copied from it word for word)", clipQuote(s)))
		}
		if prev, ok := seen[strings.TrimSpace(pr.Sentence)]; ok {
			w.add(e, g+".sentence", fmt.Sprintf("repeats promises[%d]", prev))
		}
		seen[strings.TrimSpace(pr.Sentence)] = k
		switch c := strings.TrimSpace(pr.Check); {
		case c == "":
			w.add(e, g+".check", "is empty: say in a few words what must be true before sending (\"refund issued\")")
		case len(c) > maxCheckLen:
			w.add(e, g+".check", fmt.Sprintf("is %d bytes; the limit is %d (a few words)", len(c), maxCheckLen))
		case hasPlaceholder(c):
			w.add(e, g+".check", "must not hold placeholders")
		}
	}
}

// clipQuote shortens s for a problem message.
func clipQuote(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:59]) + "…"
	}
	return s
}

// validateLibrary checks what the JSON shape cannot: formats, ids,
// uniqueness, lengths, placeholders, rule kinds.
func validateLibrary(w *walker, lib *Library) {
	const doc = "document"
	if lib.Format != Format {
		w.add(doc, "format", fmt.Sprintf("must be %q, not %q", Format, lib.Format))
	}
	if lib.Schema != Schema {
		w.add(doc, "schema", fmt.Sprintf("must be %d, not %d", Schema, lib.Schema))
	}
	if lib.Language != "" && lib.Language != "en" {
		w.add(doc, "language", fmt.Sprintf("%q is not supported; the supported language is \"en\"", lib.Language))
	}
	if len(lib.Intents) == 0 {
		w.add(doc, "intents", "must list at least one intent")
	}
	ids := map[string]string{}
	unique := func(entry, field, id string) {
		if prev, ok := ids[id]; ok {
			w.add(entry, field, fmt.Sprintf("%q is already the id of %s", id, prev))
			return
		}
		ids[id] = entry
	}
	checkID := func(entry, field, id string) {
		switch {
		case id == "":
			w.add(entry, field, "is empty")
		case len(id) > maxIDLen:
			w.add(entry, field, fmt.Sprintf("is longer than %d bytes", maxIDLen))
		case !idPattern(id):
			w.add(entry, field, fmt.Sprintf("%q must be lowercase letters, digits, '.', '_' or '-'", id))
		default:
			unique(entry, field, id)
		}
	}
	text := func(entry, field, s string, limit int, required bool) {
		if required && strings.TrimSpace(s) == "" {
			w.add(entry, field, "is empty")
		}
		if len(s) > limit {
			w.add(entry, field, fmt.Sprintf("is %d bytes; the limit is %d", len(s), limit))
		}
		if err := checkPlaceholders(s); err != nil {
			w.add(entry, field, err.Error())
		}
	}
	shortcuts := map[string]string{}
	situations := map[string]string{} // situation id to its feeling's id
	for i, in := range lib.Intents {
		e := "intent " + in.ID
		if in.ID == "" {
			e = fmt.Sprintf("intent #%d", i+1)
		}
		checkID(e, "id", in.ID)
		text(e, "title", in.Title, maxTextLen, false)
		if len(in.Phrasings) == 0 {
			w.add(e, "phrasings", "must list at least one phrasing")
		}
		seen := map[string]int{}
		for j, p := range in.Phrasings {
			f := fmt.Sprintf("phrasings[%d]", j)
			text(e, f, p, maxTextLen, true)
			n := lang.Normalize(p)
			if k, ok := seen[n]; ok && n != "" {
				w.add(e, f, fmt.Sprintf("repeats phrasings[%d]", k))
			}
			seen[n] = j
		}
		for j, r := range in.Replies {
			f := fmt.Sprintf("replies[%d]", j)
			checkID(e, f+".id", r.ID)
			text(e, f+".title", r.Title, maxTextLen, true)
			text(e, f+".body", r.Body, maxBodyLen, true)
			validatePromises(w, e, f, r)
			if r.Shortcut != "" {
				if !shortcutPattern(r.Shortcut) {
					w.add(e, f+".shortcut", fmt.Sprintf("%q must be lowercase letters, digits, '.', '_' or '-', without spaces", r.Shortcut))
				} else if prev, ok := shortcuts[r.Shortcut]; ok {
					w.add(e, f+".shortcut", fmt.Sprintf("%q is already the shortcut of reply %s", r.Shortcut, prev))
				} else {
					shortcuts[r.Shortcut] = r.ID
				}
			}
		}
	}
	for i, fe := range lib.Feelings {
		e := "feeling " + fe.ID
		if fe.ID == "" {
			e = fmt.Sprintf("feeling #%d", i+1)
		}
		checkID(e, "id", fe.ID)
		if len(fe.Cues) == 0 {
			w.add(e, "cues", "must list at least one cue")
		}
		cues := func(at string, list []Cue) {
			for j, c := range list {
				f := fmt.Sprintf("%scues[%d]", at, j)
				if err := checkCue(c.Text); err != nil {
					w.add(e, f+".text", err.Error())
				}
				if c.Intensity < 1 || c.Intensity > 3 {
					w.add(e, f+".intensity", fmt.Sprintf("must be 1, 2 or 3, not %d", c.Intensity))
				}
			}
		}
		acks := func(at string, list []Acknowledgement) {
			for j, a := range list {
				f := fmt.Sprintf("%sacknowledgements[%d]", at, j)
				text(e, f+".text", a.Text, maxTextLen, true)
				if a.Intensity < 1 || a.Intensity > 3 {
					w.add(e, f+".intensity", fmt.Sprintf("must be 1, 2 or 3, not %d", a.Intensity))
				}
			}
		}
		cues("", fe.Cues)
		for j, u := range fe.Unless {
			if err := checkPhrase(u); err != nil {
				w.add(e, fmt.Sprintf("unless[%d]", j), err.Error())
			}
		}
		for j, u := range fe.Sarcasm {
			if err := checkCue(u); err != nil {
				w.add(e, fmt.Sprintf("sarcasm[%d]", j), err.Error())
			}
		}
		if len(fe.Sarcasm) > 0 && !fe.Negative {
			w.add(e, "sarcasm", "only a negative feeling can show that praise is meant the other way")
		}
		acks("", fe.Acknowledgements)
		for j, s := range fe.Situations {
			at := fmt.Sprintf("situations[%d].", j)
			checkID(e, at+"id", s.ID)
			if prev, ok := situations[s.ID]; ok && s.ID != "" {
				w.add(e, at+"id", fmt.Sprintf("%q is already a situation of feeling %s", s.ID, prev))
			} else {
				situations[s.ID] = fe.ID
			}
			text(e, at+"label", s.Label, maxTextLen, false)
			if len(s.Cues) == 0 {
				w.add(e, at+"cues", "must list at least one cue")
			}
			if len(s.Acknowledgements) == 0 {
				w.add(e, at+"acknowledgements", "must list at least one acknowledgement that names the situation")
			}
			cues(at, s.Cues)
			acks(at, s.Acknowledgements)
			for k, p := range s.NotAbout {
				if err := checkPhrase(p); err != nil {
					w.add(e, fmt.Sprintf("%snot_about[%d]", at, k), err.Error())
				}
			}
		}
	}
	for i, in := range lib.Intents {
		if in.Situation != "" && situations[in.Situation] == "" {
			e := "intent " + in.ID
			if in.ID == "" {
				e = fmt.Sprintf("intent #%d", i+1)
			}
			w.add(e, "situation", fmt.Sprintf("%q is no situation of the library's feelings", in.Situation))
		}
	}
	for kind, list := range map[string][]Snippet{"opener": lib.Openers, "closer": lib.Closers} {
		for i, s := range list {
			e := kind + " " + s.ID
			if s.ID == "" {
				e = fmt.Sprintf("%s #%d", kind, i+1)
			}
			checkID(e, "id", s.ID)
			text(e, "text", s.Text, maxTextLen, true)
		}
	}
	for i, r := range lib.Rules {
		e := "rule " + r.ID
		if r.ID == "" {
			e = fmt.Sprintf("rule #%d", i+1)
		}
		checkID(e, "id", r.ID)
		validateRule(w, e, r)
	}
}

func validateRule(w *walker, e string, r Rule) {
	switch r.Severity {
	case SeverityError, SeverityWarning, SeveritySuggestion:
	default:
		w.add(e, "severity", fmt.Sprintf("must be error, warning or suggestion, not %q", r.Severity))
	}
	if strings.TrimSpace(r.Message) == "" {
		w.add(e, "message", "is empty")
	}
	switch r.Kind {
	case KindAvoid, KindSwap, KindOpening, KindClosing, KindAcknowledge:
	default:
		w.add(e, "kind", fmt.Sprintf("must be avoid, swap, opening, closing or acknowledge, not %q", r.Kind))
	}
	if len(r.Phrases) == 0 {
		w.add(e, "phrases", "must list at least one phrase")
	}
	for j, p := range r.Phrases {
		if err := checkPhrase(p); err != nil {
			w.add(e, fmt.Sprintf("phrases[%d]", j), err.Error())
		}
	}
	if r.Kind == KindSwap && len(r.Suggestions) == 0 {
		w.add(e, "suggestions", "a swap rule needs at least one suggested rewording")
	}
	if r.Kind != KindSwap && len(r.Suggestions) > 0 && r.Kind != KindAvoid {
		w.add(e, "suggestions", "only avoid and swap rules offer rewordings")
	}
	if r.Kind == KindAcknowledge {
		if len(r.Before) == 0 {
			w.add(e, "before", "an acknowledge rule lists the phrases that start the fix")
		}
		for j, p := range r.Before {
			if err := checkPhrase(p); err != nil {
				w.add(e, fmt.Sprintf("before[%d]", j), err.Error())
			}
		}
	} else if len(r.Before) > 0 {
		w.add(e, "before", "only acknowledge rules take before")
	}
	for j, p := range r.Unless {
		if err := checkPhrase(p); err != nil {
			w.add(e, fmt.Sprintf("unless[%d]", j), err.Error())
		}
	}
	if len(r.Unless) > 0 && r.Kind != KindAvoid && r.Kind != KindSwap {
		w.add(e, "unless", "only avoid and swap rules take exceptions")
	}
	if len(r.Examples.Flag) == 0 {
		w.add(e, "examples.flag", "needs at least one example that triggers the rule")
	}
	if len(r.Examples.Pass) == 0 {
		w.add(e, "examples.pass", "needs at least one example that does not trigger the rule")
	}
	for j, s := range r.Suggestions {
		if strings.TrimSpace(s) == "" {
			w.add(e, fmt.Sprintf("suggestions[%d]", j), "is empty")
		}
	}
}

// checkPhrase validates a cue or rule phrase: words, with "*" only at the
// end of a word.
func checkPhrase(p string) error {
	if strings.TrimSpace(p) == "" {
		return errors.New("is empty")
	}
	if len(p) > maxPhraseLen {
		return fmt.Errorf("is longer than %d bytes", maxPhraseLen)
	}
	if lang.Normalize(strings.ReplaceAll(p, "*", "")) == "" {
		return fmt.Errorf("%q has no words", p)
	}
	for _, f := range strings.Fields(p) {
		if i := strings.IndexByte(f, '*'); i >= 0 && (i != len(f)-1 || i == 0) {
			return fmt.Errorf("%q: '*' may only end a word", p)
		}
	}
	return nil
}

// checkCue is checkPhrase for a feeling's cue, which may also be a sign:
// an emoji or emoticon (":(", an upside-down smile), one run of
// characters with no letters or digits, matched in the text as written.
func checkCue(p string) error {
	if IsSign(p) {
		return nil
	}
	return checkPhrase(p)
}

// IsSign reports whether cue p is a sign (an emoji or emoticon): no
// spaces, no letters or digits, and short. The feelings detector finds a
// sign in the text as written, not among the words.
func IsSign(p string) bool {
	return p != "" && len(p) <= maxSignLen && lang.Normalize(p) == "" && !strings.ContainsAny(p, " \t\n*")
}

// maxSignLen bounds a sign: a few emoji, or an emoticon.
const maxSignLen = 16

// MarshalIndent writes the library as indented JSON, the form the tools
// write and the studio stores.
func (lib *Library) MarshalIndent() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(lib); err != nil {
		return nil, fmt.Errorf("encoding library: %w", err)
	}
	return buf.Bytes(), nil
}

// hasPlaceholder reports whether s holds a {{placeholder}}.
func hasPlaceholder(s string) bool {
	_, ok := NextPlaceholder(s, 0)
	return ok
}

package libio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/warmdesk/warmdesk/internal/words"

	"github.com/warmdesk/warmdesk/suggestions/library"
)

// Zendesk macros, as Zendesk's API lists them (GET /api/v2/macros):
//
//	{"macros": [{"id": 360001, "title": "Shipping::Late delivery", "active": true,
//	  "actions": [{"field": "comment_value", "value": "Hi {{ticket.requester.first_name}}, ..."},
//	              {"field": "status", "value": "pending"}]}],
//	 "next_page": null, "count": 1}
//
// A single macro ({"macro": {...}}) and a bare list of macros are read
// too. Each macro with comment text becomes a reply: the title's last part
// is the reply's title and the parts before it the intent ("Shipping::Late
// delivery" answers the intent "shipping", titled "Shipping"; with one
// part, the macro is its own intent). The text is the comment_value
// actions' (a string, or a list whose "channel:..." entries are dropped),
// or else the comment_value_html actions' turned into plain text. Other
// actions (status, tags, ...) are ignored, macros without comment text and
// inactive macros are skipped with a note, and Zendesk placeholders are
// mapped to Warmdesk's (data/placeholders.json). Liquid logic ({% if %})
// cannot be kept in a reply and is a problem. Fields this reader does not
// use are ignored: Zendesk adds fields over time.

// ZendeskOptions tune ReadZendesk.
type ZendeskOptions struct {
	IncludeInactive bool // import inactive macros too
}

// ReadZendesk reads Zendesk macros. Every problem in the file is reported
// at once, as file: macro ID "title": field: message, in a
// *library.ValidationError; then the Import is nil.
func ReadZendesk(file string, data []byte, opt ZendeskOptions) (*Import, error) {
	imp := newImport(file)
	probs := &problemList{file: file}
	if !utf8.Valid(data) {
		probs.add(0, "document", "-", "is not valid UTF-8")
		return nil, probs.err()
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		probs.add(0, "document", "-", "is not valid JSON: "+err.Error())
		return nil, probs.err()
	}
	if _, err := dec.Token(); err != io.EOF {
		probs.add(0, "document", "-", "has data after the JSON document")
		return nil, probs.err()
	}
	var macros []any
	switch v := root.(type) {
	case []any:
		macros = v
	case map[string]any:
		if m, ok := v["macros"]; ok {
			l, ok := m.([]any)
			if !ok {
				probs.add(0, "document", "macros", "must be a list, not "+library.JSONTypeName(m))
				return nil, probs.err()
			}
			macros = l
		} else if m, ok := v["macro"]; ok {
			macros = []any{m}
		} else {
			probs.add(0, "document", "macros", `is missing: this is not a Zendesk macro listing ({"macros": [...]})`)
			return nil, probs.err()
		}
	default:
		probs.add(0, "document", "-", "must be an object with a list of macros, not "+library.JSONTypeName(root))
		return nil, probs.err()
	}
	table := zendeskPlaceholders()
	b := newBuilder(imp)
	for i, v := range macros {
		if len(probs.items) >= maxProblems {
			break
		}
		readMacro(b, probs, table, i, v, opt)
	}
	if err := b.finish(probs); err != nil {
		return nil, err
	}
	return imp, nil
}

func readMacro(b *builder, probs *problemList, table placeholderTable, i int, v any, opt ZendeskOptions) {
	pos := i + 1
	m, ok := v.(map[string]any)
	if !ok {
		probs.add(pos, fmt.Sprintf("macro #%d", pos), "-", "must be an object, not "+library.JSONTypeName(v))
		return
	}
	title, titleOK := m["title"].(string)
	entry := fmt.Sprintf("macro #%d", pos)
	if id, ok := m["id"]; ok {
		switch id := id.(type) {
		case json.Number:
			entry = "macro " + id.String()
		case string:
			entry = "macro " + id
		}
	}
	if titleOK && strings.TrimSpace(title) != "" {
		entry += " " + quote(title)
	}
	bad := false
	fail := func(field, msg string) {
		probs.add(pos, entry, field, msg)
		bad = true
	}
	switch t := m["title"].(type) {
	case nil:
		fail("title", "is required")
	case string:
		if strings.TrimSpace(t) == "" {
			fail("title", "is empty")
		}
	default:
		fail("title", "must be a string, not "+library.JSONTypeName(t))
	}
	if a, ok := m["active"]; ok {
		active, isBool := a.(bool)
		if !isBool {
			fail("active", "must be true or false, not "+library.JSONTypeName(a))
		} else if !active && !opt.IncludeInactive {
			b.imp.note(entry, "active", "the macro is inactive; skipped")
			return
		}
	}
	actions, ok := m["actions"].([]any)
	if !ok {
		if m["actions"] == nil {
			fail("actions", "is required")
		} else {
			fail("actions", "must be a list, not "+library.JSONTypeName(m["actions"]))
		}
		return
	}
	var plain, rich []string
	bodyField := ""
	for k, a := range actions {
		f := fmt.Sprintf("actions[%d]", k)
		am, ok := a.(map[string]any)
		if !ok {
			fail(f, "must be an object, not "+library.JSONTypeName(a))
			continue
		}
		field, ok := am["field"].(string)
		if !ok {
			fail(f+".field", "must be a string, not "+library.JSONTypeName(am["field"]))
			continue
		}
		switch field {
		case "comment_value":
			text, ok := commentText(am["value"])
			if !ok {
				fail(f+".value", "must be a string or a list of strings, not "+library.JSONTypeName(am["value"]))
				continue
			}
			plain = append(plain, text)
		case "comment_value_html":
			s, ok := am["value"].(string)
			if !ok {
				fail(f+".value", "must be a string, not "+library.JSONTypeName(am["value"]))
				continue
			}
			rich = append(rich, HTMLToText(s))
		default:
			continue
		}
		if bodyField == "" || field == "comment_value" && len(plain) == 1 {
			bodyField = f + ".value" // the first action whose text is used
		}
	}
	texts := plain
	if len(texts) == 0 {
		texts = rich
	}
	body := strings.TrimSpace(strings.Join(texts, "\n\n"))
	if strings.Contains(body, "{%") {
		fail(bodyField, "uses Liquid logic ({% ... %}), which a Warmdesk reply cannot hold: write the text out plainly, one reply per case")
	}
	parts := splitPath(title)
	if titleOK && strings.TrimSpace(title) != "" && len(parts) == 0 {
		fail("title", "has no name, only \"::\"")
	}
	if bad {
		return
	}
	if body == "" {
		b.imp.note(entry, "actions", "has no comment text (it only changes ticket fields); skipped")
		return
	}
	body, unknown := mapPlaceholders(body, table.in)
	for _, n := range unknown {
		b.unknown.add(n, entry, bodyField)
	}
	name := parts[len(parts)-1]
	path := parts[:len(parts)-1]
	if len(path) == 0 {
		path = parts
	}
	fields := map[string]string{"body": bodyField, "title": "title", "id": "title",
		"intent.id": "title", "intent.title": "title", "intent.category": "title", "intent.phrasings": "title", "phrasings": "title"}
	from := origin{entry: entry, pos: pos, fields: fields}
	in := b.intent(pathID(path), path[len(path)-1], strings.Join(path[:len(path)-1], "::"), true, from)
	b.reply(in, library.Reply{Title: name, Body: body}, from)
}

// commentText reads a comment_value: a string, or a list of strings of
// which those naming a channel ("channel:all") are dropped.
func commentText(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case []any:
		var parts []string
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return "", false
			}
			if !strings.HasPrefix(s, "channel:") {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, "\n\n"), true
	}
	return "", false
}

func quote(s string) string {
	if len(s) > 80 {
		s = s[:80]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return fmt.Sprintf("%q", s)
}

// WriteZendesk writes a library's replies as Zendesk macros, one per
// reply, titled "Category::Intent title::Reply title", with the body as a
// comment_value action and Warmdesk placeholders mapped to Zendesk's. It
// returns notes about what Zendesk cannot hold: placeholders without a
// Zendesk equivalent, intents without replies, shortcuts and phrasings.
func WriteZendesk(w io.Writer, lib *library.Library) ([]library.Problem, error) {
	type action struct {
		Field string `json:"field"`
		Value string `json:"value"`
	}
	type macro struct {
		Title   string   `json:"title"`
		Active  bool     `json:"active"`
		Actions []action `json:"actions"`
	}
	doc := struct {
		Macros []macro `json:"macros"`
		Count  int     `json:"count"`
	}{Macros: []macro{}}
	var notes []library.Problem
	note := func(entry, field, msg string) {
		notes = append(notes, library.Problem{File: "zendesk", Entry: entry, Field: field, Message: msg})
	}
	table := zendeskPlaceholders()
	var noZendesk unknownPlaceholders
	shortcuts := 0
	for _, in := range lib.Intents {
		if len(in.Replies) == 0 {
			note("intent "+in.ID, "replies", "has no replies; a Zendesk macro needs text, so it is left out")
			continue
		}
		path := intentPath(in)
		for j, r := range in.Replies {
			body, _ := mapPlaceholders(r.Body, table.out)
			for _, p := range library.Unfilled(body) {
				if _, ok := table.in[p.Name]; !ok {
					noZendesk.add(p.Name, "intent "+in.ID, fmt.Sprintf("replies[%d].body", j))
				}
			}
			doc.Macros = append(doc.Macros, macro{Title: path + "::" + r.Title, Active: true,
				Actions: []action{{Field: "comment_value", Value: body}}})
			if r.Shortcut != "" {
				shortcuts++
			}
		}
	}
	for _, n := range noZendesk.order {
		note(noZendesk.first[n].entry, noZendesk.first[n].field, fmt.Sprintf("placeholder {{%s}} has no Zendesk equivalent; it is written as it is (in %s)", n, words.Count(noZendesk.count[n], "place")))
	}
	if shortcuts > 0 {
		note("document", "shortcuts", fmt.Sprintf("Zendesk macros have no shortcuts; left out: %s", words.Count(shortcuts, "shortcut")))
	}
	if len(lib.Intents) > 0 {
		note("document", "phrasings", "Zendesk macros have no customer phrasings; they are left out (export JSON or CSV to keep them)")
	}
	doc.Count = len(doc.Macros)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return notes, fmt.Errorf("writing Zendesk macros: %w", err)
	}
	return notes, nil
}

// HTMLToText turns a comment's HTML into the plain text a reader sees:
// tags are dropped (scripts, styles and comments with their content),
// paragraphs and line breaks become blank lines and line breaks, list
// items start with "- ", a link keeps its address after its text, and
// character references are decoded. The result is plain text: nothing in
// it is markup any more. Malformed HTML gives text, never an error.
func HTMLToText(s string) string {
	var t textWriter
	skip := "" // the element whose content is being skipped
	linkAt, href := -1, ""
	for i := 0; i < len(s); {
		if s[i] != '<' {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				j = len(s) - i
			}
			if skip == "" {
				t.text(html.UnescapeString(s[i : i+j]))
			}
			i += j
			continue
		}
		if strings.HasPrefix(s[i:], "<!--") {
			j := strings.Index(s[i+4:], "-->")
			if j < 0 {
				break
			}
			i += 4 + j + 3
			continue
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			if skip == "" {
				t.text(html.UnescapeString(s[i:]))
			}
			break
		}
		name, closing, attrs := parseTag(s[i+1 : i+j])
		i += j + 1
		if skip != "" {
			if closing && name == skip {
				skip = ""
			}
			continue
		}
		switch name {
		case "script", "style", "head", "title", "template", "noscript":
			if !closing {
				skip = name
			}
		case "br":
			t.brk(1)
		case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre", "hr", "section", "article", "header", "footer":
			t.brk(2)
		case "li":
			if !closing {
				t.brk(1)
				t.word("- ")
				t.space = false
			}
		case "tr":
			t.brk(1)
		case "td", "th":
			t.space = true
		case "a":
			if !closing {
				linkAt, href = t.b.Len(), attr(attrs, "href")
			} else if linkAt >= 0 {
				text := strings.TrimSpace(t.b.String()[linkAt:])
				if isWebLink(href) && text != href && text != strings.TrimPrefix(href, "mailto:") {
					t.space = true
					t.word("(" + href + ")")
				}
				linkAt = -1
			}
		}
	}
	return strings.TrimSpace(t.b.String())
}

// textWriter writes words with single spaces and at most two line
// breaks in a row, as a browser lays out text.
type textWriter struct {
	b       strings.Builder
	nl      int  // line breaks just written
	space   bool // a space is due before the next word
	started bool
}

func (t *textWriter) word(w string) {
	if t.space && t.started && t.nl == 0 {
		t.b.WriteByte(' ')
	}
	t.b.WriteString(w)
	t.nl, t.space, t.started = 0, false, true
}

func (t *textWriter) text(s string) {
	if s == "" {
		return
	}
	r, _ := utf8.DecodeRuneInString(s)
	if isSpace(r) {
		t.space = true
	}
	for k, f := range strings.FieldsFunc(s, isSpace) {
		if k > 0 {
			t.space = true
		}
		t.word(f)
	}
	r, _ = utf8.DecodeLastRuneInString(s)
	if isSpace(r) {
		t.space = true
	}
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' || r == '\u00a0'
}

func (t *textWriter) brk(n int) {
	if !t.started {
		return
	}
	for t.nl < n {
		t.b.WriteByte('\n')
		t.nl++
	}
	t.space = false
}

// parseTag reads a tag's name (lower case), whether it closes an element,
// and its attribute text.
func parseTag(tag string) (name string, closing bool, attrs string) {
	tag = strings.TrimSpace(tag)
	if strings.HasPrefix(tag, "/") {
		closing = true
		tag = tag[1:]
	}
	end := strings.IndexAny(tag, " \t\n\r/")
	if end < 0 {
		end = len(tag)
	}
	return strings.ToLower(tag[:end]), closing, tag[end:]
}

// attr finds an attribute's value in a tag's attribute text.
func attr(attrs, name string) string {
	lower := strings.ToLower(attrs)
	for from := 0; ; {
		i := strings.Index(lower[from:], name)
		if i < 0 {
			return ""
		}
		i += from
		from = i + len(name)
		if i > 0 && !isSpace(rune(lower[i-1])) {
			continue
		}
		rest := strings.TrimLeft(attrs[from:], " \t\n\r")
		if !strings.HasPrefix(rest, "=") {
			continue
		}
		rest = strings.TrimLeft(rest[1:], " \t\n\r")
		if rest == "" {
			return ""
		}
		if q := rest[0]; q == '"' || q == '\'' {
			if j := strings.IndexByte(rest[1:], q); j >= 0 {
				return html.UnescapeString(rest[1 : 1+j])
			}
			return ""
		}
		end := strings.IndexAny(rest, " \t\n\r>")
		if end < 0 {
			end = len(rest)
		}
		return html.UnescapeString(rest[:end])
	}
}

func isWebLink(href string) bool {
	h := strings.ToLower(href)
	return strings.HasPrefix(h, "https://") || strings.HasPrefix(h, "http://") || strings.HasPrefix(h, "mailto:")
}

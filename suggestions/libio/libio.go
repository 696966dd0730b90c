package libio

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/warmdesk/warmdesk/suggestions/library"
)

// LabelledCSV reads a CSV file with a header row, taking the message text
// and its intent from the named columns. Rows with an empty text are
// reported as problems, as are a missing column and invalid UTF-8.
type Labelled struct {
	Text, Intent string
	Row          int
}

// ReadLabelledCSV reads (text, intent) rows from CSV with a header.
func ReadLabelledCSV(file string, r io.Reader, textCol, intentCol string) ([]Labelled, []library.Problem) {
	var probs []library.Problem
	add := func(entry, field, msg string) {
		probs = append(probs, library.Problem{File: file, Entry: entry, Field: field, Message: msg})
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		add("header", "-", "the file is empty")
		return nil, probs
	}
	if err != nil {
		add("header", "-", err.Error())
		return nil, probs
	}
	col := func(name string) int {
		for i, h := range header {
			if strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), name) {
				return i
			}
		}
		add("header", name, fmt.Sprintf("no column named %q (columns: %s)", name, strings.Join(header, ", ")))
		return -1
	}
	ti, ii := col(textCol), col(intentCol)
	if ti < 0 || ii < 0 {
		return nil, probs
	}
	var out []Labelled
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		entry := fmt.Sprintf("row %d", row)
		if err != nil {
			add(entry, "-", err.Error())
			if len(probs) > 100 {
				break
			}
			continue
		}
		if ti >= len(rec) || ii >= len(rec) {
			add(entry, "-", fmt.Sprintf("has %d columns, fewer than the header's %d", len(rec), len(header)))
			continue
		}
		text, intent := strings.TrimSpace(rec[ti]), strings.TrimSpace(rec[ii])
		switch {
		case !utf8.ValidString(text) || !utf8.ValidString(intent):
			add(entry, "-", "is not valid UTF-8")
		case text == "":
			add(entry, textCol, "is empty")
		case intent == "":
			add(entry, intentCol, "is empty")
		default:
			out = append(out, Labelled{Text: text, Intent: intent, Row: row})
		}
	}
	return out, probs
}

var notID = regexp.MustCompile(`[^a-z0-9_.\-]+`)

// IntentID turns a label into a valid intent id ("Card Arrival" gives
// "card_arrival").
func IntentID(label string) string {
	id := notID.ReplaceAllString(strings.ToLower(strings.TrimSpace(label)), "_")
	id = strings.Trim(id, "_.-")
	if id == "" {
		id = "intent"
	}
	if len(id) > 100 {
		id = id[:100]
	}
	return id
}

// FromLabelled builds a library from labelled messages: one intent per
// label, in first-seen order, its phrasings the distinct texts. The
// feelings, openers, closers and tone rules come from base (usually the
// default library), so the imported library is complete and usable at once.
func FromLabelled(rows []Labelled, base *library.Library) *library.Library {
	lib := &library.Library{Format: library.Format, Schema: library.Schema, Language: "en", Name: "Imported library"}
	if base != nil {
		lib.Feelings, lib.Openers, lib.Closers, lib.Rules = base.Feelings, base.Openers, base.Closers, base.Rules
	}
	index := map[string]int{}
	seen := map[string]bool{}
	for _, r := range rows {
		id := IntentID(r.Intent)
		i, ok := index[id]
		if !ok {
			i = len(lib.Intents)
			index[id] = i
			lib.Intents = append(lib.Intents, library.Intent{ID: id, Title: r.Intent})
		}
		key := id + "\x00" + strings.Join(strings.Fields(strings.ToLower(r.Text)), " ")
		if seen[key] {
			continue
		}
		seen[key] = true
		lib.Intents[i].Phrasings = append(lib.Intents[i].Phrasings, r.Text)
	}
	return lib
}

// WriteRepliesCSV writes a library's replies as CSV with the columns
// title, body, category (the intent's category and title as a path,
// "Orders::Track an order"), shortcut, phrasings (the intent's, joined by
// " | "), then intent and reply, the ids that bring the file back as it
// was (see ReadRepliesCSV), and the situation the intent implies. An
// intent without replies is one row with an empty body.
//
// A cell a spreadsheet would run as a formula (one beginning with =, +,
// -, @, a tab or a carriage return) is written after an apostrophe, which
// spreadsheets show as text; ReadRepliesCSV takes it off again.
func WriteRepliesCSV(w io.Writer, lib *library.Library) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(repliesColumns); err != nil {
		return err
	}
	write := func(row []string) error {
		for i, c := range row {
			row[i] = quoteFormula(c)
		}
		return cw.Write(row)
	}
	for _, in := range lib.Intents {
		phr := strings.Join(in.Phrasings, " | ")
		path := intentPath(in)
		if len(in.Replies) == 0 {
			if err := write([]string{in.Title, "", path, "", phr, in.ID, "", in.Situation, ""}); err != nil {
				return err
			}
		}
		for _, r := range in.Replies {
			if err := write([]string{r.Title, r.Body, path, r.Shortcut, phr, in.ID, r.ID, in.Situation, PromisesCell(r.Promises)}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// startsFormula reports whether a spreadsheet would read a cell as a
// formula (or, after an apostrophe, as one quoted by quoteFormula): a
// library's text is its editors', and a CSV export is opened by others.
func startsFormula(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	case '\'':
		return startsFormula(s[1:])
	}
	return false
}

// quoteFormula puts an apostrophe before a cell that startsFormula, and
// unquoteFormula takes it off: together they bring back any text, an
// apostrophe-led one included.
func quoteFormula(s string) string {
	if startsFormula(s) {
		return "'" + s
	}
	return s
}

func unquoteFormula(s string) string {
	if strings.HasPrefix(s, "'") && startsFormula(s[1:]) {
		return s[1:]
	}
	return s
}

// intentPath is an intent's category and title as one path
// ("Orders::Track an order"), the form both the CSV and Zendesk titles
// use; an intent without a title is named by its id.
func intentPath(in library.Intent) string {
	title := in.Title
	if title == "" {
		title = in.ID
	}
	return strings.Join(append(splitPath(in.Category), title), "::")
}

// ImportLabelled turns labelled messages into an Import for Merge: one
// intent per label, in first-seen order, its phrasings the distinct texts,
// each named by its row in problems.
func ImportLabelled(file string, rows []Labelled) *Import {
	imp := newImport(file)
	b := newBuilder(imp)
	fields := map[string]string{"phrasings": "text", "intent.id": "intent", "intent.title": "intent"}
	for _, r := range rows {
		from := origin{entry: fmt.Sprintf("row %d", r.Row), pos: r.Row, fields: fields}
		i := b.intent(IntentID(r.Intent), r.Intent, "", true, from)
		b.phrasing(i, r.Text, from)
	}
	return imp
}

package libio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/warmdesk/warmdesk/suggestions/library"
)

// The replies CSV: one reply a row, under a header naming the columns in
// any order (case and a byte-order mark ignored).
//
//	title      the reply's title (required)
//	body       the reply's text (required)
//	category   the intent the reply answers, as a path: "Refunds" is the
//	           intent refunds, "Orders::Late delivery" the intent
//	           orders.late_delivery, titled "Late delivery", in the
//	           category "Orders"; without a category, the reply is an
//	           intent of its own, named by its title
//	shortcut   what agents type to find the reply ("/Refund" becomes "refund")
//	phrasings  what customers write, separated by "|" or line breaks
//	intent, reply
//	           the intent's and the reply's ids, as Warmdesk exports them,
//	           so an exported file comes back as it was
//	situation  the situation (of one of the library's feelings) the
//	           intent implies, as Warmdesk exports it
//	promises   the body's sentences that commit to an action, each as
//	           "check: sentence" ("refund issued: I've issued a refund of
//	           {{amount}}."), separated by "|" or line breaks; the sentence
//	           must be the body's, word for word
//
// A cell that begins with an apostrophe before what a spreadsheet would
// run as a formula has the apostrophe taken off (WriteRepliesCSV puts it
// there). Rows with the same category (or intent) make one intent; their
// phrasings are merged. A row with an intent but no body and no reply
// gives an intent without a reply.
var repliesColumns = []string{"title", "body", "category", "shortcut", "phrasings", "intent", "reply", "situation", "promises"}

// csvFields names the CSV's columns for the library's fields in problems.
var csvFields = map[string]string{"id": "reply", "title": "title", "body": "body", "shortcut": "shortcut",
	"phrasings": "phrasings", "intent.id": "category", "intent.title": "category", "intent.category": "category", "intent.phrasings": "phrasings", "intent.situation": "situation"}

// maxRows bounds the rows read from one file, and maxProblems the problems
// listed before a reader stops: a file with more is not a library.
const (
	maxRows     = 200000
	maxProblems = 200
)

// IsRepliesCSV reports whether a CSV file's header has the replies CSV's
// title and body columns (otherwise it is read as labelled messages).
func IsRepliesCSV(data []byte) bool {
	rec, err := csv.NewReader(bytes.NewReader(data)).Read()
	if err != nil {
		return false
	}
	has := map[string]bool{}
	for _, h := range rec {
		has[headerName(h)] = true
	}
	return has["title"] && has["body"]
}

func headerName(h string) string {
	return strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
}

// ReadRepliesCSV reads a replies CSV. Every problem in the file is
// reported at once, as file: row N: column: message, in a
// *library.ValidationError; then the Import is nil.
func ReadRepliesCSV(file string, data []byte) (*Import, error) {
	imp := newImport(file)
	probs := &problemList{file: file}
	if !utf8.Valid(data) {
		probs.add(0, "document", "-", "is not valid UTF-8 (save the file as UTF-8)")
		return nil, probs.err()
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		probs.add(0, "header", "-", "the file is empty")
		return nil, probs.err()
	}
	if err != nil {
		probs.add(0, "header", "-", csvErr(err))
		return nil, probs.err()
	}
	col := map[string]int{}
	for i, h := range header {
		name := headerName(h)
		known := false
		for _, c := range repliesColumns {
			known = known || c == name
		}
		switch {
		case !known:
			imp.note("header", name, "unknown column, ignored (known: "+strings.Join(repliesColumns, ", ")+")")
		case col[name] > 0:
			probs.add(0, "header", name, fmt.Sprintf("is column %d and column %d", col[name], i+1))
		default:
			col[name] = i + 1 // 0 means absent
		}
	}
	for _, need := range []string{"title", "body"} {
		if col[need] == 0 {
			probs.add(0, "header", need, fmt.Sprintf("no column named %q (columns: %s)", need, strings.Join(header, ", ")))
		}
	}
	if len(probs.items) > 0 {
		return nil, probs.err()
	}
	b := newBuilder(imp)
	table := zendeskPlaceholders()
	explicitReply := map[string]int{} // reply id to row
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		// Rows are counted as a spreadsheet shows them (the header is row
		// 1), whatever line breaks a quoted cell holds.
		entry := fmt.Sprintf("row %d", row)
		if err != nil {
			var pe *csv.ParseError
			probs.add(row, entry, "-", csvErr(err))
			if len(probs.items) >= maxProblems || !errors.As(err, &pe) {
				break
			}
			continue
		}
		if row > maxRows+1 {
			probs.add(row, entry, "-", fmt.Sprintf("the file has more than %d rows", maxRows))
			break
		}
		get := func(name string) string {
			if i := col[name]; i > 0 && i <= len(rec) {
				return strings.TrimSpace(unquoteFormula(strings.TrimSpace(rec[i-1])))
			}
			return ""
		}
		from := origin{entry: entry, pos: row, fields: csvFields}
		title, body, category := get("title"), get("body"), get("category")
		intentID, replyID := get("intent"), get("reply")
		shortcut := normaliseShortcut(get("shortcut"))
		bodyFields := map[string]string{"body": body, "title": title}
		if body == "" && replyID == "" && intentID != "" {
			// An intent without a reply, as Warmdesk exports one.
			bodyFields = nil
		} else {
			for _, f := range []string{"title", "body"} {
				if bodyFields[f] == "" {
					probs.add(row, entry, f, "is empty")
				}
			}
		}
		mapped, unknown := mapPlaceholders(body, table.in)
		for _, n := range unknown {
			b.unknown.add(n, entry, "body")
		}
		generated := intentID == ""
		switch {
		case intentID != "":
		case category != "":
			intentID = pathID(splitPath(category))
		case title != "":
			intentID = IntentID(title)
		default:
			continue // already reported: no title, no category
		}
		i := b.intent(intentID, lastOr(splitPath(category), title), categoryOf(category), generated, from)
		for _, p := range splitPhrasings(get("phrasings")) {
			b.phrasing(i, p, origin{entry: entry, pos: row, fields: csvFields})
		}
		if sit := get("situation"); sit != "" && imp.Intents[i].Situation == "" {
			imp.Intents[i].Situation = sit
		}
		if bodyFields == nil || body == "" || title == "" {
			continue
		}
		if replyID != "" {
			if prev, dup := explicitReply[replyID]; dup {
				probs.add(row, entry, "reply", fmt.Sprintf("%q is already the reply of row %d", replyID, prev))
				continue
			}
			explicitReply[replyID] = row
		}
		promises, bad := parsePromises(get("promises"), table.in)
		for _, s := range bad {
			probs.add(row, entry, "promises", fmt.Sprintf("%q must be \"check: sentence\" (\"refund issued: I've issued a refund.\")", s))
		}
		b.reply(i, library.Reply{ID: replyID, Title: title, Shortcut: shortcut, Body: mapped, Promises: promises}, from)
	}
	if err := b.finish(probs); err != nil {
		return nil, err
	}
	return imp, nil
}

func csvErr(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
	}
	return err.Error()
}

// splitPath splits a category path ("Orders::Returns") into its parts.
func splitPath(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "::") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// pathID is the intent id of a category path: each part made an id,
// joined by dots ("Orders::Late delivery" gives "orders.late_delivery").
func pathID(parts []string) string {
	ids := make([]string, len(parts))
	for i, p := range parts {
		ids[i] = IntentID(p)
	}
	id := strings.Join(ids, ".")
	if len(id) > 100 {
		id = strings.Trim(id[:100], "_.-")
	}
	return id
}

// categoryOf is the category an intent keeps: the path above its own
// name ("Orders::Returns" keeps "Orders").
func categoryOf(path string) string {
	parts := splitPath(path)
	if len(parts) < 2 {
		return ""
	}
	return strings.Join(parts[:len(parts)-1], "::")
}

func lastOr(parts []string, fallback string) string {
	if len(parts) == 0 {
		return fallback
	}
	return parts[len(parts)-1]
}

// parsePromises reads a promises cell: "check: sentence" entries, their
// placeholders mapped as the body's are. It returns the entries it could
// not read apart.
func parsePromises(s string, table map[string]string) (ps []library.Promise, bad []string) {
	for _, e := range splitPhrasings(s) {
		e = strings.TrimSpace(e)
		check, sentence, ok := strings.Cut(e, ":")
		if !ok || strings.TrimSpace(check) == "" || strings.TrimSpace(sentence) == "" {
			if e != "" {
				bad = append(bad, e)
			}
			continue
		}
		mapped, _ := mapPlaceholders(strings.TrimSpace(sentence), table)
		ps = append(ps, library.Promise{Check: strings.TrimSpace(check), Sentence: mapped})
	}
	return ps, bad
}

// PromisesCell writes a reply's promises as the CSV's promises column
// reads them.
func PromisesCell(ps []library.Promise) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Check + ": " + p.Sentence
	}
	return strings.Join(out, " | ")
}

func splitPhrasings(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == '\n' || r == '\r' })
}

// normaliseShortcut makes a helpdesk shortcut ("/Refund Time") a Warmdesk
// one ("refund-time"); what is still not valid is reported by validation.
func normaliseShortcut(s string) string {
	s = strings.TrimLeft(strings.TrimSpace(s), "/#:")
	return strings.Join(strings.Fields(strings.ToLower(s)), "-")
}

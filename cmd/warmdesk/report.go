package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/warmdesk/warmdesk/internal/words"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// cmdLibraryReport prints the quality report of a library. The exit
// status is 0 when the report ran, whatever it found; 1 when the library
// cannot be read or is invalid (every problem is printed); 2 for a usage
// error.
func cmdLibraryReport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("library report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "write the report as one JSON document")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "usage: warmdesk library report [-json] FILE")
		return 2
	}
	path := pos[0]
	lib, err := readLibrary(path)
	if err != nil {
		printLibraryError(stderr, path, err)
		return 1
	}
	e, err := suggestions.Compile(lib)
	if err != nil {
		fmt.Fprintf(stderr, "%s: document: -: %v\n", path, err)
		return 1
	}
	rep := e.Report(nil)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		err = enc.Encode(rep)
	} else {
		err = writeReport(stdout, path, rep)
	}
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk library report: %v\n", err)
		return 1
	}
	return 0
}

// printLibraryError prints every problem of an invalid library, or names
// the file when it could not be read at all, always as file: entry:
// field: message.
func printLibraryError(w io.Writer, path string, err error) {
	var ve *library.ValidationError
	if errors.As(err, &ve) {
		printProblems(w, err)
		return
	}
	fmt.Fprintf(w, "%s: document: -: %v\n", path, err)
}

// writeReport renders a report as text: a summary, then one section per
// kind of finding, each an aligned table or "none".
func writeReport(w io.Writer, path string, r suggestions.Report) error {
	p := &printer{w: w}
	name := r.Library
	if name == "" {
		name = "(unnamed library)"
	}
	t := r.Totals
	p.f("Quality report: %s (%s)\n\n", name, path)
	p.f("Leave-one-out accuracy: %s (%d of %d phrasings matched to their own intent with the phrasing left out)\n",
		pct(r.Accuracy), t.Correct, t.Phrasings)
	p.f("%s, %s, %s, %s, %s, %s, %s\n",
		words.Plural(t.Intents, "intent", "intents"), words.Plural(t.Phrasings, "phrasing", "phrasings"),
		words.Plural(t.Replies, "reply", "replies"), words.Plural(t.Feelings, "feeling", "feelings"),
		words.Plural(t.Openers, "opener", "openers"), words.Plural(t.Closers, "closer", "closers"),
		words.Plural(t.Rules, "tone rule", "tone rules"))

	p.section("Intents")
	tw := p.table()
	fmt.Fprintln(tw, "  intent\tphrasings\treplies\taccuracy\tconfused with\tnotes")
	for _, in := range r.Intents {
		confused := "-"
		if in.ConfusedWith != "" {
			confused = fmt.Sprintf("%s (%d)", in.ConfusedWith, in.ConfusedCount)
		}
		var notes []string
		if in.TooFew {
			notes = append(notes, "too few phrasings")
		}
		if in.Replies == 0 {
			notes = append(notes, "no replies")
		}
		if in.NearDuplicates > 0 {
			notes = append(notes, words.Plural(in.NearDuplicates, "near-duplicate pair", "near-duplicate pairs"))
		}
		if in.Unmatched > 0 {
			notes = append(notes, words.Plural(in.Unmatched, "phrasing matches nothing", "phrasings match nothing"))
		}
		fmt.Fprintf(tw, "  %s\t%d\t%d\t%s\t%s\t%s\n", in.ID, in.Phrasings, in.Replies, pct(in.Accuracy), confused, strings.Join(notes, ", "))
	}
	p.flush(tw)

	p.section("Intents the matcher confuses")
	if len(r.Confusions) == 0 {
		p.none()
	}
	for _, c := range r.Confusions {
		p.f("  %s and %s: %s\n", c.A, c.B, words.Plural(c.Count, "phrasing", "phrasings"))
		for _, col := range c.Collisions {
			p.f("    %s (%s) matched %s, nearest %s\n", strconv.Quote(col.Phrasing), col.Intent, col.Matched, strconv.Quote(col.Nearest))
		}
		if more := c.Count - len(c.Collisions); more > 0 {
			p.f("    and %d more\n", more)
		}
	}

	p.section("The same phrasing under several intents")
	if len(r.Shared) == 0 {
		p.none()
	}
	for _, s := range r.Shared {
		p.f("  %s: %s\n", strconv.Quote(s.Normalized), strings.Join(s.Intents, ", "))
	}

	p.section(fmt.Sprintf("Intents with too few phrasings (fewer than %d)", r.MinPhrasings))
	if len(r.FewPhrasings) == 0 {
		p.none()
	}
	tw = p.table()
	for _, f := range r.FewPhrasings {
		fmt.Fprintf(tw, "  %s\t%s\n", f.Intent, words.Plural(f.Phrasings, "phrasing", "phrasings"))
	}
	p.flush(tw)

	p.section("Near-duplicate phrasings")
	if len(r.Similar) == 0 {
		p.none()
	}
	tw = p.table()
	for _, s := range r.Similar {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s %.2f\n", s.Intent, strconv.Quote(s.A), strconv.Quote(s.B), s.Reason, s.Similarity)
	}
	p.flush(tw)

	p.section("Intents without replies")
	if len(r.NoReplies) == 0 {
		p.none()
	}
	for _, id := range r.NoReplies {
		p.f("  %s\n", id)
	}

	p.section("Tone findings")
	if len(r.Tone) == 0 {
		p.none()
	}
	tw = p.table()
	for _, f := range r.Tone {
		fmt.Fprintf(tw, "  %s\t%s\t%d:%d\t%s\t%s\t%s\t%s\n", f.Entry, f.Field, f.Line, f.Column, f.Severity, f.Rule, strconv.Quote(f.Text), f.Message)
	}
	p.flush(tw)

	p.section("Placeholders nothing fills")
	if len(r.Placeholders.Unfillable) == 0 {
		p.none()
	}
	for _, u := range r.Placeholders.Unfillable {
		p.f("  {{%s}} in %s\n", u.Name, words.Plural(len(u.Uses), "place", "places"))
		for _, l := range u.Uses {
			p.f("    %s: %s\n", l.Entry, l.Field)
		}
	}
	p.f("  (filled from the ticket: %s; from the message: %s; anything else only when the host page passes it by name)\n",
		strings.Join(r.Placeholders.Context, ", "), strings.Join(r.Placeholders.Entities, ", "))

	p.section("Feelings without an acknowledgement at some intensity")
	if len(r.Acknowledgement) == 0 {
		p.none()
	}
	for _, m := range r.Acknowledgement {
		ns := make([]string, len(m.Intensities))
		for i, n := range m.Intensities {
			ns[i] = strconv.Itoa(n)
		}
		p.f("  %s: no acknowledgement at intensity %s\n", m.Feeling, strings.Join(ns, ", "))
	}
	return p.err
}

// printer writes text and keeps the first error.
type printer struct {
	w   io.Writer
	err error
	tab bytes.Buffer
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) section(title string) { p.f("\n%s\n", title) }
func (p *printer) none()                { p.f("  none\n") }

// table starts an aligned table; flush writes it, without the padding
// that tabwriter leaves after a last, empty cell.
func (p *printer) table() *tabwriter.Writer {
	p.tab.Reset()
	return tabwriter.NewWriter(&p.tab, 0, 0, 2, ' ', 0)
}

func (p *printer) flush(tw *tabwriter.Writer) {
	tw.Flush() // into a bytes.Buffer: cannot fail
	for _, line := range strings.SplitAfter(p.tab.String(), "\n") {
		if line != "" {
			p.f("%s\n", strings.TrimRight(line, " \n"))
		}
	}
}

func pct(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

// Command tonelabels measures the tone checker's phrasing rules against
// hand labels of real agent replies.
//
// The replies themselves are evaluation-only and never stored in the
// repository: the labels file keeps a row number, a hash of the reply's
// text and the label, and this tool refuses to score a data file whose
// rows do not hash to the same values.
//
//	go run ./tools/tonelabels -data DIR            # figures
//	go run ./tools/tonelabels -data DIR -v         # and every miss and false flag
//
// DIR holds replies.csv (columns brand,text). Only phrasing rules count:
// the opening, closing and acknowledge rules judge whole composed replies
// and are measured elsewhere.
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/suggestions/tone"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tonelabels", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", os.Getenv("DATA"), "`dir`ectory holding replies.csv (default $DATA)")
	labels := fs.String("labels", defaultLabels(), "labels `file`")
	verbose := fs.Bool("v", false, "list every miss and false flag with its text")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *data == "" {
		fmt.Fprintln(stderr, "tonelabels: give -data DIR or DATA=DIR (the folder holding replies.csv)")
		return 2
	}
	replies, err := readReplies(filepath.Join(*data, "replies.csv"))
	if err != nil {
		fmt.Fprintf(stderr, "tonelabels: %v\n", err)
		return 2
	}
	labs, err := readLabels(*labels)
	if err != nil {
		fmt.Fprintf(stderr, "tonelabels: %v\n", err)
		return 2
	}
	rows, err := join(replies, labs)
	if err != nil {
		fmt.Fprintf(stderr, "tonelabels: %v\n", err)
		return 2
	}
	e, err := suggestions.Default()
	if err != nil {
		fmt.Fprintf(stderr, "tonelabels: %v\n", err)
		return 2
	}
	s := Score(e, rows)
	s.Write(stdout, *verbose)
	return 0
}

func defaultLabels() string {
	return filepath.Join("tools", "tonelabels", "agent-replies-dev.labels")
}

// Row is one labelled reply.
type Row struct {
	N    int // 1-based, header not counted
	Text string
	Neg  bool
}

// label is one line of a labels file.
type label struct {
	n    int
	hash string
	neg  bool
}

// textHash is what the labels file stores instead of the text.
func textHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:8])
}

func readReplies(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	col := -1
	for i, h := range head {
		if h == "text" {
			col = i
		}
	}
	if col < 0 {
		return nil, fmt.Errorf("%s: no text column in the header %q", path, head)
	}
	var out []string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, rec[col])
	}
}

func readLabels(path string) ([]label, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseLabels(path, string(data))
}

func parseLabels(path, data string) ([]label, error) {
	var out []label
	for i, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			return nil, fmt.Errorf("%s:%d: want row, hash and label, have %q", path, i+1, line)
		}
		n, err := strconv.Atoi(f[0])
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%s:%d: row %q is not a positive number", path, i+1, f[0])
		}
		if f[2] != "neg" && f[2] != "ok" {
			return nil, fmt.Errorf("%s:%d: label must be neg or ok, not %q", path, i+1, f[2])
		}
		out = append(out, label{n: n, hash: f[1], neg: f[2] == "neg"})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no labels", path)
	}
	return out, nil
}

// join pairs labels with replies, refusing any whose text changed.
func join(replies []string, labs []label) ([]Row, error) {
	var rows []Row
	var errs []error
	for _, l := range labs {
		if l.n > len(replies) {
			errs = append(errs, fmt.Errorf("row %d: the data has only %d rows", l.n, len(replies)))
			continue
		}
		t := replies[l.n-1]
		if textHash(t) != l.hash {
			errs = append(errs, fmt.Errorf("row %d: the text does not match the labelled one (hash %s, labels say %s)", l.n, textHash(t), l.hash))
			continue
		}
		rows = append(rows, Row{N: l.n, Text: t, Neg: l.neg})
	}
	if len(errs) > 5 {
		errs = append(errs[:5], fmt.Errorf("and %d more", len(errs)-5))
	}
	return rows, errors.Join(errs...)
}

// Phrasing reports whether a finding's rule judges phrasing (not a
// reply's opening, closing or acknowledgement).
func Phrasing(f tone.Finding) bool {
	switch f.Kind {
	case library.KindOpening, library.KindClosing, library.KindAcknowledge:
		return false
	}
	return true
}

// Result is the score of the phrasing rules on labelled replies.
type Result struct {
	Neg, OK         int // labelled replies of each kind
	NegHit, OKHit   int // of which at least one phrasing rule flagged
	Misses, False   []Row
	FalseRules      map[int][]string // row -> rules that flagged it
	RuleNeg, RuleOK map[string]int   // per rule: flagged replies of each label
}

// Score runs the engine's phrasing rules over every row.
func Score(e *suggestions.Engine, rows []Row) Result {
	r := Result{FalseRules: map[int][]string{}, RuleNeg: map[string]int{}, RuleOK: map[string]int{}}
	for _, row := range rows {
		seen := map[string]bool{}
		var rules []string
		for _, f := range e.Check(row.Text, tone.Options{}) {
			if Phrasing(f) && !seen[f.Rule] {
				seen[f.Rule] = true
				rules = append(rules, f.Rule)
			}
		}
		flagged := len(rules) > 0
		for _, id := range rules {
			if row.Neg {
				r.RuleNeg[id]++
			} else {
				r.RuleOK[id]++
			}
		}
		switch {
		case row.Neg:
			r.Neg++
			if flagged {
				r.NegHit++
			} else {
				r.Misses = append(r.Misses, row)
			}
		default:
			r.OK++
			if flagged {
				r.OKHit++
				r.False = append(r.False, row)
				r.FalseRules[row.N] = rules
			}
		}
	}
	return r
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// Write prints the figures and, when verbose, each miss and false flag.
func (r Result) Write(w io.Writer, verbose bool) {
	fmt.Fprintf(w, "labelled replies: %d (%d negatively phrased, %d others)\n", r.Neg+r.OK, r.Neg, r.OK)
	fmt.Fprintf(w, "recall (negatively phrased flagged): %d/%d = %.1f%%\n", r.NegHit, r.Neg, pct(r.NegHit, r.Neg))
	fmt.Fprintf(w, "false flags (others flagged):         %d/%d = %.1f%%\n", r.OKHit, r.OK, pct(r.OKHit, r.OK))
	fmt.Fprintf(w, "precision (flagged that are negative): %d/%d = %.1f%%\n", r.NegHit, r.NegHit+r.OKHit, pct(r.NegHit, r.NegHit+r.OKHit))
	ids := map[string]bool{}
	for id := range r.RuleNeg {
		ids[id] = true
	}
	for id := range r.RuleOK {
		ids[id] = true
	}
	var list []string
	for id := range ids {
		list = append(list, id)
	}
	sort.Strings(list)
	fmt.Fprintln(w, "per rule (replies flagged: negative / others):")
	for _, id := range list {
		fmt.Fprintf(w, "  %-28s %3d / %d\n", id, r.RuleNeg[id], r.RuleOK[id])
	}
	if !verbose {
		return
	}
	fmt.Fprintln(w, "\nmissed:")
	for _, row := range r.Misses {
		fmt.Fprintf(w, "  %4d %s\n", row.N, oneLine(row.Text))
	}
	fmt.Fprintln(w, "\nfalse flags:")
	for _, row := range r.False {
		fmt.Fprintf(w, "  %4d [%s] %s\n", row.N, strings.Join(r.FalseRules[row.N], ","), oneLine(row.Text))
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/suggestions/tone"
)

type lintFinding struct {
	File        string   `json:"file"`
	Line        int      `json:"line"`
	Column      int      `json:"column"`
	Start       int      `json:"start"`
	End         int      `json:"end"`
	Rule        string   `json:"rule"`
	Severity    string   `json:"severity"`
	Message     string   `json:"message"`
	Text        string   `json:"text"`
	Suggestions []string `json:"suggestions"`
}

func cmdLint(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	libPath := fs.String("library", "", "library `file` whose tone rules apply (default: the embedded default)")
	asJSON := fs.Bool("json", false, "write one JSON finding per line")
	perLine := fs.Bool("lines", false, "treat each input line as a separate reply")
	message := fs.String("message", "", "the customer's `message`, so the acknowledge rule knows how they feel")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	e, err := loadEngine(*libPath)
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk lint: %v\n", err)
		return 2
	}
	var opt tone.Options
	if *message != "" {
		opt.CustomerFeelings = e.Analyze(*message, suggestions.AnalyzeOptions{}).Feelings
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	hasError := false
	report := func(file string, lineOffset int, text string) error {
		for _, f := range e.Check(text, opt) {
			hasError = hasError || f.Severity == library.SeverityError
			lf := lintFinding{File: file, Line: f.Line + lineOffset, Column: f.Column, Start: f.Start, End: f.End,
				Rule: f.Rule, Severity: f.Severity, Message: f.Message, Text: f.Text, Suggestions: f.Suggestions}
			var err error
			if *asJSON {
				err = enc.Encode(lf)
			} else {
				_, err = fmt.Fprintf(out, "%s:%d:%d: %s: %s (%s) %q%s\n", file, lf.Line, lf.Column, lf.Severity, lf.Message, lf.Rule, lf.Text, suggestionText(lf.Suggestions))
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	lintOne := func(name string, r io.Reader) error {
		if *perLine {
			n := 0
			return readLines(r, func(line string) error {
				n++
				return report(name, n-1, line)
			})
		}
		data, err := io.ReadAll(io.LimitReader(r, 4<<20))
		if err != nil {
			return err
		}
		return report(name, 0, string(data))
	}
	files := fs.Args()
	if len(files) == 0 {
		files = []string{"-"}
	}
	for _, name := range files {
		var r io.Reader = stdin
		if name != "-" {
			f, err := os.Open(name)
			if err != nil {
				fmt.Fprintf(stderr, "warmdesk lint: %v\n", err)
				return 2
			}
			defer f.Close()
			r = f
		}
		if err := lintOne(displayName(name), r); err != nil {
			fmt.Fprintf(stderr, "warmdesk lint: %s: %v\n", displayName(name), err)
			return 2
		}
	}
	if hasError {
		return 1
	}
	return 0
}

func suggestionText(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return " try: " + strings.Join(s, " | ")
}

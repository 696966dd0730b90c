package library

import (
	"errors"
	"fmt"
	"iter"
	"strings"
)

// Placeholder is a {{name}} in a text: its name (without the braces
// and the spaces inside them) and its span, braces included.
type Placeholder struct {
	Name  string `json:"name"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Placeholders yields the {{placeholders}} of text in order: each "{{"
// with the first "}}" after it. It is the one reading of placeholders that
// validation, the composer, the report and the importers share. A "{{"
// without a "}}" after it ends the scan (checkPlaceholders reports it).
func Placeholders(text string) iter.Seq[Placeholder] {
	return func(yield func(Placeholder) bool) {
		for off := 0; ; {
			i := strings.Index(text[off:], "{{")
			if i < 0 {
				return
			}
			i += off
			j := strings.Index(text[i+2:], "}}")
			if j < 0 {
				return
			}
			end := i + 2 + j + 2
			if !yield(Placeholder{Name: strings.TrimSpace(text[i+2 : i+2+j]), Start: i, End: end}) {
				return
			}
			off = end
		}
	}
}

// Fill replaces each {{name}} whose value is known; unknown ones stay as
// they are, visibly marked, for Unfilled to report.
func Fill(text string, vals map[string]string) string {
	var b strings.Builder
	at := 0
	for p := range Placeholders(text) {
		b.WriteString(text[at:p.Start])
		if v, ok := vals[p.Name]; ok && v != "" {
			b.WriteString(v)
		} else {
			b.WriteString(text[p.Start:p.End])
		}
		at = p.End
	}
	b.WriteString(text[at:])
	return b.String()
}

// Unfilled lists the {{placeholders}} left in text, with their spans.
func Unfilled(text string) []Placeholder {
	out := []Placeholder{}
	for p := range Placeholders(text) {
		out = append(out, p)
	}
	return out
}

// PlaceholderNames lists the names of the placeholders in a template.
func PlaceholderNames(text string) []string {
	var names []string
	for p := range Placeholders(text) {
		names = append(names, p.Name)
	}
	return names
}

// checkPlaceholders reports an unbalanced or malformed {{placeholder}}:
// the first problem in the text's order.
func checkPlaceholders(s string) error {
	stray := errors.New(`has "}}" without "{{"`)
	at := 0
	for p := range Placeholders(s) {
		if strings.Contains(s[at:p.Start], "}}") {
			return stray
		}
		if !placeholderName(p.Name) {
			return fmt.Errorf("placeholder {{%s}} must be lowercase words joined by dots, such as {{customer.first_name}}", p.Name)
		}
		at = p.End
	}
	rest := s[at:]
	open := strings.Index(rest, "{{")
	if open < 0 {
		open = len(rest)
	}
	if strings.Contains(rest[:open], "}}") {
		return stray
	}
	if open < len(rest) {
		return errors.New(`has "{{" without "}}"`)
	}
	return nil
}

// placeholderName accepts dotted names of lowercase words:
// ^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$.
func placeholderName(s string) bool {
	for _, part := range strings.Split(s, ".") {
		for i := 0; i < len(part); i++ {
			c := part[i]
			if !('a' <= c && c <= 'z' || i > 0 && ('0' <= c && c <= '9' || c == '_')) {
				return false
			}
		}
		if part == "" {
			return false
		}
	}
	return true
}

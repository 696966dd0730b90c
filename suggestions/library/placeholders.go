package library

import (
	"errors"
	"fmt"
	"strings"
)

// Placeholder is a {{name}} in a text: its name (without the braces
// and the spaces inside them) and its span, braces included.
type Placeholder struct {
	Name  string `json:"name"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// NextPlaceholder returns the first {{placeholder}} of text at or after
// byte from: a "{{" with the first "}}" after it. It is the one reading
// of placeholders that validation, the composer, the report and the
// importers share; a "{{" without a "}}" after it ends the scan
// (checkPlaceholders reports it). Walk a text with
//
//	for p, ok := NextPlaceholder(text, 0); ok; p, ok = NextPlaceholder(text, p.End) {
func NextPlaceholder(text string, from int) (p Placeholder, ok bool) {
	i := strings.Index(text[from:], "{{")
	if i < 0 {
		return Placeholder{}, false
	}
	i += from
	j := strings.Index(text[i+2:], "}}")
	if j < 0 {
		return Placeholder{}, false
	}
	return Placeholder{Name: strings.TrimSpace(text[i+2 : i+2+j]), Start: i, End: i + 2 + j + 2}, true
}

// Fill replaces each {{name}} whose value is known; unknown ones stay as
// they are, visibly marked, for Unfilled to report.
func Fill(text string, vals map[string]string) string {
	var b strings.Builder
	at := 0
	for p, ok := NextPlaceholder(text, 0); ok; p, ok = NextPlaceholder(text, p.End) {
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
	for p, ok := NextPlaceholder(text, 0); ok; p, ok = NextPlaceholder(text, p.End) {
		out = append(out, p)
	}
	return out
}

// PlaceholderNames lists the names of the placeholders in a template.
func PlaceholderNames(text string) []string {
	var names []string
	for p, ok := NextPlaceholder(text, 0); ok; p, ok = NextPlaceholder(text, p.End) {
		names = append(names, p.Name)
	}
	return names
}

// checkPlaceholders reports an unbalanced or malformed {{placeholder}}:
// the first problem in the text's order.
func checkPlaceholders(s string) error {
	stray := errors.New(`has "}}" without "{{"`)
	at := 0
	for p, ok := NextPlaceholder(s, 0); ok; p, ok = NextPlaceholder(s, p.End) {
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

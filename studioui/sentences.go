package studioui

import "strings"

// Sentences cuts a reply body into its sentences, as the promises editor
// lists them: each ends at ".", "!" or "?" followed by a space or a line
// break, or at a blank line; the text is kept as written (trimmed), so a
// sentence marked as a promise is the body's word for word.
func Sentences(body string) []string {
	var out []string
	start := 0
	add := func(end int) {
		if s := strings.TrimSpace(body[start:end]); s != "" {
			out = append(out, s)
		}
		start = end
	}
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '.', '!', '?':
			if i+1 == len(body) || body[i+1] == ' ' || body[i+1] == '\n' {
				add(i + 1)
			}
		case '\n':
			if i+1 < len(body) && body[i+1] == '\n' {
				add(i)
			}
		}
	}
	add(len(body))
	return out
}

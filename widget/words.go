package widget

import (
	"strconv"
	"strings"
)

// Counted words are made here and nowhere else, so that the widget, the
// studio and the screen-reader text all say "1 blank", "2 blanks" and
// "both requests" the same way.

// Plural is n followed by one or many: for phrases whose verb agrees too
// ("1 blank is", "2 blanks are").
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// Count is n followed by noun, whose last word is made plural unless n is
// 1: "1 blank", "3 suggested replies", "0 findings".
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + Plurals(noun)
}

// All names every one of n things: "the request", "both requests", "all 3
// requests".
func All(n int, noun string) string {
	switch n {
	case 1:
		return "the " + noun
	case 2:
		return "both " + Plurals(noun)
	}
	return "all " + strconv.Itoa(n) + " " + Plurals(noun)
}

// irregular holds the plurals English does not make by rule, among the
// words the widget and the studio count.
var irregular = map[string]string{"person": "people", "analysis": "analyses", "is": "are", "has": "have", "was": "were"}

// Plurals makes the last word of noun plural: reply → replies, match →
// matches, blank → blanks.
func Plurals(noun string) string {
	i := strings.LastIndexByte(noun, ' ') + 1
	head, w := noun[:i], noun[i:]
	lw := strings.ToLower(w)
	switch {
	case w == "":
		return noun
	case irregular[lw] != "":
		return head + irregular[lw]
	case strings.HasSuffix(lw, "y") && len(lw) > 1 && !strings.ContainsRune("aeiou", rune(lw[len(lw)-2])):
		return head + w[:len(w)-1] + "ies"
	case strings.HasSuffix(lw, "s"), strings.HasSuffix(lw, "x"), strings.HasSuffix(lw, "ch"), strings.HasSuffix(lw, "sh"):
		return head + w + "es"
	}
	return head + w + "s"
}

// BlanksLeft says how many blanks are still unfilled: "1 blank is still
// unfilled", "2 blanks are still unfilled".
func BlanksLeft(n int) string { return Plural(n, "blank is", "blanks are") + " still unfilled" }

// Spelled writes the numbers up to ten in words ("three changes"), larger
// ones in digits.
func Spelled(n int) string {
	if n >= 0 && n <= 10 {
		return [...]string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}[n]
	}
	return strconv.Itoa(n)
}

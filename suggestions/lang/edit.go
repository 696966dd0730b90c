package lang

import "slices"

// WithinOneEdit reports whether a and b are at most one edit apart:
// one rune inserted, deleted or replaced, or two adjacent runes swapped.
func WithinOneEdit(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	if len(rb)-len(ra) > 1 {
		return false
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	if len(ra) < len(rb) { // rb has one rune more, at i
		return slices.Equal(ra[i:], rb[i+1:])
	}
	if slices.Equal(ra[i+1:], rb[i+1:]) { // replaced at i
		return true
	}
	return i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] && slices.Equal(ra[i+2:], rb[i+2:])
}

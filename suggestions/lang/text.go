package lang

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word of a text: its byte span in the original text, its
// normalised form (lowercase, accents folded, curly apostrophes made
// straight) and whether it was written in capitals.
type Token struct {
	Start, End int
	Norm       string
	Caps       bool // all letters upper case, at least two letters
	// Break is true when a sentence or clause boundary (. ! ? ; : , or a
	// line break) stands between this token and the previous one.
	Break bool
}

// Tokenize splits text into word tokens. A word is a run of letters and
// digits; an apostrophe between letters stays inside the word ("can't"), as
// do a dot or comma between digits ("12.50") and a hyphen or slash between
// letters and digits of a code ("AB-1234"). Invalid UTF-8 bytes separate
// words and are otherwise ignored, so spans are always valid byte offsets.
func Tokenize(text string) []Token {
	toks := make([]Token, 0, len(text)/6+1) // English words average under six bytes with their space
	ScanTokens(text, func(t Token) { toks = append(toks, t) })
	return toks
}

// ScanTokens calls yield with each token of text, in order: Tokenize
// without the list.
func ScanTokens(text string, yield func(Token)) {
	brk := true
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			if r == '.' || r == '!' || r == '?' || r == ';' || r == ':' || r == ',' || r == '\n' || r == '(' || r == ')' {
				brk = true
			}
			i += size
			continue
		}
		// A word's normal form is often the word itself (lower-case
		// ASCII): then it is a slice of text, and b is only written
		// from the first byte that differs (copied).
		start := i
		var b strings.Builder
		copied := false
		cp := func() {
			if !copied {
				b.Grow(i - start + 8)
				b.WriteString(text[start:i])
				copied = true
			}
		}
		upper, letters := 0, 0
		for i < len(text) {
			c := text[i]
			switch {
			case 'a' <= c && c <= 'z':
				letters++
				if copied {
					b.WriteByte(c)
				}
				i++
				continue
			case '0' <= c && c <= '9':
				if copied {
					b.WriteByte(c)
				}
				i++
				continue
			case 'A' <= c && c <= 'Z':
				letters++
				upper++
				cp()
				b.WriteByte(c + 'a' - 'A')
				i++
				continue
			}
			r, size = utf8.DecodeRuneInString(text[i:])
			if isWordRune(r) {
				if unicode.IsLetter(r) {
					letters++
					if unicode.IsUpper(r) {
						upper++
					}
				}
				cp()
				foldRune(&b, r)
				i += size
				continue
			}
			if isJoiner(r) && i+size < len(text) {
				prev, _ := utf8.DecodeLastRuneInString(text[start:i])
				next, _ := utf8.DecodeRuneInString(text[i+size:])
				if joins(r, prev, next) {
					if r != '\'' && r != '.' && r != ',' && r != '-' && r != '/' {
						cp() // a typographic apostrophe becomes '
					}
					if r == '’' || r == '‘' || r == '`' {
						r = '\''
					}
					if copied {
						b.WriteRune(r)
					}
					i += size
					continue
				}
			}
			break
		}
		norm := text[start:i]
		if copied {
			norm = b.String()
		}
		yield(Token{Start: start, End: i, Norm: norm, Caps: letters >= 2 && upper == letters, Break: brk})
		brk = false
	}
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
}

func isJoiner(r rune) bool {
	switch r {
	case '\'', '’', '‘', '`', '.', ',', '-', '/':
		return true
	}
	return false
}

// joins reports whether the joiner r between prev and next keeps one word.
func joins(r, prev, next rune) bool {
	switch r {
	case '\'', '’', '‘', '`':
		return unicode.IsLetter(prev) && unicode.IsLetter(next)
	case '.', ',':
		return unicode.IsDigit(prev) && unicode.IsDigit(next)
	case '-', '/':
		// Codes such as AB-1234 or 12/05/2026; plain hyphenated words split.
		return unicode.IsDigit(prev) || unicode.IsDigit(next)
	}
	return false
}

// foldRune writes the lowercase, accent-free form of r.
func foldRune(b *strings.Builder, r rune) {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteByte(byte(r))
		return
	}
	if unicode.Is(unicode.Mn, r) {
		return // combining accent
	}
	r = unicode.ToLower(r)
	if f, ok := accentFold[r]; ok {
		b.WriteString(f)
		return
	}
	b.WriteRune(r)
}

// accentFold maps accented Latin letters to their plain forms, so that
// "rèfund" and "refund" are the same word. Characters outside the table
// are kept as they are (lower-cased).
var accentFold = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ł': "l", 'þ': "th"}
	groups := map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ď", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ",
		"i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ", "l": "ĺļľŀ", "n": "ñńņňŉ", "o": "òóôõöōŏő",
		"r": "ŕŗř", "s": "śŝşš", "t": "ţťŧ", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
	}
	for plain, accented := range groups {
		for _, r := range accented {
			m[r] = plain
		}
	}
	return m
}()

// Normalize returns the space-joined normalised tokens of s, the form in
// which phrases (cues, rule phrases) are compared.
func Normalize(s string) string {
	toks := Tokenize(s)
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.Norm
	}
	return strings.Join(parts, " ")
}

// Sanitize returns s with invalid UTF-8 replaced, so that output built from
// it is always valid UTF-8.
func Sanitize(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// Span is a byte range [Start, End) of a text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

package lang

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzTokenize: token spans are in order, inside the text, on rune
// boundaries, and the tokens are those of tokenizeOracle, the simple
// tokenizer the fast one replaced.
func FuzzTokenize(f *testing.F) {
	f.Add("can’t refund AB-1234 12.50 naïve")
	f.Add("Can’t ORDER Naïve ÜBER co-op 12,50 don't `x` x‘y İstanbul ǅemal ẞ")
	f.Add("\xff\xc3(")
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, tk := range Tokenize(s) {
			if tk.Start < prev || tk.End <= tk.Start || tk.End > len(s) {
				t.Fatalf("bad token %+v in %q", tk, s)
			}
			if !utf8.ValidString(s[tk.Start:tk.End]) {
				t.Fatalf("token %+v splits a rune", tk)
			}
			prev = tk.End
		}
		if got, want := Tokenize(s), tokenizeOracle(s); !slices.Equal(got, want) {
			t.Fatalf("%q: tokens %+v, the oracle's %+v", s, got, want)
		}
	})
}

// tokenizeOracle is the simple tokenizer: every rune decoded, folded and
// written. tokenize gives the same tokens without copying words that are
// already in their normal form.
func tokenizeOracle(text string) []Token {
	var toks []Token
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
		start := i
		var b strings.Builder
		upper, letters := 0, 0
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			if isWordRune(r) {
				if unicode.IsLetter(r) {
					letters++
					if unicode.IsUpper(r) {
						upper++
					}
				}
				foldRune(&b, r)
				i += size
				continue
			}
			if isJoiner(r) && i+size < len(text) {
				prev, _ := utf8.DecodeLastRuneInString(text[start:i])
				next, _ := utf8.DecodeRuneInString(text[i+size:])
				if joins(r, prev, next) {
					if r == '’' || r == '‘' || r == '`' {
						r = '\''
					}
					b.WriteRune(r)
					i += size
					continue
				}
			}
			break
		}
		toks = append(toks, Token{Start: start, End: i, Norm: b.String(), Caps: letters >= 2 && upper == letters, Break: brk})
		brk = false
	}
	return toks
}

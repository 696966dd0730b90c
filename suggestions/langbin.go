package suggestions

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"slices"
)

// The language data's binary form, which the widget reads at start
// instead of its JSON (data/lang-en.json stays the source; a test writes
// data/lang-en.bin from it with -update and fails when they differ). The
// fields of Lang's JSON in order, written as the library's binary form
// writes its own (libbin.go); the variants by their spelling, in
// increasing order.

// LangBinaryMagic starts the language data's binary form.
const LangBinaryMagic = "WDL1"

//go:embed data/lang-en.bin
var langEnBin []byte

// encodeLang writes the binary form of l's data (its JSON fields).
func encodeLang(l *Lang) []byte {
	w := binWriter{b: []byte(LangBinaryMagic)}
	w.str(l.Language)
	w.str(l.About)
	from := make([]string, 0, len(l.Variants))
	for f := range l.Variants {
		from = append(from, f)
	}
	slices.Sort(from)
	w.count(len(from))
	for _, f := range from {
		w.str(f)
		w.str(l.Variants[f])
	}
	for _, list := range [][]string{l.Negators, l.Contrasts, l.Intensifiers, l.Stopwords} {
		w.strs(list)
	}
	for _, groups := range [][][]string{l.Synonyms, l.Related} {
		w.count(len(groups))
		for _, g := range groups {
			w.strs(g)
		}
	}
	return w.b
}

// ReadLangBinary reads language data's binary form strictly (cut short,
// bytes after it, variants out of order or repeated: an error) and
// compiles it, as ParseLang does the JSON. The form read is the
// fingerprint's source as it is: the widget does not encode again what it
// has just read (TestLangBinary holds the embedded form to encodeLang's).
func ReadLangBinary(data []byte) (*Lang, error) {
	if !bytes.HasPrefix(data, []byte(LangBinaryMagic)) {
		return nil, errors.New("language data: not the binary form (no " + LangBinaryMagic + ")")
	}
	r := strReader{s: string(data[len(LangBinaryMagic):])}
	l := &Lang{Language: r.str(), About: r.str()}
	n := r.count()
	l.Variants = make(map[string]string, n)
	prev := ""
	for i := 0; i < n && r.err == nil; i++ {
		f := r.str()
		if i > 0 && f <= prev {
			r.fail(fmt.Errorf("variant %q does not follow %q", f, prev))
		}
		l.Variants[f], prev = r.str(), f
	}
	l.Negators, l.Contrasts, l.Intensifiers, l.Stopwords = r.strs(), r.strs(), r.strs(), r.strs()
	for _, groups := range []*[][]string{&l.Synonyms, &l.Related} {
		*groups = make([][]string, r.count())
		for i := range *groups {
			(*groups)[i] = r.strs()
		}
	}
	if r.err == nil && r.s != "" {
		r.err = fmt.Errorf("%d bytes after the data", len(r.s))
	}
	if r.err != nil {
		return nil, fmt.Errorf("language data: the binary form at byte %d: %w", len(data)-len(r.s), r.err)
	}
	if err := l.compile(bytes.Clone(data)); err != nil {
		return nil, err
	}
	return l, nil
}

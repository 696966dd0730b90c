package lang

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"slices"

	"github.com/warmdesk/warmdesk/suggestions/internal/binio"
)

// The language data's binary form, which the widget reads at start
// instead of its JSON (data/lang-en.json stays the source; a test writes
// data/lang-en.bin from it with -update and fails when they differ). The
// fields of Lang's JSON in order, written as the library's binary form
// writes its own (package library); the variants by their spelling, in
// increasing order.

// LangBinaryMagic starts the language data's binary form.
const LangBinaryMagic = "WDL1"

// encodeLang writes the binary form of l's data (its JSON fields).
func encodeLang(l *Lang) []byte {
	w := binio.Writer{B: []byte(LangBinaryMagic)}
	w.Str(l.Language)
	w.Str(l.About)
	from := make([]string, 0, len(l.Variants))
	for f := range l.Variants {
		from = append(from, f)
	}
	slices.Sort(from)
	w.Count(len(from))
	for _, f := range from {
		w.Str(f)
		w.Str(l.Variants[f])
	}
	for _, list := range [][]string{l.Negators, l.Contrasts, l.Intensifiers, l.Stopwords} {
		w.Strs(list)
	}
	for _, groups := range [][][]string{l.Synonyms, l.Related} {
		w.Count(len(groups))
		for _, g := range groups {
			w.Strs(g)
		}
	}
	for _, list := range l.phraseLists() {
		w.Strs(*list)
	}
	return w.B
}

// phraseLists are the optional lists the binary form ends with, in its
// order.
func (l *Lang) phraseLists() []*[]string {
	return []*[]string{&l.Refusals, &l.ThreadOpeners, &l.Questions, &l.Subordinators, &l.Resolutions}
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
	r := binio.StrReader{S: string(data[len(LangBinaryMagic):])}
	l := &Lang{Language: r.Str(), About: r.Str()}
	n := r.Count()
	l.Variants = make(map[string]string, n)
	prev := ""
	for i := 0; i < n && r.Err == nil; i++ {
		f := r.Str()
		if i > 0 && f <= prev {
			r.Fail(fmt.Errorf("variant %q does not follow %q", f, prev))
		}
		l.Variants[f], prev = r.Str(), f
	}
	l.Negators, l.Contrasts, l.Intensifiers, l.Stopwords = r.Strs(), r.Strs(), r.Strs(), r.Strs()
	for _, groups := range []*[][]string{&l.Synonyms, &l.Related} {
		*groups = make([][]string, r.Count())
		for i := range *groups {
			(*groups)[i] = r.Strs()
		}
	}
	for _, list := range l.phraseLists() {
		if xs := r.Strs(); len(xs) > 0 { // an empty list stays nil, as JSON leaves it
			*list = xs
		}
	}
	if r.Err == nil && r.S != "" {
		r.Err = fmt.Errorf("%d bytes after the data", len(r.S))
	}
	if r.Err != nil {
		return nil, fmt.Errorf("language data: the binary form at byte %d: %w", len(data)-len(r.S), r.Err)
	}
	if err := l.compile(bytes.Clone(data)); err != nil {
		return nil, err
	}
	return l, nil
}

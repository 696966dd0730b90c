package suggestions

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// The library's binary form, which the widget reads at start instead of
// its JSON (see ReadLibraryBinary). It says exactly what the JSON says:
// EncodeLibrary then ReadLibraryBinary gives the same Library, field by
// field. The JSON stays the library's only source; this form is made
// from it wherever it is served.
//
// After the magic, every list is a uvarint count and its items, every
// string a uvarint length and its bytes, every number a zigzag varint and
// every bool one byte (0 or 1), in the order of the fields of Library and
// of the types it holds.

// LibraryBinaryMagic starts the library's binary form.
const LibraryBinaryMagic = "WDB1"

// EncodeLibrary writes lib's binary form.
func EncodeLibrary(lib *Library) []byte {
	w := binWriter{b: []byte(LibraryBinaryMagic)}
	w.str(lib.Format)
	w.num(lib.Schema)
	w.str(lib.Name)
	w.str(lib.Language)
	w.count(len(lib.Intents))
	for _, in := range lib.Intents {
		w.str(in.ID)
		w.str(in.Title)
		w.str(in.Category)
		w.strs(in.Phrasings)
		w.count(len(in.Replies))
		for _, r := range in.Replies {
			w.str(r.ID)
			w.str(r.Title)
			w.str(r.Shortcut)
			w.str(r.Body)
		}
	}
	w.count(len(lib.Feelings))
	for _, f := range lib.Feelings {
		w.str(f.ID)
		w.str(f.Label)
		w.flag(f.Negative)
		w.count(len(f.Cues))
		for _, c := range f.Cues {
			w.str(c.Text)
			w.num(c.Intensity)
		}
		w.strs(f.Unless)
		w.count(len(f.Acknowledgements))
		for _, a := range f.Acknowledgements {
			w.num(a.Intensity)
			w.str(a.Text)
		}
	}
	for _, list := range [][]Snippet{lib.Openers, lib.Closers} {
		w.count(len(list))
		for _, s := range list {
			w.str(s.ID)
			w.str(s.Text)
		}
	}
	w.count(len(lib.Rules))
	for _, r := range lib.Rules {
		w.str(r.ID)
		w.str(r.Kind)
		w.str(r.Severity)
		w.str(r.Message)
		w.strs(r.Phrases)
		w.strs(r.Suggestions)
		w.strs(r.Before)
		w.strs(r.Unless)
		w.strs(r.Examples.Flag)
		w.strs(r.Examples.Pass)
	}
	return w.b
}

// ReadLibraryBinary reads a library's binary form (EncodeLibrary),
// refusing one that is cut short, has bytes after it or a count larger
// than what is left. Like the JSON decoder it only reads: whether the
// library is valid is ParseLibrary's to say, on the JSON. Its strings share one copy of
// data's bytes.
func ReadLibraryBinary(data []byte) (*Library, error) {
	if !bytes.HasPrefix(data, []byte(LibraryBinaryMagic)) {
		return nil, errors.New("library: not the binary form (no " + LibraryBinaryMagic + ")")
	}
	// One string holds every string's bytes: the library's strings are
	// slices of it, not an allocation each.
	all := string(data[len(LibraryBinaryMagic):])
	r := strReader{s: all}
	lib := &Library{}
	lib.Format = r.str()
	lib.Schema = r.num()
	lib.Name = r.str()
	lib.Language = r.str()
	lib.Intents = make([]Intent, r.count())
	for i := range lib.Intents {
		in := &lib.Intents[i]
		in.ID, in.Title, in.Category = r.str(), r.str(), r.str()
		in.Phrasings = r.strs()
		if n := r.count(); n > 0 {
			in.Replies = make([]Reply, n)
			for j := range in.Replies {
				in.Replies[j] = Reply{ID: r.str(), Title: r.str(), Shortcut: r.str(), Body: r.str()}
			}
		}
	}
	if n := r.count(); n > 0 {
		lib.Feelings = make([]Feeling, n)
		for i := range lib.Feelings {
			f := &lib.Feelings[i]
			f.ID, f.Label, f.Negative = r.str(), r.str(), r.flag()
			f.Cues = make([]Cue, r.count())
			for j := range f.Cues {
				f.Cues[j] = Cue{Text: r.str(), Intensity: r.num()}
			}
			f.Unless = r.strs()
			if n := r.count(); n > 0 {
				f.Acknowledgements = make([]Acknowledgement, n)
				for j := range f.Acknowledgements {
					f.Acknowledgements[j] = Acknowledgement{Intensity: r.num(), Text: r.str()}
				}
			}
		}
	}
	lib.Openers, lib.Closers = r.snippets(), r.snippets()
	if n := r.count(); n > 0 {
		lib.Rules = make([]Rule, n)
		for i := range lib.Rules {
			ru := &lib.Rules[i]
			ru.ID, ru.Kind, ru.Severity, ru.Message = r.str(), r.str(), r.str(), r.str()
			ru.Phrases, ru.Suggestions, ru.Before, ru.Unless = r.strs(), r.strs(), r.strs(), r.strs()
			ru.Examples.Flag, ru.Examples.Pass = r.strs(), r.strs()
		}
	}
	if r.err == nil && r.s != "" {
		r.err = fmt.Errorf("%d bytes after the library", len(r.s))
	}
	if r.err != nil {
		return nil, fmt.Errorf("library: the binary form at byte %d: %w", len(data)-len(r.s), r.err)
	}
	return lib, nil
}

// binWriter writes the binary forms' numbers, strings and lists.
type binWriter struct{ b []byte }

func (w *binWriter) count(n int)  { w.b = binary.AppendUvarint(w.b, uint64(n)) }
func (w *binWriter) num(n int)    { w.b = binary.AppendVarint(w.b, int64(n)) }
func (w *binWriter) str(s string) { w.b = appendString(w.b, s) }

func (w *binWriter) strs(list []string) {
	w.count(len(list))
	for _, s := range list {
		w.str(s)
	}
}

func (w *binWriter) flag(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

// strReader reads what binWriter wrote from one string, whose slices its
// strings are; the first error sticks and every read after it gives the
// zero value.
type strReader struct {
	s   string
	err error
}

func (r *strReader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
	r.s = ""
}

func (r *strReader) uvarint() uint64 {
	var v uint64
	for i := 0; i < len(r.s); i++ {
		c := r.s[i]
		if i == binary.MaxVarintLen64-1 && c > 1 {
			r.fail(errors.New("a number longer than 64 bits"))
			return 0
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			r.s = r.s[i+1:]
			return v
		}
	}
	r.fail(errShort)
	return 0
}

// count reads a count of items each taking at least one byte.
func (r *strReader) count() int {
	n := r.uvarint()
	if n > uint64(len(r.s)) {
		r.fail(fmt.Errorf("a count of %d with %d bytes left", n, len(r.s)))
		return 0
	}
	return int(n)
}

func (r *strReader) num() int {
	u := r.uvarint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	if int64(int(v)) != v {
		r.fail(fmt.Errorf("the number %d is out of range", v))
		return 0
	}
	return int(v)
}

func (r *strReader) str() string {
	n := r.count()
	s := r.s[:n]
	r.s = r.s[n:]
	return s
}

// strs reads a list of strings.
func (r *strReader) strs() []string {
	list := make([]string, r.count())
	for i := range list {
		list[i] = r.str()
	}
	return list
}

func (r *strReader) flag() bool {
	if r.s == "" {
		r.fail(errShort)
		return false
	}
	c := r.s[0]
	r.s = r.s[1:]
	if c > 1 {
		r.fail(fmt.Errorf("a flag of %d", c))
	}
	return c == 1
}

func (r *strReader) snippets() []Snippet {
	n := r.count()
	if n == 0 {
		return nil
	}
	list := make([]Snippet, n)
	for i := range list {
		list[i] = Snippet{ID: r.str(), Text: r.str()}
	}
	return list
}

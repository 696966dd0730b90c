package library

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/warmdesk/warmdesk/suggestions/internal/binio"
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
const LibraryBinaryMagic = "WDB4"

// EncodeLibrary writes lib's binary form.
func EncodeLibrary(lib *Library) []byte {
	w := binio.Writer{B: []byte(LibraryBinaryMagic)}
	w.Str(lib.Format)
	w.Num(lib.Schema)
	w.Str(lib.Name)
	w.Str(lib.Language)
	w.Count(len(lib.Intents))
	for _, in := range lib.Intents {
		w.Str(in.ID)
		w.Str(in.Title)
		w.Str(in.Category)
		w.Strs(in.Phrasings)
		w.Count(len(in.Replies))
		for _, r := range in.Replies {
			w.Str(r.ID)
			w.Str(r.Title)
			w.Str(r.Shortcut)
			w.Str(r.Body)
			w.Count(len(r.Promises))
			for _, pr := range r.Promises {
				w.Str(pr.Sentence)
				w.Str(pr.Check)
			}
		}
		w.Str(in.Situation)
	}
	w.Count(len(lib.Feelings))
	for _, f := range lib.Feelings {
		w.Str(f.ID)
		w.Str(f.Label)
		w.Flag(f.Negative)
		writeCues(&w, f.Cues)
		w.Strs(f.Unless)
		writeAcks(&w, f.Acknowledgements)
		w.Count(len(f.Situations))
		for _, s := range f.Situations {
			w.Str(s.ID)
			w.Str(s.Label)
			writeCues(&w, s.Cues)
			writeAcks(&w, s.Acknowledgements)
			w.Strs(s.NotAbout)
		}
		w.Strs(f.Sarcasm)
	}
	for _, list := range [][]Snippet{lib.Openers, lib.Closers} {
		w.Count(len(list))
		for _, s := range list {
			w.Str(s.ID)
			w.Str(s.Text)
		}
	}
	w.Count(len(lib.Rules))
	for _, r := range lib.Rules {
		w.Str(r.ID)
		w.Str(r.Kind)
		w.Str(r.Severity)
		w.Str(r.Message)
		w.Strs(r.Phrases)
		w.Strs(r.Suggestions)
		w.Strs(r.Before)
		w.Strs(r.Unless)
		w.Strs(r.Examples.Flag)
		w.Strs(r.Examples.Pass)
	}
	return w.B
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
	r := binio.StrReader{S: all}
	lib := &Library{}
	lib.Format = r.Str()
	lib.Schema = r.Num()
	lib.Name = r.Str()
	lib.Language = r.Str()
	lib.Intents = make([]Intent, r.Count())
	for i := range lib.Intents {
		in := &lib.Intents[i]
		in.ID, in.Title, in.Category = r.Str(), r.Str(), r.Str()
		in.Phrasings = r.Strs()
		if n := r.Count(); n > 0 {
			in.Replies = make([]Reply, n)
			for j := range in.Replies {
				in.Replies[j] = Reply{ID: r.Str(), Title: r.Str(), Shortcut: r.Str(), Body: r.Str()}
				if n := r.Count(); n > 0 {
					ps := make([]Promise, n)
					for k := range ps {
						ps[k] = Promise{Sentence: r.Str(), Check: r.Str()}
					}
					in.Replies[j].Promises = ps
				}
			}
		}
		in.Situation = r.Str()
	}
	if n := r.Count(); n > 0 {
		lib.Feelings = make([]Feeling, n)
		for i := range lib.Feelings {
			f := &lib.Feelings[i]
			f.ID, f.Label, f.Negative = r.Str(), r.Str(), r.Flag()
			f.Cues = readCues(&r)
			f.Unless = r.Strs()
			f.Acknowledgements = readAcks(&r)
			if n := r.Count(); n > 0 {
				f.Situations = make([]Situation, n)
				for j := range f.Situations {
					s := &f.Situations[j]
					s.ID, s.Label = r.Str(), r.Str()
					s.Cues = readCues(&r)
					s.Acknowledgements = readAcks(&r)
					s.NotAbout = r.Strs()
				}
			}
			f.Sarcasm = r.Strs()
		}
	}
	lib.Openers, lib.Closers = snippets(&r), snippets(&r)
	if n := r.Count(); n > 0 {
		lib.Rules = make([]Rule, n)
		for i := range lib.Rules {
			ru := &lib.Rules[i]
			ru.ID, ru.Kind, ru.Severity, ru.Message = r.Str(), r.Str(), r.Str(), r.Str()
			ru.Phrases, ru.Suggestions, ru.Before, ru.Unless = r.Strs(), r.Strs(), r.Strs(), r.Strs()
			ru.Examples.Flag, ru.Examples.Pass = r.Strs(), r.Strs()
		}
	}
	if r.Err == nil && r.S != "" {
		r.Err = fmt.Errorf("%d bytes after the library", len(r.S))
	}
	if r.Err != nil {
		return nil, fmt.Errorf("library: the binary form at byte %d: %w", len(data)-len(r.S), r.Err)
	}
	return lib, nil
}

func snippets(r *binio.StrReader) []Snippet {
	n := r.Count()
	if n == 0 {
		return nil
	}
	list := make([]Snippet, n)
	for i := range list {
		list[i] = Snippet{ID: r.Str(), Text: r.Str()}
	}
	return list
}

// writeCues writes a list of cues (readCues reads it).
func writeCues(w *binio.Writer, list []Cue) {
	w.Count(len(list))
	for _, c := range list {
		w.Str(c.Text)
		w.Num(c.Intensity)
	}
}

// writeAcks writes a list of acknowledgements.
func writeAcks(w *binio.Writer, list []Acknowledgement) {
	w.Count(len(list))
	for _, a := range list {
		w.Num(a.Intensity)
		w.Str(a.Text)
	}
}

// readCues reads a list of cues (a feeling has at least one, so an empty
// list is an empty slice).
func readCues(r *binio.StrReader) []Cue {
	out := make([]Cue, r.Count())
	for j := range out {
		out[j] = Cue{Text: r.Str(), Intensity: r.Num()}
	}
	return out
}

// readAcks reads a list of acknowledgements, nil when empty as the JSON
// decoder leaves it.
func readAcks(r *binio.StrReader) []Acknowledgement {
	n := r.Count()
	if n == 0 {
		return nil
	}
	out := make([]Acknowledgement, n)
	for j := range out {
		out[j] = Acknowledgement{Intensity: r.Num(), Text: r.Str()}
	}
	return out
}

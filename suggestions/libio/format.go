package libio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// The formats Read and Write know.
const (
	FormatJSON    = "json"    // a Warmdesk library document
	FormatCSV     = "csv"     // a replies CSV (or, for Read, labelled messages)
	FormatZendesk = "zendesk" // Zendesk macros
)

// Formats lists the format names, for usage messages.
var Formats = []string{FormatJSON, FormatCSV, FormatZendesk}

// DetectFormat tells a file's format from its name and, for JSON, its
// content: a Zendesk macro listing has "macros" (or "macro"), or is a
// list; a library document is any other object. A name ending in .csv
// or .tsv is CSV. Anything else is judged by its first character.
func DetectFormat(file string, data []byte) (string, error) {
	ext := strings.ToLower(filepath.Ext(file))
	if ext == ".csv" {
		return FormatCSV, nil
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if ext != ".json" && (len(trimmed) == 0 || trimmed[0] != '{' && trimmed[0] != '[') {
		if ext == "" || ext == ".txt" {
			return FormatCSV, nil
		}
		return "", fmt.Errorf("%s: cannot tell the format from the name; give it (%s)", file, strings.Join(Formats, ", "))
	}
	if len(trimmed) > 0 && trimmed[0] == '[' {
		return FormatZendesk, nil
	}
	// Look at the top-level keys only.
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if t, err := dec.Token(); err == nil && t == json.Delim('{') {
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				break
			}
			if k == "macros" || k == "macro" {
				return FormatZendesk, nil
			}
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				break
			}
		}
	}
	return FormatJSON, nil
}

// ReadLibraryJSON reads a library document as an Import, keeping the
// whole library in Library (for a caller that wants it as it is) and its
// intents for Merge. Problems are the library's own, named by its
// entries.
func ReadLibraryJSON(file string, data []byte) (*Import, *library.Library, error) {
	lib, err := library.ParseLibrary(file, data)
	if err != nil {
		return nil, nil, err
	}
	imp := newImport(file)
	for i, in := range lib.Intents {
		o := origin{entry: "intent " + in.ID, pos: i}
		imp.intentFrom[in.ID] = o
		for _, r := range in.Replies {
			imp.replyFrom[r.ID] = o
		}
		for _, p := range in.Phrasings {
			imp.phrasingFrom[in.ID+"\x00"+lang.Normalize(p)] = o
		}
	}
	imp.Intents = lib.Intents
	return imp, lib, nil
}

// Write writes lib in a format and returns notes about what the format
// cannot hold.
func Write(w io.Writer, lib *library.Library, format string) ([]library.Problem, error) {
	switch format {
	case FormatJSON:
		data, err := lib.MarshalIndent()
		if err != nil {
			return nil, err
		}
		_, err = w.Write(data)
		return nil, err
	case FormatCSV:
		var notes []library.Problem
		if len(lib.Feelings)+len(lib.Openers)+len(lib.Closers)+len(lib.Rules) > 0 {
			notes = append(notes, library.Problem{File: "csv", Entry: "document", Field: "-",
				Message: "the CSV holds intents and replies only; feelings, openers, closers and tone rules are left out (export JSON to keep them)"})
		}
		return notes, WriteRepliesCSV(w, lib)
	case FormatZendesk:
		return WriteZendesk(w, lib)
	}
	return nil, fmt.Errorf("unknown format %q (known: %s)", format, strings.Join(Formats, ", "))
}

package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/libio"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

func printProblems(w io.Writer, err error) {
	var ve *library.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Fprintln(w, p.String())
		}
		return
	}
	fmt.Fprintln(w, err)
}

func cmdLibraryCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("library check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: warmdesk library check FILE")
		return 2
	}
	path := fs.Arg(0)
	data, err := readFileLimited(path)
	if err != nil {
		fmt.Fprintf(stderr, "%s: document: -: %v\n", path, err)
		return 1
	}
	lib, err := library.ParseLibrary(path, data)
	if err != nil {
		printProblems(stdout, err)
		return 1
	}
	e, err := suggestions.Compile(lib)
	if err != nil {
		fmt.Fprintf(stdout, "%s: document: -: %v\n", path, err)
		return 1
	}
	if probs := e.CheckExamples(path); len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintln(stdout, p.String())
		}
		return 1
	}
	phr, rep := 0, 0
	for _, in := range lib.Intents {
		phr += len(in.Phrasings)
		rep += len(in.Replies)
	}
	fmt.Fprintf(stdout, "%s: ok: %d intents, %d phrasings, %d replies, %d feelings, %d tone rules\n",
		path, len(lib.Intents), phr, rep, len(lib.Feelings), len(lib.Rules))
	return 0
}

func cmdLibraryImport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("library import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "", "input `format`: json, csv or zendesk (default: from the file's name and content)")
	from := fs.String("from", "", "the same as -format")
	textCol := fs.String("text", "text", "labelled CSV: the `column` holding the message text")
	intentCol := fs.String("intent", "intent", "labelled CSV: the `column` holding the intent label")
	into := fs.String("into", "", "merge into this library `FILE`, keeping its intents (default: a new library with the embedded library's feelings, openers, closers and tone rules)")
	bare := fs.Bool("bare", false, "intents only: leave out the default feelings, openers, closers and tone rules")
	inactive := fs.Bool("include-inactive", false, "zendesk: import inactive macros too")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	const usage = "usage: warmdesk library import [-format json|csv|zendesk] [-into LIBRARY | -bare] [-text COLUMN -intent COLUMN] FILE"
	if len(pos) != 1 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	if *format != "" && *from != "" && *format != *from {
		fmt.Fprintf(stderr, "warmdesk library import: -format %s and -from %s disagree\n%s\n", *format, *from, usage)
		return 2
	}
	if *into != "" && *bare {
		fmt.Fprintf(stderr, "warmdesk library import: -into and -bare cannot be used together\n%s\n", usage)
		return 2
	}
	if *format == "" {
		*format = *from
	}
	if *format != "" && !slices.Contains(libio.Formats, *format) {
		fmt.Fprintf(stderr, "warmdesk library import: unknown format %q (known: %s)\n", *format, strings.Join(libio.Formats, ", "))
		return 2
	}
	path := pos[0]
	data, err := readFileLimited(path)
	if err != nil {
		fmt.Fprintf(stderr, "%s: document: -: %v\n", path, err)
		return 1
	}
	if *format == "" {
		if *format, err = libio.DetectFormat(path, data); err != nil {
			fmt.Fprintf(stderr, "warmdesk library import: %v\n", err)
			return 2
		}
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	var imp *libio.Import
	var whole *library.Library // a library document imported as it is
	switch {
	case *format == libio.FormatJSON:
		imp, whole, err = libio.ReadLibraryJSON(path, data)
	case *format == libio.FormatZendesk:
		imp, err = libio.ReadZendesk(path, data, libio.ZendeskOptions{IncludeInactive: *inactive})
	case libio.IsRepliesCSV(data) && !set["text"] && !set["intent"]:
		imp, err = libio.ReadRepliesCSV(path, data)
	default:
		rows, probs := libio.ReadLabelledCSV(path, bytes.NewReader(data), *textCol, *intentCol)
		if len(probs) > 0 {
			err = &library.ValidationError{Problems: probs}
		} else if len(rows) == 0 {
			err = fmt.Errorf("%s: document: -: no rows to import", path)
		}
		imp = libio.ImportLabelled(path, rows)
	}
	if err != nil {
		printProblems(stderr, err)
		return 1
	}

	var lib *library.Library
	switch {
	case whole != nil && *into == "":
		lib = whole // a library document is complete as it is
	default:
		base, baseName, code := importBase(*into, *bare, stderr)
		if code != 0 {
			return code
		}
		if lib, err = libio.Merge(base, baseName, imp); err != nil {
			printProblems(stderr, err)
			return 1
		}
	}
	for _, n := range imp.Notes {
		fmt.Fprintln(stderr, "note: "+n.String())
	}
	out, err := lib.MarshalIndent()
	if err == nil {
		_, err = stdout.Write(out)
	}
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk library import: %v\n", err)
		return 1
	}
	return 0
}

// importBase is the library an import is merged into: the one named by
// -into, nothing with -bare, or else the embedded library's feelings,
// openers, closers and tone rules without its intents.
func importBase(into string, bare bool, stderr io.Writer) (*library.Library, string, int) {
	switch {
	case into != "":
		lib, err := readLibrary(into)
		if err != nil {
			printLibraryError(stderr, into, err)
			return nil, "", 1
		}
		return lib, into, 0
	case bare:
		return nil, "", 0
	}
	e, err := suggestions.Default()
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk library import: %v\n", err)
		return nil, "", 1
	}
	return libio.Base(e.Library()), "default.json", 0
}

// readFileLimited reads a file of at most MaxLibraryBytes.
func readFileLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, library.MaxLibraryBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > library.MaxLibraryBytes {
		return nil, fmt.Errorf("is larger than %d bytes", library.MaxLibraryBytes)
	}
	return data, nil
}

func cmdLibraryExport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("library export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "", "output `format`: json, csv or zendesk (default: from -o's extension, else json)")
	to := fs.String("to", "", "the same as -format")
	output := fs.String("o", "", "write to this `FILE` instead of standard output (written whole, or not at all)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	const usage = "usage: warmdesk library export [-format json|csv|zendesk] [-o FILE] [LIBRARY]  (default: the embedded library)"
	if len(pos) > 1 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	if *format != "" && *to != "" && *format != *to {
		fmt.Fprintf(stderr, "warmdesk library export: -format %s and -to %s disagree\n%s\n", *format, *to, usage)
		return 2
	}
	if *format == "" {
		*format = *to
	}
	if *format == "" {
		*format = libio.FormatJSON
		if strings.EqualFold(filepath.Ext(*output), ".csv") {
			*format = libio.FormatCSV
		}
	}
	if !slices.Contains(libio.Formats, *format) {
		fmt.Fprintf(stderr, "warmdesk library export: unknown format %q (known: %s)\n", *format, strings.Join(libio.Formats, ", "))
		return 2
	}
	var lib *library.Library
	if len(pos) == 1 {
		l, err := readLibrary(pos[0])
		if err != nil {
			printLibraryError(stderr, pos[0], err)
			return 1
		}
		lib = l
	} else {
		e, err := suggestions.Default()
		if err != nil {
			fmt.Fprintf(stderr, "warmdesk library export: %v\n", err)
			return 1
		}
		lib = e.Library()
	}
	var buf bytes.Buffer
	notes, err := libio.Write(&buf, lib, *format)
	if err == nil {
		if *output != "" {
			err = writeFileAtomic(*output, buf.Bytes())
		} else {
			_, err = stdout.Write(buf.Bytes())
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk library export: %v\n", err)
		return 1
	}
	for _, n := range notes {
		fmt.Fprintln(stderr, "note: "+n.String())
	}
	return 0
}

// writeFileAtomic writes data to a temporary file beside path and renames
// it into place, so path is either the old file or the whole new one.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".warmdesk-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

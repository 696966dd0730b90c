package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/libio"
)

func printProblems(w io.Writer, err error) {
	var ve *suggestions.ValidationError
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
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(stderr, "%s: document: -: %v\n", path, err)
		return 1
	}
	lib, err := suggestions.ParseLibrary(path, data)
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
	from := fs.String("from", "csv", "input `format`: csv (labelled messages)")
	textCol := fs.String("text", "text", "CSV `column` holding the message text")
	intentCol := fs.String("intent", "intent", "CSV `column` holding the intent label")
	bare := fs.Bool("bare", false, "intents only: leave out the default feelings, openers, closers and tone rules")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: warmdesk library import -from csv -text COLUMN -intent COLUMN FILE")
		return 2
	}
	if *from != "csv" {
		fmt.Fprintf(stderr, "warmdesk library import: unknown format %q (known: csv)\n", *from)
		return 2
	}
	path := fs.Arg(0)
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk library import: %v\n", err)
		return 1
	}
	defer f.Close()
	rows, probs := libio.ReadLabelledCSV(path, f, *textCol, *intentCol)
	if len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintln(stderr, p.String())
		}
		return 1
	}
	if len(rows) == 0 {
		fmt.Fprintf(stderr, "%s: document: -: no rows to import\n", path)
		return 1
	}
	var base *suggestions.Library
	if !*bare {
		e, err := suggestions.Default()
		if err != nil {
			fmt.Fprintf(stderr, "warmdesk library import: %v\n", err)
			return 1
		}
		base = e.Library()
	}
	lib := libio.FromLabelled(rows, base)
	data, err := lib.MarshalIndent()
	if err == nil {
		// What we write must load: validate it as any library is validated.
		_, err = suggestions.ParseLibrary(path, data)
	}
	if err != nil {
		printProblems(stderr, err)
		return 1
	}
	if _, err := stdout.Write(data); err != nil {
		fmt.Fprintf(stderr, "warmdesk library import: %v\n", err)
		return 1
	}
	return 0
}

func cmdLibraryExport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("library export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	to := fs.String("to", "json", "output `format`: json or csv")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 1 {
		fmt.Fprintln(stderr, "usage: warmdesk library export [-to json|csv] [FILE]  (default: the embedded library)")
		return 2
	}
	var lib *suggestions.Library
	if fs.NArg() == 1 {
		l, err := readLibrary(fs.Arg(0))
		if err != nil {
			printProblems(stderr, err)
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
	var err error
	switch *to {
	case "json":
		var data []byte
		if data, err = lib.MarshalIndent(); err == nil {
			_, err = stdout.Write(data)
		}
	case "csv":
		err = libio.WriteRepliesCSV(stdout, lib)
	default:
		fmt.Fprintf(stderr, "warmdesk library export: unknown format %q (known: json, csv)\n", *to)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk library export: %v\n", err)
		return 1
	}
	return 0
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/warmdesk/warmdesk/internal/server"
	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

const exportUsage = `usage: warmdesk export -static DIR [-db DSN | -library FILE] [-allow-origin ORIGIN]... [-helpdesk VENDOR=ORIGIN]... [-force]

Writes the widget, the embed script, a demo helpdesk and a library into DIR
as a static site that any web server or CDN can host at the root of an
origin: the browser does all the matching, so agents never reach the
studio. The library is the published revision of the studio's database
(-db), a library file (-library), or the embedded English library.
DIR must be empty or missing; -force writes over the files of an earlier
export (older versioned files stay, for browsers that still use them).

`

// cmdExport writes a static export of the widget (server.WriteStatic).
func cmdExport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("warmdesk export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("static", "", "write the static site into this `directory`")
	dsn := fs.String("db", "", "export the library published in this studio database: a SQLite `file` or a postgres:// URL")
	libFile := fs.String("library", "", "export this library `file` instead")
	wasm := fs.String("wasm", "web/app.wasm", "the built widget (make wasm), with its .br and .gz forms")
	force := fs.Bool("force", false, "write into a directory that is not empty")
	var origins originList
	fs.Var(&origins, "allow-origin", "a helpdesk `origin` (https://desk.example.com) that may embed the widget; repeat or separate with commas (default: the site's own origin)")
	var helpdesks originList
	fs.Var(&helpdesks, "helpdesk", "a helpdesk account whose app frames the widget, `vendor=origin` (zendesk=https://acme.zendesk.com); repeatable; sets the frame-ancestors in the export's _headers (see docs/helpdesks.md)")
	fs.Usage = func() {
		fmt.Fprint(stderr, exportUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "warmdesk export: %v\n", err)
		return 1
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "warmdesk export: unexpected argument %q\n", fs.Arg(0))
		return 2
	case *dir == "":
		fmt.Fprint(stderr, "warmdesk export: give -static DIR\n")
		return 2
	case *dsn != "" && *libFile != "":
		fmt.Fprint(stderr, "warmdesk export: give -db or -library, not both\n")
		return 2
	}
	if _, err := server.CheckOrigins(origins); err != nil {
		return fail(err)
	}
	hs, err := server.ParseHelpdesks(helpdesks)
	if err != nil {
		return fail(err)
	}
	if err := checkExportDir(*dir, *force); err != nil {
		return fail(err)
	}

	lib, source := suggestions.DefaultLibraryJSON(), "the embedded library"
	switch {
	case *libFile != "":
		b, err := readFileLimited(*libFile)
		if err != nil {
			return fail(err)
		}
		lib, source = b, *libFile
	case *dsn != "":
		b, err := publishedLibrary(context.Background(), *dsn)
		if err != nil {
			return fail(err)
		}
		lib, source = b, "the library published in "+*dsn
	}
	// Every problem, not just the first, as `library check` prints them.
	if _, err := library.ParseLibrary(source, lib); err != nil {
		printProblems(stderr, err)
		return 1
	}

	files, warnings, err := server.ReadWasmFiles(*wasm)
	if err != nil {
		return fail(err)
	}
	for _, w := range warnings {
		fmt.Fprintf(stderr, "warmdesk export: %s\n", w)
	}
	written, err := server.WriteStatic(*dir, server.Config{
		Library: lib, LibraryFile: source, AllowOrigins: origins, Helpdesks: hs,
		Wasm: files.Raw, WasmBrotli: files.Brotli, WasmGzip: files.Gzip,
	})
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "Wrote %d files to %s with %s.\n", len(written), *dir, source)
	fmt.Fprint(stdout, "Host it at the root of an origin; helpdesks embed ORIGIN/embed.js, the widget is ORIGIN/widget,\n"+
		"the helpdesk apps are ORIGIN/apps/zendesk/, ORIGIN/apps/front/ and ORIGIN/apps/chatwoot/.\n"+
		"The host must send the headers in "+server.HeadersFile+" (Netlify and Cloudflare Pages read that file;\n"+
		"elsewhere set them yourself): they decide which sites may frame the widget.\n")
	return 0
}

// checkExportDir refuses a path that is a file, and a directory that is
// not empty unless force: an export never mixes silently with other files.
func checkExportDir(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 && !force {
		return fmt.Errorf("%s is not empty: give an empty or new directory, or -force to write over an earlier export", dir)
	}
	return nil
}

// publishedLibrary reads the published revision's document, which is what
// the server sends as /library.json. It does not create a missing SQLite
// database.
func publishedLibrary(ctx context.Context, dsn string) ([]byte, error) {
	if file, ok := store.SQLiteFile(dsn); ok {
		if _, err := os.Stat(file); err != nil {
			return nil, fmt.Errorf("studio database %s: %w", dsn, err)
		}
	}
	st, err := openStore(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	rev, err := st.Published(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("%s has no published library yet: publish one in the studio", dsn)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the published library from %s: %w", dsn, err)
	}
	return rev.Document, nil
}

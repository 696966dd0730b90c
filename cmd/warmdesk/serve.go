package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/warmdesk/warmdesk/internal/server"
	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/internal/studio"
	"github.com/warmdesk/warmdesk/suggestions"
)

// originList is a repeatable, comma-separated -allow-origin flag.
type originList []string

func (o *originList) String() string     { return strings.Join(*o, ",") }
func (o *originList) Set(s string) error { *o = append(*o, s); return nil }

func cmdServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("warmdesk serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "localhost:8080", "listen on this address")
	libFile := fs.String("library", "", "phrase library `file` a new database starts with (default: the embedded English library)")
	wasm := fs.String("wasm", "web/app.wasm", "the built widget (make wasm)")
	studioWasm := fs.String("studio-wasm", "web/studio.wasm", "the built studio (make wasm)")
	dsn := fs.String("db", DefaultDB, "the studio's database: a SQLite `file` (created on first start) or a postgres:// URL")
	readToken := fs.String("read-token", os.Getenv("WARMDESK_READ_TOKEN"), "require this `token` to read the published library (embed.js passes it: data-read-token); default $WARMDESK_READ_TOKEN")
	reseed := fs.Bool("reseed", false, "start a new, empty SQLite database even though one existed at -db before and is gone (restore it from a backup instead if you can)")
	behindProxy := fs.Bool("behind-proxy", false, "trust X-Forwarded-For and X-Forwarded-Proto from a reverse proxy that terminates TLS")
	poll := fs.Int("poll", 30, "widgets look for a newer published library every this many `seconds` (0: never)")
	limits := server.DefaultLimits()
	fs.DurationVar(&limits.Read, "read-timeout", limits.Read, "a request, body included, must arrive within this `duration`")
	fs.DurationVar(&limits.Write, "write-timeout", limits.Write, "an answer must be read within this `duration`")
	fs.DurationVar(&limits.Idle, "idle-timeout", limits.Idle, "a kept-alive connection closes after this `duration` without a request")
	perAddr := fs.Int("max-conns-per-addr", -1, "at most this many `connections` at once from one client address (0: no limit; default 256, or none with -behind-proxy, where every connection comes from the proxy)")
	var origins originList
	fs.Var(&origins, "allow-origin", "a helpdesk `origin` (https://desk.example.com) that may embed the widget; repeat or separate with commas (default: this server's own origin)")
	var helpdesks originList
	fs.Var(&helpdesks, "helpdesk", "a helpdesk account whose app frames the widget, `vendor=origin` (zendesk=https://acme.zendesk.com; vendors: zendesk, front, chatwoot); repeatable (see docs/helpdesks.md)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: warmdesk serve [-addr host:port] [-db file|postgres://...] [-library file] [-allow-origin origin]... [-helpdesk vendor=origin]...\n\nServes the widget at /widget, the embed script at /embed.js, the published library at\n/library.json, the knowledge managers' studio at /studio, a demo helpdesk at /demo, and the\nZendesk, Front and Chatwoot apps at /apps/zendesk/, /apps/front/ and /apps/chatwoot/ (docs/helpdesks.md).\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "warmdesk serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	hs, err := server.ParseHelpdesks(helpdesks)
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk serve: %v\n", err)
		return 2
	}
	cfg := server.Config{Library: suggestions.DefaultLibraryJSON(), LibraryFile: "default library", AllowOrigins: origins,
		Helpdesks: hs, Log: log.New(stderr, "", log.LstdFlags)}
	if *libFile != "" {
		b, err := readFileLimited(*libFile)
		if err != nil {
			fmt.Fprintf(stderr, "warmdesk serve: %v\n", err)
			return 1
		}
		cfg.Library, cfg.LibraryFile = b, *libFile
	}
	var files [2]server.WasmFiles
	for i, name := range []string{*wasm, *studioWasm} {
		f, warnings, err := server.ReadWasmFiles(name)
		if err != nil {
			fmt.Fprintf(stderr, "warmdesk serve: %v\n", err)
			return 1
		}
		for _, w := range warnings {
			cfg.Log.Print(w)
		}
		files[i] = f
	}
	cfg.Wasm, cfg.WasmBrotli, cfg.WasmGzip = files[0].Raw, files[0].Brotli, files[0].Gzip
	cfg.StudioWasm = files[1]
	limits.PerAddress = *perAddr
	if *perAddr < 0 {
		limits.PerAddress = server.DefaultLimits().PerAddress
		if *behindProxy {
			limits.PerAddress = 0
		}
	}
	if limits.Read <= 0 || limits.Write <= 0 || limits.Idle <= 0 {
		fmt.Fprintln(stderr, "warmdesk serve: -read-timeout, -write-timeout and -idle-timeout must be more than 0")
		return 2
	}
	if *poll < 0 {
		fmt.Fprintln(stderr, "warmdesk serve: -poll must be 0 or more seconds")
		return 2
	}
	cfg.LibraryPoll = *poll
	if *poll == 0 {
		cfg.LibraryPoll = -1
	}
	ctx0 := context.Background()
	st, err := store.OpenWith(ctx0, *dsn, store.Options{Recreate: *reseed})
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk serve: %v\n", err)
		return 1
	}
	defer st.Close()
	seeded, err := studio.Seed(ctx0, st, cfg.Library, "warmdesk", "The first library ("+cfg.LibraryFile+")")
	if err != nil {
		printProblems(stderr, err)
		return 1
	}
	if seeded {
		fmt.Fprintf(stdout, "Created the studio's database %s with %s as revision 1, published.\n", *dsn, cfg.LibraryFile)
	} else if *libFile != "" {
		fmt.Fprintf(stderr, "warmdesk serve: %s already holds a library; -library is used only for a new database (import it in the studio instead)\n", *dsn)
	}
	if us, err := st.Users(ctx0); err == nil && len(us) == 0 {
		fmt.Fprintf(stdout, "No studio accounts yet: add one with `warmdesk user add NAME -role admin -db %s`.\n", *dsn)
	}
	api, err := studio.New(studio.Config{Store: st, Log: cfg.Log, BehindProxy: *behindProxy, ReadToken: *readToken})
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk serve: %v\n", err)
		return 1
	}
	defer api.Close()
	api.WarmPublished()
	cfg.Studio = api
	h, err := server.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk serve: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk serve: %v\n", err)
		return 1
	}
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "Warmdesk is serving the demo helpdesk at %s/demo\n  widget %s/widget, embed script %s/embed.js, library %s/library.json\n  studio %s/studio\n", base, base, base, base, base)
	for _, h := range hs {
		fmt.Fprintf(stdout, "  %s app %s/apps/%s/ for %s\n", h.Vendor, base, h.Vendor, h.Origin)
	}

	srv := server.NewHTTPServer(h, limits, cfg.Log)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(server.LimitListener(ln, limits.PerAddress)) }()
	select {
	case err := <-done:
		fmt.Fprintf(stderr, "warmdesk serve: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		fmt.Fprintf(stderr, "warmdesk serve: %v\n", err)
		return 1
	}
	return 0
}

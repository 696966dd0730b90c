package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/warmdesk/warmdesk/cmd/internal/server"
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
	libFile := fs.String("library", "", "phrase library `file` (default: the embedded English library)")
	wasm := fs.String("wasm", "web/app.wasm", "the built widget (make wasm)")
	var origins originList
	fs.Var(&origins, "allow-origin", "a helpdesk `origin` (https://desk.example.com) that may embed the widget; repeat or separate with commas (default: this server's own origin)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: warmdesk serve [-addr host:port] [-library file] [-allow-origin origin]...\n\nServes the widget at /widget, the embed script at /embed.js, the library at /library.json\nand a demo helpdesk at /demo.\n\n")
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
	cfg := server.Config{Library: suggestions.DefaultLibraryJSON(), LibraryFile: "default library", AllowOrigins: origins,
		Log: log.New(stderr, "", log.LstdFlags)}
	if *libFile != "" {
		b, err := os.ReadFile(*libFile)
		if err != nil {
			fmt.Fprintf(stderr, "warmdesk serve: %v\n", err)
			return 1
		}
		cfg.Library, cfg.LibraryFile = b, *libFile
	}
	files, warnings, err := server.ReadWasmFiles(*wasm)
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk serve: %v\n", err)
		return 1
	}
	for _, w := range warnings {
		cfg.Log.Print(w)
	}
	cfg.Wasm, cfg.WasmBrotli, cfg.WasmGzip = files.Raw, files.Brotli, files.Gzip
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
	fmt.Fprintf(stdout, "Warmdesk is serving the demo helpdesk at %s/demo\n  widget %s/widget, embed script %s/embed.js, library %s/library.json\n", base, base, base, base)

	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: cfg.Log}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
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

// Command wasmsize shows what takes space in a WebAssembly file built by
// Go without -s (so that it keeps its "name" section): the code size of
// each function, summed by package, and the size of the data section.
// `go tool nm` does not read wasm files; this is the small part of
// twiggy we need to decide what to cut (package wasmfile).
//
//	GOOS=js GOARCH=wasm go build -trimpath -o /tmp/app.wasm ./cmd/wasm
//	go run ./tools/wasmsize [-top 40] [-funcs 30] /tmp/app.wasm
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/warmdesk/warmdesk/tools/wasmfile"
)

func main() {
	top := flag.Int("top", 40, "list this many packages")
	funcs := flag.Int("funcs", 30, "list this many functions")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: wasmsize [-top N] [-funcs N] file.wasm")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	b, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmsize:", err)
		os.Exit(1)
	}
	m, err := wasmfile.Parse(b)
	if err != nil {
		fmt.Fprintf(os.Stderr, "wasmsize: %s: %v\n", flag.Arg(0), err)
		os.Exit(1)
	}
	m.Report(os.Stdout, *top, *funcs)
}

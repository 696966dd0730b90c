// Command precompress writes the brotli (FILE.br) and gzip (FILE.gz) forms
// of each file it is given, each at its best compression, for the server
// to send as they are (scripts/build-wasm.sh runs it on web/app.wasm and
// web/studio.wasm). Brotli's best quality is slow (seconds for a wasm), so
// a form that already decodes to the file is kept as it is.
//
//	go run ./tools/precompress web/app.wasm web/studio.wasm
package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"

	"github.com/andybalholm/brotli"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: precompress FILE...  (writes FILE.br and FILE.gz for each)")
		os.Exit(2)
	}
	for _, name := range os.Args[1:] {
		if err := run(name, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "precompress:", err)
			os.Exit(1)
		}
	}
}

type codec struct {
	ext    string
	encode func(io.Writer) io.WriteCloser
	decode func(io.Reader) (io.Reader, error)
}

var codecs = []codec{
	{".br",
		func(w io.Writer) io.WriteCloser {
			return brotli.NewWriterOptions(w, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 24})
		},
		func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }},
	{".gz",
		func(w io.Writer) io.WriteCloser {
			zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
			return zw
		},
		func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
}

func run(name string, out io.Writer) error {
	raw, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	for _, c := range codecs {
		dst := name + c.ext
		if old, err := os.ReadFile(dst); err == nil && decodesTo(old, raw, c.decode) {
			fmt.Fprintf(out, "%s: %d bytes (up to date)\n", dst, len(old))
			continue
		}
		var buf bytes.Buffer
		w := c.encode(&buf)
		if _, err := w.Write(raw); err != nil {
			return fmt.Errorf("%s: %w", dst, err)
		}
		if err := w.Close(); err != nil {
			return fmt.Errorf("%s: %w", dst, err)
		}
		// Write beside, then rename: a server never reads half a file.
		tmp := dst + ".tmp"
		if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, dst); err != nil {
			return err
		}
		fmt.Fprintf(out, "%s: %d bytes\n", dst, buf.Len())
	}
	return nil
}

func decodesTo(compressed, want []byte, decode func(io.Reader) (io.Reader, error)) bool {
	r, err := decode(bytes.NewReader(compressed))
	if err != nil {
		return false
	}
	got, err := io.ReadAll(io.LimitReader(r, int64(len(want))+1))
	return err == nil && bytes.Equal(got, want)
}

package server

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"strconv"

	"github.com/warmdesk/warmdesk/internal/codings"
)

// The WebAssembly (the widget's web/app.wasm, the studio's
// web/studio.wasm) is most of what a browser downloads, so it is sent
// compressed: brotli when the browser accepts it (about a quarter
// smaller than gzip), else gzip, else as it is. Both forms are made once at
// build time (scripts/build-wasm.sh, tools/precompress: brotli at
// its best quality takes seconds) and read from disk next to the wasm; a
// gzip form is made at start when none was built.
//
// go-app names static files with the handler's version in their path
// (/<version>/web/app.wasm), and the version changes with their content, so
// those URLs are cached for a year and never revalidated; unversioned
// paths are revalidated on every use.

// WasmFiles are a WebAssembly file (the widget's or the studio's) and its
// precompressed forms.
type WasmFiles codings.Forms

// ReadWasmFiles reads a built wasm at path and its precompressed forms
// path.br and path.gz. A compressed form that is missing, or that does not
// decompress to the wasm (built before it), is left out and reported in
// warnings; the wasm itself must be there.
func ReadWasmFiles(path string) (f WasmFiles, warnings []string, err error) {
	if f.Raw, err = ReadWasm(path); err != nil {
		return f, nil, err
	}
	read := func(ext, coding string) []byte {
		name := path + ext
		b, err := os.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			warnings = append(warnings, fmt.Sprintf("%s is missing: the wasm is sent without it (run scripts/build-wasm.sh)", name))
			return nil
		}
		if err == nil {
			err = sameContent(b, f.Raw, coding)
		}
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("%s is not used: %v (run scripts/build-wasm.sh)", name, err))
			return nil
		}
		return b
	}
	f.Brotli = read(".br", "br")
	f.Gzip = read(".gz", "gzip")
	return f, warnings, nil
}

// sameContent checks that compressed decodes to want.
func sameContent(compressed, want []byte, coding string) error {
	got, err := codings.Decode(coding, compressed, int64(len(want))+1)
	if err != nil {
		return err
	}
	if !bytes.Equal(got, want) {
		return errors.New("it is not the compressed form of the current wasm")
	}
	return nil
}

// serveWasm sends a wasm in the best coding the request accepts.
func (r *resources) serveWasm(w http.ResponseWriter, req *http.Request, f WasmFiles) {
	w.Header().Set("Content-Type", "application/wasm")
	body, enc := codings.Forms(f).Pick(req.Header.Get("Accept-Encoding"))
	codings.Header(w.Header(), enc)
	// Each coding is its own representation, with its own tag (go-app
	// tags everything with the version alone).
	etag := `"` + r.version + "-" + enc + `"`
	w.Header().Set("ETag", etag)
	if req.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if req.Method != http.MethodHead {
		w.Write(body)
	}
}

// immutable is the caching of a versioned static file.
const immutable = "public, max-age=31536000, immutable"

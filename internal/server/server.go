// Package server serves Warmdesk's widget: the go-app page (prerendered,
// with its service worker for offline use), the WebAssembly, the phrase
// library as JSON for the browser to compile, the embed script and a demo
// helpdesk page; and, with a studio, the studio's pages with their own
// WebAssembly (studio.go) and its API. It never sees a customer message:
// all matching happens in the browser.
package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"log"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/internal/codings"
	"github.com/warmdesk/warmdesk/internal/studio"
	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/web"
	"github.com/warmdesk/warmdesk/widget"
)

// Config is what the server needs.
type Config struct {
	// Library is the phrase library document; it is validated by New.
	Library []byte
	// LibraryFile names the library in validation errors.
	LibraryFile string
	// Wasm is the compiled widget (web/app.wasm).
	Wasm []byte
	// WasmBrotli and WasmGzip are Wasm precompressed (ReadWasmFiles); a
	// missing gzip form is made at start.
	WasmBrotli, WasmGzip []byte
	// StudioWasm is the compiled studio (web/studio.wasm) and its
	// precompressed forms, as ReadWasmFiles reads them; needed with
	// Studio, unused without. A missing gzip form is made at start.
	StudioWasm WasmFiles
	// AllowOrigins are the host origins that may embed the widget and talk
	// to it. Empty means the server's own origin only.
	AllowOrigins []string
	// Log receives the server's messages; nil means the standard logger.
	Log *log.Logger
	// Studio, when set, serves the studio: its API, its pages, and the
	// published library from the store instead of Library (studio.go).
	Studio *studio.Server
	// Helpdesks are the helpdesk accounts whose apps (apps.go) may frame
	// the widget.
	Helpdesks []Helpdesk
	// LibraryPoll is how often, in seconds, widgets ask for a newer
	// published library (studio only; 0: 30 seconds, -1: never).
	LibraryPoll int

	// static is set by WriteStatic: the pages are for a static export.
	static bool
}

// New validates the configuration and returns the server's handler.
func New(cfg Config) (http.Handler, error) {
	s, err := build(cfg)
	if err != nil {
		return nil, err
	}
	return s.handler, nil
}

// built is a configured server: its handler and the version its static
// files' URLs carry.
type built struct {
	handler http.Handler
	version string
}

// build validates the configuration and makes the server; New serves it,
// WriteStatic saves what it serves.
func build(cfg Config) (*built, error) {
	cfg, origins, err := checkConfig(cfg)
	if err != nil {
		return nil, err
	}
	lib, err := fixedLibrary(cfg)
	if err != nil {
		return nil, err
	}
	static, err := fs.Sub(web.Files, ".")
	if err != nil {
		return nil, err
	}
	loader, err := fs.ReadFile(static, "loader.js")
	if err != nil {
		return nil, err
	}
	res := newResources(cfg, static)
	// Both Handlers get the same environment: go-app also copies it into
	// the server's own (os.Setenv), which they share (studio.go).
	env := studioEnv(cfg, map[string]string{
		widget.EnvAllowOrigins: strings.Join(widgetOrigins(origins, cfg.Helpdesks), ","),
		widget.EnvLibraryURL:   "/library.bin",
		widget.EnvModelURL:     "/library.model",
	})
	h := widgetHandler(cfg, res, env)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/demo", http.StatusFound)
	})
	mux.HandleFunc("GET /demo", staticFile(static, "demo.html", "text/html; charset=utf-8"))
	mux.HandleFunc("GET /embed.js", staticFile(static, "embed.js", "text/javascript; charset=utf-8"))
	libraryRoutes(mux, cfg, lib)
	mux.Handle("GET /app.js", withLoader(h, loader))
	mountStudio(mux, cfg, h, res, env, loader)
	if err := mountApps(mux, static, cfg.Helpdesks); err != nil {
		return nil, err
	}
	// Everything else is the widget's Handler: its page, go-app's files
	// and /web/. The widget may be framed by its own origin (the demo),
	// the allowed origins and, with helpdesks, its app pages in those
	// helpdesks (apps.go).
	ancestors := widgetAncestors(origins, cfg.Helpdesks)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", pagePolicy(ancestors))
		h.ServeHTTP(w, r)
	})
	return &built{handler: headers(mux), version: res.version}, nil
}

// checkConfig fills in cfg's defaults and checks what it must have; it
// returns the allowed origins, normalised.
func checkConfig(cfg Config) (Config, []string, error) {
	if cfg.LibraryFile == "" {
		cfg.LibraryFile = "library.json"
	}
	if cfg.Studio != nil {
		cfg.Library = nil // the store has it; the version must not depend on it
	} else {
		cfg.StudioWasm = WasmFiles{}
	}
	if len(cfg.Wasm) == 0 {
		return cfg, nil, errors.New("the widget's WebAssembly is empty: build it with `make wasm` (scripts/build-wasm.sh)")
	}
	if cfg.Studio != nil && len(cfg.StudioWasm.Raw) == 0 {
		return cfg, nil, errors.New("the studio's WebAssembly is empty: build it with `make wasm` (scripts/build-wasm.sh writes web/studio.wasm)")
	}
	origins, err := CheckOrigins(cfg.AllowOrigins)
	if err != nil {
		return cfg, nil, err
	}
	if cfg.Log == nil {
		cfg.Log = log.Default()
	}
	return cfg, origins, nil
}

// libraryFiles are the library's three forms served without a studio:
// the JSON document, its binary form and its model.
type libraryFiles struct{ json, bin, model []byte }

// fixedLibrary validates the configured library and makes its forms;
// with a studio there are none (the store has the library).
func fixedLibrary(cfg Config) (libraryFiles, error) {
	if cfg.Studio != nil {
		return libraryFiles{}, nil
	}
	lib, err := library.ParseLibrary(cfg.LibraryFile, cfg.Library)
	if err != nil {
		return libraryFiles{}, err
	}
	model, err := libraryModel(lib)
	if err != nil {
		return libraryFiles{}, fmt.Errorf("%s: %w", cfg.LibraryFile, err)
	}
	return libraryFiles{json: cfg.Library, bin: library.EncodeLibrary(lib), model: model}, nil
}

// newResources serves /web/: the static files and the wasm files (with a
// gzip form made when none was given), under the content's version.
func newResources(cfg Config, static fs.FS) *resources {
	wasm := map[string]WasmFiles{widgetWasmPath: {Raw: cfg.Wasm, Brotli: cfg.WasmBrotli, Gzip: cfg.WasmGzip}}
	if cfg.Studio != nil {
		wasm[studioWasmPath] = cfg.StudioWasm
	}
	for path, f := range wasm {
		if len(f.Gzip) == 0 {
			f.Gzip = gzipBytes(f.Raw)
			wasm[path] = f
		}
	}
	return &resources{
		static:  noListing(http.FileServerFS(static)),
		version: contentVersion(cfg.Wasm, cfg.StudioWasm.Raw, cfg.Library),
		wasm:    wasm,
	}
}

// widgetHandler is the widget's go-app Handler.
func widgetHandler(cfg Config, res *resources, env map[string]string) *app.Handler {
	widget.WidgetRoutes()
	return &app.Handler{
		Name:            "Warmdesk",
		ShortName:       "Warmdesk",
		Title:           "Warmdesk reply suggestions",
		Description:     "Warm, complete reply suggestions for customer-service agents.",
		Lang:            "en",
		BackgroundColor: "#f7f8fa",
		ThemeColor:      "#0f766e",
		LoadingLabel:    "Loading Warmdesk…", // no percentage: see web/loader.js
		Icon: app.Icon{
			Default:  "/web/icons/icon-192.png",
			Large:    "/web/icons/icon-512.png",
			Maskable: "/web/icons/icon-192.png",
			SVG:      "/web/icons/icon.svg",
		},
		Styles: []string{"/web/widget.css"},
		// The widget's wasm downloads as soon as the page's head is read,
		// not once go-app's deferred scripts run (web/loader.js fetches
		// it with the same mode and credentials, so the browser uses
		// this download).
		RawHeaders: []string{wasmPreload(res.Resolve(widgetWasmPath))},
		StartURL:   widget.WidgetPath,
		Resources:  res,
		Version:    res.version,
		Env:        maps.Clone(env),
		// Cached by the service worker at install: the widget and its
		// library work offline after the first visit.
		CacheableResources: cacheable(cfg, []string{widgetPage(cfg), "/library.bin", "/library.model", "/web/icons/icon.svg"}),
	}
}

// libraryRoutes serves the library, its binary form and its model: the
// studio's published revision when there is a studio, else fixed files.
// The widget reads the binary form (library.EncodeLibrary): reading
// the JSON was most of the library's parse in a cold page, and its
// decoder the largest code V8 optimised while the widget started.
// (cfg.Studio's methods may be taken when it is nil: they are only called
// when it is not.)
func libraryRoutes(mux *http.ServeMux, cfg Config, lib libraryFiles) {
	for _, f := range []struct {
		path, tag, ctype string
		body             []byte
		published        http.HandlerFunc
	}{
		{"/library.json", "", "application/json", lib.json, cfg.Studio.ServeLibrary},
		{"/library.bin", "-bin", "application/octet-stream", lib.bin, cfg.Studio.ServeLibraryBinary},
		{"/library.model", "-model", "application/octet-stream", lib.model, cfg.Studio.ServeModel},
	} {
		h := f.published
		if cfg.Studio == nil {
			h = fixedFile(`"`+contentVersion(f.body)+f.tag+`"`, f.ctype, f.body)
		}
		mux.HandleFunc("GET "+f.path, h)
	}
}

// withLoader serves go-app's app.js with web/loader.js after it: the
// loader's functions replace go-app's of the same name.
func withLoader(h http.Handler, loader []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if rec.Code == http.StatusOK {
			body = append(append(body, '\n'), loader...)
		}
		maps.Copy(w.Header(), rec.Header())
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		w.Write(body)
	})
}

// fixedFile serves b, which never changes while the server runs, with
// its ETag, revalidated on every use (304 when the browser has it), in the
// best coding the browser accepts (compressed in the background from the
// start; a request that comes first waits for it).
func fixedFile(etag, contentType string, b []byte) http.HandlerFunc {
	forms := sync.OnceValue(func() codings.Forms { return codings.Compress(b) })
	go forms()
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		codings.Respond(w, r, etag, contentType, func() (codings.Forms, error) { return forms(), nil })
	}
}

// libraryModel compiles lib once, here, for widgets to compile it without
// learning (suggestions.Engine.Model).
func libraryModel(lib *library.Library) ([]byte, error) {
	eng, err := suggestions.Compile(lib)
	if err != nil {
		return nil, err
	}
	return eng.Model(), nil
}

// widgetPage is the widget's URL the service worker caches: a static
// host serves it at /widget/ and redirects /widget there, and a cached
// redirect cannot answer a navigation.
func widgetPage(cfg Config) string {
	if cfg.static {
		return widget.WidgetDirPath
	}
	return widget.WidgetPath
}

// headers adds what every response needs: no sniffing, a short referrer,
// and the default content security policy (pages that need more or less
// set their own).
func headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "strict-origin-when-cross-origin")
		w.Header().Set("Content-Security-Policy", defaultPolicy)
		next.ServeHTTP(w, r)
	})
}

// The content security policies. Every page's scripts are files of this
// origin: no inline script, no eval, no other host. A page may be framed
// by its own origin only, unless it says otherwise (the widget by the
// allowed helpdesks, the studio by nobody).
//
// defaultPolicy is every response's, the demo's included: the demo runs
// embed.js and demo.js and frames the widget, all from this origin.
const defaultPolicy = "default-src 'self'; script-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"

// pagePolicy is a go-app page's (the widget's, the studio's): the same,
// plus compiling its WebAssembly ('wasm-unsafe-eval' allows
// WebAssembly.instantiate and nothing else: not eval), framed by
// ancestors. (Images may be data: URLs: the stylesheets draw icons so.)
func pagePolicy(ancestors string) string {
	return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors " + ancestors
}

// noListing answers 404 for a directory: /web/ serves files, not lists
// of them.
func noListing(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") || r.URL.Path == "" {
			http.NotFound(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func staticFile(fsys fs.FS, name, ctype string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
	}
}

// CheckOrigins validates origins given as scheme://host[:port], without a
// path, and returns them normalised.
func CheckOrigins(list []string) ([]string, error) {
	var out []string
	for _, o := range list {
		for _, o := range strings.Split(o, ",") {
			o = strings.TrimSpace(o)
			if o == "" {
				continue
			}
			u, err := url.Parse(o)
			// No wildcards: "https://*" in frame-ancestors lets any site
			// frame the widget.
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Contains(u.Host, "*") ||
				strings.TrimRight(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
				return nil, fmt.Errorf("allowed origin %q: want scheme://host[:port], as in https://desk.example.com", o)
			}
			out = append(out, u.Scheme+"://"+strings.ToLower(u.Host))
		}
	}
	return out, nil
}

// The WebAssembly files, as go-app names static files.
const (
	widgetWasmPath = "/web/app.wasm"
	studioWasmPath = "/web/studio.wasm"
)

// resources serves /web/: the embedded static files and the wasm files,
// compressed when the browser accepts it (assets.go).
type resources struct {
	static  http.Handler
	wasm    map[string]WasmFiles // by path: widgetWasmPath, and studioWasmPath with a studio
	version string
}

// Resolve gives static files under /web a path with the version, which
// go-app uses for the wasm, the styles, the icons and the service worker's
// cache, and for /web/ URLs in components.
// wasmPreload is the page's link that starts downloading its wasm from
// url early. It must ask as web/loader.js's fetch does (mode cors,
// credentials same-origin: crossorigin="anonymous"), or the browser would
// download the file twice.
func wasmPreload(url string) string {
	return `<link rel="preload" href="` + html.EscapeString(url) + `" as="fetch" type="application/wasm" crossorigin="anonymous">`
}

func (r *resources) Resolve(location string) string {
	if location == "" || location == "/" {
		return "/"
	}
	if strings.HasPrefix(location, "http://") || strings.HasPrefix(location, "https://") {
		return location
	}
	location = "/" + strings.TrimLeft(location, "/")
	if location == "/web" || strings.HasPrefix(location, "/web/") {
		return "/" + r.version + location
	}
	return location
}

func (r *resources) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	path, versioned := strings.CutPrefix(req.URL.Path, "/"+r.version+"/")
	if versioned {
		path = "/" + path
	}
	// go-app serves its legacy /app.wasm through the versioned path: only
	// a URL that really named the version is cached for good.
	if versioned && strings.HasPrefix(req.RequestURI, "/"+r.version+"/") {
		w.Header().Set("Cache-Control", immutable)
	}
	if f, ok := r.wasm[path]; ok {
		r.serveWasm(w, req, f)
		return
	}
	r2 := *req
	u := *req.URL
	u.Path = strings.TrimPrefix(path, "/web")
	r2.URL = &u
	r.static.ServeHTTP(w, &r2)
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// contentVersion names the content: a new wasm or library gives a new
// service worker, which drops the old offline cache.
func contentVersion(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		io.WriteString(h, strconv.Itoa(len(p))+":")
		h.Write(p)
	}
	// Every static file: their URLs carry the version and are cached
	// for good.
	fs.WalkDir(web.Files, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, err := fs.ReadFile(web.Files, p); err == nil {
				io.WriteString(h, p+":"+strconv.Itoa(len(b))+":")
				h.Write(b)
			}
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// ReadWasm reads a built wasm (the widget's or the studio's), saying how
// to build it when it is not there.
func ReadWasm(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s does not exist: build the widget first with `make wasm` (which builds the studio too), or run `make run`", path)
	}
	return b, err
}

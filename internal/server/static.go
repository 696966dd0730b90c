package server

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/warmdesk/warmdesk/web"
	"github.com/warmdesk/warmdesk/widget"
)

// A static export (warmdesk export -static) is what the server would
// send, saved as files, so that any web server or CDN can host the widget:
// the browser does all the matching, so nothing else needs a server.
//
// WriteStatic builds the same handler as New and asks it for every file,
// so the pages, the service worker and the library are byte for byte what
// the server sends. (go-app's GenerateStaticWebsite would also write the
// studio's pages, which need the studio's API, and leaves web/ empty.)
//
// The layout, for a host that maps URLs to files the usual way:
//
//	index.html                 sends visitors to the demo
//	widget/index.html          the widget: /widget redirects to /widget/
//	demo/index.html            the demo helpdesk
//	embed.js, library.json     the embed script, the library
//	library.bin                the library's binary form, which the widget reads
//	library.model              what compiling the library learned (model.go)
//	app.js, app-worker.js, wasm_exec.js, manifest.webmanifest, app.css
//	<version>/web/...          static files under versioned URLs (cache for good),
//	                           with app.wasm and its .br and .gz forms
//	web/...                    the same files under the plain URLs the demo uses
//	apps/<vendor>/index.html   the helpdesk app pages (apps.go), with their files
//	_headers                   the headers the host must send (StaticHeaders)
//
// The site must be hosted at the root of its origin: the pages name their
// files from "/". Without the studio, the widget neither polls a studio
// nor sends usage events (studioEnv), so it only ever reads files.

// indexPage is the export's front page; the server redirects / to /demo.
const indexPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Warmdesk</title>
<meta http-equiv="refresh" content="0; url=/demo/"></head>
<body><p><a href="/demo/">Warmdesk demo helpdesk</a> · <a href="/widget/">widget</a></p></body></html>
`

// WriteStatic writes the widget, the embed script, the demo and cfg's
// library into dir as a static site and returns the files' paths
// (slash-separated, relative to dir, sorted). Everything is made in
// memory first: on an error nothing is written. The studio cannot be
// exported.
func WriteStatic(dir string, cfg Config) ([]string, error) {
	if cfg.Studio != nil {
		return nil, errors.New("a static export has no studio: give the library itself")
	}
	cfg.static = true
	s, err := build(cfg)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{"index.html": []byte(indexPage)}
	// get saves what the server sends for urlPath as name; a form of
	// the wasm the server does not have (no .br built) is left out.
	get := func(urlPath, name, encoding string) error {
		req := httptest.NewRequest(http.MethodGet, urlPath, nil)
		if encoding != "" {
			req.Header.Set("Accept-Encoding", encoding)
		}
		rec := httptest.NewRecorder()
		s.handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			return fmt.Errorf("static export: GET %s: HTTP %d", urlPath, rec.Code)
		}
		if rec.Header().Get("Content-Encoding") == encoding {
			files[name] = rec.Body.Bytes()
		}
		return nil
	}
	pages := [][2]string{
		{widget.WidgetDirPath, "widget/index.html"},
		{"/demo", "demo/index.html"},
		{"/embed.js", "embed.js"},
		{"/library.json", "library.json"},
		{"/library.bin", "library.bin"},
		{"/library.model", "library.model"},
		{"/app.js", "app.js"},
		{"/app-worker.js", "app-worker.js"},
		{"/wasm_exec.js", "wasm_exec.js"},
		{"/manifest.webmanifest", "manifest.webmanifest"},
		{"/app.css", "app.css"},
	}
	apps, err := appExportFiles(web.Files)
	if err != nil {
		return nil, err
	}
	pages = append(pages, apps...)
	if files[HeadersFile], err = StaticHeaders(cfg); err != nil {
		return nil, err
	}
	err = fs.WalkDir(web.Files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == "studio.css" { // the studio's pages only
			return err
		}
		if strings.HasPrefix(p, "apps/") { // written under /apps/ above
			return nil
		}
		pages = append(pages,
			[2]string{"/" + s.version + "/web/" + p, s.version + "/web/" + p},
			[2]string{"/web/" + p, "web/" + p})
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, pg := range pages {
		if err := get(pg[0], pg[1], ""); err != nil {
			return nil, err
		}
	}
	wasm := "/" + s.version + "/web/app.wasm"
	for _, form := range []struct{ encoding, ext string }{{"", ""}, {"br", ".br"}, {"gzip", ".gz"}} {
		if err := get(wasm, strings.TrimPrefix(wasm, "/")+form.ext, form.encoding); err != nil {
			return nil, err
		}
	}

	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		full := filepath.Join(dir, filepath.FromSlash(path.Clean(name)))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return nil, fmt.Errorf("static export: %w", err)
		}
		if err := os.WriteFile(full, files[name], 0o644); err != nil {
			return nil, fmt.Errorf("static export: %w", err)
		}
	}
	return names, nil
}

package server

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/internal/studioapi"
	"github.com/warmdesk/warmdesk/studioui"
	"github.com/warmdesk/warmdesk/widget"
)

// The studio's part of the server: its API under /studio/api/, its pages
// under /studio with their own WebAssembly, and what the widget needs to
// follow the published library and report usage.
//
// The studio's pages are served by a go-app Handler of their own, so that
// they load web/studio.wasm while the widget loads web/app.wasm, which
// then carries none of the studio. Two Handlers in one server need care,
// because go-app v10 was made for one:
//
//   - A Handler serves app.js, app-worker.js and manifest.webmanifest at
//     fixed root paths. The studio's resolver puts them under /studio
//     (go-app resolves the page's links to them, and the worker's URL
//     in app.js, through it), where this handler serves them: the
//     studio's app.js registers /studio/app-worker.js, whose scope is
//     /studio/, a registration apart from the widget's. Its app.js
//     fetches the studio's wasm, which go-app names /web/app.wasm and the
//     studio's resolver /<version>/web/studio.wasm.
//   - Both Handlers share the version: go-app's service worker names its
//     cache "app-<version>" and, when it activates, deletes every other
//     cache of the origin, so workers of two versions would delete each
//     other's offline copies. Both share the static files (/<version>/web/)
//     and wasm_exec.js and app.css, which go-app makes the same for both.
//   - Both share the environment, and the root prefix "/": go-app copies a
//     Handler's Env into the server's process environment, which the two
//     would otherwise overwrite for each other.
//
// The widget's worker, whose scope is the whole origin, also controls the
// /studio page itself (which is outside /studio/): it answers from its
// cache what it cached and fetches the rest, so the page still gets the
// studio's files.

// mountStudio adds the studio's API and pages when the studio is on, the
// pages with their own Handler beside the widget's w. Without a studio
// there are no studio pages (they would only fail to reach the API),
// whatever routes go-app has registered.
func mountStudio(mux *http.ServeMux, cfg Config, w *app.Handler, res *resources, env map[string]string, loader []byte) {
	if cfg.Studio == nil {
		mux.Handle(studioui.StudioPath, http.NotFoundHandler())
		mux.Handle(studioui.StudioPath+"/", http.NotFoundHandler())
		return
	}
	pages := studioHandler(w, res, env, loader)
	mux.Handle(studioapi.Prefix, cfg.Studio)
	mux.Handle(studioui.StudioPath, pages)
	mux.Handle(studioui.StudioPath+"/", pages)
	// "/studio/" is how people often type it: the editor is at /studio.
	mux.Handle("GET "+studioui.StudioPath+"/{$}", http.RedirectHandler(studioui.StudioPath, http.StatusMovedPermanently))
}

// studioFiles are the go-app files the studio's Handler serves under
// /studio instead of the root.
var studioFiles = []string{"/app.js", "/app-worker.js", "/manifest.webmanifest"}

// studioResources resolves the studio Handler's files: the wasm is the
// studio's, go-app's own files are under /studio, and the rest is the
// widget's.
type studioResources struct{ *resources }

func (r studioResources) Resolve(location string) string {
	if location == widgetWasmPath {
		return r.resources.Resolve(studioWasmPath)
	}
	if slices.Contains(studioFiles, location) {
		return studioui.StudioPath + location
	}
	return r.resources.Resolve(location)
}

// studioHandler makes the studio's Handler beside the widget's w, with the
// same version, environment and static files, and returns what serves it
// under /studio, its app.js with the loader after it (withLoader).
func studioHandler(w *app.Handler, res *resources, env map[string]string, loader []byte) http.Handler {
	studioui.Routes()
	h := &app.Handler{
		Name:            "Warmdesk studio",
		ShortName:       "Warmdesk studio",
		Title:           "Warmdesk studio",
		Description:     "Where knowledge managers curate Warmdesk's reply library.",
		Lang:            w.Lang,
		BackgroundColor: w.BackgroundColor,
		ThemeColor:      w.ThemeColor,
		LoadingLabel:    "Loading the Warmdesk studio…",
		Icon:            w.Icon,
		Styles:          []string{"/web/widget.css", "/web/studio.css"},
		RawHeaders:      []string{wasmPreload(studioResources{res}.Resolve(widgetWasmPath))},
		StartURL:        studioui.StudioPath,
		Resources:       studioResources{res},
		Version:         w.Version,
		Env:             maps.Clone(env),
	}
	appJS := withLoader(h, loader)
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if name, ok := strings.CutPrefix(r.URL.Path, studioui.StudioPath); ok && slices.Contains(studioFiles, name) {
			r2 := r.Clone(r.Context())
			r2.URL.Path = name
			if name == "/app.js" {
				appJS.ServeHTTP(rw, r2)
				return
			}
			h.ServeHTTP(rw, r2)
			return
		}
		// The studio's pages may be framed by nobody (no clickjacking of
		// a publish button).
		rw.Header().Set("Content-Security-Policy", pagePolicy("'none'"))
		h.ServeHTTP(rw, r)
	})
}

// studioEnv adds the widget's studio settings to the page environment:
// how often to look for a newer library, and where usage events go.
func studioEnv(cfg Config, env map[string]string) map[string]string {
	env = maps.Clone(env)
	if cfg.Studio == nil {
		return env
	}
	poll := cfg.LibraryPoll
	if poll == 0 {
		poll = 30
	}
	if poll > 0 {
		env[widget.EnvLibraryPoll] = strconv.Itoa(poll)
	}
	env[widget.EnvEventsURL] = studioapi.Events
	return env
}

// cacheable drops the library from the service worker's install list when
// it needs a read token: the worker's fetch carries none, would get 401,
// and the whole install would fail.
func cacheable(cfg Config, list []string) []string {
	if cfg.Studio == nil || !cfg.Studio.RequiresReadToken() {
		return list
	}
	return slices.DeleteFunc(slices.Clone(list), func(s string) bool { return s == "/library.bin" || s == "/library.model" })
}

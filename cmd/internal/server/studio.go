package server

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	wdapp "github.com/warmdesk/warmdesk/app"
	"github.com/warmdesk/warmdesk/app/studioapi"
)

// The studio's part of the server: its API under /studio/api/, its pages
// (go-app routes under /studio, served by the same Handler as the
// widget), and what the widget needs to follow the published library
// and report usage.

// mountStudio adds the studio API when the studio is on.
func mountStudio(mux *http.ServeMux, cfg Config) {
	if cfg.Studio == nil {
		return
	}
	mux.Handle(studioapi.Prefix, cfg.Studio)
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
		env[wdapp.EnvLibraryPoll] = strconv.Itoa(poll)
	}
	env[wdapp.EnvEventsURL] = studioapi.Events
	return env
}

// cacheable drops the library from the service worker's install list when
// it needs a read token: the worker's fetch carries none, would get 401,
// and the whole install would fail.
func cacheable(cfg Config, list []string) []string {
	if cfg.Studio == nil || !cfg.Studio.RequiresReadToken() {
		return list
	}
	return slices.DeleteFunc(slices.Clone(list), func(s string) bool { return s == "/library.json" || s == "/library.model" })
}

// frameAncestors: the widget may be framed by the helpdesks; the studio's
// pages by nobody (no clickjacking of a publish button).
func frameAncestors(r *http.Request, widget string) string {
	if r.URL.Path == "/studio" || strings.HasPrefix(r.URL.Path, "/studio/") {
		return "'none'"
	}
	return widget
}

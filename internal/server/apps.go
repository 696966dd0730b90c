package server

import (
	"bytes"
	"fmt"
	"html"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// The helpdesk apps: pages that run inside a helpdesk's own app framework
// (a Zendesk ticket sidebar app, a Front sidebar plugin, a Chatwoot
// dashboard app), read the ticket through the helpdesk's SDK, and frame the
// widget beside it with embed.js (web/apps/).
//
// The frames nest: helpdesk → app page (this server) → widget (this
// server). A browser checks Content-Security-Policy frame-ancestors
// against every ancestor, so the widget must allow both its own origin
// (the app page) and the helpdesk's, and each app page only its helpdesk.
// The widget itself only ever talks to the app page, which is of its own
// origin; each app page talks to the helpdesk origins it is given here.

// Vendors are the helpdesks with an app page, in the order shown.
var Vendors = []string{"zendesk", "front", "chatwoot"}

// A Helpdesk is one helpdesk account whose agents may use the widget
// through its app: the vendor and the exact origin of its agent pages.
type Helpdesk struct {
	Vendor string // one of Vendors
	Origin string // scheme://host[:port], as the browser names it
}

// ParseHelpdesk reads "vendor=origin" (zendesk=https://acme.zendesk.com).
// The origin must be exact: a wildcard (https://*.zendesk.com, *, https:)
// would let any account of the vendor, or any site at all, frame the
// widget and receive the replies agents insert. Plain http is accepted
// only for this machine (localhost, 127.0.0.1, [::1]), for trying things.
func ParseHelpdesk(s string) (Helpdesk, error) {
	vendor, origin, ok := strings.Cut(strings.TrimSpace(s), "=")
	vendor = strings.ToLower(strings.TrimSpace(vendor))
	origin = strings.TrimSpace(origin)
	if !ok || vendor == "" || origin == "" {
		return Helpdesk{}, fmt.Errorf("helpdesk %q: want vendor=origin, as in zendesk=https://acme.zendesk.com", s)
	}
	if !slices.Contains(Vendors, vendor) {
		return Helpdesk{}, fmt.Errorf("helpdesk %q: unknown vendor %q (known: %s)", s, vendor, strings.Join(Vendors, ", "))
	}
	if strings.ContainsAny(origin, "*' \t\"") {
		return Helpdesk{}, fmt.Errorf("helpdesk %q: name one exact origin; wildcards would let other sites frame the widget", s)
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" || u.User != nil || strings.TrimRight(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return Helpdesk{}, fmt.Errorf("helpdesk %q: want scheme://host[:port], as in https://acme.zendesk.com", s)
	}
	host := strings.ToLower(u.Host)
	switch u.Scheme {
	case "https":
	case "http":
		if h := u.Hostname(); h != "localhost" && h != "127.0.0.1" && h != "::1" {
			return Helpdesk{}, fmt.Errorf("helpdesk %q: use https (plain http only for localhost)", s)
		}
	default:
		return Helpdesk{}, fmt.Errorf("helpdesk %q: want an https:// origin", s)
	}
	if strings.HasSuffix(host, ":443") && u.Scheme == "https" {
		host = strings.TrimSuffix(host, ":443") // the browser's form of the origin
	}
	return Helpdesk{Vendor: vendor, Origin: u.Scheme + "://" + host}, nil
}

// ParseHelpdesks reads a list of -helpdesk values (each may hold several,
// comma-separated), without repeats.
func ParseHelpdesks(list []string) ([]Helpdesk, error) {
	var out []Helpdesk
	for _, item := range list {
		for _, s := range strings.Split(item, ",") {
			if strings.TrimSpace(s) == "" {
				continue
			}
			h, err := ParseHelpdesk(s)
			if err != nil {
				return nil, err
			}
			if !slices.Contains(out, h) {
				out = append(out, h)
			}
		}
	}
	return out, nil
}

// helpdeskOrigins are the origins of vendor's helpdesks ("" for all).
func helpdeskOrigins(hs []Helpdesk, vendor string) []string {
	var out []string
	for _, h := range hs {
		if (vendor == "" || h.Vendor == vendor) && !slices.Contains(out, h.Origin) {
			out = append(out, h.Origin)
		}
	}
	return out
}

// widgetAncestors is the widget's frame-ancestors source list: its own
// origin (the demo and the app pages), the host origins that embed it
// directly, and the helpdesks' origins, which frame the app pages.
func widgetAncestors(allowed []string, hs []Helpdesk) string {
	src := append([]string{"'self'"}, allowed...)
	for _, o := range helpdeskOrigins(hs, "") {
		if !slices.Contains(src, o) {
			src = append(src, o)
		}
	}
	return strings.Join(src, " ")
}

// widgetOrigins are the origins the widget takes messages from: the
// allowed hosts, and with helpdesks its own origin too (the app pages),
// which the widget reads as 'self'.
func widgetOrigins(allowed []string, hs []Helpdesk) []string {
	if len(hs) > 0 && len(allowed) > 0 {
		return append([]string{"'self'"}, allowed...)
	}
	return allowed
}

// appAncestors is an app page's frame-ancestors source list: its
// helpdesks, or 'self' when none is named, so the page can be opened and
// tried but no other site can frame it.
func appAncestors(hs []Helpdesk, vendor string) string {
	if o := helpdeskOrigins(hs, vendor); len(o) > 0 {
		return strings.Join(o, " ")
	}
	return "'self'"
}

// appSDKOrigins are the origins an app page loads its vendor's SDK from.
var appSDKOrigins = map[string]string{"zendesk": "https://static.zdassets.com"}

// appCSP is the Content-Security-Policy of vendor's app page: scripts from
// this server (and the vendor's SDK host), frames of this server (the
// widget), framed only by the vendor's helpdesks.
func appCSP(hs []Helpdesk, vendor string) string {
	script := "'self'"
	if o := appSDKOrigins[vendor]; o != "" {
		script += " " + o
	}
	return "default-src 'self'; script-src " + script + "; style-src 'self'; img-src 'self' data:; " +
		"frame-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; " +
		"frame-ancestors " + appAncestors(hs, vendor)
}

// appPage is vendor's page with the helpdesk origins it may talk to.
func appPage(static fs.FS, hs []Helpdesk, vendor string) ([]byte, error) {
	b, err := fs.ReadFile(static, "apps/"+vendor+"/index.html")
	if err != nil {
		return nil, err
	}
	origins := html.EscapeString(strings.Join(helpdeskOrigins(hs, vendor), " "))
	return bytes.ReplaceAll(b, []byte("{{helpdesks}}"), []byte(origins)), nil
}

// appFiles are the app pages' other files, by URL path, as web/ holds
// them.
func appFiles(static fs.FS) ([]string, error) {
	var out []string
	err := fs.WalkDir(static, "apps", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, "/index.html") {
			return err
		}
		out = append(out, "/"+p)
		return nil
	})
	return out, err
}

// mountApps serves the app pages at /apps/VENDOR/ and their files.
func mountApps(mux *http.ServeMux, static fs.FS, hs []Helpdesk) error {
	for _, vendor := range Vendors {
		page, err := appPage(static, hs, vendor)
		if err != nil {
			return err
		}
		csp := appCSP(hs, vendor)
		mux.HandleFunc("GET /apps/"+vendor+"/{$}", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", csp)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-cache")
			http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(page))
		})
		// The helpdesks add their parameters (Zendesk's origin and
		// app_guid) to the URL an administrator gives: keep them.
		mux.HandleFunc("GET /apps/"+vendor, func(w http.ResponseWriter, r *http.Request) {
			u := "/apps/" + vendor + "/"
			if r.URL.RawQuery != "" {
				u += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, u, http.StatusMovedPermanently)
		})
	}
	files, err := appFiles(static)
	if err != nil {
		return err
	}
	for _, p := range files {
		ctype := "text/plain; charset=utf-8"
		switch {
		case strings.HasSuffix(p, ".js"):
			ctype = "text/javascript; charset=utf-8"
		case strings.HasSuffix(p, ".css"):
			ctype = "text/css; charset=utf-8"
		}
		mux.HandleFunc("GET "+p, staticFile(static, strings.TrimPrefix(p, "/"), ctype))
	}
	return nil
}

// appExportFiles are the app pages and their files for a static export:
// URL path and file name.
func appExportFiles(static fs.FS) ([][2]string, error) {
	var out [][2]string
	for _, vendor := range Vendors {
		out = append(out, [2]string{"/apps/" + vendor + "/", "apps/" + vendor + "/index.html"})
	}
	files, err := appFiles(static)
	for _, p := range files {
		out = append(out, [2]string{p, strings.TrimPrefix(p, "/")})
	}
	return out, err
}

// HeadersFile is the name of the static export's header rules, in the
// format Netlify and Cloudflare Pages read (other hosts: see
// docs/helpdesks.md).
const HeadersFile = "_headers"

// StaticHeaders are the response headers a static host must send for the
// export to be framed only where the server would allow it: each path
// pattern with its headers, in the _headers format.
func StaticHeaders(cfg Config) ([]byte, error) {
	origins, err := CheckOrigins(cfg.AllowOrigins)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("# The headers this static export needs, for hosts that read a _headers file\n" +
		"# (Netlify, Cloudflare Pages); on other hosts set them in the host's configuration.\n" +
		"# The widget may be framed only by the helpdesks and the app pages beside it.\n")
	csp := "Content-Security-Policy: " + pagePolicy(widgetAncestors(origins, cfg.Helpdesks))
	for _, p := range []string{"/widget", "/widget/*"} {
		fmt.Fprintf(&b, "%s\n  %s\n", p, csp)
	}
	b.WriteString("# Each helpdesk's app page, framed by that helpdesk only.\n")
	for _, vendor := range Vendors {
		fmt.Fprintf(&b, "/apps/%s/\n  Content-Security-Policy: %s\n", vendor, appCSP(cfg.Helpdesks, vendor))
	}
	b.WriteString("/*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n")
	return b.Bytes(), nil
}

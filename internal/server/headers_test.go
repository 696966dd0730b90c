package server

import (
	"net/http"
	"strings"
	"testing"
)

// directives reads a content security policy into its directives.
func directives(csp string) map[string]string {
	out := map[string]string{}
	for _, d := range strings.Split(csp, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		if name != "" {
			out[name] = value
		}
	}
	return out
}

// TestContentSecurityPolicy: the widget's, the studio's and the demo's
// pages allow scripts of their own origin only (the go-app pages also
// compile WebAssembly), and say who may frame them.
func TestContentSecurityPolicy(t *testing.T) {
	s := studioServer(t, "")
	for _, tc := range []struct {
		path, scripts, ancestors string
	}{
		{"/widget", "'self' 'wasm-unsafe-eval'", "'self'"},
		{"/studio", "'self' 'wasm-unsafe-eval'", "'none'"},
		{"/studio/login", "'self' 'wasm-unsafe-eval'", "'none'"},
		{"/demo", "'self'", "'self'"},
		{"/embed.js", "'self'", "'self'"},
	} {
		r := get(t, s.URL+tc.path)
		if r.StatusCode != 200 {
			t.Errorf("%s: HTTP %d", tc.path, r.StatusCode)
			continue
		}
		d := directives(r.Header.Get("Content-Security-Policy"))
		if d["default-src"] != "'self'" || d["script-src"] != tc.scripts || d["object-src"] != "'none'" || d["base-uri"] != "'none'" || d["frame-ancestors"] != tc.ancestors {
			t.Errorf("%s: CSP %q; want default-src 'self', script-src %s, object-src and base-uri 'none', frame-ancestors %s",
				tc.path, r.Header.Get("Content-Security-Policy"), tc.scripts, tc.ancestors)
		}
		for _, v := range d {
			if strings.Contains(v, "unsafe-inline") || strings.Contains(v, "'unsafe-eval'") || strings.Contains(v, "*") {
				t.Errorf("%s: CSP %q allows too much", tc.path, r.Header.Get("Content-Security-Policy"))
			}
		}
	}
}

// TestAllowOriginKeepsOwnDemo: with -allow-origin, the widget may still be
// framed by its own server's demo, besides the helpdesk named.
func TestAllowOriginKeepsOwnDemo(t *testing.T) {
	s := testServer(t, "https://desk.example.com")
	d := directives(get(t, s.URL+"/widget").Header.Get("Content-Security-Policy"))
	if d["frame-ancestors"] != "'self' https://desk.example.com" {
		t.Errorf("widget frame-ancestors %q, want 'self' and the helpdesk", d["frame-ancestors"])
	}
}

// TestNoDirectoryListing: /web/ serves files, never a list of them.
func TestNoDirectoryListing(t *testing.T) {
	s := testServer(t)
	v := version(t, s)
	for _, path := range []string{"/web/", "/web/icons/", "/web/icons", "/" + v + "/web/", "/" + v + "/web/icons/"} {
		r := get(t, s.URL+path)
		b := body(t, r)
		if r.StatusCode == http.StatusOK || strings.Contains(b, "icon-192.png") {
			t.Errorf("%s: HTTP %d, %.120q: a directory listing", path, r.StatusCode, b)
		}
	}
	if r := get(t, s.URL+"/web/icons/icon.svg"); r.StatusCode != 200 {
		t.Errorf("a file under /web/icons/: HTTP %d", r.StatusCode)
	}
}

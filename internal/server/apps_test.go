package server

import (
	"bytes"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/web"
)

func TestParseHelpdesk(t *testing.T) {
	for _, c := range []struct {
		in, vendor, origin string // origin "" means refused
	}{
		{"zendesk=https://acme.zendesk.com", "zendesk", "https://acme.zendesk.com"},
		{" Zendesk = https://ACME.zendesk.com/ ", "zendesk", "https://acme.zendesk.com"},
		{"front=https://app.frontapp.com:443", "front", "https://app.frontapp.com"},
		{"chatwoot=https://chat.example.org:8443", "chatwoot", "https://chat.example.org:8443"},
		{"chatwoot=http://localhost:3000", "chatwoot", "http://localhost:3000"},
		{"chatwoot=http://127.0.0.1:3000", "chatwoot", "http://127.0.0.1:3000"},
		{"zendesk=https://*.zendesk.com", "", ""},
		{"zendesk=*", "", ""},
		{"zendesk=https:", "", ""},
		{"zendesk=https://*", "", ""},
		{"zendesk='self'", "", ""},
		{"zendesk=http://acme.zendesk.com", "", ""},
		{"zendesk=https://acme.zendesk.com/agent", "", ""},
		{"zendesk=https://acme.zendesk.com?x=1", "", ""},
		{"zendesk=https://user@acme.zendesk.com", "", ""},
		{"zendesk=javascript:alert(1)", "", ""},
		{"freshdesk=https://acme.freshdesk.com", "", ""},
		{"https://acme.zendesk.com", "", ""},
		{"zendesk=", "", ""},
	} {
		h, err := ParseHelpdesk(c.in)
		if c.origin == "" {
			if err == nil {
				t.Errorf("ParseHelpdesk(%q) = %+v, want an error", c.in, h)
			}
			continue
		}
		if err != nil || h.Vendor != c.vendor || h.Origin != c.origin {
			t.Errorf("ParseHelpdesk(%q) = %+v, %v; want %s %s", c.in, h, err, c.vendor, c.origin)
		}
	}
	hs, err := ParseHelpdesks([]string{"zendesk=https://a.zendesk.com,front=https://app.frontapp.com", "zendesk=https://a.zendesk.com"})
	if err != nil || len(hs) != 2 {
		t.Errorf("ParseHelpdesks: %v, %v; want two without the repeat", hs, err)
	}
}

// -allow-origin refuses wildcards as -helpdesk does.
func TestCheckOriginsRefusesWildcards(t *testing.T) {
	for _, o := range []string{"https://*", "https://*.example.com", "*", "https:"} {
		if got, err := CheckOrigins([]string{o}); err == nil {
			t.Errorf("CheckOrigins(%q) = %v, want an error", o, got)
		}
	}
}

func appsTestServer(t *testing.T, allow []string, hs []Helpdesk) *httptest.Server {
	h, err := New(Config{Library: suggestions.DefaultLibraryJSON(), Wasm: []byte("\x00asm"), AllowOrigins: allow, Helpdesks: hs, Log: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// The frame rules for each combination: the widget allows every ancestor
// of its nested frame, each app page only its own helpdesks.
func TestAppsFrameAncestors(t *testing.T) {
	zd := Helpdesk{"zendesk", "https://acme.zendesk.com"}
	cw := Helpdesk{"chatwoot", "https://chat.example.org"}
	cases := []struct {
		name            string
		allow           []string
		hs              []Helpdesk
		widget          string
		zendesk, chatwt string
	}{
		{"nothing named", nil, nil, "frame-ancestors 'self'", "frame-ancestors 'self'", "frame-ancestors 'self'"},
		{"a host page", []string{"https://desk.example.com"}, nil, "frame-ancestors 'self' https://desk.example.com", "frame-ancestors 'self'", "frame-ancestors 'self'"},
		{"zendesk", nil, []Helpdesk{zd}, "frame-ancestors 'self' https://acme.zendesk.com", "frame-ancestors https://acme.zendesk.com", "frame-ancestors 'self'"},
		{"both", []string{"https://desk.example.com"}, []Helpdesk{zd, cw},
			"frame-ancestors 'self' https://desk.example.com https://acme.zendesk.com https://chat.example.org",
			"frame-ancestors https://acme.zendesk.com", "frame-ancestors https://chat.example.org"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := appsTestServer(t, c.allow, c.hs)
			for path, want := range map[string]string{"/widget": c.widget, "/apps/zendesk/": c.zendesk, "/apps/chatwoot/": c.chatwt} {
				res, err := http.Get(srv.URL + path)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				csp := res.Header.Get("Content-Security-Policy")
				if res.StatusCode != 200 || !strings.HasSuffix(csp, want) || strings.Contains(csp, "*") {
					t.Errorf("GET %s: %d, CSP %q; want it to end %q", path, res.StatusCode, csp, want)
				}
			}
		})
	}
}

// The app page names its helpdesks for its script, loads the vendor's SDK
// as the vendor documents, and keeps Zendesk's query through the redirect.
func TestAppsPages(t *testing.T) {
	srv := appsTestServer(t, nil, []Helpdesk{{"zendesk", "https://acme.zendesk.com"}, {"front", "https://app.frontapp.com"}})
	get := func(path string) (*http.Response, string) {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		return res, string(b)
	}
	res, body := get("/apps/zendesk/")
	for _, want := range []string{`<meta name="warmdesk-helpdesks" content="https://acme.zendesk.com">`,
		`<script src="https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js">`, `<script src="/embed.js">`} {
		if !strings.Contains(body, want) {
			t.Errorf("the Zendesk page lacks %s", want)
		}
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self' https://static.zdassets.com;") {
		t.Errorf("Zendesk page CSP %q does not allow Zendesk's SDK", csp)
	}
	if _, body := get("/apps/front/"); !strings.Contains(body, `content="https://app.frontapp.com"`) || !strings.Contains(body, `src="/apps/front/plugin-sdk.js"`) {
		t.Errorf("the Front page: %s", body)
	}
	if _, body := get("/apps/chatwoot/"); !strings.Contains(body, `content=""`) {
		t.Error("the Chatwoot page names helpdesks none were given for")
	}
	for _, p := range []string{"/apps/app.js", "/apps/zendesk/zendesk.js", "/apps/front/plugin-sdk.js", "/apps/front/plugin-sdk.LICENSE.txt", "/apps/chatwoot/chatwoot.js", "/apps/apps.css"} {
		if res, _ := get(p); res.StatusCode != 200 {
			t.Errorf("GET %s: %d", p, res.StatusCode)
		}
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	r, err := c.Get(srv.URL + "/apps/zendesk?origin=https%3A%2F%2Facme.zendesk.com&app_guid=g")
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if loc := r.Header.Get("Location"); loc != "/apps/zendesk/?origin=https%3A%2F%2Facme.zendesk.com&app_guid=g" {
		t.Errorf("redirect to %q", loc)
	}
}

// The Front SDK we serve is the pinned npm package's file, unchanged.
func TestFrontSDKIsThePinnedNPMCopy(t *testing.T) {
	npm, err := os.ReadFile(filepath.Join(repoRoot, ".tools", "node_modules", "@frontapp", "plugin-sdk", "dist", "index.umd.js"))
	if err != nil {
		t.Skipf("@frontapp/plugin-sdk is not installed (scripts/test-deps.sh): %v", err)
	}
	ours, err := web.Files.ReadFile("apps/front/plugin-sdk.js")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(npm, ours) {
		t.Error("web/apps/front/plugin-sdk.js is not the installed @frontapp/plugin-sdk dist/index.umd.js: update one to the other's version")
	}
}

// The static export holds the app pages and the headers a host must send.
func TestAppsStaticExport(t *testing.T) {
	dir := t.TempDir()
	names, err := WriteStatic(dir, Config{Library: suggestions.DefaultLibraryJSON(), Wasm: []byte("\x00asm"),
		Helpdesks: []Helpdesk{{"zendesk", "https://acme.zendesk.com"}}, Log: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, n := range names {
		have[n] = true
		if strings.HasPrefix(n, "web/apps/") || strings.Contains(n, "/web/apps/") {
			t.Errorf("the app files are written twice: %s", n)
		}
	}
	for _, n := range []string{"apps/zendesk/index.html", "apps/front/index.html", "apps/chatwoot/index.html", "apps/app.js", "apps/front/plugin-sdk.js", HeadersFile} {
		if !have[n] {
			t.Errorf("the export lacks %s", n)
		}
	}
	page, _ := os.ReadFile(filepath.Join(dir, "apps", "zendesk", "index.html"))
	if !strings.Contains(string(page), `content="https://acme.zendesk.com"`) {
		t.Error("the exported Zendesk page does not name the account")
	}
	hdr, _ := os.ReadFile(filepath.Join(dir, HeadersFile))
	for _, want := range []string{"/widget/*\n  Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval';", "frame-ancestors 'self' https://acme.zendesk.com\n",
		"/apps/zendesk/\n  Content-Security-Policy: default-src 'self'; script-src 'self' https://static.zdassets.com;",
		"frame-ancestors https://acme.zendesk.com\n", "/apps/front/\n  Content-Security-Policy: "} {
		if !strings.Contains(string(hdr), want) {
			t.Errorf("%s lacks %q:\n%s", HeadersFile, want, hdr)
		}
	}
}

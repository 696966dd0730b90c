package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/internal/helpdeskapps"
	"github.com/warmdesk/warmdesk/internal/server"
)

func TestAppsCommand(t *testing.T) {
	zip := filepath.Join(t.TempDir(), "warmdesk-zendesk.zip")
	cases := []struct {
		args       []string
		code       int
		out, err   string
		writesFile bool
	}{
		{[]string{"zendesk", "-url", "https://warmdesk.example.com", "-o", zip}, 0, "https://warmdesk.example.com/apps/zendesk/", "", true},
		{[]string{"front", "-url", "https://warmdesk.example.com"}, 0, "https://warmdesk.example.com/apps/front/", "", false},
		{[]string{"chatwoot", "-url", "https://warmdesk.example.com/"}, 0, "copies the reply", "", false},
		{[]string{"zendesk", "-url", "http://warmdesk.example.com"}, 2, "", "absolute https://", false},
		{[]string{"front"}, 2, "", "give -url", false},
		{[]string{"freshdesk", "-url", "https://warmdesk.example.com"}, 2, "", "unknown helpdesk", false},
		{nil, 2, "", "usage: warmdesk apps", false},
	}
	for _, c := range cases {
		os.Remove(zip)
		var out, errb bytes.Buffer
		code := run(append([]string{"apps"}, c.args...), nil, &out, &errb)
		if code != c.code || !strings.Contains(out.String(), c.out) || !strings.Contains(errb.String(), c.err) {
			t.Errorf("apps %q: exit %d, stdout %q, stderr %q", c.args, code, out.String(), errb.String())
		}
		b, err := os.ReadFile(zip)
		if c.writesFile != (err == nil) {
			t.Errorf("apps %q: zip written %v", c.args, err == nil)
		}
		if err == nil {
			if errs := helpdeskapps.ValidateZendesk(b); errs != nil {
				t.Errorf("the written zip is refused: %v", errs)
			}
		}
	}
}

func TestHelpdeskFlag(t *testing.T) {
	wasm, _ := fakeWasm(t)
	dir := filepath.Join(t.TempDir(), "site")
	var out, errb bytes.Buffer
	if code := run([]string{"export", "-static", dir, "-wasm", wasm, "-helpdesk", "zendesk=https://*.zendesk.com"}, nil, &out, &errb); code == 0 || !strings.Contains(errb.String(), "wildcards") {
		t.Errorf("a wildcard helpdesk was taken: exit %d, %q", code, errb.String())
	}
	out.Reset()
	errb.Reset()
	if code := run([]string{"export", "-static", dir, "-wasm", wasm, "-helpdesk", "zendesk=https://acme.zendesk.com"}, nil, &out, &errb); code != 0 {
		t.Fatalf("export: exit %d, %s", code, errb.String())
	}
	hdr, err := os.ReadFile(filepath.Join(dir, server.HeadersFile))
	if err != nil || !strings.Contains(string(hdr), "frame-ancestors 'self' https://acme.zendesk.com") {
		t.Errorf("%s: %v\n%s", server.HeadersFile, err, hdr)
	}
	if !strings.Contains(out.String(), server.HeadersFile) {
		t.Errorf("export does not point at %s: %q", server.HeadersFile, out.String())
	}
	if code := run([]string{"serve", "-helpdesk", "zendesk"}, nil, &out, &errb); code != 2 {
		t.Errorf("serve took a helpdesk without an origin: exit %d", code)
	}
}

package widget

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// wasmDeps lists the packages a browser main links, each with its imports,
// as `go list -deps` sees them for GOOS=js GOARCH=wasm.
func wasmDeps(t *testing.T, main string) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, main)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list %s: %v\n%s", main, err, out)
	}
	deps := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		deps[f[0]] = f[1:]
	}
	if len(deps) < 10 {
		t.Fatalf("go list %s listed only %d packages:\n%s", main, len(deps), out)
	}
	return deps
}

// TestWasmDeps keeps server packages out of both WebAssembly files, the
// widget's and the studio's: each would add megabytes (GUIDE section 2).
// text/template and html/template must not be linked at all. net/http is
// imported by go-app's pkg/app itself (its server Handler lives in the
// same package), where the linker drops it as unreachable from a browser
// main; no other package may import it.
func TestWasmDeps(t *testing.T) {
	if testing.Short() {
		t.Skip("go list is slow-ish")
	}
	const goApp = "github.com/maxence-charriere/go-app/v10/pkg/app"
	forbidden := map[string]bool{"net/http": true, "text/template": true, "html/template": true}
	for _, main := range []string{"../cmd/wasm", "../cmd/studiowasm"} {
		for pkg, imports := range wasmDeps(t, main) {
			if pkg == "text/template" || pkg == "html/template" {
				t.Errorf("%s links %s", main, pkg)
			}
			if pkg == goApp || strings.HasPrefix(pkg, "net/http") || strings.HasPrefix(pkg, "vendor/") {
				continue
			}
			for _, imp := range imports {
				if forbidden[imp] {
					t.Errorf("%s: %s imports %s into the wasm", main, pkg, imp)
				}
			}
		}
	}
}

// TestWidgetWasmHasNoStudio: the agents' widget does not link the
// studio's pages, which have their own WebAssembly (cmd/studiowasm). Only
// a package the main does not import is certainly left out: the linker's
// dead-code elimination of an unreferenced route is not something to rely
// on. The studio's main must link them, or the test proves nothing.
func TestWidgetWasmHasNoStudio(t *testing.T) {
	if testing.Short() {
		t.Skip("go list is slow-ish")
	}
	const studio = "github.com/warmdesk/warmdesk/studioui"
	const widget = "github.com/warmdesk/warmdesk/widget"
	for _, c := range []struct {
		main       string
		want, deny []string
	}{
		{"../cmd/wasm", []string{widget}, []string{studio}},
		{"../cmd/studiowasm", []string{studio, widget}, nil},
	} {
		deps := wasmDeps(t, c.main)
		for _, p := range c.want {
			if _, ok := deps[p]; !ok {
				t.Errorf("%s does not link %s", c.main, p)
			}
		}
		for _, p := range c.deny {
			if _, ok := deps[p]; ok {
				t.Errorf("%s links %s", c.main, p)
			}
			for pkg, imports := range deps {
				for _, imp := range imports {
					if strings.HasPrefix(imp, p+"/") {
						t.Errorf("%s: %s imports %s", c.main, pkg, imp)
					}
				}
			}
		}
	}
}

// TestWidgetLinksThePipelineOnly: the agents' widget (cmd/wasm) links the
// pipeline's packages and none of what only the studio and the tools use:
// the feelings model's training, the library diff, the importers, the
// evaluation, the studio's pages and the server. By import, not by what
// the linker happens to drop. The studio's WebAssembly must link the diff,
// or the test proves nothing about it. The widget's usage events come from
// internal/usage, not the studio's API types, which hold a diff.
func TestWidgetLinksThePipelineOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("go list is slow-ish")
	}
	const mod = "github.com/warmdesk/warmdesk/"
	widget := wasmDeps(t, "../cmd/wasm")
	for _, p := range []string{"suggestions", "suggestions/lang", "suggestions/library", "suggestions/matching", "suggestions/feelings", "suggestions/tone", "suggestions/search"} {
		if _, ok := widget[mod+p]; !ok {
			t.Errorf("the widget does not link %s", p)
		}
	}
	for p := range widget {
		for _, deny := range []string{"suggestions/feelings/training", "suggestions/libio", "suggestions/evaluate", "suggestions/libdiff", "studioui", "internal/studioapi", "internal/auth", "internal/server", "internal/store", "internal/studio", "internal/codings", "tools/"} {
			if p == mod+deny || strings.HasPrefix(p, mod+deny+"/") {
				t.Errorf("the widget links %s", p)
			}
		}
	}
	if _, ok := wasmDeps(t, "../cmd/studiowasm")[mod+"suggestions/libdiff"]; !ok {
		t.Error("the studio does not link suggestions/libdiff: the widget's test of it proves nothing")
	}
}

package suggestions

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// wasmDeps lists the packages a browser main links, each with its
// imports, as `go list -deps` sees them for GOOS=js GOARCH=wasm.
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
	return deps
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

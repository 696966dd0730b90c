package app

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestWasmDeps keeps server packages out of the WebAssembly: each would add
// megabytes (GUIDE section 2). text/template and html/template must not be
// linked at all. net/http is imported by go-app's pkg/app itself (its
// server Handler lives in the same package), where the linker drops it as
// unreachable from the browser main; no other package may import it.
func TestWasmDeps(t *testing.T) {
	if testing.Short() {
		t.Skip("go list is slow-ish")
	}
	cmd := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "../cmd/wasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	const goApp = "github.com/maxence-charriere/go-app/v10/pkg/app"
	forbidden := map[string]bool{"net/http": true, "text/template": true, "html/template": true}
	seen := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg, imports := f[0], f[1:]
		seen++
		if pkg == "text/template" || pkg == "html/template" {
			t.Errorf("the wasm links %s", pkg)
		}
		if pkg == goApp || strings.HasPrefix(pkg, "net/http") || strings.HasPrefix(pkg, "vendor/") {
			continue
		}
		for _, imp := range imports {
			if forbidden[imp] {
				t.Errorf("%s imports %s into the wasm", pkg, imp)
			}
		}
	}
	if seen < 10 {
		t.Fatalf("go list listed only %d packages:\n%s", seen, out)
	}
}

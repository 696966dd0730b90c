package deadline

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
	"time"
)

func TestAfterCloses(t *testing.T) {
	start := time.Now()
	<-After(20 * time.Millisecond)
	if d := time.Since(start); d < 20*time.Millisecond {
		t.Fatalf("closed after %v, before its 20ms", d)
	}
	select {
	case <-After(time.Hour):
		t.Fatal("an hour's deadline is already closed")
	default:
	}
}

// TestTickerOnTimeInWasm builds testdata/ticker for js/wasm and runs it
// with Node (as the Go distribution's wasm_exec_node.js does): a frame
// ticker reset while a deadline.After wait ends early must fire within a
// frame or so, not when the next timer comes (2 s later). The same trial
// with time.After is logged: it shows whether this Go still has the
// runtime behaviour the package works around.
func TestTickerOnTimeInWasm(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a WebAssembly program")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is needed to run WebAssembly tests (scripts/test-deps.sh installs it with npm)")
	}
	wasm := filepath.Join(t.TempDir(), "ticker.wasm")
	build := exec.Command("go", "build", "-o", wasm, "./testdata/ticker")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building testdata/ticker: %v\n%s", err, out)
	}
	execJS := filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec_node.js")
	out, err := exec.Command(node, execJS, wasm).CombinedOutput()
	if err != nil {
		t.Fatalf("running it: %v\n%s", err, out)
	}
	took := map[string]time.Duration{}
	for _, m := range regexp.MustCompile(`(?m)^(\S+): (\S+)$`).FindAllStringSubmatch(string(out), -1) {
		d, err := time.ParseDuration(m[2])
		if err != nil {
			t.Fatalf("%q: %v", m[0], err)
		}
		took[m[1]] = d
	}
	after, ok := took["deadline.After"]
	if !ok || len(took) != 2 {
		t.Fatalf("output not understood:\n%s", out)
	}
	t.Logf("a 10ms ticker reset beside a wait that ended early fired after %v with deadline.After, %v with time.After", after, took["time.After"])
	if after > time.Second {
		t.Errorf("with deadline.After the ticker fired after %v: the runtime woke only for a later timer", after)
	}
}

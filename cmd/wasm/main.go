//go:build js && wasm

// Command wasm is the browser side of Warmdesk: the agent widget. It is
// built to web/app.wasm by scripts/build-wasm.sh and served by
// `warmdesk serve`. It is kept apart from the server's main so that the
// WebAssembly links no server code (net/http alone would add megabytes).
package main

import (
	"runtime/debug"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	wdapp "github.com/warmdesk/warmdesk/app"
)

func main() {
	// A WebAssembly memory only grows. Go's collector paces itself by the
	// clock, and on a busy single thread it lets the heap overshoot its
	// goal while compiling a library: the widget's memory then depends on
	// the machine's load (22 to 62 MB for the default library). A soft
	// limit makes it collect before the memory passes this size (it still
	// grows past it when the live data needs it).
	debug.SetMemoryLimit(wasmMemoryLimit)
	wdapp.Routes()
	app.RunWhenOnBrowser()
}

// wasmMemoryLimit is the soft limit of the Go heap in the browser: the
// issue's budget is 60 MB of wasm memory with 10,000 phrasings loaded.
const wasmMemoryLimit = 48 << 20

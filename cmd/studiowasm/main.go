//go:build js && wasm

// Command studiowasm is the browser side of the knowledge managers'
// studio (package studioui): its own WebAssembly, built to
// web/studio.wasm by scripts/build-wasm.sh, so that the agents' widget
// (cmd/wasm, web/app.wasm) does not carry the studio's pages. The server
// serves it to the pages under /studio.
package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/studioui"
)

func main() {
	studioui.Routes()
	app.RunWhenOnBrowser()
}

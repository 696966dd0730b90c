// Command wasm is the floor page's browser-only main (package floor),
// built by the browser benchmark with GOOS=js GOARCH=wasm.
package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/tools/benchbrowser/floor"
)

func main() {
	floor.Routes()
	app.RunWhenOnBrowser()
}

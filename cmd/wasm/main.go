//go:build js && wasm

// Command wasm is the browser side of Warmdesk's agent widget. It is
// built to web/app.wasm by scripts/build-wasm.sh and served by
// `warmdesk serve`. It is kept apart from the server's main so that the
// WebAssembly links no server code (net/http alone would add megabytes),
// and apart from the studio's (cmd/studiowasm) so that the widget every
// agent loads carries none of the knowledge managers' pages.
package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/widget"
)

func main() {
	widget.QuietStart() // until the first suggestions are on screen: Settle
	widget.WidgetRoutes()
	app.RunWhenOnBrowser()
}

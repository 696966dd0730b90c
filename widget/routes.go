package widget

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// WidgetPath is where the widget page lives; web/embed.js frames it.
const WidgetPath = "/widget"

// WidgetDirPath is the widget page of a static export (warmdesk export
// -static), written as widget/index.html: every static file server serves
// it at /widget/ and redirects /widget there, so the page's path in the
// browser is this one.
const WidgetDirPath = WidgetPath + "/"

// WidgetRoutes registers the widget's page. The widget's browser main
// (cmd/wasm) and the server both call it: the server prerenders routed
// pages and answers 404 for the others. The studio's pages are routed by
// package studioui, in their own WebAssembly (cmd/studiowasm), so that the
// widget's stays small.
func WidgetRoutes() {
	app.Route(WidgetPath, func() app.Composer { return &Widget{} })
	app.Route(WidgetDirPath, func() app.Composer { return &Widget{} })
}

package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// WidgetPath is where the widget page lives; web/embed.js frames it.
const WidgetPath = "/widget"

// WidgetDirPath is the widget page of a static export (warmdesk export
// -static), written as widget/index.html: every static file server serves
// it at /widget/ and redirects /widget there, so the page's path in the
// browser is this one.
const WidgetDirPath = WidgetPath + "/"

// Routes registers the widget's page and the studio's pages. The browser main and the server
// both call it: the server prerenders routed pages and answers 404 for
// the others.
func Routes() {
	app.Route(WidgetPath, func() app.Composer { return &Widget{} })
	app.Route(WidgetDirPath, func() app.Composer { return &Widget{} })
	studioRoutes()
}

package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// WidgetPath is where the widget page lives; web/embed.js frames it.
const WidgetPath = "/widget"

// Routes registers the widget's page and the studio's pages. The browser main and the server
// both call it: the server prerenders routed pages and answers 404 for
// the others.
func Routes() {
	app.Route(WidgetPath, func() app.Composer { return &Widget{} })
	studioRoutes()
}

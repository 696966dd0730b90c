// Package floor is the page the browser benchmark measures beside the
// widget: go-app v10 with one component and nothing of Warmdesk's, its
// main running in the browser only (floor/wasm). Its start-up is what the
// framework alone costs on the machine, in the same browser and the same
// run: the floor under the widget's own start-up.
package floor

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// MountedID is the id of the element the page shows once go-app has
// mounted it in the browser (the server's prerendered page has another).
const MountedID = "floor-mounted"

// Page renders one line, with MountedID once mounted.
type Page struct {
	app.Compo
	mounted bool
}

// OnMount runs in the browser only.
func (p *Page) OnMount(app.Context) { p.mounted = true }

// Render shows the line.
func (p *Page) Render() app.UI {
	id := "floor-prerendered"
	if p.mounted {
		id = MountedID
	}
	return app.Div().ID(id).Text("Hello from a bare go-app page")
}

// Path is where the page is.
const Path = "/floor"

// Routes registers the page at Path, in the server and in the browser.
func Routes() { app.Route(Path, func() app.Composer { return &Page{} }) }

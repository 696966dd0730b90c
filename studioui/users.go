package studioui

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/internal/studioapi"
)

// StudioUsers is the admins' page: accounts, their roles, new accounts,
// new passwords, removal.
type StudioUsers struct {
	app.Compo
	session studioSession

	users   []studioapi.User
	failure string
	notice  string
}

var roles = []string{studioapi.RoleEditor, studioapi.RolePublisher, studioapi.RoleAdmin}

// OnNav signs in and lists the accounts.
func (p *StudioUsers) OnNav(ctx app.Context) { p.session.begin(ctx, p.load) }

func (p *StudioUsers) load(ctx app.Context) {
	if !roleIncludes(p.session.Me.Role, studioapi.RoleAdmin) {
		p.failure = "Only admins manage accounts."
		return
	}
	callAPI(p.session.ctx, "GET", studioapi.Users, "", nil, func(ctx app.Context, r apiReply) {
		if problem := r.Into(&p.users); problem != "" {
			p.failure = problem
		}
	})
}

// change sends a change and reloads the list.
func (p *StudioUsers) change(ctx app.Context, method, path string, body any, done string) {
	callAPI(p.session.ctx, method, path, p.session.Me.CSRF, body, func(ctx app.Context, r apiReply) {
		if !r.OK() {
			p.failure, p.notice = r.Problem().Error, ""
			return
		}
		p.failure, p.notice = "", done
		p.load(ctx)
	})
}

func (p *StudioUsers) add(ctx app.Context, e app.Event) {
	e.PreventDefault()
	get := func(id string) string { return app.Window().GetElementByID(id).Get("value").String() }
	u := studioapi.UserChange{Name: get("st-new-name"), Role: get("st-new-role"), Password: get("st-new-password")}
	p.change(ctx, "POST", studioapi.Users, u, "Added "+u.Name+".")
	app.Window().GetElementByID("st-new-password").Set("value", "")
}

// Render draws the page.
func (p *StudioUsers) Render() app.UI {
	return studioLayout(&p.session, StudioUsersPath, func() []app.UI {
		return []app.UI{
			app.H1().Text("Users"),
			app.P().Class("st-hint").Text("Editors draft and save; publishers also publish and restore; admins also manage accounts."),
			app.If(p.notice != "", func() app.UI { return app.P().Class("st-notice").Attr("role", "status").Text(p.notice) }),
			app.If(p.failure != "", func() app.UI { return app.P().Class("st-error-text").Attr("role", "alert").Text(p.failure) }),
			app.Table().Class("st-table").Body(
				app.Caption().Class("sr-only").Text("Accounts"),
				app.THead().Body(app.Tr().Body(
					app.Th().Scope("col").Text("Name"), app.Th().Scope("col").Text("Role"),
					app.Th().Scope("col").Text("Created"), app.Th().Scope("col").Text("New password"), app.Th().Scope("col").Text(""),
				)),
				app.TBody().Body(app.Range(p.users).Slice(func(i int) app.UI {
					u := p.users[i]
					path := studioapi.UserPrefix + url.PathEscape(u.Name)
					pwID := "st-pw-" + u.Name
					return app.Tr().Body(
						app.Th().Scope("row").Text(u.Name),
						app.Td().Body(
							app.Select().Aria("label", "Role of "+u.Name).OnChange(func(ctx app.Context, e app.Event) {
								p.change(ctx, "PUT", path, studioapi.UserChange{Role: ctx.JSSrc().Get("value").String()}, u.Name+"'s role changed.")
							}, app.EventScope(u.Name)).Body(
								app.Range(roles).Slice(func(k int) app.UI {
									return app.Option().Value(roles[k]).Selected(roles[k] == u.Role).Text(roles[k])
								}),
							),
						),
						app.Td().Text(u.Created.Format("2 Jan 2006")),
						app.Td().Body(
							app.Form().Class("st-inline").OnSubmit(func(ctx app.Context, e app.Event) {
								e.PreventDefault()
								el := app.Window().GetElementByID(pwID)
								pw := el.Get("value").String()
								el.Set("value", "")
								p.change(ctx, "PUT", path, studioapi.UserChange{Password: pw}, u.Name+"'s password changed.")
							}, app.EventScope(u.Name)).Body(
								app.Input().ID(pwID).Type("password").Attr("autocomplete", "new-password").Aria("label", "New password for "+u.Name),
								app.Button().Type("submit").Class("wd-btn").Text("Set"),
							),
						),
						app.Td().Body(
							app.Button().Class("wd-link st-danger").Aria("label", "Remove "+u.Name).
								Disabled(u.Name == p.session.Me.Name).
								OnClick(func(ctx app.Context, e app.Event) {
									if app.Window().Call("confirm", "Remove "+u.Name+"? Their sessions end at once.").Bool() {
										p.change(ctx, "DELETE", path, nil, "Removed "+u.Name+".")
									}
								}, app.EventScope(u.Name)).Text("Remove"),
						),
					)
				})),
			),
			app.H2().Text("Add an account"),
			app.Form().ID("st-add-user").Class("st-row").OnSubmit(p.add).Body(
				app.Div().Class("st-field").Body(app.Label().For("st-new-name").Text("Name"),
					app.Input().ID("st-new-name").Type("text").Required(true).Attr("autocomplete", "off")),
				app.Div().Class("st-field st-narrow").Body(app.Label().For("st-new-role").Text("Role"),
					app.Select().ID("st-new-role").Body(app.Range(roles).Slice(func(k int) app.UI { return app.Option().Value(roles[k]).Text(roles[k]) }))),
				app.Div().Class("st-field").Body(app.Label().For("st-new-password").Text("Password (10 characters or more)"),
					app.Input().ID("st-new-password").Type("password").Required(true).Attr("minlength", "10").Attr("autocomplete", "new-password")),
				app.Button().Type("submit").Class("wd-btn wd-primary").Text("Add"),
			),
		}
	})
}

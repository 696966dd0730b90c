package studioui

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/internal/studioapi"
	"github.com/warmdesk/warmdesk/widget"
)

// The studio's pages: where knowledge managers sign in, edit the library,
// look through revisions, publish, and read the quality report and the
// usage figures. Each page is a thin component over plain Go (Editor,
// the report and usage tables) and talks to the studio API with the
// browser's fetch: net/http stays out of the WebAssembly.

// Studio paths.
const (
	StudioPath          = "/studio"
	StudioLoginPath     = "/studio/login"
	StudioRevisionsPath = "/studio/revisions"
	StudioReportPath    = "/studio/report"
	StudioUsagePath     = "/studio/usage"
	StudioUsersPath     = "/studio/users"
)

// Routes registers the studio's pages. The studio's browser main
// (cmd/studiowasm) and the server call it; the widget's main does not, so
// none of this package is linked into the widget's WebAssembly.
func Routes() {
	app.Route(StudioPath, func() app.Composer { return &StudioLibrary{} })
	app.Route(StudioLoginPath, func() app.Composer { return &StudioLogin{} })
	app.Route(StudioRevisionsPath, func() app.Composer { return &StudioRevisions{} })
	app.Route(StudioReportPath, func() app.Composer { return &StudioReport{} })
	app.Route(StudioUsagePath, func() app.Composer { return &StudioUsage{} })
	app.Route(StudioUsersPath, func() app.Composer { return &StudioUsers{} })
}

// apiReply is an answer of the studio API.
type apiReply struct {
	Status int
	Body   []byte
	Err    error // the request did not get an answer
}

func (r apiReply) OK() bool { return r.Err == nil && r.Status >= 200 && r.Status < 300 }

// Into decodes a successful JSON answer into v and returns "", or returns
// what went wrong, for people: the server's problem (Problem), or an
// answer that is not the JSON expected.
func (r apiReply) Into(v any) (problem string) {
	if !r.OK() {
		return r.Problem().Error
	}
	if err := r.Decode(v); err != nil {
		return err.Error()
	}
	return ""
}

// Decode reads a JSON answer.
func (r apiReply) Decode(v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		return fmt.Errorf("the server's answer is not the JSON expected: %w", err)
	}
	return nil
}

// Problem is the error an answer carries, in words for people.
func (r apiReply) Problem() studioapi.Error {
	if r.Err != nil {
		return studioapi.Error{Error: "The server could not be reached (" + r.Err.Error() + "). Nothing was lost here: try again."}
	}
	var e studioapi.Error
	if json.Unmarshal(r.Body, &e) != nil || e.Error == "" {
		e.Error = fmt.Sprintf("The server answered HTTP %d.", r.Status)
	}
	return e
}

// callAPI sends a request to the studio API with fetch and calls done on
// the UI goroutine. csrf is the session's token, sent with every change.
func callAPI(ctx app.Context, method, path, csrf string, body any, done func(app.Context, apiReply)) {
	headers := map[string]any{"Accept": "application/json"}
	opts := map[string]any{"method": method, "credentials": "same-origin", "cache": "no-store", "headers": headers}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			done(ctx, apiReply{Err: err})
			return
		}
		headers["Content-Type"] = "application/json"
		opts["body"] = string(b)
	}
	if csrf != "" {
		headers[studioapi.CSRFHeader] = csrf
	}
	fail := func(err error) { ctx.Dispatch(func(ctx app.Context) { done(ctx, apiReply{Err: err}) }) }
	widget.Promise(app.Window().Call("fetch", path, opts), func(resp app.Value) {
		status := resp.Get("status").Int()
		widget.Promise(resp.Call("text"), func(text app.Value) {
			b := []byte(text.String())
			ctx.Dispatch(func(ctx app.Context) { done(ctx, apiReply{Status: status, Body: b}) })
		}, fail)
	}, fail)
}

// roleIncludes mirrors store.Role.Includes for the pages (which cannot
// import the store): editor < publisher < admin.
func roleIncludes(role, need string) bool {
	rank := map[string]int{studioapi.RoleEditor: 1, studioapi.RolePublisher: 2, studioapi.RoleAdmin: 3}
	return rank[role] > 0 && rank[need] > 0 && rank[role] >= rank[need]
}

// studioSession is the signed-in account, loaded by every page.
type studioSession struct {
	Me      studioapi.Me
	State   string // "loading", "ready" or "failed"
	Failure string
	// ctx is the page component's context. Answers and timers use it, not
	// the context of the button that asked: go-app drops a dispatch whose
	// source element is gone, and buttons come and go.
	ctx app.Context
}

// begin loads the account, sends the browser to the sign-in page when
// there is none, and then calls ready.
func (s *studioSession) begin(ctx app.Context, ready func(app.Context)) {
	s.ctx = ctx
	s.State = "loading"
	callAPI(ctx, "GET", studioapi.MePath, "", nil, func(ctx app.Context, r apiReply) {
		switch {
		case r.Status == 401:
			ctx.Navigate(StudioLoginPath + "?next=" + url.QueryEscape(app.Window().URL().Path))
		case !r.OK():
			s.State, s.Failure = "failed", r.Problem().Error
		default:
			if err := r.Decode(&s.Me); err != nil {
				s.State, s.Failure = "failed", err.Error()
				return
			}
			s.State = "ready"
			ready(ctx)
		}
	})
}

// signOut ends the session on the server and goes to the sign-in page.
func (s *studioSession) signOut(ctx app.Context, e app.Event) {
	callAPI(s.ctx, "POST", studioapi.Logout, s.Me.CSRF, nil, func(ctx app.Context, r apiReply) {
		ctx.Navigate(StudioLoginPath)
	})
}

// navItem is a link of the studio's navigation.
type navItem struct {
	Path, Label, Need string
}

var studioNav = []navItem{
	{StudioPath, "Library", studioapi.RoleEditor},
	{StudioRevisionsPath, "Revisions", studioapi.RoleEditor},
	{StudioReportPath, "Quality report", studioapi.RoleEditor},
	{StudioUsagePath, "Usage", studioapi.RoleEditor},
	{StudioUsersPath, "Users", studioapi.RoleAdmin},
}

// studioLayout is the frame of every signed-in page: a skip link, the
// navigation with the current page marked, the account and sign-out, and
// the page's content, or the loading and failure states.
func studioLayout(s *studioSession, active string, content func() []app.UI) app.UI {
	var body []app.UI
	switch s.State {
	case "ready":
		body = content()
		if s.Me.Database != "" {
			body = append([]app.UI{app.Div().ID("st-db-problem").Class("st-card st-error").Attr("role", "alert").Body(
				app.H2().Text("Saving is off"),
				app.P().Text(s.Me.Database),
			)}, body...)
		}
	case "failed":
		body = []app.UI{app.Div().Class("st-card st-error").Attr("role", "alert").Body(
			app.H2().Text("The studio could not load"),
			app.P().Text(s.Failure),
		)}
	default:
		body = []app.UI{app.P().Class("st-loading").Aria("busy", "true").Body(
			app.Span().Class("wd-spinner").Aria("hidden", "true"), app.Text("Loading…"))}
	}
	return app.Div().Class("st").Body(
		app.A().Class("st-skip").Href("#st-main").Text("Skip to content"),
		app.Header().Class("st-head").Body(
			app.A().Class("st-brand").Href(StudioPath).Body(
				app.Span().Text("Warmdesk studio"),
			),
			app.Nav().Aria("label", "Studio").Body(
				app.Ul().Class("st-nav").Body(
					app.Range(studioNav).Slice(func(i int) app.UI {
						n := studioNav[i]
						if s.State == "ready" && !roleIncludes(s.Me.Role, n.Need) {
							return nil
						}
						a := app.A().Href(n.Path).Text(n.Label)
						if n.Path == active {
							a = a.Aria("current", "page")
						}
						return app.Li().Body(a)
					}),
				),
			),
			app.If(s.State == "ready", func() app.UI {
				return app.Div().Class("st-account").Body(
					app.Span().Body(app.Strong().Text(s.Me.Name), app.Text(" · "+s.Me.Role)),
					app.Button().Class("wd-btn").OnClick(s.signOut).Text("Sign out"),
				)
			}),
		),
		app.Main().ID("st-main").Class("st-main").TabIndex(-1).Body(body...),
	)
}

// StudioLogin is the sign-in page.
type StudioLogin struct {
	app.Compo
	next    string
	failure string
	busy    bool
}

// OnNav reads where to go after signing in (a studio page only).
func (p *StudioLogin) OnNav(ctx app.Context) {
	p.next = safeNext(ctx.Page().URL().Query().Get("next"))
}

// safeNext keeps a redirect inside the studio: no other site, no scheme.
func safeNext(next string) string {
	if next == StudioPath || (strings.HasPrefix(next, StudioPath+"/") && !strings.HasPrefix(next, "//") && !strings.Contains(next, "\\")) {
		return next
	}
	return StudioPath
}

// Render draws the sign-in form.
func (p *StudioLogin) Render() app.UI {
	return app.Div().Class("st st-login").Body(
		app.Main().ID("st-main").Class("st-card st-login-card").Body(
			app.Div().Class("st-brand").Body(
				app.H1().Text("Warmdesk studio"),
			),
			app.P().Class("st-hint").Text("Sign in to curate the replies your agents send."),
			app.Form().ID("st-login").OnSubmit(p.submit).Body(
				app.Label().For("st-name").Text("Name"),
				app.Input().ID("st-name").Name("name").Type("text").AutoComplete(true).Attr("autocomplete", "username").Required(true).AutoFocus(true),
				app.Label().For("st-password").Text("Password"),
				app.Input().ID("st-password").Name("password").Type("password").Attr("autocomplete", "current-password").Required(true),
				app.If(p.failure != "", func() app.UI {
					return app.P().ID("st-login-error").Class("st-error-text").Attr("role", "alert").Text(p.failure)
				}),
				app.Button().Type("submit").Class("wd-btn wd-primary").Disabled(p.busy).Text("Sign in"),
			),
		),
	)
}

func (p *StudioLogin) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	doc := app.Window().Get("document")
	name := doc.Call("getElementById", "st-name").Get("value").String()
	pw := doc.Call("getElementById", "st-password").Get("value").String()
	p.busy, p.failure = true, ""
	callAPI(ctx, "POST", studioapi.Login, "", studioapi.Credentials{Name: name, Password: pw}, func(ctx app.Context, r apiReply) {
		p.busy = false
		if !r.OK() {
			p.failure = r.Problem().Error
			if r.Status == 401 {
				p.failure = "Wrong name or password."
			}
			return
		}
		ctx.Navigate(p.next)
	})
}

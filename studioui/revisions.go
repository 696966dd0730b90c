package studioui

import (
	"fmt"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/internal/studioapi"
	"github.com/warmdesk/warmdesk/suggestions/libdiff"
)

// StudioRevisions lists every revision, newest first: who saved it, when
// and why, which one agents get; compares any two; publishes and
// restores (publishers).
type StudioRevisions struct {
	app.Compo
	session studioSession

	list    *studioapi.RevisionList
	failure string
	notice  string

	diffA, diffB int64
	diff         *libdiff.LibraryDiff
	diffBusy     bool

	// confirm is a publish the server held back: the revision's
	// error-severity tone findings, shown one by one before publishing
	// anyway (tone.go).
	confirm *publishConfirm
}

// OnNav signs in and lists the revisions.
func (p *StudioRevisions) OnNav(ctx app.Context) { p.session.begin(ctx, p.load) }

func (p *StudioRevisions) load(ctx app.Context) {
	callAPI(p.session.ctx, "GET", studioapi.Revisions, "", nil, func(ctx app.Context, r apiReply) {
		var l studioapi.RevisionList
		if problem := r.Into(&l); problem != "" {
			p.failure = problem
			return
		}
		p.list = &l
		if p.diffA == 0 && len(l.Revisions) > 1 {
			p.compare(ctx, l.Revisions[1].ID, l.Revisions[0].ID)
		}
	})
}

func (p *StudioRevisions) compare(ctx app.Context, a, b int64) {
	p.diffA, p.diffB, p.diffBusy = a, b, true
	callAPI(p.session.ctx, "GET", fmt.Sprintf("%s?a=%d&b=%d", studioapi.DiffPath, a, b), "", nil, func(ctx app.Context, r apiReply) {
		p.diffBusy = false
		var d studioapi.DiffResponse
		if problem := r.Into(&d); problem != "" {
			p.failure = problem
			return
		}
		if d.A == p.diffA && d.B == p.diffB {
			p.diff = &d.Changes
		}
	})
}

func (p *StudioRevisions) act(ctx app.Context, id int64, what string) {
	p.send(ctx, id, what, nil)
}

// send posts a publish or restore; confirm is the publish confirmation
// the publisher gave, if any.
func (p *StudioRevisions) send(ctx app.Context, id int64, what string, confirm []string) {
	path := fmt.Sprintf("%s%d/%s", studioapi.RevPrefix, id, what)
	var body any
	if what == "restore" && p.list != nil {
		body = studioapi.RestoreRequest{Base: p.list.Head}
	}
	if what == "publish" && confirm != nil {
		body = studioapi.PublishRequest{Confirm: confirm}
	}
	callAPI(p.session.ctx, "POST", path, p.session.Me.CSRF, body, func(ctx app.Context, r apiReply) {
		p.confirm = nil
		if !r.OK() {
			prob := r.Problem()
			if what == "publish" && len(prob.Tone) > 0 {
				p.confirm, p.failure, p.notice = &publishConfirm{id: id, findings: prob.Tone, message: prob.Error}, "", ""
				p.focus(ctx, "st-confirm-cancel")
				return
			}
			p.failure, p.notice = prob.Error, ""
			return
		}
		var info studioapi.RevisionInfo
		r.Decode(&info)
		p.failure = ""
		if what == "publish" {
			p.notice = fmt.Sprintf("Revision %d is published: open widgets switch to it within a minute.", id)
		} else {
			p.notice = fmt.Sprintf("Revision %d restored as revision %d. Publish it to give it to agents.", id, info.ID)
		}
		p.load(ctx)
	})
}

// Render draws the page.
func (p *StudioRevisions) Render() app.UI {
	return studioLayout(&p.session, StudioRevisionsPath, func() []app.UI {
		canPublish := roleIncludes(p.session.Me.Role, studioapi.RolePublisher)
		out := []app.UI{
			app.H1().Text("Revisions"),
			app.P().Class("st-hint").Text("Every save is kept. Agents get the published revision; restoring an old one saves it again as the newest, so nothing is ever lost."),
			app.If(p.notice != "", func() app.UI { return app.P().ID("st-notice").Class("st-notice").Attr("role", "status").Text(p.notice) }),
			app.If(p.failure != "", func() app.UI { return app.P().Class("st-error-text").Attr("role", "alert").Text(p.failure) }),
			app.If(p.confirm != nil, p.renderConfirm),
		}
		if p.list == nil {
			return append(out, app.P().Class("st-loading").Text("Loading…"))
		}
		revs := p.list.Revisions
		out = append(out, app.Table().ID("st-revisions").Class("st-table").Body(
			app.Caption().Class("sr-only").Text("Revisions, newest first"),
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text("#"), app.Th().Scope("col").Text("Message"), app.Th().Scope("col").Text("By"),
				app.Th().Scope("col").Text("Saved"), app.Th().Scope("col").Text("Status"), app.Th().Scope("col").Text("Actions"),
			)),
			app.TBody().Body(app.Range(revs).Slice(func(i int) app.UI {
				r := revs[i]
				status := app.UI(nil)
				if r.Live {
					status = app.Span().Class("st-live").Text("published")
				} else if r.Published != nil {
					status = app.Span().Class("st-tag").Text("was published")
				}
				prev := r.Base
				if prev == 0 && i+1 < len(revs) {
					prev = revs[i+1].ID
				}
				return app.Tr().ID("st-rev-"+strconv.FormatInt(r.ID, 10)).Body(
					app.Th().Scope("row").Class("num").Text(r.ID),
					app.Td().Dir("auto").Text(r.Message),
					app.Td().Text(r.Author),
					app.Td().Text(r.Created.Local().Format("2 Jan 2006 15:04")),
					app.Td().Body(status),
					app.Td().Class("st-actions").Body(
						app.If(prev > 0, func() app.UI {
							return app.Button().Class("wd-btn").Aria("label", fmt.Sprintf("Changes in revision %d since %d", r.ID, prev)).
								OnClick(func(ctx app.Context, e app.Event) { p.compare(ctx, prev, r.ID) }, app.EventScope(r.ID)).Text("Changes")
						}),
						app.If(canPublish && !r.Live, func() app.UI {
							return app.Button().ID(fmt.Sprintf("st-publish-%d", r.ID)).Class("wd-btn wd-primary").
								OnClick(func(ctx app.Context, e app.Event) { p.act(ctx, r.ID, "publish") }, app.EventScope(r.ID)).Text("Publish")
						}),
						app.If(canPublish && r.ID != p.list.Head, func() app.UI {
							return app.Button().Class("wd-btn").Aria("label", fmt.Sprintf("Restore revision %d", r.ID)).
								OnClick(func(ctx app.Context, e app.Event) { p.act(ctx, r.ID, "restore") }, app.EventScope(r.ID)).Text("Restore")
						}),
					),
				)
			})),
		))
		if len(revs) > 1 {
			ids := make([]string, len(revs))
			for i, r := range revs {
				ids[i] = strconv.FormatInt(r.ID, 10)
			}
			pick := func(id, label string, cur int64, set func(int64)) app.UI {
				return app.Div().Class("st-field st-narrow").Body(
					app.Label().For(id).Text(label),
					app.Select().ID(id).OnChange(func(ctx app.Context, e app.Event) {
						n, _ := strconv.ParseInt(ctx.JSSrc().Get("value").String(), 10, 64)
						set(n)
						p.compare(ctx, p.diffA, p.diffB)
					}).Body(app.Range(ids).Slice(func(k int) app.UI {
						return app.Option().Value(ids[k]).Selected(ids[k] == strconv.FormatInt(cur, 10)).Text("Revision " + ids[k])
					})),
				)
			}
			out = append(out, app.Section().ID("st-diff").Class("st-card").Aria("labelledby", "st-diff-h").Body(
				app.H2().ID("st-diff-h").Text("Compare"),
				app.Div().Class("st-row").Body(
					pick("st-diff-a", "From", p.diffA, func(n int64) { p.diffA = n }),
					pick("st-diff-b", "To", p.diffB, func(n int64) { p.diffB = n }),
				),
				app.If(p.diffBusy, func() app.UI { return app.P().Class("st-loading").Aria("busy", "true").Text("Comparing…") }).
					Else(func() app.UI {
						if p.diff == nil {
							return nil
						}
						return renderDiff(*p.diff)
					}),
			))
		}
		return out
	})
}

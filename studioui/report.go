package studioui

import (
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/internal/studioapi"
)

// StudioReport shows the quality report of the newest revision, with the
// progress while the server computes it.
type StudioReport struct {
	app.Compo
	session studioSession

	status  *studioapi.ReportStatus
	failure string
}

// OnNav signs in and asks for the report.
func (p *StudioReport) OnNav(ctx app.Context) { p.session.begin(ctx, p.load) }

// load asks for the report until it is done, every half second.
func (p *StudioReport) load(ctx app.Context) {
	callAPI(p.session.ctx, "GET", studioapi.ReportPath, "", nil, func(ctx app.Context, r apiReply) {
		var st studioapi.ReportStatus
		if problem := r.Into(&st); problem != "" {
			p.failure = problem
			return
		}
		p.status = &st
		if st.State == studioapi.ReportQueued || st.State == studioapi.ReportRunning {
			ctx.After(500*time.Millisecond, p.load)
		}
	})
}

// Render draws the page.
func (p *StudioReport) Render() app.UI {
	return studioLayout(&p.session, StudioReportPath, func() []app.UI {
		out := []app.UI{app.H1().Text("Quality report")}
		if p.failure != "" {
			return append(out, app.P().Class("st-error-text").Attr("role", "alert").Text(p.failure))
		}
		st := p.status
		if st == nil {
			return append(out, app.P().Class("st-loading").Text("Loading…"))
		}
		if st.State != studioapi.ReportDone {
			return append(out, renderProgress(st))
		}
		return append(out, renderReport(st.Revision, st.Report)...)
	})
}

func renderProgress(st *studioapi.ReportStatus) app.UI {
	if st.State == studioapi.ReportFailed {
		return app.P().Class("st-error-text").Attr("role", "alert").Text("The report failed: " + st.Error)
	}
	label := fmt.Sprintf("Computing the report of revision %d…", st.Revision)
	return app.Div().Class("st-card").Aria("busy", "true").Body(
		app.Label().For("st-progress").Text(label),
		app.Progress().ID("st-progress").Max(max(st.Total, 1)).Value(st.Done).Text(fmt.Sprintf("%d of %d", st.Done, st.Total)),
	)
}

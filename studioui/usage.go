package studioui

import (
	"fmt"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/internal/studioapi"
	"github.com/warmdesk/warmdesk/internal/words"
)

// StudioUsage shows how agents use the published library over 7 or 30
// days: per reply and per intent, how often it was suggested and inserted,
// the acceptance rate and how much agents rewrote it, with the replies to
// look at flagged.
type StudioUsage struct {
	app.Compo
	session studioSession

	days    int
	report  *studioapi.UsageReport
	failure string
}

// OnNav signs in and loads the figures.
func (p *StudioUsage) OnNav(ctx app.Context) {
	p.days = 7
	if ctx.Page().URL().Query().Get("days") == "30" {
		p.days = 30
	}
	p.session.begin(ctx, p.load)
}

func (p *StudioUsage) load(ctx app.Context) {
	callAPI(p.session.ctx, "GET", studioapi.UsagePath+"?days="+strconv.Itoa(p.days), "", nil, func(ctx app.Context, r apiReply) {
		var u studioapi.UsageReport
		if problem := r.Into(&u); problem != "" {
			p.failure = problem
			return
		}
		p.report, p.failure = &u, ""
	})
}

// UsageFlags lists the replies to look at: rewritten heavily, or never
// picked although suggested, and never suggested at all.
func UsageFlags(u *studioapi.UsageReport) (rewritten, unpicked, unseen []studioapi.ReplyUsage) {
	if u == nil {
		return
	}
	for _, r := range u.Replies {
		switch {
		case r.Gone:
		case r.HeavilyRewritten:
			rewritten = append(rewritten, r)
		case r.NeverPicked && r.Suggested > 0:
			unpicked = append(unpicked, r)
		case r.Suggested == 0:
			unseen = append(unseen, r)
		}
	}
	return
}

// IntentBars charts each intent's acceptance rate (intents never
// suggested are left out).
func IntentBars(u *studioapi.UsageReport) []Bar {
	var bars []Bar
	if u == nil {
		return nil
	}
	for _, in := range u.Intents {
		if in.Suggested == 0 {
			continue
		}
		label := in.Title
		if label == "" {
			label = in.Intent
		}
		bars = append(bars, Bar{Label: label, Value: in.Acceptance, Text: percent(in.Acceptance), Warn: in.Acceptance < 0.2})
	}
	return bars
}

// Render draws the page.
func (p *StudioUsage) Render() app.UI {
	return studioLayout(&p.session, StudioUsagePath, func() []app.UI {
		u := p.report
		head := []app.UI{
			app.H1().Text("Usage"),
			app.P().Class("st-hint").Text("What agents did with the suggestions, as their widgets reported it: no customer text is ever sent. " +
				"Acceptance is inserted ÷ suggested; edit is how much of a reply agents changed before inserting or sending it (0% untouched, 100% rewritten)."),
			app.Div().Class("st-tabs").Attr("role", "group").Aria("label", "Period").Body(
				app.Range([]int{7, 30}).Slice(func(i int) app.UI {
					d := []int{7, 30}[i]
					return app.Button().Class("wd-btn").Aria("pressed", strconv.FormatBool(p.days == d)).
						OnClick(func(ctx app.Context, e app.Event) { p.days = d; p.report = nil; p.load(ctx) }, app.EventScope(d)).
						Text(fmt.Sprintf("Last %d days", d))
				}),
			),
		}
		if p.failure != "" {
			return append(head, app.P().Class("st-error-text").Attr("role", "alert").Text(p.failure))
		}
		if u == nil {
			return append(head, app.P().Class("st-loading").Aria("busy", "true").Text("Loading…"))
		}
		rewritten, unpicked, unseen := UsageFlags(u)
		flagList := func(title, why string, rs []studioapi.ReplyUsage) app.UI {
			return app.Section().Class("st-card st-flag").Body(
				app.H2().Text(fmt.Sprintf("%s (%d)", title, len(rs))),
				app.P().Class("st-hint").Text(why),
				app.If(len(rs) == 0, func() app.UI { return app.P().Class("st-ok").Text("None.") }).Else(func() app.UI {
					return app.Ul().Body(app.Range(rs).Slice(func(i int) app.UI {
						r := rs[i]
						return app.Li().Body(app.Strong().Dir("auto").Text(replyLabel(r)), app.Span().Class("st-hint").Dir("auto").Text(" · "+intentOf(r)))
					}))
				}),
			)
		}
		tooFew := 0
		for _, r := range u.Replies {
			if r.TooFew {
				tooFew++
			}
		}
		from := usageFrom(u)
		return append(head,
			app.P().ID("st-usage-since").Text(UsageSince(u)),
			app.P().ID("st-usage-verdict").Class("st-hint").Text(fmt.Sprintf("A reply is judged once it was suggested %s in the period; %s.",
				words.Count(u.MinSuggested, "time"), words.Plural(tooFew, "reply was suggested fewer times and is not judged yet", "replies were suggested fewer times and are not judged yet"))),
			app.If(u.RefusedBatches > 0, func() app.UI {
				return app.P().ID("st-usage-refused").Class("st-hint").Text(fmt.Sprintf(
					"Since the server started it refused %s in %s: malformed, too many from one address, or not of the library in use. They are not in these figures.",
					words.Count(int(u.RefusedEvents), "usage event"), words.Count(int(u.RefusedBatches), "batch")))
			}),
			app.Div().Class("st-flags").Body(
				flagList("Rewritten heavily", fmt.Sprintf("Agents change more than %s of these before sending: the words may not fit.", percent(u.HeavyEdit)), rewritten),
				flagList("Suggested but never picked", fmt.Sprintf("Suggested at least %s, and agents always chose something else.", words.Count(u.MinSuggested, "time")), unpicked),
				flagList("Never suggested", "No ticket matched these in the period.", unseen),
			),
			app.H2().Text("Acceptance per intent"),
			app.If(len(IntentBars(u)) > 0, func() app.UI { return barChart("Acceptance rate per intent", IntentBars(u)) }).
				Else(func() app.UI { return app.P().Class("wd-hint").Text("No suggestions were reported in this period.") }),
			app.Table().ID("st-usage-intents").Class("st-table").Body(
				app.Caption().Text("Per intent"),
				app.THead().Body(app.Tr().Body(
					app.Th().Scope("col").Text("Intent"), app.Th().Scope("col").Text("Suggested"), app.Th().Scope("col").Text("Inserted"),
					app.Th().Scope("col").Text("Sent"), app.Th().Scope("col").Text("Acceptance"), app.Th().Scope("col").Text("Mean edit"),
					app.Th().Scope("col").Text("Per day"),
				)),
				app.TBody().Body(app.Range(u.Intents).Slice(func(i int) app.UI {
					in := u.Intents[i]
					label := in.Title
					if label == "" {
						label = in.Intent
					}
					return app.Tr().Body(
						app.Th().Scope("row").Dir("auto").Text(label),
						app.Td().Class("num").Text(in.Suggested), app.Td().Class("num").Text(in.Inserted), app.Td().Class("num").Text(in.Sent),
						app.Td().Class("num").Text(percent(in.Acceptance)), app.Td().Class("num").Text(percent(in.MeanEdit)),
						app.Td().Body(sparkline(label, in.Days, from, u.Days)),
					)
				})),
			),
			app.Table().ID("st-usage-replies").Class("st-table").Body(
				app.Caption().Text("Per reply"),
				app.THead().Body(app.Tr().Body(
					app.Th().Scope("col").Text("Reply"), app.Th().Scope("col").Text("Intent"), app.Th().Scope("col").Text("Suggested"),
					app.Th().Scope("col").Text("Inserted"), app.Th().Scope("col").Text("Sent"), app.Th().Scope("col").Text("Acceptance"),
					app.Th().Scope("col").Text("Mean edit"), app.Th().Scope("col").Text("Per day"), app.Th().Scope("col").Text("Flags"),
				)),
				app.TBody().Body(app.Range(u.Replies).Slice(func(i int) app.UI {
					r := u.Replies[i]
					var flags []app.UI
					if r.HeavilyRewritten {
						flags = append(flags, app.Span().Class("wd-badge").Text("rewritten heavily"))
					}
					if r.NeverPicked {
						flags = append(flags, app.Span().Class("wd-badge").Text("never picked"))
					}
					if r.TooFew {
						flags = append(flags, app.Span().Class("st-tag").Text("too few to judge"))
					}
					if r.Gone {
						flags = append(flags, app.Span().Class("st-tag").Text("no longer in the library"))
					}
					return app.Tr().Body(
						app.Th().Scope("row").Dir("auto").Text(replyLabel(r)),
						app.Td().Dir("auto").Text(intentOf(r)),
						app.Td().Class("num").Text(r.Suggested), app.Td().Class("num").Text(r.Inserted), app.Td().Class("num").Text(r.Sent),
						app.Td().Class("num").Text(percent(r.Acceptance)), app.Td().Class("num").Text(percent(r.MeanEdit)),
						app.Td().Body(sparkline(replyLabel(r), r.Days, from, u.Days)),
						app.Td().Body(flags...),
					)
				})),
			),
		)
	})
}

// usageFrom is the first day the day charts show: the period's first.
func usageFrom(u *studioapi.UsageReport) time.Time {
	return u.Since.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
}

// UsageSince says from when the figures run: the period asked for, or,
// when the widgets began to report within it, their first day.
func UsageSince(u *studioapi.UsageReport) string {
	rev := fmt.Sprintf("for the replies of revision %d", u.Revision)
	switch {
	case u.FirstEvent.IsZero():
		return fmt.Sprintf("No widget has reported anything in the last %s (%s).", words.Count(u.Days, "day"), rev)
	case u.FirstEvent.After(u.Since):
		return fmt.Sprintf("Figures since %s, when the widgets first reported (the period asked for is the last %s), %s.",
			u.FirstEvent.Format("2 Jan 2006"), words.Count(u.Days, "day"), rev)
	}
	return fmt.Sprintf("Figures since %s, %s.", u.Since.Format("2 Jan 2006"), rev)
}

func replyLabel(r studioapi.ReplyUsage) string {
	if r.Title != "" {
		return r.Title
	}
	return r.Reply
}

func intentOf(r studioapi.ReplyUsage) string {
	if r.IntentTitle != "" {
		return r.IntentTitle
	}
	return r.Intent
}

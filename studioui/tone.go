package studioui

import (
	"fmt"
	"sort"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/internal/studioapi"
	"github.com/warmdesk/warmdesk/internal/words"
	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// Nothing reaches customers unseen: a revision may be saved with
// error-severity tone findings (work in progress), but publishing it asks
// for a confirmation that names each finding, and the quality report puts
// those findings first.

// publishConfirm is a publish the server held back for tone errors.
type publishConfirm struct {
	id       int64
	findings []suggestions.ToneFinding
	message  string
}

// renderConfirm asks the publisher to look at each tone error of the
// revision before publishing it anyway.
func (p *StudioRevisions) renderConfirm() app.UI {
	c := p.confirm
	return app.Section().ID("st-publish-confirm").Class("st-card st-confirm").Attr("role", "alertdialog").
		Aria("labelledby", "st-confirm-h").Aria("describedby", "st-confirm-d").Body(
		app.H2().ID("st-confirm-h").Text(fmt.Sprintf("Publish revision %d with %s?", c.id,
			words.Plural(len(c.findings), "tone error", "tone errors"))),
		app.P().ID("st-confirm-d").Text("Agents will send these words to customers as they are. Fix them in the library and save, or confirm each one to publish anyway."),
		toneFindingTable("st-confirm-findings", "Tone errors in this revision", c.findings),
		app.Div().Class("wd-actions").Body(
			app.Button().ID("st-confirm-publish").Class("wd-btn st-danger").
				OnClick(func(ctx app.Context, e app.Event) { p.send(ctx, c.id, "publish", confirmKeys(c.findings)) }).
				Text(fmt.Sprintf("Publish anyway, with %s", words.Plural(len(c.findings), "tone error", "tone errors"))),
			app.Button().ID("st-confirm-cancel").Class("wd-btn wd-primary").
				OnClick(func(ctx app.Context, e app.Event) { p.confirm = nil }).Text("Don't publish"),
		),
	)
}

func (p *StudioRevisions) focus(ctx app.Context, id string) {
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Call("focus")
		}
	})
}

// confirmKeys are the confirmations of fs the server expects.
func confirmKeys(fs []suggestions.ToneFinding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = studioapi.ToneKey(f)
	}
	return out
}

// ToneBySeverity returns the findings errors first, then warnings, then
// suggestions, keeping the library's order within each.
func ToneBySeverity(fs []suggestions.ToneFinding) []suggestions.ToneFinding {
	out := append([]suggestions.ToneFinding(nil), fs...)
	sort.SliceStable(out, func(i, j int) bool {
		return library.SeverityRank(out[i].Severity) < library.SeverityRank(out[j].Severity)
	})
	return out
}

// ToneErrors are the error-severity findings.
func ToneErrors(fs []suggestions.ToneFinding) []suggestions.ToneFinding {
	var out []suggestions.ToneFinding
	for _, f := range fs {
		if f.Severity == library.SeverityError {
			out = append(out, f)
		}
	}
	return out
}

// toneFindingTable lists tone findings: where, the words, the rule and
// why, and the rewording offered.
func toneFindingTable(id, caption string, fs []suggestions.ToneFinding) app.UI {
	return app.Table().ID(id).Class("st-table").Body(
		app.Caption().Class("sr-only").Text(caption),
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text("Where"), app.Th().Scope("col").Text("Text"), app.Th().Scope("col").Text("Rule"),
			app.Th().Scope("col").Text("Why"), app.Th().Scope("col").Text("Try"),
		)),
		app.TBody().Body(app.Range(fs).Slice(func(i int) app.UI {
			f := fs[i]
			try := ""
			if len(f.Suggestions) > 0 {
				try = f.Suggestions[0]
			}
			return app.Tr().Class("st-sev-"+f.Severity).Body(
				app.Th().Scope("row").Dir("auto").Text(f.Entry+" · "+f.Field),
				app.Td().Body(app.Q().Dir("auto").Text(f.Text)),
				app.Td().Text(f.Rule+" ("+f.Severity+")"),
				app.Td().Text(f.Message),
				app.Td().Dir("auto").Text(try),
			)
		})),
	)
}

// toneErrorsFirst opens the quality report with the revision's tone
// errors, when it has any: they are what agents would send as they are.
func toneErrorsFirst(rep *suggestions.Report) app.UI {
	errs := ToneErrors(rep.Tone)
	if len(errs) == 0 {
		return nil
	}
	return app.Section().ID("st-tone-errors").Class("st-card st-tone-errors").Aria("labelledby", "st-tone-errors-h").Body(
		app.H2().ID("st-tone-errors-h").Text(fmt.Sprintf("Tone errors (%d): fix these first", len(errs))),
		app.P().Class("st-hint").Text("Words agents would send to customers as they are. Publishing this revision asks to confirm each one."),
		toneFindingTable("st-tone-errors-table", "Tone errors", errs),
	)
}

package studioui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/internal/words"
	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/suggestions/tone"
	"github.com/warmdesk/warmdesk/widget"
)

// ackRow is one acknowledgement's editor: its intensity, its text with
// the tone findings underlined in place, the rewordings, and Remove. set
// takes "intensity" or "text" and the new value.
func (p *StudioLibrary) ackRow(ab string, a library.Acknowledgement, afs []tone.Finding, set func(field, v string), remove func()) app.UI {
	return app.Div().Class("st-row st-ack").Body(
		app.Div().Class("st-field st-narrow").Body(
			app.Label().For(ab+"-intensity").Text("Intensity"),
			app.Select().ID(ab+"-intensity").OnChange(func(ctx app.Context, e app.Event) {
				p.edit(ctx, func() { set("intensity", ctx.JSSrc().Get("value").String()) })
			}, app.EventScope(ab)).Body(
				app.Option().Value("1").Selected(a.Intensity == 1).Text("1"),
				app.Option().Value("2").Selected(a.Intensity == 2).Text("2"),
				app.Option().Value("3").Selected(a.Intensity == 3).Text("3"),
			),
		),
		toneField(ab+"-text", "Text", a.Text, afs, p.setter(func(v string) { set("text", v) })),
		app.Button().Class("wd-link st-danger").Aria("label", "Remove this acknowledgement").
			OnClick(func(ctx app.Context, e app.Event) { p.edit(ctx, remove) }, app.EventScope(ab)).Text("Remove"),
		app.If(len(afs) > 0, func() app.UI {
			return widget.FindingList(afs, func(ctx app.Context, fd tone.Finding, sug string) {
				p.edit(ctx, func() {
					if fixed, err := widget.FixText(a.Text, fd, sug); err == nil {
						set("text", fixed)
					}
				})
			})
		}),
	)
}

// renderSituations is a feeling's sarcasm cues and situations, each
// situation folded to a line that says what it holds until opened.
func (p *StudioLibrary) renderSituations(f int, fe library.Feeling) app.UI {
	ed := p.ed
	base := fmt.Sprintf("st-feeling-%d", f)
	return app.Div().Body(
		area(base+"-sarcasm", "Sarcasm", "Cues that show this feeling and that any praise or thanks is meant the other way (“thanks for nothing”, 🙃), one per line. Negative feelings only.",
			strings.Join(fe.Sarcasm, "\n"), 2, p.setter(func(v string) { ed.SetFeeling(f, "sarcasm", v) })),
		app.H4().Text(fmt.Sprintf("Situations (%d)", len(fe.Situations))),
		app.P().Class("st-hint").Text("What happened to a customer that shows this feeling, told by what they say happened (“charged twice”), with acknowledgements that name it. An intent can imply a situation (chosen on the intent's page)."),
		app.Range(fe.Situations).Slice(func(s int) app.UI { return p.renderSituation(f, s) }),
		app.Button().Class("wd-btn st-add").OnClick(func(ctx app.Context, e app.Event) { p.edit(ctx, func() { ed.AddSituation(f) }) }, app.EventScope(f)).
			Text("+ Add a situation"),
	)
}

func (p *StudioLibrary) renderSituation(f, s int) app.UI {
	ed := p.ed
	si := ed.Lib.Feelings[f].Situations[s]
	base := situationElem(f, s)
	findings := make([][]tone.Finding, len(si.Acknowledgements))
	nf := 0
	for k := range si.Acknowledgements {
		findings[k] = ed.SituationAckFindings(f, s, k)
		nf += len(findings[k])
	}
	implied := ed.ImpliedBy(si.ID)
	summary := []string{words.Count(len(si.Cues), "cue"), words.Count(len(si.Acknowledgements), "acknowledgement")}
	if len(implied) > 0 {
		summary = append(summary, "implied by "+words.Count(len(implied), "intent"))
	}
	if nf > 0 {
		summary = append(summary, words.Count(nf, "tone finding"))
	}
	open := ed.Open[base]
	arrow := "▸"
	if open {
		arrow = "▾"
	}
	// A disclosure button rather than <details>: each HTML element go-app
	// knows costs the studio's WebAssembly tens of kilobytes.
	return app.Div().ID(base).Class("st-sit").Body(
		app.Button().ID(base+"-toggle").Class("st-sit-head").Aria("expanded", strconv.FormatBool(open)).Aria("controls", ifThen(open, base+"-body")).
			OnClick(func(ctx app.Context, e app.Event) { ed.SetOpen(base, !ed.Open[base]) }, app.EventScope(base)).Body(
			app.Span().Aria("hidden", "true").Text(arrow+" "),
			app.Strong().Dir("auto").Text(si.ID),
			app.If(si.Label != "", func() app.UI { return app.Span().Dir("auto").Text(" · " + si.Label) }),
			app.Span().Class("st-sit-sum").Text(" · "+strings.Join(summary, " · ")),
		),
		app.If(open, func() app.UI {
			return app.Div().ID(base+"-body").Class("st-sit-body").Body(
				app.Div().Class("st-row").Body(
					textField(base+"-id", "Id", "Applied when you leave the field; the intents that imply it follow.", si.ID, true,
						p.setter(func(v string) { ed.SetSituation(f, s, "id", v) })),
					field(base+"-label", "In plain words", si.Label, p.setter(func(v string) { ed.SetSituation(f, s, "label", v) })),
				),
				area(base+"-cues", "Cues", "What customers say happened, one per line: words | intensity (1–3).", ed.CuesText(fmt.Sprintf("%d/%d", f, s), si.Cues), 5,
					p.setter(func(v string) { ed.SetSituation(f, s, "cues", v) })),
				area(base+"-not_about", "Not about", "Words that, beside a cue, say it tells of something else (“email” for “never arrived”, “link” for “broken”), one per line: the feeling still shows, the situation is not named.",
					strings.Join(si.NotAbout, "\n"), 2, p.setter(func(v string) { ed.SetSituation(f, s, "not_about", v) })),
				app.P().Class("st-label").Text("Acknowledgements that name it"),
				app.Range(si.Acknowledgements).Slice(func(k int) app.UI {
					return p.ackRow(fmt.Sprintf("%s-ack-%d", base, k), si.Acknowledgements[k], findings[k],
						func(field, v string) { ed.SetSituationAck(f, s, k, field, v) }, func() { ed.RemoveSituationAck(f, s, k) })
				}),
				app.Button().Class("wd-btn st-add").OnClick(func(ctx app.Context, e app.Event) { p.edit(ctx, func() { ed.AddSituationAck(f, s) }) }, app.EventScope(f, s)).
					Text("+ Add an acknowledgement"),
				app.P().Class("st-hint").Body(
					app.If(len(implied) == 0, func() app.UI { return app.Text("No intent implies it.") }).
						Else(func() app.UI {
							links := []app.UI{app.Text("Implied by ")}
							for n, i := range implied {
								if n > 0 {
									links = append(links, app.Text(", "))
								}
								links = append(links, app.Button().Class("wd-link").Dir("auto").
									OnClick(func(ctx app.Context, e app.Event) { ed.Select(SelIntent, i) }, app.EventScope(base, i)).
									Text(intentLabel(ed.Lib.Intents[i])))
							}
							return app.Span().Body(links...)
						}),
				),
				app.Button().Class("wd-link st-danger").OnClick(func(ctx app.Context, e app.Event) { p.edit(ctx, func() { ed.RemoveSituation(f, s) }) }, app.EventScope(f, s)).
					Text("Remove this situation"),
			)
		}),
	)
}

// situationSelect picks the situation intent i implies.
func (p *StudioLibrary) situationSelect(i int, in *library.Intent) app.UI {
	ed := p.ed
	choices := ed.SituationChoices()
	known := in.Situation == ""
	for _, c := range choices {
		known = known || c.ID == in.Situation
	}
	if !known {
		choices = append(choices, SituationChoice{ID: in.Situation, Label: in.Situation + " (no such situation)"})
	}
	id := fmt.Sprintf("st-intent-%d-situation", i)
	return app.Div().Class("st-field").Body(
		app.Label().For(id).Text("Implies the situation"),
		app.Select().ID(id).OnChange(func(ctx app.Context, e app.Event) {
			p.edit(ctx, func() { ed.SetIntent(i, "situation", ctx.JSSrc().Get("value").String()) })
		}, app.EventScope(i)).Body(
			app.Option().Value("").Selected(in.Situation == "").Text("None"),
			app.Range(choices).Slice(func(k int) app.UI {
				return app.Option().Value(choices[k].ID).Selected(choices[k].ID == in.Situation).Text(choices[k].Label)
			}),
		),
	)
}

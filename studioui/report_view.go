package studioui

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/internal/words"
	"github.com/warmdesk/warmdesk/suggestions"
)

// weakAccuracy is the leave-one-out accuracy under which an intent's bar
// is drawn as a warning: one phrasing in five goes elsewhere.
const weakAccuracy = 0.8

// AccuracyBars charts each intent's leave-one-out accuracy, weakest first.
func AccuracyBars(rep *suggestions.Report) []Bar {
	if rep == nil {
		return nil
	}
	ins := append([]suggestions.IntentQuality(nil), rep.Intents...)
	sort.SliceStable(ins, func(i, j int) bool { return ins[i].Accuracy < ins[j].Accuracy })
	bars := make([]Bar, 0, len(ins))
	for _, in := range ins {
		label := in.Title
		if label == "" {
			label = in.ID
		}
		bars = append(bars, Bar{Label: label, Value: in.Accuracy, Text: percent(in.Accuracy), Warn: in.Accuracy < weakAccuracy})
	}
	return bars
}

// renderReport draws a quality report: the headline figures, the chart
// and table of accuracy per intent, and every list of things to fix.
func renderReport(rev int64, rep *suggestions.Report) []app.UI {
	if rep == nil {
		return []app.UI{app.P().Class("st-error-text").Text("The report is empty.")}
	}
	t := rep.Totals
	tone := ToneBySeverity(rep.Tone)
	titles := map[string]string{}
	for _, in := range rep.Intents {
		titles[in.ID] = in.Title
	}
	name := func(id string) string {
		if titles[id] != "" {
			return titles[id]
		}
		return id
	}
	kpi := func(v, label string) app.UI {
		return app.Div().Class("st-kpi").Body(app.Strong().Text(v), app.Span().Text(label))
	}
	section := func(id, title string, n int, hint string, body func() app.UI) app.UI {
		return app.Section().ID(id).Class("st-card").Aria("labelledby", id+"-h").Body(
			app.H2().ID(id+"-h").Text(fmt.Sprintf("%s (%d)", title, n)),
			app.If(hint != "", func() app.UI { return app.P().Class("st-hint").Text(hint) }),
			app.If(n == 0, func() app.UI { return app.P().Class("st-ok").Text("Nothing to fix.") }).Else(body),
		)
	}
	th := func(s ...string) app.UI {
		cells := make([]app.UI, len(s))
		for i, c := range s {
			cells[i] = app.Th().Scope("col").Text(c)
		}
		return app.THead().Body(app.Tr().Body(cells...))
	}
	return []app.UI{
		app.Div().ID("st-report").Body(
			app.P().Class("st-hint").Text(fmt.Sprintf("Revision %d. Each phrasing is taken out of the library in turn and matched against the rest: how often its own intent comes first is the accuracy.", rev)),
			toneErrorsFirst(rep),
			renderStart(TopChanges(rep, 3)),
			app.Div().Class("st-kpis").Body(
				kpi(percent(rep.Accuracy), "leave-one-out accuracy"),
				kpi(strconv.Itoa(t.Intents), "intents"),
				kpi(strconv.Itoa(t.Phrasings), "phrasings"),
				kpi(strconv.Itoa(t.Replies), "replies"),
				kpi(strconv.Itoa(len(rep.Confusions)), "confused pairs"),
				kpi(strconv.Itoa(t.ToneFindings), "tone findings"),
			),
			app.Section().Class("st-card").Aria("labelledby", "st-acc-h").Body(
				app.H2().ID("st-acc-h").Text("Accuracy per intent, weakest first"),
				barChart("Leave-one-out accuracy per intent", AccuracyBars(rep)),
				app.Table().ID("st-report-intents").Class("st-table").Body(
					app.Caption().Class("sr-only").Text("Accuracy per intent"),
					th("Intent", "Phrasings", "Replies", "Accuracy", "Most often taken for", "Notes"),
					app.TBody().Body(app.Range(rep.Intents).Slice(func(i int) app.UI {
						in := rep.Intents[i]
						var notes []string
						if in.TooFew {
							notes = append(notes, fmt.Sprintf("fewer than %d phrasings", rep.MinPhrasings))
						}
						if in.NearDuplicates > 0 {
							notes = append(notes, words.Plural(in.NearDuplicates, "near-duplicate pair", "near-duplicate pairs"))
						}
						if in.Unmatched > 0 {
							notes = append(notes, words.Plural(in.Unmatched, "phrasing matches nothing", "phrasings match nothing"))
						}
						if in.Replies == 0 {
							notes = append(notes, "no reply")
						}
						confused := ""
						if in.ConfusedWith != "" {
							confused = fmt.Sprintf("%s (%d)", name(in.ConfusedWith), in.ConfusedCount)
						}
						return app.Tr().Body(
							app.Th().Scope("row").Dir("auto").Text(name(in.ID)),
							app.Td().Class("num").Text(in.Phrasings), app.Td().Class("num").Text(in.Replies),
							app.Td().Class("num").Text(percent(in.Accuracy)),
							app.Td().Dir("auto").Text(confused),
							app.Td().Text(strings.Join(notes, "; ")),
						)
					})),
				),
			),
			section("st-confusions", "Intents the matcher confuses", len(rep.Confusions), "Phrasings of one intent matched to the other once left out: reword them, or merge the intents.", func() app.UI {
				return app.Table().Class("st-table").Body(
					th("Intents", "Phrasings", "Examples"),
					app.TBody().Body(app.Range(rep.Confusions).Slice(func(i int) app.UI {
						c := rep.Confusions[i]
						return app.Tr().Body(
							app.Th().Scope("row").Dir("auto").Text(name(c.A)+" ↔ "+name(c.B)),
							app.Td().Class("num").Text(c.Count),
							app.Td().Body(app.Ul().Body(app.Range(c.Collisions).Slice(func(k int) app.UI {
								col := c.Collisions[k]
								return app.Li().Body(app.Q().Dir("auto").Text(col.Phrasing), app.Span().Class("st-hint").Text(" ("+name(col.Intent)+" → "+name(col.Matched)+")"))
							}))),
						)
					})),
				)
			}),
			section("st-shared", "The same phrasing under several intents", len(rep.Shared), "", func() app.UI {
				return app.Ul().Body(app.Range(rep.Shared).Slice(func(i int) app.UI {
					s := rep.Shared[i]
					names := make([]string, len(s.Intents))
					for k, id := range s.Intents {
						names[k] = name(id)
					}
					return app.Li().Body(app.Q().Dir("auto").Text(s.Normalized), app.Text(" under "+strings.Join(names, ", ")))
				}))
			}),
			section("st-few", "Intents with too few phrasings", len(rep.FewPhrasings), fmt.Sprintf("Fewer than %d ways of asking: add more, in different words.", rep.MinPhrasings), func() app.UI {
				return app.Ul().Body(app.Range(rep.FewPhrasings).Slice(func(i int) app.UI {
					f := rep.FewPhrasings[i]
					return app.Li().Dir("auto").Text(fmt.Sprintf("%s: %d", name(f.Intent), f.Phrasings))
				}))
			}),
			section("st-similar", "Phrasings too similar to each other", len(rep.Similar), "Near-duplicates teach the matcher nothing new.", func() app.UI {
				return app.Ul().Body(app.Range(rep.Similar).Slice(func(i int) app.UI {
					s := rep.Similar[i]
					return app.Li().Body(app.Span().Dir("auto").Text(name(s.Intent)+": "), app.Q().Dir("auto").Text(s.A), app.Text(" ≈ "), app.Q().Dir("auto").Text(s.B),
						app.Span().Class("st-hint").Text(" ("+s.Reason+")"))
				}))
			}),
			section("st-noreply", "Intents without replies", len(rep.NoReplies), "", func() app.UI {
				return app.Ul().Body(app.Range(rep.NoReplies).Slice(func(i int) app.UI { return app.Li().Dir("auto").Text(name(rep.NoReplies[i])) }))
			}),
			section("st-tone", "Tone findings in the library", len(rep.Tone), "Replies, openers, closers and acknowledgements that fail a tone rule.", func() app.UI {
				return app.Table().Class("st-table").Body(
					th("Where", "Text", "Rule", "Why"),
					app.TBody().Body(app.Range(tone).Slice(func(i int) app.UI {
						f := tone[i]
						return app.Tr().Body(
							app.Th().Scope("row").Dir("auto").Text(f.Entry+" · "+f.Field),
							app.Td().Body(app.Q().Dir("auto").Text(f.Text)),
							app.Td().Text(f.Rule+" ("+f.Severity+")"),
							app.Td().Text(f.Message),
						)
					})),
				)
			}),
			section("st-placeholders", "Placeholders nothing fills", len(rep.Placeholders.Unfillable), "Filled only when the helpdesk passes them by name; otherwise agents must fill them by hand.", func() app.UI {
				return app.Ul().Body(app.Range(rep.Placeholders.Unfillable).Slice(func(i int) app.UI {
					u := rep.Placeholders.Unfillable[i]
					var uses []string
					for _, l := range u.Uses {
						uses = append(uses, l.Entry+" · "+l.Field)
					}
					return app.Li().Body(app.Code().Text("{{"+u.Name+"}}"), app.Span().Dir("auto").Text(" in "+strings.Join(uses, ", ")))
				}))
			}),
			section("st-acks", "Feelings without an acknowledgement at some intensity", len(rep.Acknowledgement), "", func() app.UI {
				return app.Ul().Body(app.Range(rep.Acknowledgement).Slice(func(i int) app.UI {
					m := rep.Acknowledgement[i]
					var ns []string
					for _, n := range m.Intensities {
						ns = append(ns, strconv.Itoa(n))
					}
					return app.Li().Text(m.Feeling + ": intensity " + strings.Join(ns, ", "))
				}))
			}),
		),
	}
}

// renderStart leads the report with the changes that would help most.
func renderStart(cs []Change) app.UI {
	if len(cs) == 0 {
		return app.Section().ID("st-start").Class("st-card st-start").Aria("labelledby", "st-start-h").Body(
			app.H2().ID("st-start-h").Text("Start here"),
			app.P().Class("st-ok").Text("Nothing stands out: no intent is confused with another, thin or without a reply."),
		)
	}
	head := "Start here: the change that would help most"
	if len(cs) > 1 {
		head = "Start here: the " + words.Spelled(len(cs)) + " " + words.Plurals("change") + " that would help most"
	}
	return app.Section().ID("st-start").Class("st-card st-start").Aria("labelledby", "st-start-h").Body(
		app.H2().ID("st-start-h").Text(head),
		app.P().Class("st-hint").Text("Ranked by the phrasings at stake: each is a kind of message that would get the wrong reply, or none. Everything else the report found follows."),
		app.Ol().Class("st-start-list").Body(app.Range(cs).Slice(func(i int) app.UI {
			c := cs[i]
			return app.Li().Body(
				app.Strong().Dir("auto").Text(c.Title),
				app.P().Dir("auto").Body(app.Span().Class("st-do").Text("What to do: "), app.Text(c.Do)),
			)
		})),
	)
}

package studioui

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// The promises of a reply, as the library page edits them: the body's
// sentences, each with a box to mark it as a promise and, once marked, the
// few words the widget asks about before the agent sends it.

// promise returns the index of reply j's promise with this sentence, or -1.
func (e *Editor) promise(i, j int, sentence string) int {
	if r := e.reply(i, j); r != nil {
		for k, p := range r.Promises {
			if p.Sentence == sentence {
				return k
			}
		}
	}
	return -1
}

// SetPromise marks (or unmarks) a sentence of reply j of intent i as a
// promise; a new promise's check is empty until the editor writes it
// (validation asks for it).
func (e *Editor) SetPromise(i, j int, sentence string, on bool) {
	r := e.reply(i, j)
	if r == nil {
		return
	}
	k := e.promise(i, j, sentence)
	switch {
	case on && k < 0:
		r.Promises = append(r.Promises, library.Promise{Sentence: sentence})
	case !on && k >= 0:
		r.Promises = append(r.Promises[:k:k], r.Promises[k+1:]...)
	default:
		return
	}
	e.changed()
}

// SetPromiseCheck sets the check of reply j's promise with this sentence.
func (e *Editor) SetPromiseCheck(i, j int, sentence, check string) {
	if k := e.promise(i, j, sentence); k >= 0 {
		e.Lib.Intents[i].Replies[j].Promises[k].Check = check
		e.changed()
	}
}

// renderPromises lists reply j's sentences with a box each, and the
// promises whose sentence the body no longer has.
func (p *StudioLibrary) renderPromises(i, j int, r library.Reply) app.UI {
	ed := p.ed
	base := fmt.Sprintf("st-reply-%d-%d-promise", i, j)
	sentences := Sentences(r.Body)
	inBody := map[string]bool{}
	for _, s := range sentences {
		inBody[s] = true
	}
	var stale []library.Promise
	for _, pr := range r.Promises {
		if !inBody[strings.TrimSpace(pr.Sentence)] {
			stale = append(stale, pr)
		}
	}
	return app.FieldSet().Class("st-promises").Body(
		app.Legend().Text("Promises"),
		app.P().Class("st-hint").Text("Mark the sentences that say something was done or will be (“I've issued a refund”). Before sending, the widget asks the agent whether each was kept, in the words you give."),
		app.Ul().Class("st-promise-list").Body(app.Range(sentences).Slice(func(k int) app.UI {
			s := sentences[k]
			at := ed.promise(i, j, s)
			id := fmt.Sprintf("%s-%d", base, k)
			return app.Li().Class("st-promise").Body(
				app.Input().ID(id).Type("checkbox").Checked(at >= 0).
					OnChange(func(ctx app.Context, e app.Event) {
						on := ctx.JSSrc().Get("checked").Bool()
						p.edit(ctx, func() { ed.SetPromise(i, j, s, on) })
					}, app.EventScope(i, j, s)),
				app.Label().For(id).Dir("auto").Text(s),
				app.If(at >= 0, func() app.UI {
					return app.Input().ID(id+"-check").Type("text").Class("st-promise-check").
						Aria("label", "What to confirm for “"+s+"”").Placeholder("e.g. refund issued").
						Value(r.Promises[at].Check).
						OnInput(func(ctx app.Context, e app.Event) {
							v := ctx.JSSrc().Get("value").String()
							p.edit(ctx, func() { ed.SetPromiseCheck(i, j, s, v) })
						}, app.EventScope(i, j, s))
				}),
			)
		})),
		app.If(len(stale) > 0, func() app.UI {
			return app.Div().Class("st-error-text").Attr("role", "status").Body(
				app.Text("No longer in the body: "),
				app.Range(stale).Slice(func(k int) app.UI {
					pr := stale[k]
					return app.Span().Body(
						app.Q().Dir("auto").Text(pr.Sentence), app.Text(" "),
						app.Button().Class("wd-link").OnClick(func(ctx app.Context, e app.Event) {
							p.edit(ctx, func() { ed.SetPromise(i, j, pr.Sentence, false) })
						}, app.EventScope(i, j, pr.Sentence)).Text("remove"),
						app.Text(" "),
					)
				}),
			)
		}),
	)
}

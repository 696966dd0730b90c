package studioui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/internal/studioapi"
	"github.com/warmdesk/warmdesk/internal/words"
	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/suggestions/tone"
	"github.com/warmdesk/warmdesk/widget"
)

// Element ids of the library page the browser tests drive.
const (
	idStSearch  = "st-search"
	idStSaveMsg = "st-save-msg"
	idStNoteWhy = "st-note-why"
	idStSave    = "st-save"
	idStTry     = "st-try"
)

// StudioLibrary is the library page: search, the editor of the selected
// intent or section, "Try a message", and saving.
type StudioLibrary struct {
	app.Compo
	session studioSession

	ed       *Editor
	failure  string
	saving   bool
	saveMsg  string
	needNote bool             // a save was asked for without a note: say why it is needed
	conflict *studioapi.Error // the last 409
	notice   string

	compileQueued bool
	compiling     bool
	release       func()
}

// OnMount adds the page's keys: "/" searches, Ctrl+S (⌘S) saves.
func (p *StudioLibrary) OnMount(ctx app.Context) {
	doc := app.Window().Get("document")
	fn := app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) == 0 {
			return nil
		}
		ev := args[0]
		tag := strings.ToLower(ev.Get("target").Get("tagName").String())
		inField := tag == "input" || tag == "textarea" || tag == "select"
		key := ev.Get("key").String()
		switch {
		case key == "/" && !inField:
			// Focus after the key is done, or the "/" lands in the box.
			ev.Call("preventDefault")
			ctx.Dispatch(func(ctx app.Context) {
				ctx.Defer(func(app.Context) { app.Window().GetElementByID(idStSearch).Call("focus") })
			})
		case (key == "s" || key == "S") && (ev.Get("ctrlKey").Bool() || ev.Get("metaKey").Bool()):
			ev.Call("preventDefault")
			ctx.Dispatch(func(ctx app.Context) {
				p.doSave(ctx)
			})
		}
		return nil
	})
	doc.Call("addEventListener", "keydown", fn)
	p.release = func() { doc.Call("removeEventListener", "keydown", fn); fn.Release() }
}

// OnDismount removes the keys.
func (p *StudioLibrary) OnDismount() {
	if p.release != nil {
		p.release()
		p.release = nil
	}
}

// OnNav signs in and loads the newest revision.
func (p *StudioLibrary) OnNav(ctx app.Context) {
	p.session.begin(ctx, p.load)
}

func (p *StudioLibrary) load(ctx app.Context) {
	callAPI(p.session.ctx, "GET", studioapi.Head, "", nil, func(ctx app.Context, r apiReply) {
		var rev studioapi.Revision
		if problem := r.Into(&rev); problem != "" {
			p.failure = problem
			return
		}
		p.open(ctx, rev)
	})
}

// open starts editing a revision.
func (p *StudioLibrary) open(ctx app.Context, rev studioapi.Revision) {
	lib, err := library.ParseLibrary(fmt.Sprintf("revision %d", rev.ID), rev.Document)
	if err != nil {
		p.failure = err.Error()
		return
	}
	p.ed = NewEditor(lib, rev.ID, nil)
	p.ed.SetOriginal(rev.Document)
	p.conflict, p.failure = nil, ""
	p.compile(ctx)
}

// compile rebuilds the engine from the working copy, off the UI
// goroutine, a moment after the last change.
func (p *StudioLibrary) compile(app.Context) {
	ctx := p.session.ctx
	if p.compileQueued || p.ed == nil {
		return
	}
	p.compileQueued = true
	ctx.After(350*time.Millisecond, func(ctx app.Context) {
		p.compileQueued = false
		need, v := p.ed.NeedsCompile()
		if !need {
			return
		}
		if p.compiling {
			p.compile(ctx) // again once the running one is done
			return
		}
		doc, err := p.ed.Document()
		if err != nil {
			p.failure = err.Error()
			return
		}
		p.compiling = true
		ctx.Async(func() {
			eng, probs := CompileDocument(doc)
			ctx.Dispatch(func(ctx app.Context) {
				p.compiling = false
				p.ed.Compiled(v, eng, probs)
				if need, _ := p.ed.NeedsCompile(); need {
					p.compile(ctx)
				}
			})
		})
	})
}

// edit wraps a change of the working copy.
func (p *StudioLibrary) edit(ctx app.Context, change func()) {
	change()
	p.notice = ""
	p.compile(ctx)
}

func (p *StudioLibrary) save(ctx app.Context, e app.Event) {
	e.PreventDefault()
	p.doSave(ctx)
}

// doSave saves the working copy as a new revision.
func (p *StudioLibrary) doSave(ctx app.Context) {
	if p.ed == nil || p.saving {
		return
	}
	if p.ed.Dirty && strings.TrimSpace(p.saveMsg) == "" {
		p.needNote = true
		ctx.Defer(func(app.Context) { app.Window().GetElementByID(idStSaveMsg).Call("focus") })
		return
	}
	doc, err := p.ed.Document()
	if err != nil {
		p.failure = err.Error()
		return
	}
	p.saving = true
	req := studioapi.SaveRequest{Base: p.ed.Base, Document: doc, Message: p.saveMsg}
	callAPI(p.session.ctx, "POST", studioapi.Revisions, p.session.Me.CSRF, req, func(ctx app.Context, r apiReply) {
		p.saving = false
		switch {
		case r.Status == 201:
			var info studioapi.RevisionInfo
			if err := r.Decode(&info); err != nil {
				p.failure = err.Error()
				return
			}
			p.ed.Saved(info.ID, doc)
			p.conflict, p.saveMsg = nil, ""
			// go-app leaves a field's text when its value becomes empty.
			ctx.Defer(func(app.Context) { app.Window().GetElementByID(idStSaveMsg).Set("value", "") })
			p.notice = fmt.Sprintf("Saved as revision %d.", info.ID)
			if roleIncludes(p.session.Me.Role, studioapi.RolePublisher) {
				p.notice += " Publish it on the Revisions page when it is ready for agents."
			}
		case r.Status == 409:
			e := r.Problem()
			p.conflict = &e
		case r.Status == 422:
			p.ed.Problems = r.Problem().Problems
			p.notice = ""
		default:
			p.failure = r.Problem().Error
		}
	})
}

// bringOver resolves a conflict by carrying the edits made here over to
// the newest revision (Editor.Rebase); nothing is saved until the editor
// saves again.
func (p *StudioLibrary) bringOver(ctx app.Context, e app.Event) {
	if p.conflict == nil || p.conflict.Head == nil {
		return
	}
	id := p.conflict.Head.ID
	callAPI(p.session.ctx, "GET", fmt.Sprintf("%s%d", studioapi.RevPrefix, id), "", nil, func(ctx app.Context, r apiReply) {
		var rev studioapi.Revision
		if problem := r.Into(&rev); problem != "" {
			p.failure = problem
			return
		}
		if err := p.ed.Rebase(rev.ID, rev.Document); err != nil {
			p.failure = err.Error()
			return
		}
		p.conflict = nil
		p.notice = fmt.Sprintf("Your edits now build on revision %d, with its changes kept. Check, then save.", rev.ID)
		p.compile(ctx)
	})
}

// takeTheirs drops the working copy and loads the newest revision.
func (p *StudioLibrary) takeTheirs(ctx app.Context, e app.Event) {
	p.conflict = nil
	p.load(ctx)
}

// Render draws the page.
func (p *StudioLibrary) Render() app.UI {
	return studioLayout(&p.session, StudioPath, func() []app.UI {
		if p.failure != "" && p.ed == nil {
			return []app.UI{app.Div().Class("st-card st-error").Attr("role", "alert").Text(p.failure)}
		}
		if p.ed == nil {
			return []app.UI{app.P().Class("st-loading").Text("Loading the library…")}
		}
		return []app.UI{
			p.renderToolbar(),
			app.Div().Class("st-lib").Body(
				p.renderList(),
				app.Section().Class("st-edit").Aria("label", "Editor").Body(p.renderSelection()),
				p.renderTry(),
			),
		}
	})
}

func (p *StudioLibrary) renderToolbar() app.UI {
	ed := p.ed
	status := fmt.Sprintf("Revision %d", ed.Base)
	if ed.Dirty {
		status += " · unsaved changes"
	}
	return app.Div().Class("st-toolbar").Body(
		app.Form().Class("st-saveform").OnSubmit(p.save).Body(
			app.Span().Class("st-status").Aria("live", "polite").Text(status),
			app.Label().For(idStSaveMsg).Class("sr-only").Text("What changed"),
			app.Input().ID(idStSaveMsg).Type("text").Placeholder("What changed? (required to save)").
				Value(p.saveMsg).MaxLength(studioapi.MaxMessageLen).
				Aria("invalid", ifThen(p.needNote, "true")).Aria("describedby", ifThen(p.needNote, idStNoteWhy)).
				OnInput(func(ctx app.Context, e app.Event) {
					p.saveMsg = ctx.JSSrc().Get("value").String()
					p.needNote = p.needNote && strings.TrimSpace(p.saveMsg) == ""
				}),
			app.Button().ID(idStSave).Type("submit").Class("wd-btn wd-primary").Disabled(p.saving || !ed.Dirty).
				Title("Save as a new revision").Text("Save"),
		),
		app.If(p.needNote, func() app.UI {
			return app.P().ID(idStNoteWhy).Class("st-error-text").Attr("role", "alert").
				Text("Say in a few words what changed, then save: the note is how everyone finds this revision in the history, and how a publisher knows what they are publishing.")
		}),
		app.If(p.notice != "", func() app.UI { return app.P().ID("st-notice").Class("st-notice").Attr("role", "status").Text(p.notice) }),
		app.If(p.failure != "", func() app.UI { return app.P().Class("st-error-text").Attr("role", "alert").Text(p.failure) }),
		app.If(p.conflict != nil, p.renderConflict),
		app.If(len(ed.Problems) > 0, p.renderProblems),
		app.If(len(ed.Clashes) > 0, func() app.UI {
			return app.Div().ID("st-clashes").Class("st-card st-conflict").Attr("role", "status").Body(
				app.P().Text("Changed here and in the newer revision too; your version was kept:"),
				app.Ul().Body(app.Range(ed.Clashes).Slice(func(i int) app.UI { return app.Li().Text(ed.Clashes[i]) })),
			)
		}),
	)
}

func (p *StudioLibrary) renderConflict() app.UI {
	c := p.conflict
	head := ""
	if c.Head != nil {
		head = fmt.Sprintf("Revision %d by %s (“%s”) was saved while you were editing.", c.Head.ID, c.Head.Author, c.Head.Message)
	}
	return app.Div().ID("st-conflict").Class("st-card st-conflict").Attr("role", "alert").Body(
		app.H2().Text("Someone saved first: nothing was overwritten"),
		app.P().Text(head),
		app.H3().Text("What changed meanwhile"),
		app.If(c.Changes != nil, func() app.UI { return renderDiff(*c.Changes) }).
			Else(func() app.UI { return app.P().Class("wd-hint").Text("The server did not say.") }),
		app.Div().Class("wd-actions").Body(
			app.Button().Class("wd-btn").OnClick(p.takeTheirs).Text("Load the newest revision (drop my edits)"),
			app.Button().ID("st-bring-over").Class("wd-btn wd-primary").OnClick(p.bringOver).Text("Bring my edits over to it"),
		),
	)
}

func (p *StudioLibrary) renderProblems() app.UI {
	probs := p.ed.Problems
	return app.Div().ID("st-problems").Class("st-card st-problems").Attr("role", "alert").Body(
		app.H2().Text(words.Plural(len(probs), "problem stops", "problems stop")+" a save"),
		app.Ul().Body(app.Range(probs).Slice(func(i int) app.UI {
			pr := probs[i]
			return app.Li().Body(
				app.Button().Class("wd-link").OnClick(func(ctx app.Context, e app.Event) { p.gotoProblem(ctx, pr) }, app.EventScope(i)).
					Text(pr.Entry),
				app.Text(": "),
				app.Code().Text(pr.Field),
				app.Text(" "+pr.Message),
			)
		})),
	)
}

// gotoProblem shows the entry a problem names and, when the problem
// names one field the page shows, focuses it.
func (p *StudioLibrary) gotoProblem(ctx app.Context, pr library.Problem) {
	if p.ed.Goto(pr) {
		p.focus(ctx)
	}
}

// choose shows what a search hit names and, in a feeling, focuses the
// field that matched.
func (p *StudioLibrary) choose(ctx app.Context, h EditorHit) {
	if p.ed.Choose(h) {
		p.focus(ctx)
	}
}

// focus puts the cursor in the field the editor's last Goto or Choose
// went to, once the page shows it.
func (p *StudioLibrary) focus(ctx app.Context) {
	id := p.ed.Focus
	if id == "" {
		return
	}
	ctx.Defer(func(app.Context) {
		el := app.Window().GetElementByID(id)
		if !el.Truthy() {
			return
		}
		el.Call("focus")
	})
}

func (p *StudioLibrary) renderList() app.UI {
	ed := p.ed
	sections := []struct{ kind, label string }{{SelSnippets, "Openers & closers"}, {SelFeelings, "Feelings"}, {SelRules, "Tone rules"}}
	return app.Aside().Class("st-list").Aria("label", "Intents and replies").Body(
		app.Div().Class("wd-search").Attr("role", "search").Body(
			app.Label().For(idStSearch).Class("sr-only").Text("Search intents, replies and situations"),
			app.Input().ID(idStSearch).Type("search").Class("wd-search-input").Placeholder("Search the library…").
				AutoComplete(false).Value(ed.Query).Aria("keyshortcuts", "/").
				OnInput(func(ctx app.Context, e app.Event) { ed.Search(ctx.JSSrc().Get("value").String()) }),
		),
		app.Button().Class("wd-btn st-add").OnClick(func(ctx app.Context, e app.Event) { p.edit(ctx, ed.AddIntent) }).Text("+ New intent"),
		app.If(len(ed.Results) == 0, func() app.UI { return app.P().Class("wd-hint").Text("Nothing matches “" + ed.Query + "”.") }),
		app.Ul().ID("st-results").Class("st-results").Body(
			app.Range(ed.Results).Slice(func(i int) app.UI {
				h := ed.Results[i]
				if h.InFeeling() {
					return p.renderFeelingHit(h)
				}
				in := ed.Lib.Intents[h.Intent]
				cur := ed.Sel.Kind == SelIntent && ed.Sel.Index == h.Intent
				var lines []app.UI
				if h.Reply >= 0 {
					lines = append(lines, app.Span().Class("st-hit-main").Body(app.Text("Reply: "), app.Span().Dir("auto").Body(p.hitText(h, "title")...)),
						app.Span().Class("st-hit-sub").Dir("auto").Text(intentLabel(in)))
				} else {
					lines = append(lines, app.Span().Class("st-hit-main").Dir("auto").Body(p.hitText(h, "title")...))
				}
				if h.Field != "title" && len(h.Matches) > 0 {
					lines = append(lines, app.Span().Class("st-hit-sub").Dir("auto").Body(
						append([]app.UI{app.Text(h.Field + ": ")}, widget.RenderSegments(widget.MatchSegments(h.Text, h.Matches))...)...))
				}
				return app.Li().Body(
					app.Button().Class("st-hit").Aria("current", strconv.FormatBool(cur)).
						OnClick(func(ctx app.Context, e app.Event) { p.choose(ctx, h) }, app.EventScope(h.Intent, h.Reply)).
						Body(lines...),
				)
			}),
		),
		app.If(ed.Hidden > 0, func() app.UI {
			return app.P().Class("wd-hint").Text("…and " + words.Count(ed.Hidden, "more intent") + ": search to find them.")
		}),
		app.H2().Class("st-list-h").Text("Everything else"),
		app.Ul().Class("st-results").Body(
			app.Range(sections).Slice(func(i int) app.UI {
				s := sections[i]
				return app.Li().Body(app.Button().Class("st-hit").Aria("current", strconv.FormatBool(ed.Sel.Kind == s.kind)).
					OnClick(func(ctx app.Context, e app.Event) { ed.Select(s.kind, 0) }, app.EventScope(s.kind)).Text(s.label))
			}),
		),
	)
}

// renderFeelingHit is a search hit in a feeling: the situation (or the
// sarcasm cues), the feeling, and the text that matched unless it is the
// situation's plain words, highlighted on the first line.
func (p *StudioLibrary) renderFeelingHit(h EditorHit) app.UI {
	main := []app.UI{app.Text("Sarcasm cues")}
	if h.Situation >= 0 {
		main = append([]app.UI{app.Text("Situation: ")}, app.Span().Dir("auto").Body(p.hitText(h, "plain words")...))
	}
	lines := []app.UI{
		app.Span().Class("st-hit-main").Body(main...),
		app.Span().Class("st-hit-sub").Dir("auto").Text(h.Of),
	}
	if h.Field != "plain words" && len(h.Matches) > 0 {
		lines = append(lines, app.Span().Class("st-hit-sub").Dir("auto").Body(
			append([]app.UI{app.Text(h.Field + ": ")}, widget.RenderSegments(widget.MatchSegments(h.Text, h.Matches))...)...))
	}
	return app.Li().Body(
		app.Button().Class("st-hit").OnClick(func(ctx app.Context, e app.Event) { p.choose(ctx, h) }, app.EventScope("feeling", h.Feeling, h.Situation)).
			Body(lines...),
	)
}

// hitText is the hit's label, with the matched characters highlighted when
// the match was in it.
func (p *StudioLibrary) hitText(h EditorHit, field string) []app.UI {
	if h.Field == field && h.Text == h.Label {
		return widget.RenderSegments(widget.MatchSegments(h.Text, h.Matches))
	}
	return []app.UI{app.Text(h.Label)}
}

func (p *StudioLibrary) renderSelection() app.UI {
	switch p.ed.Sel.Kind {
	case SelIntent:
		return p.renderIntent()
	case SelSnippets:
		return p.renderSnippets()
	case SelFeelings:
		return p.renderFeelings()
	case SelRules:
		return p.renderRules()
	}
	return app.P().Class("wd-hint").Text("Choose an intent or a section on the left.")
}

// field is a labelled text input.
func field(id, label, value string, onInput func(app.Context, string)) app.UI {
	return textField(id, label, "", value, false, onInput)
}

// textField is field with a hint under it, taking its value at each key,
// or only when the field is left (change) when commit is set: for an id
// that others follow.
func textField(id, label, hint, value string, commit bool, set func(app.Context, string)) app.UI {
	h := func(ctx app.Context, e app.Event) { set(ctx, ctx.JSSrc().Get("value").String()) }
	in := app.Input().ID(id).Type("text").Value(value).Dir("auto").Aria("describedby", ifThen(hint != "", id+"-hint"))
	if commit {
		in = in.OnChange(h, app.EventScope(id))
	} else {
		in = in.OnInput(h, app.EventScope(id))
	}
	return app.Div().Class("st-field").Body(
		app.Label().For(id).Text(label),
		in,
		app.If(hint != "", func() app.UI { return app.Span().Class("st-hint").ID(id + "-hint").Text(hint) }),
	)
}

// toneField is a labelled text with its tone findings underlined in
// place, as the widget's reply preview shows them.
func toneField(id, label, value string, fs []tone.Finding, onInput func(app.Context, string)) app.UI {
	return app.Div().Class("st-field st-tone-field").Body(
		app.Label().For(id).Text(label),
		widget.ToneEditor(id, label, value, widget.ToneMarks(fs), func(ctx app.Context, e app.Event) {
			onInput(ctx, ctx.JSSrc().Get("value").String())
		}),
	)
}

// area is a labelled text area.
func area(id, label, hint, value string, rows int, onInput func(app.Context, string)) app.UI {
	return app.Div().Class("st-field").Body(
		app.Label().For(id).Text(label),
		app.If(hint != "", func() app.UI { return app.Span().Class("st-hint").ID(id + "-hint").Text(hint) }),
		app.Textarea().ID(id).Rows(rows).Text(value).Dir("auto").Aria("describedby", ifThen(hint != "", id+"-hint")).
			OnInput(func(ctx app.Context, e app.Event) { onInput(ctx, ctx.JSSrc().Get("value").String()) }, app.EventScope(id)),
	)
}

func (p *StudioLibrary) renderIntent() app.UI {
	ed := p.ed
	i := ed.Sel.Index
	in := ed.Intent()
	if in == nil {
		return nil
	}
	return app.Div().Body(
		app.Div().Class("st-edit-head").Body(
			app.H2().Dir("auto").Text(intentLabel(*in)),
			app.Button().Class("wd-link st-danger").OnClick(func(ctx app.Context, e app.Event) { p.edit(ctx, func() { ed.RemoveIntent(i) }) }, app.EventScope(i)).
				Text("Remove this intent"),
		),
		app.Div().Class("st-row").Body(
			field(fmt.Sprintf("st-intent-%d-title", i), "Title", in.Title, p.setter(func(v string) { ed.SetIntent(i, "title", v) })),
			field(fmt.Sprintf("st-intent-%d-id", i), "Id", in.ID, p.setter(func(v string) { ed.SetIntent(i, "id", v) })),
			field(fmt.Sprintf("st-intent-%d-category", i), "Category", in.Category, p.setter(func(v string) { ed.SetIntent(i, "category", v) })),
			p.situationSelect(i, in),
		),
		area(fmt.Sprintf("st-intent-%d-phrasings", i), fmt.Sprintf("Phrasings (%d)", len(in.Phrasings)),
			"How customers ask for this, one per line. Eight or more, in different words, match best.",
			strings.Join(in.Phrasings, "\n"), 8, p.setter(func(v string) { ed.SetPhrasings(i, v) })),
		app.H3().Text("Replies"),
		app.Range(in.Replies).Slice(func(j int) app.UI { return p.renderReply(i, j) }),
		app.Button().Class("wd-btn st-add").OnClick(func(ctx app.Context, e app.Event) { p.edit(ctx, func() { ed.AddReply(i) }) }, app.EventScope(i)).
			Text("+ Add a reply"),
	)
}

// setter turns a field's new value into an edit of the working copy.
func (p *StudioLibrary) setter(f func(string)) func(app.Context, string) {
	return func(ctx app.Context, v string) { p.edit(ctx, func() { f(v) }) }
}

func (p *StudioLibrary) renderReply(i, j int) app.UI {
	ed := p.ed
	r := ed.Lib.Intents[i].Replies[j]
	findings := ed.ReplyFindings(i, j)
	base := fmt.Sprintf("st-reply-%d-%d", i, j)
	return app.FieldSet().Class("st-reply").Body(
		app.Legend().Dir("auto").Text(fmt.Sprintf("Reply %d: %s", j+1, r.Title)),
		app.Div().Class("st-row").Body(
			field(base+"-title", "Title", r.Title, p.setter(func(v string) { ed.SetReply(i, j, "title", v) })),
			field(base+"-shortcut", "Shortcut", r.Shortcut, p.setter(func(v string) { ed.SetReply(i, j, "shortcut", v) })),
			field(base+"-id", "Id", r.ID, p.setter(func(v string) { ed.SetReply(i, j, "id", v) })),
		),
		app.Div().Class("st-field").Body(
			app.Span().Class("st-label").ID(base+"-body-label").Text("Body"),
			widget.ToneEditor(base+"-body", "Reply body", r.Body, widget.ToneMarks(findings), func(ctx app.Context, e app.Event) {
				p.edit(ctx, func() { ed.SetReply(i, j, "body", ctx.JSSrc().Get("value").String()) })
			}),
			app.Span().Class("st-hint").Text("Placeholders: {{customer.first_name}}, {{order.number}}, {{agent.first_name}}… The opener, acknowledgement and closer are added around the body."),
		),
		p.renderPromises(i, j, r),
		app.If(len(findings) > 0, func() app.UI {
			return widget.FindingList(findings, func(ctx app.Context, f tone.Finding, sug string) {
				p.edit(ctx, func() {
					if err := ed.FixReply(i, j, f, sug); err != nil {
						p.failure = err.Error()
					}
				})
			})
		}).Else(func() app.UI {
			return app.P().Class("st-ok").Text("No tone findings.")
		}),
		app.Button().Class("wd-link st-danger").OnClick(func(ctx app.Context, e app.Event) { p.edit(ctx, func() { ed.RemoveReply(i, j) }) }, app.EventScope(i, j)).
			Text("Remove this reply"),
	)
}

func (p *StudioLibrary) renderSnippets() app.UI {
	ed := p.ed
	part := func(kind, title, hint string, list []library.Snippet) app.UI {
		return app.Section().Class("st-part").Body(
			app.H3().Text(title),
			app.P().Class("st-hint").Text(hint),
			app.Range(list).Slice(func(k int) app.UI {
				s := list[k]
				base := fmt.Sprintf("st-%s-%d", kind, k)
				fs := ed.SnippetFindings(kind, k)
				return app.Div().Class("st-snippet").Body(
					app.Div().Class("st-row").Body(
						field(base+"-id", "Id", s.ID, p.setter(func(v string) { ed.SetSnippet(kind, k, "id", v) })),
						toneField(base+"-text", "Text", s.Text, fs, p.setter(func(v string) { ed.SetSnippet(kind, k, "text", v) })),
						app.Button().Class("wd-link st-danger").Aria("label", "Remove "+s.ID).
							OnClick(func(ctx app.Context, e app.Event) { p.edit(ctx, func() { ed.RemoveSnippet(kind, k) }) }, app.EventScope(kind, k)).Text("Remove"),
					),
					app.If(len(fs) > 0, func() app.UI {
						return widget.FindingList(fs, func(ctx app.Context, f tone.Finding, sug string) {
							p.edit(ctx, func() {
								if fixed, err := widget.FixText(s.Text, f, sug); err == nil {
									ed.SetSnippet(kind, k, "text", fixed)
								}
							})
						})
					}),
				)
			}),
			app.Button().Class("wd-btn st-add").OnClick(func(ctx app.Context, e app.Event) { p.edit(ctx, func() { ed.AddSnippet(kind) }) }, app.EventScope(kind)).Text("+ Add"),
		)
	}
	return app.Div().Body(
		app.H2().Text("Openers & closers"),
		part("openers", "Openers", "The first line of every reply. One is picked per ticket.", ed.Lib.Openers),
		part("closers", "Closers", "The last lines of every reply.", ed.Lib.Closers),
	)
}

func (p *StudioLibrary) renderFeelings() app.UI {
	ed := p.ed
	return app.Div().Body(
		app.H2().Text("Feelings"),
		app.P().Class("st-hint").Text("Words that show how a customer feels, and the acknowledgement a reply opens with at each intensity (1 mild, 3 strong)."),
		app.Range(ed.Lib.Feelings).Slice(func(f int) app.UI {
			fe := ed.Lib.Feelings[f]
			base := fmt.Sprintf("st-feeling-%d", f)
			return app.FieldSet().Class("st-reply").Body(
				app.Legend().Text(fe.ID),
				app.Div().Class("st-row").Body(
					field(base+"-label", "Label", fe.Label, p.setter(func(v string) { ed.SetFeeling(f, "label", v) })),
					app.Div().Class("st-field st-check").Body(
						app.Input().ID(base+"-negative").Type("checkbox").Checked(fe.Negative).
							OnChange(func(ctx app.Context, e app.Event) {
								p.edit(ctx, func() { ed.SetFeeling(f, "negative", strconv.FormatBool(ctx.JSSrc().Get("checked").Bool())) })
							}, app.EventScope(f)),
						app.Label().For(base+"-negative").Text("Negative (replies acknowledge it first)"),
					),
				),
				area(base+"-cues", "Cues", "One per line: words | intensity (1–3).", ed.CuesText(strconv.Itoa(f), fe.Cues), 6,
					p.setter(func(v string) { ed.SetFeeling(f, "cues", v) })),
				area(base+"-unless", "Unless", "Phrases that cancel a cue, one per line.", strings.Join(fe.Unless, "\n"), 2,
					p.setter(func(v string) { ed.SetFeeling(f, "unless", v) })),
				app.H4().Text("Acknowledgements"),
				app.Range(fe.Acknowledgements).Slice(func(k int) app.UI {
					return p.ackRow(fmt.Sprintf("%s-ack-%d", base, k), fe.Acknowledgements[k], ed.AckFindings(f, k),
						func(field, v string) { ed.SetAck(f, k, field, v) }, func() { ed.RemoveAck(f, k) })
				}),
				app.Button().Class("wd-btn st-add").OnClick(func(ctx app.Context, e app.Event) { p.edit(ctx, func() { ed.AddAck(f) }) }, app.EventScope(f)).Text("+ Add an acknowledgement"),
				p.renderSituations(f, fe),
			)
		}),
	)
}

func (p *StudioLibrary) renderRules() app.UI {
	ed := p.ed
	kinds := []string{library.KindAvoid, library.KindSwap, library.KindOpening, library.KindClosing, library.KindAcknowledge}
	sevs := []string{library.SeverityError, library.SeverityWarning, library.SeveritySuggestion}
	choose := func(id, label, cur string, opts []string, set func(string)) app.UI {
		return app.Div().Class("st-field st-narrow").Body(
			app.Label().For(id).Text(label),
			app.Select().ID(id).OnChange(func(ctx app.Context, e app.Event) {
				p.edit(ctx, func() { set(ctx.JSSrc().Get("value").String()) })
			}, app.EventScope(id)).Body(
				app.Range(opts).Slice(func(k int) app.UI { return app.Option().Value(opts[k]).Selected(opts[k] == cur).Text(opts[k]) }),
			),
		)
	}
	return app.Div().Body(
		app.Div().Class("st-edit-head").Body(
			app.H2().Text("Tone rules"),
			app.Button().Class("wd-btn st-add").OnClick(func(ctx app.Context, e app.Event) { p.edit(ctx, ed.AddRule) }).Text("+ Add a rule"),
		),
		app.P().Class("st-hint").Text("Every reply is checked against these as it is typed. Each rule needs examples it must flag (and may list ones it must pass): a save is refused when a rule misses its own examples."),
		app.Range(ed.Lib.Rules).Slice(func(r int) app.UI {
			ru := ed.Lib.Rules[r]
			base := fmt.Sprintf("st-rule-%d", r)
			set := func(f string) func(app.Context, string) { return p.setter(func(v string) { ed.SetRule(r, f, v) }) }
			return app.FieldSet().Class("st-reply").Body(
				app.Legend().Text(ru.ID),
				app.Div().Class("st-row").Body(
					field(base+"-id", "Id", ru.ID, set("id")),
					choose(base+"-kind", "Kind", ru.Kind, kinds, func(v string) { ed.SetRule(r, "kind", v) }),
					choose(base+"-severity", "Severity", ru.Severity, sevs, func(v string) { ed.SetRule(r, "severity", v) }),
				),
				field(base+"-message", "Message", ru.Message, set("message")),
				app.Div().Class("st-row").Body(
					area(base+"-phrases", "Phrases", "One per line; * ends a word stem.", strings.Join(ru.Phrases, "\n"), 4, set("phrases")),
					area(base+"-suggestions", "Rewordings", "One per line.", strings.Join(ru.Suggestions, "\n"), 4, set("suggestions")),
				),
				app.Div().Class("st-row").Body(
					area(base+"-before", "Before", "", strings.Join(ru.Before, "\n"), 2, set("before")),
					area(base+"-unless", "Unless", "", strings.Join(ru.Unless, "\n"), 2, set("unless")),
				),
				app.Div().Class("st-row").Body(
					area(base+"-flag", "Must flag", "Example sentences, one per line.", strings.Join(ru.Examples.Flag, "\n"), 3, set("flag")),
					area(base+"-pass", "Must pass", "", strings.Join(ru.Examples.Pass, "\n"), 3, set("pass")),
				),
				app.Button().Class("wd-link st-danger").OnClick(func(ctx app.Context, e app.Event) { p.edit(ctx, func() { ed.RemoveRule(r) }) }, app.EventScope(r)).Text("Remove this rule"),
			)
		}),
	)
}

func (p *StudioLibrary) renderTry() app.UI {
	ed := p.ed
	d := ed.Try
	return app.Aside().Class("st-try").Aria("labelledby", "st-try-h").Body(
		app.H2().ID("st-try-h").Text("Try a message"),
		app.Label().For(idStTry).Class("st-hint").Text("Paste a customer's message to see what agents would get from this working copy."),
		app.Textarea().ID(idStTry).Rows(5).Text(ed.TryMessage).Dir("auto"),
		app.Button().Class("wd-btn").OnClick(func(ctx app.Context, e app.Event) {
			ed.RunTry(app.Window().GetElementByID(idStTry).Get("value").String())
		}).Text("Try it"),
		app.If(ed.Engine() == nil, func() app.UI { return app.P().Class("wd-hint").Aria("busy", "true").Text("Compiling the library…") }),
		app.If(d != nil, func() app.UI { return renderTryResult(d) }),
	)
}

// renderTryResult shows what the widget would: the message with the words
// that matched, the feelings, and each suggested reply with its intent,
// score and the phrasing it matched.
func renderTryResult(d *widget.Desk) app.UI {
	var rows []app.UI
	for i, s := range d.Suggestions {
		var phr string
		for _, im := range d.Analysis.Intents {
			if im.ID == s.Intent {
				phr = im.Phrasing
			}
		}
		rows = append(rows, app.Li().Class("st-try-sug").Body(
			app.Div().Class("wd-opt-title").Dir("auto").Text(fmt.Sprintf("%d. %s", i+1, s.Title)),
			app.Div().Class("wd-opt-intent").Body(
				app.Text("Answers: "), app.Span().Dir("auto").Text(widget.IntentTitle(s)),
				app.Span().Text(fmt.Sprintf(" · score %.2f", s.Score)),
			),
			app.If(phr != "", func() app.UI {
				return app.Div().Class("st-hint").Body(app.Text("Nearest phrasing: "), app.Q().Dir("auto").Text(phr))
			}),
			app.Div().Class("st-try-text").Dir("auto").Text(s.Text),
		))
	}
	return app.Div().ID("st-try-result").Body(
		app.Blockquote().Class("wd-msg").Dir("auto").Body(widget.RenderSegments(widget.Segments(d.Ticket.Message, d.MessageMarks()))...),
		app.If(len(d.Analysis.Feelings) > 0, func() app.UI {
			return app.Ul().Class("wd-chips").Aria("label", "Feelings detected").Body(
				app.Range(d.Analysis.Feelings).Slice(func(i int) app.UI {
					f := d.Analysis.Feelings[i]
					return app.Li().Class("wd-chip").Body(
						app.Span().Class("wd-chip-label").Text(fmt.Sprintf("%s %d/3", widget.FeelingLabel(f), f.Intensity)),
						widget.SituationChip(d, f),
						app.Span().Class("wd-chip-ev").Dir("auto").Text("“"+f.Evidence+"”"),
					)
				}),
			)
		}),
		app.If(len(d.Suggestions) == 0, func() app.UI {
			return app.P().Class("wd-empty").Text("Out of scope: agents would get no suggestion and search instead.")
		}).Else(func() app.UI {
			return app.Ol().Class("st-try-list").Body(rows...)
		}),
	)
}

// ifThen is s when cond holds, else "" (an attribute left empty).
func ifThen(cond bool, s string) string {
	if cond {
		return s
	}
	return ""
}

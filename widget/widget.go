package widget

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/internal/words"
	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/feelings"
	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/suggestions/tone"
)

// Element ids the widget focuses and the browser tests drive.
const (
	idSearch  = "wd-search"
	idList    = "wd-list"
	idResults = "wd-results"
	idDraft   = "wd-draft"
	idConfirm = "wd-confirm"
	idPaste   = "wd-paste"
	idInsert  = "wd-insert"
	idHelp    = "wd-help"
	idHelpBtn = "wd-help-close"
)

// status is where the widget is with its library.
type status int

const (
	statusLoading status = iota // fetching and compiling the library
	statusReady                 // answering tickets
	statusFailed                // the library could not be loaded; failure says why
)

// Widget is the agent's sidebar: the customer's message, the suggested
// replies, the search, and the editable preview. It renders a Desk and
// forwards events to it; the browser glue (library fetch, postMessage,
// keyboard, clipboard) is in browser.go.
type Widget struct {
	app.Compo

	desk     *Desk
	status   status
	failure  string
	showHelp bool
	notice   string       // a short visible confirmation ("Copied")
	progress LoadProgress // while the library loads
	bench    bool         // report timings to the performance timeline (browser.go)

	host  host     // the page that embeds the widget; see browser.go
	lib   libState // the library in use and a newer one; see browser_usage.go
	usage UsageLog // events for the studio's usage figures

	// firstTicket is closed once the first ticket's suggestions are
	// drawn: work that can wait (the reply search's index, the warm-up)
	// waits for it, or for settleWait (see browser.go).
	firstTicket chan struct{}
	firstOnce   sync.Once
}

// OnInit prepares an empty desk unless one was given; the library
// arrives in OnMount.
func (w *Widget) OnInit() {
	if w.desk == nil {
		w.desk = NewDesk(nil)
		w.status = statusLoading
	}
}

// SetEngine gives the widget a compiled library (tests and the browser
// loader call it).
func (w *Widget) SetEngine(e *suggestions.Engine) {
	w.desk = NewDesk(e)
	if w.bench {
		w.desk.Timer = w.timer
	}
	w.status = statusReady
}

// Render draws the sidebar.
func (w *Widget) Render() app.UI {
	d := w.desk
	return app.Div().Class("wd").Body(
		app.Header().Class("wd-head").Body(
			app.Img().Class("wd-logo").Src("/web/icons/icon.svg").Attr("role", "presentation").Aria("hidden", "true").Width(24).Height(24),
			app.Div().Class("wd-brand").Body(
				app.H1().Text("Warmdesk"),
				app.Span().Class("wd-sub").Text("Reply suggestions"),
			),
			app.Button().Class("wd-icon-btn").
				Aria("label", "Keyboard shortcuts").Aria("expanded", strconv.FormatBool(w.showHelp)).
				Aria("controls", idHelp).Title("Keyboard shortcuts (?)").
				OnClick(func(ctx app.Context, e app.Event) { w.toggleHelp(ctx) }).
				Text("?"),
		),
		app.If(w.showHelp, w.renderHelp),
		app.Div().Class("sr-only").Aria("live", "polite").Aria("atomic", "true").ID("wd-live").Text(d.Announcement),
		app.Main().Class("wd-main").Body(w.renderMain()...),
		app.Footer().Class("wd-foot").Body(
			app.Span().Body(app.Kbd().Text("↑↓"), app.Text(" move")),
			app.Span().Body(app.Kbd().Text("1–3"), app.Text(" pick")),
			app.Span().Body(app.Kbd().Text("Enter"), app.Text(" insert")),
			app.Span().Body(app.Kbd().Text("/"), app.Text(" search")),
			app.Span().Body(app.Kbd().Text("?"), app.Text(" help")),
		),
	)
}

func (w *Widget) renderMain() []app.UI {
	switch w.status {
	case statusFailed:
		return []app.UI{app.Div().Class("wd-card wd-error").Attr("role", "alert").Body(
			app.H2().Text("The reply library could not be loaded"),
			app.P().Text(w.failure),
		)}
	case statusLoading:
		p := w.progress
		return []app.UI{app.Div().Class("wd-card wd-loading").Aria("busy", "true").Body(
			app.Span().Class("wd-spinner").Aria("hidden", "true"),
			app.Span().Class("wd-loading-label").Attr("role", "status").Text("Loading the reply library…"),
			app.If(p.Label != "", func() app.UI {
				return app.Div().Class("wd-progress").Body(
					app.Span().Class("wd-progress-label").Text(p.Label),
					app.Progress().Class("wd-progress-bar").Max(100).Value(p.Percent).Aria("label", "Loading the reply library"),
				)
			}),
		)}
	}
	return []app.UI{w.renderMessage(), w.renderReplies(), w.renderPreview()}
}

func (w *Widget) renderMessage() app.UI {
	d := w.desk
	head := app.Div().Class("wd-card-head").Body(
		app.H2().ID("wd-msg-h").Text("Customer message"),
		app.If(d.HasTicket && (d.Ticket.ID != "" || d.Ticket.CustomerName != ""), func() app.UI {
			return app.Span().Class("wd-meta").Body(
				app.If(d.Ticket.CustomerName != "", func() app.UI {
					return app.Span().Class("wd-from").Body(app.Text("From "), app.Strong().Dir("auto").Text(d.Ticket.CustomerName))
				}),
				app.If(d.Ticket.CustomerName != "" && d.Ticket.ID != "", func() app.UI { return app.Text(" · ") }),
				app.If(d.Ticket.ID != "", func() app.UI { return app.Span().Class("wd-ticket-id").Text("#" + d.Ticket.ID) }),
			)
		}),
	)
	if !d.HasTicket {
		return app.Section().Class("wd-card").Aria("labelledby", "wd-msg-h").Body(
			head,
			app.Label().For(idPaste).Class("wd-label").Text("Waiting for a ticket from your helpdesk, or paste a message:"),
			app.Textarea().ID(idPaste).Class("wd-paste").Rows(4).Placeholder("Paste the customer's message…"),
			app.Button().Class("wd-btn").OnClick(w.onPaste).Text("Suggest replies"),
		)
	}
	return app.Section().Class("wd-card").Aria("labelledby", "wd-msg-h").Body(
		head,
		w.renderMessageText(),
		app.If(len(d.Analysis.Feelings) > 0, func() app.UI {
			return app.Ul().Class("wd-chips").Aria("label", "Feelings detected").Body(
				app.Range(d.Analysis.Feelings).Slice(func(i int) app.UI {
					f := d.Analysis.Feelings[i]
					cls := "wd-chip"
					if f.Negative {
						cls += " neg"
					}
					return app.Li().Class(cls).Title(fmt.Sprintf("intensity %d of 3", f.Intensity)).Body(
						app.Span().Class("wd-chip-label").Text(FeelingLabel(f)),
						SituationChip(d, f),
						app.If(f.Evidence != "" && !strings.EqualFold(f.Evidence, FeelingLabel(f)), func() app.UI {
							return app.Span().Class("wd-chip-ev").Dir("auto").Text("“" + f.Evidence + "”")
						}),
					)
				}),
			)
		}),
	)
}

// SituationChip is the part of feeling f's chip that names the situation
// the replies acknowledge ("· late delivery"), read out as "about a late
// delivery"; nothing when they name none.
func SituationChip(d *Desk, f feelings.Match) app.UI {
	full, short := d.SituationOf(f)
	if full == "" {
		return nil
	}
	return app.Span().Class("wd-chip-sit").Body(
		app.Span().Aria("hidden", "true").Dir("auto").Text("· "+short),
		app.Span().Class("sr-only").Text("about "+full),
	)
}

// renderMessageText draws the customer's message, bounded (ShownSegments):
// a long one shortened, with a button that shows all of it.
func (w *Widget) renderMessageText() app.UI {
	d := w.desk
	segs, more := ShownSegments(Segments(d.Ticket.Message, d.MessageMarks()), d.MessageShownAll)
	quote := app.Blockquote().Class("wd-msg").Dir("auto").Body(RenderSegments(segs)...)
	if !more {
		return quote
	}
	return app.Div().Body(
		quote,
		app.Button().Class("wd-btn wd-show-all").
			OnClick(func(ctx app.Context, e app.Event) { d.MessageShownAll = true }).
			Text(fmt.Sprintf("Show all of the message (%d KB)", (len(d.Ticket.Message)+1023)/1024)),
	)
}

func (w *Widget) renderReplies() app.UI {
	d := w.desk
	return app.Section().Class("wd-card").Aria("labelledby", "wd-rep-h").Body(
		app.Div().Class("wd-card-head").Body(
			app.H2().ID("wd-rep-h").Text("Suggested replies"),
		),
		app.Div().Class("wd-search").Attr("role", "search").Body(
			app.Label().For(idSearch).Class("sr-only").Text("Search all replies by title, shortcut or words"),
			app.Input().ID(idSearch).Type("search").Class("wd-search-input").
				Placeholder("Search replies…").AutoComplete(false).
				Aria("controls", ifThen(d.Searching, idResults)).Aria("keyshortcuts", "/").
				Value(d.Query).
				OnFocus(func(ctx app.Context, e app.Event) {
					if !d.Searching {
						d.OpenSearch()
					}
				}).
				OnInput(func(ctx app.Context, e app.Event) {
					d.Searching = true
					d.Search(ctx.JSSrc().Get("value").String())
					w.benchMark(ctx, "search")
				}),
			app.Kbd().Class("wd-search-kbd").Aria("hidden", "true").Text("/"),
		),
		app.If(d.Unsure() && !d.Searching, func() app.UI {
			return app.P().Class("wd-hint wd-unsure").Text("Not sure these fit: read before you choose one.")
		}),
		app.If(d.OutOfScope(), func() app.UI {
			return app.Div().Class("wd-empty").Body(
				app.Strong().Text("Nothing in the library fits this message."),
				app.Span().Class("wd-why").Dir("auto").Text(" "+d.WhyNothingFits()),
				app.Span().Text(" Search for a reply by title, shortcut or words, or write your own."),
			)
		}),
		app.If(d.Searching, w.renderResults).Else(w.renderSuggestions),
	)
}

func (w *Widget) renderSuggestions() app.UI {
	d := w.desk
	if len(d.Suggestions) == 0 {
		if !d.HasTicket {
			return app.P().Class("wd-hint").Text("Suggestions appear here when a ticket is open.")
		}
		return nil
	}
	active := ""
	if d.Selected >= 0 {
		active = "wd-sug-" + strconv.Itoa(d.Selected)
	}
	label := "Suggested replies"
	if d.Unsure() {
		label = "Possible replies"
	}
	return app.Ul().ID(idList).Class("wd-list").Attr("role", "listbox").Aria("label", label).
		Aria("activedescendant", active).TabIndex(0).Body(
		app.Range(d.Suggestions).Slice(func(i int) app.UI {
			s := d.Suggestions[i]
			sel := i == d.Selected
			cls := "wd-opt"
			if sel {
				cls += " sel"
			}
			num := app.UI(app.Span().Class("wd-num wd-num-search").Aria("hidden", "true").Text("⌕"))
			if i < 3 {
				num = app.Kbd().Class("wd-num").Aria("hidden", "true").Text(strconv.Itoa(i + 1))
			}
			return app.Li().ID("wd-sug-"+strconv.Itoa(i)).Class(cls).Attr("role", "option").
				Aria("selected", strconv.FormatBool(sel)).
				OnClick(func(ctx app.Context, e app.Event) { d.Pick(i) }, app.EventScope(s.Reply)).
				Body(
					num,
					app.Div().Class("wd-opt-body").Body(
						app.Div().Class("wd-opt-title").Dir("auto").Text(s.Title),
						app.Div().Class("wd-opt-intent").Body(
							app.Span().Dir("auto").Text(IntentTitle(s)),
							app.If(len(s.Missing) > 0, func() app.UI {
								return app.Span().Class("wd-badge").Text(words.Count(BlankCount(s.Missing), "blank") + " to fill")
							}),
						),
					),
				)
		}),
	)
}

func (w *Widget) renderResults() app.UI {
	d := w.desk
	if len(d.Results) == 0 && d.Query == "" {
		// Nothing fits the ticket: replies appear as the agent types.
		return app.P().ID(idResults).Class("wd-hint").Text("Type to find a reply by its title, shortcut or words.")
	}
	if len(d.Results) == 0 {
		return app.P().ID(idResults).Class("wd-hint").Dir("auto").Text("No reply matches “" + d.Query + "”.")
	}
	return app.Ul().ID(idResults).Class("wd-list wd-results").Attr("role", "listbox").Aria("label", "Matching replies").Body(
		app.Range(d.Results).Slice(func(i int) app.UI {
			r := d.Results[i]
			cls := "wd-opt"
			if i == d.Cursor {
				cls += " sel"
			}
			return app.Li().ID("wd-res-"+strconv.Itoa(i)).Class(cls).Attr("role", "option").
				Aria("selected", strconv.FormatBool(i == d.Cursor)).
				OnClick(func(ctx app.Context, e app.Event) {
					if d.Choose(i) {
						focusAfterDraw(idList)
						clearSearchAfterDraw()
					}
				}, app.EventScope(r.Reply)).
				Body(
					app.Div().Class("wd-opt-body").Body(
						app.Div().Class("wd-opt-title").Dir("auto").Body(RenderSegments(MatchSegments(r.Title, r.TitleMatches))...),
						app.If(r.Shortcut != "", func() app.UI {
							return app.Div().Class("wd-opt-intent").Body(
								app.Code().Class("wd-shortcut").Body(append([]app.UI{app.Text("::")}, RenderSegments(MatchSegments(r.Shortcut, r.ShortcutMatches))...)...),
							)
						}),
					),
				)
		}),
	)
}

func (w *Widget) renderPreview() app.UI {
	d := w.desk
	s := d.Current()
	if s == nil {
		return nil
	}
	draft := d.Draft()
	findings := d.Findings()
	missing := d.Missing()
	return app.Section().Class("wd-card wd-preview").Aria("labelledby", "wd-pre-h").Body(
		app.Div().Class("wd-card-head").Body(
			app.H2().ID("wd-pre-h").Text("Reply preview"),
			app.Span().Class("wd-meta wd-answers").Body(app.Text("Answers: "), app.Span().Dir("auto").Text(IntentTitle(*s))),
			app.If(d.Edited(), func() app.UI {
				return app.Button().Class("wd-link").OnClick(func(ctx app.Context, e app.Event) { d.Reset() }).Text("Undo my edits")
			}),
		),
		app.If(len(d.Promises()) > 0, w.renderPromises),
		ToneEditor(idDraft, "Reply text, editable", draft, d.DraftMarks(),
			func(ctx app.Context, e app.Event) { d.Edit(ctx.JSSrc().Get("value").String()) }),
		app.If(len(missing) > 0, func() app.UI { return w.renderBlanks(missing) }),
		app.If(len(ToneTips(findings)) > 0, func() app.UI { return w.renderFindings(ToneTips(findings)) }),
		app.Ul().Class("wd-checklist").Aria("label", "Warmth checklist").Body(
			app.Range(d.Checklist()).Slice(func(i int) app.UI {
				c := d.Checklist()[i]
				mark, cls, state := "✓", "ok", "done"
				if !c.OK {
					mark, cls, state = "!", "todo", "to do"
				}
				return app.Li().Class(cls).Title(c.Hint).Body(
					app.Span().Class("wd-check-mark").Aria("hidden", "true").Text(mark),
					app.Span().Text(c.Label),
					app.Span().Class("sr-only").Text(": "+state),
				)
			}),
		),
		app.If(d.ToneConfirming(), w.renderToneConfirm),
		app.If(d.Confirming, func() app.UI {
			return app.Div().Class("wd-confirm").Attr("role", "alert").Body(
				app.P().Text(d.ConfirmWhy()+". "+anyway(d)+"?"),
				app.Div().Class("wd-actions").Body(
					app.Button().ID(idConfirm).Class("wd-btn wd-primary").OnClick(func(ctx app.Context, e app.Event) { w.confirm(ctx) }).Text(anyway(d)),
					app.Button().Class("wd-btn").OnClick(func(ctx app.Context, e app.Event) { d.Back(); w.focus(ctx, idDraft) }).Text("Keep editing"),
				),
			)
		}),
		app.Div().Class("wd-actions").Body(
			app.Button().ID(idInsert).Class("wd-btn wd-primary").Title(insertTitle(d.Ticket)).
				OnClick(func(ctx app.Context, e app.Event) { w.insert(ctx, false) }).Text(insertLabel(d.Ticket)),
			// A copying host's primary button copies already.
			app.If(!d.Ticket.Copies(), func() app.UI {
				return app.Button().Class("wd-btn").Title("Copy to the clipboard (c)").
					OnClick(func(ctx app.Context, e app.Event) { w.copy(ctx, false) }).Text("Copy")
			}),
			app.If(w.notice != "", func() app.UI { return app.Span().Class("wd-notice").Text(w.notice) }),
		),
	)
}

// renderToneConfirm asks about an error-severity tone finding the agent's
// edits brought, before the reply goes to the customer.
func (w *Widget) renderToneConfirm() app.UI {
	f, n := w.desk.ToneAsk()
	more := ""
	if n > 1 {
		more = " " + words.Plural(n-1, "more finding follows.", "more findings follow.")
	}
	return app.Div().ID("wd-tone-confirm").Class("wd-confirm wd-tone-confirm").Attr("role", "alert").Body(
		app.P().Body(app.Text("Before you "+w.desk.verb()+": "), app.Q().Dir("auto").Text(f.Text), app.Text(" "+f.Message+more)),
		app.P().Body(app.Text("Try: "), app.Q().Dir("auto").Text(f.Suggestions[0])),
		app.Div().Class("wd-actions").Body(
			app.Button().ID("wd-reword").Class("wd-btn").Title("Use the rewording (r)").
				OnClick(func(ctx app.Context, e app.Event) { w.useRewording(ctx) }).
				Body(app.Text("Use the rewording "), app.Kbd().Text("r")),
			app.Button().ID(idConfirm).Class("wd-btn wd-primary").Title(anyway(w.desk)+" (Enter)").
				OnClick(func(ctx app.Context, e app.Event) { w.confirm(ctx) }).
				Body(app.Text(anyway(w.desk)+" "), app.Kbd().Text("Enter")),
			app.Button().Class("wd-btn").OnClick(func(ctx app.Context, e app.Event) { w.desk.Back(); w.focus(ctx, idDraft) }).Text("Keep editing"),
		),
	)
}

// renderPromises is the "Before you send" checklist: what the reply says
// was done, for the agent to tick once it is (Insert asks otherwise).
func (w *Widget) renderPromises() app.UI {
	d := w.desk
	ps := d.Promises()
	return app.FieldSet().Class("wd-promises").Body(
		app.Legend().Class("wd-promises-h").Text("Before you send:"),
		app.Range(ps).Slice(func(i int) app.UI {
			p := ps[i]
			id := "wd-promise-" + strconv.Itoa(i)
			return app.Span().Class("wd-promise").Body(
				app.Input().ID(id).Type("checkbox").Checked(p.Ticked).
					OnChange(func(ctx app.Context, e app.Event) { d.TickPromise(p.Sentence, ctx.JSSrc().Get("checked").Bool()) }, app.EventScope(p.Sentence)),
				app.Label().For(id).Title(p.Sentence).Dir("auto").Text(p.Check+"?"),
			)
		}),
	)
}

func (w *Widget) renderBlanks(missing []library.Placeholder) app.UI {
	d := w.desk
	names := uniqueNames(missing)
	return app.Div().Class("wd-blanks").Body(
		app.P().Class("wd-blanks-h").Text("Fill in before sending: "+words.Count(len(names), "blank")),
		app.Range(names).Slice(func(i int) app.UI {
			name := names[i]
			id := "wd-fill-" + strconv.Itoa(i)
			return app.Div().Class("wd-blank").Body(
				app.Label().For(id).Body(app.Code().Text("{{"+name+"}}")),
				app.Input().ID(id).Type("text").Placeholder(placeholderHint(name)).
					OnChange(func(ctx app.Context, e app.Event) {
						d.FillPlaceholder(name, ctx.JSSrc().Get("value").String())
						ctx.JSSrc().Set("value", "")
						// The filled blank's field goes away: the focus goes
						// to the next blank, or to the reply, where Enter
						// inserts it, never to the page.
						next := idList
						if d.Blanks() > 0 {
							next = "wd-fill-0"
						}
						focusAfterDraw(next)
					}, app.EventScope(name)),
			)
		}),
	)
}

func (w *Widget) renderFindings(fs []tone.Finding) app.UI {
	return FindingList(fs, func(ctx app.Context, f tone.Finding, sug string) { _ = w.desk.Fix(f, sug) })
}

// renderHelp is the shortcuts, over the top of the widget where the agent
// is looking whatever they scrolled to; Esc or the button closes it.
func (w *Widget) renderHelp() app.UI {
	return app.Section().ID(idHelp).Class("wd-help").Aria("labelledby", "wd-help-h").Body(
		app.Div().Class("wd-help-head").Body(
			app.H2().ID("wd-help-h").Text("Keyboard shortcuts"),
			app.Button().ID(idHelpBtn).Class("wd-help-close").Title("Close (Esc)").
				OnClick(func(ctx app.Context, e app.Event) { w.toggleHelp(ctx) }).Text("Close"),
		),
		app.Dl().Body(
			app.Range(Shortcuts).Slice(func(i int) app.UI {
				return app.Div().Body(app.Dt().Body(app.Kbd().Text(Shortcuts[i].Keys)), app.Dd().Text(Shortcuts[i].What))
			}),
		),
	)
}

// RenderSegments renders text runs as text nodes, marked runs in <mark>.
func RenderSegments(segs []Segment) []app.UI {
	out := make([]app.UI, 0, len(segs))
	for _, s := range segs {
		if s.Class == "" {
			out = append(out, app.Text(s.Text))
			continue
		}
		out = append(out, app.Mark().Class(s.Class).Title(s.Title).Text(s.Text))
	}
	return out
}

func IntentTitle(s suggestions.Suggestion) string {
	if s.IntentTitle != "" {
		return s.IntentTitle
	}
	return s.Intent
}

func uniqueNames(ps []library.Placeholder) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range ps {
		if !seen[p.Name] {
			seen[p.Name] = true
			out = append(out, p.Name)
		}
	}
	return out
}

// placeholderHint is an example value for a placeholder's input.
func placeholderHint(name string) string {
	switch {
	case strings.Contains(name, "email"):
		return "name@example.com"
	case strings.Contains(name, "date"):
		return "e.g. Friday 14 March"
	case strings.Contains(name, "amount"):
		return "e.g. €24.90"
	case strings.Contains(name, "number"):
		return "e.g. 48213"
	}
	return "Type the value, then Enter"
}

func ifThen(cond bool, s string) string {
	if cond {
		return s
	}
	return ""
}

// insertLabel names the insert button after what the host does with the
// reply: a helpdesk that only copies it must not promise an insert.
func insertLabel(t Ticket) string {
	if t.Copies() {
		return "Copy reply"
	}
	return "Insert reply"
}

func insertTitle(t Ticket) string {
	if t.Copies() {
		return "Copy to paste into the reply (Enter): this helpdesk lets no app write into its reply box"
	}
	return "Insert into the reply (Enter)"
}

// anyway names the button that answers a question with "send it as it
// is": "Insert anyway" or "Copy anyway", after what the agent asked for.
func anyway(d *Desk) string {
	if d.verb() == "copy" {
		return "Copy anyway"
	}
	return "Insert anyway"
}

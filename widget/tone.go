package widget

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/suggestions/tone"
)

// The tone editor is shared by the widget's reply preview and the studio's
// reply editor: a textarea over a backdrop that repeats its text with the
// tone findings underlined in place, and under it the findings with their
// rewordings one click away.

// FixText replaces the text of a finding with one of its rewordings,
// whose first letter takes the case of the finding's (matchCase). It
// refuses when text no longer holds the finding's text at its offsets
// (the text was edited since it was checked).
func FixText(text string, f tone.Finding, rewording string) (string, error) {
	if f.Start < 0 || f.End > len(text) || f.Start > f.End || text[f.Start:f.End] != f.Text {
		return "", errors.New("the text changed; check it again")
	}
	return text[:f.Start] + matchCase(f.Text, rewording) + text[f.End:], nil
}

// matchCase gives rewording's first letter the case of was's: rewordings
// are written to start a sentence ("Here's what I can do:"), and one that
// replaces words in the middle of a sentence ("the sale has ended, and
// unfortunately…") goes in lower case, one at the start of a sentence in
// upper case. The pronoun "I" (I, I'm, I'll…) keeps its capital, and a
// word with a capital after its first letter (an acronym, "eBay") is left
// as written.
func matchCase(was, rewording string) string {
	w, _ := utf8.DecodeRuneInString(was)
	r, size := utf8.DecodeRuneInString(rewording)
	if !unicode.IsLetter(w) || !unicode.IsLetter(r) || unicode.IsUpper(w) == unicode.IsUpper(r) {
		return rewording
	}
	word := rewording
	if i := strings.IndexFunc(rewording, func(c rune) bool { return !unicode.IsLetter(c) }); i >= 0 {
		word = rewording[:i]
	}
	if unicode.IsLower(w) && word == "I" {
		return rewording
	}
	if strings.IndexFunc(word[size:], unicode.IsUpper) >= 0 {
		return rewording
	}
	if unicode.IsUpper(w) {
		return string(unicode.ToUpper(r)) + rewording[size:]
	}
	return string(unicode.ToLower(r)) + rewording[size:]
}

// ToneMarks underlines the wording findings (avoid and swap rules); the
// opening, closing and acknowledgement findings are about the reply as a
// whole, not a span of it.
func ToneMarks(fs []tone.Finding) []Mark {
	var marks []Mark
	for _, f := range ToneTips(fs) {
		marks = append(marks, Mark{Start: f.Start, End: f.End, Class: "tone " + f.Severity, Title: f.Message})
	}
	return marks
}

// ToneTips are the findings shown as a list: the wording ones.
func ToneTips(fs []tone.Finding) []tone.Finding {
	var out []tone.Finding
	for _, f := range fs {
		if f.Kind == library.KindAvoid || f.Kind == library.KindSwap {
			out = append(out, f)
		}
	}
	return out
}

// ToneEditor renders an editable text with marks underlined in place. The
// backdrop holds the same text as text nodes (a trailing zero-width space
// keeps a final newline's height), so the marks sit under the words.
func ToneEditor(id, label, text string, marks []Mark, onInput app.EventHandler) app.UI {
	return app.Div().Class("wd-editor").Body(
		app.Div().Class("wd-backdrop").Aria("hidden", "true").Dir("auto").Body(
			append(RenderSegments(Segments(text, marks)), app.Text("\u200b"))...,
		),
		app.Textarea().ID(id).Class("wd-draft").Dir("auto").Aria("label", label).
			Spellcheck(true).Text(text).OnInput(onInput),
	)
}

// FindingList renders wording findings, each with buttons that apply a
// rewording.
func FindingList(fs []tone.Finding, onFix func(ctx app.Context, f tone.Finding, rewording string)) app.UI {
	return app.Ul().Class("wd-findings").Aria("label", "Tone suggestions").Body(
		app.Range(fs).Slice(func(i int) app.UI {
			f := fs[i]
			return app.Li().Class("wd-finding "+f.Severity).Body(
				app.P().Body(
					app.Q().Dir("auto").Text(f.Text),
					app.Text(" "+f.Message),
				),
				app.If(len(f.Suggestions) > 0, func() app.UI {
					return app.Div().Class("wd-fixes").Body(
						app.Range(f.Suggestions).Slice(func(j int) app.UI {
							sug := f.Suggestions[j]
							return app.Button().Class("wd-fix").Aria("label", "Replace “"+f.Text+"” with “"+sug+"”").
								OnClick(func(ctx app.Context, e app.Event) { onFix(ctx, f, sug) }, app.EventScope(f.Start, f.Rule, j)).
								Text("→ " + sug)
						}),
					)
				}),
			)
		}),
	)
}

package studioui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/suggestions/libdiff"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// renderDiff shows what changed between two revisions as the core's Diff
// describes it: entry by entry, each changed field with its old and new
// value, lists as what was added and removed, and reply bodies, openers
// and closers as a word-level change (removed words struck through,
// added ones marked). Everything is text.
func renderDiff(d libdiff.LibraryDiff) app.UI {
	if d.Empty() {
		return app.P().Class("wd-hint").Text("No changes.")
	}
	var items []app.UI
	for _, f := range d.Library {
		items = append(items, diffItem(libdiff.ChangeChanged, "Library "+f.Field, nil, fieldLines([]libdiff.FieldChange{f})...))
	}
	for _, in := range d.Intents {
		head := "Intent " + quoteTitle(in.Title, in.ID)
		if in.Change == libdiff.ChangeRenamed {
			head += " (id was " + in.OldID + ")"
		}
		var body []app.UI
		body = append(body, fieldLines(in.Fields)...)
		body = append(body, listLines("phrasings", in.PhrasingsAdded, in.PhrasingsRemoved)...)
		for _, r := range in.Replies {
			rh := "Reply " + quoteTitle(r.Title, r.ID)
			switch {
			case r.MovedFrom != "":
				rh += ", moved here from " + r.MovedFrom
			case r.MovedTo != "":
				rh += ", moved to " + r.MovedTo
			}
			var rb []app.UI
			rb = append(rb, fieldLines(r.Fields)...)
			if len(r.BodyEdits) > 0 {
				rb = append(rb, app.Div().Class("st-diff-text").Body(append([]app.UI{app.Span().Class("st-hint").Text("Body: ")}, textEdits(r.BodyEdits)...)...))
			} else if r.Body != "" {
				rb = append(rb, app.Div().Class("st-diff-text").Dir("auto").Text(r.Body))
			}
			body = append(body, app.Ul().Class("st-diff-list").Body(diffItem(r.Change, rh, nil, rb...)))
		}
		items = append(items, diffItem(in.Change, head, nil, body...))
	}
	for _, f := range d.Feelings {
		var body []app.UI
		body = append(body, fieldLines(f.Fields)...)
		cue := func(cs []library.Cue) []string {
			var out []string
			for _, c := range cs {
				out = append(out, c.Text+" ("+strconv.Itoa(c.Intensity)+")")
			}
			return out
		}
		body = append(body, listLines("cues", cue(f.CuesAdded), cue(f.CuesRemoved))...)
		for _, c := range f.CuesChanged {
			body = append(body, app.Div().Text(fmt.Sprintf("cue “%s”: intensity %d → %d", c.Text, c.Old, c.New)))
		}
		if f.Unless != nil {
			body = append(body, listLines("unless", f.Unless.Added, f.Unless.Removed)...)
		}
		ack := func(as []library.Acknowledgement) []string {
			var out []string
			for _, a := range as {
				out = append(out, a.Text+" ("+strconv.Itoa(a.Intensity)+")")
			}
			return out
		}
		body = append(body, listLines("acknowledgements", ack(f.AcknowledgementsAdded), ack(f.AcknowledgementsRemoved))...)
		for _, l := range f.Lists { // sarcasm cues and situations
			body = append(body, listLines(l.Field, l.Added, l.Removed)...)
		}
		items = append(items, diffItem(f.Change, "Feeling "+f.ID, nil, body...))
	}
	snippets := func(kind string, list []libdiff.SnippetChange) {
		for _, s := range list {
			var body []app.UI
			if len(s.Edits) > 0 {
				body = append(body, app.Div().Class("st-diff-text").Body(textEdits(s.Edits)...))
			} else if s.Text != "" {
				body = append(body, app.Div().Class("st-diff-text").Dir("auto").Text(s.Text))
			}
			items = append(items, diffItem(s.Change, kind+" "+s.ID, nil, body...))
		}
	}
	snippets("Opener", d.Openers)
	snippets("Closer", d.Closers)
	for _, r := range d.Rules {
		body := fieldLines(r.Fields)
		for _, l := range r.Lists {
			body = append(body, listLines(l.Field, l.Added, l.Removed)...)
		}
		items = append(items, diffItem(r.Change, "Tone rule "+r.ID, nil, body...))
	}
	return app.Ul().Class("st-diff-list").Body(items...)
}

func quoteTitle(title, id string) string {
	if title == "" {
		return id
	}
	return "“" + title + "” (" + id + ")"
}

// diffItem is one changed entry: its kind (added, removed, renamed,
// changed) in words and colour, a heading, and the details.
func diffItem(change, head string, _ []app.UI, body ...app.UI) app.UI {
	return app.Li().Class(change).Body(
		app.Div().Body(app.Strong().Dir("auto").Text(head), app.Span().Class("st-tag").Text(change)),
		app.If(len(body) > 0, func() app.UI { return app.Div().Class("st-diff-body").Body(body...) }),
	)
}

func fieldLines(fs []libdiff.FieldChange) []app.UI {
	var out []app.UI
	for _, f := range fs {
		out = append(out, app.Div().Body(
			app.Span().Class("st-hint").Text(f.Field+": "),
			app.Del().Class("st-diff-old").Dir("auto").Text(orNone(f.Old)),
			app.Text(" → "),
			app.Ins().Class("st-diff-new").Dir("auto").Text(orNone(f.New)),
		))
	}
	return out
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(none)"
	}
	return s
}

func listLines(field string, added, removed []string) []app.UI {
	var out []app.UI
	for _, a := range added {
		out = append(out, app.Div().Body(app.Span().Class("st-hint").Text(field+" + "), app.Ins().Class("st-diff-new").Dir("auto").Text(a)))
	}
	for _, r := range removed {
		out = append(out, app.Div().Body(app.Span().Class("st-hint").Text(field+" − "), app.Del().Class("st-diff-old").Dir("auto").Text(r)))
	}
	return out
}

// textEdits renders a word-level change.
func textEdits(es []libdiff.TextEdit) []app.UI {
	out := make([]app.UI, 0, len(es))
	for _, e := range es {
		switch e.Op {
		case "-":
			out = append(out, app.Del().Class("st-diff-old").Text(e.Text))
		case "+":
			out = append(out, app.Ins().Class("st-diff-new").Text(e.Text))
		default:
			out = append(out, app.Text(e.Text))
		}
	}
	return out
}

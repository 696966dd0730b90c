package studioui

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/sahilm/fuzzy"
	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/suggestions/tone"
	"github.com/warmdesk/warmdesk/widget"
)

// Editor is the studio's library page as plain Go: a working copy of one
// revision of the library, what is selected, the search, the tone findings
// of the reply being edited, the "Try a message" desk, and the problems
// that stop a save. The page component only renders it and forwards
// events to its methods (tested natively in studio_editor_test.go).
//
// The engine the findings and the try panel use is compiled from the
// working copy off the UI goroutine whenever the copy changed and is
// valid (NeedsCompile, Document, Compiled): until then the last good
// engine answers.
type Editor struct {
	Lib  *library.Library
	Base int64 // the revision the working copy started from (or was saved as)
	// Dirty: the working copy differs from revision Base.
	Dirty bool

	Sel     Selection
	Query   string
	Results []EditorHit
	Hidden  int // intents not listed (a very large library without a query)

	// Problems stop a save: the working copy's own, or the server's 422.
	Problems []library.Problem

	// Clashes are the entries both this editor and someone else changed,
	// after Rebase: the editor's version was kept; look before saving.
	Clashes []string

	// Focus is the element id of the field the last Goto went to, for
	// the page to focus; "" when it named no single field.
	Focus string
	// Open lists the folded parts of the page that are open (the
	// situations, by their element id).
	Open map[string]bool

	typed map[string]string // the text typed into each cues field (CuesText)

	// TryMessage is the message pasted into "Try a message"; Try is the
	// desk that answers it with the working copy.
	TryMessage string
	Try        *widget.Desk

	orig     []byte // revision Base's document, for Rebase
	eng      *suggestions.Engine
	version  int // bumped on every change
	compiled int // the version eng was compiled from
}

// Selection is what the main panel shows.
type Selection struct {
	Kind  string // SelIntent, SelSnippets, SelFeelings, SelRules, or "" for nothing
	Index int    // the intent's index for SelIntent
}

// Selection kinds.
const (
	SelIntent   = "intent"
	SelSnippets = "snippets"
	SelFeelings = "feelings"
	SelRules    = "rules"
)

// EditorHit is one intent, reply, situation or feeling's sarcasm cues in
// the search results, with the text that matched and the matched byte
// offsets for highlighting.
type EditorHit struct {
	Intent int // -1 for a hit in a feeling (InFeeling)
	Reply  int // -1 for the intent itself
	// Feeling and Situation place a hit in a feeling: the feeling's index
	// and its situation's, -1 for the feeling's sarcasm cues. Path names
	// the field that matched as a problem names it ("situations[2].cues[0]"),
	// so Choose goes where Goto would; Of is the feeling's name.
	Feeling, Situation int
	Path, Of           string

	Label   string // the intent's or reply's title, the situation's plain words
	Field   string // what matched: "title", "id", "shortcut", "phrasing"; "plain words", "cue", "acknowledgement", "not about", "sarcasm cue"
	Text    string // the matched text
	Matches []int  // byte offsets in Text
	score   int
}

// InFeeling reports whether the hit is in a feeling's situation or
// sarcasm cues rather than in an intent.
func (h EditorHit) InFeeling() bool { return h.Intent < 0 }

// NewEditor starts editing a library loaded from revision base.
func NewEditor(lib *library.Library, base int64, eng *suggestions.Engine) *Editor {
	e := &Editor{Lib: lib, Base: base, eng: eng, version: 1}
	if eng != nil {
		e.compiled = 1
	}
	if len(lib.Intents) > 0 {
		e.Sel = Selection{Kind: SelIntent, Index: 0}
	}
	e.Search("")
	return e
}

// Engine is the last engine compiled from a valid working copy.
func (e *Editor) Engine() *suggestions.Engine { return e.eng }

// NeedsCompile reports whether the working copy changed since the engine
// was compiled, and the version to hand back to Compiled.
func (e *Editor) NeedsCompile() (bool, int) { return e.version != e.compiled, e.version }

// Document is the working copy as a library document.
func (e *Editor) Document() ([]byte, error) { return e.Lib.MarshalIndent() }

// Compiled records the result of compiling version: a new engine, or the
// problems that stop it. A result for an older version than the newest
// compiled one is ignored.
func (e *Editor) Compiled(version int, eng *suggestions.Engine, problems []library.Problem) {
	if version < e.compiled {
		return
	}
	e.Problems = problems
	if eng != nil {
		e.eng, e.compiled = eng, version
		if e.TryMessage != "" {
			e.RunTry(e.TryMessage)
		}
	}
}

// CompileDocument is the work done off the UI goroutine: parse the
// document (every problem) and compile it.
func CompileDocument(doc []byte) (*suggestions.Engine, []library.Problem) {
	lib, err := library.ParseLibrary("library", doc)
	if ve, ok := err.(*library.ValidationError); ok {
		return nil, ve.Problems
	}
	if err != nil {
		return nil, []library.Problem{{File: "library", Entry: "document", Field: "-", Message: err.Error()}}
	}
	eng, err := suggestions.Compile(lib)
	if err != nil {
		return nil, []library.Problem{{File: "library", Entry: "document", Field: "-", Message: err.Error()}}
	}
	if probs := eng.CheckExamples("library"); len(probs) > 0 {
		return nil, probs
	}
	return eng, nil
}

func (e *Editor) changed() {
	e.Dirty = true
	e.version++
}

// SetOriginal keeps revision Base's document, which Rebase compares the
// working copy with.
func (e *Editor) SetOriginal(doc []byte) { e.orig = doc }

// Saved records a successful save of doc as revision id.
func (e *Editor) Saved(id int64, doc []byte) {
	e.Base, e.Dirty, e.Problems, e.Clashes, e.orig = id, false, nil, nil, doc
}

// Rebase moves the working copy onto revision id (document doc), saved by
// someone else meanwhile: the changes made here since Base are applied to
// it (see the function Rebase). The result is unsaved.
func (e *Editor) Rebase(id int64, doc []byte) error {
	if e.orig == nil {
		return fmt.Errorf("the revision this copy started from is unknown")
	}
	base, err := library.ParseLibrary(fmt.Sprintf("revision %d", e.Base), e.orig)
	if err != nil {
		return err
	}
	theirs, err := library.ParseLibrary(fmt.Sprintf("revision %d", id), doc)
	if err != nil {
		return err
	}
	e.Lib, e.Clashes = Rebase(base, e.Lib, theirs)
	e.Base, e.orig = id, doc
	e.changed()
	if e.Sel.Kind == SelIntent && e.Sel.Index >= len(e.Lib.Intents) {
		e.Sel = Selection{}
	}
	e.Search(e.Query)
	return nil
}

// Select shows an intent or a section.
func (e *Editor) Select(kind string, index int) {
	if kind == SelIntent && (index < 0 || index >= len(e.Lib.Intents)) {
		return
	}
	e.Sel = Selection{Kind: kind, Index: index}
}

// Intent is the selected intent, or nil.
func (e *Editor) Intent() *library.Intent {
	if e.Sel.Kind != SelIntent || e.Sel.Index < 0 || e.Sel.Index >= len(e.Lib.Intents) {
		return nil
	}
	return &e.Lib.Intents[e.Sel.Index]
}

// searchSource lists the searchable texts: each intent's title, id and
// phrasings, each reply's title and shortcut, each situation's id, plain
// words, cues and acknowledgements, and each feeling's sarcasm cues.
// Reply bodies are left out: fuzzy matching is for short labels (GUIDE,
// sahilm/fuzzy facts), and an acknowledgement is a sentence, as a
// phrasing is, where a body is paragraphs.
type searchSource struct {
	texts []string
	refs  []EditorHit
}

func (s *searchSource) String(i int) string { return s.texts[i] }
func (s *searchSource) Len() int            { return len(s.texts) }

func (s *searchSource) add(h EditorHit) {
	if h.Text == "" {
		return
	}
	s.texts = append(s.texts, h.Text)
	s.refs = append(s.refs, h)
}

// MaxListed bounds the list of intents without a query: a page of ten
// thousand buttons helps nobody, the search does.
const MaxListed = 500

// Search finds intents, replies, situations and sarcasm cues for q, best
// first, one hit per intent, reply, situation or feeling's sarcasm cues
// (its best-matching text). An empty query lists the intents in library
// order, up to MaxListed.
func (e *Editor) Search(q string) {
	e.Query = q
	e.Results, e.Hidden = e.Results[:0], 0
	q = strings.TrimSpace(q)
	if q == "" {
		for i, in := range e.Lib.Intents {
			if i == MaxListed {
				e.Hidden = len(e.Lib.Intents) - MaxListed
				break
			}
			e.Results = append(e.Results, EditorHit{Intent: i, Reply: -1, Label: intentLabel(in), Field: "title", Text: intentLabel(in)})
		}
		return
	}
	src := &searchSource{}
	for i, in := range e.Lib.Intents {
		label := intentLabel(in)
		src.add(EditorHit{Intent: i, Reply: -1, Label: label, Field: "title", Text: in.Title})
		src.add(EditorHit{Intent: i, Reply: -1, Label: label, Field: "id", Text: in.ID})
		for _, p := range in.Phrasings {
			src.add(EditorHit{Intent: i, Reply: -1, Label: label, Field: "phrasing", Text: p})
		}
		for j, r := range in.Replies {
			rl := r.Title
			if rl == "" {
				rl = r.ID
			}
			src.add(EditorHit{Intent: i, Reply: j, Label: rl, Field: "title", Text: r.Title})
			src.add(EditorHit{Intent: i, Reply: j, Label: rl, Field: "shortcut", Text: r.Shortcut})
			src.add(EditorHit{Intent: i, Reply: j, Label: rl, Field: "id", Text: r.ID})
		}
	}
	e.searchFeelings(src)
	best := map[[3]int]int{} // (intent, reply) or (-1, feeling, situation) to index in Results
	for _, m := range fuzzy.FindFromNoSort(q, src) {
		h := src.refs[m.Index]
		h.Matches, h.score = m.MatchedIndexes, m.Score
		key := [3]int{h.Intent, h.Reply, 0}
		if h.InFeeling() {
			key = [3]int{-1, h.Feeling, h.Situation}
		}
		if k, ok := best[key]; ok {
			if h.score > e.Results[k].score {
				e.Results[k] = h
			}
			continue
		}
		best[key] = len(e.Results)
		e.Results = append(e.Results, h)
	}
	sort.SliceStable(e.Results, func(a, b int) bool { return e.Results[a].score > e.Results[b].score })
	if len(e.Results) > 50 {
		e.Results = e.Results[:50]
	}
}

// searchFeelings adds each situation's texts (what it is not about
// included) and each feeling's sarcasm cues to src.
func (e *Editor) searchFeelings(src *searchSource) {
	for f, fe := range e.Lib.Feelings {
		of := feelingName(fe)
		for k, c := range fe.Sarcasm {
			src.add(EditorHit{Intent: -1, Feeling: f, Situation: -1, Of: of, Label: "Sarcasm cues",
				Path: fmt.Sprintf("sarcasm[%d]", k), Field: "sarcasm cue", Text: c})
		}
		for s, si := range fe.Situations {
			label := si.Label
			if label == "" {
				label = si.ID
			}
			at := func(path, field, text string) {
				src.add(EditorHit{Intent: -1, Feeling: f, Situation: s, Of: of, Label: label,
					Path: fmt.Sprintf("situations[%d].%s", s, path), Field: field, Text: text})
			}
			at("id", "id", si.ID)
			at("label", "plain words", si.Label)
			for k, c := range si.Cues {
				at(fmt.Sprintf("cues[%d]", k), "cue", c.Text)
			}
			for k, a := range si.Acknowledgements {
				at(fmt.Sprintf("acknowledgements[%d].text", k), "acknowledgement", a.Text)
			}
			for k, w := range si.NotAbout {
				at(fmt.Sprintf("not_about[%d]", k), "not about", w)
			}
		}
	}
}

// Choose shows what a search hit names: the intent, or the feelings with
// the hit's situation open and Focus on the field that matched, as Goto
// does for a problem. It reports whether the hit still names something
// (the library may have changed since the search).
func (e *Editor) Choose(h EditorHit) bool {
	e.Focus = ""
	if !h.InFeeling() {
		if h.Intent >= len(e.Lib.Intents) {
			return false
		}
		e.Select(SelIntent, h.Intent)
		return true
	}
	fe := e.feeling(h.Feeling)
	if fe == nil || h.Situation >= len(fe.Situations) {
		return false
	}
	e.Select(SelFeelings, 0)
	var sit string
	e.Focus, sit = feelingTarget(h.Feeling, h.Path)
	if sit != "" {
		e.SetOpen(sit, true)
	}
	return true
}

// feelingName is how the studio names a feeling: its label in lower case,
// or its id.
func feelingName(fe library.Feeling) string {
	if fe.Label != "" {
		return strings.ToLower(fe.Label)
	}
	return fe.ID
}

func intentLabel(in library.Intent) string {
	if in.Title != "" {
		return in.Title
	}
	return in.ID
}

// lines splits a text area into its non-empty lines, trimmed.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// SetIntent changes a field of intent i: "id", "title", "category" or
// "situation" (the id of the situation it implies; "" for none).
func (e *Editor) SetIntent(i int, field, value string) {
	if i < 0 || i >= len(e.Lib.Intents) {
		return
	}
	in := &e.Lib.Intents[i]
	switch field {
	case "id":
		in.ID = strings.TrimSpace(value)
	case "title":
		in.Title = value
	case "category":
		in.Category = value
	case "situation":
		in.Situation = strings.TrimSpace(value)
	default:
		return
	}
	e.changed()
}

// SetPhrasings replaces intent i's phrasings with the lines of text.
func (e *Editor) SetPhrasings(i int, text string) {
	if i < 0 || i >= len(e.Lib.Intents) {
		return
	}
	e.Lib.Intents[i].Phrasings = lines(text)
	e.changed()
}

// AddIntent adds an empty intent with a fresh id and selects it.
func (e *Editor) AddIntent() {
	id := e.freshID("new.intent", func(id string) bool {
		for _, in := range e.Lib.Intents {
			if in.ID == id {
				return true
			}
		}
		return false
	})
	e.Lib.Intents = append(e.Lib.Intents, library.Intent{ID: id, Title: "New intent", Phrasings: []string{}})
	e.changed()
	e.Sel = Selection{Kind: SelIntent, Index: len(e.Lib.Intents) - 1}
	e.Search(e.Query)
}

// RemoveIntent deletes intent i.
func (e *Editor) RemoveIntent(i int) {
	if i < 0 || i >= len(e.Lib.Intents) {
		return
	}
	e.Lib.Intents = append(e.Lib.Intents[:i], e.Lib.Intents[i+1:]...)
	e.changed()
	e.Sel = Selection{}
	if len(e.Lib.Intents) > 0 {
		e.Sel = Selection{Kind: SelIntent, Index: min(i, len(e.Lib.Intents)-1)}
	}
	e.Search(e.Query)
}

func (e *Editor) freshID(prefix string, taken func(string) bool) string {
	for n := 1; ; n++ {
		id := prefix + "." + strconv.Itoa(n)
		if !taken(id) {
			return id
		}
	}
}

func (e *Editor) reply(i, j int) *library.Reply {
	if i < 0 || i >= len(e.Lib.Intents) || j < 0 || j >= len(e.Lib.Intents[i].Replies) {
		return nil
	}
	return &e.Lib.Intents[i].Replies[j]
}

// SetReply changes a field of reply j of intent i: "id", "title",
// "shortcut" or "body".
func (e *Editor) SetReply(i, j int, field, value string) {
	r := e.reply(i, j)
	if r == nil {
		return
	}
	switch field {
	case "id":
		r.ID = strings.TrimSpace(value)
	case "title":
		r.Title = value
	case "shortcut":
		r.Shortcut = strings.TrimSpace(value)
	case "body":
		r.Body = value
	default:
		return
	}
	e.changed()
}

// AddReply adds an empty reply to intent i.
func (e *Editor) AddReply(i int) {
	if i < 0 || i >= len(e.Lib.Intents) {
		return
	}
	in := &e.Lib.Intents[i]
	id := e.freshID(in.ID+".reply", func(id string) bool {
		for _, in := range e.Lib.Intents {
			for _, r := range in.Replies {
				if r.ID == id {
					return true
				}
			}
		}
		return false
	})
	in.Replies = append(in.Replies, library.Reply{ID: id, Title: "New reply"})
	e.changed()
}

// RemoveReply deletes reply j of intent i.
func (e *Editor) RemoveReply(i, j int) {
	if e.reply(i, j) == nil {
		return
	}
	in := &e.Lib.Intents[i]
	in.Replies = append(in.Replies[:j], in.Replies[j+1:]...)
	e.changed()
}

// ReplyFindings are the tone findings of reply j of intent i, checked as
// a reply body: the wording rules (the composer adds the opening,
// acknowledgement and closing around it).
func (e *Editor) ReplyFindings(i, j int) []tone.Finding {
	r := e.reply(i, j)
	if r == nil || e.eng == nil || r.Body == "" {
		return nil
	}
	return widget.ToneTips(e.eng.Check(r.Body, tone.Options{}))
}

// FixReply applies a rewording to reply j of intent i.
func (e *Editor) FixReply(i, j int, f tone.Finding, rewording string) error {
	r := e.reply(i, j)
	if r == nil {
		return fmt.Errorf("no reply %d of intent %d", j, i)
	}
	fixed, err := widget.FixText(r.Body, f, rewording)
	if err != nil {
		return err
	}
	r.Body = fixed
	e.changed()
	return nil
}

// snippets returns the openers or the closers.
func (e *Editor) snippets(kind string) *[]library.Snippet {
	switch kind {
	case "openers":
		return &e.Lib.Openers
	case "closers":
		return &e.Lib.Closers
	}
	return nil
}

// SetSnippet changes field "id" or "text" of opener or closer k.
func (e *Editor) SetSnippet(kind string, k int, field, value string) {
	list := e.snippets(kind)
	if list == nil || k < 0 || k >= len(*list) {
		return
	}
	switch field {
	case "id":
		(*list)[k].ID = strings.TrimSpace(value)
	case "text":
		(*list)[k].Text = value
	default:
		return
	}
	e.changed()
}

// AddSnippet adds an opener or closer.
func (e *Editor) AddSnippet(kind string) {
	list := e.snippets(kind)
	if list == nil {
		return
	}
	id := e.freshID(strings.TrimSuffix(kind, "s"), func(id string) bool {
		for _, s := range *list {
			if s.ID == id {
				return true
			}
		}
		return false
	})
	*list = append(*list, library.Snippet{ID: id})
	e.changed()
}

// RemoveSnippet deletes opener or closer k.
func (e *Editor) RemoveSnippet(kind string, k int) {
	list := e.snippets(kind)
	if list == nil || k < 0 || k >= len(*list) {
		return
	}
	*list = append((*list)[:k], (*list)[k+1:]...)
	e.changed()
}

// SnippetFindings are the wording findings of an opener or closer (alone,
// a snippet would fail the rules about a reply's opening and closing).
func (e *Editor) SnippetFindings(kind string, k int) []tone.Finding {
	list := e.snippets(kind)
	if list == nil || k < 0 || k >= len(*list) || e.eng == nil || (*list)[k].Text == "" {
		return nil
	}
	return widget.ToneTips(e.eng.Check((*list)[k].Text, tone.Options{}))
}

// AckFindings are the wording findings of acknowledgement k of feeling f.
func (e *Editor) AckFindings(f, k int) []tone.Finding {
	fe := e.feeling(f)
	if fe == nil || k < 0 || k >= len(fe.Acknowledgements) || e.eng == nil || fe.Acknowledgements[k].Text == "" {
		return nil
	}
	return widget.ToneTips(e.eng.Check(fe.Acknowledgements[k].Text, tone.Options{}))
}

// FormatCues writes a feeling's cues as lines of "text | intensity".
func FormatCues(cs []library.Cue) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "%s | %d\n", c.Text, c.Intensity)
	}
	return b.String()
}

// ParseCues reads lines of "text | intensity" (intensity 1–3; 1 when
// left out). A line it cannot read keeps intensity 0, which validation
// names.
func ParseCues(text string) []library.Cue {
	var out []library.Cue
	for _, l := range lines(text) {
		c := library.Cue{Text: l, Intensity: 1}
		if k := strings.LastIndexByte(l, '|'); k >= 0 {
			c.Text = strings.TrimSpace(l[:k])
			n, err := strconv.Atoi(strings.TrimSpace(l[k+1:]))
			if err != nil {
				n = 0
			}
			c.Intensity = n
		}
		out = append(out, c)
	}
	return out
}

// CuesText is the text of the cues field named key: what was typed into
// it while that still reads as the cues, else the cues written out.
// Written out at every key, "parcel" would become "parcel | 1" under the
// caret of someone still typing " | 2".
func (e *Editor) CuesText(key string, cs []library.Cue) string {
	if t, ok := e.typed[key]; ok && reflect.DeepEqual(ParseCues(t), cs) {
		return t
	}
	return FormatCues(cs)
}

func (e *Editor) typedCues(key, text string) {
	if e.typed == nil {
		e.typed = map[string]string{}
	}
	e.typed[key] = text
}

func (e *Editor) feeling(f int) *library.Feeling {
	if f < 0 || f >= len(e.Lib.Feelings) {
		return nil
	}
	return &e.Lib.Feelings[f]
}

// SetFeeling changes a feeling: "id", "label", "negative" ("true" or
// "false"), "cues" (lines of "text | intensity"), "unless" or "sarcasm"
// (lines).
func (e *Editor) SetFeeling(f int, field, value string) {
	fe := e.feeling(f)
	if fe == nil {
		return
	}
	switch field {
	case "id":
		fe.ID = strings.TrimSpace(value)
	case "label":
		fe.Label = value
	case "negative":
		fe.Negative = value == "true"
	case "cues":
		fe.Cues = ParseCues(value)
		e.typedCues(strconv.Itoa(f), value)
	case "unless":
		fe.Unless = lines(value)
	case "sarcasm":
		fe.Sarcasm = lines(value)
	default:
		return
	}
	e.changed()
}

// SetAck changes acknowledgement k of feeling f: "text" or "intensity".
func (e *Editor) SetAck(f, k int, field, value string) {
	fe := e.feeling(f)
	if fe == nil || k < 0 || k >= len(fe.Acknowledgements) {
		return
	}
	if setAck(&fe.Acknowledgements[k], field, value) {
		e.changed()
	}
}

// setAck sets an acknowledgement's "text" or "intensity" and reports
// whether it took value (an intensity must be a number).
func setAck(a *library.Acknowledgement, field, value string) bool {
	switch field {
	case "text":
		a.Text = value
	case "intensity":
		n, err := strconv.Atoi(value)
		if err != nil {
			return false
		}
		a.Intensity = n
	default:
		return false
	}
	return true
}

// AddAck adds an acknowledgement to feeling f.
func (e *Editor) AddAck(f int) {
	if fe := e.feeling(f); fe != nil {
		fe.Acknowledgements = append(fe.Acknowledgements, library.Acknowledgement{Intensity: 1})
		e.changed()
	}
}

// RemoveAck deletes acknowledgement k of feeling f.
func (e *Editor) RemoveAck(f, k int) {
	if fe := e.feeling(f); fe != nil && k >= 0 && k < len(fe.Acknowledgements) {
		fe.Acknowledgements = append(fe.Acknowledgements[:k], fe.Acknowledgements[k+1:]...)
		e.changed()
	}
}

func (e *Editor) rule(r int) *library.Rule {
	if r < 0 || r >= len(e.Lib.Rules) {
		return nil
	}
	return &e.Lib.Rules[r]
}

// SetRule changes a tone rule: "id", "kind", "severity", "message", or a
// list given as lines: "phrases", "suggestions", "before", "unless",
// "flag" and "pass" (the examples).
func (e *Editor) SetRule(r int, field, value string) {
	ru := e.rule(r)
	if ru == nil {
		return
	}
	switch field {
	case "id":
		ru.ID = strings.TrimSpace(value)
	case "kind":
		ru.Kind = value
	case "severity":
		ru.Severity = value
	case "message":
		ru.Message = value
	case "phrases":
		ru.Phrases = lines(value)
	case "suggestions":
		ru.Suggestions = lines(value)
	case "before":
		ru.Before = lines(value)
	case "unless":
		ru.Unless = lines(value)
	case "flag":
		ru.Examples.Flag = lines(value)
	case "pass":
		ru.Examples.Pass = lines(value)
	default:
		return
	}
	e.changed()
}

// AddRule adds a tone rule to fill in.
func (e *Editor) AddRule() {
	id := e.freshID("rule", func(id string) bool {
		for _, r := range e.Lib.Rules {
			if r.ID == id {
				return true
			}
		}
		return false
	})
	e.Lib.Rules = append(e.Lib.Rules, library.Rule{ID: id, Kind: library.KindAvoid, Severity: library.SeverityWarning})
	e.changed()
}

// RemoveRule deletes tone rule r.
func (e *Editor) RemoveRule(r int) {
	if e.rule(r) != nil {
		e.Lib.Rules = append(e.Lib.Rules[:r], e.Lib.Rules[r+1:]...)
		e.changed()
	}
}

// RunTry answers a pasted message with the working copy's engine, as an
// agent's widget would.
func (e *Editor) RunTry(msg string) {
	e.TryMessage = msg
	if e.eng == nil || strings.TrimSpace(msg) == "" {
		e.Try = nil
		return
	}
	d := widget.NewDesk(e.eng)
	d.SetTicket(widget.Ticket{Message: msg, CustomerName: "Alex Morgan", AgentName: "Sam"})
	e.Try = d
}

// Goto selects the entry a problem names ("intent order.track",
// "intent #3", "opener hi", "feeling angry", "rule no-policy") and
// reports whether it found it. Focus names the field when the page shows
// it on its own (a feeling's, a situation's, an intent's situation).
func (e *Editor) Goto(p library.Problem) bool {
	e.Focus = ""
	kind, name, ok := strings.Cut(p.Entry, " ")
	if !ok {
		return false
	}
	find := func(n int, id func(int) string) int {
		if strings.HasPrefix(name, "#") {
			k, err := strconv.Atoi(name[1:])
			if err == nil && k >= 1 && k <= n {
				return k - 1
			}
			return -1
		}
		for i := 0; i < n; i++ {
			if id(i) == name {
				return i
			}
		}
		return -1
	}
	switch kind {
	case "intent":
		if i := find(len(e.Lib.Intents), func(i int) string { return e.Lib.Intents[i].ID }); i >= 0 {
			e.Select(SelIntent, i)
			if p.Field == "situation" {
				e.Focus = fmt.Sprintf("st-intent-%d-situation", i)
			}
			return true
		}
	case "opener", "closer":
		e.Select(SelSnippets, 0)
		return true
	case "feeling":
		e.Select(SelFeelings, 0)
		if f := find(len(e.Lib.Feelings), func(i int) string { return e.Lib.Feelings[i].ID }); f >= 0 {
			var sit string
			e.Focus, sit = feelingTarget(f, p.Field)
			if sit != "" {
				e.SetOpen(sit, true)
			}
		}
		return true
	case "rule":
		e.Select(SelRules, 0)
		return true
	}
	return false
}

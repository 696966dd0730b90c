package widget

import (
	"fmt"
	"strings"

	"github.com/warmdesk/warmdesk/internal/words"
	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/feelings"
	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/suggestions/search"
	"github.com/warmdesk/warmdesk/suggestions/tone"
)

// Desk is the widget's state and everything the agent can do to it, as
// plain Go: the component only renders a Desk and forwards events to its
// methods, so the behaviour is tested natively (desk_test.go).
//
// A Desk without an engine (the library is still loading or failed) is
// valid: every method is then a no-op.
type Desk struct {
	eng *suggestions.Engine

	Ticket      Ticket
	HasTicket   bool
	Analysis    suggestions.Analysis
	Suggestions []suggestions.Suggestion
	Selected    int // index in Suggestions; -1 when there is none

	// MessageShownAll: the agent asked to see all of a long message
	// (ShownSegments).
	MessageShownAll bool

	Searching bool
	Query     string
	Results   []search.Result
	Cursor    int // index in Results

	// Confirming is set when the agent asked to insert a reply that still
	// has unfilled placeholders: the next Insert must be confirmed.
	Confirming bool

	// Announcement is what a screen reader should say about the last
	// change (rendered in an aria-live region).
	Announcement string

	// Usage logs what was suggested and inserted for the studio's usage
	// figures; nil logs nothing.
	Usage *UsageLog

	drafts map[string]string // edited replies by reply id
	ticked map[string]bool   // promises the agent ticked, by reply id and sentence
	shown  int               // suggestions composed for the ticket (the rest came from the search)

	checked  string // the draft the cached findings are for
	findings []tone.Finding
	ackFor   string // the draft the cached acknowledgement check is for
	acked    bool

	tone             toneAsk // the tone finding being asked about (toneconfirm.go)
	toneOK, blanksOK string  // drafts the agent confirmed despite a tone error, or blanks
	copying          bool    // what is being asked about was asked by Copy, not Insert

	// Timer, when set, runs and times the desk's work by name ("analyze",
	// "compose", "search"): the widget's bench mode reports it to the
	// browser's performance timeline. Nil costs nothing.
	Timer func(name string, work func())
}

// timed runs work, through the Timer when there is one.
func (d *Desk) timed(name string, work func()) {
	if d.Timer == nil {
		work()
		return
	}
	d.Timer(name, work)
}

// MaxSearchResults is how many replies the search lists.
const MaxSearchResults = 8

// NewDesk returns a desk that answers tickets with eng.
func NewDesk(eng *suggestions.Engine) *Desk {
	return &Desk{eng: eng, Selected: -1, drafts: map[string]string{}}
}

// Busy reports whether the agent is in the middle of something a library
// switch would throw away: an edited reply, a confirmation, a search.
func (d *Desk) Busy() bool {
	return d.Confirming || d.ToneConfirming() || len(d.drafts) > 0 || (d.Searching && d.Query != "")
}

// Replace switches to another engine (a newer published library) and, when
// a ticket is open, answers it again with the new library.
func (d *Desk) Replace(eng *suggestions.Engine) {
	d.eng = eng
	if d.HasTicket {
		d.SetTicket(d.Ticket)
	}
}

// Ready reports whether the desk has an engine.
func (d *Desk) Ready() bool { return d != nil && d.eng != nil }

// SetTicket analyses a ticket's message and composes the top replies. A
// message the library cannot answer opens the search instead.
func (d *Desk) SetTicket(t Ticket) {
	if !d.Ready() {
		return
	}
	d.Ticket, d.HasTicket = t, true
	d.MessageShownAll = false
	d.timed("analyze", func() { d.Analysis = d.eng.Analyze(t.Message, suggestions.AnalyzeOptions{}) })
	d.timed("compose", func() { d.Suggestions = d.eng.Compose(d.Analysis, d.context(), suggestions.ComposeOptions{}) })
	d.shown = len(d.Suggestions)
	d.Usage.Suggested(d.eng.Library(), d.Suggestions)
	d.drafts = map[string]string{}
	d.ticked = map[string]bool{}
	d.Confirming = false
	d.Selected = -1
	d.Searching, d.Query, d.Results, d.Cursor = false, "", nil, 0
	if d.OutOfScope() {
		// Nothing is chosen for the agent: a reply the library only
		// guessed at would be one Enter away from the customer.
		d.OpenSearch()
		d.Announcement = "Nothing in the library fits this message. " + d.WhyNothingFits() + " Search the replies instead."
		return
	}
	if d.Unsure() {
		// A reply is pre-chosen for Enter only when the core is sure of
		// it; when it is not ("low"), the matches are shown as possible.
		d.Announcement = words.Count(len(d.Suggestions), "possible reply") + ", none chosen: check before you pick one, or search."
		return
	}
	d.Selected = 0
	d.Announcement = words.Count(len(d.Suggestions), "suggested reply") + ". First: " + d.Suggestions[0].Title + "."
}

// OutOfScope reports whether the open ticket's message is one the library
// has no reply for: the analysis says so, or nothing could be composed.
func (d *Desk) OutOfScope() bool {
	return d.HasTicket && (d.Analysis.OutOfScope || len(d.Suggestions) == 0)
}

// WhyNothingFits says, in a sentence, why no reply was suggested: the
// closest intent and how little of the message it shares.
func (d *Desk) WhyNothingFits() string {
	if d.Analysis.InThread {
		return "It reads as an answer within the conversation, with nothing asked of its own."
	}
	if len(d.Analysis.Intents) == 0 {
		return "No intent in the library shares its words."
	}
	best := d.Analysis.Intents[0]
	for _, im := range d.Analysis.Intents[1:] {
		if im.Score > best.Score {
			best = im
		}
	}
	title := best.Title
	if title == "" {
		title = best.ID
	}
	shared := "no words"
	if n := len(best.Evidence); n > 0 {
		shared = "only " + words.Count(n, "word")
	}
	return "The closest intent, “" + title + "”, shares " + shared + " with it, too few to trust."
}

// Unsure reports whether the suggestions are only possible matches (the
// analysis' confidence is "low"): none is pre-chosen, and they say so.
func (d *Desk) Unsure() bool {
	return d.HasTicket && d.Analysis.Confidence == suggestions.ConfidenceLow && len(d.Suggestions) > 0
}

func (d *Desk) context() suggestions.Context {
	return suggestions.Context{
		CustomerName:  d.Ticket.CustomerName,
		CustomerEmail: d.Ticket.CustomerEmail,
		AgentName:     d.Ticket.AgentName,
		TicketID:      d.Ticket.ID,
	}
}

// Current is the selected suggestion, or nil.
func (d *Desk) Current() *suggestions.Suggestion {
	if d == nil || d.Selected < 0 || d.Selected >= len(d.Suggestions) {
		return nil
	}
	return &d.Suggestions[d.Selected]
}

// Pick selects the i-th suggestion (0-based) and reports whether it exists.
func (d *Desk) Pick(i int) bool {
	if i < 0 || i >= len(d.Suggestions) {
		return false
	}
	d.Selected, d.Confirming = i, false
	d.Announcement = "Selected: " + d.Suggestions[i].Title + "."
	return true
}

// Move moves the selection by delta: through the search results while
// searching, through the suggestions otherwise. It stops at the ends.
func (d *Desk) Move(delta int) {
	if d.Searching {
		if len(d.Results) > 0 {
			d.Cursor = min(max(d.Cursor+delta, 0), len(d.Results)-1)
		}
		return
	}
	if len(d.Suggestions) > 0 {
		d.Pick(min(max(d.Selected+delta, 0), len(d.Suggestions)-1))
	}
}

// Draft is the text of the selected reply as the agent has edited it.
func (d *Desk) Draft() string {
	s := d.Current()
	if s == nil {
		return ""
	}
	if t, ok := d.drafts[s.Reply]; ok {
		return t
	}
	return s.Text
}

// Edit replaces the draft of the selected reply.
func (d *Desk) Edit(text string) {
	if s := d.Current(); s != nil {
		d.drafts[s.Reply] = text
		d.Confirming = false
	}
}

// Edited reports whether the agent changed the selected reply.
func (d *Desk) Edited() bool {
	s := d.Current()
	return s != nil && d.Draft() != s.Text
}

// Reset drops the agent's edits of the selected reply.
func (d *Desk) Reset() {
	if s := d.Current(); s != nil {
		delete(d.drafts, s.Reply)
	}
}

// Findings are the tone findings on the draft, in text order.
func (d *Desk) Findings() []tone.Finding {
	if !d.Ready() {
		return nil
	}
	text := d.Draft()
	if text == "" {
		return nil
	}
	if text != d.checked || d.findings == nil {
		d.checked = text
		d.timed("check", func() {
			d.findings = d.eng.Check(text, tone.Options{CustomerFeelings: d.Analysis.Feelings})
		})
	}
	return d.findings
}

// Fix replaces the text of a finding with one of its suggested rewordings.
// It refuses when the draft no longer holds the finding's text at its
// offsets (the agent edited it since).
func (d *Desk) Fix(f tone.Finding, rewording string) error {
	fixed, err := FixText(d.Draft(), f, rewording)
	if err != nil {
		return err
	}
	d.Edit(fixed)
	d.Announcement = fmt.Sprintf("Replaced %q with %q.", f.Text, rewording)
	return nil
}

// Missing lists the placeholders still unfilled in the draft.
func (d *Desk) Missing() []library.Placeholder {
	return library.Unfilled(d.Draft())
}

// Blanks is how many blanks the draft has left to fill: one per name, as
// the agent fills them (one value fills every {{date}}). The screen, the
// confirmation and the screen reader all count with it.
func (d *Desk) Blanks() int { return BlankCount(d.Missing()) }

// BlankCount counts placeholders by name.
func BlankCount(ps []library.Placeholder) int { return len(uniqueNames(ps)) }

// FillPlaceholder replaces every {{name}} in the draft with value. Braces
// in value are broken up so a value cannot bring placeholders of its own.
func (d *Desk) FillPlaceholder(name, value string) {
	value = strings.TrimSpace(value)
	if value == "" || d.Current() == nil {
		return
	}
	value = strings.NewReplacer("{{", "{ {", "}}", "} }").Replace(value)
	d.Edit(strings.ReplaceAll(d.Draft(), "{{"+name+"}}", value))
}

// CheckItem is one line of the warmth checklist.
type CheckItem struct {
	Label string
	OK    bool
	Hint  string // what to do when not OK, from the finding's message
}

// Checklist is the four warmth checks of the text the agent is about to
// send: opens on a human note, acknowledges feelings, says what can be
// done (no wording the tone rules flag), closes on a human note. Nothing
// is ticked for an empty draft, and the acknowledgement is looked for in
// the text whatever the customer's message showed: a customer whose
// blender arrived cracked deserves a word of sorrow even when they stated
// no feeling.
func (d *Desk) Checklist() []CheckItem {
	items := []CheckItem{
		{Label: "Opens on a human note", OK: true},
		{Label: "Acknowledges feelings", OK: d.acknowledges()},
		{Label: "Says what can be done", OK: true},
		{Label: "Closes on a human note", OK: true},
	}
	if !items[1].OK {
		items[1].Hint = "Nothing in the reply acknowledges how the customer feels: add a word of understanding."
	}
	if strings.TrimSpace(d.Draft()) == "" {
		for i := range items {
			items[i].OK, items[i].Hint = false, "The reply is empty."
		}
		return items
	}
	for _, f := range d.Findings() {
		i := -1
		switch f.Kind {
		case library.KindOpening:
			i = 0
		case library.KindAcknowledge:
			i = 1
		case library.KindAvoid, library.KindSwap:
			i = 2
		case library.KindClosing:
			i = 3
		}
		if i >= 0 && items[i].OK {
			items[i].OK, items[i].Hint = false, f.Message
		}
	}
	return items
}

// acknowledges reports whether the draft acknowledges a feeling, by the
// library's acknowledgement rule asked as if the customer were upset (the
// rule is otherwise skipped for a customer who showed no feeling).
func (d *Desk) acknowledges() bool {
	if !d.Ready() {
		return false
	}
	text := d.Draft()
	if strings.TrimSpace(text) == "" {
		return false
	}
	if text != d.ackFor {
		d.ackFor = text
		upset := []feelings.Match{{Negative: true}}
		d.acked = true
		for _, f := range d.eng.Check(text, tone.Options{CustomerFeelings: upset}) {
			if f.Kind == library.KindAcknowledge {
				d.acked = false
			}
		}
	}
	return d.acked
}

// MessageMarks highlights the customer's message: the words that drove the
// selected suggestion's intent (all shown intents when none is selected)
// and the words that show each feeling.
func (d *Desk) MessageMarks() []Mark {
	var marks []Mark
	for _, f := range d.Analysis.Feelings {
		marks = append(marks, Mark{Start: f.Start, End: f.End, Class: "feel", Title: FeelingLabel(f)})
	}
	cur := d.Current()
	for _, im := range d.Analysis.Intents {
		if cur != nil && cur.Intent != im.ID {
			continue
		}
		for _, e := range im.Evidence {
			marks = append(marks, Mark{Start: e.Start, End: e.End, Class: "ev", Title: "matches " + im.Title})
		}
		if cur == nil {
			break
		}
	}
	return marks
}

// DraftMarks marks the draft's tone findings and unfilled placeholders.
func (d *Desk) DraftMarks() []Mark {
	var marks []Mark
	for _, p := range d.Missing() {
		marks = append(marks, Mark{Start: p.Start, End: p.End, Class: "ph", Title: "Fill in " + p.Name})
	}
	return append(marks, ToneMarks(d.Findings())...)
}

// SituationOf names the situation the replies' acknowledgement names when
// it acknowledges feeling f: the situation's words as the library gives
// them ("a late delivery") and shorter, for a chip ("late delivery").
// Both are "" when the acknowledgement names no situation of f.
func (d *Desk) SituationOf(f feelings.Match) (full, short string) {
	a := d.Analysis.Acknowledge
	if d.eng == nil || a == nil || a.Situation == "" || a.Feeling != f.ID {
		return "", ""
	}
	for _, fe := range d.eng.Library().Feelings {
		if fe.ID != a.Feeling {
			continue
		}
		for _, s := range fe.Situations {
			if s.ID != a.Situation {
				continue
			}
			full = s.Label
			if full == "" {
				full = strings.NewReplacer("-", " ", "_", " ", ".", " ").Replace(s.ID)
			}
			short = full
			for _, art := range []string{"a ", "an ", "the "} {
				if rest, ok := strings.CutPrefix(full, art); ok && rest != "" {
					short = rest
				}
			}
			return full, short
		}
	}
	return "", ""
}

func FeelingLabel(f feelings.Match) string {
	if f.Label != "" {
		return strings.ToLower(f.Label)
	}
	return f.ID
}

// OpenSearch starts a search; an empty query lists every reply, except
// when nothing fits the ticket.
func (d *Desk) OpenSearch() {
	if !d.Ready() {
		return
	}
	d.Searching, d.Confirming = true, false
	d.Search(d.Query)
}

// CloseSearch ends the search and returns to the suggestions.
func (d *Desk) CloseSearch() {
	d.Searching, d.Query, d.Results, d.Cursor = false, "", nil, 0
}

// Search finds replies for what the agent typed.
func (d *Desk) Search(q string) {
	if !d.Ready() {
		return
	}
	d.Query = q
	if q == "" && d.OutOfScope() {
		// Under "nothing fits", the library's first replies would read
		// as suggestions: the agent types to see replies.
		d.Results, d.Cursor = nil, -1
		return
	}
	d.timed("search", func() { d.Results = d.eng.Search(q, MaxSearchResults) })
	// An empty query lists replies to browse, none of them chosen: Enter
	// must not take the first of a list the agent did not ask for.
	d.Cursor = -1
	if q != "" {
		d.Cursor = 0
		switch len(d.Results) {
		case 0:
			d.Announcement = "No reply matches."
		case 1:
			d.Announcement = "1 reply matches."
		default:
			d.Announcement = words.Count(len(d.Results), "reply") + " match."
		}
	}
}

// Choose composes the i-th search result as a complete reply for this
// ticket (opener, acknowledgement, closer, placeholders filled) and selects
// it; it is added after the suggestions when it is not one of them.
func (d *Desk) Choose(i int) bool {
	if !d.Ready() || i < 0 || i >= len(d.Results) {
		return false
	}
	r := d.Results[i]
	for j, s := range d.Suggestions {
		if s.Reply == r.Reply {
			d.CloseSearch()
			return d.Pick(j)
		}
	}
	s, ok := d.eng.ComposeReply(d.Analysis, d.context(), r.Reply)
	if !ok {
		return false
	}
	d.Suggestions = append(d.Suggestions, s)
	d.CloseSearch()
	return d.Pick(len(d.Suggestions) - 1)
}

// Insert returns the message that hands the draft to the host. When the
// agent's edits brought an error-severity tone finding, or the draft still
// has unfilled placeholders or promises the agent has not ticked, it
// returns ok false and asks first (ToneConfirming, then Confirming);
// confirmed is the agent's answer to what is asked, and confirms the draft
// as it is when nothing was asked.
func (d *Desk) Insert(confirmed bool) (msg OutMessage, ok bool) {
	d.copying = false
	s, text, ok := d.release(confirmed)
	if !ok {
		return OutMessage{}, false
	}
	d.Announcement = "Inserted: " + s.Title + "."
	if d.Ticket.Copies() {
		d.Announcement = "Copied: " + s.Title + ". Paste it into the reply."
	}
	rank := 0
	if d.Selected < d.shown {
		rank = d.Selected + 1
	}
	d.Usage.Inserted(d.eng.Library(), d.Ticket.ID, *s, rank, text)
	return InsertMessage(d.Ticket.ID, s.Reply, text), true
}

// Copy returns the draft for the clipboard after the same questions as
// Insert: a copied reply reaches the customer as surely as an inserted
// one, pasted by the agent.
func (d *Desk) Copy(confirmed bool) (text string, ok bool) {
	d.copying = true
	if _, text, ok = d.release(confirmed); !ok {
		return "", false
	}
	d.copying = false
	d.Announcement = "Copied the reply to the clipboard."
	return text, true
}

// Copying reports whether the question being asked came from Copy, so
// that its "anyway" copies rather than inserts.
func (d *Desk) Copying() bool {
	return d.copying && (d.Confirming || d.ToneConfirming())
}

// verb names what the agent asked for, for the questions' words.
func (d *Desk) verb() string {
	if d.copying {
		return "copy"
	}
	return "insert"
}

// release runs the questions a draft must pass before it leaves the
// widget (see Insert) and returns the suggestion and the text to send.
func (d *Desk) release(confirmed bool) (s *suggestions.Suggestion, text string, ok bool) {
	s = d.Current()
	if s == nil {
		return nil, "", false
	}
	text = d.Draft()
	if confirmed {
		switch {
		case d.ToneConfirming():
			d.toneOK = text
		case d.Confirming:
			d.blanksOK = text
		default: // a confirmed release with nothing asked: as it is
			d.toneOK, d.blanksOK = text, text
		}
	}
	d.Confirming, d.tone = false, toneAsk{}
	if d.askTone(s.Reply, text) {
		return nil, "", false
	}
	if why := d.ConfirmWhy(); why != "" && d.blanksOK != text {
		d.Confirming = true
		d.Announcement = why + ". Press Enter again to " + d.verb() + " anyway, or Esc to keep editing."
		return nil, "", false
	}
	d.toneOK, d.blanksOK = "", ""
	return s, text, true
}

// Back is Esc: it cancels a confirmation, else closes the search (when a
// suggestion is there to go back to). It reports whether it did anything.
func (d *Desk) Back() bool {
	switch {
	case d.ToneConfirming():
		d.tone = toneAsk{}
		return true
	case d.Confirming:
		d.Confirming = false
		return true
	case d.Searching && len(d.Suggestions) > 0:
		d.CloseSearch()
		return true
	case d.Searching && d.Query != "":
		d.Search("")
		return true
	}
	return false
}

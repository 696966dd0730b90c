package widget

import (
	"strings"
	"unicode"

	"github.com/warmdesk/warmdesk/internal/usage"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// EditRatio is how much of a reply was changed: the word-level edit
// distance between the two texts (words inserted, deleted or replaced)
// divided by the length of the longer one, from 0 (unchanged) to 1
// (nothing kept). Case, punctuation and spacing do not count: an agent
// who fixes a comma has not rewritten the reply.
func EditRatio(from, to string) float64 {
	a, b := editWords(from), editWords(to)
	n := max(len(a), len(b))
	if n == 0 {
		return 0
	}
	// One row of the Levenshtein table at a time.
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	r := float64(prev[len(b)]) / float64(n)
	return float64(int(r*1000+0.5)) / 1000
}

// maxEditWords bounds the quadratic comparison: replies are a few hundred
// words; a pasted novel is compared by its start.
const maxEditWords = 2000

func editWords(s string) []string {
	s = strings.ReplaceAll(strings.ToLower(s), "’", "'")
	ws := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	if len(ws) > maxEditWords {
		ws = ws[:maxEditWords]
	}
	return ws
}

// UsageLog collects the widget's usage events until they are sent: which
// replies were suggested at which rank, which the agent inserted and how
// much they changed them, and, when the host reports it, how much the sent
// text differs from the reply as suggested. It never holds customer text:
// the texts compared stay in the browser, only the ratio is kept.
type UsageLog struct {
	// Revision is the library revision the widget uses; 0 means unknown
	// (a library not served by the studio), and then nothing is logged.
	Revision int64
	// Now returns Unix milliseconds.
	Now func() int64

	pending  []usage.Event
	inserted map[string]insertRecord // last insert per ticket id
	order    []string                // ticket ids of inserted, oldest first
}

// MaxPendingEvents bounds what is kept while the server is unreachable;
// the oldest events go first.
const MaxPendingEvents = 1000

// maxInsertRecords bounds the inserts remembered for sent reports.
const maxInsertRecords = 50

type insertRecord struct {
	parts     []replyRef
	rank      int
	suggested string // the reply as Warmdesk composed it
}

type replyRef struct{ intent, reply string }

// refs splits a suggestion into the library replies it is made of: a reply
// to several requests joins their ids with "+".
func refs(lib *library.Library, s suggestions.Suggestion) []replyRef {
	var out []replyRef
	for _, id := range strings.Split(s.Reply, "+") {
		intent := s.Intent
		if lib != nil {
		find:
			for _, in := range lib.Intents {
				for _, r := range in.Replies {
					if r.ID == id {
						intent = in.ID
						break find
					}
				}
			}
		}
		out = append(out, replyRef{intent: intent, reply: id})
	}
	return out
}

func (u *UsageLog) add(e usage.Event) {
	if u == nil || u.Revision <= 0 {
		return
	}
	if u.Now != nil {
		e.Time = u.Now()
	}
	e.Revision = u.Revision
	u.pending = append(u.pending, e)
	if over := len(u.pending) - MaxPendingEvents; over > 0 {
		u.pending = append(u.pending[:0], u.pending[over:]...)
	}
}

// Suggested logs the replies shown for a ticket, with their ranks.
func (u *UsageLog) Suggested(lib *library.Library, ss []suggestions.Suggestion) {
	for i, s := range ss {
		for _, r := range refs(lib, s) {
			u.add(usage.Event{Kind: usage.KindSuggested, Intent: r.intent, Reply: r.reply, Rank: i + 1})
		}
	}
}

// Inserted logs a reply the agent inserted: rank is its 1-based rank among
// the suggestions (0 when it came from the search), text what was
// inserted. It remembers the reply for a later sent report.
func (u *UsageLog) Inserted(lib *library.Library, ticketID string, s suggestions.Suggestion, rank int, text string) {
	if u == nil || u.Revision <= 0 {
		return
	}
	rec := insertRecord{parts: refs(lib, s), rank: rank, suggested: s.Text}
	edit := EditRatio(s.Text, text)
	for _, r := range rec.parts {
		u.add(usage.Event{Kind: usage.KindInserted, Intent: r.intent, Reply: r.reply, Rank: rank, Edit: edit})
	}
	if u.inserted == nil {
		u.inserted = map[string]insertRecord{}
	}
	if _, ok := u.inserted[ticketID]; !ok {
		u.order = append(u.order, ticketID)
	}
	u.inserted[ticketID] = rec
	for len(u.order) > maxInsertRecords {
		delete(u.inserted, u.order[0])
		u.order = u.order[1:]
	}
}

// Sent logs how much the text the agent sent for a ticket differs from
// the reply as Warmdesk suggested it (so edits made in the widget and in
// the helpdesk both count). It reports false when no reply was inserted
// for that ticket: the agent wrote their own, which says nothing about
// the library. Each insert is reported sent at most once.
func (u *UsageLog) Sent(ticketID, text string) bool {
	if u == nil {
		return false
	}
	rec, ok := u.inserted[ticketID]
	if !ok {
		return false
	}
	delete(u.inserted, ticketID)
	for i, id := range u.order {
		if id == ticketID {
			u.order = append(u.order[:i], u.order[i+1:]...)
			break
		}
	}
	edit := EditRatio(rec.suggested, text)
	for _, r := range rec.parts {
		u.add(usage.Event{Kind: usage.KindSent, Intent: r.intent, Reply: r.reply, Rank: rec.rank, Edit: edit})
	}
	return true
}

// Pending is how many events wait to be sent.
func (u *UsageLog) Pending() int {
	if u == nil {
		return 0
	}
	return len(u.pending)
}

// Take removes and returns up to max events, oldest first, for sending.
func (u *UsageLog) Take(max int) []usage.Event {
	if u == nil || len(u.pending) == 0 {
		return nil
	}
	n := min(max, len(u.pending))
	batch := append([]usage.Event(nil), u.pending[:n]...)
	u.pending = append(u.pending[:0], u.pending[n:]...)
	return batch
}

// Requeue puts back a batch the server did not take (it was unreachable or
// busy), ahead of newer events, within MaxPendingEvents.
func (u *UsageLog) Requeue(batch []usage.Event) {
	if u == nil {
		return
	}
	u.pending = append(append([]usage.Event(nil), batch...), u.pending...)
	if over := len(u.pending) - MaxPendingEvents; over > 0 {
		u.pending = u.pending[over:]
	}
}

package suggestions

import (
	"strings"

	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/matching"
)

// A reply within a conversation ("sure, case id 123, thanks", "sent you
// a DM pls check") is matched without its opener (lang.ThreadOpener) and
// offered only when what follows asks for something on its own.

// threadOpener is how many of a message's first words open a reply
// within a conversation, or 0. An opener the library's own phrasings
// open with is none: a library with an intent for "yes, that's right"
// answers such messages.
func (e *Engine) threadOpener(ws []lang.Word) int {
	n, opener := e.lang.ThreadOpener(ws)
	if n == 0 {
		return 0
	}
	e.openersOnce.Do(func() {
		e.openers = map[string]bool{}
		for _, in := range e.lib.Intents {
			for _, p := range in.Phrasings {
				if o := e.lang.OpensWith(p); o != "" {
					e.openers[o] = true
				}
			}
		}
	})
	if e.openers[opener] {
		return 0
	}
	return n
}

// asksInThread says whether what follows a thread opener (rest, matched
// as r) asks for something of its own: a question the library answers,
// or a match the matcher is sure of and that clears the out-of-scope bar
// by replyBar. Short answers to the agent match something by chance, just
// over the bar; requests after an opener score far above it.
func (e *Engine) asksInThread(r matching.Result, rest string) bool {
	if r.Confidence == ConfidenceNone || len(r.Intents) == 0 {
		return false
	}
	return strings.Contains(rest, "?") || r.Confidence == ConfidenceHigh && r.Intents[0].Score >= replyBar*e.m.Threshold()
}

// shortReply: a reply within a conversation with this many words or more
// after its opener tells something of its own ("yes. my parcel never
// arrived and I want my money back") and is read as any message is;
// replyBar: see asksInThread. Both measured in docs/real-messages.md.
const (
	shortReply = 6
	replyBar   = 2.5
)

// blank replaces text[from:to] with spaces, so that spans still index it.
func blank(text string, from, to int) string {
	return text[:from] + strings.Repeat(" ", to-from) + text[to:]
}

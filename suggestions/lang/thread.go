package lang

import "strings"

// A customer's message often answers the agent within a conversation
// rather than opening one: "sure, the case id is …", "no worries, found
// it", "sent you a DM". Such a reply is read in the conversation it
// belongs to; a library reply matched on its words ("case", "DM",
// "receipt") answers something nobody asked. What follows the opener
// may still ask for something on its own ("yes, and I'd like a refund"),
// which the caller decides (the engine's Analyze).

// ThreadOpener is the number of words at the start of ws that open a
// reply within a conversation (language data, "thread_openers"), 0 when
// none do, and the opener's words. A one-word opener must stand alone,
// followed by a clause break or nothing: "ok, thanks" answers, "ok so
// my parcel never came" tells.
func (l *Lang) ThreadOpener(ws []Word) (n int, opener string) {
	n = phraseAt(l.openers, ws, 0)
	if n == 0 || n == 1 && len(ws) > 1 && !ws[1].Break {
		return 0, ""
	}
	return n, joinWords(ws[:n])
}

// OpensWith is the thread opener text starts with, whether or not it
// stands alone ("yes" for "yes that is right"), or "".
func (l *Lang) OpensWith(text string) string {
	// Only the first words can open it: a library's every phrasing is
	// read once, and phrasings can be long.
	spaces := 0
	for i := 0; i < len(text); i++ {
		if text[i] == ' ' {
			if spaces++; spaces > 2*maxPhraseWords {
				text = text[:i]
				break
			}
		}
	}
	ws := l.Words(text)
	n := phraseAt(l.openers, ws, 0)
	return joinWords(ws[:n])
}

// joinWords is the words' texts joined by spaces.
func joinWords(ws []Word) string {
	var b strings.Builder
	for i, w := range ws {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.Text)
	}
	return b.String()
}

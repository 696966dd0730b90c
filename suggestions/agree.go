package suggestions

import (
	"github.com/warmdesk/warmdesk/suggestions/feelings"
	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/matching"
)

// Feelings and intent agree: a clearly negative message is not answered
// with thanks for kind words, and a thankful one is not offered a
// complaint's reply as the answer. What an intent feels like is read
// from the library itself, by the same feelings detector the messages
// meet: an intent many of whose phrasings are thankful and none negative
// is a praise intent (the default library's "praise.thanks"); one whose
// phrasings are often negative is a grievance ("complaint",
// "delivery.late", "order.damaged"). Any library gets the same agreement
// without labelling its intents.

// intentMood is the share of an intent's phrasings in which the detector
// finds only positive feelings, and the share with a negative one.
type intentMood struct{ positive, negative float64 }

// praiseShare and grievanceShare classify intents by their phrasings:
// praise when at least praiseShare of them are positive and at most
// praiseNegative negative; grievance when at least grievanceShare are
// negative. The bars sit between the default library's praise intent and
// the rest, and between its grievances (complaints; late, damaged and
// wrong items) and its questions (docs/real-messages.md has the shares).
const (
	praiseShare    = 0.3
	praiseNegative = 0.05
	grievanceShare = 0.3
)

// agreeSpare is how many intents beyond those asked Analyze ranks, for
// agreement to move praise intents after.
const agreeSpare = 2

// moodOf reads an intent's phrasings once, when a message with a feeling
// first ranks it: agreement asks about a handful of intents per message,
// and reading a large library's every phrasing at once would pause its
// first message with a feeling.
func (e *Engine) moodOf(intent int) intentMood {
	if m, ok := e.mood.Load(intent); ok {
		return m.(intentMood)
	}
	var pos, neg int
	in := e.lib.Intents[intent]
	for _, p := range in.Phrasings {
		switch feelingSign(e.feelings.Detect(p, e.lang.Words(p), "")) {
		case 1:
			pos++
		case -1:
			neg++
		}
	}
	n := float64(max(1, len(in.Phrasings)))
	m := intentMood{float64(pos) / n, float64(neg) / n}
	e.mood.Store(intent, m)
	return m
}

// feelingSign is -1 when a negative feeling is among fs, 1 when a
// positive one is (a feeling that is neither, such as urgency, does not
// count), 0 otherwise. Negative wins: "thanks, but it is still broken"
// is a grievance with manners.
func feelingSign(fs []feelings.Match) int {
	sign := 0
	for _, f := range fs {
		switch {
		case f.Negative:
			return -1
		case f.ID != "urgent":
			sign = 1
		}
	}
	return sign
}

// agree reorders ranked intents so they agree with the message's
// feelings, and reports a conflict the confidence must show. A negative
// message (or a sarcastic one: its praise is not meant) moves praise
// intents after the others (it keeps them, last: a misread feeling must
// not hide the answer altogether), and a conflict is reported when one
// was first. A thankful message whose first intent is a grievance keeps
// its order, since thanks often come with a problem ("thanks, but my
// parcel is still missing"), but the conflict is reported: the
// grievance's reply is not offered as sure. One that praises warmly
// (a pleasant feeling of intensity 2 or more, and no negative one) puts
// praise first: "full marks to your staff" is praise, though staff are
// what complaints are about.
func (e *Engine) agree(ims []matching.IntentMatch, fs []feelings.Match, sarcastic bool) (conflict bool) {
	if len(ims) == 0 {
		return false
	}
	mood := func(im matching.IntentMatch) intentMood { return e.moodOf(e.intentOf[im.ID]) }
	praise := func(im matching.IntentMatch) bool {
		m := mood(im)
		return m.positive >= praiseShare && m.negative <= praiseNegative
	}
	sign := feelingSign(fs)
	if sarcastic {
		sign = -1
	}
	switch sign {
	case 1:
		conflict = mood(ims[0]).negative >= grievanceShare
		if conflict && warmPraise(fs) {
			partition(ims, praise)
		}
	case -1:
		conflict = praise(ims[0])
		partition(ims, func(im matching.IntentMatch) bool { return !praise(im) })
	}
	return conflict
}

// partition moves the intents for which first is true before the others,
// each group in its order.
func partition(ims []matching.IntentMatch, first func(matching.IntentMatch) bool) {
	j := 0
	var later []matching.IntentMatch
	for _, im := range ims {
		if first(im) {
			ims[j] = im
			j++
		} else {
			later = append(later, im)
		}
	}
	copy(ims[j:], later)
}

// warmPraise reports a pleasant feeling of intensity 2 or more among fs
// (which hold no negative one): praise, not a polite thanks.
func warmPraise(fs []feelings.Match) bool {
	for _, f := range fs {
		if !f.Negative && f.ID != "urgent" && f.Intensity >= 2 {
			return true
		}
	}
	return false
}

// withoutSarcasm blanks the sarcasm cues of text ("thanks for nothing",
// "yeah right") when enough else is left to match: "thx for nothing,
// still no refund after 3 weeks" asks about the refund, and its sarcasm
// is read as a feeling. A message that is only sarcasm keeps its words.
func (e *Engine) withoutSarcasm(text string, words []lang.Word) string {
	spans := e.feelings.SarcasmSpans(words)
	if len(spans) == 0 {
		return text
	}
	out := text
	for _, sp := range spans {
		out = blank(out, sp.Start, sp.End)
	}
	if len(e.lang.Words(out)) < sarcasmRest {
		return text
	}
	return out
}

// sarcasmRest: how many words must be left besides the sarcasm for the
// message to be matched without it.
const sarcasmRest = 4

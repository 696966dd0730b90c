package matching

// Confidence says how sure a match is, and so what the widget does with
// it: "high" offers the first reply (pre-chosen for Enter), "low" shows
// the matches as possible only, with nothing pre-chosen, and "none" says
// nothing in the library fits (Result.OutOfScope is true exactly then).
const (
	ConfidenceHigh = "high"
	ConfidenceLow  = "low"
	ConfidenceNone = "none"
)

// highShare places the high-confidence bar on the learned model's
// probability: a share of the probability that 95% of the library's own
// phrasings reach when held out (the two-fold cross-validation that sets
// the out-of-scope probability bar, learn.go). A message the model is as
// sure of as of nearly every phrasing it was not trained on gets its
// reply offered; below, the matches are only possible ones. Measured
// figures are in docs/real-messages.md.
const highShare = 1.1

// highCap bounds the high bar: a small library whose held-out phrasings
// are all near certain would otherwise set it over 1, out of reach. A
// model that gives an intent half the probability, and highMargin times
// its runner-up's, is sure enough for any library.
const highCap = 0.5

// highMargin: the first intent is offered as sure only when the model
// finds it this many times as likely as the second; two intents nearly
// tied (a refund's policy or its request) are both only possible.
const highMargin = 1.5

// nearBar: a message the model is not sure of (under the high bar) and
// whose closeness to the library is within this many times the cosine
// bar is out of scope: real messages that fit nothing ("sent you a DM",
// "found the receipt, thanks") land just over the cosine bar, and a
// guess at them is noise the agent must read and discard. Higher catches
// more of them and answers fewer benchmark messages (CLINC150 must keep
// 95% answered); measured with noEvidenceBar in docs/real-messages.md.
const nearBar = 1.15

// highBar is the probability at or above which the first intent is
// offered with high confidence; 0 when the library learned no model (then
// the cosine bars alone decide, and what is in scope is high).
func (m *Matcher) highBar() float64 {
	if m.learned == nil || m.probBar <= 0 {
		return 0
	}
	return min(highShare*m.probBar/probBarShare, highCap)
}

// noEvidenceBar: a best match whose intent shares no content word with
// the message (it rests on function words such as "what is the", or on
// letter pieces alone) is out of scope unless it is this many times above
// the cosine bar; applied at any score, it would cost answered messages.
const noEvidenceBar = 1.35

// confidence decides how sure a match is from its first intent and the
// runner-up, and whether the message shares a content word with the
// first intent's phrasings (hasEvidence).
func (m *Matcher) confidence(first, second intentScore, hasEvidence bool) string {
	sure := m.learned == nil || first.Prob >= m.highBar() && first.Prob >= highMargin*second.Prob
	switch {
	case first.Score < m.threshold || first.Prob < m.probBar,
		!sure && first.Score < nearBar*m.threshold,
		!hasEvidence && first.Score < noEvidenceBar*m.threshold:
		return ConfidenceNone
	case !sure:
		return ConfidenceLow
	}
	return ConfidenceHigh
}

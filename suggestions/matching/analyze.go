package matching

import (
	"sort"
	"strings"

	"github.com/warmdesk/warmdesk/suggestions/lang"
)

// Result is what Match finds of the library's intents in a message.
type Result struct {
	Intents    []IntentMatch // ranked, best first; never nil
	OutOfScope bool          // Confidence is "none"
	Confidence string        // "high", "low" or "none" (confidence.go)
	Requests   []Request     // when the message asks several things
	Words      []lang.Word   // the message's words, for the feelings
}

// IntentMatch is a ranked intent with the evidence for it.
type IntentMatch struct {
	ID       string      `json:"id"`
	Title    string      `json:"title,omitempty"`
	Score    float64     `json:"score"`
	Phrasing string      `json:"phrasing,omitempty"` // the library phrasing nearest the message
	Evidence []lang.Span `json:"evidence,omitempty"` // message words shared with that phrasing
}

// Request is one of several things asked in one message: the clause that
// asks it and the intent it matches.
type Request struct {
	Intent string    `json:"intent"`
	Score  float64   `json:"score"`
	Span   lang.Span `json:"span"`
}

// Match ranks the library's intents for message (sanitized and cut to
// size by the caller), at most k of them, decides whether the message is
// out of scope and, when it asks for more than one thing, finds each
// request.
func (m *Matcher) Match(message string, k int) Result {
	r := Result{Intents: []IntentMatch{}}
	q := m.prepare(message)
	r.Words = q.words
	// The runner-up is ranked even when one intent is asked for: how sure
	// the first is depends on it (confidence.go).
	scores := m.top(q, max(k, 2))
	var wt wordTerms
	for i, s := range scores {
		if i >= k || s.Score <= 0 {
			break
		}
		if i == 0 {
			wt = m.wordTerms(q)
		}
		in := m.intents[s.Intent]
		im := IntentMatch{ID: in.ID, Title: in.Title, Score: round4(s.Score), Evidence: m.evidence(q, wt, s.Nearest)}
		if s.Nearest >= 0 {
			im.Phrasing = m.phrasings[s.Nearest].text
		}
		r.Intents = append(r.Intents, im)
	}
	// Out of scope (confidence "none"): the message is far from every
	// phrasing (the cosine bar), the learned model is unsure which intent
	// it is (the probability bar), the best intent shares no content word
	// with the message (its match rests on function words such as "what
	// is the", which any question has) and is only just over the cosine
	// bar, or the model is not sure and the message only just close
	// (confidence.go).
	r.Confidence = ConfidenceNone
	if len(scores) > 0 && len(r.Intents) > 0 {
		var second intentScore
		if len(scores) > 1 {
			second = scores[1]
		}
		evidence := len(r.Intents[0].Evidence) > 0 || m.intentShares(q, wt, scores[0].Intent)
		r.Confidence = m.confidence(scores[0], second, evidence)
	}
	r.OutOfScope = r.Confidence == ConfidenceNone
	r.Requests = m.requests(message, q, r.OutOfScope)
	return r
}

func round4(f float64) float64 {
	return float64(int64(f*10000+0.5)) / 10000
}

// requests splits the message into clauses (sentences, and "and also",
// "also", "plus", "another thing") and matches each. When two clauses
// confidently match different intents, both are reported, strongest
// first. A message with one request gives none: Intents says it all.
func (m *Matcher) requests(message string, q query, outOfScope bool) []Request {
	if outOfScope {
		return nil
	}
	segs := splitClauses(message)
	if len(segs) < 2 {
		return nil
	}
	best := map[int]Request{}
	for _, s := range segs {
		c := m.clause(q, s)
		if len(c.words) < 2 {
			continue
		}
		r := m.topIfSure(c, 2, requestProb)
		// A clause is a request only when the model is fairly sure which
		// intent it is (topIfSure gives nothing otherwise: "It has been
		// two weeks" is not a request) and it is in scope on its own with
		// room to spare.
		if len(r) == 0 || r[0].Score < m.threshold*requestBar {
			continue
		}
		// A clause counts only when it clearly prefers its intent.
		if len(r) > 1 && r[0].Score-r[1].Score < requestGap*r[0].Score {
			continue
		}
		if prev, ok := best[r[0].Intent]; !ok || r[0].Score > prev.Score {
			best[r[0].Intent] = Request{Intent: m.intents[r[0].Intent].ID, Score: round4(r[0].Score), Span: s}
		}
	}
	if len(best) < 2 {
		return nil
	}
	out := make([]Request, 0, len(best))
	for _, r := range best {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Span.Start < out[j].Span.Start
	})
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}

// requestBar and requestGap decide when a clause is a request of its own:
// it must clear the out-of-scope bar by half again (a clause is short, so
// chance matches score high) and beat its runner-up by a tenth.
const (
	requestBar = 1.5
	requestGap = 0.1
	// requestProb: the learned model's probability a clause needs. On
	// the default library, real second requests ("I was charged twice
	// last month", "stop sending me the newsletter") score 0.5 and more;
	// a clause of context that happens to clear the closeness bar ("It
	// has been two weeks": 0.27) does not.
	requestProb = 0.4
)

// splitClauses cuts a message at sentence ends, line breaks and joining
// words that often start a second request.
func splitClauses(s string) []lang.Span {
	var spans []lang.Span
	start := 0
	cut := func(end, next int) {
		if strings.TrimSpace(s[start:end]) != "" {
			spans = append(spans, lang.Span{Start: start, End: end})
		}
		start = next
	}
	lower := strings.ToLower(s)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '.', '!', '?', '\n', ';':
			if s[i] == '.' && i+1 < len(s) && s[i+1] != ' ' && s[i+1] != '\n' {
				continue // 12.50, e.g. file.pdf
			}
			cut(i, i+1)
			continue
		}
		if s[i] != ' ' && s[i] != ',' {
			continue // every joining word below starts so
		}
		for _, j := range clauseJoiners {
			if strings.HasPrefix(lower[i:], j) && (j != " and " || wordsBetween(s, start, i) >= 3 && wordsBetween(s, i+len(j), nextStop(s, i)) >= 3) {
				cut(i, i+1)
				break
			}
		}
	}
	cut(len(s), len(s))
	return spans
}

// clauseJoiners are the joining words splitClauses cuts at, each
// starting with a space or a comma.
var clauseJoiners = [...]string{" and also ", " also ", " plus ", " another thing ", " and ", ", but ", " but "}

// wordsBetween counts the words of s[from:to].
func wordsBetween(s string, from, to int) int {
	if from >= to {
		return 0
	}
	return len(strings.Fields(s[from:to]))
}

// nextStop is the index of the next sentence end after i, or len(s).
func nextStop(s string, i int) int {
	if j := strings.IndexAny(s[i:], ".!?\n;"); j >= 0 {
		return i + j
	}
	return len(s)
}

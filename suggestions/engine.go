package suggestions

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/warmdesk/warmdesk/suggestions/feelings"
	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/suggestions/search"
	"github.com/warmdesk/warmdesk/suggestions/tone"
)

// MaxMessageBytes bounds how much of a message is analysed. Longer
// messages are analysed up to this size (at a word boundary) and the
// Analysis says it was truncated: the answer stays bounded in time.
const MaxMessageBytes = 16 << 10

// Engine is a compiled library: immutable and safe for concurrent use.
type Engine struct {
	lib      *library.Library
	lang     *lang.Lang
	m        *matcher
	feelings *feelings.Detector
	tone     *tone.Checker
	// The reply search's index is built on first use (Search) or when
	// asked (PrepareSearch), not by compile: suggestions need only the
	// matcher, and with 10,000 replies the index was half the compile.
	searchOnce sync.Once
	search     *search.Index
	intentOf   map[string]int
	replyOf    map[string][2]int // reply id to (intent, reply) indexes
}

// Compile validates nothing (library.ParseLibrary does) and builds the matching
// model, the feelings detector and the tone rules; the reply search's
// index follows when first needed (Engine.PrepareSearch).
func Compile(lib *library.Library) (*Engine, error) {
	return compile(lib, nil, nil)
}

// CompileOptions tune CompileWith.
type CompileOptions struct {
	// Model is what Engine.Model saved for this library; with it the
	// matcher is not learned again (see CompileWithModel). Nil learns it.
	Model []byte
	// Pause, when set, is called every so often during the work (every
	// pauseEvery phrasings) with the share of it done, from 0 to 1. A
	// caller with one thread (the browser's page) lets the page paint and
	// handle input there: compiling 10,000 phrasings is one task of over a
	// second otherwise.
	Pause func(done float64)
}

// CompileWith is Compile, or CompileWithModel when opt.Model is set,
// pausing as opt.Pause asks. The engine is the same either way.
func CompileWith(lib *library.Library, opt CompileOptions) (*Engine, error) {
	var sm *savedModel
	if opt.Model != nil {
		var err error
		if sm, err = decodeModel(opt.Model); err != nil {
			return nil, err
		}
	}
	return compile(lib, sm, opt.Pause)
}

// A pauser is CompileOptions.Pause, nil for none.
type pauser func(done float64)

func (p pauser) at(done float64) {
	if p != nil {
		p(done)
	}
}

// pauseEvery is how many phrasings, or replies, compile works through
// between pauses. With 10,000 phrasings, in the browser, about a tenth of
// a second.
const pauseEvery = 1000

// shareReading is the share of the compile's work spent reading the
// phrasings; learning or loading the model is the rest. Measured in the
// browser with 10,000 phrasings when the compile built the reply index
// too: reading 0.55 of the work, the matcher done at 0.7.
const shareReading = 0.8

// compile builds the engine, learning the matcher's model unless sm, a
// saved model (model.go), is given, and pausing where pause asks.
func compile(lib *library.Library, sm *savedModel, pause pauser) (*Engine, error) {
	if lib == nil || len(lib.Intents) == 0 {
		return nil, fmt.Errorf("compile: the library has no intents")
	}
	l, err := lang.English()
	if err != nil {
		return nil, err
	}
	e := &Engine{lib: lib, lang: l, intentOf: map[string]int{}, replyOf: map[string][2]int{}}
	for i, in := range lib.Intents {
		e.intentOf[in.ID] = i
		for j, r := range in.Replies {
			e.replyOf[r.ID] = [2]int{i, j}
		}
	}
	if sm != nil && sm.fingerprint != fingerprint(l, lib.Intents) {
		return nil, fmt.Errorf("%w: it was made from another library or another version of Warmdesk", ErrModelMismatch)
	}
	if e.m, err = newMatcher(l, lib.Intents, sm, pause); err != nil {
		return nil, err
	}
	fm, err := feelings.English()
	if err != nil {
		return nil, err
	}
	e.feelings = feelings.NewDetector(l, lib.Feelings, fm)
	e.tone = tone.New(l, lib.Rules)
	return e, nil
}

// Library returns the library the engine was compiled from. Callers must
// not modify it.
func (e *Engine) Library() *library.Library { return e.lib }

// Threshold is the score below which a message is out of scope.
func (e *Engine) Threshold() float64 { return e.m.threshold }

// Analysis is what Analyze finds in a customer message.
type Analysis struct {
	Message    string           `json:"-"`
	Intents    []IntentMatch    `json:"intents"`
	OutOfScope bool             `json:"out_of_scope"`
	Requests   []Request        `json:"requests,omitempty"`
	Feelings   []feelings.Match `json:"feelings"`
	Entities   []lang.Entity    `json:"entities"`
	Truncated  bool             `json:"truncated,omitempty"`
	scores     []intentScore    // the best intents, ranked
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

// AnalyzeOptions tune Analyze. The zero value asks for the top three.
type AnalyzeOptions struct {
	TopK int
}

// Analyze ranks the library's intents for message, decides whether the
// message is out of scope, and finds feelings, entities and, when the
// message asks for more than one thing, each request.
func (e *Engine) Analyze(message string, opt AnalyzeOptions) Analysis {
	k := opt.TopK
	if k <= 0 {
		k = 3
	}
	message = lang.Sanitize(message)
	a := Analysis{Message: message, Intents: []IntentMatch{}, Feelings: []feelings.Match{}, Entities: []lang.Entity{}}
	if len(message) > MaxMessageBytes {
		cut := MaxMessageBytes
		for cut > 0 && !isBoundaryByte(message[cut]) {
			cut--
		}
		if cut == 0 {
			cut = MaxMessageBytes
			for cut > 0 && message[cut]&0xC0 == 0x80 {
				cut-- // not inside a UTF-8 sequence
			}
		}
		message = message[:cut]
		a.Truncated = true
	}
	q := e.m.prepare(message)
	a.scores = e.m.top(q, k)
	var wt wordTerms
	for i, s := range a.scores {
		if i >= k || s.score <= 0 {
			break
		}
		if i == 0 {
			wt = e.m.wordTerms(q)
		}
		in := e.lib.Intents[s.intent]
		im := IntentMatch{ID: in.ID, Title: in.Title, Score: round4(s.score), Evidence: e.m.evidence(q, wt, s.nearest)}
		if s.nearest >= 0 {
			im.Phrasing = e.m.phrasings[s.nearest].text
		}
		a.Intents = append(a.Intents, im)
	}
	// Out of scope: the best score is under the library's bar, or the
	// best match shares no content word with the message (it rests on
	// function words such as "what is the", which any question has).
	// Out of scope: the message is far from every phrasing (the cosine
	// bar), the learned model is unsure which intent it is (the
	// probability bar), or the best match shares no content word with the
	// message and is only just over the cosine bar.
	a.OutOfScope = len(a.scores) == 0 || len(a.Intents) == 0 ||
		a.scores[0].score < e.m.threshold || a.scores[0].prob < e.m.probBar ||
		len(a.Intents[0].Evidence) == 0 && a.scores[0].score < noEvidenceBar*e.m.threshold
	a.Requests = e.requests(message, q, a)
	a.Feelings = e.feelings.Detect(message, q.words)
	a.Entities = lang.FindEntities(message)
	return a
}

func isBoundaryByte(b byte) bool {
	return b == ' ' || b == '\n' || b == '\t' || b == '.' || b == ','
}

func round4(f float64) float64 {
	return float64(int64(f*10000+0.5)) / 10000
}

// requests splits the message into clauses (sentences, and "and also",
// "also", "plus", "another thing") and matches each. When two clauses
// confidently match different intents, both are reported, strongest
// first. A message with one request gives none: Intents says it all.
func (e *Engine) requests(message string, q query, a Analysis) []Request {
	if a.OutOfScope {
		return nil
	}
	segs := splitClauses(message)
	if len(segs) < 2 {
		return nil
	}
	best := map[int]Request{}
	for _, s := range segs {
		c := e.m.clause(q, s)
		if len(c.words) < 2 {
			continue
		}
		r := e.m.topIfSure(c, 2, requestProb)
		// A clause is a request only when the model is fairly sure which
		// intent it is (topIfSure gives nothing otherwise: "It has been
		// two weeks" is not a request) and it is in scope on its own with
		// room to spare.
		if len(r) == 0 || r[0].score < e.m.threshold*requestBar {
			continue
		}
		// A clause counts only when it clearly prefers its intent.
		if len(r) > 1 && r[0].score-r[1].score < requestGap*r[0].score {
			continue
		}
		if prev, ok := best[r[0].intent]; !ok || r[0].score > prev.Score {
			best[r[0].intent] = Request{Intent: e.lib.Intents[r[0].intent].ID, Score: round4(r[0].score), Span: s}
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

// noEvidenceBar: a best match that shares no content word with the
// message (it rests on function words such as "what is the", or on
// letter pieces alone) is out of scope unless it is this many times
// above the cosine bar. On CLINC150 (10 per intent), with the other bars
// as set: 1.0 answers 95.8% of in-scope messages and catches 53.8% of
// out-of-scope ones, 1.5 95.4% and 54.8%, 2.0 94.7% and 55.2%. Applying
// it at any score cost 2 points of answered messages.
const noEvidenceBar = 1.5

// Prepare builds now what the package otherwise builds on first use (the
// English language data and the feelings model), so that a caller can do
// it while it waits for something else: the widget calls it while the
// library downloads. The entity patterns are left to the messages that
// need them (lazyRegexp).
func Prepare() {
	lang.English()
	feelings.English()
}

// Check runs every tone rule of the library over text and returns the
// findings in text order. It reads text as a whole reply: the opening
// rule looks at its first line, the closing rule at its last two.
func (e *Engine) Check(text string, opt tone.Options) []tone.Finding {
	return e.tone.Check(text, opt)
}

// CheckExamples runs every rule's examples: each flag example must
// trigger its rule and each pass example must not. Problems name the
// file, the rule and the example.
func (e *Engine) CheckExamples(file string) []library.Problem {
	return e.tone.CheckExamples(file)
}

// Search finds replies for what the agent typed. An empty query lists
// every reply in library order. At most limit results (all when limit is
// not positive), best first.
func (e *Engine) Search(query string, limit int) []search.Result {
	e.PrepareSearch(nil)
	return e.search.Find(query, limit)
}

// PrepareSearch builds the reply search's index now, if it is not built
// yet, calling pause, when set, every pauseEvery replies with the share
// done (0 to 1), as CompileOptions.Pause. Without it, the first Search
// builds the index: the widget calls it once its first suggestions are
// on screen. Safe to call at any time, from any goroutine; the index is
// built once.
func (e *Engine) PrepareSearch(pause func(done float64)) {
	e.searchOnce.Do(func() {
		e.search = search.New(e.lib, pause)
	})
}

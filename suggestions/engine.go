package suggestions

import (
	"fmt"
	"sync"

	"github.com/warmdesk/warmdesk/suggestions/feelings"
	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/suggestions/matching"
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
	m        *matching.Matcher
	feelings *feelings.Detector
	tone     *tone.Checker
	// The reply search's index is built on first use (Search) or when
	// asked (PrepareSearch), not by compile: suggestions need only the
	// matcher, and with 10,000 replies the index was half the compile.
	searchOnce sync.Once
	search     *search.Index
	intentOf   map[string]int
	replyOf    map[string][2]int // reply id to (intent, reply) indexes
	mood       sync.Map          // intent index to its intentMood, read when first needed (agree.go)
	// The thread openers the library's phrasings open with, read when a
	// message first opens with one (thread.go).
	openersOnce sync.Once
	openers     map[string]bool
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
	// thousand phrasings) with the share of it done, from 0 to 1. A
	// caller with one thread (the browser's page) lets the page paint and
	// handle input there: compiling 10,000 phrasings is one task of over a
	// second otherwise.
	Pause func(done float64)
}

// CompileWith is Compile, or CompileWithModel when opt.Model is set,
// pausing as opt.Pause asks. The engine is the same either way.
func CompileWith(lib *library.Library, opt CompileOptions) (*Engine, error) {
	var sm *matching.Saved
	if opt.Model != nil {
		var err error
		if sm, err = matching.DecodeModel(opt.Model); err != nil {
			return nil, err
		}
	}
	return compile(lib, sm, opt.Pause)
}

// compile builds the engine, learning the matcher's model unless sm, a
// saved model (model.go), is given, and pausing where pause asks.
func compile(lib *library.Library, sm *matching.Saved, pause func(done float64)) (*Engine, error) {
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
	if e.m, err = matching.New(l, lib.Intents, sm, pause); err != nil {
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
func (e *Engine) Threshold() float64 { return e.m.Threshold() }

// Analysis is what Analyze finds in a customer message.
type Analysis struct {
	Message    string                 `json:"-"`
	Intents    []matching.IntentMatch `json:"intents"`
	OutOfScope bool                   `json:"out_of_scope"`
	// Confidence is "high" (offer the first reply), "low" (the matches
	// are possible only) or "none" (nothing fits); OutOfScope is true
	// exactly when it is "none".
	Confidence string             `json:"confidence"`
	Requests   []matching.Request `json:"requests,omitempty"`
	Feelings   []feelings.Match   `json:"feelings"`
	// Acknowledge is the feeling a composed reply acknowledges, and the
	// situation its acknowledgement names; nil when none is.
	Acknowledge *Acknowledged `json:"acknowledge,omitempty"`
	Entities    []lang.Entity `json:"entities"`
	Truncated   bool          `json:"truncated,omitempty"`
	// InThread is true when the message answers the agent within a
	// conversation ("sure, case id 123") and asks nothing of its own: it
	// is why nothing fits (thread.go).
	InThread bool            `json:"in_thread,omitempty"`
	refused  map[string]bool // terms the customer refuses (lang.Refuse)
}

// Acknowledged names the feeling a reply acknowledges and, when the
// acknowledgement names one, its situation ("delivery-late").
type Acknowledged struct {
	Feeling   string `json:"feeling"`
	Situation string `json:"situation,omitempty"`
}

// Confidence levels of an Analysis.
const (
	ConfidenceHigh = matching.ConfidenceHigh
	ConfidenceLow  = matching.ConfidenceLow
	ConfidenceNone = matching.ConfidenceNone
)

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
	a := Analysis{Message: message, Feelings: []feelings.Match{}, Entities: []lang.Entity{}}
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
	// Links and mentions are not read (lang.Quiet), and neither what the
	// customer refuses (lang.Refuse), the opener of a reply within a
	// conversation (thread.go) nor sarcasm beside a request (agree.go);
	// spans still index the message. Most messages have none of these and
	// are matched once; the others again without those words. A couple
	// more intents than asked, so that agreement, which may move praise
	// last, still leaves k to show.
	quiet := lang.Quiet(message)
	r := e.m.Match(quiet, k+agreeSpare)
	words := r.Words // the whole message's, hashtags split into the library's words
	match, refused := e.lang.Refuse(quiet, words)
	a.refused = refused
	opener := e.threadOpener(words)
	if opener > 0 {
		match = blank(match, words[0].Start, words[opener-1].End)
	}
	match = e.withoutSarcasm(match, words)
	if match != quiet {
		r = e.m.Match(match, k+agreeSpare)
	}
	if opener > 0 && len(words)-opener < shortReply && !e.asksInThread(r, match[words[opener-1].End:]) {
		r.Confidence, r.OutOfScope, r.Requests = ConfidenceNone, true, nil
		a.InThread = true
	}
	var sarcastic bool
	a.Feelings, sarcastic = e.feelings.Read(quiet, words, e.impliedSituation(r))
	if f := feelings.ToAcknowledge(a.Feelings); f != nil {
		a.Acknowledge = &Acknowledged{Feeling: f.ID, Situation: f.Situation}
	}
	a.OutOfScope, a.Requests, a.Confidence = r.OutOfScope, r.Requests, r.Confidence
	conflict := e.agree(r.Intents, a.Feelings, sarcastic)
	a.Intents = r.Intents[:min(k, len(r.Intents))]
	// Agreement's doubt, or a message that only says what it does not
	// want, is not offered as sure.
	if a.Confidence == ConfidenceHigh && (conflict || refused != nil && match == quiet) {
		a.Confidence = ConfidenceLow
	}
	a.Entities = lang.FindEntities(quiet)
	return a
}

// impliedSituation is the situation the best intent implies
// ("delivery-late"), for a message whose best intent the matcher is sure
// of (confidence "high") and which scores impliedBar times the
// out-of-scope bar: a match that is only possible, or only just in
// scope, implies nothing.
func (e *Engine) impliedSituation(r matching.Result) string {
	if r.Confidence != ConfidenceHigh || len(r.Intents) == 0 || r.Intents[0].Score < impliedBar*e.m.Threshold() {
		return ""
	}
	if i, ok := e.intentOf[r.Intents[0].ID]; ok {
		return e.lib.Intents[i].Situation
	}
	return ""
}

// impliedBar: see impliedSituation. Measured in docs/feelings-real.md:
// any in-scope match implies too often where the matcher strays
// (positive and neutral messages matched to complaints).
const impliedBar = 1.5

func isBoundaryByte(b byte) bool {
	return b == ' ' || b == '\n' || b == '\t' || b == '.' || b == ','
}

func round4(f float64) float64 {
	return float64(int64(f*10000+0.5)) / 10000
}

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
// rule looks at its first line, the closing rule at its last two, and
// placeholders as the names they stand for (tone.Checker.Check).
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

// CompileWithModel compiles lib with a model that Engine.Model returned
// for the same library, skipping the learning. A model made from another
// library or by another version gives an error wrapping matching.ErrModelMismatch;
// one that is not a model at all, an error saying what is wrong with it.
func CompileWithModel(lib *library.Library, model []byte) (*Engine, error) {
	sm, err := matching.DecodeModel(model)
	if err != nil {
		return nil, err
	}
	return compile(lib, sm, nil)
}

// Model returns what the engine learned from its library, and the
// features it derived, for CompileWithModel to load instead of working
// them out again.
func (e *Engine) Model() []byte { return e.m.Save() }

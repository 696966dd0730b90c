package suggestions

import (
	"sort"
	"strings"

	"github.com/warmdesk/warmdesk/internal/words"
	"github.com/warmdesk/warmdesk/suggestions/feelings"
	"github.com/warmdesk/warmdesk/suggestions/internal/hashkey"
	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/suggestions/matching"
)

// Context is what the helpdesk knows about the ticket: names and ids that
// fill placeholders. Values adds or overrides any placeholder by name.
type Context struct {
	CustomerName  string            `json:"customer_name,omitempty"`
	CustomerEmail string            `json:"customer_email,omitempty"`
	AgentName     string            `json:"agent_name,omitempty"`
	TicketID      string            `json:"ticket_id,omitempty"`
	OrderNumber   string            `json:"order_number,omitempty"`
	Company       string            `json:"company,omitempty"`
	Values        map[string]string `json:"values,omitempty"`
}

// Suggestion is a complete reply, ready to send.
type Suggestion struct {
	Intent      string                `json:"intent"`
	IntentTitle string                `json:"intent_title,omitempty"`
	Reply       string                `json:"reply"` // reply id; for a reply to several requests, the ids joined by "+"
	Title       string                `json:"title"`
	Shortcut    string                `json:"shortcut,omitempty"`
	Score       float64               `json:"score"`
	Text        string                `json:"text"`
	Parts       Parts                 `json:"parts"`
	Missing     []library.Placeholder `json:"missing"` // placeholders left unfilled, with their spans in Text
	// Promises are the body's sentences that commit to an action, as the
	// library marks them (library.Promise), for the agent to confirm.
	Promises []library.Promise `json:"promises,omitempty"`
}

// Parts are the pieces a Suggestion's text is made of.
type Parts struct {
	Opener          string `json:"opener,omitempty"`
	Acknowledgement string `json:"acknowledgement,omitempty"`
	Body            string `json:"body"`
	Closer          string `json:"closer,omitempty"`
}

// ComposeOptions tune Compose. The zero value gives three suggestions.
type ComposeOptions struct {
	Max int
}

// Compose turns an analysis into complete replies: an opener that greets
// the customer by name when it is known, an acknowledgement of the
// strongest feeling, the reply body, and a warm closer, with placeholders
// filled from the context and the message's entities. Choices among
// openers, acknowledgements and closers depend only on the ticket id and
// the message, so the same ticket always gets the same reply. An
// out-of-scope analysis gets no suggestions.
func (e *Engine) Compose(a Analysis, ctx Context, opt ComposeOptions) []Suggestion {
	limit := opt.Max
	if limit <= 0 {
		limit = 3
	}
	if a.OutOfScope || len(a.Intents) == 0 {
		return []Suggestion{}
	}
	c := e.composer(a, ctx)
	vals := c.vals
	var out []Suggestion
	used := map[string]bool{}
	addReply := func(intent int, rs []*library.Reply, score float64) {
		if len(out) >= limit || len(rs) == 0 {
			return
		}
		s := c.suggestion(intent, rs, score)
		if used[s.Reply] {
			return
		}
		used[s.Reply] = true
		out = append(out, s)
	}

	// A message with several requests first gets one reply that answers
	// them all, in the order the customer asked.
	if len(a.Requests) > 1 {
		reqs := append([]matching.Request(nil), a.Requests...)
		sort.Slice(reqs, func(i, j int) bool { return reqs[i].Span.Start < reqs[j].Span.Start })
		var rs []*library.Reply
		said := map[string]bool{} // title terms and acted-on placeholders of the replies joined so far
		for _, r := range reqs {
			// Each request's best reply that neither offers what the
			// customer refused nor says something an earlier part also
			// says: the same thing by its title ("Refund the damaged item"
			// and "Issue the refund" would refund twice), or an action on
			// the same order or amount ("I've sent a new parcel for order
			// 48213" beside "tracking for order 48213 takes a day or two"
			// says two different things will happen to one order).
			for _, best := range e.bestReplies(e.intentOf[r.Intent], vals, a.refused) {
				terms := e.lang.TitleTerms(best.Title)
				for _, n := range library.PlaceholderNames(best.Body) {
					if actedOn[n] {
						terms["{{"+n+"}}"] = true
					}
				}
				if e.lang.Offers(best.Title+" "+best.Body, a.refused) || overlaps(terms, said) {
					continue
				}
				for t := range terms {
					said[t] = true
				}
				rs = append(rs, best)
				break
			}
		}
		if len(rs) > 1 {
			addReply(e.intentOf[reqs[0].Intent], rs, a.Requests[0].Score)
		}
	}
	// Then the best reply of each ranked intent that clears the bar, then
	// the other replies of the top intent.
	for i, im := range a.Intents {
		if i > 0 && (im.Score < e.m.Threshold() || im.Score < runnerUpShare*a.Intents[0].Score) {
			break
		}
		if best := e.bestReplies(e.intentOf[im.ID], vals, a.refused); len(best) > 0 {
			addReply(e.intentOf[im.ID], best[:1], im.Score)
		}
	}
	top := e.intentOf[a.Intents[0].ID]
	for _, r := range e.bestReplies(top, vals, a.refused) {
		addReply(top, []*library.Reply{r}, a.Intents[0].Score)
	}
	if out == nil {
		out = []Suggestion{}
	}
	return out
}

// ComposeReply builds one reply the agent chose (from search, say) for the
// ticket: the same opener, acknowledgement and closer Compose would give,
// around that reply's body. A chosen reply has no match score (Score 0),
// and it is composed even when the message is out of scope. ok is false
// when the library has no reply with that id.
func (e *Engine) ComposeReply(a Analysis, ctx Context, replyID string) (s Suggestion, ok bool) {
	ref, ok := e.replyOf[replyID]
	if !ok {
		return Suggestion{}, false
	}
	r := &e.lib.Intents[ref[0]].Replies[ref[1]]
	return e.composer(a, ctx).suggestion(ref[0], []*library.Reply{r}, 0), true
}

// composer holds what every reply to one ticket shares: the placeholder
// values and the opener, acknowledgement and closer chosen for it.
type composer struct {
	e     *Engine
	vals  map[string]string
	frame Parts
}

func (e *Engine) composer(a Analysis, ctx Context) composer {
	vals := placeholderValues(ctx, a.Entities)
	return composer{e: e, vals: vals, frame: e.frame(a, vals, hashkey.Of(0, ctx.TicketID+"\x00"+a.Message))}
}

// suggestion builds the reply that answers an intent with the bodies of
// rs (several when it answers several requests).
func (c composer) suggestion(intent int, rs []*library.Reply, score float64) Suggestion {
	in := c.e.lib.Intents[intent]
	ids := make([]string, len(rs))
	bodies := make([]string, len(rs))
	var promises []library.Promise
	for i, r := range rs {
		ids[i], bodies[i] = r.ID, r.Body
		promises = append(promises, r.Promises...)
	}
	s := Suggestion{Intent: in.ID, IntentTitle: in.Title, Reply: strings.Join(ids, "+"), Title: rs[0].Title, Shortcut: rs[0].Shortcut, Score: score, Promises: promises}
	if len(rs) > 1 {
		s.Title = "Answer " + words.All(len(rs), "request")
		s.Shortcut = ""
	}
	s.Parts = c.frame
	s.Parts.Body = strings.Join(bodies, "\n\n")
	s.Parts, s.Text, s.Missing = assemble(s.Parts, c.vals)
	return s
}

// runnerUpShare is how close to the top intent's score another intent
// must come for its reply to be offered: closer than this, the message is
// ambiguous and the agent should see both; further, the runner-up is noise
// and the top intent's other replies serve better.
const runnerUpShare = 0.75

// frame picks the opener, acknowledgement and closer for a ticket.
func (e *Engine) frame(a Analysis, vals map[string]string, seed uint64) Parts {
	var p Parts
	p.Opener = pickSnippet(e.lib.Openers, vals, seed)
	p.Closer = pickSnippet(e.lib.Closers, vals, seed>>8)
	if f := feelings.ToAcknowledge(a.Feelings); f != nil {
		p.Acknowledgement = e.acknowledgement(*f, seed>>16)
	}
	return p
}

// pickSnippet chooses among the snippets whose placeholders can all be
// filled, preferring those that use a placeholder (a greeting by name is
// warmer than "Hi there"); the seed picks among equals.
func pickSnippet(list []library.Snippet, vals map[string]string, seed uint64) string {
	var personal, plain, rest []string
	for _, s := range list {
		names := library.PlaceholderNames(s.Text)
		fillable := true
		for _, n := range names {
			if vals[n] == "" {
				fillable = false
			}
		}
		switch {
		case fillable && len(names) > 0:
			personal = append(personal, s.Text)
		case fillable:
			plain = append(plain, s.Text)
		default:
			rest = append(rest, s.Text)
		}
	}
	for _, group := range [][]string{personal, plain, rest} {
		if len(group) > 0 {
			return group[seed%uint64(len(group))]
		}
	}
	return ""
}

// acknowledgement picks an acknowledgement of f at its intensity, or at
// the nearest intensity the library has: one that names f's situation
// when it has one ("A parcel that's late is frustrating"), else one of
// the feeling.
func (e *Engine) acknowledgement(f feelings.Match, seed uint64) string {
	fi := -1
	for i, lf := range e.lib.Feelings {
		if lf.ID == f.ID {
			fi = i
		}
	}
	if fi < 0 {
		return ""
	}
	acks := e.lib.Feelings[fi].Acknowledgements
	for _, s := range e.lib.Feelings[fi].Situations {
		if s.ID == f.Situation && len(s.Acknowledgements) > 0 {
			acks = s.Acknowledgements
		}
	}
	for d := 0; d <= 2; d++ {
		for _, n := range []int{f.Intensity - d, f.Intensity + d} {
			var texts []string
			for _, a := range acks {
				if a.Intensity == n {
					texts = append(texts, a.Text)
				}
			}
			if len(texts) > 0 {
				return texts[seed%uint64(len(texts))]
			}
		}
	}
	return ""
}

// bestReplies orders an intent's replies: those that offer nothing the
// customer refused first, then by how many of their placeholders stay
// unfilled (fewest first), then as the library lists them.
func (e *Engine) bestReplies(intent int, vals map[string]string, refused map[string]bool) []*library.Reply {
	rs := e.lib.Intents[intent].Replies
	out := make([]*library.Reply, len(rs))
	missing := make(map[*library.Reply]int, len(rs))
	offers := make(map[*library.Reply]int, len(rs))
	for i := range rs {
		out[i] = &rs[i]
		for _, n := range library.PlaceholderNames(rs[i].Body) {
			if vals[n] == "" {
				missing[out[i]]++
			}
		}
		// A reply that offers what the customer refused comes last when
		// its title says so ("Send a replacement"), after the others when
		// only its body mentions it.
		switch {
		case e.lang.Offers(rs[i].Title, refused):
			offers[out[i]] = 2
		case e.lang.Offers(rs[i].Body, refused):
			offers[out[i]] = 1
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if offers[out[i]] != offers[out[j]] {
			return offers[out[i]] < offers[out[j]]
		}
		return missing[out[i]] < missing[out[j]]
	})
	return out
}

// actedOn are the placeholders that name what a reply acts on: two
// replies joined into one must not both act on the same order or amount.
var actedOn = map[string]bool{"order.number": true, "amount": true}

// overlaps reports whether a and b share a key.
func overlaps(a, b map[string]bool) bool {
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}

// placeholderValues gathers what can fill placeholders: the context first,
// then entities from the message.
func placeholderValues(ctx Context, es []lang.Entity) map[string]string {
	v := map[string]string{}
	set := func(k, s string) {
		// Names and values come from the help desk, not from us: bytes that
		// are not UTF-8 would make the whole reply invalid text, so each
		// broken sequence shows as one replacement character instead.
		s = strings.TrimSpace(strings.ToValidUTF8(s, "\uFFFD"))
		// A value must not smuggle in placeholders of its own.
		s = strings.ReplaceAll(strings.ReplaceAll(s, "{{", "{ {"), "}}", "} }")
		if s != "" {
			v[k] = s
		}
	}
	set("customer.name", ctx.CustomerName)
	set("customer.first_name", firstName(ctx.CustomerName))
	set("agent.name", ctx.AgentName)
	set("agent.first_name", firstName(ctx.AgentName))
	set("customer.email", ctx.CustomerEmail)
	set("ticket.id", ctx.TicketID)
	set("order.number", ctx.OrderNumber)
	set("company.name", ctx.Company)
	if v["order.number"] == "" {
		if n, ok := firstEntity(es, lang.EntityOrderNumber); ok {
			set("order.number", n)
		}
	}
	if v["customer.email"] == "" {
		if m, ok := firstEntity(es, lang.EntityEmail); ok {
			set("customer.email", m)
		}
	}
	keys := make([]string, 0, len(ctx.Values))
	for k := range ctx.Values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		set(k, ctx.Values[k])
	}
	return v
}

func firstName(full string) string {
	f := strings.Fields(full)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// assemble fills the placeholders of each part, joins the parts into the
// reply text, and reports, with their spans in the text, those left
// unfilled.
func assemble(p Parts, vals map[string]string) (Parts, string, []library.Placeholder) {
	var paras []string
	for _, s := range []*string{&p.Opener, &p.Acknowledgement, &p.Body, &p.Closer} {
		*s = library.Fill(strings.TrimSpace(*s), vals)
		if *s != "" {
			paras = append(paras, *s)
		}
	}
	text := strings.Join(paras, "\n\n")
	return p, text, library.Unfilled(text)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// firstEntity returns the value of the first entity of a type.
func firstEntity(es []lang.Entity, typ string) (string, bool) {
	for _, e := range es {
		if e.Type == typ {
			return e.Value, true
		}
	}
	return "", false
}

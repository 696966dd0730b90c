package studio

import (
	"context"
	"errors"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/warmdesk/warmdesk/internal/usage"

	"github.com/warmdesk/warmdesk/internal/auth"
	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/internal/studioapi"
	"github.com/warmdesk/warmdesk/internal/words"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// HeavyEdit is the mean edit ratio above which a reply counts as heavily
// rewritten: agents change more than half of its words.
const HeavyEdit = 0.5

// MinSuggested is how often a reply must have been suggested before the
// usage page flags it (never picked, rewritten heavily): a handful, so
// that one agent's one choice is not taken for a verdict on the reply.
const MinSuggested = 5

// addEvents stores a batch of usage events from a widget. No sign-in:
// widgets run wherever agents work. Instead the batch must come from this
// site, as JSON, within size and rate limits, and every event must name a
// reply of the published revision or the one published before it (a
// widget may not have noticed the newest yet); otherwise the whole batch
// is refused with every problem, and the widget drops it. Checking an
// event is a map lookup (eventTargets): no library is read for it. The
// refusals are counted for the studio's usage page, and their messages
// never say which revisions or replies exist.
func (s *Server) addEvents(w http.ResponseWriter, r *http.Request, _ *access) error {
	if err := auth.SameSite(r); err != nil {
		return errorf(http.StatusForbidden, "%v", err)
	}
	if !isJSON(r.Header.Get("Content-Type")) {
		return errorf(http.StatusUnsupportedMediaType, "send the events as JSON (Content-Type: application/json)")
	}
	addr := s.clientAddr(r)
	tooMany := func(events int, wait time.Duration) error {
		s.refused.add(events)
		e := errorf(http.StatusTooManyRequests, "too many events from this address; wait %v", wait.Round(time.Second))
		e.retry = wait
		return e
	}
	if ok, wait := s.events.Take(addr, 1); !ok {
		return tooMany(0, wait)
	}
	var b usage.Batch
	if err := decode(w, r, usage.MaxBatchSize, &b); err != nil {
		s.refused.add(0)
		return err
	}
	if len(b.Events) == 0 {
		return errorf(http.StatusBadRequest, "the batch has no events")
	}
	if len(b.Events) > usage.MaxEventsPerBatch {
		s.refused.add(len(b.Events))
		return errorf(http.StatusRequestEntityTooLarge, "the batch has %d events; the limit is %d", len(b.Events), usage.MaxEventsPerBatch)
	}
	if n := len(b.Events) - 1; n > 0 {
		if ok, wait := s.events.Take(addr, float64(n)); !ok {
			return tooMany(len(b.Events), wait)
		}
	}
	targets, err := s.targets.get(r.Context())
	if err != nil {
		return err
	}
	now := s.cfg.Now().UTC()
	events := make([]store.Event, 0, len(b.Events))
	var probs []library.Problem
	bad := func(i int, field, msg string) {
		probs = append(probs, library.Problem{File: "events", Entry: "event " + strconv.Itoa(i+1), Field: field, Message: msg})
	}
	for i, e := range b.Events {
		n := len(probs)
		switch e.Kind {
		case usage.KindSuggested, usage.KindInserted, usage.KindSent:
		default:
			bad(i, "kind", "must be suggested, inserted or sent")
		}
		if e.Rank < 0 || e.Rank > 100 {
			bad(i, "rank", "must be from 0 to 100")
		}
		if e.Edit < 0 || e.Edit > 1 || math.IsNaN(e.Edit) {
			bad(i, "edit", "must be from 0 to 1")
		}
		if e.Kind == usage.KindSuggested && e.Edit != 0 {
			bad(i, "edit", "a suggestion has no edit ratio")
		}
		if !targets.has(e.Revision, e.Intent, e.Reply) {
			// One message for a revision, a reply or an intent that does
			// not fit: the answer must not tell a guesser which exist.
			bad(i, "reply", "is not a reply of the library widgets are using")
		}
		if len(probs) > n {
			continue
		}
		// Widgets batch for seconds and keep batches while offline: trust
		// their clock for the last day, and not in the future.
		t := time.UnixMilli(e.Time).UTC()
		if e.Time <= 0 || t.After(now) || now.Sub(t) > 24*time.Hour {
			t = now
		}
		events = append(events, store.Event{Time: t, Kind: e.Kind, Revision: e.Revision, IntentID: e.Intent, ReplyID: e.Reply, Rank: e.Rank, Edit: e.Edit})
	}
	if len(probs) > 0 {
		s.refused.add(len(b.Events))
		e := errorf(http.StatusUnprocessableEntity, "the batch was refused: %s", words.Count(len(probs), "problem"))
		e.body.Problems = probs
		return e
	}
	if err := s.st.AddEvents(r.Context(), events); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// refusals counts the usage events the server refused since it started
// (malformed, over the rate, or not of the library in use), and the
// batches, some refused before their events could be counted.
type refusals struct{ events, batches atomic.Int64 }

func (r *refusals) add(events int) {
	r.events.Add(int64(events))
	r.batches.Add(1)
}

// eventTargets are the replies usage events may name: those of the
// published revision and of the one published before it, by revision, as
// reply id to intent id. They are read again only when the published
// revision changes.
type eventTargets struct {
	byRevision map[int64]map[string]string
}

func (t *eventTargets) has(revision int64, intent, reply string) bool {
	in, ok := t.byRevision[revision][reply]
	return ok && in == intent
}

// targetCache keeps the eventTargets of the published revision.
type targetCache struct {
	s *Server

	mu        sync.Mutex
	published int64
	targets   *eventTargets
}

func (c *targetCache) get(ctx context.Context) (*eventTargets, error) {
	pub, err := c.s.publishedID(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.targets != nil && c.published == pub {
		return c.targets, nil
	}
	t := &eventTargets{byRevision: map[int64]map[string]string{}}
	if pub > 0 {
		ids := []int64{pub}
		if prev, err := c.previous(ctx, pub); err != nil {
			return nil, err
		} else if prev > 0 {
			ids = append(ids, prev)
		}
		for _, id := range ids {
			replies, err := c.s.libs.replies(ctx, id)
			if err != nil {
				return nil, err
			}
			t.byRevision[id] = replies
		}
	}
	c.published, c.targets = pub, t
	return t, nil
}

// previous is the revision published last before pub, 0 if none.
func (c *targetCache) previous(ctx context.Context, pub int64) (int64, error) {
	revs, err := c.s.st.Revisions(ctx, 0)
	if err != nil {
		return 0, err
	}
	var best store.RevisionInfo
	for _, r := range revs {
		if r.ID != pub && !r.Published.IsZero() && r.Published.After(best.Published) {
			best = r
		}
	}
	return best.ID, nil
}

func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}

// usage sums the events of the last 7 or 30 days per reply and per
// intent, listing every reply of the published library (so replies never
// suggested show too) and then replies that left it.
func (s *Server) usage(w http.ResponseWriter, r *http.Request, a *access) error {
	days := 7
	if v := r.URL.Query().Get("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 365 {
			return errorf(http.StatusBadRequest, "days must be a number from 1 to 365")
		}
		days = n
	}
	since := s.cfg.Now().UTC().Add(-time.Duration(days) * 24 * time.Hour)
	sums, err := s.st.Usage(r.Context(), since)
	if err != nil {
		return err
	}
	daily, err := s.st.UsageByDay(r.Context(), since)
	if err != nil {
		return err
	}
	rev, _, err := s.published.get(r.Context())
	if errors.Is(err, store.ErrNotFound) {
		rev, err = s.st.Head(r.Context())
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	var lib *library.Library
	if rev.ID > 0 {
		if lib, err = s.libs.get(r.Context(), rev.ID); err != nil {
			return err
		}
	}
	out := UsageReport(lib, rev.ID, sums, daily, days, since)
	out.RefusedEvents, out.RefusedBatches = s.refused.events.Load(), s.refused.batches.Load()
	writeJSON(w, http.StatusOK, out)
	return nil
}

// UsageReport joins the store's sums, and its sums per day, with the
// library's replies. A reply is judged (never picked, rewritten heavily)
// only once it was suggested MinSuggested times.
func UsageReport(lib *library.Library, revision int64, sums []store.Usage, daily []store.DayUsage, days int, since time.Time) studioapi.UsageReport {
	out := studioapi.UsageReport{Days: days, Since: since, Revision: revision, HeavyEdit: HeavyEdit, MinSuggested: MinSuggested,
		Replies: []studioapi.ReplyUsage{}, Intents: []studioapi.IntentUse{}}
	byReply := map[string]store.Usage{}
	for _, u := range sums {
		byReply[u.ReplyID] = u
	}
	dayUse := map[[2]string][]studioapi.DayUse{}
	for _, d := range daily {
		k := [2]string{d.IntentID, d.ReplyID}
		dayUse[k] = append(dayUse[k], studioapi.DayUse{Day: d.Day, Suggested: d.Suggested, Inserted: d.Inserted, Sent: d.Sent, MeanEdit: d.MeanEdit})
		if out.FirstEvent.IsZero() || d.Day.Before(out.FirstEvent) {
			out.FirstEvent = d.Day
		}
	}
	intentAt := map[string]int{}
	add := func(intent, intentTitle string, r studioapi.ReplyUsage) {
		u := byReply[r.Reply]
		delete(byReply, r.Reply)
		r.Suggested, r.Inserted, r.Sent, r.MeanEdit = u.Suggested, u.Inserted, u.Sent, u.MeanEdit
		if u.ReplyID == "" {
			r.MeanEdit = -1
		}
		r.Acceptance = ratio(r.Inserted, r.Suggested)
		judged := r.Suggested >= MinSuggested
		r.TooFew = r.Suggested > 0 && !judged
		r.HeavilyRewritten = judged && r.MeanEdit > HeavyEdit
		r.NeverPicked = judged && r.Inserted == 0 && !r.Gone
		r.Days = dayUse[[2]string{intent, r.Reply}]
		out.Replies = append(out.Replies, r)
		i, ok := intentAt[intent]
		if !ok {
			i = len(out.Intents)
			intentAt[intent] = i
			out.Intents = append(out.Intents, studioapi.IntentUse{Intent: intent, Title: intentTitle, MeanEdit: -1})
		}
		in := &out.Intents[i]
		in.Suggested += r.Suggested
		in.Inserted += r.Inserted
		in.Sent += r.Sent
	}
	if lib != nil {
		for _, in := range lib.Intents {
			for _, rp := range in.Replies {
				add(in.ID, in.Title, studioapi.ReplyUsage{Intent: in.ID, IntentTitle: in.Title, Reply: rp.ID, Title: rp.Title})
			}
		}
	}
	for _, u := range sums {
		if _, left := byReply[u.ReplyID]; left {
			add(u.IntentID, "", studioapi.ReplyUsage{Intent: u.IntentID, Reply: u.ReplyID, Gone: true})
		}
	}
	// An intent's mean edit weighs each reply's mean by the events behind
	// it: sent ones when there are any, else inserted ones (as the store
	// computes a reply's mean).
	weights := map[string][2]float64{}
	for _, r := range out.Replies {
		if r.MeanEdit < 0 {
			continue
		}
		n := float64(r.Sent)
		if n == 0 {
			n = float64(r.Inserted)
		}
		w := weights[r.Intent]
		weights[r.Intent] = [2]float64{w[0] + r.MeanEdit*n, w[1] + n}
	}
	for i := range out.Intents {
		in := &out.Intents[i]
		in.Acceptance = ratio(in.Inserted, in.Suggested)
		if w := weights[in.Intent]; w[1] > 0 {
			in.MeanEdit = w[0] / w[1]
		}
	}
	byIntent := map[string][]studioapi.DayUse{}
	for _, r := range out.Replies {
		byIntent[r.Intent] = append(byIntent[r.Intent], r.Days...)
	}
	for i := range out.Intents {
		out.Intents[i].Days = sumDays(byIntent[out.Intents[i].Intent])
	}
	return out
}

// sumDays sums an intent's replies' days into one per day, oldest first.
// A day's mean edit weighs each reply's by the events behind it (sent ones
// when there are any, else inserted ones), as the intent's mean does.
func sumDays(ds []studioapi.DayUse) []studioapi.DayUse {
	type acc struct {
		d         studioapi.DayUse
		edit, web float64
	}
	byDay := map[int64]*acc{}
	for _, d := range ds {
		a := byDay[d.Day.Unix()]
		if a == nil {
			a = &acc{d: studioapi.DayUse{Day: d.Day, MeanEdit: -1}}
			byDay[d.Day.Unix()] = a
		}
		a.d.Suggested += d.Suggested
		a.d.Inserted += d.Inserted
		a.d.Sent += d.Sent
		if d.MeanEdit >= 0 {
			n := float64(d.Sent)
			if n == 0 {
				n = float64(d.Inserted)
			}
			a.edit += d.MeanEdit * n
			a.web += n
		}
	}
	out := make([]studioapi.DayUse, 0, len(byDay))
	for _, a := range byDay {
		if a.web > 0 {
			a.d.MeanEdit = a.edit / a.web
		}
		out = append(out, a.d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Day.Before(out[j].Day) })
	return out
}

func ratio(a, b int) float64 {
	if b == 0 {
		return -1
	}
	return float64(a) / float64(b)
}

package widget

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"github.com/warmdesk/warmdesk/internal/usage"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/suggestions"
)

// Environment variables of the studio's features in the widget.
const (
	// EnvLibraryPoll is how often, in seconds, the widget asks for a newer
	// published library; empty or 0 never.
	EnvLibraryPoll = "WARMDESK_LIBRARY_POLL"
	// EnvEventsURL is where usage events go; empty sends none.
	EnvEventsURL = "WARMDESK_EVENTS_URL"
)

// Headers of the library the studio serves.
const (
	HeaderRevision  = "X-Warmdesk-Revision"
	HeaderReadToken = "X-Warmdesk-Token"
)

// Usage events are sent in batches: every flushEvery, or sooner when
// flushAt events wait.
const (
	flushEvery = 10 * time.Second
	flushAt    = 20
)

// libState is what the widget knows about the library it uses.
type libState struct {
	etag     string // of the library in use, for If-None-Match
	token    string // read token from the embed script, if any
	polling  bool
	lastPoll time.Time
	next     *suggestions.Engine // a newer library waiting for the next ticket
	nextRev  int64
	flushing bool
}

// readTokenFromHash reads the read token embed.js passes in the frame's
// URL fragment (#token=…), which is never sent to any server.
func readTokenFromHash(hash string) string {
	q, err := url.ParseQuery(strings.TrimPrefix(hash, "#"))
	if err != nil {
		return ""
	}
	return q.Get("token")
}

func (w *Widget) scheduleFlush(ctx app.Context) {
	ctx.After(flushEvery, func(ctx app.Context) {
		w.flush(ctx, false)
		w.scheduleFlush(ctx)
	})
}

// flushSoon sends the events now when enough wait.
func (w *Widget) flushSoon(ctx app.Context) {
	if w.usage.Pending() >= flushAt {
		w.flush(ctx, false)
	}
}

// flush posts a batch of usage events. A batch the server did not take
// for a passing reason (offline, overloaded, rate-limited) goes back in
// the queue; one it refused as invalid is dropped, as sending it again
// would fail again. Nothing here can break the widget.
func (w *Widget) flush(ctx app.Context, leaving bool) {
	dest := app.Getenv(EnvEventsURL)
	if dest == "" || w.lib.flushing || w.usage.Pending() == 0 {
		return
	}
	batch := w.usage.Take(usage.MaxEventsPerBatch)
	body, err := json.Marshal(usage.Batch{Events: batch})
	if err != nil {
		return
	}
	w.lib.flushing = true
	opts := map[string]any{
		"method": "POST", "body": string(body), "credentials": "same-origin",
		"headers": map[string]any{"Content-Type": "application/json"},
		// keepalive lets the last batch leave with the page.
		"keepalive": leaving,
	}
	Promise(app.Window().Call("fetch", dest, opts), func(resp app.Value) {
		status := resp.Get("status").Int()
		ctx.Dispatch(func(ctx app.Context) {
			w.lib.flushing = false
			if status == 429 || status >= 500 {
				w.usage.Requeue(batch)
			} else if status >= 400 {
				app.Logf("warmdesk: the server refused %d usage events (HTTP %d); dropped", len(batch), status)
			}
		})
	}, func(err error) {
		ctx.Dispatch(func(ctx app.Context) {
			w.lib.flushing = false
			w.usage.Requeue(batch)
		})
	})
}

package widget

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/widget/internal/deadline"
)

// Environment variables the server passes to the widget (Handler.Env).
const (
	EnvAllowOrigins = "WARMDESK_ALLOW_ORIGINS" // comma-separated host origins
	EnvLibraryURL   = "WARMDESK_LIBRARY_URL"   // where the library is (its binary form, or JSON)
	EnvModelURL     = "WARMDESK_MODEL_URL"     // where its saved model is (suggestions.Engine.Model)
)

// host is the page embedding the widget: the origins it may have and the
// one it proved to have by sending a ticket.
type host struct {
	allowed Origins
	origin  string // where replies go; empty until known
	release []func()
}

// OnMount runs in the browser only: it listens to the host page and the
// keyboard, and loads the library. Natively it is never called.
func (w *Widget) OnMount(ctx app.Context) {
	win := app.Window()
	self := win.Get("location").Get("origin").String()
	w.host.allowed = ParseOrigins(app.Getenv(EnvAllowOrigins), self)
	w.host.origin = w.parentOrigin()
	w.listen(ctx, win, "message", func(ev app.Value) { w.onHostMessage(ctx, ev) })
	w.listen(ctx, win.Get("document"), "keydown", func(ev app.Value) { w.onKeyDown(ctx, ev) })
	w.listen(ctx, win, "focus", func(app.Value) { ctx.Dispatch(w.onFocus) })
	w.listen(ctx, win, "pagehide", func(app.Value) { w.flush(ctx, true) })
	w.lib.token = readTokenFromHash(win.Get("location").Get("hash").String())
	w.usage.Now = func() int64 { return time.Now().UnixMilli() }
	w.bench = benchMode(win)
	w.firstTicket = make(chan struct{})
	if w.bench {
		win.Get("performance").Call("mark", "warmdesk:mounted")
		w.benchHeap(win)
	}
	w.loadLibrary(ctx)
	w.scheduleFlush(ctx)
}

// OnDismount releases the JavaScript listeners.
func (w *Widget) OnDismount() {
	for _, f := range w.host.release {
		f()
	}
	w.host.release = nil
}

// listen adds a DOM event listener whose Go function runs synchronously in
// the event (so it may prevent the default).
func (w *Widget) listen(ctx app.Context, target app.Value, event string, h func(app.Value)) {
	fn := app.FuncOf(func(this app.Value, args []app.Value) any {
		defer func() {
			if r := recover(); r != nil {
				app.Logf("warmdesk: %s handler: %v", event, r)
			}
		}()
		if len(args) > 0 {
			h(args[0])
		}
		return nil
	})
	target.Call("addEventListener", event, fn)
	w.host.release = append(w.host.release, func() {
		target.Call("removeEventListener", event, fn)
		fn.Release()
	})
}

// parentOrigin is the embedding page's origin when the browser tells it
// and it is allowed; replies are posted nowhere else.
func (w *Widget) parentOrigin() string {
	win := app.Window()
	if win.Get("parent").Equal(win) {
		return "" // not embedded
	}
	cand := ""
	if ao := win.Get("location").Get("ancestorOrigins"); ao.Truthy() && ao.Length() > 0 {
		cand = ao.Index(0).String()
	} else if ref := win.Get("document").Get("referrer").String(); ref != "" {
		if u, err := url.Parse(ref); err == nil {
			cand = u.Scheme + "://" + u.Host
		}
	}
	if w.host.allowed.Allows(cand) {
		return cand
	}
	return ""
}

// loadLibrary fetches the library JSON (the service worker serves it from
// its cache offline) and compiles it here: no message leaves the browser.
// Then it polls for a newer published library.
//
// WebAssembly runs on the page's only thread, and a Go goroutine gives
// the browser its turn only when it blocks. So the loader works in stages
// (read, compile) and, before each stage of a large library, waits until
// go-app has drawn the progress and the browser has painted it (and
// handled input meanwhile). See Loader for the stages.
func (w *Widget) loadLibrary(ctx app.Context) {
	fail := func(err error) {
		Settle() // the start is over, if not as hoped
		ctx.Dispatch(func(ctx app.Context) {
			w.status, w.failure = statusFailed, err.Error()
			w.post(ErrorMessage(ErrLibrary, err))
		})
	}
	w.fetchLibrary(ctx, w.libraryURL(), "", true, func(eng *suggestions.Engine, etag string, rev int64) {
		if eng == nil {
			return
		}
		w.SetEngine(eng)
		w.lib.etag, w.usage.Revision = etag, rev
		w.desk.Usage = &w.usage
		w.post(ReadyMessage())
		w.benchMark(ctx, "ready")
		// The cached copy may be older than what is published now: that
		// is checked once the first ticket's suggestions are up (the
		// check's answer came between "ready" and the host's ticket).
		ctx.Async(func() {
			w.awaitFirstTicket()
			ctx.Dispatch(w.poll)
		})
		w.schedulePoll(ctx)
	}, fail)
}

// libraryURL is where the library is (the server says, through Env).
func (w *Widget) libraryURL() string {
	if src := app.Getenv(EnvLibraryURL); src != "" {
		return src
	}
	return "/library.bin"
}

// fetchLibrary GETs a library, with If-None-Match when etag is set and the
// read token when the embed script passed one, loads it off the UI
// goroutine in stages (showing the progress when showProgress), and calls
// ok on the UI goroutine; a 304 calls ok with a nil engine. The steps are
// libFetch's methods, in the order they run.
func (w *Widget) fetchLibrary(ctx app.Context, src, etag string, showProgress bool, ok func(*suggestions.Engine, string, int64), fail func(error)) {
	f := &libFetch{w: w, ctx: ctx, src: src, etag: etag, showProgress: showProgress, ok: ok, fail: fail,
		early: etag == "", models: make(chan []byte, 1)}
	// The first load asks for the library's saved model at the same time
	// (one round trip instead of two: 30–50 ms on a warm start); a poll
	// asks for it only once the library has changed.
	if f.early {
		w.fetchModel(f.models)
	}
	Promise(app.Window().Call("fetch", src, f.requestOptions()), f.onResponse, fail)
}

// libFetch is one fetch of the library, from the request to the warm-up.
type libFetch struct {
	w            *Widget
	ctx          app.Context
	src, etag    string
	showProgress bool
	ok           func(*suggestions.Engine, string, int64)
	fail         func(error)

	early  bool        // the first load, not a poll
	models chan []byte // the saved model, or nil (fetchModel)
	tag    string      // the response's ETag
	rev    int64       // the response's revision
	doc    []byte      // the library's bytes, until Load reads them
	loader *Loader     // set by load
}

// requestOptions are fetch's options: the cache is asked to revalidate,
// with the read token and the ETag when there are.
func (f *libFetch) requestOptions() map[string]any {
	headers := map[string]any{}
	if f.etag != "" {
		headers["If-None-Match"] = f.etag
	}
	if f.w.lib.token != "" {
		headers[HeaderReadToken] = f.w.lib.token
	}
	return map[string]any{"headers": headers, "cache": "no-cache", "credentials": "same-origin"}
}

// onResponse reads the response's status and version, then its bytes.
func (f *libFetch) onResponse(resp app.Value) {
	status := resp.Get("status").Int()
	if status == 304 {
		f.ctx.Dispatch(func(ctx app.Context) { f.ok(nil, f.etag, 0) })
		return
	}
	if !resp.Get("ok").Bool() {
		f.fail(fmt.Errorf("GET %s: HTTP %d", f.src, status))
		return
	}
	if tag := resp.Get("headers").Call("get", "ETag"); tag.Type() == app.TypeString {
		f.tag = tag.String()
	}
	if rev := resp.Get("headers").Call("get", HeaderRevision); rev.Type() == app.TypeString {
		f.rev, _ = strconv.ParseInt(rev.String(), 10, 64)
	}
	if !f.early {
		f.w.fetchModel(f.models)
	}
	responseBytes(resp, func(data []byte) {
		f.doc = data
		f.ctx.Async(f.load)
	}, f.fail)
}

// load compiles the library (off the UI goroutine), hands the engine to
// ok, then prepares what can wait.
func (f *libFetch) load() {
	if f.early {
		// What analysing needs besides the library, now that the library
		// is in. Not while it downloads: the wasm holds the page's thread,
		// and the browser hands over the response's body only in the
		// thread's free turns (measured in a cold page: the library came
		// 100–130 ms after this work ended, instead of at once).
		f.w.timer("prepare", suggestions.Prepare)
	}
	f.loader = &Loader{Timer: f.w.timer, MemoryLimit: LoadMemoryLimit, CompileSlice: compileSlice, Yield: f.showStage,
		Note: func(s string) { app.Logf("warmdesk: %s", s) }}
	model := f.awaitModel()
	// Only Load keeps the document, and only until it is read: a
	// WebAssembly memory keeps its peak for good.
	doc := f.doc
	f.doc = nil
	eng, err := f.loader.Load(doc, model)
	if err != nil {
		f.fail(err)
		return
	}
	f.ctx.Dispatch(func(ctx app.Context) { f.deliver(ctx, eng) })
	f.prepareRest(eng)
}

// showStage is the loader's Yield: it lets the page paint the progress
// (and handle input) between the stages of a large library.
func (f *libFetch) showStage(p LoadProgress) {
	if p.Percent == 100 && p.Label == "" {
		waitForPaint() // the search index's pauses: nothing to show
		return
	}
	awaitPaint(func(painted func()) {
		f.ctx.Dispatch(func(ctx app.Context) {
			if f.showProgress {
				f.w.progress = p
			}
			ctx.Defer(func(app.Context) { afterPaint(painted) })
		})
	})
}

// awaitModel waits for the saved model, up to modelWait.
func (f *libFetch) awaitModel() []byte {
	select {
	case model := <-f.models:
		return model
	case <-deadline.After(modelWait):
		app.Logf("warmdesk: the library's model took over %v; compiling without it", modelWait)
		return nil
	}
}

// deliver hands the engine to ok, on the UI goroutine.
func (f *libFetch) deliver(ctx app.Context, eng *suggestions.Engine) {
	f.ok(eng, f.tag, f.rev)
	if !f.showProgress {
		return
	}
	// The first load: the host usually answers "ready" with its ticket at
	// once, and drawing the ready widget first would hold the page's
	// thread (about 0.1 s in a cold page) while the ticket waits. The
	// ticket's update draws it all; without a ticket, the ready widget is
	// drawn after readyDraw.
	//
	// The widget's only PreventUpdate, before anything is there to
	// interact with: go-app's drops the component's pending update whoever
	// asked for it, so a poll or a usage flush that prevented its own
	// redraw could drop a keystroke's, if answered in the same frame.
	// Their dispatches redraw instead, which with nothing changed costs
	// little.
	ctx.PreventUpdate()
	ctx.After(readyDraw, func(app.Context) {})
}

// prepareRest builds the reply search's index (Loader.PrepareSearch) and
// warms up, once the first ticket's suggestions are on screen: the host
// usually sends its ticket as soon as the widget is ready, and work
// already running would hold it up (the page has one thread).
func (f *libFetch) prepareRest(eng *suggestions.Engine) {
	waitForPaint()
	f.w.awaitFirstTicket()
	// The ticket's suggestions are in the DOM, not yet on screen: the wasm
	// holds the thread until every goroutine blocks, so without this wait
	// the index would run before the browser could paint them.
	waitForPaint()
	if f.early {
		Settle() // the start is over: the collector runs again
	}
	f.loader.PrepareSearch(eng)
	f.w.timer("warm-up", func() { WarmUp(eng, waitForPaint) })
}

// responseBytes reads a fetch Response's body into Go and calls ok with
// it, or fail. It asks for a Blob first and reads that: the widget's
// library and model come from the service worker's cache, and Chromium
// hands such a body to the page as a Blob at once, where arrayBuffer()
// streamed it through the page's thread at some 20 MB/s (with 10,000
// phrasings, a third of a second on a warm start).
func responseBytes(resp app.Value, ok func([]byte), fail func(error)) {
	Promise(resp.Call("blob"), func(blob app.Value) {
		Promise(blob.Call("arrayBuffer"), func(buf app.Value) { ok(goBytes(buf)) }, fail)
	}, fail)
}

// goBytes copies a JavaScript ArrayBuffer into Go.
func goBytes(buf app.Value) []byte {
	data := make([]byte, buf.Get("byteLength").Int())
	app.CopyBytesToGo(data, app.Window().Get("Uint8Array").New(buf))
	return data
}

// modelWait is how long the widget waits for the library's saved model
// once the library is in: past it, compiling without the model is faster.
const modelWait = 10 * time.Second

// fetchModel GETs the saved model of the library being fetched
// (suggestions.CompileWithModel) and sends it on out: nil when the server
// names none or it cannot be had, and the widget compiles without it.
func (w *Widget) fetchModel(out chan<- []byte) {
	src := app.Getenv(EnvModelURL)
	if src == "" {
		out <- nil
		return
	}
	headers := map[string]any{}
	if w.lib.token != "" {
		headers[HeaderReadToken] = w.lib.token
	}
	fail := func(err error) {
		app.Logf("warmdesk: the library's model: %v; compiling without it", err)
		out <- nil
	}
	opts := map[string]any{"headers": headers, "cache": "no-cache", "credentials": "same-origin"}
	Promise(app.Window().Call("fetch", src, opts), func(resp app.Value) {
		if !resp.Get("ok").Bool() {
			fail(fmt.Errorf("GET %s: HTTP %d", src, resp.Get("status").Int()))
			return
		}
		responseBytes(resp, func(data []byte) { out <- data }, fail)
	}, fail)
}

// schedulePoll checks for a newer published library every
// WARMDESK_LIBRARY_POLL seconds (0 turns polling off).
func (w *Widget) schedulePoll(ctx app.Context) {
	secs, err := strconv.Atoi(app.Getenv(EnvLibraryPoll))
	if err != nil || secs <= 0 {
		return
	}
	ctx.After(time.Duration(secs)*time.Second, func(ctx app.Context) {
		w.poll(ctx)
		w.schedulePoll(ctx)
	})
}

// poll asks for the published library with If-None-Match: 304 while it is
// the same, the new library when a publisher published another. The URL
// differs from the one the service worker caches, so the poll reaches the
// server; offline it fails quietly and the widget keeps what it has.
func (w *Widget) poll(ctx app.Context) {
	if w.lib.polling || w.lib.etag == "" {
		return
	}
	w.lib.polling, w.lib.lastPoll = true, time.Now()
	src := w.libraryURL()
	if strings.Contains(src, "?") {
		src += "&fresh"
	} else {
		src += "?fresh"
	}
	w.fetchLibrary(ctx, src, w.lib.etag, false, func(eng *suggestions.Engine, etag string, rev int64) {
		w.lib.polling = false
		if eng == nil {
			return
		}
		w.lib.etag = etag
		w.switchLibrary(ctx, eng, rev)
	}, func(err error) {
		app.Logf("warmdesk: checking for a newer library: %v", err)
		ctx.Dispatch(func(ctx app.Context) { w.lib.polling = false })
	})
}

// switchLibrary moves to a newly published library. An agent in the
// middle of editing a reply keeps the old one until the next ticket, so
// nothing they typed changes under their hands.
func (w *Widget) switchLibrary(ctx app.Context, eng *suggestions.Engine, rev int64) {
	if w.desk.Busy() {
		w.lib.next, w.lib.nextRev = eng, rev
		w.desk.Announcement = "The reply library was updated; it applies from the next ticket."
		return
	}
	w.usage.Revision = rev
	w.lib.next = nil
	w.desk.Replace(eng)
	w.desk.Announcement = "The reply library was updated."
	w.flash(ctx, "Reply library updated")
}

// onFocus checks for a newer library when the agent comes back to the
// widget, at most every few seconds.
func (w *Widget) onFocus(ctx app.Context) {
	if time.Since(w.lib.lastPoll) > 5*time.Second {
		w.poll(ctx)
	}
}

// yieldPause is the longest the loader waits for its progress to be
// painted: a page in the background does not paint at all.
const yieldPause = 250 * time.Millisecond

// compileSlice is how long compiling a large library keeps the page's
// thread before it lets the page paint its progress and handle input
// (Loader.CompileSlice).
const compileSlice = 100 * time.Millisecond

// waitForPaint returns once the browser has painted (see awaitPaint).
func waitForPaint() { awaitPaint(afterPaint) }

// awaitPaint calls schedule with what to call once the page has painted,
// and returns then, or after yieldPause (a page in the background does not
// paint), or at once without scheduling when the page is hidden: nothing
// to paint, and nobody waiting for input. Either way the page has had its
// turn. Its timeout is a deadline.After: with time.After, a key typed while
// it waited could go undrawn for seconds (package deadline says why).
func awaitPaint(schedule func(painted func())) {
	if app.Window().Get("document").Get("hidden").Bool() {
		return
	}
	done := make(chan struct{})
	schedule(func() { close(done) })
	select {
	case <-done:
	case <-deadline.After(yieldPause):
	}
}

// afterPaint calls f once the browser has painted the current DOM: the
// callback of the second animation frame from now runs after the first
// one's paint.
func afterPaint(f func()) {
	var outer, inner app.Func
	inner = app.FuncOf(func(app.Value, []app.Value) any {
		inner.Release()
		f()
		return nil
	})
	outer = app.FuncOf(func(app.Value, []app.Value) any {
		outer.Release()
		app.Window().Call("requestAnimationFrame", inner)
		return nil
	})
	app.Window().Call("requestAnimationFrame", outer)
}

// Promise calls ok or fail when p settles, then releases its callbacks.
func Promise(p app.Value, ok func(app.Value), fail func(error)) {
	var then, catch app.Func
	done := func() {
		then.Release()
		catch.Release()
	}
	then = app.FuncOf(func(this app.Value, args []app.Value) any {
		defer done()
		ok(args[0])
		return nil
	})
	catch = app.FuncOf(func(this app.Value, args []app.Value) any {
		defer done()
		fail(errors.New(args[0].Call("toString").String()))
		return nil
	})
	p.Call("then", then, catch)
}

// onHostMessage handles a postMessage event. Messages from other origins or
// other windows are ignored and logged; malformed ones from the host get an
// error event.
func (w *Widget) onHostMessage(ctx app.Context, ev app.Value) {
	win := app.Window()
	origin := ev.Get("origin").String()
	if !ev.Get("source").Equal(win.Get("parent")) || win.Get("parent").Equal(win) {
		return // not from the embedding page (an extension, the widget itself)
	}
	if !w.host.allowed.Allows(origin) {
		app.Logf("warmdesk: ignored a message from %q: not an allowed origin (%s)", origin, strings.Join(w.host.allowed, ", "))
		return
	}
	raw, err := messageJSON(ev.Get("data"))
	var m HostMessage
	if err == nil {
		m, err = ParseHostMessage([]byte(raw))
	}
	ctx.Dispatch(func(ctx app.Context) {
		w.host.origin = origin
		if err != nil {
			app.Logf("warmdesk: refused a message: %v", err)
			w.post(ErrorMessage(ErrBadMessage, err))
			return
		}
		if m.Type == TypeSent {
			// Only the edit ratio is kept; the text is dropped here.
			w.usage.Sent(m.Ticket.ID, m.Text)
			w.flushSoon(ctx)
			return
		}
		if !w.desk.Ready() {
			w.post(ErrorMessage(ErrBadMessage, errors.New("the library is not loaded yet; send the ticket after the ready event")))
			return
		}
		w.setTicket(ctx, m.Ticket)
	})
}

// messageJSON reads postMessage data as JSON: a string as it is, anything
// else through JSON.stringify (which throws on cycles and BigInts; the
// panic is turned into an error).
func messageJSON(data app.Value) (s string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("message cannot be read as JSON: %v", r)
		}
	}()
	if data.Type() == app.TypeString {
		if err := tooLong(data); err != nil {
			return "", err
		}
		// Go's strings are UTF-8: a lone surrogate would become U+FFFD on
		// the way, unseen (a stringified object escapes it instead, and
		// ParseHostMessage refuses that).
		if f := app.Window().Get("String").Get("prototype").Get("isWellFormed"); f.Type() == app.TypeFunction && !f.Call("call", data).Bool() {
			return "", errors.New("message has a lone surrogate: its text is not valid Unicode")
		}
		return data.String(), nil
	}
	v := app.Window().Get("JSON").Call("stringify", data)
	if v.Type() != app.TypeString {
		return "", errors.New("message is not a JSON object")
	}
	if err := tooLong(v); err != nil {
		return "", err
	}
	return v.String(), nil
}

// tooLong refuses a JavaScript string over MaxHostMessageBytes before it
// is copied into the wasm, whose memory never shrinks: a message of
// hundreds of megabytes would otherwise stay in the widget's memory for
// good. Each UTF-16 unit is at least one byte of UTF-8, so a string longer
// in units is longer in bytes.
func tooLong(s app.Value) error {
	// A string primitive has no properties for syscall/js: its length is
	// read through its String object, which wraps it without a copy.
	if n := app.Window().Get("String").New(s).Get("length").Int(); n > MaxHostMessageBytes {
		return fmt.Errorf("message is at least %d bytes; the limit is %d", n, MaxHostMessageBytes)
	}
	return nil
}

func (w *Widget) setTicket(ctx app.Context, t Ticket) {
	if w.lib.next != nil {
		// A newer library waited for the agent to finish the last ticket.
		w.desk.Replace(w.lib.next)
		w.usage.Revision = w.lib.nextRev
		w.lib.next = nil
	}
	w.desk.SetTicket(t)
	w.flushSoon(ctx)
	w.benchMark(ctx, "ticket")
	if w.firstTicket != nil {
		ctx.Defer(func(app.Context) { w.firstOnce.Do(func() { close(w.firstTicket) }) })
	}
	w.notice = ""
	w.syncSearch(ctx)
	if w.desk.Searching {
		w.focus(ctx, idSearch)
	}
}

// post sends a message to the host page, only to its proven origin.
func (w *Widget) post(m OutMessage) {
	if w.host.origin == "" {
		return
	}
	b, err := json.Marshal(m)
	if err != nil {
		return
	}
	// The browser's JSON.parse makes the plain object the host gets: the
	// same object as decoding into a map and converting that map value by
	// value, without running either in the wasm (Go's decoding into
	// interface values is code a cold page would otherwise compile at its
	// first call, on the way to the "ready" message).
	obj := app.Window().Get("JSON").Call("parse", string(b))
	app.Window().Get("parent").Call("postMessage", obj, w.host.origin)
}

// onKeyDown maps a key to an action; the default is prevented at once, the
// action runs on the UI goroutine.
func (w *Widget) onKeyDown(ctx app.Context, ev app.Value) {
	if ev.Get("isComposing").Bool() {
		return
	}
	target := ev.Get("target")
	tag := strings.ToLower(target.Get("tagName").String())
	k := Key{
		Key:       ev.Get("key").String(),
		Ctrl:      ev.Get("ctrlKey").Bool() || ev.Get("metaKey").Bool(),
		Alt:       ev.Get("altKey").Bool(),
		InField:   tag == "input" || tag == "textarea" || tag == "select" || target.Get("isContentEditable").Bool(),
		InSearch:  target.Get("id").String() == idSearch,
		OnControl: tag == "button" || tag == "a",
	}
	a := KeyAction(k)
	if a.Kind == ActNone {
		return
	}
	ev.Call("preventDefault")
	ctx.Dispatch(func(ctx app.Context) { w.do(ctx, a, k) })
}

// do performs an action on the UI goroutine.
func (w *Widget) do(ctx app.Context, a Action, k Key) {
	d := w.desk
	if !d.Ready() {
		return
	}
	switch a.Kind {
	case ActUp, ActDown:
		delta := 1
		if a.Kind == ActUp {
			delta = -1
		}
		d.Move(delta)
		if d.Searching {
			w.scrollIntoView(ctx, "wd-res-"+fmt.Sprint(d.Cursor))
		} else {
			w.focus(ctx, idList)
		}
	case ActPick:
		if d.Searching {
			d.CloseSearch()
			w.syncSearch(ctx)
		}
		if d.Pick(a.N) {
			w.focus(ctx, idList)
		}
	case ActChoose:
		if d.Cursor < 0 {
			d.Announcement = "No reply is chosen: type to search, or move to one with the arrow keys."
			return
		}
		if d.Choose(d.Cursor) {
			w.syncSearch(ctx)
			w.focus(ctx, idList)
		}
	case ActInsert:
		if d.Confirming || d.ToneConfirming() {
			w.confirm(ctx)
		} else {
			w.insert(ctx, false)
		}
	case ActReword:
		w.useRewording(ctx)
	case ActCopy:
		w.copy(ctx, false)
	case ActSearch:
		d.OpenSearch()
		w.focusSearch(ctx)
	case ActEdit:
		w.edit(ctx)
	case ActHelp:
		w.toggleHelp(ctx)
	case ActBack:
		defer w.syncSearch(ctx)
		switch {
		case w.showHelp:
			w.toggleHelp(ctx)
		case d.Back():
			if len(d.Suggestions) > 0 {
				w.focus(ctx, idList)
			}
		case k.InField:
			app.Window().Get("document").Get("activeElement").Call("blur")
			if len(d.Suggestions) > 0 {
				w.focus(ctx, idList)
			}
		}
	}
}

// toggleHelp shows or hides the shortcuts. Shown, they take the focus, so
// that Esc or Enter closes them; hidden, the focus goes back to the reply.
func (w *Widget) toggleHelp(ctx app.Context) {
	w.showHelp = !w.showHelp
	switch {
	case w.showHelp:
		w.focus(ctx, idHelpBtn)
	case w.desk.Current() != nil:
		w.focus(ctx, idList)
	case w.desk.Searching:
		w.focusSearch(ctx)
	}
}

// focusSearch focuses the search box with the desk's query in it. The
// box's text is set here, not only rendered: once the agent has typed in
// it, the browser keeps what they typed whatever the page says, and a
// search that starts anew would append to the last one.
func (w *Widget) focusSearch(ctx app.Context) {
	w.syncSearch(ctx)
	w.focus(ctx, idSearch)
}

// syncSearch shows the desk's query in the search box once the update is
// drawn (go-app never clears a field's text: it drops an empty value).
func (w *Widget) syncSearch(ctx app.Context) {
	q := w.desk.Query
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(idSearch); el.Truthy() && el.Get("value").String() != q {
			el.Set("value", q)
		}
	})
}

// edit focuses the reply text with the caret where the agent would write
// (EditSpan): the first blank, else the end of the body.
func (w *Widget) edit(ctx app.Context) {
	draft := w.desk.Draft()
	start, end := EditSpan(draft, w.desk.Current())
	start, end = UTF16(draft, start), UTF16(draft, end)
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(idDraft); el.Truthy() {
			el.Call("focus")
			el.Call("setSelectionRange", start, end)
		}
	})
}

// insert hands the draft to the host page, asking for confirmation first
// when blanks are left. Without a host it copies instead.
func (w *Widget) insert(ctx app.Context, confirmed bool) {
	msg, ok := w.desk.Insert(confirmed)
	if !ok {
		if w.desk.Confirming || w.desk.ToneConfirming() {
			w.focus(ctx, idConfirm)
		}
		return
	}
	if w.host.origin == "" {
		w.writeClipboard(ctx, msg.Text)
		return
	}
	w.post(msg)
	w.flushSoon(ctx)
	if w.desk.Ticket.Copies() {
		w.flash(ctx, "Copied: paste it into the reply")
	} else {
		w.flash(ctx, "Inserted into the reply")
	}
	w.focus(ctx, idList)
}

// useRewording applies the rewording of the tone finding being asked
// about and puts the agent in the draft with the rest of the sentence
// selected, ready to be rewritten.
func (w *Widget) useRewording(ctx app.Context) {
	start, end, ok := w.desk.UseRewording()
	if !ok {
		return
	}
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(idDraft); el.Truthy() {
			el.Call("focus")
			el.Call("setSelectionRange", start, end)
		}
	})
}

// confirm is the agent's "anyway" to the question shown: it finishes
// the copy or the insert that asked it.
func (w *Widget) confirm(ctx app.Context) {
	if w.desk.Copying() {
		w.copy(ctx, true)
	} else {
		w.insert(ctx, true)
	}
}

// copy writes the draft to the clipboard, after the questions Insert asks
// (Desk.Copy).
func (w *Widget) copy(ctx app.Context, confirmed bool) {
	text, ok := w.desk.Copy(confirmed)
	if !ok {
		if w.desk.Confirming || w.desk.ToneConfirming() {
			// The question's first draw may replace the Copy button
			// this ran from, and with it work deferred on its context.
			focusAfterDraw(idConfirm)
		}
		return
	}
	w.writeClipboard(ctx, text)
}

// writeClipboard puts text on the clipboard and says how it went.
func (w *Widget) writeClipboard(ctx app.Context, text string) {
	if text == "" {
		return
	}
	clip := app.Window().Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		w.flash(ctx, "Copying is not available here")
		return
	}
	Promise(clip.Call("writeText", text), func(app.Value) {
		ctx.Dispatch(func(ctx app.Context) {
			w.desk.Announcement = "Copied the reply to the clipboard."
			w.flash(ctx, "Copied")
		})
	}, func(err error) {
		ctx.Dispatch(func(ctx app.Context) { w.flash(ctx, "Copy failed: select the text and copy it") })
	})
}

// flash shows a short notice next to the buttons.
func (w *Widget) flash(ctx app.Context, s string) {
	w.notice = s
	ctx.After(2500e6, func(ctx app.Context) {
		if w.notice == s {
			w.notice = ""
		}
	})
}

// focus moves the keyboard focus to an element once the update is drawn.
func (w *Widget) focus(ctx app.Context, id string) {
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Call("focus")
		}
	})
}

// focusAfterDraw moves the focus once the browser has drawn the update.
// For a handler on an element the update removes (a filled blank's
// field): work deferred on that element's context never runs.
func focusAfterDraw(id string) {
	afterPaint(func() {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Call("focus")
		}
	})
}

// clearSearchAfterDraw empties the search box once the browser has drawn
// the update, for a handler whose element the update removes.
func clearSearchAfterDraw() {
	afterPaint(func() {
		if el := app.Window().GetElementByID(idSearch); el.Truthy() {
			el.Set("value", "")
		}
	})
}

func (w *Widget) scrollIntoView(ctx app.Context, id string) {
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Call("scrollIntoView", map[string]any{"block": "nearest"})
		}
	})
}

// onPaste analyses a pasted message when no helpdesk sends tickets.
func (w *Widget) onPaste(ctx app.Context, e app.Event) {
	el := app.Window().GetElementByID(idPaste)
	msg := el.Get("value").String()
	if strings.TrimSpace(msg) == "" || !w.desk.Ready() {
		return
	}
	t := w.desk.Ticket
	t.Message = msg
	w.setTicket(ctx, t)
}

// benchMode is on when the widget's URL has ?bench=1 or the page defines
// window.warmdeskBench (the browser benchmark injects it): the widget then
// reports its timings to the browser's performance timeline, where
// DevTools and scripts read them (performance.getEntriesByType("measure")).
func benchMode(win app.Value) bool {
	if win.Get("warmdeskBench").Truthy() {
		return true
	}
	q, err := url.ParseQuery(strings.TrimPrefix(win.Get("location").Get("search").String(), "?"))
	return err == nil && q.Get("bench") == "1"
}

// timer is the desk's and the loader's Timer in bench mode: each piece of
// work becomes a performance measure "warmdesk:NAME"; nil otherwise.
func (w *Widget) timer(name string, work func()) {
	if !w.bench {
		work()
		return
	}
	perf := app.Window().Get("performance")
	start := perf.Call("now").Float()
	work()
	perf.Call("measure", "warmdesk:"+name, map[string]any{"start": start, "end": perf.Call("now").Float()})
}

// benchMark, in bench mode, marks "warmdesk:NAME-drawn" once go-app has
// drawn the current update (deferred work runs after the frame's DOM
// changes).
func (w *Widget) benchMark(ctx app.Context, name string) {
	if !w.bench {
		return
	}
	ctx.Defer(func(app.Context) {
		app.Window().Get("performance").Call("mark", "warmdesk:"+name+"-drawn")
	})
}

// benchHeap, in bench mode, gives the page window.warmdeskGoHeap(): it
// collects garbage and says how much the Go heap holds. With the wasm
// memory's size, that says how much of that memory the loaded library
// really needs. It runs when the benchmark asks, after its tickets, not
// while the widget starts.
func (w *Widget) benchHeap(win app.Value) {
	win.Set("warmdeskGoHeap", app.FuncOf(func(app.Value, []app.Value) any {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return map[string]any{"live": m.HeapAlloc, "sys": m.Sys}
	}))
}

// readyDraw is how long the first load waits for the host's ticket
// before drawing the ready widget without it.
const readyDraw = 100 * time.Millisecond

// settleWait is how long work that can wait for the first ticket
// (awaitFirstTicket) waits when no ticket comes.
const settleWait = time.Second

// awaitFirstTicket returns once the first ticket's suggestions are drawn,
// or after settleWait.
func (w *Widget) awaitFirstTicket() {
	select {
	case <-w.firstTicket:
	case <-deadline.After(settleWait):
	}
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// payloads are script injections of the usual kinds: each would run
// script if its text were ever read as HTML, a URL or a style. They call
// alert or set __xss, both of which the pages watch.
var payloads = []string{
	`<script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`<img src="x" onerror="top.__xss=1">`,
	`<svg onload=alert(1)>`,
	`<svg><script>alert(1)</script></svg>`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	`<iframe srcdoc="<script>top.__xss=1</script>"></iframe>`,
	`<a href="javascript:alert(1)">click</a>`,
	`<body onload=alert(1)>`,
	`<details open ontoggle=alert(1)>`,
	`<input autofocus onfocus=alert(1)>`,
	`<marquee onstart=alert(1)>`,
	`<video><source onerror=alert(1)></video>`,
	`<audio src=x onerror=alert(1)>`,
	`<object data="javascript:alert(1)">`,
	`<embed src="javascript:alert(1)">`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`"><script>alert(1)</script>`,
	`'><img src=x onerror=alert(1)>`,
	`</textarea><script>alert(1)</script>`,
	`</title><script>alert(1)</script>`,
	`</style><script>alert(1)</script>`,
	`<style>@import 'javascript:alert(1)';</style>`,
	`<div style="background:url(javascript:alert(1))">`,
	`<form action="javascript:alert(1)"><button>go</button></form>`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<base href="javascript:alert(1)//">`,
	`<link rel=import href="data:text/html,<script>alert(1)</script>">`,
	`javascript:alert(1)`,
	`data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==`,
	`<scr<script>ipt>alert(1)</scr</script>ipt>`,
	`<ScRiPt>alert(1)</sCrIpT>`,
	`<img src=x oNeRrOr=alert(1)>`,
	`&lt;script&gt;alert(1)&lt;/script&gt;`,
	`<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>`,
	`<svg><animate onbegin=alert(1) attributeName=x dur=1s>`,
	`<template><script>alert(1)</script></template>`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	`<select autofocus onfocus=alert(1)>`,
	`<keygen autofocus onfocus=alert(1)>`,
	`{{constructor.constructor('alert(1)')()}}`,
	`${alert(1)}`,
	"`-alert(1)-`",
	`\u003cimg src=x onerror=alert(1)\u003e`,
	`<img src=x onerror="top.__xss=1" dir=rtl>مرحبا 👋🏽`,
}

// watchJS runs in every frame before its scripts: script that runs from a
// payload is counted in the top page's __xss, and every content security
// policy violation is noted there.
const watchJS = `(() => {
  const hit = () => { try { top.__xss = (top.__xss || 0) + 1; } catch (e) {} };
  window.alert = hit; window.confirm = hit; window.prompt = hit;
  document.addEventListener("securitypolicyviolation", e => {
    try { (top.__csp = top.__csp || []).push(location.pathname + ": " + e.violatedDirective + " " + e.blockedURI); } catch (x) {}
  });
})();`

// browser is a headless Chromium tab.
type browser struct {
	ctx    context.Context
	cancel func()
}

func (t *target) browser() (*browser, error) {
	if t.c.chromium == "" {
		return nil, fmt.Errorf("no Chromium: install it (scripts/test-deps.sh) or give -chromium")
	}
	dir, err := os.MkdirTemp("", "warmdesk-attack-chromium-")
	if err != nil {
		return nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(t.c.chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(dir),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	b := &browser{ctx: ctx, cancel: func() { cancel(); cancelAlloc(); os.RemoveAll(dir) }}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watchJS}); err != nil {
		b.cancel()
		return nil, fmt.Errorf("starting Chromium: %w", err)
	}
	return b, nil
}

func eval[T any](b *browser, js string) (T, error) {
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}

// wait polls js until it is true.
func (b *browser) wait(js string, d time.Duration) error {
	end := time.Now().Add(d)
	for {
		ok, err := eval[bool](b, "(() => { try { return !!("+js+"); } catch (e) { return false; } })()")
		if err == nil && ok {
			return nil
		}
		if time.Now().After(end) {
			return fmt.Errorf("timed out after %v waiting for %s", d, js)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	return chromedp.Do(ctx, actions...)
}

const (
	jsW = `document.querySelector("#warmdesk iframe").contentDocument`
	jsE = `window.demoEvents`
)

// hostileDocument adds to the library doc an intent whose every text is
// a payload: its title and category, and one reply per payload with it
// in the title and the body.
func hostileDocument(doc []byte) ([]byte, int, error) {
	var lib map[string]any
	if err := json.Unmarshal(doc, &lib); err != nil {
		return nil, 0, err
	}
	intents, _ := lib["intents"].([]any)
	var replies []any
	for i, p := range payloads {
		if strings.Contains(p, "{{") {
			continue // the library's validation refuses it as a placeholder
		}
		replies = append(replies, map[string]any{
			"id": "gift.wrap.p" + strconv.Itoa(i), "title": "Gift wrap " + p,
			"body": "Gift wrapping is free. " + p + " We add a card.",
		})
	}
	intents = append(intents, map[string]any{
		"id": "gift.wrap", "title": "Gift wrapping " + payloads[1], "category": "Orders " + payloads[2],
		"phrasings": []any{"can you gift wrap my order", "do you offer gift wrapping", "please wrap it as a present",
			"is gift wrap available", "I want the parcel gift wrapped"},
		"replies": replies,
	})
	lib["intents"] = intents
	out, err := json.Marshal(lib)
	return out, 2 + 2*len(replies), err
}

// xss publishes the hostile library, then sends every payload as ticket
// text and a customer's name to the widget in the demo, and opens the
// studio's pages that show the hostile intent.
func (t *target) xss(admin *session) result {
	r := result{}
	fail := func(format string, args ...any) result {
		r.failed++
		r.note = fmt.Sprintf(format, args...)
		return r
	}
	head, err := admin.head()
	if err != nil {
		return fail("%v", err)
	}
	doc, places, err := hostileDocument(head.Document)
	if err != nil {
		return fail("%v", err)
	}
	id, st, err := admin.save(head.ID, doc, "hostile texts")
	if err != nil || st != 201 {
		return fail("saving the hostile library: HTTP %d %v", st, err)
	}
	if st, err := admin.publish(id); err != nil || st != 204 && st != 200 {
		return fail("publishing it: HTTP %d %v", st, err)
	}
	b, err := t.browser()
	if err != nil {
		return fail("%v", err)
	}
	defer b.cancel()
	if err := b.do(chromedp.Navigate(t.base + "/demo")); err != nil {
		return fail("%v", err)
	}
	if err := b.wait(jsW+`.querySelectorAll("#wd-list [role=option]").length >= 1`, 90*time.Second); err != nil {
		return fail("the demo's widget never showed suggestions: %v", err)
	}
	executed := func() int { n, _ := eval[int](b, `top.__xss || 0`); return n }
	for i, p := range payloads {
		js, _ := json.Marshal(p)
		ticket := fmt.Sprintf(`Warmdesk.setTicket({id: "X-%d", message: "can you gift wrap my order " + %s, customerName: %s})`, i, js, js)
		before := executed()
		if _, err := eval[any](b, "("+ticket+", true)"); err != nil {
			return fail("sending payload %d: %v", i, err)
		}
		err := b.wait(fmt.Sprintf(`%s.querySelector(".wd-ticket-id")?.textContent === "#X-%d"`, jsW, i), 10*time.Second)
		r.tried += 2
		if err != nil || executed() > before {
			r.failed += 2
			r.note = fmt.Sprintf("payload %d ran or stalled the widget: %.60q", i, p)
			continue
		}
		r.held += 2
	}
	// The widget drew the hostile replies (titles and bodies) for those
	// tickets; search them too.
	r.tried += places - 2
	if executed() == 0 {
		r.held += places - 2
	} else {
		r.failed += places - 2
	}
	// The studio's pages show the same texts.
	studioTried := 0
	if err := b.do(chromedp.Navigate(t.base + "/studio")); err == nil {
		if err := b.wait(`document.getElementById("st-name")`, 90*time.Second); err == nil {
			b.do(chromedp.SendKeys("#st-name", "ada"), chromedp.SendKeys("#st-password", password+kb.Enter))
			if err := b.wait(`location.pathname === "/studio" && document.querySelectorAll("#st-results .st-hit").length > 3`, 60*time.Second); err == nil {
				for _, path := range []string{"/studio", "/studio/revisions", "/studio/report", "/studio/usage"} {
					b.do(chromedp.Navigate(t.base + path))
					b.wait(`document.querySelector("#st-main")`, 30*time.Second)
					time.Sleep(1500 * time.Millisecond)
					studioTried++
				}
			}
		}
	}
	b.do(chromedp.Navigate(t.base + "/studio"))
	b.wait(`document.querySelectorAll("#st-results .st-hit").length > 3`, 30*time.Second)
	// Open the hostile intent's editor: its texts in inputs and previews.
	eval[bool](b, `(() => { const s = document.getElementById("st-search"); if (!s) return false; s.focus(); return true; })()`)
	b.do(chromedp.SendKeys("#st-search", "gift.wrap"))
	time.Sleep(time.Second)
	eval[bool](b, `(document.querySelector("#st-results .st-hit")?.click(), true)`)
	time.Sleep(2 * time.Second)
	studioTried++
	r.tried += places
	if studioTried < 5 {
		r.failed += places
		r.note = "the studio's pages did not open"
	} else if executed() > 0 {
		r.failed += places
		r.note = "a payload ran in the studio"
	} else {
		r.held += places
	}
	if v, _ := eval[[]string](b, `top.__csp || []`); len(v) > 0 {
		r.failed++
		r.note += fmt.Sprintf(" content security policy violations: %q", v)
	}
	if r.note == "" {
		r.note = fmt.Sprintf("%d payloads; ticket text and name, %d library texts, widget and 5 studio pages: 0 ran", len(payloads), places)
	}
	return r
}

// malformed are postMessage data the widget must refuse with bad_message.
var malformed = []string{
	`"{not json"`, `""`, `"null"`, `"[]"`, `"42"`, `"\"ticket\""`, `null`, `42`, `true`, `[]`, `[1,2,3]`, `{}`,
	`{warmdesk: 1}`, `{type: "ticket", message: "x"}`, `{warmdesk: 2, type: "ticket", message: "x"}`,
	`{warmdesk: "1", type: "ticket", message: "x"}`, `{warmdesk: 1, type: "bogus", message: "x"}`,
	`{warmdesk: 1, type: "ticket"}`, `{warmdesk: 1, type: "ticket", message: "   "}`,
	`{warmdesk: 1, type: "ticket", message: 42}`, `{warmdesk: 1, type: "ticket", message: ["a"]}`,
	`{warmdesk: 1, type: "ticket", message: {nested: [1, 2]}}`, `{warmdesk: 1, type: "ticket", message: null}`,
	`{warmdesk: 1, type: "ticket", message: "x", evil: true}`, `{warmdesk: 1, type: "ticket", message: "x", text: "y"}`,
	`{warmdesk: 1, type: "ticket", message: "x", ticket_id: 7}`, `{warmdesk: 1, type: "ticket", message: "x", customer_name: {}}`,
	`{warmdesk: 1, type: "ticket", message: "x".repeat(300000)}`, `"{\"warmdesk\":1,\"type\":\"ticket\",\"message\":\"" + "y".repeat(300000) + "\"}"`,
	`{warmdesk: 1, type: "ticket", message: "half \ud800 a pair"}`, `"{\"warmdesk\":1,\"type\":\"ticket\",\"message\":\"lone \ud800\"}"`,
	`"{\"warmdesk\":1,\"type\":\"ticket\",\"message\":\"x\"} {}"`, `"{\"warmdesk\":1,\"type\":\"ticket\",\"message\":\"x\",\"message\":1}"`,
	`{warmdesk: 1, type: "sent"}`, `{warmdesk: 1, type: "sent", text: "  "}`, `{warmdesk: 1, type: "sent", text: "hi", message: "x"}`,
	`(() => { const o = {warmdesk: 1, type: "ticket"}; o.message = o; return o; })()`, `{warmdesk: 1, type: "ticket", message: 10n}`,
	`new Date()`, `/regex/`, `new Map([["warmdesk", 1]])`, `new Uint8Array(8)`, `undefined`,
	`{warmdesk: 1, type: "ticket", message: "x", __proto__: {y: 1}, constructor: 1}`,
	`"\u0000{\"warmdesk\":1}"`, `"{\"warmdesk\":1e1000,\"type\":\"ticket\",\"message\":\"x\"}"`,
}

// postMessages sends each malformed message to the widget and waits for
// its bad_message event; then a real ticket must still work.
func (t *target) postMessages() result {
	r := result{}
	b, err := t.browser()
	if err != nil {
		return result{failed: 1, note: err.Error()}
	}
	defer b.cancel()
	if err := b.do(chromedp.Navigate(t.base + "/demo")); err != nil {
		return result{failed: 1, note: err.Error()}
	}
	if err := b.wait(jsW+`.querySelectorAll("#wd-list [role=option]").length >= 1`, 90*time.Second); err != nil {
		return result{failed: 1, note: "the demo's widget never showed suggestions"}
	}
	count := `window.demoEvents.filter(e => e.type === "error" && e.error && e.error.code === "bad_message").length`
	var notes []string
	for i, m := range malformed {
		before, _ := eval[int](b, count)
		_, err := eval[any](b, `(Warmdesk.frame().contentWindow.postMessage(`+m+`, location.origin), true)`)
		r.tried++
		if err == nil {
			err = b.wait(fmt.Sprintf("%s >= %d", count, before+1), 5*time.Second)
		}
		if err != nil {
			r.failed++
			notes = append(notes, fmt.Sprintf("#%d %.40s", i, m))
			continue
		}
		r.held++
	}
	// The widget still works.
	r.tried++
	eval[any](b, `(Warmdesk.setTicket({id: "OK-1", message: "where is my parcel, it has not arrived"}), true)`)
	if err := b.wait(jsW+`.querySelector(".wd-ticket-id")?.textContent === "#OK-1" && `+jsW+`.querySelectorAll("#wd-list [role=option]").length >= 1`, 10*time.Second); err != nil {
		r.failed++
		notes = append(notes, "the widget stopped working")
	} else {
		r.held++
	}
	r.note = fmt.Sprintf("%d malformed messages, each answered with bad_message; the widget then still suggests", len(malformed))
	if len(notes) > 0 {
		r.note = "not refused: " + strings.Join(notes, "; ")
	}
	return r
}

package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/internal/studio"
)

// The helpdesk apps' browser tests. Each app page runs inside a fake
// helpdesk page of another origin that answers exactly as the vendor's
// host does for the vendor's own SDK code (Zendesk's ZAF SDK and Front's
// plugin SDK from npm, installed by scripts/test-deps.sh; Chatwoot has no
// SDK). Three origins take part: the Warmdesk server (app page and
// widget), the helpdesk, and a foreign page that tries to talk to the
// app and the widget. Zendesk's SDK comes, as in production, from
// https://static.zdassets.com, which the browser resolves to a local TLS
// server holding the npm copy.

// zafSDKPath is where Zendesk serves ZAF v2 (web/apps/zendesk/index.html).
const zafSDKPath = "/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js"

// npmFile reads a file of an npm package installed into .tools/.
func npmFile(t *testing.T, pkg, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, ".tools", "node_modules", pkg, name))
	if err != nil {
		t.Fatalf("%s is not installed: run scripts/test-deps.sh (%v)", pkg, err)
	}
	return b
}

// zafBundle makes the npm package's CommonJS files (lib/) one browser
// script defining window.ZAFClient, as Zendesk's build does for its CDN.
func zafBundle(t *testing.T) []byte {
	var b strings.Builder
	b.WriteString("(function () {\nvar defs = {}, cache = {};\n")
	for _, name := range []string{"index", "client", "utils", "vendor/native-promise-only"} {
		src := npmFile(t, "zendesk_app_framework_sdk", "lib/"+name+".js")
		fmt.Fprintf(&b, "defs[%q] = function (module, exports, require) {\n%s\n};\n", "./"+name, src)
	}
	b.WriteString(`function req(name) {
  if (!cache[name]) { var m = {exports: {}}; cache[name] = m; defs[name](m, m.exports, req); }
  return cache[name].exports;
}
window.ZAFClient = req("./index");
})();
`)
	return []byte(b.String())
}

// appsBrowser is Chromium with every frame in one renderer, so the test
// can reach into the app page's frame (frameEval), and with Zendesk's CDN
// host resolved to cdn.
func appsBrowser(t *testing.T, exe string, cdn *httptest.Server) *browser {
	u, _ := url.Parse(cdn.URL)
	return newBrowser(t, exe,
		chromedp.Flag("disable-site-isolation-trials", true),
		chromedp.Flag("disable-features", "IsolateOrigins,site-per-process"),
		chromedp.Flag("host-resolver-rules", "MAP static.zdassets.com "+u.Host),
		chromedp.Flag("ignore-certificate-errors", true), // the local CDN's certificate names 127.0.0.1
		chromedp.WindowSize(1280, 800),
	)
}

var errNoFrame = errors.New("no such frame yet")

// frameEval runs js (an expression, awaited) in the frame whose URL
// starts with prefix, in an isolated world: it sees the frame's DOM (and
// its same-origin child frames' documents) but none of its scripts'
// variables, so what it reads is what the agent sees.
func frameEval[T any](b *browser, prefix, js string) (T, error) {
	var v T
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return v, err
	}
	id := findFrame(tree.FrameTree, prefix)
	if id == "" {
		return v, errNoFrame
	}
	world, err := chromedp.Call(ctx, page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{FrameID: id, WorldName: "warmdesk-test"})
	if err != nil {
		return v, err
	}
	return chromedp.Run(ctx, chromedp.Evaluate[T]("(async () => ("+js+"))()", chromedp.EvalAwaitPromise,
		func(p *runtime.EvaluateParams) { p.ContextID = world.ExecutionContextID }))
}

func findFrame(t *page.FrameTree, prefix string) cdp.FrameID {
	if t == nil || t.Frame == nil {
		return ""
	}
	if strings.HasPrefix(t.Frame.URL, prefix) {
		return t.Frame.ID
	}
	for _, c := range t.ChildFrames {
		if id := findFrame(c, prefix); id != "" {
			return id
		}
	}
	return ""
}

// frameWait polls js in the frame until it is true.
func frameWait(b *browser, what, prefix, js string, timeout time.Duration) {
	b.t.Helper()
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		ok, err := frameEval[bool](b, prefix, "!!("+js+")")
		if ok && err == nil {
			return
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	state, _ := frameEval[string](b, prefix, `JSON.stringify({status: document.getElementById("wd-app-status")?.textContent,
		widget: document.querySelector("#warmdesk iframe")?.contentDocument?.body?.innerText?.slice(0, 400)})`)
	b.t.Fatalf("timed out after %v waiting for %s (last error %v); app frame: %s; console: %q", timeout, what, last, state, b.consoleLines("warmdesk"))
}

func mustFrame[T any](b *browser, prefix, js string) T {
	b.t.Helper()
	v, err := frameEval[T](b, prefix, js)
	if err != nil {
		b.t.Fatalf("evaluating %.80q in %s: %v", js, prefix, err)
	}
	return v
}

// In the app frame: the widget's document.
const jsAppW = `document.querySelector("#warmdesk iframe").contentDocument`

// helpdeskPage is a fake helpdesk page: a ticket pane and a sidebar that
// frames the app page, and the script that plays the vendor's host.
func helpdeskPage(title, frame, script string) string {
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>` + html.EscapeString(title) + `</title>
<style>
body { margin: 0; font: 14px/1.45 system-ui, sans-serif; display: grid; grid-template-columns: 1fr 380px; height: 100vh; background: #f3f4f6; color: #111827; }
main { padding: 20px 28px; overflow: auto; } aside { border-left: 1px solid #d1d5db; background: #fff; display: flex; flex-direction: column; }
aside h2 { margin: 0; padding: 10px 14px; font-size: 13px; border-bottom: 1px solid #e5e7eb; color: #374151; }
aside iframe { flex: 1; width: 100%; border: 0; } .msg { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 12px 14px; margin: 10px 0; white-space: pre-wrap; }
.who { font-weight: 600; } #composer { width: 100%; min-height: 140px; border: 1px solid #d1d5db; border-radius: 8px; padding: 10px; box-sizing: border-box; white-space: pre-wrap; background: #fff; }
</style></head><body><main><h1 id="subject"></h1><div id="thread"></div><h3>Reply</h3><div id="composer"></div></main>
<aside><h2>Apps · Warmdesk</h2>` + frame + `</aside><script>
// The helpdesk frames its app once a ticket is open.
function open() { const f = document.getElementById("app"); if (!f.src) f.src = f.dataset.src; }
window.addEventListener("message", (ev) => { if (ev.data === "forged-done") window.forged = (window.forged || 0) + 1; });
</script><script>` + script + `</script></body></html>`
}

// The fake helpdesks' scripts. Each keeps what the app asked in
// window.calls, and lets the test change the ticket with window.setTicket.
const zendeskHost = `
const frame = document.getElementById("app");
const appOrigin = new URL(frame.dataset.src).origin;
window.calls = []; window.subs = {}; window.replies = [];
let data = {};
function render() {
  document.getElementById("subject").textContent = "Ticket #" + data["ticket.id"];
  const th = document.getElementById("thread"); th.textContent = "";
  for (const c of data["ticket.conversation"]) { const d = document.createElement("div"); d.className = "msg";
    const w = document.createElement("div"); w.className = "who"; w.textContent = c.author.name; d.append(w, document.createTextNode(new DOMParser().parseFromString(c.message.content, "text/html").body.textContent)); th.append(d); }
}
window.setTicket = (d) => { data = d; render(); open(); };
window.lastData = () => data;
function post(m) { frame.contentWindow.postMessage(JSON.stringify(m), appOrigin); }
window.fire = (name, message) => post({key: "zaf." + name, message: message || {}});
window.hook = (name) => post({key: "zaf." + name, needsReply: true});
// submit plays the agent submitting the composer's text plus extra: the
// save hook (which waits for the app's reply), then the done event.
window.submit = async (extra) => {
  data["comment.text"] = document.getElementById("composer").innerHTML + extra;
  data["comment.type"] = "publicReply";
  const n = window.replies.length;
  hook("ticket.save");
  for (let i = 0; i < 100 && window.replies.length === n; i++) await new Promise((r) => setTimeout(r, 50));
  if (window.replies.length === n) return false;
  fire("ticket.submit.done");
  return true;
};
window.addEventListener("message", (ev) => {
  if (ev.source !== frame.contentWindow || ev.origin !== appOrigin) return;
  const m = typeof ev.data === "string" ? JSON.parse(ev.data) : ev.data;
  if (m.key === "iframe.handshake") {
    post({key: "zaf.app.registered", message: {context: {product: "support", location: "ticket_sidebar", ticketId: data["ticket.id"], instanceGuid: m.instanceGuid}, metadata: {appId: 1, installationId: 1}}});
  } else if (m.key && m.key.startsWith("iframe.on:")) {
    window.subs[m.key.slice(10)] = m.message.subscriberCount;
  } else if (m.key && m.key.startsWith("iframe.reply:")) {
    window.replies.push(m.key.slice(13));
  } else if (m.request === "get") {
    window.calls.push({get: m.params});
    const result = {}, errors = {};
    for (const p of m.params) { if (p in data) result[p] = data[p]; else errors[p] = {message: "unknown path"}; }
    result.errors = errors;
    post({id: m.id, result: result});
  } else if (m.request === "invoke") {
    window.calls.push({invoke: m.params});
    const k = Object.keys(m.params)[0];
    if (k === "ticket.editor.insert") document.getElementById("composer").innerHTML += m.params[k][0];
    if (k === "comment.appendText") document.getElementById("composer").textContent += m.params[k][0];
    post({id: m.id, result: {}});
  }
});
`

const frontHost = `
const frame = document.getElementById("app");
window.calls = []; window.handshakes = 0;
let port = null, conv = null, teammate = null, messages = [];
function render() {
  document.getElementById("subject").textContent = conv.subject;
  const th = document.getElementById("thread"); th.textContent = "";
  for (const m of messages) { const d = document.createElement("div"); d.className = "msg";
    const w = document.createElement("div"); w.className = "who"; w.textContent = m.from.name; d.append(w, document.createTextNode(new DOMParser().parseFromString(m.content.body, "text/html").body.textContent)); th.append(d); }
}
window.setTicket = (c, ms, tm) => { conv = c; messages = ms; teammate = tm; render(); open(); sendContext(); };
let ctxN = 0;
function sendContext() {
  if (!port) return;
  port.postMessage({type: "context_update", context: {id: "ctx-" + (++ctxN), type: "singleConversation", entryPointId: "ep", hostId: "h",
    functionArities: {listMessages: 2, createDraft: 2, updateDraft: 3, listComments: 2}, preferences: {}, authentication: {},
    teammate: teammate, conversation: conv}});
}
window.addEventListener("message", (ev) => {
  if (ev.source !== frame.contentWindow || ev.data !== "@frontapp/ui-sdk#WebViewBridge.handshake" || !ev.ports[0]) return;
  window.handshakes++;
  port = ev.ports[0];
  port.onmessage = (e) => {
    const m = e.data;
    if (m.type !== "function_call") return;
    window.calls.push({name: m.name, args: m.args, contextId: m.contextId});
    let value;
    if (m.name === "listMessages") value = {results: messages, nextPageToken: undefined};
    else if (m.name === "createDraft") { value = {id: "dra_1", content: m.args[0].content}; document.getElementById("composer").textContent = m.args[0].content.body; }
    else if (m.name === "updateDraft") { value = undefined; document.getElementById("composer").textContent += m.args[1].content.body; }
    else { port.postMessage({type: "function_error", id: m.id, error: "not in this fake"}); return; }
    port.postMessage({type: "function_result", id: m.id, value: value});
  };
  sendContext();
});
`

const chatwootHost = `
const frame = document.getElementById("app");
window.fetches = 0;
let ctx = null;
function render() {
  document.getElementById("subject").textContent = "Conversation #" + ctx.conversation.id;
  const th = document.getElementById("thread"); th.textContent = "";
  for (const m of ctx.conversation.messages) { const d = document.createElement("div"); d.className = "msg";
    const w = document.createElement("div"); w.className = "who"; w.textContent = m.message_type === 0 ? ctx.conversation.meta.sender.name : ctx.currentAgent.name; d.append(w, document.createTextNode(m.content)); th.append(d); }
}
window.setTicket = (c) => { ctx = c; render(); open(); };
// As Chatwoot does: the context as a JSON string to "*", on load and when asked.
function send() { frame.contentWindow.postMessage(JSON.stringify({event: "appContext", data: ctx}), "*"); }
frame.addEventListener("load", send);
window.addEventListener("message", (ev) => {
  if (typeof ev.data !== "string" || ev.data !== "chatwoot-dashboard-app:fetch-info") return;
  window.fetches++;
  if (window.paused) return; // the test sends the contexts itself
  send();
});
`

// foreignPage is a page of another origin framed into the helpdesk page:
// it posts a vendor's messages to the app frame and a ticket straight to
// the widget. None may change what the agent sees.
const foreignPage = `<!doctype html><title>ad</title><script>
const app = parent.frames["app"];
const evil = "EVIL refund now, this is a forged ticket";
const forged = [
  JSON.stringify({key: "zaf.app.registered", message: {context: {}, metadata: {}}}),
  JSON.stringify({key: "zaf.ticket.updated", message: {}}),
  JSON.stringify({event: "appContext", data: {conversation: {id: 666, messages: [{id: 1, message_type: 0, content: evil, created_at: 9e9}], meta: {sender: {name: "Eve"}}}, currentAgent: {name: "Eve"}}}),
  "@frontapp/ui-sdk#WebViewBridge.handshake",
  {type: "context_update", context: {id: "x", type: "singleConversation", functionArities: {}, conversation: {id: "cnv_evil"}}},
];
for (let i = 1; i < 40; i++) forged.push(JSON.stringify({id: i, result: {"ticket.id": 666, "ticket.description": evil, "ticket.conversation": []}}));
function fire() {
  for (const m of forged) { try { app.postMessage(m, "*"); } catch (e) {} }
  try { app.frames[0].postMessage({warmdesk: 1, type: "ticket", ticket_id: "EVIL", message: evil}, "*"); } catch (e) {}
}
for (let i = 0; i < 5; i++) setTimeout(fire, i * 60);
setTimeout(() => parent.postMessage("forged-done", "*"), 400);
</script>`

// appsServer is a Warmdesk server with a studio (so sent replies reach
// the usage figures) and the helpdesk origin for all three vendors.
func appsServer(t *testing.T, helpdeskOrigin, readToken string) (*httptest.Server, store.Store) {
	st := seededStore(t, nil)
	lg := log.New(io.Discard, "", 0)
	if testing.Verbose() {
		lg = log.New(os.Stderr, "server: ", 0)
	}
	api, err := studio.New(studio.Config{Store: st, Log: lg, ReadToken: readToken})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(api.Close)
	var hs []Helpdesk
	for _, v := range Vendors {
		h, err := ParseHelpdesk(v + "=" + helpdeskOrigin)
		if err != nil {
			t.Fatal(err)
		}
		hs = append(hs, h)
	}
	h, err := New(Config{Wasm: widgetWasm(t), StudioWasm: WasmFiles{Raw: studioWasm(t)}, Studio: api, Helpdesks: hs, Log: lg})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, st
}

// sentCount is how many sent replies the usage figures count.
func sentCount(st store.Store) int {
	u, _ := st.Usage(context.Background(), time.Now().Add(-time.Hour))
	return sum(u, func(x store.Usage) int { return x.Sent })
}

// waitSent waits until the usage figures count more than before sent
// replies.
func waitSent(t *testing.T, st store.Store, before int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if sentCount(st) > before {
			// The sent text was the inserted reply with a line added: a
			// small edit. A large one means the app reported other text.
			u, _ := st.Usage(context.Background(), time.Now().Add(-time.Hour))
			for _, r := range u {
				if r.Sent > 0 && (r.MeanEdit <= 0 || r.MeanEdit > 0.3) {
					t.Errorf("reply %s: mean edit %.2f of the sent text, want a small one", r.ReplyID, r.MeanEdit)
				}
			}
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("no sent reply reached the usage figures (still %d)", sentCount(st))
}

// insertWithEnter focuses the widget's list in the app frame and presses
// Enter (again on the confirmation, when blanks are left); it returns the
// draft the agent saw.
func insertWithEnter(t *testing.T, b *browser, app string) string {
	t.Helper()
	frameWait(b, "the draft", app, jsAppW+`.getElementById("wd-draft")?.value`, answerWait)
	want := ""
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(150 * time.Millisecond) {
		v := mustFrame[string](b, app, jsAppW+`.getElementById("wd-draft").value`)
		if v != "" && v == want {
			break
		}
		want = v
	}
	// Count the widget's insert messages as the app page receives them
	// (an isolated world's listener sees the page's events too).
	mustFrame[bool](b, app, `(() => { const d = document.documentElement; if (d.dataset.inserts) return true; d.dataset.inserts = "0";
		window.addEventListener("message", (ev) => { const m = ev.data; if (ev.source === document.querySelector("#warmdesk iframe").contentWindow && m && m.type === "insert") d.dataset.inserts = String(+d.dataset.inserts + 1); });
		return true; })()`)
	n := mustFrame[string](b, app, `document.documentElement.dataset.inserts`)
	mustFrame[bool](b, app, `(document.querySelector("#warmdesk iframe").contentWindow.focus(), `+jsAppW+`.getElementById("wd-list").focus(), true)`)
	b.keys(kb.Enter)
	frameWait(b, "the insert or a confirmation", app, `document.documentElement.dataset.inserts !== `+jsonString(n)+` || `+jsAppW+`.getElementById("wd-confirm")`, answerWait)
	if mustFrame[bool](b, app, `document.documentElement.dataset.inserts === `+jsonString(n)+` && !!`+jsAppW+`.getElementById("wd-confirm")`) {
		frameWait(b, "the confirm button to have the focus", app, jsAppW+`.activeElement?.id === "wd-confirm"`, answerWait)
		b.keys(kb.Enter)
	}
	return want
}

func TestAppsBrowser(t *testing.T) {
	exe := chromium(t)
	zaf := zafBundle(t)
	start := time.Now()

	cdn := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != zafSDKPath {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/javascript")
		w.Write(zaf)
	}))
	defer cdn.Close()
	cdn.Config.ErrorLog = log.New(io.Discard, "", 0) // the browser's first TLS attempts may be refused

	// The helpdesk: localhost, another origin than the server's 127.0.0.1.
	var helpdesk, foreign *httptest.Server
	var srvURL string
	mux := http.NewServeMux()
	helpdesk = httptest.NewServer(mux)
	defer helpdesk.Close()
	helpdesk.URL = strings.Replace(helpdesk.URL, "127.0.0.1", "localhost", 1)
	srv, st := appsServer(t, helpdesk.URL, "")
	srvURL = srv.URL
	foreign = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, foreignPage) }))
	defer foreign.Close()
	foreignURL := strings.Replace(foreign.URL, "127.0.0.1", "localhost", 1)

	page := func(path, title, frame, script string) {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, helpdeskPage(title, frame, script))
		})
	}
	zdApp := srvURL + "/apps/zendesk/"
	page("/zendesk", "Zendesk (fake)", `<iframe id="app" name="app" title="Warmdesk" data-src="`+zdApp+`?origin=`+url.QueryEscape(helpdesk.URL)+`&app_guid=g-1"></iframe>`, zendeskHost)
	frApp := srvURL + "/apps/front/"
	page("/front", "Front (fake)", `<iframe id="app" name="app" title="Warmdesk" sandbox="allow-scripts allow-same-origin allow-popups allow-forms" data-src="`+frApp+`"></iframe>`, frontHost)
	cwApp := srvURL + "/apps/chatwoot/"
	page("/chatwoot", "Chatwoot (fake)", `<iframe id="app" name="app" title="Warmdesk" data-src="`+cwApp+`"></iframe>`, chatwootHost)
	// A frame of the helpdesk's own origin beside the app: the right
	// origin, but not the app's parent.
	mux.HandleFunc("GET /sibling", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, foreignPage) })

	b := appsBrowser(t, exe, cdn)
	// forge frames a page that posts forged messages, and waits until it
	// has sent them all.
	forge := func(t *testing.T, src string) {
		n := eval[int](b, `window.forged || 0`)
		eval[bool](b, `(() => { const f = document.createElement("iframe"); f.id = "forger"; f.src = `+jsonString(src)+`; document.body.appendChild(f); return true; })()`)
		b.wait("the forged messages", fmt.Sprintf(`(window.forged || 0) > %d`, n), 10*time.Second)
		eval[bool](b, `(document.getElementById("forger").remove(), true)`)
	}
	// watchWidget notes, in the widget's frame, every ticket the app page
	// sends it. The app handles messages in the order they come, so once a
	// ticket sent after the forged messages has arrived (noEvil's want),
	// any forged one the app took would have arrived before it.
	watchWidget := func(t *testing.T) {
		t.Helper()
		mustFrame[bool](b, srvURL+"/widget", `(() => { const d = document.documentElement; d.dataset.tickets = "";
			window.addEventListener("message", (ev) => { const m = ev.data; if (ev.source === window.parent && m && m.type === "ticket") d.dataset.tickets += m.message + "\n"; });
			return true; })()`)
	}
	noEvil := func(t *testing.T, app, want string) {
		t.Helper()
		frameWait(b, "the ticket sent after the forged messages", app, jsAppW+`.documentElement.dataset.tickets.includes(`+jsonString(want)+`)`, 15*time.Second)
		frameWait(b, "the widget to show it", app, jsAppW+`.querySelector(".wd-msg")?.textContent.includes(`+jsonString(want)+`)`, answerWait)
		if got := mustFrame[string](b, app, jsAppW+`.documentElement.dataset.tickets`); strings.Contains(got, "EVIL") {
			t.Errorf("the app page passed a forged ticket to the widget: %q", got)
		}
	}

	t.Run("Zendesk", func(t *testing.T) {
		b.t = t
		ticket := func(id int, requester, email, message string) string {
			return fmt.Sprintf(`(setTicket({"ticket.id": %d, "ticket.requester.id": 7%d, "ticket.requester.name": %s, "ticket.requester.email": %s,
				"ticket.description": "first message", "currentUser.name": "Sam Rivera", "currentUser.locale": "en-GB", "comment.useRichText": true,
				"ticket.conversation": [
					{author: {id: 7%d, name: %s, role: "end-user"}, channel: {name: "email"}, message: {content: "<p>Hello, an old question.</p>", contentType: "text/html"}, timestamp: "2026-12-01T09:00:00Z"},
					{author: {id: 99, name: "Sam Rivera", role: "agent"}, channel: {name: "web"}, message: {content: "<p>Looking into it.</p>", contentType: "text/html"}, timestamp: "2026-12-01T09:05:00Z"},
					{author: {id: 7%d, name: %s, role: "end-user"}, channel: {name: "email"}, message: {content: %s, contentType: "text/html"}, timestamp: "2026-12-01T10:00:00Z"}]}), true)`,
				id, id, jsonString(requester), jsonString(email), id, jsonString(requester), id, jsonString(requester), jsonString("<p>"+html.EscapeString(message)+"</p>"))
		}
		b.do(chromedp.Navigate(helpdesk.URL + "/zendesk"))
		eval[bool](b, ticket(1042, "Dana Whitfield", "dana@example.com", "Hi, this is the third time I've asked. Order 48213 was supposed to arrive on Monday & the tracking page hasn't changed. Where is my package?"))
		frameWait(b, "the widget's suggestions", zdApp, jsAppW+`?.querySelectorAll("#wd-list [role=option]").length >= 1`, 90*time.Second)
		t.Logf("Zendesk app ready after %v", time.Since(start).Round(time.Millisecond))

		if got := mustFrame[string](b, zdApp, jsAppW+`.querySelector(".wd-msg").textContent`); !strings.Contains(got, "third time I've asked") || !strings.Contains(got, "Monday & the") {
			t.Errorf("the widget shows %q, want the requester's newest message as text", got)
		}
		subs := eval[map[string]int](b, `window.subs`)
		for _, ev := range []string{"ticket.updated", "ticket.save", "ticket.submit.done"} {
			if subs[ev] < 1 {
				t.Errorf("the app did not subscribe to %s (subscriptions %v)", ev, subs)
			}
		}
		sent := sentCount(st)
		draft := insertWithEnter(t, b, zdApp)
		if !strings.Contains(draft, "Dana") || !strings.Contains(draft, "Sam") {
			t.Errorf("the draft does not greet Dana and sign as Sam: %q", draft)
		}
		b.wait("Zendesk to receive the insert", `window.calls.some(c => c.invoke)`, answerWait)
		inv := eval[[]map[string][]string](b, `window.calls.filter(c => c.invoke).map(c => c.invoke)`)
		if want := textToHTMLOracle(draft); len(inv) != 1 || len(inv[0]["ticket.editor.insert"]) != 1 || inv[0]["ticket.editor.insert"][0] != want {
			t.Errorf("Zendesk got invoke %q\nwant ticket.editor.insert %q", inv, want)
		}
		if got := eval[string](b, `document.getElementById("composer").innerText`); !strings.Contains(got, "Dana") {
			t.Errorf("the composer shows %q", got)
		}
		if got := mustFrame[string](b, zdApp, jsAppW+`.getElementById("wd-insert").textContent`); got != "Insert reply" {
			t.Errorf("the widget's button says %q", got)
		}
		if *updateScreenshot {
			eval[bool](b, `(document.activeElement.blur(), true)`)
			b.screenshot("helpdesk-zendesk.png")
		}

		// The agent submits the reply with a line added: Zendesk runs the
		// save hook, the app reads the comment, the save succeeds, and the
		// widget reports how much was changed.
		if !eval[bool](b, `submit("<p>Talk soon, Sam</p>")`) {
			t.Fatal("the app did not answer Zendesk's ticket.save hook")
		}
		waitSent(t, st, sent)

		// Another requester writes on the ticket: Zendesk says it was
		// updated, and the widget shows it without reloading.
		mustFrame[bool](b, zdApp, `(document.documentElement.dataset.kept = "1", `+jsAppW+`.documentElement.dataset.kept = "1", true)`)
		gets := eval[int](b, `window.calls.filter(c => c.get).length`)
		eval[bool](b, ticket(1043, "Marco Bellini", "marco@example.org", "The blender I got yesterday arrived with a cracked jug. I'd like a refund please."))
		eval[bool](b, `(fire("ticket.updated"), true)`)
		frameWait(b, "the next ticket", zdApp, jsAppW+`.querySelector(".wd-msg")?.textContent.includes("cracked jug")`, 10*time.Second)
		frameWait(b, "a draft for Marco", zdApp, jsAppW+`.getElementById("wd-draft")?.value.includes("Marco")`, answerWait)
		if !mustFrame[bool](b, zdApp, `document.documentElement.dataset.kept === "1" && `+jsAppW+`.documentElement.dataset.kept === "1"`) {
			t.Error("the app page or the widget reloaded for the next ticket")
		}
		if n := eval[int](b, `window.calls.filter(c => c.get).length`); n != gets+1 {
			t.Errorf("the app read the ticket %d times for one update", n-gets)
		}

		// With the plain-text editor, the reply goes in as text.
		gets = eval[int](b, `window.calls.filter(c => c.get).length`)
		eval[bool](b, `(setTicket(Object.assign({}, window.lastData(), {"comment.useRichText": false})), fire("app.activated"), true)`)
		// The host has answered the app's read before the agent's key press:
		// the app takes the answer first (its messages arrive in order).
		b.wait("the app to read the ticket again", fmt.Sprintf(`window.calls.filter(c => c.get).length > %d`, gets), answerWait)
		draft = insertWithEnter(t, b, zdApp)
		b.wait("Zendesk to receive the second insert", `window.calls.filter(c => c.invoke).length === 2`, answerWait)
		inv = eval[[]map[string][]string](b, `window.calls.filter(c => c.invoke).map(c => c.invoke)`)
		if got := inv[1]["comment.appendText"]; len(got) != 1 || got[0] != draft || !strings.Contains(draft, "Marco") {
			t.Errorf("Zendesk got invoke %q\nwant comment.appendText %q", inv[1], draft)
		}

		// Forged messages from another origin and from a frame of the
		// helpdesk's origin that is not the parent.
		gets = eval[int](b, `window.calls.filter(c => c.get).length`)
		watchWidget(t)
		forge(t, foreignURL)
		forge(t, helpdesk.URL+"/sibling")
		if n := eval[int](b, `window.calls.filter(c => c.get).length`); n != gets {
			t.Errorf("forged events made the app read the ticket %d times", n-gets)
		}
		eval[bool](b, ticket(1044, "Aiko Tanaka", "aiko@example.net", "I forgot my password and the reset email never arrives."))
		eval[bool](b, `(fire("ticket.updated"), true)`)
		noEvil(t, zdApp, "reset email never arrives")
	})

	t.Run("ZendeskRefusesAnotherAccount", func(t *testing.T) {
		b.t = t
		// Opened with another account's origin in the URL (a page that
		// frames it anyway would be stopped by frame-ancestors first).
		b.do(chromedp.Navigate(zdApp + "?origin=" + url.QueryEscape("https://evil.zendesk.com") + "&app_guid=g-2"))
		b.wait("the refusal", `document.getElementById("wd-app-status")?.textContent.includes("works inside Zendesk only")`, 10*time.Second)
	})

	t.Run("Front", func(t *testing.T) {
		b.t = t
		conv := func(id, subject, name, email, message string, extra string) string {
			return fmt.Sprintf(`(setTicket({id: %s, type: "email", status: "open", subject: %s, blurb: "", recipient: {handle: %s, name: %s, type: "email"},
				inboxes: [], tags: [], topics: [], links: [], draftId: undefined},
				[{id: %s, subject: %s, date: new Date("2026-12-01T09:00:00Z"), status: "inbound", from: {handle: %s, name: %s, type: "email"}, to: [], content: {body: "<p>An older question.</p>", type: "html", attachments: []}},
				 {id: %s, subject: %s, date: new Date("2026-12-01T10:00:00Z"), status: "inbound", from: {handle: %s, name: %s, type: "email"}, to: [], content: {body: %s, type: "html", attachments: []}}%s],
				{id: "tea_1", name: "Sam Rivera", username: "sam", email: "sam@example.com"}), true)`,
				jsonString(id), jsonString(subject), jsonString(email), jsonString(name),
				jsonString(id+"-m1"), jsonString(subject), jsonString(email), jsonString(name),
				jsonString(id+"-m2"), jsonString(subject), jsonString(email), jsonString(name), jsonString("<div>"+html.EscapeString(message)+"</div>"), extra)
		}
		b.do(chromedp.Navigate(helpdesk.URL + "/front"))
		dana := conv("cnv_1", "Where is my order?", "Dana Whitfield", "dana@example.com", "Order 48213 was supposed to arrive on Monday and the tracking page hasn't changed. Where is my package?", "")
		eval[bool](b, dana)
		frameWait(b, "the widget's suggestions", frApp, jsAppW+`?.querySelectorAll("#wd-list [role=option]").length >= 1`, 60*time.Second)
		if n := eval[int](b, `window.handshakes`); n != 1 {
			t.Errorf("%d handshakes, want 1", n)
		}
		if got := mustFrame[string](b, frApp, jsAppW+`.querySelector(".wd-msg").textContent`); !strings.Contains(got, "Order 48213 was supposed") {
			t.Errorf("the widget shows %q", got)
		}
		sent := sentCount(st)
		draft := insertWithEnter(t, b, frApp)
		if !strings.Contains(draft, "Dana") || !strings.Contains(draft, "Sam") {
			t.Errorf("the draft does not greet Dana and sign as Sam: %q", draft)
		}
		b.wait("Front to receive the draft", `window.calls.some(c => c.name === "createDraft")`, answerWait)
		raw := eval[[]byte](b, `window.calls.filter(c => c.name === "createDraft").map(c => c.args)`)
		var calls [][]struct {
			Content struct {
				Body, Type string
			} `json:"content"`
			ReplyOptions struct {
				Type              string
				OriginalMessageID string `json:"originalMessageId"`
			} `json:"replyOptions"`
		}
		if err := json.Unmarshal(raw, &calls); err != nil {
			t.Fatal(err)
		}
		if len(calls) != 1 || len(calls[0]) != 1 || calls[0][0].Content.Body != draft || calls[0][0].Content.Type != "text" || calls[0][0].ReplyOptions.OriginalMessageID != "cnv_1-m2" {
			t.Errorf("Front got createDraft %s\nwant the draft %q as text, replying to cnv_1-m2", raw, draft)
		}
		if *updateScreenshot {
			eval[bool](b, `(document.activeElement.blur(), true)`)
			b.screenshot("helpdesk-front.png")
		}

		// The agent sends it, edited: the conversation's next context has
		// an outbound message, which the widget measures.
		sentMsg := `, {id: "cnv_1-m3", subject: "", date: new Date("2026-12-01T10:30:00Z"), status: "outbound", from: {handle: "sam@example.com", name: "Sam Rivera", type: "email"}, to: [], content: {body: ` +
			jsonString(strings.ReplaceAll(html.EscapeString(draft), "\n", "<br>")+"<br>Talk soon") + `, type: "html", attachments: []}}`
		eval[bool](b, conv("cnv_1", "Where is my order?", "Dana Whitfield", "dana@example.com", "Order 48213 was supposed to arrive on Monday and the tracking page hasn't changed. Where is my package?", sentMsg))
		waitSent(t, st, sent)

		// The agent opens another conversation.
		mustFrame[bool](b, frApp, `(document.documentElement.dataset.kept = "1", `+jsAppW+`.documentElement.dataset.kept = "1", true)`)
		eval[bool](b, strings.Replace(conv("cnv_2", "Damaged blender", "Marco Bellini", "marco@example.org", "The blender I got yesterday arrived with a cracked jug. I'd like a refund please.", ""),
			"draftId: undefined", `draftId: "dra_9"`, 1))
		frameWait(b, "the next conversation", frApp, jsAppW+`.querySelector(".wd-msg")?.textContent.includes("cracked jug")`, 10*time.Second)
		frameWait(b, "a draft for Marco", frApp, jsAppW+`.getElementById("wd-draft")?.value.includes("Marco")`, answerWait)
		if !mustFrame[bool](b, frApp, `document.documentElement.dataset.kept === "1" && `+jsAppW+`.documentElement.dataset.kept === "1"`) {
			t.Error("the app page or the widget reloaded for the next conversation")
		}

		// The conversation has a draft already: the reply is added to it.
		draft = insertWithEnter(t, b, frApp)
		b.wait("Front to receive the update", `window.calls.some(c => c.name === "updateDraft")`, answerWait)
		upd := eval[[]byte](b, `window.calls.filter(c => c.name === "updateDraft").map(c => c.args)`)
		var ups [][]json.RawMessage
		if err := json.Unmarshal(upd, &ups); err != nil || len(ups) != 1 || len(ups[0]) != 2 ||
			string(ups[0][0]) != `"dra_9"` || !strings.Contains(string(ups[0][1]), `"updateMode":"insert"`) || !strings.Contains(string(ups[0][1]), jsonString(draft)) {
			t.Errorf("Front got updateDraft %s\nwant dra_9 with the draft %q inserted", upd, draft)
		}

		watchWidget(t)
		forge(t, foreignURL)
		forge(t, helpdesk.URL+"/sibling")
		eval[bool](b, conv("cnv_3", "Can't log in", "Aiko Tanaka", "aiko@example.net", "I forgot my password and the reset email never arrives.", ""))
		noEvil(t, frApp, "reset email never arrives")

		// Front's sandbox (allow-scripts allow-same-origin allow-popups
		// allow-forms) still lets the widget's frame run its service
		// worker and cache what it needs offline.
		frameWait(b, "the widget's service worker under Front's sandbox", frApp, `(async () => { const w = document.querySelector("#warmdesk iframe").contentWindow;
			const r = await w.navigator.serviceWorker.getRegistration(); if (!r || !r.active) return false;
			const ks = await w.caches.keys(); if (!ks.length) return false;
			const c = await w.caches.open(ks[0]); return !!(await c.match("/library.bin")); })()`, 60*time.Second)
	})

	t.Run("Chatwoot", func(t *testing.T) {
		b.t = t
		chat := func(id int, name, email, message, extra string) string {
			return fmt.Sprintf(`(setTicket({conversation: {id: %d, inbox_id: 1, status: "open", meta: {sender: {id: 5%d, name: %s, email: %s}, assignee: null},
				messages: [{id: %d1, content: "An older question.", message_type: 0, created_at: 1764580000, private: false},
				           {id: %d2, content: "Looking into it.", message_type: 1, created_at: 1764580300, private: false},
				           {id: %d3, content: "A note for the team", message_type: 1, created_at: 1764580400, private: true},
				           {id: %d4, content: %s, message_type: 0, created_at: 1764583600, private: false}%s]},
				contact: {id: 5%d, name: %s, email: %s}, currentAgent: {id: 9, name: "Sam Rivera", email: "sam@example.com"}}), true)`,
				id, id, jsonString(name), jsonString(email), id, id, id, id, jsonString(message), extra, id, jsonString(name), jsonString(email))
		}
		msg := "Order 48213 was supposed to arrive on Monday and the tracking page hasn't changed. Where is my package?"
		b.do(chromedp.Navigate(helpdesk.URL + "/chatwoot"))
		eval[bool](b, chat(7, "Dana Whitfield", "dana@example.com", msg, ""))
		frameWait(b, "the widget's suggestions", cwApp, jsAppW+`?.querySelectorAll("#wd-list [role=option]").length >= 1`, 60*time.Second)
		if got := mustFrame[string](b, cwApp, jsAppW+`.querySelector(".wd-msg").textContent`); got != msg {
			t.Errorf("the widget shows %q, want %q", got, msg)
		}
		// What the page copies: the selection when the copy happens.
		mustFrame[bool](b, cwApp, `(document.addEventListener("copy", () => { const a = document.activeElement;
			document.documentElement.dataset.copied = a && a.value !== undefined ? a.value.slice(a.selectionStart, a.selectionEnd) : String(getSelection()); }), true)`)
		sent := sentCount(st)
		draft := insertWithEnter(t, b, cwApp)
		frameWait(b, "the copy", cwApp, `document.documentElement.dataset.copied !== undefined`, answerWait)
		if got := mustFrame[string](b, cwApp, `document.documentElement.dataset.copied`); got != draft {
			t.Errorf("copied %q\nwant the draft %q", got, draft)
		}
		if got := mustFrame[string](b, cwApp, `document.getElementById("wd-app-status").textContent`); !strings.Contains(got, "Copied the reply: paste it into Chatwoot's reply box") {
			t.Errorf("the page says %q after the copy", got)
		}
		// The widget says it copies, not that it inserted.
		if got := mustFrame[string](b, cwApp, jsAppW+`.getElementById("wd-insert").textContent + " | " + (`+jsAppW+`.querySelector(".wd-notice")?.textContent || "")`); got != "Copy reply | Copied: paste it into the reply" {
			t.Errorf("the widget's button and notice say %q", got)
		}
		if *updateScreenshot {
			eval[bool](b, `(document.activeElement.blur(), true)`)
			b.screenshot("helpdesk-chatwoot.png")
		}

		// The agent pastes, edits and sends; the app asks for the context
		// again (every few seconds) and finds the new outgoing message.
		sentMsg := fmt.Sprintf(`, {id: 75, content: %s, message_type: 1, created_at: 1764584000, private: false}`, jsonString(draft+"\nTalk soon"))
		eval[bool](b, chat(7, "Dana Whitfield", "dana@example.com", msg, sentMsg))
		waitSent(t, st, sent)

		mustFrame[bool](b, cwApp, `(document.documentElement.dataset.kept = "1", `+jsAppW+`.documentElement.dataset.kept = "1", true)`)
		eval[bool](b, chat(8, "Marco Bellini", "marco@example.org", "The blender I got yesterday arrived with a cracked jug. I'd like a refund please.", ""))
		frameWait(b, "the next conversation", cwApp, jsAppW+`.querySelector(".wd-msg")?.textContent.includes("cracked jug")`, 15*time.Second)
		frameWait(b, "a draft for Marco", cwApp, jsAppW+`.getElementById("wd-draft")?.value.includes("Marco")`, answerWait)
		if !mustFrame[bool](b, cwApp, `document.documentElement.dataset.kept === "1" && `+jsAppW+`.documentElement.dataset.kept === "1"`) {
			t.Error("the app page or the widget reloaded for the next conversation")
		}
		watchWidget(t)
		forge(t, foreignURL)
		forge(t, helpdesk.URL+"/sibling")
		eval[bool](b, chat(10, "Aiko Tanaka", "aiko@example.net", "I forgot my password and the reset email never arrives.", ""))
		noEvil(t, cwApp, "reset email never arrives")

		// A message event that claims the parent as its source: taken
		// from the helpdesk's origin only (the first, a control, shows
		// that such an event reaches the page at all).
		dispatch := func(origin string, id int, message string) {
			ctx := fmt.Sprintf(`{event: "appContext", data: {conversation: {id: %d, meta: {sender: {name: "Eve Example"}}, messages: [{id: 1, content: %s, message_type: 0, created_at: 1}]}, currentAgent: {name: "Sam"}}}`, id, jsonString(message))
			mustFrame[bool](b, cwApp, `(window.dispatchEvent(new MessageEvent("message", {source: window.parent, origin: `+jsonString(origin)+`, data: JSON.stringify(`+ctx+`)})), true)`)
		}
		eval[bool](b, `(window.paused = true)`)
		// Malformed messages from the helpdesk itself are ignored too.
		for _, data := range []string{`"{not json"`, `"null"`, `JSON.stringify({event: "appContext", data: null})`,
			`JSON.stringify({event: "appContext", data: {conversation: {id: {}, messages: "x", meta: 5}}})`,
			`JSON.stringify({event: "appContext", data: {conversation: {id: 3, messages: [null, 7, {message_type: 0, content: {}}]}}})`,
			`{event: "appContext"}`, `"x".repeat(5 << 20)`} {
			mustFrame[bool](b, cwApp, `(window.dispatchEvent(new MessageEvent("message", {source: window.parent, origin: `+jsonString(helpdesk.URL)+`, data: `+data+`})), true)`)
		}
		dispatch(helpdesk.URL, 9, "My parcel is lost, where is order 55555?")
		noEvil(t, cwApp, "55555")
		dispatch("https://evil.example", 666, "EVIL refund now")
		dispatch("null", 667, "EVIL refund now")
		dispatch(helpdesk.URL, 11, "Can I change the delivery address for order 77777?")
		noEvil(t, cwApp, "77777")
	})

	// A server that wants a read token: the administrator gives it in the
	// app URL's fragment; without it the widget cannot read the library.
	t.Run("ReadToken", func(t *testing.T) {
		b.t = t
		tsrv, _ := appsServer(t, helpdesk.URL, "a-read-token")
		for _, c := range []struct {
			fragment string
			works    bool
		}{{"#token=a-read-token", true}, {"", false}} {
			app := tsrv.URL + "/apps/chatwoot/"
			mux.HandleFunc("GET /chatwoot-token"+fmt.Sprint(c.works), func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, helpdeskPage("Chatwoot (fake)", `<iframe id="app" name="app" title="Warmdesk" data-src="`+app+c.fragment+`"></iframe>`, chatwootHost))
			})
			b.do(chromedp.Navigate(helpdesk.URL + "/chatwoot-token" + fmt.Sprint(c.works)))
			eval[bool](b, `(setTicket({conversation: {id: 1, meta: {sender: {name: "Dana Whitfield"}}, messages: [{id: 1, message_type: 0, created_at: 1,
				content: "Order 48213 was supposed to arrive on Monday. Where is my package?"}]}, currentAgent: {name: "Sam Rivera"}}), true)`)
			if c.works {
				frameWait(b, "the widget's suggestions with the token", app, jsAppW+`?.querySelectorAll("#wd-list [role=option]").length >= 1`, 60*time.Second)
			} else {
				frameWait(b, "the widget to say it cannot read the library", app, jsAppW+`?.querySelector(".wd-error")?.textContent.includes("could not be loaded")`, 60*time.Second)
			}
		}
	})
	t.Logf("helpdesk app tests took %v", time.Since(start).Round(time.Millisecond))
}

// textToHTMLOracle is what the Zendesk app should give the rich-text
// editor for text, written here again apart from web/apps/app.js.
func textToHTMLOracle(text string) string {
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	var ps []string
	for _, p := range regexp.MustCompile(`\n{2,}`).Split(strings.ReplaceAll(text, "\r\n", "\n"), -1) {
		ps = append(ps, "<p>"+strings.ReplaceAll(esc.Replace(p), "\n", "<br>")+"</p>")
	}
	return strings.Join(ps, "")
}

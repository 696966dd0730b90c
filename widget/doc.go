// Package widget is Warmdesk's agent widget, written with go-app and compiled
// to WebAssembly: the customer's message with the words that matter
// highlighted, the top suggested replies, a search over every reply, and
// an editable preview with live tone findings and a warmth checklist.
//
// The widget is thin: [Widget] renders a [Desk], a plain Go value that
// holds the state and does everything the agent asks (tested natively in
// desk_test.go). [KeyAction] maps keys to actions, [Segments] cuts text
// into highlighted runs rendered as text nodes only, and [ParseHostMessage]
// reads the postMessage protocol of web/PROTOCOL.md. browser.go is the
// glue to the page: library fetch, postMessage, keyboard, clipboard; it
// also polls for a newly published library and switches to it without a
// reload. [UsageLog] collects the usage events (ids, ranks and [EditRatio]
// only, never text) that browser_usage.go sends to the studio in batches.
//
// The knowledge managers' studio pages live in package studioui, which
// uses the widget's Desk, tone editor and segments from here. They are
// routed by their own browser main (cmd/studiowasm): the widget's main
// (cmd/wasm) does not import them, so its WebAssembly does not carry them
// (wasmdeps_test.go checks it).
//
// Nothing here may import net/http, text/template or html/template: they
// would double the WebAssembly (see wasmdeps_test.go).
package widget

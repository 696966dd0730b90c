// Package app is Warmdesk's agent widget, written with go-app and compiled
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
// The same package holds the knowledge managers' studio pages (studio*.go,
// routed under /studio): sign-in, the library editor over an [Editor]
// (fuzzy search, live tone findings with the widget's own tone editor from
// tone.go, "Try a message" with the widget's Desk, save with [Rebase] after
// a conflict), revisions with the core's diff, the quality report with SVG
// charts, usage figures and accounts. They talk to the studio API
// (package studioapi) with the browser's fetch.
//
// Nothing here may import net/http, text/template or html/template: they
// would double the WebAssembly (see wasmdeps_test.go).
package app

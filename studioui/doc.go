// Package studioui is the knowledge managers' studio in the browser: the
// go-app pages under /studio, where they sign in, edit the library, look
// through revisions, publish, and read the quality report, the usage
// figures and the accounts.
//
// Each page is a thin component over plain Go, tested natively: the
// library editor over an [Editor] (fuzzy search, live tone findings with
// the widget's tone editor, "Try a message" with the widget's Desk, save
// with [Rebase] after a conflict), revisions with the core's diff, the
// quality report with SVG charts ([Bar]), usage figures and accounts. They
// talk to the studio API (package studioapi) with the browser's fetch.
//
// The package has its own WebAssembly (cmd/studiowasm, web/studio.wasm):
// the widget's (cmd/wasm) does not import it, so agents never download the
// studio. Nothing here may import net/http, text/template or html/template
// (see widget/wasmdeps_test.go).
package studioui

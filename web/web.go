// Package web holds the widget's static files: the embed script host pages
// load, the demo helpdesk, the style sheets and the icons. They are
// embedded in the warmdesk binary, with the helpdesk app pages (apps/); app.wasm is built next to them by
// scripts/build-wasm.sh and read from disk, because it is built after the
// server.
package web

import "embed"

// Files are the static files, at their names in this folder.
//
//go:embed loader.js embed.js demo.html demo.js demo.css widget.css studio.css icons apps
var Files embed.FS

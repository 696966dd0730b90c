// Package data holds the core's shipped data, embedded: the default
// English library, the English language data and the feelings model (see
// README.md in this folder for their formats). The packages that read
// them (text, feelings, suggestions) take them from here, so the files
// stay in one folder whatever package reads them.
package data

import _ "embed"

// DefaultLibrary is the default English library document.
//
//go:embed default.json
var DefaultLibrary []byte

// LangEnBin is the English language data's binary form, made from
// lang-en.json (LangEnJSON), its source.
//
//go:embed lang-en.bin
var LangEnBin []byte

// LangEnJSON is the English language data as people edit it.
//
//go:embed lang-en.json
var LangEnJSON []byte

// FeelingsEnBin is the feelings model's binary form, which the widget
// reads; feelings-en.json is the same model as training writes it.
//
//go:embed feelings-en.bin
var FeelingsEnBin []byte

// Package library is the phrase library document: intents with the
// phrasings customers write and the replies agents send, feelings with
// their cues and acknowledgements, openers, closers and tone rules.
// ParseLibrary validates a document strictly, reporting every problem as
// file: entry: field: message; EncodeLibrary and ReadLibraryBinary are
// its binary form, which the widget reads; NextPlaceholder is the one
// reading of {{placeholders}}.
//
// It depends on lang and internal/binio (see the package suggestions for
// the whole order).
package library

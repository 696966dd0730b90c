// Package suggestions is Warmdesk's core: it reads a customer's message,
// finds what they want, notices how they feel, and composes warm replies
// that follow three rules of customer service: say what can be done, open
// and close on a human note, and acknowledge feelings before the fix.
//
// The core is pure Go with no UI framework, no net/http and no
// text/template, so it compiles small to WebAssembly and runs the same in
// the browser, the server, the command line and the tests.
//
// # The pipeline
//
// This package is the façade: [Compile] turns a [library.Library] into an
// immutable [Engine], and a message goes through it in the order of the
// packages below:
//
//   - [Engine.Analyze]: the message's words (lang), its intents ranked,
//     out of scope or not, and each request when it holds several
//     (matching), its feelings (feelings) and its entities (lang);
//   - [Engine.Compose]: complete replies from the analysis: opener,
//     acknowledgement of the strongest feeling, body, closer; placeholders
//     filled from the [Context] and the message's entities, unfilled ones
//     kept visible and reported (library.NextPlaceholder);
//   - [Engine.Check]: the tone rules over any reply or draft (tone);
//   - [Engine.Search]: replies found as the agent types (search);
//   - [Engine.Report]: the library's quality, from the library alone.
//
// # The packages, in dependency order
//
// Each package imports only packages above it in this list:
//
//	internal/hashkey   the feature hash (FNV-1a) and a flat hash table
//	internal/binio     readers and writers of the binary forms
//	data               the shipped data, embedded: default library,
//	                   English language data, feelings model
//	lang               text: tokens, normal forms, stems, the language
//	                   data (Lang), phrase sets, entities
//	library            the library document: types, parsing and
//	                   validation, binary form, placeholders
//	matching           intents: features, typo correction, scoring,
//	                   learning, the saved model, requests
//	feelings           the feelings detector and its model
//	tone               the tone checker
//	search             the agent's reply search
//	suggestions        this façade: Engine, Compile, Analyze, Compose,
//	                   Check, Search, Report
//
// Beside the pipeline, used by the studio and the tools but never linked
// by the widget: libdiff (a library's changes), feelings/training (fits
// the feelings model), libio (other formats) and evaluate (accuracy on
// labelled data). A test holds the widget's WebAssembly to that.
//
// All text offsets are byte offsets into the text given.
package suggestions

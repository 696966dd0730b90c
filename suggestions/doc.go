// Package suggestions is Warmdesk's core: it reads a customer's message,
// finds what they want, notices how they feel, and composes warm replies
// that follow three rules of customer service: say what can be done, open
// and close on a human note, and acknowledge feelings before the fix.
//
// The package is pure Go with no UI framework, no net/http and no
// text/template, so it compiles small to WebAssembly and runs the same in
// the browser, the server, the command line and the tests.
//
// # The model
//
// A [library.Library] is data: intents with the phrasings customers write and the
// replies agents send, feelings with their cues and acknowledgements,
// openers, closers and tone rules. [library.ParseLibrary] validates a library
// document strictly, reporting every problem as file: entry: field:
// message. [Compile] turns a library into an immutable [Engine]:
//
//   - [Engine.Analyze] ranks intents (TF-IDF over terms, term bigrams,
//     character n-grams and groups of related words from the language
//     data; a softmax regression learned from the phrasings; see match.go
//     and learn.go), decides when nothing fits (a bar calibrated
//     on the library's own leave-one-out scores), finds feelings (cues with
//     negation and intensity), entities, and each request when a message
//     holds several.
//   - [Engine.Compose] builds complete replies: opener, acknowledgement of
//     the strongest feeling, body, closer; placeholders filled from the
//     [Context] and the message, unfilled ones kept visible and reported.
//   - [Engine.Check] runs the tone rules over any reply or draft.
//   - [Engine.Search] finds replies as the agent types, with sahilm/fuzzy.
//
// All text offsets are byte offsets into the text given.
package suggestions

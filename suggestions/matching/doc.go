// Package matching ranks a library's intents for a customer's message:
// TF-IDF over terms, term bigrams, character n-grams and related-word
// groups, with typo correction, scored by a softmax regression learned
// from the phrasings (match.go and learn.go say how, in prose), and two
// out-of-scope bars calibrated on the library itself. Save and
// DecodeModel are the saved model, which spares the widget the learning.
//
// It depends on lang, library and the internal packages (see the package
// suggestions for the whole order).
package matching

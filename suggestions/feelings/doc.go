// Package feelings finds how a customer feels: the library's cues, with
// negation and intensity, and beside them a small linear model per
// feeling (data/feelings-en.json; the widget reads its binary form). Its
// training is the package feelings/training, which the widget does not
// link.
//
// It depends on lang, library and the internal packages (see the package
// suggestions for the whole order).
package feelings

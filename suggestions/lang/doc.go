// Package lang is text as the core reads it: tokens with their byte
// spans, normal forms (lower case, accents folded, curly apostrophes
// straight), a light English stemmer, the language data (spelling
// variants, negators, contrasts, intensifiers, stop words, synonym and
// related-word groups; data/lang-en.json, read from its binary form),
// phrase sets that find cues and rule phrases in a message's words, and
// entities (order numbers, emails, dates, amounts).
//
// It depends only on internal/hashkey, internal/binio and data (see the
// package suggestions for the whole order).
package lang

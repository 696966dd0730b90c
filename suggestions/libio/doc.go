// Package libio converts phrase libraries from and to other formats, so a
// team can bring the replies it already has and take its library along:
//
//   - our JSON (the library document, see suggestions/data/README.md);
//   - a replies CSV (title, body, category, shortcut, phrasings, and as
//     Warmdesk exports replies also intent, reply, situation and promises;
//     see ReadRepliesCSV), as helpdesks export canned responses;
//   - Zendesk macros, as Zendesk's API lists them;
//   - CSV files of labelled customer messages (text, intent), which build
//     the intents of a library from data.
//
// The model: a reader turns a file into an Import (intents with phrasings
// and replies, plus notes about what was mapped or skipped) and checks
// everything in it at once, the library's own validation included, so a
// bad file is refused with every problem named by the file's rows or
// macros. Merge then adds an Import to a copy of a base library (the
// default library's feelings, openers, closers and tone rules, or a whole
// library to extend) and validates the result again: either the merged
// library is valid and complete, or nothing is applied.
//
// The package is kept out of the core so the browser build does not link
// it.
package libio

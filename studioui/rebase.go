package studioui

import (
	"reflect"

	"github.com/warmdesk/warmdesk/suggestions/library"
)

// Rebase carries an editor's changes over to a newer revision after a
// conflict: what changed from base to mine is applied to theirs (the
// revision saved meanwhile), entry by entry, matching intents, feelings,
// openers, closers and rules by id. An entry only one side changed takes
// that side's version; an entry both sides changed (or one changed and
// the other removed) keeps mine and is reported as a clash, so the editor
// can look at it before saving. Nothing from theirs is dropped silently.
func Rebase(base, mine, theirs *library.Library) (*library.Library, []string) {
	out := *theirs
	var clashes []string
	if mine.Name != base.Name {
		if theirs.Name != base.Name && theirs.Name != mine.Name {
			clashes = append(clashes, "the library's name")
		}
		out.Name = mine.Name
	}
	if mine.Language != base.Language {
		if theirs.Language != base.Language && theirs.Language != mine.Language {
			clashes = append(clashes, "the library's language")
		}
		out.Language = mine.Language
	}
	var c []string
	out.Intents, c = rebaseList(base.Intents, mine.Intents, theirs.Intents, func(in library.Intent) string { return in.ID }, "intent ")
	clashes = append(clashes, c...)
	out.Feelings, c = rebaseList(base.Feelings, mine.Feelings, theirs.Feelings, func(f library.Feeling) string { return f.ID }, "feeling ")
	clashes = append(clashes, c...)
	out.Openers, c = rebaseList(base.Openers, mine.Openers, theirs.Openers, func(s library.Snippet) string { return s.ID }, "opener ")
	clashes = append(clashes, c...)
	out.Closers, c = rebaseList(base.Closers, mine.Closers, theirs.Closers, func(s library.Snippet) string { return s.ID }, "closer ")
	clashes = append(clashes, c...)
	out.Rules, c = rebaseList(base.Rules, mine.Rules, theirs.Rules, func(r library.Rule) string { return r.ID }, "rule ")
	clashes = append(clashes, c...)
	return &out, clashes
}

// rebaseList is Rebase for one list of entries with ids. The result keeps
// theirs' order, with entries only mine added at the end.
func rebaseList[T any](base, mine, theirs []T, id func(T) string, kind string) ([]T, []string) {
	index := func(list []T) map[string]int {
		m := make(map[string]int, len(list))
		for i, e := range list {
			m[id(e)] = i
		}
		return m
	}
	bi, mi, ti := index(base), index(mine), index(theirs)
	out := append([]T(nil), theirs...)
	drop := map[string]bool{}
	var clashes []string
	for _, m := range mine {
		k := id(m)
		b, inBase := bi[k]
		t, inTheirs := ti[k]
		switch {
		case inBase && reflect.DeepEqual(base[b], m):
			// Not mine to change: theirs stands, removal included.
		case inTheirs:
			if !reflect.DeepEqual(theirs[t], m) && !(inBase && reflect.DeepEqual(base[b], theirs[t])) {
				clashes = append(clashes, kind+k)
			}
			out[t] = m
		default:
			if inBase {
				clashes = append(clashes, kind+k) // they removed what I changed
			}
			out = append(out, m)
		}
	}
	for _, b := range base {
		k := id(b)
		if _, kept := mi[k]; kept {
			continue
		}
		// I removed it: remove theirs too, unless they changed it.
		if t, ok := ti[k]; ok {
			if reflect.DeepEqual(theirs[t], b) {
				drop[k] = true
			} else {
				clashes = append(clashes, kind+k)
			}
		}
	}
	if len(drop) > 0 {
		kept := out[:0]
		for _, e := range out {
			if !drop[id(e)] {
				kept = append(kept, e)
			}
		}
		out = kept
	}
	return out, clashes
}

package matching

import "github.com/warmdesk/warmdesk/suggestions/lang"

// minTagSplit is the shortest hashtag worth splitting; a shorter one is a
// word or an abbreviation.
const minTagSplit = 6

// splitTags splits each lower-case hashtag word the library does not know
// into the fewest known words that spell it ("#worstbrand" is "worst" and
// "brand"), each part spanning its letters. A known word is one the
// library's phrasings use, or a stop word; parts of one letter are not
// taken, and a tag that does not split wholly stays as it is.
// (lang.Words already split a tag at its capitals: "#NeverAgain".)
func (m *Matcher) splitTags(ws []lang.Word) []lang.Word {
	var out []lang.Word
	for i, w := range ws {
		var parts []string
		if w.Tag && len(w.Text) >= minTagSplit && !m.vocab[w.Text] && w.End-w.Start == len(w.Text) {
			parts = m.segment(w.Text)
		}
		if parts == nil {
			if out != nil {
				out = append(out, w)
			}
			continue
		}
		if out == nil {
			out = append(make([]lang.Word, 0, len(ws)+len(parts)), ws[:i]...)
		}
		at := w.Start
		for j, p := range parts {
			out = append(out, lang.Word{Start: at, End: at + len(p), Text: p, Break: w.Break && j == 0, Tag: true})
			at += len(p)
		}
	}
	if out == nil {
		return ws
	}
	return out
}

// segment splits s into the fewest known words of two letters or more,
// or returns nil when it cannot (or when s is one word).
func (m *Matcher) segment(s string) []string {
	known := func(p string) bool { return len(p) >= 2 && (m.vocab[p] || m.lang.IsStop(p)) }
	// best[i] is the fewest parts spelling s[:i] (-1: none), from[i]
	// where its last part starts.
	best := make([]int, len(s)+1)
	from := make([]int, len(s)+1)
	for i := 1; i <= len(s); i++ {
		best[i] = -1
		for j := 0; j < i; j++ {
			if best[j] >= 0 && (best[i] < 0 || best[j]+1 < best[i]) && known(s[j:i]) {
				best[i], from[i] = best[j]+1, j
			}
		}
	}
	if best[len(s)] < 2 {
		return nil
	}
	parts := make([]string, best[len(s)])
	for i, k := len(s), len(parts)-1; i > 0; i, k = from[i], k-1 {
		parts[k] = s[from[i]:i]
	}
	return parts
}

package library

import (
	"strconv"
	"strings"
)

// SyntheticLibrary grows base to about n phrasings, for benchmarks of
// large libraries (the native benchmarks and the browser benchmark serve
// it as a library file). The added intents recombine base's own words
// deterministically, so the vocabulary, the posting lists and the reply
// search grow as they would in a real, larger library: 20 phrasings of
// six words per intent, and replies whose titles and bodies are drawn
// from base's reply titles and bodies. replies is the total number of
// replies wanted (at least one per intent); 0 means one per intent.
//
// When n is smaller than base's phrasing count, base is cut to its first
// n phrasings (and their intents).
func SyntheticLibrary(base *Library, n, replies int) *Library {
	lib := *base
	total := 0
	for _, in := range base.Intents {
		total += len(in.Phrasings)
	}
	if n < total {
		var out []Intent
		left := n
		for _, in := range base.Intents {
			if left <= 0 {
				break
			}
			in.Phrasings = in.Phrasings[:min(len(in.Phrasings), left)]
			left -= len(in.Phrasings)
			out = append(out, in)
		}
		lib.Intents = out
		return &lib
	}
	var words, titleWords, bodyWords []string
	haveReplies := 0
	for _, in := range base.Intents {
		for _, p := range in.Phrasings {
			words = append(words, strings.Fields(p)...)
		}
		for _, r := range in.Replies {
			haveReplies++
			titleWords = append(titleWords, strings.Fields(r.Title)...)
			for _, w := range strings.Fields(r.Body) {
				if !strings.Contains(w, "{{") && !strings.Contains(w, "}}") {
					bodyWords = append(bodyWords, w)
				}
			}
		}
	}
	if len(words) == 0 || len(titleWords) == 0 || len(bodyWords) == 0 {
		return &lib
	}
	intents := (n - total + 19) / 20
	perIntent := 1
	if intents > 0 && replies > haveReplies {
		perIntent = max(1, (replies-haveReplies+intents-1)/intents)
	}
	lib.Intents = append([]Intent(nil), base.Intents...)
	// Two xorshift generators: the phrasings are the same whatever the
	// replies, so that the matching benchmarks do not move with them.
	x, y := uint64(1), uint64(0x9E3779B97F4A7C15)
	next := func(s *uint64, list []string) string {
		*s ^= *s << 13
		*s ^= *s >> 7
		*s ^= *s << 17
		return list[*s%uint64(len(list))]
	}
	pick := func(list []string, k int) string {
		p := make([]string, k)
		for i := range p {
			p[i] = next(&y, list)
		}
		return strings.Join(p, " ")
	}
	for i := 0; total < n; i++ {
		id := "synthetic." + strconv.Itoa(i)
		in := Intent{ID: id, Title: "Synthetic " + strconv.Itoa(i)}
		for j := 0; j < 20 && total < n; j++ {
			p := make([]string, 6)
			for k := range p {
				p[k] = next(&x, words)
			}
			in.Phrasings = append(in.Phrasings, strings.Join(p, " "))
			total++
		}
		for j := range perIntent {
			in.Replies = append(in.Replies, Reply{
				ID:    id + ".r" + strconv.Itoa(j),
				Title: pick(titleWords, 4),
				Body:  "Here's what I can do: " + pick(bodyWords, 30),
			})
		}
		lib.Intents = append(lib.Intents, in)
	}
	return &lib
}

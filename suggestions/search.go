package suggestions

import (
	"sort"
	"strings"

	"github.com/sahilm/fuzzy"
)

// SearchResult is a reply found by the agent's search, with the byte
// offsets of the matched characters in its title and shortcut for
// highlighting.
type SearchResult struct {
	Intent          string  `json:"intent"`
	Reply           string  `json:"reply"`
	Title           string  `json:"title"`
	Shortcut        string  `json:"shortcut,omitempty"`
	Score           float64 `json:"score"`
	TitleMatches    []int   `json:"title_matches"`
	ShortcutMatches []int   `json:"shortcut_matches"`
	intent, reply   int
}

// replySearch finds replies by title, shortcut and words as the agent
// types. sahilm/fuzzy does what it is strong at: matching each typed word,
// as an in-order subsequence, against the distinct words of the library's
// replies ("rfnd" finds "refund"). Words typed with one edit it cannot
// follow (a swapped or extra letter: "refnud") are found through the
// one-deletion neighbourhood. A reply matches when every typed word
// matches one of its words; its score sums the best word scores, with
// title and shortcut words counting double.
type replySearch struct {
	words   []string         // distinct normalised words of titles, shortcuts, bodies
	posting [][]searchPost   // word to the replies it appears in
	deletes map[string][]int // one-deletion neighbourhood of words
	refs    [][2]int         // reply number to (intent, reply) indexes
	lib     *Library
}

type searchPost struct {
	reply int32
	field uint8 // 0 body, 1 title, 2 shortcut
}

// searchWords is a fuzzy.Source over the vocabulary.
type searchWords []string

func (s searchWords) String(i int) string { return s[i] }
func (s searchWords) Len() int            { return len(s) }

func newReplySearch(lib *Library) *replySearch {
	s := &replySearch{lib: lib, deletes: map[string][]int{}}
	index := map[string]int{}
	for ii, in := range lib.Intents {
		for ri, r := range in.Replies {
			n := int32(len(s.refs))
			s.refs = append(s.refs, [2]int{ii, ri})
			seen := map[string]uint8{}
			for field, text := range []string{r.Body, r.Title + " " + in.Title, r.Shortcut} {
				for _, w := range strings.Fields(normalize(strings.NewReplacer("-", " ", "{{", " ", "}}", " ").Replace(text))) {
					if f, ok := seen[w]; !ok || uint8(field) > f {
						seen[w] = uint8(field)
					}
				}
			}
			for w, f := range seen {
				id, ok := index[w]
				if !ok {
					id = len(s.words)
					index[w] = id
					s.words = append(s.words, w)
					s.posting = append(s.posting, nil)
				}
				s.posting[id] = append(s.posting[id], searchPost{n, f})
			}
		}
	}
	for id, w := range s.words {
		if len(w) >= 4 {
			for _, d := range deletions(w) {
				s.deletes[d] = append(s.deletes[d], id)
			}
		}
	}
	return s
}

// maxSearchQuery bounds the typed query: nobody types more to find a reply.
const maxSearchQuery = 200

// Search finds replies for what the agent typed. An empty query lists
// every reply in library order. At most limit results (all when limit is
// not positive), best first.
func (e *Engine) Search(query string, limit int) []SearchResult {
	s := e.search
	query = sanitize(query)
	if len(query) > maxSearchQuery {
		query = query[:maxSearchQuery]
	}
	terms := strings.Fields(normalize(strings.NewReplacer("-", " ", "/", " ", ":", " ").Replace(query)))
	var out []SearchResult
	if len(terms) == 0 {
		for n, ref := range s.refs {
			out = append(out, s.result(n, ref, 0))
			if limit > 0 && len(out) >= limit {
				break
			}
		}
		return out
	}
	if len(terms) > 8 {
		terms = terms[:8]
	}
	var total map[int32]float64
	for _, t := range terms {
		scores := map[int32]float64{}
		hit := func(wordID int, score float64) {
			for _, p := range s.posting[wordID] {
				sc := score * (1 + float64(p.field)*0.5)
				if sc > scores[p.reply] {
					scores[p.reply] = sc
				}
			}
		}
		for _, m := range fuzzy.FindFrom(t, searchWords(s.words)) {
			// Normalise fuzzy's score by the word's length so that a
			// short exact word beats a long word that merely contains
			// the letters; exact and prefix matches rank first.
			sc := 1 + float64(max(m.Score, 0))/float64(len(m.Str)+len(t))
			if m.Str == t {
				sc += 2
			} else if strings.HasPrefix(m.Str, t) {
				sc += 1
			}
			hit(m.Index, sc)
		}
		if len(t) >= 4 {
			for _, d := range append(deletions(t), t) {
				for _, id := range s.deletes[d] {
					if editDistance(t, s.words[id]) <= 1 {
						hit(id, 1)
					}
				}
			}
		}
		if total == nil {
			total = scores
			continue
		}
		for r := range total {
			if sc, ok := scores[r]; ok {
				total[r] += sc
			} else {
				delete(total, r)
			}
		}
	}
	for r, sc := range total {
		out = append(out, s.result(int(r), s.refs[r], sc))
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		if out[i].intent != out[j].intent {
			return out[i].intent < out[j].intent
		}
		return out[i].reply < out[j].reply
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	for i := range out {
		out[i].TitleMatches = highlight(out[i].Title, terms)
		out[i].ShortcutMatches = highlight(out[i].Shortcut, terms)
	}
	return out
}

func (s *replySearch) result(n int, ref [2]int, score float64) SearchResult {
	in := s.lib.Intents[ref[0]]
	r := in.Replies[ref[1]]
	return SearchResult{Intent: in.ID, Reply: r.ID, Title: r.Title, Shortcut: r.Shortcut, Score: round4(score),
		TitleMatches: []int{}, ShortcutMatches: []int{}, intent: ref[0], reply: ref[1]}
}

// highlight returns the byte offsets in text of the characters that the
// typed terms match, word by word, as sahilm/fuzzy reports them.
func highlight(text string, terms []string) []int {
	out := []int{}
	if text == "" {
		return out
	}
	type w struct{ start, end int }
	var ws []w
	for _, t := range tokenize(strings.ReplaceAll(text, "-", " ")) {
		ws = append(ws, w{t.Start, t.End})
	}
	seen := map[int]bool{}
	for _, t := range terms {
		for _, x := range ws {
			ms := fuzzy.Find(t, []string{text[x.start:x.end]})
			if len(ms) == 0 {
				continue
			}
			for _, i := range ms[0].MatchedIndexes {
				if !seen[x.start+i] {
					seen[x.start+i] = true
					out = append(out, x.start+i)
				}
			}
			break
		}
	}
	sort.Ints(out)
	return out
}

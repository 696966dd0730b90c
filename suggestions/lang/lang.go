package lang

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/warmdesk/warmdesk/suggestions/data"
	"github.com/warmdesk/warmdesk/suggestions/internal/hashkey"
)

// Lang is the language data the matcher and the feelings detector use:
// spelling variants folded to one form, negators, intensifiers, stop words
// and synonym groups. It is data (data/lang-en.json), not code.
type Lang struct {
	Language string            `json:"language"`
	About    string            `json:"about"`
	Variants map[string]string `json:"variants"`
	Negators []string          `json:"negators"`
	// Contrasts end a negation's reach within a clause: in "not cheap
	// but awful", "awful" is not negated.
	Contrasts    []string   `json:"contrasts,omitempty"`
	Intensifiers []string   `json:"intensifiers"`
	Stopwords    []string   `json:"stopwords"`
	Synonyms     [][]string `json:"synonyms"`
	// Related are groups of words about one thing that need not mean the
	// same ("refund", "reimburse", "compensation", "rebate"): each word
	// also gives its group's feature (the matcher's, in package matching), so a message and a
	// phrasing that use different words of a group still share something.
	Related [][]string `json:"related"`
	// Refusals start what a customer does not ask for ("do not want a"):
	// a few words after one are not a request (refuse.go). Written as the
	// tokenizer reads them, after variants ("don't" is "do not").
	Refusals []string `json:"refusals,omitempty"`
	// ThreadOpeners open a message that answers the agent within a
	// conversation ("yes", "sure", "no worries", "sent you a dm"): what
	// follows them must ask for something on its own (thread.go).
	// Written as the tokenizer reads them, like refusals.
	ThreadOpeners []string `json:"thread_openers,omitempty"`
	// Questions open a yes-no question ("is", "will", "any"): a fact a
	// customer asks about ("is my flight delayed?") is not one they
	// report (the feelings detector's situations).
	Questions []string `json:"questions,omitempty"`
	// Subordinators open a clause that tells the circumstances of the
	// rest ("since", "when", "despite"): a fault told after thanks in one
	// ("thanks for rebooking me when my flight was cancelled") is what
	// the thanks are for, not a complaint (the feelings detector).
	Subordinators []string `json:"subordinators,omitempty"`
	// Resolutions say a fault was put right ("fixed", "replaced",
	// "refunded"): a fault told just after one ("replaced my broken mug")
	// is what was done, and praise before it is sincere (the feelings
	// detector).
	Resolutions []string `json:"resolutions,omitempty"`

	// Compiled forms.
	variant1  map[string][]string // one word to its variant words
	variant2  map[[2]string][]string
	negator   map[string]bool
	contrast  map[string]bool
	intensify map[string]bool
	stop      map[string]bool
	synonym   map[string]string   // Stem to the Stem of its group's first word
	related   map[string][]uint64 // term to the feature keys of its related groups
	source    []byte              // the data's binary form, for saved models' fingerprints
	refusals  [][]string          // each refusal's words
	openers   [][]string          // each thread opener's words
	question  map[string]bool
	subord    map[string]bool
	resolve   map[string]bool
}

var (
	englishOnce sync.Once
	english     *Lang
	englishErr  error
)

// English returns the embedded English language data, read from its
// binary form (data/lang-en.bin, made from data/lang-en.json: see
// langbin.go).
func English() (*Lang, error) {
	englishOnce.Do(func() { english, englishErr = ReadLangBinary(data.LangEnBin) })
	return english, englishErr
}

// phrases compiles a list of short phrases into their words, each
// written as the tokenizer reads it (after variants), so that matching
// them against a message's words is a plain comparison.
func (l *Lang) phrases(name string, list []string) ([][]string, error) {
	out := make([][]string, 0, len(list))
	for i, r := range list {
		var ws []string
		for _, w := range l.Words(r) {
			ws = append(ws, w.Text)
		}
		if len(ws) == 0 || len(ws) > maxPhraseWords || strings.Join(ws, " ") != strings.Join(strings.Fields(r), " ") {
			return nil, fmt.Errorf("language data: %s[%d]: %q is not 1 to %d plain lower-case words as the tokenizer reads them (after variants)", name, i, r, maxPhraseWords)
		}
		out = append(out, ws)
	}
	return out, nil
}

// plainWord reports whether w is one lower-case word, normalized.
func plainWord(w string) bool {
	return w == strings.ToLower(w) && len(strings.Fields(w)) == 1 && Normalize(w) == w
}

// ParseLang decodes language data strictly and compiles it.
func ParseLang(data []byte) (*Lang, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var l Lang
	if err := dec.Decode(&l); err != nil {
		return nil, fmt.Errorf("language data: %w", err)
	}
	if err := l.compile(encodeLang(&l)); err != nil {
		return nil, err
	}
	return &l, nil
}

// compile checks l's data and makes its compiled forms; source is the
// data's binary form (encodeLang), which saved models' fingerprints hash.
func (l *Lang) compile(source []byte) error {
	l.source = source
	l.variant1 = map[string][]string{}
	l.variant2 = map[[2]string][]string{}
	for from, to := range l.Variants {
		f := strings.Fields(Normalize(from))
		t := strings.Fields(strings.ToLower(to))
		switch {
		case len(t) == 0:
			return fmt.Errorf("language data: variants: %q: empty replacement", from)
		case len(f) == 1:
			l.variant1[f[0]] = t
		case len(f) == 2:
			l.variant2[[2]string{f[0], f[1]}] = t
		default:
			// Forms that Tokenize differently ("no.", "e-mail") are kept
			// under their raw lower-case spelling.
			l.variant1[strings.ToLower(from)] = t
		}
	}
	l.negator = set(l.Negators)
	l.contrast = set(l.Contrasts)
	for i, w := range l.Contrasts {
		if !plainWord(w) {
			return fmt.Errorf("language data: contrasts[%d]: %q is not one plain lower-case word", i, w)
		}
		if l.IsNegator(w) {
			return fmt.Errorf("language data: contrasts[%d]: %q is a negator; a contrast ends a negation", i, w)
		}
	}
	var err error
	if l.refusals, err = l.phrases("refusals", l.Refusals); err != nil {
		return err
	}
	if l.openers, err = l.phrases("thread_openers", l.ThreadOpeners); err != nil {
		return err
	}
	l.question = set(l.Questions)
	l.subord = set(l.Subordinators)
	l.resolve = set(l.Resolutions)
	for _, list := range []struct {
		name  string
		words []string
	}{{"questions", l.Questions}, {"subordinators", l.Subordinators}, {"resolutions", l.Resolutions}} {
		for i, w := range list.words {
			if !plainWord(w) || len(l.variant1[w]) > 0 {
				return fmt.Errorf("language data: %s[%d]: %q is not one plain lower-case word as the tokenizer reads it (after variants)", list.name, i, w)
			}
		}
	}
	l.intensify = set(l.Intensifiers)
	l.stop = set(l.Stopwords)
	l.synonym = map[string]string{}
	for i, g := range l.Synonyms {
		if len(g) < 2 {
			return fmt.Errorf("language data: synonyms[%d]: a group needs two or more words", i)
		}
		head := Stem(g[0])
		for _, w := range g {
			s := Stem(strings.ToLower(w))
			if _, dup := l.synonym[s]; !dup {
				l.synonym[s] = head
			}
		}
	}
	return l.compileRelated()
}

// compileRelated checks the related-word groups and maps each term to the
// feature keys of the groups it is in. A group is named by its first
// word, which must name no other group; every word must be one plain word
// as the tokenizer gives it, not a spelling variant (which never reaches
// the matcher) nor a stop word (which gives no features), and a group
// needs two different terms.
func (l *Lang) compileRelated() error {
	l.related = map[string][]uint64{}
	heads := map[string]int{}
	for i, g := range l.Related {
		if len(g) < 2 {
			return fmt.Errorf("language data: related[%d]: a group needs two or more words", i)
		}
		name := strings.ToLower(g[0])
		if j, dup := heads[name]; dup {
			return fmt.Errorf("language data: related[%d] (%q): related[%d] starts with the same word; a group is named by its first word", i, g[0], j)
		}
		heads[name] = i
		key := hashkey.Of(RelatedKind, name)
		seen := map[string]string{} // term to the word that gave it
		for _, w := range g {
			lw := strings.ToLower(w)
			switch {
			case w != lw || lw == "" || len(strings.Fields(lw)) != 1 || Normalize(lw) != lw:
				return fmt.Errorf("language data: related[%d] (%q): %q is not one plain lower-case word", i, g[0], w)
			case len(l.variant1[lw]) > 0:
				return fmt.Errorf("language data: related[%d] (%q): %q is a spelling variant of %q; use that", i, g[0], w, strings.Join(l.variant1[lw], " "))
			case l.stop[lw]:
				return fmt.Errorf("language data: related[%d] (%q): %q is a stop word, which never counts", i, g[0], w)
			}
			t := l.Term(lw)
			if _, dup := seen[t]; !dup {
				// Forms of one word ("pay", "paid") and words the synonym
				// groups already fold together are one term: counted once.
				seen[t] = w
				l.related[t] = append(l.related[t], key)
			}
		}

		if len(seen) < 2 {
			return fmt.Errorf("language data: related[%d] (%q): its words are all one term %q; a group needs two different terms", i, g[0], l.Term(name))
		}
	}
	return nil
}

func set(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[strings.ToLower(w)] = true
	}
	return m
}

// word is a normalised word with the byte span it came from. One source
// token can give several words ("asap" gives "as soon as possible"), and
// two source tokens one word ("can not" gives "can't").
type Word struct {
	Start, End int
	Text       string // normalised, variants folded
	Caps       bool
	Break      bool
	// Tag marks a word of a hashtag ("#WorstBrand" gives "worst" and
	// "brand", both tagged; "#worstbrand" gives "worstbrand", which the
	// matcher may split into the library's words).
	Tag bool
}

// words tokenizes text and folds spelling variants.
func (l *Lang) Words(text string) []Word {
	toks := Tokenize(text)
	out := make([]Word, 0, len(toks))
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if i+1 < len(toks) && !toks[i+1].Break {
			if v, ok := l.variant2[[2]string{t.Norm, toks[i+1].Norm}]; ok {
				for _, w := range v {
					out = append(out, Word{Start: t.Start, End: toks[i+1].End, Text: w, Caps: t.Caps, Break: t.Break})
				}
				i++
				continue
			}
		}
		if v, ok := l.variant1[t.Norm]; ok {
			for j, w := range v {
				out = append(out, Word{Start: t.Start, End: t.End, Text: w, Caps: t.Caps, Break: t.Break && j == 0})
			}
			continue
		}
		if t.Start > 0 && text[t.Start-1] == '#' {
			out = appendTag(out, text, t)
			continue
		}
		out = append(out, Word{Start: t.Start, End: t.End, Text: t.Norm, Caps: t.Caps, Break: t.Break})
	}
	return out
}

// appendTag appends the words of a hashtag's token: one for each word its
// capitals start ("#NeverAgain", "#ThanksForNothing"), or the token whole
// when it is not plain ASCII letters and digits.
func appendTag(out []Word, text string, t Token) []Word {
	raw := text[t.Start:t.End]
	if !isASCII(raw) || strings.ContainsAny(raw, "'-./,") {
		return append(out, Word{Start: t.Start, End: t.End, Text: t.Norm, Break: t.Break, Tag: true})
	}
	from := 0
	for i := 1; i <= len(raw); i++ {
		if i < len(raw) && !(raw[i] >= 'A' && raw[i] <= 'Z' && raw[i-1] >= 'a' && raw[i-1] <= 'z') {
			continue
		}
		out = append(out, Word{Start: t.Start + from, End: t.Start + i, Text: strings.ToLower(raw[from:i]), Break: t.Break && from == 0, Tag: true})
		from = i
	}
	return out
}

// phraseWords normalises a phrase (a cue or a rule phrase) the way text is
// normalised, keeping a trailing "*" as a prefix marker.
func (l *Lang) PhraseWords(p string) []PatternWord {
	// The phrase is read whole, as a message is, so that spelling
	// variants of two words ("log in") fold as they do in messages.
	var b strings.Builder
	var starred []int // where a word written with '*' ends
	for i, f := range strings.Fields(p) {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strings.TrimSuffix(f, "*"))
		if strings.HasSuffix(f, "*") {
			starred = append(starred, b.Len())
		}
	}
	ws := l.Words(b.String())
	out := make([]PatternWord, 0, len(ws))
	for _, w := range ws {
		out = append(out, PatternWord{text: w.Text, prefix: slices.Contains(starred, w.End)})
	}
	return out
}

// isNegator reports whether w negates what follows.
func (l *Lang) IsNegator(w string) bool {
	return l.negator[w] || strings.HasSuffix(w, "n't")
}

// term is the matching form of a word: stemmed and mapped to the head of
// its synonym group.
func (l *Lang) Term(w string) string {
	s := Stem(w)
	if h, ok := l.synonym[s]; ok {
		return h
	}
	return s
}

// IsStop reports whether w (a Word's Text) is a stop word.
func (l *Lang) IsStop(w string) bool { return l.stop[w] }

// IsContrast reports whether w ends a negation's reach ("but").
func (l *Lang) IsContrast(w string) bool { return l.contrast[w] }

// OpensQuestion reports whether w (a Word's Text) opens a yes-no
// question ("is", "will").
func (l *Lang) OpensQuestion(w string) bool { return l.question[w] }

// IsSubordinator reports whether w (a Word's Text) opens a clause of
// circumstances ("since", "despite").
func (l *Lang) IsSubordinator(w string) bool { return l.subord[w] }

// IsResolution reports whether w (a Word's Text) says a fault was put
// right ("fixed", "replaced").
func (l *Lang) IsResolution(w string) bool { return l.resolve[w] }

// Intensifies reports whether w raises the feeling after it ("very").
func (l *Lang) Intensifies(w string) bool { return l.intensify[w] }

// RelatedKeys lists the keys of the related-word groups term is in:
// hashkey.Of(RelatedKind, the group's first word).
func (l *Lang) RelatedKeys(term string) []uint64 { return l.related[term] }

// Source is the data's binary form, which saved models' fingerprints
// hash. Callers must not modify it.
func (l *Lang) Source() []byte { return l.source }

// RelatedKind is the hash kind of a related-word group's key: the
// matcher's feature kind for related groups, so that the keys are its
// features as they are.
const RelatedKind = 4

// Knows reports whether w is a word the language data lists in a synonym
// or related-word group: a real word, spelled as meant, even where the
// library does not use it.
func (l *Lang) Knows(w string) bool {
	if _, ok := l.synonym[Stem(w)]; ok {
		return true
	}
	return len(l.related[l.Term(w)]) > 0
}

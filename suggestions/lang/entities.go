package lang

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Entity is something concrete found in a message: an order number, a
// reference (a booking, case or ticket code), an email address, a date
// or an amount of money.
type Entity struct {
	Type  string `json:"type"` // order_number, reference, email, date, amount
	Text  string `json:"text"`
	Value string `json:"value"` // normalised: the bare number, the lower-case address, …
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Entity types.
const (
	EntityOrderNumber = "order_number"
	// EntityReference is a booking, case, ticket or reference code: the
	// customer's handle on something, but not an order number, so it
	// never fills {{order.number}} ("booking ref XK7731", "case ID:
	// 2230311591").
	EntityReference = "reference"
	EntityEmail     = "email"
	EntityDate      = "date"
	EntityAmount    = "amount"
)

// entityPatterns are the patterns FindEntities looks for. Each is
// compiled when a message first needs it (lazyRegexp), not when the
// program starts nor all at once: in a freshly loaded WebAssembly,
// compiling all of them was a noticeable part of the widget's start, and
// most messages need few of them (the month pattern, the largest, only for a
// message with a digit and a month's first letters).
type entityPatterns struct {
	email, hashNum, isoDate, slashDate, month, amount *lazyRegexp
	// orderAt and relDateAt are the order and relative-date patterns
	// anchored: scanEntities tries them only where one of their first
	// words starts (see anchoredMatches). Their whole-text forms
	// (wholeTextPatterns) are compiled only for text the guards are off
	// for, and for the tests.
	orderAt, relDateAt *lazyRegexp
}

// lazyRegexp is a pattern compiled on first use, once.
type lazyRegexp struct {
	src  string
	once sync.Once
	re   *regexp.Regexp
}

func (l *lazyRegexp) get() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.src) })
	return l.re
}

// The order and relative-date patterns, without the word boundary they
// start with. Every match of each starts with one of its first words
// (orderWords, relDateWords).
const (
	orderBody   = `(?i)(?:order|ordr|oder|purchase|ref(?:erence)?|confirmation|tracking|invoice|parcel|package|shipment|booking|case|ticket)(?:\s+(?:number|num|no\.?|nr\.?|id|code|#))?\s*(?:is\s+|:\s*|#\s*)?([A-Z]{0,4}-?\d[\dA-Z\-]{3,19})\b`
	relDateBody = `(?i)(?:today|tonight|tomorrow|yesterday|(?:last|next|this)\s+(?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b`
)

var (
	orderWords = []string{"order", "ordr", "oder", "purchase", "ref", "confirmation", "tracking", "invoice", "parcel", "package", "shipment", "booking", "case", "ticket"}
	// referenceWords are the order words whose codes are references,
	// not order numbers.
	referenceWords = []string{"ref", "confirmation", "booking", "case", "ticket"}
	relDateWords   = []string{"today", "tonight", "tomorrow", "yesterday", "last", "next", "this", "on"}
)

var entityRE = &entityPatterns{
	email: &lazyRegexp{src: `(?i)\b[a-z0-9._%+\-]{1,64}@[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63})*\.[a-z]{2,24}\b`},
	// An order number is a code after an order word ("order #48213",
	// "order no. AB-1234", "ref: 998877"), or "#" followed by 4+ digits.
	orderAt:   &lazyRegexp{src: `^` + orderBody},
	hashNum:   &lazyRegexp{src: `#\s?(\d{4,20})\b`},
	isoDate:   &lazyRegexp{src: `\b(\d{4})-(\d{1,2})-(\d{1,2})\b`},
	slashDate: &lazyRegexp{src: `\b(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})\b`},
	month:     &lazyRegexp{src: `(?i)\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b(?:,?\s+(\d{4}))?|(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?)`},
	relDateAt: &lazyRegexp{src: `^` + relDateBody},
	amount:    &lazyRegexp{src: `(?i)(?:[$€£¥]\s?\d{1,3}(?:[,.\s]\d{3})*(?:[.,]\d{1,2})?|\b\d{1,3}(?:[,.]\d{3})*(?:[.,]\d{1,2})?\s?(?:usd|eur|gbp|dollars?|euros?|pounds?|bucks)\b)`},
}

// wholeTextPatterns are the order and relative-date patterns to run over
// a whole text, at wholeOrder and wholeRelDate.
var wholeTextPatterns = sync.OnceValue(func() [2]*regexp.Regexp {
	return [2]*regexp.Regexp{wholeOrder: regexp.MustCompile(`\b` + orderBody), wholeRelDate: regexp.MustCompile(`\b` + relDateBody)}
})

const (
	wholeOrder = iota
	wholeRelDate
)

// FindEntities finds entities in text. Overlaps are resolved in favour of
// the entity found first in this order: email, amount, date, order number.
func FindEntities(text string) []Entity {
	return scanEntities(text, true)
}

// scanEntities runs the patterns over text. With guards, a pattern runs
// only when text has a literal the pattern cannot match without (a digit,
// "@", "#", a currency, a month's or an order word's first letters), which
// spares most messages most of the patterns: running them is most of
// Analyze's time on a short message. The guards are exact except for text
// with one of the two letters case folding relates to ASCII ones
// (foldsToASCII), for which they are off; scanEntities(text, false) is
// their oracle in the tests.
func scanEntities(text string, guards bool) []Entity {
	re := entityRE
	var out []Entity
	taken := func(s, e int) bool {
		for _, x := range out {
			if s < x.End && x.Start < e {
				return true
			}
		}
		return false
	}
	add := func(typ string, s, e int, value string) {
		if taken(s, e) {
			return
		}
		out = append(out, Entity{Type: typ, Text: text[s:e], Value: value, Start: s, End: e})
	}
	may := func(string, ...string) bool { return true }
	// all runs a pattern over the whole text; with the guards, a pattern
	// with an anchored form runs only where one of its first words starts.
	all := func(whole int, _ *lazyRegexp, _ []string) [][]int {
		return wholeTextPatterns()[whole].FindAllStringSubmatchIndex(text, maxEntities)
	}
	if guards && !foldsToASCII(text) {
		lower := asciiLower(text)
		all = func(_ int, at *lazyRegexp, starts []string) [][]int {
			return anchoredMatches(at, text, lower, starts)
		}
		may = func(any string, words ...string) bool {
			if any != "" && strings.ContainsAny(text, any) {
				return true
			}
			for _, w := range words {
				if strings.Contains(lower, w) {
					return true
				}
			}
			return false
		}
	}
	const digits = "0123456789"
	digit := may(digits)
	if may("@") {
		for _, m := range re.email.get().FindAllStringIndex(text, maxEntities) {
			add(EntityEmail, m[0], m[1], strings.ToLower(text[m[0]:m[1]]))
		}
	}
	if digit && may("$€£¥", "usd", "eur", "gbp", "dollar", "pound", "buck") {
		for _, m := range re.amount.get().FindAllStringIndex(text, maxEntities) {
			add(EntityAmount, m[0], m[1], strings.TrimSpace(text[m[0]:m[1]]))
		}
	}
	dates := []struct {
		re *lazyRegexp
		ok bool
	}{
		{re.isoDate, digit && may("-")},
		{re.slashDate, digit && may("/.")},
		{re.month, digit && may("", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")},
	}
	for _, d := range dates {
		if !d.ok {
			continue
		}
		for _, m := range d.re.get().FindAllStringIndex(text, maxEntities) {
			add(EntityDate, m[0], m[1], strings.ToLower(text[m[0]:m[1]]))
		}
	}
	for _, m := range all(wholeRelDate, re.relDateAt, relDateWords) {
		add(EntityDate, m[0], m[1], strings.ToLower(text[m[0]:m[1]]))
	}
	if digit && may("", orderWords...) {
		for _, m := range all(wholeOrder, re.orderAt, orderWords) {
			typ := EntityOrderNumber
			for _, w := range referenceWords {
				if len(text)-m[0] >= len(w) && strings.EqualFold(text[m[0]:m[0]+len(w)], w) {
					typ = EntityReference
				}
			}
			add(typ, m[2], m[3], strings.ToUpper(text[m[2]:m[3]]))
		}
	}
	if digit && may("#") {
		for _, m := range re.hashNum.get().FindAllStringSubmatchIndex(text, maxEntities) {
			add(EntityOrderNumber, m[2], m[3], text[m[2]:m[3]])
		}
	}
	return sortEntities(out)
}

// maxEntities bounds the matches of each pattern in one message.
const maxEntities = 20

// anchoredMatches is what FindAllStringSubmatchIndex(text, maxEntities)
// gives for the unanchored form of at (at is "^" and the pattern, the
// unanchored form "\b" and the pattern), for a pattern whose every match
// starts with one of starts: at is tried only at the places where one of
// them starts a word, from left to right, each after the last match's
// end. That is the leftmost-first search the regexp package does,
// without trying every other place in the text (which, in the browser,
// was about a sixth of Analyze). lower is text with its ASCII letters in
// lower case (asciiLower), for text without the letters foldsToASCII
// looks for.
//
// The pattern is compiled (at.get) only when one of them starts a word.
func anchoredMatches(at *lazyRegexp, text, lower string, starts []string) [][]int {
	var places []int
	for _, w := range starts {
		for from := 0; ; {
			i := strings.Index(lower[from:], w)
			if i < 0 {
				break
			}
			i += from
			if i == 0 || !isWordByte(lower[i-1]) {
				places = append(places, i)
			}
			from = i + 1
		}
	}
	if len(places) == 0 {
		return nil
	}
	slices.Sort(places)
	re := at.get()
	var out [][]int
	next := 0
	for _, p := range places {
		if p < next || len(out) == maxEntities {
			continue
		}
		m := re.FindStringSubmatchIndex(text[p:])
		if m == nil {
			continue
		}
		for i := range m {
			if m[i] >= 0 {
				m[i] += p
			}
		}
		out = append(out, m)
		next = m[1]
	}
	return out
}

// isWordByte reports whether b is an ASCII word character, as \b sees it.
func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// foldsToASCII reports whether s has a letter that case folding relates
// to an ASCII letter: the long s (U+017F, folded with "s") and the Kelvin
// sign (U+212A, with "k"). A pattern with (?i) matches them where it
// matches "s" or "k", which the guards' plain search for ASCII words would
// miss. Every other character is itself to the guards and the patterns
// alike (\b and \s are ASCII-only in Go's regexp), so curly quotes,
// accents and emoji keep the guards on.
func foldsToASCII(s string) bool {
	return strings.ContainsRune(s, '\u017f') || strings.ContainsRune(s, '\u212a')
}

// asciiLower lowers the ASCII letters of s and keeps every other byte,
// so that an index in it is an index in s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func sortEntities(out []Entity) []Entity {
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	if out == nil {
		out = []Entity{}
	}
	return out
}

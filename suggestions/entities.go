package suggestions

import (
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Entity is something concrete found in a message: an order number, an
// email address, a date or an amount of money.
type Entity struct {
	Type  string `json:"type"` // order_number, email, date, amount
	Text  string `json:"text"`
	Value string `json:"value"` // normalised: the bare number, the lower-case address, …
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Entity types.
const (
	EntityOrderNumber = "order_number"
	EntityEmail       = "email"
	EntityDate        = "date"
	EntityAmount      = "amount"
)

// entityPatterns are the patterns findEntities looks for. They are
// compiled on first use, not when the program starts: in a freshly loaded
// WebAssembly, compiling them takes about a tenth of a second, which would
// delay the widget's first paint (Prepare compiles them while the library
// downloads).
type entityPatterns struct {
	email, order, hashNum, isoDate, slashDate, month, relDate, amount *regexp.Regexp
}

var entityRE = sync.OnceValue(func() *entityPatterns {
	return &entityPatterns{
		email: regexp.MustCompile(`(?i)\b[a-z0-9._%+\-]{1,64}@[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63})*\.[a-z]{2,24}\b`),
		// An order number is a code after an order word ("order #48213",
		// "order no. AB-1234", "ref: 998877"), or "#" followed by 4+ digits.
		order:     regexp.MustCompile(`(?i)\b(?:order|ordr|oder|purchase|ref(?:erence)?|confirmation|tracking|invoice|parcel|package|shipment|booking)(?:\s+(?:number|num|no\.?|nr\.?|id|code|#))?\s*(?:is\s+|:\s*|#\s*)?([A-Z]{0,4}-?\d[\dA-Z\-]{3,19})\b`),
		hashNum:   regexp.MustCompile(`#\s?(\d{4,20})\b`),
		isoDate:   regexp.MustCompile(`\b(\d{4})-(\d{1,2})-(\d{1,2})\b`),
		slashDate: regexp.MustCompile(`\b(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})\b`),
		month:     regexp.MustCompile(`(?i)\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b(?:,?\s+(\d{4}))?|(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?)`),
		relDate:   regexp.MustCompile(`(?i)\b(?:today|tonight|tomorrow|yesterday|(?:last|next|this)\s+(?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b`),
		amount:    regexp.MustCompile(`(?i)(?:[$€£¥]\s?\d{1,3}(?:[,.\s]\d{3})*(?:[.,]\d{1,2})?|\b\d{1,3}(?:[,.]\d{3})*(?:[.,]\d{1,2})?\s?(?:usd|eur|gbp|dollars?|euros?|pounds?|bucks)\b)`),
	}
})

// findEntities finds entities in text. Overlaps are resolved in favour of
// the entity found first in this order: email, amount, date, order number.
func findEntities(text string) []Entity {
	re := entityRE()
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
	// Every pattern but relDate needs a digit (and email an @): most
	// messages skip most of them without running them.
	digits := strings.ContainsAny(text, "0123456789")
	if strings.Contains(text, "@") {
		for _, m := range re.email.FindAllStringIndex(text, 20) {
			add(EntityEmail, m[0], m[1], strings.ToLower(text[m[0]:m[1]]))
		}
	}
	if !digits {
		for _, m := range re.relDate.FindAllStringIndex(text, 20) {
			add(EntityDate, m[0], m[1], strings.ToLower(text[m[0]:m[1]]))
		}
		return sortEntities(out)
	}
	for _, m := range re.amount.FindAllStringIndex(text, 20) {
		add(EntityAmount, m[0], m[1], strings.TrimSpace(text[m[0]:m[1]]))
	}
	for _, date := range []*regexp.Regexp{re.isoDate, re.slashDate, re.month, re.relDate} {
		for _, m := range date.FindAllStringIndex(text, 20) {
			add(EntityDate, m[0], m[1], strings.ToLower(text[m[0]:m[1]]))
		}
	}
	for _, m := range re.order.FindAllStringSubmatchIndex(text, 20) {
		add(EntityOrderNumber, m[2], m[3], strings.ToUpper(text[m[2]:m[3]]))
	}
	for _, m := range re.hashNum.FindAllStringSubmatchIndex(text, 20) {
		add(EntityOrderNumber, m[2], m[3], text[m[2]:m[3]])
	}
	return sortEntities(out)
}

func sortEntities(out []Entity) []Entity {
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	if out == nil {
		out = []Entity{}
	}
	return out
}

// firstEntity returns the value of the first entity of a type.
func firstEntity(es []Entity, typ string) (string, bool) {
	for _, e := range es {
		if e.Type == typ {
			return e.Value, true
		}
	}
	return "", false
}

// Prepare builds now what the package otherwise builds on first use (the
// English language data and the entity patterns), so that a caller can do
// it while it waits for something else: the widget calls it while the
// library downloads.
func Prepare() {
	English()
	entityRE()
}

package suggestions

import (
	"reflect"
	"sort"

	"github.com/warmdesk/warmdesk/suggestions/lang"
)

// FillablePlaceholders lists the placeholder names the composer fills by
// itself: from the ticket's Context and from entities in the customer's
// message. Any other name is filled only when the host page passes it by
// name in Context.Values. The lists are learned from the composer (a
// context with every field set, and one entity of each type), so they
// follow it when it learns new names.
func FillablePlaceholders() (fromContext, fromMessage []string) {
	var full Context
	v := reflect.ValueOf(&full).Elem()
	for i := 0; i < v.NumField(); i++ {
		if f := v.Field(i); f.Kind() == reflect.String && f.CanSet() {
			f.SetString("x")
		}
	}
	var ents []lang.Entity
	for _, t := range []string{lang.EntityOrderNumber, lang.EntityEmail, lang.EntityDate, lang.EntityAmount} {
		ents = append(ents, lang.Entity{Type: t, Text: "x", Value: "x"})
	}
	return sortedNames(placeholderValues(full, nil)), sortedNames(placeholderValues(Context{}, ents))
}

func sortedNames(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

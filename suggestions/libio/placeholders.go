package libio

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

//go:embed data/placeholders.json
var placeholdersJSON []byte

// placeholderTable maps helpdesk placeholders to Warmdesk's and back.
type placeholderTable struct {
	in  map[string]string // helpdesk name to Warmdesk name
	out map[string]string // Warmdesk name to the first helpdesk name listed
}

// zendeskPlaceholders reads the table from the embedded data file. It is
// read on each use (it is tiny), so no package state is kept; a broken
// table is caught by TestPlaceholderTable.
func zendeskPlaceholders() placeholderTable {
	var doc struct {
		Zendesk []struct {
			Helpdesk string `json:"helpdesk"`
			Warmdesk string `json:"warmdesk"`
		} `json:"zendesk"`
	}
	t := placeholderTable{in: map[string]string{}, out: map[string]string{}}
	if err := json.Unmarshal(placeholdersJSON, &doc); err != nil {
		return t
	}
	for _, p := range doc.Zendesk {
		t.in[p.Helpdesk] = p.Warmdesk
		if _, ok := t.out[p.Warmdesk]; !ok {
			t.out[p.Warmdesk] = p.Helpdesk
		}
	}
	return t
}

// mapPlaceholders rewrites the {{placeholders}} of text with the table
// (import: helpdesk names to Warmdesk's). A Liquid filter ("{{name |
// capitalize}}") is dropped: Warmdesk fills plain values. It returns the
// names left as they were that the composer does not fill by itself.
func mapPlaceholders(text string, table map[string]string) (string, []string) {
	ctx, msg := suggestions.FillablePlaceholders()
	fillable := map[string]bool{}
	for _, n := range append(ctx, msg...) {
		fillable[n] = true
	}
	var unknown []string
	seen := map[string]bool{}
	var b strings.Builder
	at := 0
	for p, ok := library.NextPlaceholder(text, 0); ok; p, ok = library.NextPlaceholder(text, p.End) {
		name, _, _ := strings.Cut(p.Name, "|")
		name = strings.TrimSpace(name)
		b.WriteString(text[at:p.Start])
		if to, ok := table[strings.ToLower(name)]; ok {
			name = to
		} else if !fillable[name] && !seen[name] {
			seen[name] = true
			unknown = append(unknown, name)
		}
		b.WriteString("{{" + name + "}}")
		at = p.End
	}
	b.WriteString(text[at:])
	return b.String(), unknown
}

// unknownPlaceholders gathers, over a whole file, the placeholders left
// as they were, to note each name once with where it is first used.
type unknownPlaceholders struct {
	order []string
	first map[string]place
	count map[string]int
}

type place struct{ entry, field string }

func (u *unknownPlaceholders) add(name, entry, field string) {
	if u.first == nil {
		u.first, u.count = map[string]place{}, map[string]int{}
	}
	if _, ok := u.first[name]; !ok {
		u.order = append(u.order, name)
		u.first[name] = place{entry, field}
	}
	u.count[name]++
}

func (u *unknownPlaceholders) notes(imp *Import) {
	for _, n := range u.order {
		more := ""
		if c := u.count[n]; c > 1 {
			more = fmt.Sprintf(" (and in %d more)", c-1)
		}
		imp.note(u.first[n].entry, u.first[n].field, fmt.Sprintf("placeholder {{%s}}%s is kept as it is: Warmdesk does not fill it, so the agent fills it in or the host page passes it by name", n, more))
	}
}

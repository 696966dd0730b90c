package studio

// PENDING: replaced by suggestions.Diff and Engine.Report when they land
// in main (another helper builds them). Not final.

import (
	"context"
	"encoding/json"

	"github.com/warmdesk/warmdesk/suggestions"
)

func diffLibraries(a, b *suggestions.Library) any {
	type change struct{ What, ID string }
	var out []change
	ia := map[string]bool{}
	for _, in := range a.Intents {
		ia[in.ID] = true
	}
	ra := map[string]suggestions.Reply{}
	for _, in := range a.Intents {
		for _, r := range in.Replies {
			ra[r.ID] = r
		}
	}
	for _, in := range b.Intents {
		if !ia[in.ID] {
			out = append(out, change{"added intent", in.ID})
		}
		for _, r := range in.Replies {
			if ra[r.ID] != r {
				out = append(out, change{"changed reply " + r.Title, r.ID})
			}
		}
	}
	return out
}

func runReport(ctx context.Context, lib *suggestions.Library, progress func(done, total int)) (json.RawMessage, error) {
	eng, err := suggestions.Compile(lib)
	if err != nil {
		return nil, err
	}
	progress(1, 1)
	return json.Marshal(map[string]int{"intents": len(eng.Library().Intents)})
}

package studioui

import (
	"fmt"
	"sort"

	"github.com/warmdesk/warmdesk/internal/words"
	"github.com/warmdesk/warmdesk/suggestions"
)

// Change is one change to the library the quality report recommends: what
// is wrong, what to do, and how many phrasings it is about (the report's
// stand-in for customers' messages: a phrasing the matcher takes for
// another intent is a kind of message that gets the wrong reply).
type Change struct {
	Title  string // what is wrong, in a line
	Do     string // what to do about it
	Stake  int    // phrasings at stake
	Anchor string // the report section with the details
}

// TopChanges ranks the report's findings by the phrasings at stake and
// returns the n that would help most, each kind represented, one per
// intent: a pair of intents
// the matcher confuses costs the phrasings it sends the wrong way; an
// intent too thin to be found costs the phrasings it lacks and those it
// loses; an intent without a reply costs every message that finds it.
func TopChanges(rep *suggestions.Report, n int) []Change {
	if rep == nil {
		return nil
	}
	title := map[string]string{}
	for _, in := range rep.Intents {
		title[in.ID] = in.ID
		if in.Title != "" {
			title[in.ID] = in.Title
		}
	}
	name := func(id string) string {
		if title[id] != "" {
			return "“" + title[id] + "”"
		}
		return "“" + id + "”"
	}
	type cand struct {
		Change
		intents []string
	}
	var cs []cand
	for _, c := range rep.Confusions {
		ex := ""
		if len(c.Collisions) > 0 {
			col := c.Collisions[0]
			ex = fmt.Sprintf(" For example “%s” (%s) was taken for %s.", col.Phrasing, title[col.Intent], title[col.Matched])
		}
		cs = append(cs, cand{Change{
			Title:  fmt.Sprintf("%s and %s are mistaken for each other: %s", name(c.A), name(c.B), words.Count(c.Count, "phrasing")),
			Do:     "Reword those phrasings so each says what sets its intent apart, or merge the two intents if agents would answer them alike." + ex,
			Stake:  c.Count,
			Anchor: "st-confusions",
		}, []string{c.A, c.B}})
	}
	for _, in := range rep.Intents {
		lost := in.Phrasings - in.Correct
		lacks := max(rep.MinPhrasings-in.Phrasings, 0)
		if in.Phrasings > 0 && (in.TooFew || in.Accuracy < weakAccuracy) {
			cs = append(cs, cand{Change{
				Title: fmt.Sprintf("%s is too thin to be found: %d of its %s find it", name(in.ID), in.Correct, words.Count(in.Phrasings, "phrasing")),
				Do: fmt.Sprintf("Add %s in customers' own words (different verbs, a complaint, a question), so the matcher learns what this intent sounds like.",
					words.Count(max(lacks, lost, 3), "phrasing")),
				Stake:  lost + lacks,
				Anchor: "st-report-intents",
			}, []string{in.ID}})
		}
		if in.Replies == 0 && in.Phrasings > 0 {
			cs = append(cs, cand{Change{
				Title:  fmt.Sprintf("%s has no reply: agents get nothing for it", name(in.ID)),
				Do:     "Write a reply for it, or remove the intent.",
				Stake:  in.Phrasings,
				Anchor: "st-noreply",
			}, []string{in.ID}})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Stake > cs[j].Stake })
	// The costliest of each kind first (a confused pair, a thin intent, an
	// intent without a reply), so that one kind of problem cannot hide the
	// others; then the costliest of the rest. No intent comes twice.
	var picked []cand
	taken := map[string]bool{}
	take := func(c cand) bool {
		if len(picked) == n || c.Stake <= 0 {
			return false
		}
		for _, id := range c.intents {
			if taken[id] {
				return false
			}
		}
		for _, id := range c.intents {
			taken[id] = true
		}
		picked = append(picked, c)
		return true
	}
	kinds := map[string]bool{}
	for _, c := range cs {
		if !kinds[c.Anchor] && take(c) {
			kinds[c.Anchor] = true
		}
	}
	for _, c := range cs {
		take(c)
	}
	sort.SliceStable(picked, func(i, j int) bool { return picked[i].Stake > picked[j].Stake })
	out := make([]Change, len(picked))
	for i, c := range picked {
		out[i] = c.Change
	}
	return out
}

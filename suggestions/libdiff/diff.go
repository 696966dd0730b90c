// Package libdiff compares two libraries (two revisions of one library,
// say) the way a knowledge manager reads them: by entry, not by line of
// JSON. The studio and the command line use it; the widget does not link
// it.
//
// It depends on lang and library (see the package suggestions for the
// whole order).
package libdiff

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// Intents, replies, feelings, openers, closers and rules are matched by id; within
// an entry, each field that changed is listed with its old and new value,
// list fields (phrasings, cues, rule phrases, ...) as what was added and
// what was removed, and long texts (reply bodies, openers, closers) as a
// word-level change. An intent whose id changed but whose phrasings mostly
// stayed is reported as renamed rather than as removed and added, and a
// reply that moved to another intent says where from. Order within lists
// is ignored: the matcher does not depend on it.
//
// The result is deterministic: entries follow the new library's order,
// with removed entries after them in the old library's order.

// Change kinds.
const (
	ChangeAdded   = "added"
	ChangeRemoved = "removed"
	ChangeChanged = "changed"
	ChangeRenamed = "renamed"
)

// LibraryDiff is what changed from one library to another. Top-level
// lists are never null; an entry lists only what changed in it.
type LibraryDiff struct {
	Library  []FieldChange   `json:"library"` // document fields: name, language
	Intents  []IntentChange  `json:"intents"`
	Feelings []FeelingChange `json:"feelings"`
	Openers  []SnippetChange `json:"openers"`
	Closers  []SnippetChange `json:"closers"`
	Rules    []RuleChange    `json:"rules"`
}

// FieldChange is one scalar field's old and new value.
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// ListChange is what was added to and removed from one list field.
type ListChange struct {
	Field   string   `json:"field"`
	Added   []string `json:"added,omitempty"`
	Removed []string `json:"removed,omitempty"`
}

// TextEdit is one piece of a word-level change: Op is "=" (kept), "-"
// (removed) or "+" (added).
type TextEdit struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// IntentChange is one intent added, removed, renamed or changed.
type IntentChange struct {
	ID               string        `json:"id"`
	OldID            string        `json:"old_id,omitempty"` // when renamed
	Change           string        `json:"change"`
	Title            string        `json:"title,omitempty"`
	Fields           []FieldChange `json:"fields,omitempty"`
	PhrasingsAdded   []string      `json:"phrasings_added,omitempty"`
	PhrasingsRemoved []string      `json:"phrasings_removed,omitempty"`
	Replies          []ReplyChange `json:"replies,omitempty"`
}

// ReplyChange is one reply added, removed or changed. Body holds the whole
// text of an added or removed reply; BodyEdits the word-level change of a
// changed one.
type ReplyChange struct {
	ID        string        `json:"id"`
	Change    string        `json:"change"`
	Title     string        `json:"title,omitempty"`
	MovedFrom string        `json:"moved_from,omitempty"` // the intent it was under
	MovedTo   string        `json:"moved_to,omitempty"`
	Fields    []FieldChange `json:"fields,omitempty"`
	Body      string        `json:"body,omitempty"`
	BodyEdits []TextEdit    `json:"body_edits,omitempty"`
}

// FeelingChange is one feeling added, removed or changed.
type FeelingChange struct {
	ID                      string                    `json:"id"`
	Change                  string                    `json:"change"`
	Fields                  []FieldChange             `json:"fields,omitempty"`
	CuesAdded               []library.Cue             `json:"cues_added,omitempty"`
	CuesRemoved             []library.Cue             `json:"cues_removed,omitempty"`
	CuesChanged             []CueChange               `json:"cues_changed,omitempty"`
	Unless                  *ListChange               `json:"unless,omitempty"`
	AcknowledgementsAdded   []library.Acknowledgement `json:"acknowledgements_added,omitempty"`
	AcknowledgementsRemoved []library.Acknowledgement `json:"acknowledgements_removed,omitempty"`
	// Lists holds the changes to the sarcasm cues, and to the situations,
	// each named by a summary (an edited one is removed and added).
	Lists []ListChange `json:"lists,omitempty"`
}

// CueChange is a cue whose intensity changed.
type CueChange struct {
	Text string `json:"text"`
	Old  int    `json:"old"`
	New  int    `json:"new"`
}

// SnippetChange is one opener or closer added, removed or changed.
type SnippetChange struct {
	ID     string     `json:"id"`
	Change string     `json:"change"`
	Text   string     `json:"text,omitempty"`  // added or removed
	Edits  []TextEdit `json:"edits,omitempty"` // changed
}

// RuleChange is one tone rule added, removed or changed.
type RuleChange struct {
	ID     string        `json:"id"`
	Change string        `json:"change"`
	Fields []FieldChange `json:"fields,omitempty"`
	Lists  []ListChange  `json:"lists,omitempty"`
}

// Empty reports whether the libraries are the same, as far as Diff looks.
func (d LibraryDiff) Empty() bool {
	return len(d.Library)+len(d.Intents)+len(d.Feelings)+len(d.Openers)+len(d.Closers)+len(d.Rules) == 0
}

// Diff compares library a (old) with b (new). A nil library is an empty
// one.
func Diff(a, b *library.Library) LibraryDiff {
	if a == nil {
		a = &library.Library{}
	}
	if b == nil {
		b = &library.Library{}
	}
	d := LibraryDiff{Library: []FieldChange{}}
	d.Library = fieldChanges(d.Library,
		"format", a.Format, b.Format,
		"schema", schemaText(a.Schema), schemaText(b.Schema),
		"name", a.Name, b.Name,
		"language", a.Language, b.Language)
	d.Intents = diffIntents(a.Intents, b.Intents)
	d.Feelings = diffFeelings(a.Feelings, b.Feelings)
	d.Openers = diffSnippets(a.Openers, b.Openers)
	d.Closers = diffSnippets(a.Closers, b.Closers)
	d.Rules = diffRules(a.Rules, b.Rules)
	return d
}

func schemaText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// fieldChanges appends a FieldChange for each (name, old, new) triple
// whose values differ.
// promisesText is a reply's promises in one line, for a field change.
func promisesText(ps []library.Promise) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Check + ": " + p.Sentence
	}
	return strings.Join(out, " | ")
}

func fieldChanges(out []FieldChange, triples ...string) []FieldChange {
	for i := 0; i+2 < len(triples); i += 3 {
		if triples[i+1] != triples[i+2] {
			out = append(out, FieldChange{Field: triples[i], Old: triples[i+1], New: triples[i+2]})
		}
	}
	return out
}

// listDiff returns what b adds to a and what it removes, as multisets, in
// the order of each list.
func listDiff(a, b []string) (added, removed []string) {
	count := map[string]int{}
	for _, s := range a {
		count[s]++
	}
	for _, s := range b {
		if count[s] > 0 {
			count[s]--
		} else {
			added = append(added, s)
		}
	}
	for i := len(a) - 1; i >= 0; i-- {
		// What is left in count was not matched in b; take the last
		// occurrences so that removed keeps a's order below.
		if count[a[i]] > 0 {
			count[a[i]]--
			removed = append(removed, a[i])
		}
	}
	for i, j := 0, len(removed)-1; i < j; i, j = i+1, j-1 {
		removed[i], removed[j] = removed[j], removed[i]
	}
	return added, removed
}

func listChange(out []ListChange, field string, a, b []string) []ListChange {
	added, removed := listDiff(a, b)
	if len(added)+len(removed) > 0 {
		out = append(out, ListChange{Field: field, Added: added, Removed: removed})
	}
	return out
}

// renameShare is the share of the smaller intent's phrasings that a
// removed and an added intent must have in common to count as one intent
// renamed: more than half means most of what customers write stayed.
const renameShare = 0.5

func diffIntents(a, b []library.Intent) []IntentChange {
	inA, inB := map[string]int{}, map[string]int{}
	for i, in := range a {
		inA[in.ID] = i
	}
	for i, in := range b {
		inB[in.ID] = i
	}
	// Where each reply lives, to tell a moved reply from a new one.
	replyA, replyB := map[string]string{}, map[string]string{}
	for _, in := range a {
		for _, r := range in.Replies {
			replyA[r.ID] = in.ID
		}
	}
	for _, in := range b {
		for _, r := range in.Replies {
			replyB[r.ID] = in.ID
		}
	}
	// Pair each added intent with the removed one it shares most
	// phrasings with, when that is enough to call it a rename.
	renamedFrom := map[int]int{}
	taken := map[int]bool{}
	for j, nb := range b {
		if _, ok := inA[nb.ID]; ok {
			continue
		}
		best, bestShare := -1, 0.0
		for i, na := range a {
			if _, ok := inB[na.ID]; ok || taken[i] {
				continue
			}
			if s := phrasingOverlap(na.Phrasings, nb.Phrasings); s > renameShare && s > bestShare {
				best, bestShare = i, s
			}
		}
		if best >= 0 {
			renamedFrom[j] = best
			taken[best] = true
		}
	}

	out := []IntentChange{}
	for j, nb := range b {
		i, ok := inA[nb.ID]
		c := IntentChange{ID: nb.ID, Title: nb.Title, Change: ChangeChanged}
		if r, renamed := renamedFrom[j]; renamed {
			i, ok = r, true
			c.Change, c.OldID = ChangeRenamed, a[r].ID
		}
		if !ok {
			c.Change = ChangeAdded
			c.PhrasingsAdded = append([]string(nil), nb.Phrasings...)
			c.Fields = fieldChanges(nil, "category", "", nb.Category, "situation", "", nb.Situation)
			c.Replies = diffReplies(nil, nb.Replies, nb.ID, replyA, replyB)
			out = append(out, c)
			continue
		}
		na := a[i]
		c.Fields = fieldChanges(nil, "title", na.Title, nb.Title, "category", na.Category, nb.Category, "situation", na.Situation, nb.Situation)
		c.PhrasingsAdded, c.PhrasingsRemoved = listDiff(na.Phrasings, nb.Phrasings)
		c.Replies = diffReplies(na.Replies, nb.Replies, nb.ID, replyA, replyB)
		if c.Change == ChangeRenamed || len(c.Fields)+len(c.PhrasingsAdded)+len(c.PhrasingsRemoved)+len(c.Replies) > 0 {
			out = append(out, c)
		}
	}
	for i, na := range a {
		if _, ok := inB[na.ID]; ok || taken[i] {
			continue
		}
		c := IntentChange{ID: na.ID, Title: na.Title, Change: ChangeRemoved, PhrasingsRemoved: append([]string(nil), na.Phrasings...)}
		c.Replies = diffReplies(na.Replies, nil, "", replyA, replyB)
		out = append(out, c)
	}
	return out
}

// phrasingOverlap is the share of the smaller list's phrasings (compared
// normalised) that the other list has too.
func phrasingOverlap(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	set := map[string]bool{}
	for _, p := range a {
		set[lang.Normalize(p)] = true
	}
	common := 0
	seen := map[string]bool{}
	for _, p := range b {
		n := lang.Normalize(p)
		if set[n] && !seen[n] {
			common++
			seen[n] = true
		}
	}
	return float64(common) / float64(min(len(a), len(b)))
}

// diffReplies compares the replies of one intent. intent is the intent's
// id in b (empty when the intent was removed); replyA and replyB say under
// which intent each reply id is in each library.
func diffReplies(a, b []library.Reply, intent string, replyA, replyB map[string]string) []ReplyChange {
	byID := map[string]library.Reply{}
	for _, r := range a {
		byID[r.ID] = r
	}
	inB := map[string]bool{}
	var out []ReplyChange
	for _, rb := range b {
		inB[rb.ID] = true
		ra, ok := byID[rb.ID]
		if !ok {
			c := ReplyChange{ID: rb.ID, Title: rb.Title, Change: ChangeAdded, Body: rb.Body}
			if from, moved := replyA[rb.ID]; moved && from != intent {
				c.MovedFrom = from
			}
			out = append(out, c)
			continue
		}
		c := ReplyChange{ID: rb.ID, Title: rb.Title, Change: ChangeChanged}
		c.Fields = fieldChanges(nil, "title", ra.Title, rb.Title, "shortcut", ra.Shortcut, rb.Shortcut,
			"promises", promisesText(ra.Promises), promisesText(rb.Promises))
		if ra.Body != rb.Body {
			c.BodyEdits = WordDiff(ra.Body, rb.Body)
		}
		if len(c.Fields) > 0 || len(c.BodyEdits) > 0 {
			out = append(out, c)
		}
	}
	for _, ra := range a {
		if inB[ra.ID] {
			continue
		}
		c := ReplyChange{ID: ra.ID, Title: ra.Title, Change: ChangeRemoved, Body: ra.Body}
		if to, moved := replyB[ra.ID]; moved && to != intent {
			c.MovedTo = to
		}
		out = append(out, c)
	}
	return out
}

func diffFeelings(a, b []library.Feeling) []FeelingChange {
	byID := map[string]library.Feeling{}
	for _, f := range a {
		byID[f.ID] = f
	}
	inB := map[string]bool{}
	out := []FeelingChange{}
	for _, fb := range b {
		inB[fb.ID] = true
		fa, ok := byID[fb.ID]
		c := FeelingChange{ID: fb.ID, Change: ChangeChanged}
		if ok {
			c.Fields = fieldChanges(nil, "label", fa.Label, fb.Label, "negative", strconv.FormatBool(fa.Negative), strconv.FormatBool(fb.Negative))
		} else {
			c.Change = ChangeAdded
			c.Fields = fieldChanges(nil, "label", "", fb.Label, "negative", "", strconv.FormatBool(fb.Negative))
		}
		cueA := map[string]int{}
		for _, cu := range fa.Cues {
			cueA[cu.Text] = cu.Intensity
		}
		cueB := map[string]bool{}
		for _, cu := range fb.Cues {
			cueB[cu.Text] = true
			old, had := cueA[cu.Text]
			switch {
			case !had:
				c.CuesAdded = append(c.CuesAdded, cu)
			case old != cu.Intensity:
				c.CuesChanged = append(c.CuesChanged, CueChange{Text: cu.Text, Old: old, New: cu.Intensity})
			}
		}
		for _, cu := range fa.Cues {
			if !cueB[cu.Text] {
				c.CuesRemoved = append(c.CuesRemoved, cu)
			}
		}
		if l := listChange(nil, "unless", fa.Unless, fb.Unless); len(l) > 0 {
			c.Unless = &l[0]
		}
		ackKey := func(x library.Acknowledgement) string { return strconv.Itoa(x.Intensity) + "\x00" + x.Text }
		var ka, kb []string
		ackOf := map[string]library.Acknowledgement{}
		for _, x := range fa.Acknowledgements {
			ka = append(ka, ackKey(x))
			ackOf[ackKey(x)] = x
		}
		for _, x := range fb.Acknowledgements {
			kb = append(kb, ackKey(x))
			ackOf[ackKey(x)] = x
		}
		added, removed := listDiff(ka, kb)
		for _, k := range added {
			c.AcknowledgementsAdded = append(c.AcknowledgementsAdded, ackOf[k])
		}
		for _, k := range removed {
			c.AcknowledgementsRemoved = append(c.AcknowledgementsRemoved, ackOf[k])
		}
		c.Lists = listChange(c.Lists, "sarcasm", fa.Sarcasm, fb.Sarcasm)
		c.Lists = listChange(c.Lists, "situations", situationKeys(fa.Situations), situationKeys(fb.Situations))
		if !ok || len(c.Fields)+len(c.CuesAdded)+len(c.CuesRemoved)+len(c.CuesChanged)+len(c.AcknowledgementsAdded)+len(c.AcknowledgementsRemoved)+len(c.Lists) > 0 || c.Unless != nil {
			out = append(out, c)
		}
	}
	for _, fa := range a {
		if !inB[fa.ID] {
			out = append(out, FeelingChange{ID: fa.ID, Change: ChangeRemoved, CuesRemoved: fa.Cues, AcknowledgementsRemoved: fa.Acknowledgements})
		}
	}
	return out
}

func diffSnippets(a, b []library.Snippet) []SnippetChange {
	byID := map[string]library.Snippet{}
	for _, s := range a {
		byID[s.ID] = s
	}
	inB := map[string]bool{}
	out := []SnippetChange{}
	for _, sb := range b {
		inB[sb.ID] = true
		sa, ok := byID[sb.ID]
		switch {
		case !ok:
			out = append(out, SnippetChange{ID: sb.ID, Change: ChangeAdded, Text: sb.Text})
		case sa.Text != sb.Text:
			out = append(out, SnippetChange{ID: sb.ID, Change: ChangeChanged, Edits: WordDiff(sa.Text, sb.Text)})
		}
	}
	for _, sa := range a {
		if !inB[sa.ID] {
			out = append(out, SnippetChange{ID: sa.ID, Change: ChangeRemoved, Text: sa.Text})
		}
	}
	return out
}

func diffRules(a, b []library.Rule) []RuleChange {
	byID := map[string]library.Rule{}
	for _, r := range a {
		byID[r.ID] = r
	}
	inB := map[string]bool{}
	out := []RuleChange{}
	for _, rb := range b {
		inB[rb.ID] = true
		ra, ok := byID[rb.ID]
		c := RuleChange{ID: rb.ID, Change: ChangeChanged}
		if !ok {
			c.Change = ChangeAdded
		}
		c.Fields = fieldChanges(nil, "kind", ra.Kind, rb.Kind, "severity", ra.Severity, rb.Severity, "message", ra.Message, rb.Message)
		c.Lists = ruleLists(ra, rb)
		if !ok || len(c.Fields)+len(c.Lists) > 0 {
			out = append(out, c)
		}
	}
	for _, ra := range a {
		if !inB[ra.ID] {
			out = append(out, RuleChange{ID: ra.ID, Change: ChangeRemoved, Fields: fieldChanges(nil, "kind", ra.Kind, "", "severity", ra.Severity, "", "message", ra.Message, ""), Lists: ruleLists(ra, library.Rule{})})
		}
	}
	return out
}

func ruleLists(a, b library.Rule) []ListChange {
	var l []ListChange
	l = listChange(l, "phrases", a.Phrases, b.Phrases)
	l = listChange(l, "suggestions", a.Suggestions, b.Suggestions)
	l = listChange(l, "before", a.Before, b.Before)
	l = listChange(l, "unless", a.Unless, b.Unless)
	l = listChange(l, "examples.flag", a.Examples.Flag, b.Examples.Flag)
	l = listChange(l, "examples.pass", a.Examples.Pass, b.Examples.Pass)
	return l
}

// maxDiffCells bounds the word-level diff's table (tokens of the old
// middle times tokens of the new, after the common start and end are
// cut): past it, the changed middle is shown as removed and added whole.
// 4M cells of int32 is 16 MB, well inside what a reply of 32 KB needs.
const maxDiffCells = 4 << 20

// WordDiff is the word-level change from a to b: runs of kept, removed
// and added text that, read in order, give a (without "+") and b (without
// "-"). Words and the spaces between them are compared as tokens, with
// the longest common subsequence of the part that differs.
func WordDiff(a, b string) []TextEdit {
	ta, tb := wordTokens(a), wordTokens(b)
	pre := 0
	for pre < len(ta) && pre < len(tb) && ta[pre] == tb[pre] {
		pre++
	}
	suf := 0
	for suf < len(ta)-pre && suf < len(tb)-pre && ta[len(ta)-1-suf] == tb[len(tb)-1-suf] {
		suf++
	}
	var edits []TextEdit
	add := func(op, text string) {
		if text == "" {
			return
		}
		if n := len(edits); n > 0 && edits[n-1].Op == op {
			edits[n-1].Text += text
			return
		}
		edits = append(edits, TextEdit{Op: op, Text: text})
	}
	add("=", strings.Join(ta[:pre], ""))
	ma, mb := ta[pre:len(ta)-suf], tb[pre:len(tb)-suf]
	if len(ma)*len(mb) > maxDiffCells {
		add("-", strings.Join(ma, ""))
		add("+", strings.Join(mb, ""))
	} else {
		for _, e := range lcsEdits(ma, mb) {
			add(e.Op, e.Text)
		}
	}
	add("=", strings.Join(ta[len(ta)-suf:], ""))
	return cleanupEdits(edits)
}

// cleanupEdits makes a word diff read as people write changes: a kept run
// of only spaces between two changes joins them ("[-we bake-]{+I can+}"
// rather than "[-we-]{+I+} [-bake-]{+can+}"), and in each changed run the
// removed text comes before the added.
func cleanupEdits(edits []TextEdit) []TextEdit {
	var out []TextEdit
	var del, ins strings.Builder
	flush := func() {
		if del.Len() > 0 {
			out = append(out, TextEdit{"-", del.String()})
		}
		if ins.Len() > 0 {
			out = append(out, TextEdit{"+", ins.String()})
		}
		del.Reset()
		ins.Reset()
	}
	for i, e := range edits {
		switch {
		case e.Op == "-":
			del.WriteString(e.Text)
		case e.Op == "+":
			ins.WriteString(e.Text)
		case del.Len()+ins.Len() > 0 && i+1 < len(edits) && strings.TrimSpace(e.Text) == "":
			del.WriteString(e.Text)
			ins.WriteString(e.Text)
		default:
			flush()
			out = append(out, e)
		}
	}
	flush()
	return out
}

// wordTokens splits s into runs of non-space and runs of space, so that
// joining the tokens gives s back.
func wordTokens(s string) []string {
	var out []string
	start := 0
	for i := 1; i <= len(s); i++ {
		if i == len(s) || isSpaceByte(s[i]) != isSpaceByte(s[i-1]) {
			out = append(out, s[start:i])
			start = i
		}
	}
	return out
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

// lcsEdits diffs two token lists by their heaviest common subsequence:
// a word kept weighs wordWeight, a run of spaces kept weighs 1, so that
// the diff keeps as many words as it can and spaces only break ties
// (counted equally, the many spaces in common would pull the alignment
// away from the words).
func lcsEdits(a, b []string) []TextEdit {
	const wordWeight = 1 << 10
	weight := func(tok string) int32 {
		if isSpaceByte(tok[0]) {
			return 1
		}
		return wordWeight
	}
	n, m := len(a), len(b)
	// best[i*w+j] is the weight of the best common subsequence of a[i:]
	// and b[j:], in one flat table.
	w := m + 1
	best := make([]int32, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			v := max(best[(i+1)*w+j], best[i*w+j+1])
			if a[i] == b[j] {
				v = max(v, best[(i+1)*w+j+1]+weight(a[i]))
			}
			best[i*w+j] = v
		}
	}
	var out []TextEdit
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j] && best[i*w+j] == best[(i+1)*w+j+1]+weight(a[i]):
			out = append(out, TextEdit{"=", a[i]})
			i++
			j++
		case best[(i+1)*w+j] >= best[i*w+j+1]:
			out = append(out, TextEdit{"-", a[i]})
			i++
		default:
			out = append(out, TextEdit{"+", b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, TextEdit{"-", a[i]})
	}
	for ; j < m; j++ {
		out = append(out, TextEdit{"+", b[j]})
	}
	return out
}

// renderEdits writes a word-level change as git's plain word diff does:
// [-removed-]{+added+}.
func renderEdits(edits []TextEdit) string {
	var b strings.Builder
	for _, e := range edits {
		switch e.Op {
		case "-":
			b.WriteString("[-" + e.Text + "-]")
		case "+":
			b.WriteString("{+" + e.Text + "+}")
		default:
			b.WriteString(e.Text)
		}
	}
	return b.String()
}

// String renders the diff as indented text: "+" added, "-" removed, "~"
// changed, one entry per line, fields and lists below it.
func (d LibraryDiff) String() string {
	if d.Empty() {
		return "No differences.\n"
	}
	var b strings.Builder
	p := func(indent int, format string, args ...any) {
		b.WriteString(strings.Repeat("  ", indent))
		fmt.Fprintf(&b, format, args...)
		b.WriteByte('\n')
	}
	fields := func(indent int, fs []FieldChange) {
		for _, f := range fs {
			p(indent, "%s: %s → %s", f.Field, quoteOrNone(f.Old), quoteOrNone(f.New))
		}
	}
	lists := func(indent int, ls []ListChange) {
		for _, l := range ls {
			for _, s := range l.Removed {
				p(indent, "- %s %s", l.Field, strconv.Quote(s))
			}
			for _, s := range l.Added {
				p(indent, "+ %s %s", l.Field, strconv.Quote(s))
			}
		}
	}
	section := func(title string, n int) bool {
		if n == 0 {
			return false
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		p(0, "%s", title)
		return true
	}
	if section("Library", len(d.Library)) {
		fields(1, d.Library)
	}
	if section("Intents", len(d.Intents)) {
		for _, c := range d.Intents {
			switch c.Change {
			case ChangeAdded:
				p(1, "+ %s %s (%s, %s)", c.ID, strconv.Quote(c.Title), count(len(c.PhrasingsAdded), "phrasing"), count(len(c.Replies), "reply"))
			case ChangeRemoved:
				p(1, "- %s %s (%s, %s)", c.ID, strconv.Quote(c.Title), count(len(c.PhrasingsRemoved), "phrasing"), count(len(c.Replies), "reply"))
			case ChangeRenamed:
				p(1, "~ %s (renamed from %s)", c.ID, c.OldID)
			default:
				p(1, "~ %s", c.ID)
			}
			fields(3, c.Fields)
			if c.Change != ChangeAdded && c.Change != ChangeRemoved {
				for _, s := range c.PhrasingsRemoved {
					p(3, "- phrasing %s", strconv.Quote(s))
				}
				for _, s := range c.PhrasingsAdded {
					p(3, "+ phrasing %s", strconv.Quote(s))
				}
			}
			for _, r := range c.Replies {
				switch r.Change {
				case ChangeAdded:
					where := ""
					if r.MovedFrom != "" {
						where = " (moved from " + r.MovedFrom + ")"
					}
					p(3, "+ reply %s %s%s", r.ID, strconv.Quote(r.Title), where)
				case ChangeRemoved:
					where := ""
					if r.MovedTo != "" {
						where = " (moved to " + r.MovedTo + ")"
					}
					p(3, "- reply %s %s%s", r.ID, strconv.Quote(r.Title), where)
				default:
					p(3, "~ reply %s", r.ID)
					fields(5, r.Fields)
					if len(r.BodyEdits) > 0 {
						p(5, "body: %s", strconv.Quote(renderEdits(r.BodyEdits)))
					}
				}
			}
		}
	}
	if section("Feelings", len(d.Feelings)) {
		for _, c := range d.Feelings {
			switch c.Change {
			case ChangeAdded:
				p(1, "+ %s (%s, %s)", c.ID, count(len(c.CuesAdded), "cue"), count(len(c.AcknowledgementsAdded), "acknowledgement"))
				continue
			case ChangeRemoved:
				p(1, "- %s", c.ID)
				continue
			}
			p(1, "~ %s", c.ID)
			fields(3, c.Fields)
			for _, cu := range c.CuesRemoved {
				p(3, "- cue %s (%d)", strconv.Quote(cu.Text), cu.Intensity)
			}
			for _, cu := range c.CuesAdded {
				p(3, "+ cue %s (%d)", strconv.Quote(cu.Text), cu.Intensity)
			}
			for _, cu := range c.CuesChanged {
				p(3, "~ cue %s intensity %d → %d", strconv.Quote(cu.Text), cu.Old, cu.New)
			}
			if c.Unless != nil {
				lists(3, []ListChange{*c.Unless})
			}
			lists(3, c.Lists)
			for _, a := range c.AcknowledgementsRemoved {
				p(3, "- acknowledgement (%d) %s", a.Intensity, strconv.Quote(a.Text))
			}
			for _, a := range c.AcknowledgementsAdded {
				p(3, "+ acknowledgement (%d) %s", a.Intensity, strconv.Quote(a.Text))
			}
		}
	}
	snippets := func(title string, cs []SnippetChange) {
		if !section(title, len(cs)) {
			return
		}
		for _, c := range cs {
			switch c.Change {
			case ChangeAdded:
				p(1, "+ %s %s", c.ID, strconv.Quote(c.Text))
			case ChangeRemoved:
				p(1, "- %s %s", c.ID, strconv.Quote(c.Text))
			default:
				p(1, "~ %s %s", c.ID, strconv.Quote(renderEdits(c.Edits)))
			}
		}
	}
	snippets("Openers", d.Openers)
	snippets("Closers", d.Closers)
	if section("Rules", len(d.Rules)) {
		for _, c := range d.Rules {
			switch c.Change {
			case ChangeAdded:
				p(1, "+ %s", c.ID)
			case ChangeRemoved:
				p(1, "- %s", c.ID)
				continue
			default:
				p(1, "~ %s", c.ID)
			}
			fields(3, c.Fields)
			lists(3, c.Lists)
		}
	}
	return b.String()
}

func quoteOrNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return strconv.Quote(s)
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") {
		return strconv.Itoa(n) + " " + strings.TrimSuffix(noun, "y") + "ies"
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// situationKeys names each situation by its id and what it holds, so
// that a diff of the names finds situations added, removed and edited.
func situationKeys(ss []library.Situation) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		var b strings.Builder
		fmt.Fprintf(&b, "%s (%s", s.ID, s.Label)
		for _, c := range s.Cues {
			fmt.Fprintf(&b, "; %q %d", c.Text, c.Intensity)
		}
		for _, a := range s.Acknowledgements {
			fmt.Fprintf(&b, "; (%d) %q", a.Intensity, a.Text)
		}
		if len(s.NotAbout) > 0 {
			fmt.Fprintf(&b, "; not about %q", s.NotAbout)
		}
		b.WriteString(")")
		out[i] = b.String()
	}
	return out
}

package libio

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/warmdesk/warmdesk/internal/words"

	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// Import is what a reader found in a file: intents with their phrasings
// and replies, ready to merge into a library, and notes about what was
// changed or left out on the way (nothing in Notes stopped the import).
// It remembers where each intent, reply and phrasing came from, so that a
// problem found later, when the merged library is validated, names the
// file's row or macro rather than the library's entry.
type Import struct {
	File    string
	Intents []library.Intent
	Notes   []library.Problem

	intentFrom   map[string]origin // by intent id
	replyFrom    map[string]origin // by reply id
	phrasingFrom map[string]origin // by intent id + "\x00" + normalised phrasing
	generated    map[string]bool   // intent and reply ids made up by the reader
	starting     map[string]bool   // intents whose phrasings were made from titles
}

// origin is where something came from in the imported file: an entry
// ("row 4", `macro 3 "Returns::Late"`), its position for ordering
// problems, and the file's names for the library's fields.
type origin struct {
	entry  string
	pos    int
	fields map[string]string // library field ("body") to file field ("comment_value")
}

func newImport(file string) *Import {
	return &Import{File: file, intentFrom: map[string]origin{}, replyFrom: map[string]origin{},
		phrasingFrom: map[string]origin{}, generated: map[string]bool{}, starting: map[string]bool{}}
}

// problemList collects problems with the position of their entry in the
// file, so they can be listed in file order.
type problemList struct {
	file  string
	items []positioned
}

type positioned struct {
	pos int
	p   library.Problem
}

func (l *problemList) add(pos int, entry, field, msg string) {
	if field == "" {
		field = "-"
	}
	l.items = append(l.items, positioned{pos, library.Problem{File: l.file, Entry: entry, Field: field, Message: msg}})
}

func (l *problemList) err() error {
	if len(l.items) == 0 {
		return nil
	}
	sort.SliceStable(l.items, func(i, j int) bool { return l.items[i].pos < l.items[j].pos })
	ps := make([]library.Problem, len(l.items))
	for i, it := range l.items {
		ps[i] = it.p
	}
	return &library.ValidationError{Problems: ps}
}

func (imp *Import) note(entry, field, msg string) {
	if field == "" {
		field = "-"
	}
	imp.Notes = append(imp.Notes, library.Problem{File: imp.File, Entry: entry, Field: field, Message: msg})
}

// builder groups rows or macros into intents while a reader runs.
type builder struct {
	imp     *Import
	unknown unknownPlaceholders
	index   map[string]int  // intent id to index in imp.Intents
	phrases map[string]bool // intent id + normalised phrasing
	ids     map[string]bool // every id handed out, intents and replies
}

func newBuilder(imp *Import) *builder {
	return &builder{imp: imp, index: map[string]int{}, phrases: map[string]bool{}, ids: map[string]bool{}}
}

// intent returns the index of the intent with this id, adding it when it
// is new. generated says the id was made from a label, not given.
func (b *builder) intent(id, title, category string, generated bool, from origin) int {
	if i, ok := b.index[id]; ok {
		in := &b.imp.Intents[i]
		if in.Title == "" {
			in.Title = title
		}
		if in.Category == "" {
			in.Category = category
		}
		return i
	}
	i := len(b.imp.Intents)
	b.index[id] = i
	b.ids[id] = true
	b.imp.Intents = append(b.imp.Intents, library.Intent{ID: id, Title: title, Category: category})
	b.imp.intentFrom[id] = from
	if generated {
		b.imp.generated[id] = true
	}
	return i
}

// phrasing adds a phrasing to an intent unless it already has it.
func (b *builder) phrasing(i int, p string, from origin) {
	p = strings.TrimSpace(p)
	in := &b.imp.Intents[i]
	key := in.ID + "\x00" + lang.Normalize(p)
	if p == "" || b.phrases[key] {
		return
	}
	b.phrases[key] = true
	in.Phrasings = append(in.Phrasings, p)
	b.imp.phrasingFrom[key] = from
}

// maxMadeID bounds the ids readers make from titles, leaving room under
// the library's limit (120 bytes) for a "-N" that makes them unique.
const maxMadeID = 110

// uniqueID returns id, or id with "-2", "-3", ... when it is taken.
func uniqueID(id string, taken func(string) bool) string {
	if !taken(id) {
		return id
	}
	for n := 2; ; n++ {
		c := id + "-" + strconv.Itoa(n)
		if !taken(c) {
			return c
		}
	}
}

// reply adds a reply to intent i. An empty id is made from the intent's
// id and the title.
func (b *builder) reply(i int, r library.Reply, from origin) {
	in := &b.imp.Intents[i]
	if r.ID == "" {
		id := in.ID + "." + IntentID(r.Title)
		if len(id) > maxMadeID {
			id = strings.Trim(id[:maxMadeID], "_.-")
		}
		r.ID = uniqueID(id, func(s string) bool { return b.ids[s] })
		b.imp.generated[r.ID] = true
	}
	b.ids[r.ID] = true
	in.Replies = append(in.Replies, r)
	b.imp.replyFrom[r.ID] = from
}

// finish gives intents without phrasings starting phrasings made from
// their title, category and replies' titles, notes it, and validates what
// was read as a library of its own: every problem, the reader's and the
// library's, is then reported at once, in file order.
func (b *builder) finish(probs *problemList) error {
	imp := b.imp
	b.unknown.notes(imp)
	for i := range imp.Intents {
		in := &imp.Intents[i]
		if len(in.Phrasings) > 0 {
			continue
		}
		from := imp.intentFrom[in.ID]
		first := strings.TrimSpace(strings.ReplaceAll(in.Category, "::", " ") + " " + in.Title)
		b.phrasing(i, first, from)
		for _, r := range in.Replies {
			b.phrasing(i, r.Title, imp.replyFrom[r.ID])
		}
		if len(in.Phrasings) > 0 {
			imp.starting[in.ID] = true
			imp.note(from.entry, "-", fmt.Sprintf("intent %s has no phrasings: it starts with %s made from its titles; add what customers really write (the quality report lists it under too few phrasings)",
				in.ID, words.Count(len(in.Phrasings), "phrasing")))
		}
	}
	if len(imp.Intents) == 0 && len(probs.items) == 0 {
		probs.add(0, "document", "-", "has no replies to import")
	}
	if len(imp.Intents) > 0 {
		// A situation names a feeling's situation, which the import has
		// not: Merge checks it against the library the import joins.
		ins := slices.Clone(imp.Intents)
		for i := range ins {
			ins[i].Situation = ""
		}
		lib := &library.Library{Format: library.Format, Schema: library.Schema, Language: "en", Intents: ins}
		if err := imp.validate(lib, imp.File, probs); err != nil {
			return err
		}
	}
	return probs.err()
}

var (
	entryIntent = regexp.MustCompile(`^intent (.+)$`)
	fieldReply  = regexp.MustCompile(`^replies\[(\d+)\]\.(\w+)$`)
	fieldPhr    = regexp.MustCompile(`^phrasings\[(\d+)\]$`)
)

// validate runs the library's own validation over lib and adds each
// problem to probs, named after the imported file's entries when the
// problem is about something imported. It returns an error only when lib
// cannot be encoded at all.
func (imp *Import) validate(lib *library.Library, name string, probs *problemList) error {
	data, err := lib.MarshalIndent()
	if err != nil {
		return err
	}
	_, err = library.ParseLibrary(name, data)
	var ve *library.ValidationError
	if err == nil {
		return nil
	}
	if !errors.As(err, &ve) {
		return err
	}
	for _, p := range ve.Problems {
		from, field, ok := imp.locate(lib, p)
		if !ok {
			probs.items = append(probs.items, positioned{1 << 30, p})
			continue
		}
		probs.add(from.pos, from.entry, field, p.Message)
	}
	return nil
}

// locate finds where in the imported file the thing a library problem is
// about came from.
func (imp *Import) locate(lib *library.Library, p library.Problem) (origin, string, bool) {
	m := entryIntent.FindStringSubmatch(p.Entry)
	if m == nil {
		return origin{}, "", false
	}
	var in *library.Intent
	for i := range lib.Intents {
		if lib.Intents[i].ID == m[1] {
			in = &lib.Intents[i]
		}
	}
	if in == nil {
		return origin{}, "", false
	}
	field := func(o origin, f string) string {
		if n, ok := o.fields[f]; ok {
			return n
		}
		return f
	}
	if r := fieldReply.FindStringSubmatch(p.Field); r != nil {
		j, _ := strconv.Atoi(r[1])
		if j < len(in.Replies) {
			if o, ok := imp.replyFrom[in.Replies[j].ID]; ok {
				return o, field(o, r[2]), true
			}
		}
		return origin{}, "", false
	}
	if r := fieldPhr.FindStringSubmatch(p.Field); r != nil {
		k, _ := strconv.Atoi(r[1])
		if k < len(in.Phrasings) {
			if o, ok := imp.phrasingFrom[in.ID+"\x00"+lang.Normalize(in.Phrasings[k])]; ok {
				return o, field(o, "phrasings"), true
			}
		}
		return origin{}, "", false
	}
	if o, ok := imp.intentFrom[in.ID]; ok {
		return o, field(o, "intent."+p.Field), true
	}
	return origin{}, "", false
}

// Merge adds what was imported to a copy of base and validates the
// result; base is not changed. Base's intents, feelings, openers, closers
// and rules stay. An imported intent with the id of one in base adds its
// new phrasings (starting phrasings only when base's intent has none) and
// its replies: a reply with the id of one already there replaces it, any
// other is added. Ids the reader made up are renamed ("-2") when base
// already uses them; ids the file gave are kept, and a clash is a
// problem. A nil base is an empty library. baseName names base in
// problems that are about base itself.
//
// On any problem Merge returns nil and a *library.ValidationError
// listing every problem: nothing is partially applied.
func Merge(base *library.Library, baseName string, imp *Import) (*library.Library, error) {
	out := &library.Library{Format: library.Format, Schema: library.Schema, Language: "en", Name: "Imported library"}
	if base != nil {
		*out = *base
		out.Intents = make([]library.Intent, len(base.Intents))
		for i, in := range base.Intents {
			in.Phrasings = append([]string(nil), in.Phrasings...)
			in.Replies = append([]library.Reply(nil), in.Replies...)
			out.Intents[i] = in
		}
	}
	owner := idOwners(out)
	taken := func(id string) bool { return owner[id] != "" }
	probs := &problemList{file: imp.File}
	// clash reports an id the file gives that base uses for something
	// else; the clashing intent or reply is left out of the validation
	// below, which would otherwise report it again against base.
	clash := func(from origin, field, id string) {
		f := field
		if n, ok := from.fields[field]; ok {
			f = n
		}
		probs.add(from.pos, from.entry, f, fmt.Sprintf("%q is already the id of %s in %s", id, owner[id], baseName))
	}
	index := map[string]int{}
	for i, in := range out.Intents {
		index[in.ID] = i
	}
	// Renames of made-up ids, so that origins follow them.
	renamed := map[string]string{}
	for _, in := range imp.Intents {
		i, ok := index[in.ID]
		if !ok {
			id := in.ID
			if taken(id) && !imp.generated[id] {
				clash(imp.intentFrom[id], "intent.id", id)
				continue
			}
			if taken(id) {
				id = uniqueID(id, taken)
				renamed[in.ID] = id
			}
			owner[id] = "intent " + id
			index[id] = len(out.Intents)
			out.Intents = append(out.Intents, library.Intent{ID: id, Title: in.Title, Category: in.Category})
			i = index[id]
		}
		t := &out.Intents[i]
		if in.Title != "" {
			t.Title = in.Title
		}
		if in.Category != "" {
			t.Category = in.Category
		}
		if in.Situation != "" {
			t.Situation = in.Situation
		}
		if !imp.starting[in.ID] || len(t.Phrasings) == 0 {
			have := map[string]bool{}
			for _, p := range t.Phrasings {
				have[lang.Normalize(p)] = true
			}
			for _, p := range in.Phrasings {
				if n := lang.Normalize(p); !have[n] {
					have[n] = true
					t.Phrasings = append(t.Phrasings, p)
				}
			}
		}
		for _, r := range in.Replies {
			replaced := false
			for j := range t.Replies {
				if t.Replies[j].ID == r.ID {
					t.Replies[j], replaced = r, true
				}
			}
			if replaced {
				continue
			}
			if taken(r.ID) && !imp.generated[r.ID] {
				clash(imp.replyFrom[r.ID], "id", r.ID)
				continue
			}
			if taken(r.ID) {
				id := uniqueID(r.ID, taken)
				renamed[r.ID] = id
				r.ID = id
			}
			owner[r.ID] = "reply " + r.ID
			t.Replies = append(t.Replies, r)
		}
	}
	// Origins under the new ids.
	follow := &Import{File: imp.File, intentFrom: map[string]origin{}, replyFrom: map[string]origin{}, phrasingFrom: map[string]origin{}}
	rename := func(id string) string {
		if n, ok := renamed[id]; ok {
			return n
		}
		return id
	}
	for id, o := range imp.intentFrom {
		follow.intentFrom[rename(id)] = o
	}
	for id, o := range imp.replyFrom {
		follow.replyFrom[rename(id)] = o
	}
	for k, o := range imp.phrasingFrom {
		id, p, _ := strings.Cut(k, "\x00")
		follow.phrasingFrom[rename(id)+"\x00"+p] = o
	}
	if err := follow.validate(out, baseName, probs); err != nil {
		return nil, err
	}
	if err := probs.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// idOwners names what each id of a library belongs to: intents, replies,
// feelings and their situations, openers, closers and rules share one
// namespace.
func idOwners(lib *library.Library) map[string]string {
	ids := map[string]string{}
	for _, in := range lib.Intents {
		ids[in.ID] = "intent " + in.ID
		for _, r := range in.Replies {
			ids[r.ID] = "reply " + r.ID + " of intent " + in.ID
		}
	}
	for _, f := range lib.Feelings {
		ids[f.ID] = "feeling " + f.ID
		for _, s := range f.Situations {
			ids[s.ID] = "situation " + s.ID + " of feeling " + f.ID
		}
	}
	for _, s := range lib.Openers {
		ids[s.ID] = "opener " + s.ID
	}
	for _, s := range lib.Closers {
		ids[s.ID] = "closer " + s.ID
	}
	for _, r := range lib.Rules {
		ids[r.ID] = "rule " + r.ID
	}
	return ids
}

// Base returns the part of a library that imports keep when they start a
// new library: its feelings, openers, closers and tone rules, without its
// intents.
func Base(lib *library.Library) *library.Library {
	if lib == nil {
		return nil
	}
	return &library.Library{Format: library.Format, Schema: library.Schema, Language: lib.Language,
		Name: "Imported library", Feelings: lib.Feelings, Openers: lib.Openers, Closers: lib.Closers, Rules: lib.Rules}
}

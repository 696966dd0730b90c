package suggestions

import (
	"cmp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// FuzzParseLibrary: any bytes give a library or a *library.ValidationError, never
// a panic, and an accepted library compiles.
func FuzzParseLibrary(f *testing.F) {
	f.Add([]byte(`{"format":"warmdesk-library","schema":1,"intents":[{"id":"a","phrasings":["hi there"],"replies":[{"id":"r","title":"t","body":"Hi {{customer.first_name}}"}]}]}`))
	f.Add([]byte(`{"intents": [{"id": "", "phrasings": 7, "unknown_field": true}]}`))
	f.Add([]byte(`{"format":"warmdesk-library","schema":1,"intents":[{"id":"a","phrasings":["x"]}],"feelings":[{"id":"f","negative":true,"cues":[{"text":"bad*","intensity":2}]}],"rules":[{"id":"r","kind":"avoid","severity":"error","message":"m","phrases":["no"],"examples":{"flag":["no"],"pass":["yes"]}}]}`))
	f.Add([]byte("\xff{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lib, err := library.ParseLibrary("fuzz.json", data)
		if err != nil {
			if lib != nil {
				t.Fatal("a library with an error")
			}
			return
		}
		e, err := Compile(lib)
		if err != nil {
			t.Fatalf("an accepted library does not compile: %v", err)
		}
		e.Analyze("where is my order", AnalyzeOptions{})
		e.CheckExamples("fuzz.json")
	})
}

// FuzzAnalyze: any message gives spans inside the message and valid UTF-8
// evidence, never a panic.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"where is my order 48213??", "I'm not angry", "", "\xff\xfe", "Ünïcödé refünd!!", "a and b and c. also d", strings.Repeat("refund ", 100)} {
		f.Add(s)
	}
	e := engine(f)
	f.Fuzz(func(t *testing.T, msg string) {
		a := e.Analyze(msg, AnalyzeOptions{TopK: 5})
		n := len(lang.Sanitize(msg))
		for _, im := range a.Intents {
			for _, sp := range im.Evidence {
				if sp.Start < 0 || sp.End > n || sp.Start > sp.End {
					t.Fatalf("evidence span %v outside message of %d bytes", sp, n)
				}
			}
		}
		for _, fm := range a.Feelings {
			if fm.Start < 0 || fm.End > n || fm.Intensity < 1 || fm.Intensity > 3 || !utf8.ValidString(fm.Evidence) {
				t.Fatalf("bad feeling %+v", fm)
			}
		}
		for _, en := range a.Entities {
			if en.Start < 0 || en.End > n || en.Start > en.End {
				t.Fatalf("bad entity %+v", en)
			}
		}
		for _, r := range a.Requests {
			if r.Span.Start < 0 || r.Span.End > n {
				t.Fatalf("bad request span %+v", r)
			}
		}
	})
}

// FuzzCompose: any message and names give valid UTF-8 replies whose
// reported placeholders are where they say.
func FuzzCompose(f *testing.F) {
	f.Add("where is my order 48213", "Sam Lee", "Ana", "T-1")
	f.Add("I'm furious, charged twice!!", "{{agent.name}}", "", "")
	f.Add("\xff", "<script>", "\u202e", "x")
	e := engine(f)
	f.Fuzz(func(t *testing.T, msg, customer, agent, ticket string) {
		a := e.Analyze(msg, AnalyzeOptions{})
		for _, s := range e.Compose(a, Context{CustomerName: customer, AgentName: agent, TicketID: ticket}, ComposeOptions{}) {
			if !utf8.ValidString(s.Text) {
				t.Fatalf("invalid UTF-8 in %q", s.Text)
			}
			for _, m := range s.Missing {
				if m.Start < 0 || m.End > len(s.Text) || !strings.HasPrefix(s.Text[m.Start:], "{{") {
					t.Fatalf("placeholder %+v not at its span in %q", m, s.Text)
				}
			}
		}
	})
}

// FuzzSortOccurrences: the radix sort gives the stable comparison sort's
// order (by key; equal keys in the order they came), for any keys, by
// radix or by insertion. Each
// 9 bytes of data are a key and a kind; keys are also folded onto few
// values so that equal keys and equal bytes are common.
func FuzzSortOccurrences(f *testing.F) {
	f.Add([]byte{}, false)
	f.Add([]byte("\x01\x00\x00\x00\x00\x00\x00\x00a\x01\x00\x00\x00\x00\x00\x00\x00b\x00\x00\x00\x00\x00\x00\x00\x01c"), false)
	f.Add([]byte("the same byte in every place, or nearly: sorting keys by key, keeping order"), true)
	f.Add([]byte(strings.Repeat("a radix sort for longer lists of keys; ", 20)), false) // over insertionMax
	f.Add([]byte(strings.Repeat("a radix sort for longer lists of keys; ", 20)), true)
	f.Fuzz(func(t *testing.T, data []byte, few bool) {
		var occ []occurrence
		for i := 0; i+9 <= len(data); i += 9 {
			key := uint64(0)
			for _, b := range data[i : i+8] {
				key = key<<8 | uint64(b)
			}
			if few {
				key %= 5
				key <<= 8 * (key % 8)
			}
			// The weight is the place it came in: any reordering of equal
			// keys shows.
			occ = append(occ, occurrence{key: key, kind: data[i+8], w: float64(len(occ))})
		}
		want := slices.Clone(occ)
		slices.SortStableFunc(want, func(a, b occurrence) int { return cmp.Compare(a.key, b.key) })
		var tmp []occurrence
		for range 2 { // the second time with the first call's list
			got := slices.Clone(occ)
			tmp = sortOccurrences(got, tmp)
			if !slices.Equal(got, want) {
				t.Fatalf("sortOccurrences:\n%v\nwant\n%v", got, want)
			}
		}
	})
}

// FuzzClauseMatchesPrepare: for any message, each clause cut from the
// prepared message has the vector of its own text prepared alone.
func FuzzClauseMatchesPrepare(f *testing.F) {
	f.Add("I want to cancel my subscription and also I was charged twice. Plus the app crashes!")
	f.Add("wher is my ordr?? and also, can i chnage the adress\nthanks")
	f.Add("'s . , and 12.50, but 's")
	m := engine(f).m
	f.Fuzz(func(t *testing.T, msg string) {
		if len(msg) > 2000 {
			return
		}
		q := m.prepare(msg)
		for _, s := range splitClauses(msg) {
			got, want := m.clause(q, s), m.prepare(msg[s.Start:s.End])
			if !slices.Equal(got.vec, want.vec) || len(got.words) != len(want.words) {
				t.Fatalf("%q, clause %q: %v, want %v", msg, msg[s.Start:s.End], got.vec, want.vec)
			}
		}
	})
}

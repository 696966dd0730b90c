package library

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/data"
)

// sameLibrary fails unless a and b say the same as JSON: every field, in
// order (a list missing and one empty say the same).
func sameLibrary(t *testing.T, got, want *Library) {
	t.Helper()
	g, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	w, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(g, w) {
		i := 0
		for i < len(g) && i < len(w) && g[i] == w[i] {
			i++
		}
		t.Fatalf("the binary form reads to another library: first difference at byte %d of its JSON: %.60q, want %.60q", i, g[i:], w[i:])
	}
}

func TestLibraryBinaryRoundTrip(t *testing.T) {
	def, err := ParseLibrary("default.json", data.DefaultLibrary)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		lib  *Library
	}{
		{"default", def},
		{"synthetic 2,000", SyntheticLibrary(def, 2000, 500)},
		{"every field", &Library{Format: Format, Schema: Schema, Name: "n", Language: "en",
			Intents: []Intent{{ID: "a", Title: "t", Category: "c", Phrasings: []string{"x", "ü y"}, Replies: []Reply{{ID: "r", Title: "T", Shortcut: "s", Body: "B", Promises: []Promise{{"B", "b done"}, {"B2", "c"}}}}, Situation: "late"}},
			Feelings: []Feeling{{ID: "f", Label: "L", Negative: true, Cues: []Cue{{"bad", 2}, {"worse", -3}}, Unless: []string{"u"}, Acknowledgements: []Acknowledgement{{1, "ack"}},
				Situations: []Situation{{ID: "late", Label: "a delay", Cues: []Cue{{"delayed", 2}}, Acknowledgements: []Acknowledgement{{2, "Late is hard."}}}}, Sarcasm: []string{"yeah right", "🙃"}}},
			Openers: []Snippet{{"o", "Hi"}}, Closers: []Snippet{{"c", "Bye"}},
			Rules: []Rule{{ID: "r", Kind: KindSwap, Severity: SeverityWarning, Message: "m", Phrases: []string{"p"}, Suggestions: []string{"s"},
				Before: []string{"b"}, Unless: []string{"u"}, Examples: Examples{Flag: []string{"f"}, Pass: []string{"p"}}}}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := EncodeLibrary(c.lib)
			got, err := ReadLibraryBinary(b)
			if err != nil {
				t.Fatal(err)
			}
			sameLibrary(t, got, c.lib)
		})
	}
	// The binary form is smaller than the JSON it is made from.
	if b := EncodeLibrary(def); len(b) >= len(data.DefaultLibrary) {
		t.Errorf("the default library's binary form is %d bytes, its JSON %d", len(b), len(data.DefaultLibrary))
	}
}

func TestReadLibraryBinaryRejects(t *testing.T) {
	def, err := ParseLibrary("default.json", data.DefaultLibrary)
	if err != nil {
		t.Fatal(err)
	}
	good := EncodeLibrary(def)
	flag := EncodeLibrary(&Library{Format: Format, Schema: Schema, Intents: []Intent{{ID: "a"}}, Feelings: []Feeling{{ID: "f"}}})
	// The feeling's flag follows its id ("f") and label (""): make it 2.
	bad := bytes.Clone(flag)
	bad[bytes.LastIndex(bad, []byte{1, 'f', 0})+3] = 2
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not the binary form"},
		{"JSON", data.DefaultLibrary, "not the binary form"},
		{"magic only", []byte(LibraryBinaryMagic), "cut short"},
		{"cut", good[:len(good)/3], "binary form at byte"},
		{"trailing", append(bytes.Clone(good), 7), "1 bytes after the library"},
		{"huge count", append([]byte(LibraryBinaryMagic), 0x80, 0x80, 0x80, 0x80, 0x08), "a count of"},
		{"overlong number", append([]byte(LibraryBinaryMagic+"\x00"), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f), "longer than 64 bits"},
		{"a flag of 2", bad, "a flag of 2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			lib, err := ReadLibraryBinary(c.data)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one saying %q", err, c.want)
			}
			if lib != nil {
				t.Error("a library with the error")
			}
		})
	}
}

// FuzzReadLibraryBinary: any bytes give a library or an error, never a
// panic; a library read is encoded and read back to the same.
func FuzzReadLibraryBinary(f *testing.F) {
	def, err := ParseLibrary("default.json", data.DefaultLibrary)
	if err != nil {
		f.Fatal(err)
	}
	// Small seeds: minimizing a large input would take the fuzzer's time.
	in := def.Intents[0]
	in.Phrasings, in.Replies = in.Phrasings[:2], in.Replies[:1]
	fe := def.Feelings[0]
	fe.Cues, fe.Acknowledgements = fe.Cues[:2], fe.Acknowledgements[:1]
	f.Add(EncodeLibrary(&Library{Format: Format, Schema: Schema, Intents: []Intent{in}, Feelings: []Feeling{fe}, Openers: def.Openers[:1], Rules: def.Rules[:1]}))
	f.Add([]byte(LibraryBinaryMagic + "\x00\x02"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lib, err := ReadLibraryBinary(data)
		if err != nil {
			return
		}
		again, err := ReadLibraryBinary(EncodeLibrary(lib))
		if err != nil {
			t.Fatalf("read, encoded, then refused: %v", err)
		}
		sameLibrary(t, again, lib)
	})
}

// The binary form is what the widget reads; the JSON stays the source.
func ExampleEncodeLibrary() {
	lib, err := ParseLibrary("default.json", data.DefaultLibrary)
	if err != nil {
		fmt.Println(err)
		return
	}
	back, err := ReadLibraryBinary(EncodeLibrary(lib))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(back.Format, len(back.Intents) == len(lib.Intents), back.Intents[0].ID == lib.Intents[0].ID)
	// Output: warmdesk-library true true
}

// fillAll sets every field reachable from v, by reflection: each string
// to a different text, each number to a different value (negative ones
// too), each bool to true, and each list to two filled items. A field
// added to Library or to a type it holds is filled too, so the binary
// form cannot forget it without TestLibraryBinaryEveryField failing.
func fillAll(t *testing.T, v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d é", *n))
	case reflect.Int:
		v.SetInt(int64(*n * (1 - 2*(*n%2))))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fillAll(t, v.Index(i), n)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				t.Fatalf("%s.%s is not exported: the binary form is of exported fields", v.Type(), v.Type().Field(i).Name)
			}
			fillAll(t, v.Field(i), n)
		}
	default:
		t.Fatalf("fillAll does not know %s: teach it, and the binary form", v.Type())
	}
}

// Every field of a library, filled by reflection, comes back from the
// binary form as it went in.
func TestLibraryBinaryEveryField(t *testing.T) {
	var lib Library
	n := 0
	fillAll(t, reflect.ValueOf(&lib).Elem(), &n)
	got, err := ReadLibraryBinary(EncodeLibrary(&lib))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, &lib) {
		sameLibrary(t, got, &lib)
		t.Fatalf("the binary form reads to another library:\n got %+v\nwant %+v", got, &lib)
	}
}

package lang

import (
	"bytes"
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/data"
)

// TestLangBinary: the embedded binary language data is data/lang-en.json
// encoded, byte for byte; -update rewrites it from the JSON.
func TestLangBinary(t *testing.T) {
	j, err := ParseLang(data.LangEnJSON)
	if err != nil {
		t.Fatal(err)
	}
	want := encodeLang(j)
	if *update {
		if err := os.WriteFile("../data/lang-en.bin", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(data.LangEnBin, want) {
		t.Fatalf("data/lang-en.bin (%d bytes) is not data/lang-en.json encoded (%d bytes): run go test ./suggestions/lang -run TestLangBinary -update", len(data.LangEnBin), len(want))
	}
}

// Both forms give the same language data and the same compiled forms.
func TestLangBinarySameLang(t *testing.T) {
	j, err := ParseLang(data.LangEnJSON)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadLangBinary(data.LangEnBin)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(b, j) {
		t.Errorf("the binary form reads to other language data than the JSON")
	}
	if len(j.Variants) == 0 || len(j.Related) == 0 || len(j.stop) == 0 {
		t.Fatalf("the language data looks empty: %d variants, %d related groups, %d stop words", len(j.Variants), len(j.Related), len(j.stop))
	}
}

func TestReadLangBinaryRejects(t *testing.T) {
	good := data.LangEnBin
	swapped := encodeLangVariantsOutOfOrder(t)
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not the binary form"},
		{"JSON", data.LangEnJSON, "not the binary form"},
		{"cut", good[:len(good)/2], "binary form at byte"},
		{"trailing", append(bytes.Clone(good), 0), "1 bytes after the data"},
		{"variants out of order", swapped, "does not follow"},
		{"huge count", append([]byte(LangBinaryMagic), 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f), "a count of"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadLangBinary(c.data)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one saying %q", err, c.want)
			}
		})
	}
}

// encodeLangVariantsOutOfOrder writes language data whose first two
// variants are swapped.
func encodeLangVariantsOutOfOrder(t *testing.T) []byte {
	t.Helper()
	l := &Lang{Language: "en", Variants: map[string]string{"colour": "color", "favour": "favor"}}
	b := encodeLang(l)
	i, k := bytes.Index(b, []byte("colour")), bytes.Index(b, []byte("favour"))
	if i < 0 || k < 0 {
		t.Fatal("variants not found in the encoding")
	}
	// Each variant is 6 bytes plus its 5-byte replacement with lengths:
	// swap the two entries (length, spelling, length, replacement).
	n := k - i
	out := bytes.Clone(b)
	copy(out[i-1:], b[k-1:k-1+n])
	copy(out[i-1+n:], b[i-1:i-1+n])
	return out
}

func FuzzReadLangBinary(f *testing.F) {
	// Small seeds: minimizing a large input would take the fuzzer's time.
	f.Add(encodeLang(&Lang{Language: "en", Variants: map[string]string{"colour": "color", "e-mail": "email"}, Negators: []string{"not"},
		Contrasts: []string{"but"}, Stopwords: []string{"the"}, Synonyms: [][]string{{"buy", "purchase"}}, Related: [][]string{{"refund", "rebate"}}}))
	f.Add([]byte(LangBinaryMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ReadLangBinary(data)
		if err != nil {
			return
		}
		// What reads is encoded and read back to the same data.
		again, err := ReadLangBinary(encodeLang(l))
		if err != nil {
			t.Fatalf("read, encoded, then refused: %v", err)
		}
		if !reflect.DeepEqual(again, l) {
			t.Fatal("read, encoded and read again: other data")
		}
	})
}

var update = flag.Bool("update", false, "rewrite data/lang-en.bin from data/lang-en.json")

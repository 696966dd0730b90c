package feelings

import (
	"bytes"
	"flag"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/data"
	"github.com/warmdesk/warmdesk/suggestions/internal/hashkey"
)

// jsonFeelings is the shipped feelings model as training wrote it.
func jsonFeelings(t testing.TB) *Model {
	t.Helper()
	data, err := os.ReadFile("../data/feelings-en.json")
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseModel(data)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestFeelingsBinary: the embedded binary model is the JSON model encoded,
// byte for byte; -update rewrites it from the JSON.
func TestFeelingsBinary(t *testing.T) {
	want, err := EncodeModel(jsonFeelings(t))
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("../data/feelings-en.bin", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(data.FeelingsEnBin, want) {
		t.Fatalf("data/feelings-en.bin (%d bytes) is not data/feelings-en.json encoded (%d bytes): run go test ./suggestions/feelings -run TestFeelingsBinary -update", len(data.FeelingsEnBin), len(want))
	}
}

// Both forms give the same model: the same feelings, bias, threshold,
// general and covered feelings, each feature's weight to the bit, and
// every valence word in its group.
func TestFeelingsBinarySameModel(t *testing.T) {
	j := jsonFeelings(t)
	b, err := DecodeModel(data.FeelingsEnBin)
	if err != nil {
		t.Fatal(err)
	}
	if b.About != j.About || !slices.Equal(b.General, j.General) || !reflect.DeepEqual(b.Covers, j.Covers) {
		t.Errorf("about, general or covers differ: %q %v %v, want %q %v %v", b.About, b.General, b.Covers, j.About, j.General, j.Covers)
	}
	if len(b.Feelings) != len(j.Feelings) {
		t.Fatalf("%d feelings, want %d", len(b.Feelings), len(j.Feelings))
	}
	for id, jw := range j.Feelings {
		bw := b.Feelings[id]
		if bw == nil {
			t.Errorf("feeling %q missing", id)
			continue
		}
		if bw.Bias != jw.Bias || bw.Threshold != jw.Threshold {
			t.Errorf("%s: bias %v threshold %v, want %v %v", id, bw.Bias, bw.Threshold, jw.Bias, jw.Threshold)
		}
		if bw.Weights != nil {
			t.Errorf("%s: the binary form keeps the weights by name", id)
		}
		got := map[uint64]float64{}
		for k, h := range bw.keys {
			got[h] = bw.vals[k]
		}
		if len(got) != len(jw.Weights) {
			t.Errorf("%s: %d weights, want %d", id, len(got), len(jw.Weights))
		}
		for n, w := range jw.Weights {
			if g, ok := got[hashkey.Of(0, n)]; !ok || math.Float64bits(g) != math.Float64bits(w) {
				t.Errorf("%s: %q weighs %v, want %v", id, n, g, w)
				break
			}
		}
	}
	words := 0
	for k, list := range j.Valence {
		for _, w := range strings.Fields(list) {
			words++
			if got := valenceOf(&b.valence, w); got != valenceOf(&j.valence, w) || got == 0 {
				t.Errorf("valence of %q: %d, want group %s", w, got, k)
			}
		}
	}
	if b.valence.Len() != words || words < 1000 {
		t.Errorf("%d valence words, want the JSON's %d (over 1,000)", b.valence.Len(), words)
	}
	if valenceOf(&b.valence, "parcel") != 0 {
		t.Errorf("a neutral word has a valence group")
	}
}

// Every way of spoiling the binary form is an error that says what is
// wrong, never a panic or a model.
func TestDecodeFeelingModelRejects(t *testing.T) {
	good := &Model{
		About:    "test",
		Feelings: map[string]*Weights{"angry": {Bias: -1, Threshold: 0.4, Weights: map[string]float64{"t:furious": 1.25, "c:<fur": 0.5}}, "unhappy": {Bias: -2, Threshold: 0.5, Weights: map[string]float64{"t:bad": 0.75}}},
		General:  []string{"unhappy"},
		Covers:   map[string][]string{"unhappy": {"angry"}},
		Valence:  map[string]string{"-3": "awful dreadful", "2": "nice"},
	}
	data, err := EncodeModel(good)
	if err != nil {
		t.Fatal(err)
	}
	m, err := DecodeModel(data)
	if err != nil {
		t.Fatalf("a good model: %v", err)
	}
	if valenceOf(&m.valence, "dreadful") != -3 || valenceOf(&m.valence, "nice") != 2 || len(m.Feelings["angry"].keys) != 2 {
		t.Fatalf("a good model decoded wrong: %+v", m)
	}
	enc := func(edit func(m *Model)) []byte {
		c := *good
		c.Feelings = map[string]*Weights{}
		for id, fw := range good.Feelings {
			w := *fw
			c.Feelings[id] = &w
		}
		edit(&c)
		b, err := EncodeModel(&c)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cases := []struct {
		name, want string
		data       []byte
	}{
		{"empty", "no \"WDF1\"", nil},
		{"JSON", "no \"WDF1\"", []byte(`{"feelings":{}}`)},
		{"cut short", "", data[:len(data)-3]},
		{"trailing bytes", "bytes after the model", append(slices.Clone(data), 0)},
		{"threshold", "threshold must be between 0 and 1", enc(func(m *Model) { m.Feelings["angry"].Threshold = 1 })},
		{"unknown kind", "of no known kind", enc(func(m *Model) { m.Feelings["angry"].Weights = map[string]float64{"x:bad": 1} })},
		{"general", "has no weights", enc(func(m *Model) { m.General = []string{"sad"} })},
		{"covers", "is not a general feeling", enc(func(m *Model) { m.Covers = map[string][]string{"angry": {"sad"}} })},
		{"valence group", "from -4 to 4", enc(func(m *Model) { m.Valence = map[string]string{"7": "nice"} })},
		{"valence case", "lower case", enc(func(m *Model) { m.Valence = map[string]string{"2": "Nice"} })},
		{"valence twice", "in two groups", enc(func(m *Model) { m.Valence = map[string]string{"2": "nice", "3": "nice"} })},
		{"huge count", "a count of", append([]byte(feelBinMagic), 0xff, 0xff, 0xff, 0xff, 0x0f)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := DecodeModel(c.data)
			if err == nil {
				t.Fatalf("decoded %+v, want an error", m)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not say %q", err, c.want)
			}
		})
	}
	// A weight that is not a whole number of thousandths cannot be
	// written: reading it back would change the model.
	bad := *good
	bad.Feelings = map[string]*Weights{"angry": {Threshold: 0.5, Weights: map[string]float64{"t:x": 0.0005}}}
	if _, err := EncodeModel(&bad); err == nil || !strings.Contains(err.Error(), "thousandths") {
		t.Errorf("encoding 0.0005: %v, want an error about thousandths", err)
	}
}

// FuzzDecodeFeelingModel: no input makes the decoder panic, and a model
// it accepts has a weight for every feature hash and thresholds in (0, 1).
func FuzzDecodeFeelingModel(f *testing.F) {
	f.Add(data.FeelingsEnBin[:4096])
	good, _ := EncodeModel(&Model{Feelings: map[string]*Weights{"sad": {Threshold: 0.3, Weights: map[string]float64{"t:sad": 1, "t:cry": 0.5}}}, Valence: map[string]string{"-2": "sad"}})
	f.Add(good)
	f.Add([]byte(feelBinMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := DecodeModel(data)
		if err != nil {
			return
		}
		for id, fw := range m.Feelings {
			if len(fw.keys) != len(fw.vals) || !(fw.Threshold > 0 && fw.Threshold < 1) {
				t.Fatalf("%s: %d keys, %d weights, threshold %v", id, len(fw.keys), len(fw.vals), fw.Threshold)
			}
		}
	})
}

var update = flag.Bool("update", false, "rewrite data/feelings-en.bin from data/feelings-en.json")

package feelings

import (
	"encoding/binary"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/warmdesk/warmdesk/suggestions/internal/binio"
	"github.com/warmdesk/warmdesk/suggestions/internal/hashkey"
)

// The feelings model's binary form, in prose.
//
// data/feelings-en.json is the model as training writes it and people read
// it. The widget embeds data/feelings-en.bin instead, the same model in
// the form below: in the browser's cold page, decoding the JSON (15,600
// weights in string-keyed maps, 6,500 valence words) was the largest part
// of the widget's start after the download. The binary form is read with
// a handful of small loops and no string per feature: the detector needs
// only each feature's hash.
//
// TestFeelingsBinary holds the two files to the same model; `go test
// ./suggestions/feelings -run TestFeelingsBinary -update` remakes the binary from
// the JSON, and the trainer (tools/trainfeelings) writes both.
//
// Layout: "WDF1", then uvarints (u), zigzag varints (z), strings as a u
// length and bytes, and float64s as 8 little-endian bytes:
//
//	about          string
//	names          u count; each name front-coded against the one before
//	               (u bytes shared, then the rest as a string), in
//	               strictly increasing order
//	feelings       u count, by id; each: id string, bias float64,
//	               threshold float64, u weights; each weight: u step from
//	               the previous weight's name index (the first from -1),
//	               z the weight in thousandths
//	general        u count; ids
//	covers         u count, by general id; each: id, u count, ids
//	valence        u groups, in increasing order; each: z group, u words,
//	               the words front-coded like names
//
// Weights are thousandths because training rounds them so
// (largestWeights): k/1000 computed in float64 is the float64 that the
// JSON's decimal text parses to, so both files give the same model to
// the bit.

const feelBinMagic = "WDF1"

// EncodeModel writes m in the binary form DecodeModel
// reads. Every weight must be a whole number of thousandths.
func EncodeModel(m *Model) ([]byte, error) {
	b := []byte(feelBinMagic)
	str := func(s string) { b = binio.AppendString(b, s) }
	frontCoded := func(words []string) { b = binio.AppendFrontCoded(b, words) }
	str(m.About)
	index := map[string]int{}
	var names []string
	for _, fw := range m.Feelings {
		for n := range fw.Weights {
			if _, ok := index[n]; !ok {
				index[n] = 0
				names = append(names, n)
			}
		}
	}
	sort.Strings(names)
	for i, n := range names {
		index[n] = i
	}
	frontCoded(names)
	ids := slices.Sorted(maps.Keys(m.Feelings))
	b = binary.AppendUvarint(b, uint64(len(ids)))
	for _, id := range ids {
		fw := m.Feelings[id]
		str(id)
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(fw.Bias))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(fw.Threshold))
		var at []int
		for n := range fw.Weights {
			at = append(at, index[n])
		}
		slices.Sort(at)
		b = binary.AppendUvarint(b, uint64(len(at)))
		prev := -1
		for _, j := range at {
			w := fw.Weights[names[j]]
			k := math.Round(w * 1000)
			if float64(int64(k))/1000 != w || math.Abs(k) > maxMilliWeight {
				return nil, fmt.Errorf("feelings model: %s: weight %v of %q is not a whole number of thousandths", id, w, names[j])
			}
			b = binary.AppendUvarint(b, uint64(j-prev))
			b = binary.AppendVarint(b, int64(k))
			prev = j
		}
	}
	b = binary.AppendUvarint(b, uint64(len(m.General)))
	for _, g := range m.General {
		str(g)
	}
	covered := slices.Sorted(maps.Keys(m.Covers))
	b = binary.AppendUvarint(b, uint64(len(covered)))
	for _, g := range covered {
		str(g)
		b = binary.AppendUvarint(b, uint64(len(m.Covers[g])))
		for _, id := range m.Covers[g] {
			str(id)
		}
	}
	var groups []int
	for k := range m.Valence {
		v, err := strconv.Atoi(k)
		if err != nil {
			return nil, fmt.Errorf("feelings model: valence: group %q is not a number", k)
		}
		groups = append(groups, v)
	}
	slices.Sort(groups)
	b = binary.AppendUvarint(b, uint64(len(groups)))
	for _, v := range groups {
		words := strings.Fields(m.Valence[strconv.Itoa(v)])
		slices.Sort(words)
		b = binary.AppendVarint(b, int64(v))
		frontCoded(words)
	}
	return b, nil
}

// maxMilliWeight bounds a weight, in thousandths: a trained weight is a
// few units at most.
const maxMilliWeight = 1e7

// DecodeModel reads a model EncodeModel wrote, as strictly
// as ParseModel reads the JSON: a file cut short, a count larger
// than the bytes left, names out of order, a threshold outside (0, 1), a
// feature of no known kind, an unknown general feeling or a valence word
// in two groups is an error, never a panic. The model it returns has each
// feeling's weights by hash only (Weights is nil): what the detector
// needs.
func DecodeModel(data []byte) (*Model, error) {
	m, err := decodeModel(data)
	if err != nil {
		return nil, fmt.Errorf("feelings model (binary): %w", err)
	}
	return m, nil
}

func decodeModel(data []byte) (*Model, error) {
	if !strings.HasPrefix(string(data), feelBinMagic) {
		return nil, fmt.Errorf("not a feelings model (no %q at the start)", feelBinMagic)
	}
	r := &binio.Reader{B: data[len(feelBinMagic):]}
	m := &Model{Feelings: map[string]*Weights{}}
	m.About = string(r.Bytes())
	var hashes []uint64
	r.FrontCoded(func(n int) { hashes = make([]uint64, 0, n) }, func(w []byte) {
		if err := checkFeatureKind(w); err != nil {
			r.Fail(err)
		}
		hashes = append(hashes, hashkey.Add(hashkey.Start(0), w))
	})
	nf := r.Count()
	for range nf {
		id := string(r.Bytes())
		fw := &Weights{Bias: r.Float(), Threshold: r.Float()}
		if r.Err == nil && !(fw.Threshold > 0 && fw.Threshold < 1) {
			return nil, fmt.Errorf("feelings: %s: threshold must be between 0 and 1", id)
		}
		n := r.Count()
		fw.keys, fw.vals = make([]uint64, 0, n), make([]float64, 0, n)
		j := -1
		for range n {
			step, k := r.Uvarint(), r.Varint()
			if r.Err != nil {
				break
			}
			if step == 0 || step > uint64(len(hashes)-j-1) {
				return nil, fmt.Errorf("feelings: %s: a weight names feature %d of %d", id, uint64(j)+step, len(hashes))
			}
			if k > maxMilliWeight || k < -maxMilliWeight {
				return nil, fmt.Errorf("feelings: %s: weight %d thousandths is out of range", id, k)
			}
			j += int(step)
			fw.keys = append(fw.keys, hashes[j])
			fw.vals = append(fw.vals, float64(k)/1000)
		}
		if _, dup := m.Feelings[id]; dup && r.Err == nil {
			return nil, fmt.Errorf("feelings: %q twice", id)
		}
		m.Feelings[id] = fw
	}
	for range r.Count() {
		m.General = append(m.General, string(r.Bytes()))
	}
	for range r.Count() {
		g := string(r.Bytes())
		if m.Covers == nil {
			m.Covers = map[string][]string{}
		}
		for range r.Count() {
			m.Covers[g] = append(m.Covers[g], string(r.Bytes()))
		}
	}
	m.valence = hashkey.NewTable(0)
	for range r.Count() {
		v := r.Varint()
		if r.Err == nil && !valenceGroup(v) {
			return nil, fmt.Errorf("valence: group %d must be a whole number from -%d to %d, not 0", v, MaxValence, MaxValence)
		}
		r.FrontCoded(func(n int) { m.valence.Reserve(m.valence.Len() + n) }, func(w []byte) {
			if hasUpper(w) {
				r.Fail(fmt.Errorf("valence: %d: %q must be in lower case", v, w))
			} else if !putValence(&m.valence, w, int(v)) {
				r.Fail(fmt.Errorf("valence: %q is in two groups", w))
			}
		})
	}
	if r.Err != nil {
		return nil, r.Err
	}
	if len(r.B) > 0 {
		return nil, fmt.Errorf("%d bytes after the model", len(r.B))
	}
	if err := m.checkGeneral(); err != nil {
		return nil, err
	}
	return m, nil
}

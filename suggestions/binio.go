package suggestions

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// Reading and writing Warmdesk's binary forms: the feelings model
// (feelbin.go) and the saved model (model.go). Numbers are uvarints,
// zigzag varints or little-endian floats; a string is a uvarint length
// and its bytes; a list of words in increasing order is front-coded.

// appendString appends s as a uvarint length and its bytes.
func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendFrontCoded appends words, which must increase, front-coded: their
// count, then each word as the number of bytes it shares with the one
// before and the rest as a string (binReader.frontCoded reads it).
func appendFrontCoded(b []byte, words []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(words)))
	prev := ""
	for _, w := range words {
		n := 0
		for n < len(prev) && n < len(w) && prev[n] == w[n] {
			n++
		}
		b = binary.AppendUvarint(b, uint64(n))
		b = appendString(b, w[n:])
		prev = w
	}
	return b
}

var errShort = errors.New("cut short")

// binReader reads Warmdesk's binary forms (the feelings model here, the
// saved model in model.go); the first error sticks.
type binReader struct {
	b   []byte
	err error
}

func (r *binReader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
	r.b = nil
}

func (r *binReader) uvarint() uint64 { return readVarint(r, binary.Uvarint) }
func (r *binReader) varint() int64   { return readVarint(r, binary.Varint) }

// readVarint reads one number with decode (binary.Uvarint or Varint).
func readVarint[T uint64 | int64](r *binReader, decode func([]byte) (T, int)) T {
	v, n := decode(r.b)
	if n <= 0 {
		r.fail(errShort)
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a count of items each taking at least one byte.
func (r *binReader) count() int {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail(fmt.Errorf("a count of %d with %d bytes left", n, len(r.b)))
		return 0
	}
	return int(n)
}

func (r *binReader) bytes() []byte {
	n := r.count()
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

// frontCoded reads a front-coded list, calling size with its length (when
// size is not nil; at most the bytes left, see count), then each with
// every word in turn (valid only during the call), and failing unless they
// increase.
func (r *binReader) frontCoded(size func(n int), each func(w []byte)) {
	n := r.count()
	if size != nil && r.err == nil {
		size(n)
	}
	var w []byte
	for i := 0; i < n && r.err == nil; i++ {
		shared := r.uvarint()
		rest := r.bytes()
		if shared > uint64(len(w)) {
			r.fail(fmt.Errorf("word %d shares %d bytes of a %d-byte word", i, shared, len(w)))
			return
		}
		// The shared prefixes are equal: the rest decides the order.
		if i > 0 && string(rest) <= string(w[shared:]) {
			r.fail(fmt.Errorf("word %d does not follow %q", i, w))
			return
		}
		w = append(w[:shared], rest...)
		each(w)
	}
}

// u64 reads a little-endian uint64.
func (r *binReader) u64() uint64 {
	if len(r.b) < 8 {
		r.fail(errShort)
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

func (r *binReader) float() float64 { return math.Float64frombits(r.u64()) }

// Package binio reads and writes the core's binary forms: the language
// data, the library, the feelings model and the saved model. Numbers are
// uvarints, zigzag varints or little-endian floats; a string is a uvarint
// length and its bytes; a list of words in increasing order is
// front-coded. Readers never panic: the first error sticks.
//
// It imports nothing of the core: it is the bottom of the dependency
// order (see the package suggestions).
package binio

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// AppendString appends s as a uvarint length and its bytes.
func AppendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// AppendFrontCoded appends words, which must increase, front-coded: their
// count, then each word as the number of bytes it shares with the one
// before and the rest as a string (Reader.frontCoded reads it).
func AppendFrontCoded(b []byte, words []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(words)))
	prev := ""
	for _, w := range words {
		n := 0
		for n < len(prev) && n < len(w) && prev[n] == w[n] {
			n++
		}
		b = binary.AppendUvarint(b, uint64(n))
		b = AppendString(b, w[n:])
		prev = w
	}
	return b
}

var ErrShort = errors.New("cut short")

// Reader reads Warmdesk's binary forms (the feelings model here, the
// saved model in model.go); the first error sticks.
type Reader struct {
	B   []byte // what is left to read
	Err error
}

func (r *Reader) Fail(err error) {
	if r.Err == nil {
		r.Err = err
	}
	r.B = nil
}

func (r *Reader) Uvarint() uint64 { return readVarint(r, binary.Uvarint) }
func (r *Reader) Varint() int64   { return readVarint(r, binary.Varint) }

// readVarint reads one number with decode (binary.Uvarint or Varint).
func readVarint[T uint64 | int64](r *Reader, decode func([]byte) (T, int)) T {
	v, n := decode(r.B)
	if n <= 0 {
		r.Fail(ErrShort)
		return 0
	}
	r.B = r.B[n:]
	return v
}

// count reads a count of items each taking at least one byte.
func (r *Reader) Count() int {
	n := r.Uvarint()
	if n > uint64(len(r.B)) {
		r.Fail(fmt.Errorf("a count of %d with %d bytes left", n, len(r.B)))
		return 0
	}
	return int(n)
}

func (r *Reader) Bytes() []byte {
	n := r.Count()
	s := r.B[:n]
	r.B = r.B[n:]
	return s
}

// frontCoded reads a front-coded list, calling size with its length (when
// size is not nil; at most the bytes left, see count), then each with
// every word in turn (valid only during the call), and failing unless they
// increase.
func (r *Reader) FrontCoded(size func(n int), each func(w []byte)) {
	n := r.Count()
	if size != nil && r.Err == nil {
		size(n)
	}
	var w []byte
	for i := 0; i < n && r.Err == nil; i++ {
		shared := r.Uvarint()
		rest := r.Bytes()
		if shared > uint64(len(w)) {
			r.Fail(fmt.Errorf("word %d shares %d bytes of a %d-byte word", i, shared, len(w)))
			return
		}
		// The shared prefixes are equal: the rest decides the order.
		if i > 0 && string(rest) <= string(w[shared:]) {
			r.Fail(fmt.Errorf("word %d does not follow %q", i, w))
			return
		}
		w = append(w[:shared], rest...)
		each(w)
	}
}

// u64 reads a little-endian uint64.
func (r *Reader) U64() uint64 {
	if len(r.B) < 8 {
		r.Fail(ErrShort)
		return 0
	}
	v := binary.LittleEndian.Uint64(r.B)
	r.B = r.B[8:]
	return v
}

func (r *Reader) Float() float64 { return math.Float64frombits(r.U64()) }

// Writer writes the binary forms' numbers, strings and lists.
type Writer struct{ B []byte }

func (w *Writer) Count(n int)  { w.B = binary.AppendUvarint(w.B, uint64(n)) }
func (w *Writer) Num(n int)    { w.B = binary.AppendVarint(w.B, int64(n)) }
func (w *Writer) Str(s string) { w.B = AppendString(w.B, s) }

func (w *Writer) Strs(list []string) {
	w.Count(len(list))
	for _, s := range list {
		w.Str(s)
	}
}

func (w *Writer) Flag(v bool) {
	if v {
		w.B = append(w.B, 1)
	} else {
		w.B = append(w.B, 0)
	}
}

// StrReader reads what Writer wrote from one string, whose slices its
// strings are; the first error sticks and every read after it gives the
// zero value.
type StrReader struct {
	S   string // what is left to read
	Err error
}

func (r *StrReader) Fail(err error) {
	if r.Err == nil {
		r.Err = err
	}
	r.S = ""
}

func (r *StrReader) Uvarint() uint64 {
	var v uint64
	for i := 0; i < len(r.S); i++ {
		c := r.S[i]
		if i == binary.MaxVarintLen64-1 && c > 1 {
			r.Fail(errors.New("a number longer than 64 bits"))
			return 0
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			r.S = r.S[i+1:]
			return v
		}
	}
	r.Fail(ErrShort)
	return 0
}

// count reads a count of items each taking at least one byte.
func (r *StrReader) Count() int {
	n := r.Uvarint()
	if n > uint64(len(r.S)) {
		r.Fail(fmt.Errorf("a count of %d with %d bytes left", n, len(r.S)))
		return 0
	}
	return int(n)
}

func (r *StrReader) Num() int {
	u := r.Uvarint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	if int64(int(v)) != v {
		r.Fail(fmt.Errorf("the number %d is out of range", v))
		return 0
	}
	return int(v)
}

func (r *StrReader) Str() string {
	n := r.Count()
	s := r.S[:n]
	r.S = r.S[n:]
	return s
}

// strs reads a list of strings.
func (r *StrReader) Strs() []string {
	list := make([]string, r.Count())
	for i := range list {
		list[i] = r.Str()
	}
	return list
}

func (r *StrReader) Flag() bool {
	if r.S == "" {
		r.Fail(ErrShort)
		return false
	}
	c := r.S[0]
	r.S = r.S[1:]
	if c > 1 {
		r.Fail(fmt.Errorf("a flag of %d", c))
	}
	return c == 1
}

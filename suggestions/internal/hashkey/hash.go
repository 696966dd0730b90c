// Package hashkey is the one 64-bit hash the core keys its features by
// (FNV-1a, with a kind byte mixed into the start), and Table, the flat
// hash table that maps such keys to small numbers. The matcher, the
// language data's related-word groups, the feelings model and the
// composer's choices all hash through it, so their keys agree.
//
// It imports nothing of the core: it is the bottom of the dependency
// order (see the package suggestions).
package hashkey

// Basis is FNV-1a's offset basis: Add(Basis, b) is plain FNV-1a of b,
// what hash/fnv's New64a gives.
const Basis uint64 = 14695981039346656037

const prime64 = 1099511628211

// Of is the key of s under kind: Add(Start(kind), s).
func Of(kind uint8, s string) uint64 {
	return Add(Start(kind), s)
}

// Start and Add hash a key in pieces, as Of hashes it whole:
// Add(Add(Start(k), "a"), "b") == Of(k, "ab"), with no string built.
func Start(kind uint8) uint64 {
	h := Basis
	h ^= uint64(kind)
	return h * prime64
}

// Add hashes the bytes of s into h.
func Add[T string | []byte](h uint64, s T) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= prime64
	}
	return h
}

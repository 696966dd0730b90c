package hashkey

import (
	"math/rand/v2"
	"testing"
)

// The table holds what a map holds, through growth, overwrites and keys
// that share their probe's start.
func TestHashTable(t *testing.T) {
	for _, n := range []int{0, 1, 7, 100, 5000} {
		r := rand.New(rand.NewPCG(uint64(n), 1))
		var tab Table // the zero table grows on first put
		if _, ok := tab.Get(42); ok {
			t.Fatal("the empty table finds a key")
		}
		want := map[uint64]int32{}
		for i := range n {
			k := r.Uint64()
			if i%3 == 0 {
				k &= 0xff // small keys: many share a probe's start
			}
			v := int32(r.IntN(1000))
			_, had := want[k]
			if isNew := tab.Put(k, v); isNew == had {
				t.Fatalf("put(%d) said new=%v, the map had it: %v", k, isNew, had)
			}
			want[k] = v
		}
		if tab.Len() != len(want) {
			t.Fatalf("n=%d: table holds %d keys, want %d", n, tab.Len(), len(want))
		}
		for k, v := range want {
			if got, ok := tab.Get(k); !ok || got != v {
				t.Fatalf("n=%d: get(%d) = %d, %v; want %d", n, k, got, ok, v)
			}
		}
		for range 1000 {
			k := r.Uint64()
			_, in := want[k]
			if _, ok := tab.Get(k); ok != in {
				t.Fatalf("n=%d: get(%d) found=%v, want %v", n, k, ok, in)
			}
		}
		if 2*tab.Len() > len(tab.keys) && tab.Len() > 0 {
			t.Errorf("n=%d: %d keys in %d slots: over half full", n, tab.Len(), len(tab.keys))
		}
	}
}

// reserve keeps what the table holds and makes room for that many keys in
// all: putting them grows it no further.
func TestHashTableReserve(t *testing.T) {
	var tab Table
	for k := range uint64(10) {
		tab.Put(k, int32(k))
	}
	tab.Reserve(1000)
	slots := len(tab.keys)
	if slots < 2000 {
		t.Fatalf("reserve(1000): %d slots, want at least 2000", slots)
	}
	for k := range uint64(10) {
		if v, ok := tab.Get(k); !ok || v != int32(k) {
			t.Fatalf("after reserve, get(%d) = %d, %v", k, v, ok)
		}
	}
	for k := uint64(10); k < 1000; k++ {
		tab.Put(k*0x9E3779B97F4A7C15, 1)
	}
	if len(tab.keys) != slots || tab.Len() != 1000 {
		t.Errorf("1000 keys after reserve(1000): %d keys in %d slots, want them in the %d reserved", tab.Len(), len(tab.keys), slots)
	}
	tab.Reserve(10) // smaller than held: nothing changes
	if len(tab.keys) != slots || tab.Len() != 1000 {
		t.Errorf("reserve(10) with 1000 held: %d keys in %d slots", tab.Len(), len(tab.keys))
	}
}

// FuzzHashTable: any sequence of puts reads back as a map would.
func FuzzHashTable(f *testing.F) {
	f.Add([]byte{1, 2, 3, 1, 2, 3, 255, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var tab Table
		want := map[uint64]int32{}
		for i, b := range data {
			k := uint64(b) * 0x100000001 // repeats and shared starts
			tab.Put(k, int32(i))
			want[k] = int32(i)
		}
		if tab.Len() != len(want) {
			t.Fatalf("%d keys, want %d", tab.Len(), len(want))
		}
		for k, v := range want {
			if got, ok := tab.Get(k); !ok || got != v {
				t.Fatalf("get(%d) = %d, %v; want %d", k, got, ok, v)
			}
		}
	})
}

package hashkey

// Table maps 64-bit hashes (fnv) to small numbers: open addressing
// with linear probing over two flat slices, at most half full.
//
// It stands where a map[uint64]int32 stood for the feelings model's
// features and valence words. In the browser's cold page every Go map
// insert runs the runtime's generic map code in V8's baseline tier:
// building the feelings index of some 12,500 features and the 6,500
// valence words was a large part of reading the model. Here an insert
// is a multiply, a shift and a store or two, and a lookup the same.
type Table struct {
	keys  []uint64
	vals  []int32 // value+1: 0 marks an empty slot
	shift uint8   // 64 - log2(len(keys))
	n     int
}

// NewTable returns a table sized for n keys.
func NewTable(n int) Table {
	size, bits := 8, uint8(3)
	for size < 2*n {
		size *= 2
		bits++
	}
	return Table{keys: make([]uint64, size), vals: make([]int32, size), shift: 64 - bits}
}

// slot is where key's probe starts: Fibonacci hashing spreads the fnv
// hash's bits over the table's size.
func (t *Table) slot(key uint64) int {
	return int((key * 0x9E3779B97F4A7C15) >> t.shift)
}

// get returns key's value.
func (t *Table) Get(key uint64) (int32, bool) {
	if len(t.keys) == 0 {
		return 0, false
	}
	mask := len(t.keys) - 1
	for i := t.slot(key); ; i = (i + 1) & mask {
		v := t.vals[i]
		if v == 0 {
			return 0, false
		}
		if t.keys[i] == key {
			return v - 1, true
		}
	}
}

// put sets key's value (v ≥ 0), growing the table past half full, and
// reports whether key was new.
func (t *Table) Put(key uint64, v int32) bool {
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	mask := len(t.keys) - 1
	for i := t.slot(key); ; i = (i + 1) & mask {
		if t.vals[i] == 0 {
			t.keys[i], t.vals[i] = key, v+1
			t.n++
			return true
		}
		if t.keys[i] == key {
			t.vals[i] = v + 1
			return false
		}
	}
}

func (t *Table) grow() { t.Reserve(max(4, 2*t.n)) }

// reserve makes room for n keys in all, so that putting them does not
// grow the table again.
func (t *Table) Reserve(n int) {
	if 2*n <= len(t.keys) {
		return
	}
	old := *t
	*t = NewTable(n)
	for i, v := range old.vals {
		if v != 0 {
			t.Put(old.keys[i], v-1)
		}
	}
}

// len is the number of keys held.
func (t *Table) Len() int { return t.n }

// Each calls f with every key and its value, in no particular order.
func (t *Table) Each(f func(key uint64, v int32)) {
	for i, v := range t.vals {
		if v != 0 {
			f(t.keys[i], v-1)
		}
	}
}

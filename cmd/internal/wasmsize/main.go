// Command wasmsize shows what takes space in a WebAssembly file built by
// Go without -s (so that it keeps its "name" section): the code size of
// each function, summed by package, and the size of the data section.
// `go tool nm` does not read wasm files; this is the small part of
// twiggy we need to decide what to cut.
//
//	GOOS=js GOARCH=wasm go build -trimpath -o /tmp/app.wasm ./cmd/wasm
//	go run ./cmd/internal/wasmsize [-top 40] [-funcs 30] /tmp/app.wasm
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

func main() {
	top := flag.Int("top", 40, "list this many packages")
	funcs := flag.Int("funcs", 30, "list this many functions")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: wasmsize [-top N] [-funcs N] file.wasm")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	b, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmsize:", err)
		os.Exit(1)
	}
	m, err := parse(b)
	if err != nil {
		fmt.Fprintf(os.Stderr, "wasmsize: %s: %v\n", flag.Arg(0), err)
		os.Exit(1)
	}
	m.report(os.Stdout, *top, *funcs)
}

// module is what wasmsize reads from a wasm file.
type module struct {
	total    int
	sections map[string]int // section name to size
	imports  int            // imported functions, which come first in the index space
	bodies   []int          // code size of each defined function
	names    map[int]string // function index to name
}

type reader struct {
	b   []byte
	off int
}

var errShort = errors.New("truncated file")

func (r *reader) byte() (byte, error) {
	if r.off >= len(r.b) {
		return 0, errShort
	}
	r.off++
	return r.b[r.off-1], nil
}

func (r *reader) uleb() (int, error) {
	v, shift := 0, 0
	for {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		v |= int(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, nil
		}
		shift += 7
		if shift > 35 {
			return 0, errors.New("integer too long")
		}
	}
}

func (r *reader) bytes(n int) ([]byte, error) {
	if n < 0 || r.off+n > len(r.b) {
		return nil, errShort
	}
	r.off += n
	return r.b[r.off-n : r.off], nil
}

func (r *reader) name() (string, error) {
	n, err := r.uleb()
	if err != nil {
		return "", err
	}
	b, err := r.bytes(n)
	return string(b), err
}

var sectionNames = []string{"custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount"}

func parse(b []byte) (*module, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, errors.New("not a WebAssembly file")
	}
	m := &module{total: len(b), sections: map[string]int{}, names: map[int]string{}}
	r := &reader{b: b, off: 8}
	for r.off < len(b) {
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		size, err := r.uleb()
		if err != nil {
			return nil, err
		}
		body, err := r.bytes(size)
		if err != nil {
			return nil, fmt.Errorf("section %d: %w", id, err)
		}
		name := fmt.Sprintf("section %d", id)
		if int(id) < len(sectionNames) {
			name = sectionNames[id]
		}
		s := &reader{b: body}
		switch id {
		case 0:
			cname, err := s.name()
			if err != nil {
				return nil, err
			}
			name = "custom " + cname
			if cname == "name" {
				if err := m.readNames(s); err != nil {
					return nil, fmt.Errorf("name section: %w", err)
				}
			}
		case 2:
			if err := m.readImports(s); err != nil {
				return nil, fmt.Errorf("import section: %w", err)
			}
		case 10:
			n, err := s.uleb()
			if err != nil {
				return nil, err
			}
			for range n {
				sz, err := s.uleb()
				if err != nil {
					return nil, err
				}
				if _, err := s.bytes(sz); err != nil {
					return nil, err
				}
				m.bodies = append(m.bodies, sz)
			}
		}
		m.sections[name] += size
	}
	return m, nil
}

func (m *module) readImports(s *reader) error {
	n, err := s.uleb()
	if err != nil {
		return err
	}
	for range n {
		if _, err := s.name(); err != nil {
			return err
		}
		if _, err := s.name(); err != nil {
			return err
		}
		kind, err := s.byte()
		if err != nil {
			return err
		}
		switch kind {
		case 0: // function: type index
			m.imports++
			_, err = s.uleb()
		case 1: // table: element type, limits
			if _, err = s.byte(); err == nil {
				err = s.limits()
			}
		case 2: // memory: limits
			err = s.limits()
		case 3: // global: value type, mutability
			if _, err = s.byte(); err == nil {
				_, err = s.byte()
			}
		default:
			return fmt.Errorf("unknown import kind %d", kind)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *reader) limits() error {
	flag, err := s.byte()
	if err != nil {
		return err
	}
	if _, err := s.uleb(); err != nil {
		return err
	}
	if flag&1 != 0 {
		_, err = s.uleb()
	}
	return err
}

func (m *module) readNames(s *reader) error {
	for s.off < len(s.b) {
		id, err := s.byte()
		if err != nil {
			return err
		}
		size, err := s.uleb()
		if err != nil {
			return err
		}
		body, err := s.bytes(size)
		if err != nil {
			return err
		}
		if id != 1 { // function names
			continue
		}
		f := &reader{b: body}
		n, err := f.uleb()
		if err != nil {
			return err
		}
		for range n {
			idx, err := f.uleb()
			if err != nil {
				return err
			}
			name, err := f.name()
			if err != nil {
				return err
			}
			m.names[idx] = name
		}
	}
	return nil
}

// pkgOf is the package path of a Go symbol name such as
// "github.com/x/y.(*T).M" or "runtime.mallocgc".
//
// The wasm name section spells the path's slashes as underscores
// ("github.com_x_y.(*T).M"), so the package ends at the first dot after
// the host name's.
func pkgOf(sym string) string {
	from := strings.LastIndexByte(sym, '/') + 1
	for _, host := range []string{"github.com_", "golang.org_", "google.golang.org_", "gopkg.in_", "go.uber.org_"} {
		if from == 0 && strings.HasPrefix(sym, host) {
			from = len(host)
		}
	}
	dot := strings.IndexByte(sym[from:], '.')
	if dot < 0 {
		return sym
	}
	return sym[:from+dot]
}

type entry struct {
	name string
	size int
}

func sorted(m map[string]int) []entry {
	var out []entry
	for k, v := range m {
		out = append(out, entry{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].size != out[j].size {
			return out[i].size > out[j].size
		}
		return out[i].name < out[j].name
	})
	return out
}

func (m *module) report(w io.Writer, top, funcs int) {
	fmt.Fprintf(w, "%-40s %10d bytes\n", "file", m.total)
	for _, e := range sorted(m.sections) {
		fmt.Fprintf(w, "  %-38s %10d\n", e.name, e.size)
	}
	if len(m.names) == 0 {
		fmt.Fprintln(w, "\nno name section: build without -ldflags=-s to see functions")
		return
	}
	byPkg := map[string]int{}
	byFunc := map[string]int{}
	for i, sz := range m.bodies {
		name := m.names[m.imports+i]
		if name == "" {
			name = fmt.Sprintf("func[%d]", m.imports+i)
		}
		byPkg[pkgOf(name)] += sz
		byFunc[name] += sz
	}
	fmt.Fprintf(w, "\ncode by package (top %d)\n", top)
	for i, e := range sorted(byPkg) {
		if i >= top {
			break
		}
		fmt.Fprintf(w, "  %-60s %9d\n", e.name, e.size)
	}
	fmt.Fprintf(w, "\nlargest functions (top %d)\n", funcs)
	for i, e := range sorted(byFunc) {
		if i >= funcs {
			break
		}
		fmt.Fprintf(w, "  %-80s %9d\n", e.name, e.size)
	}
}

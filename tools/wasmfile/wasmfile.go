// Package wasmfile reads what takes space in a WebAssembly file built by
// Go: the sections, the code size of each function and, in a build
// without -s (which keeps the "name" section), the functions' names and
// so their packages. `go tool nm` does not read wasm files; this is the
// small part of twiggy that tools/wasmsize and the browser
// benchmark's -trace need.
package wasmfile

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Module is what Parse reads from a wasm file.
type Module struct {
	Total    int
	Sections map[string]int // section name to size
	Imports  int            // imported functions, which come first in the index space
	Bodies   []int          // code size of each defined function
	Names    map[int]string // function index to name (Go builds without -s)
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

// Parse reads a wasm file's sections, its functions' code sizes and,
// when it has them, their names.
func Parse(b []byte) (*Module, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, errors.New("not a WebAssembly file")
	}
	m := &Module{Total: len(b), Sections: map[string]int{}, Names: map[int]string{}}
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
				m.Bodies = append(m.Bodies, sz)
			}
		}
		m.Sections[name] += size
	}
	return m, nil
}

func (m *Module) readImports(s *reader) error {
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
			m.Imports++
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

func (m *Module) readNames(s *reader) error {
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
			m.Names[idx] = name
		}
	}
	return nil
}

// PkgOf is the package path of a Go symbol name such as
// "github.com/x/y.(*T).M" or "runtime.mallocgc".
//
// The wasm name section spells the path's slashes as underscores
// ("github.com_x_y.(*T).M"), so the package ends at the first dot after
// the host name's.
func PkgOf(sym string) string {
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

// Entry is a name and a size.
type Entry struct {
	Name string
	Size int
}

// Sorted lists m by size, largest first.
func Sorted(m map[string]int) []Entry {
	var out []Entry
	for k, v := range m {
		out = append(out, Entry{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Size != out[j].Size {
			return out[i].Size > out[j].Size
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Report prints the sections' sizes, then the code by package (the top
// ones) and the largest functions.
func (m *Module) Report(w io.Writer, top, funcs int) {
	fmt.Fprintf(w, "%-40s %10d bytes\n", "file", m.Total)
	for _, e := range Sorted(m.Sections) {
		fmt.Fprintf(w, "  %-38s %10d\n", e.Name, e.Size)
	}
	if len(m.Names) == 0 {
		fmt.Fprintln(w, "\nno name section: build without -ldflags=-s to see functions")
		return
	}
	byPkg := map[string]int{}
	byFunc := map[string]int{}
	for i, sz := range m.Bodies {
		name := m.Names[m.Imports+i]
		if name == "" {
			name = fmt.Sprintf("func[%d]", m.Imports+i)
		}
		byPkg[PkgOf(name)] += sz
		byFunc[name] += sz
	}
	fmt.Fprintf(w, "\ncode by package (top %d)\n", top)
	for i, e := range Sorted(byPkg) {
		if i >= top {
			break
		}
		fmt.Fprintf(w, "  %-60s %9d\n", e.Name, e.Size)
	}
	fmt.Fprintf(w, "\nlargest functions (top %d)\n", funcs)
	for i, e := range Sorted(byFunc) {
		if i >= funcs {
			break
		}
		fmt.Fprintf(w, "  %-80s %9d\n", e.Name, e.Size)
	}
}

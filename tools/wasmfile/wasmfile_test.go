package wasmfile

import (
	"bytes"
	"strings"
	"testing"
)

// testModule builds a small WebAssembly module by hand: one imported
// function, two defined ones with bodies of 3 and 5 bytes, and a name
// section naming all three the way Go does.
func testModule() []byte {
	uleb := func(n int) []byte {
		var b []byte
		for {
			c := byte(n & 0x7f)
			n >>= 7
			if n != 0 {
				b = append(b, c|0x80)
				continue
			}
			return append(b, c)
		}
	}
	str := func(s string) []byte { return append(uleb(len(s)), s...) }
	section := func(id byte, body []byte) []byte {
		return append(append([]byte{id}, uleb(len(body))...), body...)
	}
	var m []byte
	m = append(m, "\x00asm\x01\x00\x00\x00"...)
	m = append(m, section(1, []byte{1, 0x60, 0, 0})...) // one type: () -> ()
	imp := append(append(append([]byte{1}, str("gojs")...), str("runtime.wasmExit")...), 0, 0)
	m = append(m, section(2, imp)...)
	m = append(m, section(3, []byte{2, 0, 0})...)
	code := []byte{2}
	code = append(code, 2, 0, 0x0b)             // body of 2 bytes, size byte 1: 3 in all
	code = append(code, 4, 0, 0x01, 0x01, 0x0b) // body of 4 bytes: 5 in all
	m = append(m, section(10, code)...)
	var names []byte
	names = append(names, 3)
	for i, n := range []string{"runtime.wasmExit", "github.com_warmdesk_warmdesk_suggestions.__replySearch_.find", "runtime.mallocgc"} {
		names = append(append(names, uleb(i)...), str(n)...)
	}
	custom := append(str("name"), append([]byte{1}, append(uleb(len(names)), names...)...)...)
	return append(m, section(0, custom)...)
}

func TestParseAttributesCodeToFunctionsAndPackages(t *testing.T) {
	m, err := Parse(testModule())
	if err != nil {
		t.Fatal(err)
	}
	if m.Imports != 1 || len(m.Bodies) != 2 || m.Bodies[0] != 2 || m.Bodies[1] != 4 {
		t.Fatalf("imports %d, bodies %v", m.Imports, m.Bodies)
	}
	var out bytes.Buffer
	m.Report(&out, 10, 10)
	for _, want := range []string{"github.com_warmdesk_warmdesk_suggestions ", "runtime ", "__replySearch_.find"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "wasmExit") {
		t.Errorf("an imported function was counted as code:\n%s", out.String())
	}
}

func TestParseRefusesWhatIsNotWasm(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("not wasm"), testModule()[:20]} {
		if _, err := Parse(b); err == nil {
			t.Errorf("Parse(%q) accepted", b)
		}
	}
}

func TestPkgOf(t *testing.T) {
	for sym, want := range map[string]string{
		"runtime.mallocgc":     "runtime",
		"fmt.__pp_.printValue": "fmt",
		"github.com_warmdesk_warmdesk_app.__Widget_.Render": "github.com_warmdesk_warmdesk_app",
		"crypto_internal_fips140_nistec_fiat.p521Mul":       "crypto_internal_fips140_nistec_fiat",
		"main.main":                      "main",
		"internal_runtime_maps.newTable": "internal_runtime_maps",
		// Not Go's: V8's own entries and JavaScript functions in a CPU profile.
		"(program)":            "(program)",
		"goappInitWebAssembly": "goappInitWebAssembly",
	} {
		if got := PkgOf(sym); got != want {
			t.Errorf("PkgOf(%q) = %q, want %q", sym, got, want)
		}
	}
}

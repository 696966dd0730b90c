package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPrecompressWritesDecodableFormsOnce(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "app.wasm")
	raw := bytes.Repeat([]byte("\x00asm precompress me "), 2000)
	if err := os.WriteFile(name, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(name, &out); err != nil {
		t.Fatal(err)
	}
	for _, c := range codecs {
		b, err := os.ReadFile(name + c.ext)
		if err != nil {
			t.Fatal(err)
		}
		if !decodesTo(b, raw, c.decode) || len(b) >= len(raw) {
			t.Errorf("%s: %d bytes that do not decode to the %d-byte file", c.ext, len(b), len(raw))
		}
	}
	if strings.Contains(out.String(), "up to date") {
		t.Errorf("first run: %s", out.String())
	}
	out.Reset()
	if err := run(name, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Count(out.String(), "up to date") != 2 {
		t.Errorf("second run recompressed: %s", out.String())
	}
	// A new build makes both forms stale.
	raw = append(raw, "changed"...)
	os.WriteFile(name, raw, 0o644)
	out.Reset()
	if err := run(name, &out); err != nil || strings.Contains(out.String(), "up to date") {
		t.Errorf("after a change: %v, %s", err, out.String())
	}
	if b, _ := os.ReadFile(name + ".br"); !decodesTo(b, raw, codecs[0].decode) {
		t.Error("the brotli form is not the new file's")
	}
	if err := run(filepath.Join(dir, "missing.wasm"), &out); err == nil {
		t.Error("a missing file is not an error")
	}
}

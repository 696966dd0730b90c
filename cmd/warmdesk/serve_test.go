package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/internal/store"
)

// TestServeRefusesToReseedALostDatabase: when the SQLite database that
// was at -db is gone (its marker says it existed), serve stops instead of
// starting an empty one, and says how to go on.
func TestServeRefusesToReseedALostDatabase(t *testing.T) {
	dir := t.TempDir()
	wasm := filepath.Join(dir, "fake.wasm")
	if err := os.WriteFile(wasm, []byte("\x00asm\x01\x00\x00\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "studio.db")
	st, err := store.OpenSQLite(db)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if err := os.Remove(db); err != nil {
		t.Fatal(err)
	}
	_, errs, code := warmdesk(t, "", "serve", "-addr", "127.0.0.1:0", "-db", db, "-wasm", wasm, "-studio-wasm", wasm)
	if code != 1 || !strings.Contains(errs, "-reseed") {
		t.Errorf("serve on a lost database: exit %d, stderr %q; want exit 1 naming -reseed", code, errs)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Error("serve created a new database file in the lost one's place")
	}
}

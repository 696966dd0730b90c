package studio

import (
	"path/filepath"
	"testing"

	"github.com/warmdesk/warmdesk/internal/store"
)

// testStore is a real SQLite database in a fresh file.
func testStore(t *testing.T) store.Store {
	t.Helper()
	st, err := store.OpenSQLite(filepath.Join(t.TempDir(), "studio.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

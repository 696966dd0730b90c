package server

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/warmdesk/warmdesk/internal/auth"
	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/internal/studio"
	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
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

// defaultLibrary parses the embedded default library or stops the test.
func defaultLibrary(t testing.TB) *library.Library {
	t.Helper()
	lib, err := library.ParseLibrary("default", suggestions.DefaultLibraryJSON())
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// seededStore is a test store holding the default library as its first
// revision and the given studio users, each with studioPassword.
func seededStore(t *testing.T, users map[string]store.Role) store.Store {
	t.Helper()
	ctx := context.Background()
	st := testStore(t)
	if _, err := studio.Seed(ctx, st, suggestions.DefaultLibraryJSON(), "warmdesk", "The default library"); err != nil {
		t.Fatal(err)
	}
	for name, role := range users {
		h, _ := auth.HashPassword(studioPassword, fastHash)
		if err := st.AddUser(ctx, store.User{Name: name, Role: role, PasswordHash: h, Created: time.Now().UTC()}); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

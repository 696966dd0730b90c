package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warmdesk/warmdesk/internal/store"
)

// TestSQLiteFileDeleted: a database file deleted while the store is open
// takes no more writes (they were acknowledged into the deleted file and
// lost), a copy of what the store still had is saved beside it, and
// opening the path again refuses to start an empty database unless told.
func TestSQLiteFileDeleted(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "studio.db")
	s, err := store.OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Save(ctx, 0, []byte(`{"first":1}`), "ana", "first"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddUser(ctx, store.User{Name: "ana", Role: store.Admin, PasswordHash: "h", Created: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := s.Check(ctx); err != nil {
		t.Fatalf("Check of a healthy database: %v", err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Save(ctx, 1, []byte(`{"second":2}`), "ana", "lost?"); !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("Save after the file was deleted: %v, want ErrUnavailable", err)
	}
	if err := s.CreateSession(ctx, store.Session{TokenHash: "t", User: "ana", CSRF: "c", Expires: time.Now().Add(time.Hour)}); !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("CreateSession after the file was deleted: %v, want ErrUnavailable", err)
	}
	if err := s.Check(ctx); err == nil || !strings.Contains(err.Error(), "deleted") {
		t.Errorf("Check: %v, want it to say the file was deleted", err)
	}
	// What the store still had is saved.
	rescued := s.Rescued()
	if rescued == "" {
		t.Fatal("no copy saved")
	}
	r, err := store.OpenSQLite(rescued)
	if err != nil {
		t.Fatalf("opening the rescued copy: %v", err)
	}
	if head, err := r.Head(ctx); err != nil || string(head.Document) != `{"first":1}` {
		t.Errorf("rescued copy's head: %+v %v", head, err)
	}
	if _, err := r.User(ctx, "ana"); err != nil {
		t.Errorf("rescued copy's account: %v", err)
	}
	r.Close()
	s.Close()

	// The next start does not quietly begin an empty database.
	if _, err := store.OpenSQLite(path); !errors.Is(err, store.ErrUnavailable) || !strings.Contains(err.Error(), "-reseed") {
		t.Fatalf("reopening a deleted database: %v, want a refusal that names -reseed", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Error("the refused open created the file")
	}
	n, err := store.OpenSQLiteWith(path, store.Options{Recreate: true})
	if err != nil {
		t.Fatalf("reopening with Recreate: %v", err)
	}
	defer n.Close()
	if _, err := n.Head(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the recreated database is not empty: %v", err)
	}
}

// TestSQLiteReadOnly: a database file made read-only takes no writes
// (each says why) until it is writable again.
func TestSQLiteReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "studio.db")
	s, err := store.OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Save(ctx, 0, []byte(`{}`), "ana", "first"); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Save(ctx, 1, []byte(`{"a":1}`), "ana", "second"); !errors.Is(err, store.ErrUnavailable) || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("Save to a read-only file: %v, want ErrUnavailable saying read-only", err)
	}
	if h, _ := s.Head(ctx); h.ID != 1 {
		t.Errorf("head %d after a refused save, want 1", h.ID)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Save(ctx, 1, []byte(`{"a":1}`), "ana", "second"); err != nil {
		t.Errorf("Save once writable again: %v", err)
	}
}

// TestSQLiteNewDatabaseHasMarker: a new database gets its marker, and an
// existing database without one (older versions) gets one on open.
func TestSQLiteNewDatabaseHasMarker(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	s, err := store.OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(store.MarkerFile(path)); err != nil {
		t.Errorf("no marker beside a new database: %v", err)
	}
	os.Remove(store.MarkerFile(path))
	s, err = store.OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(store.MarkerFile(path)); err != nil {
		t.Errorf("no marker beside an existing database after opening it: %v", err)
	}
}

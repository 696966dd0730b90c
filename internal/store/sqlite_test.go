package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/internal/store/storetest"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := store.OpenSQLite(filepath.Join(t.TempDir(), "warmdesk.db"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// Two handles on one file (two connection pools, as two server processes
// would have) race their saves.
func TestSQLiteShared(t *testing.T) {
	path := filepath.Join(t.TempDir(), "warmdesk.db")
	storetest.Shared(t, openSQLite(t, path), openSQLite(t, path))
}

// rawSQLite opens the file without the store, to look underneath.
func rawSQLite(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestSQLiteFileSettings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "warmdesk.db")
	s := openSQLite(t, path)
	if _, err := s.Save(context.Background(), 0, []byte("{}"), "ana", "first"); err != nil {
		t.Fatal(err)
	}
	db := rawSQLite(t, path)
	for _, tc := range []struct{ pragma, want string }{
		{"journal_mode", "wal"}, // kept in the file
		{"user_version", "1"},   // the schema's version
	} {
		var got string
		if err := db.QueryRow("PRAGMA " + tc.pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("PRAGMA %s = %q, want %q", tc.pragma, got, tc.want)
		}
	}
}

func TestSQLiteReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "warmdesk.db")
	s, err := store.OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := s.Save(ctx, int64(i), fmt.Appendf(nil, "doc %d", i+1), "ana", "m"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Publish(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openSQLite(t, path)
	head, err := s.Head(ctx)
	if err != nil || head.ID != 3 || string(head.Document) != "doc 3" {
		t.Errorf("after reopening: Head = %d %q, %v; want 3 %q", head.ID, head.Document, err, "doc 3")
	}
	if p, err := s.Published(ctx); err != nil || p.ID != 2 {
		t.Errorf("after reopening: Published = %d, %v; want 2", p.ID, err)
	}
}

func TestSQLiteNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "warmdesk.db")
	s := openSQLite(t, path)
	s.Close()
	if _, err := rawSQLite(t, path).Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	_, err := store.OpenSQLite(path)
	if err == nil || !strings.Contains(err.Error(), "99") || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("opening a schema from the future: %v, want an error naming version 99 as newer", err)
	}
}

func TestSQLiteBadFiles(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "notes.txt")
	content := bytes.Repeat([]byte("not a database\n"), 400)
	if err := os.WriteFile(garbage, content, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, path string }{
		{"not a database", garbage},
		{"folder", dir},
		{"missing folder", filepath.Join(dir, "no", "such", "warmdesk.db")},
		{"empty path", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := store.OpenSQLite(tc.path)
			if err == nil {
				s.Close()
				t.Fatalf("OpenSQLite(%q) succeeded", tc.path)
			}
			if tc.path != "" && !strings.Contains(err.Error(), tc.path) {
				t.Errorf("error %q does not name the file %s", err, tc.path)
			}
		})
	}
	if got, _ := os.ReadFile(garbage); !bytes.Equal(got, content) {
		t.Errorf("opening a file that is not a database changed it")
	}
}

// A file name with the characters a SQLite URI treats specially.
func TestSQLiteOddFileName(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lib ?x=1#frag %41 é.db")
	s := openSQLite(t, path)
	if _, err := s.Save(context.Background(), 0, []byte("{}"), "ana", "m"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("the database is not at the exact path given: %v", err)
	}
}

// Backup takes a consistent copy while another goroutine keeps saving.
func TestSQLiteBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openSQLite(t, filepath.Join(dir, "warmdesk.db"))
	save := func(base int64) error {
		_, err := s.Save(ctx, base, fmt.Appendf(nil, "doc %d", base+1), "ana", "m")
		return err
	}
	for i := range 5 {
		if err := save(int64(i)); err != nil {
			t.Fatal(err)
		}
	}
	var (
		wg      sync.WaitGroup
		saveErr error
	)
	wg.Go(func() {
		for i := 5; i < 40 && saveErr == nil; i++ {
			saveErr = save(int64(i))
		}
	})
	backup := filepath.Join(dir, "backup.db")
	err := s.Backup(ctx, backup)
	wg.Wait()
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}
	if saveErr != nil {
		t.Fatalf("save during backup: %v", saveErr)
	}
	if err := s.Backup(ctx, backup); err == nil {
		t.Errorf("Backup over an existing file succeeded, want an error")
	}
	b := openSQLite(t, backup)
	list, err := b.Revisions(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 5 {
		t.Fatalf("backup holds %d revisions, want at least the 5 saved before it", len(list))
	}
	for _, info := range list {
		r, err := b.Revision(ctx, info.ID)
		if err != nil || string(r.Document) != fmt.Sprintf("doc %d", info.ID) || info.Base != info.ID-1 {
			t.Errorf("backup revision %d: %q base %d, %v", info.ID, r.Document, info.Base, err)
		}
	}
	if list[0].ID != int64(len(list)) {
		t.Errorf("backup's newest is %d of %d revisions: ids not dense", list[0].ID, len(list))
	}
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for _, tc := range []struct {
		name, dsn, file string // file: where the SQLite database must appear
		err             string // part of the error, "" for success
	}{
		{"plain path", filepath.Join(dir, "a.db"), filepath.Join(dir, "a.db"), ""},
		{"sqlite: prefix", "sqlite:" + filepath.Join(dir, "b.db"), filepath.Join(dir, "b.db"), ""},
		{"sqlite:// URL", "sqlite://" + filepath.Join(dir, "c.db"), filepath.Join(dir, "c.db"), ""},
		{"empty", "", "", "empty database address"},
		{"blank", "  ", "", "empty database address"},
		{"unknown scheme", "mysql://db.example/warmdesk", "", `unknown scheme "mysql"`},
		{"sqlite: nothing", "sqlite:", "", "empty file path"},
		{"bad postgres URL", "postgres://%zz", "", "postgres address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := store.Open(ctx, tc.dsn)
			if tc.err != "" {
				if err == nil {
					s.Close()
					t.Fatalf("Open(%q) succeeded, want an error with %q", tc.dsn, tc.err)
				}
				if !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("Open(%q): %q, want it to say %q", tc.dsn, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Open(%q): %v", tc.dsn, err)
			}
			defer s.Close()
			if _, ok := s.(*store.SQLite); !ok {
				t.Errorf("Open(%q) = %T, want *store.SQLite", tc.dsn, s)
			}
			if _, err := os.Stat(tc.file); err != nil {
				t.Errorf("Open(%q) did not create %s: %v", tc.dsn, tc.file, err)
			}
			if _, err := s.Head(ctx); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("new store's Head: %v, want ErrNotFound", err)
			}
		})
	}
}

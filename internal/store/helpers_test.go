package store_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warmdesk/warmdesk/internal/store"
)

// repoRoot is the folder holding go.mod, found by walking up from the
// test's folder.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// postgresDSN is the address of the PostgreSQL server the tests use:
// $WARMDESK_TEST_POSTGRES, or the throwaway cluster scripts/postgres.sh
// started (its address in .tools/pg/dsn). Without either the test fails:
// CI must run these tests. WARMDESK_SKIP_POSTGRES=1 skips them on purpose.
func postgresDSN(t testing.TB) string {
	t.Helper()
	if os.Getenv("WARMDESK_SKIP_POSTGRES") == "1" {
		t.Skip("WARMDESK_SKIP_POSTGRES=1: PostgreSQL tests skipped")
	}
	if dsn := os.Getenv("WARMDESK_TEST_POSTGRES"); dsn != "" {
		return dsn
	}
	file := filepath.Join(repoRoot(t), ".tools", "pg", "dsn")
	b, err := os.ReadFile(file)
	if err != nil || strings.TrimSpace(string(b)) == "" {
		t.Fatalf("no PostgreSQL for the store tests (%v): run scripts/postgres.sh (make test-deps does), "+
			"or set WARMDESK_TEST_POSTGRES=postgres://…; WARMDESK_SKIP_POSTGRES=1 skips these tests", err)
	}
	return strings.TrimSpace(string(b))
}

// withParam sets one connection parameter of a DSN, URL or key=value.
func withParam(t testing.TB, dsn, key, value string) string {
	t.Helper()
	if !strings.Contains(dsn, "://") {
		return dsn + " " + key + "=" + value // a later key wins
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("PostgreSQL address: %v", err)
	}
	if key == "dbname" {
		u.Path = "/" + value
	} else {
		q := u.Query()
		q.Set(key, value)
		u.RawQuery = q.Encode()
	}
	return u.String()
}

func randomName(prefix string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// pgExec runs statements on a short-lived connection to dsn.
func pgExec(t testing.TB, dsn string, statements ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect to the test PostgreSQL (scripts/postgres.sh starts it): %v", err)
	}
	defer conn.Close(ctx)
	for _, s := range statements {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// newPostgresDB creates an empty database for one test, dropped when the
// test ends, and returns its address.
func newPostgresDB(t testing.TB) string {
	t.Helper()
	admin := postgresDSN(t)
	name := randomName("warmdesk_test_")
	pgExec(t, admin, "CREATE DATABASE "+name)
	t.Cleanup(func() { pgExec(t, admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	return withParam(t, admin, "dbname", name)
}

// newSchema creates an empty schema in the database at dsn and returns
// the address that keeps warmdesk's tables in it.
func newSchema(t testing.TB, dsn string) string {
	t.Helper()
	name := randomName("s_")
	pgExec(t, dsn, "CREATE SCHEMA "+name)
	return withParam(t, dsn, "search_path", name)
}

func openPostgres(t testing.TB, dsn string) *store.Postgres {
	t.Helper()
	p, err := store.OpenPostgres(context.Background(), dsn)
	if err != nil {
		t.Fatalf("OpenPostgres: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func openSQLite(t testing.TB, path string) *store.SQLite {
	t.Helper()
	s, err := store.OpenSQLite(path)
	if err != nil {
		t.Fatalf("OpenSQLite: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

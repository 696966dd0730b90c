package store

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

var (
	// urlScheme matches the scheme of an address written as a URL.
	urlScheme = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*)://`)
	// libpqKeywords matches the start of a PostgreSQL key=value address.
	libpqKeywords = regexp.MustCompile(`^\s*(host|hostaddr|port|dbname|user|password|sslmode|service)\s*=`)
)

// The backends parseAddress tells apart.
const (
	backendSQLite   = "sqlite"
	backendPostgres = "postgres"
)

// Open opens the store an address names:
//   - postgres://… or postgresql://… : PostgreSQL (OpenPostgres);
//   - sqlite:PATH (also sqlite://PATH) or a plain file path: SQLite
//     (OpenSQLite), the file created on first use.
//
// Any other URL scheme, and a PostgreSQL key=value address, is refused
// rather than taken for a file name.
func Open(ctx context.Context, dsn string) (Store, error) { return OpenWith(ctx, dsn, Options{}) }

// OpenWith is Open with options (Options.Recreate is for SQLite).
func OpenWith(ctx context.Context, dsn string, opts Options) (Store, error) {
	backend, target, err := parseAddress(dsn)
	if err != nil {
		return nil, err
	}
	if backend == backendPostgres {
		return OpenPostgres(ctx, target)
	}
	return OpenSQLiteWith(target, opts)
}

// Checker is a store that can say whether it takes writes now (SQLite:
// its file is still there and writable; PostgreSQL: its server answers).
type Checker interface {
	// Check returns nil, or an error wrapping ErrUnavailable.
	Check(ctx context.Context) error
}

// parseAddress says which backend an address names and what to open
// there: the address itself for PostgreSQL, the file path for SQLite.
func parseAddress(dsn string) (backend, target string, err error) {
	if strings.TrimSpace(dsn) == "" {
		return "", "", errors.New("store: empty database address: give a SQLite file path or a postgres:// URL")
	}
	if m := urlScheme.FindStringSubmatch(dsn); m != nil {
		switch strings.ToLower(m[1]) {
		case "postgres", "postgresql":
			return backendPostgres, dsn, nil
		case "sqlite":
			return sqlitePath(dsn[len(m[0]):]) // sqlite:///abs/path keeps its slash
		}
		return "", "", fmt.Errorf("store: database address %q: unknown scheme %q: use a SQLite file path, sqlite:PATH or postgres://…", dsn, m[1])
	}
	if libpqKeywords.MatchString(dsn) {
		return "", "", errors.New("store: database address: a PostgreSQL key=value address; write it as a postgres:// URL")
	}
	if path, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		return sqlitePath(path)
	}
	return sqlitePath(dsn)
}

func sqlitePath(path string) (backend, target string, err error) {
	if path == "" {
		return "", "", errors.New("store: sqlite: empty file path")
	}
	return backendSQLite, path, nil
}

// SQLiteFile is the file a SQLite address names, and false for a
// PostgreSQL or bad address: commands that only read check that the file
// exists before Open would create it.
func SQLiteFile(dsn string) (string, bool) {
	backend, target, err := parseAddress(dsn)
	if err != nil || backend != backendSQLite {
		return "", false
	}
	return target, true
}

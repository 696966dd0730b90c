package store

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// urlScheme matches the scheme of an address written as a URL.
var urlScheme = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*)://`)

// Open opens the store an address names:
//   - postgres://… or postgresql://… : PostgreSQL (OpenPostgres);
//   - sqlite:PATH (also sqlite://PATH) or a plain file path: SQLite
//     (OpenSQLite), the file created on first use.
//
// Any other URL scheme is refused rather than taken for a file name.
func Open(ctx context.Context, dsn string) (Store, error) {
	if strings.TrimSpace(dsn) == "" {
		return nil, errors.New("store: empty database address: give a SQLite file path or a postgres:// URL")
	}
	if m := urlScheme.FindStringSubmatch(dsn); m != nil {
		switch strings.ToLower(m[1]) {
		case "postgres", "postgresql":
			return OpenPostgres(ctx, dsn)
		case "sqlite":
			return OpenSQLite(dsn[len(m[0]):]) // sqlite:///abs/path keeps its slash
		}
		return nil, fmt.Errorf("store: database address %q: unknown scheme %q: use a SQLite file path, sqlite:PATH or postgres://…", dsn, m[1])
	}
	if path, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		return OpenSQLite(path)
	}
	return OpenSQLite(dsn)
}

package store

import (
	"strings"
	"testing"
)

func TestParseAddress(t *testing.T) {
	for _, tc := range []struct {
		dsn, backend, target, err string
	}{
		{"warmdesk.db", backendSQLite, "warmdesk.db", ""},
		{"/var/lib/warmdesk/warmdesk.db", backendSQLite, "/var/lib/warmdesk/warmdesk.db", ""},
		{"sqlite:warmdesk.db", backendSQLite, "warmdesk.db", ""},
		{"sqlite:/abs/w.db", backendSQLite, "/abs/w.db", ""},
		{"sqlite://w.db", backendSQLite, "w.db", ""},
		{"sqlite:///abs/w.db", backendSQLite, "/abs/w.db", ""},
		{"SQLite:///abs/w.db", backendSQLite, "/abs/w.db", ""},
		{`C:\data\w.db`, backendSQLite, `C:\data\w.db`, ""},
		{"postgres://u@db/warmdesk", backendPostgres, "postgres://u@db/warmdesk", ""},
		{"postgresql://u@db/warmdesk?sslmode=require", backendPostgres, "postgresql://u@db/warmdesk?sslmode=require", ""},
		{"", "", "", "empty database address"},
		{"sqlite:", "", "", "empty file path"},
		{"sqlite://", "", "", "empty file path"},
		{"mysql://db/x", "", "", `unknown scheme "mysql"`},
		{"host=db dbname=warmdesk", "", "", "key=value"},
		{" dbname = warmdesk", "", "", "key=value"},
	} {
		backend, target, err := parseAddress(tc.dsn)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("parseAddress(%q) = %q %q, %v; want an error with %q", tc.dsn, backend, target, err, tc.err)
			}
			continue
		}
		if err != nil || backend != tc.backend || target != tc.target {
			t.Errorf("parseAddress(%q) = %q %q, %v; want %q %q", tc.dsn, backend, target, err, tc.backend, tc.target)
		}
	}
}

func FuzzParseAddress(f *testing.F) {
	for _, s := range []string{"w.db", "sqlite:w.db", "sqlite:///a", "postgres://u@h/d", "x://y", "host=h", "", "sqlite:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		backend, target, err := parseAddress(dsn)
		switch {
		case err != nil:
			if backend != "" || target != "" {
				t.Fatalf("parseAddress(%q): an error and %q %q", dsn, backend, target)
			}
		case backend == backendPostgres:
			if target != dsn {
				t.Fatalf("parseAddress(%q): postgres target %q, want the address itself", dsn, target)
			}
		case backend == backendSQLite:
			if target == "" || !strings.HasSuffix(dsn, target) {
				t.Fatalf("parseAddress(%q): sqlite path %q, want a non-empty tail of the address", dsn, target)
			}
		default:
			t.Fatalf("parseAddress(%q): backend %q", dsn, backend)
		}
	})
}

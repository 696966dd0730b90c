package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/internal/store/storetest"
)

// TestPostgres runs the suite in a database of its own, each subtest in a
// fresh schema of it.
func TestPostgres(t *testing.T) {
	db := newPostgresDB(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		p, err := store.OpenPostgres(context.Background(), newSchema(t, db))
		if err != nil {
			t.Fatal(err)
		}
		return p
	})
}

// Two pools on one database (as two server instances behind a load
// balancer would have) race their saves.
func TestPostgresShared(t *testing.T) {
	dsn := newSchema(t, newPostgresDB(t))
	storetest.Shared(t, openPostgres(t, dsn), openPostgres(t, dsn))
}

// Instances starting together all find the schema made exactly once.
func TestPostgresConcurrentOpen(t *testing.T) {
	dsn := newSchema(t, newPostgresDB(t))
	const n = 4
	var (
		wg     sync.WaitGroup
		stores [n]*store.Postgres
		errs   [n]error
	)
	for i := range n {
		wg.Go(func() { stores[i], errs[i] = store.OpenPostgres(context.Background(), dsn) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("instance %d: %v", i, errs[i])
		}
		defer stores[i].Close()
	}
	ctx := context.Background()
	if _, err := stores[0].Save(ctx, 0, []byte("{}"), "ana", "first"); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if h, err := stores[i].Head(ctx); err != nil || h.ID != 1 {
			t.Errorf("instance %d: Head = %d, %v; want 1", i, h.ID, err)
		}
	}
	// Reopening an up-to-date schema changes nothing.
	p := openPostgres(t, dsn)
	if h, err := p.Head(ctx); err != nil || h.ID != 1 {
		t.Errorf("reopened: Head = %d, %v; want 1", h.ID, err)
	}
}

func TestPostgresNewerSchemaRefused(t *testing.T) {
	dsn := newSchema(t, newPostgresDB(t))
	openPostgres(t, dsn).Close()
	pgExec(t, dsn, "UPDATE warmdesk_schema SET version = 99")
	_, err := store.OpenPostgres(context.Background(), dsn)
	if err == nil || !strings.Contains(err.Error(), "99") || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("opening a schema from the future: %v, want an error naming version 99 as newer", err)
	}
}

func TestOpenPostgres(t *testing.T) {
	ctx := context.Background()
	dsn := newPostgresDB(t)
	if !strings.HasPrefix(dsn, "postgres://") {
		t.Skipf("the test server's address %q is not a postgres:// URL", dsn)
	}
	for _, scheme := range []string{"postgres://", "postgresql://"} {
		s, err := store.Open(ctx, scheme+strings.TrimPrefix(newSchema(t, dsn), "postgres://"))
		if err != nil {
			t.Fatalf("Open(%s…): %v", scheme, err)
		}
		if _, ok := s.(*store.Postgres); !ok {
			t.Errorf("Open(%s…) = %T, want *store.Postgres", scheme, s)
		}
		if _, err := s.Head(ctx); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Open(%s…): Head on a new schema: %v, want ErrNotFound", scheme, err)
		}
		s.Close()
	}
	// A server that is not there: a clear error, quickly.
	bad := withParam(t, dsn, "host", t.TempDir())
	if _, err := store.Open(ctx, bad); err == nil || !strings.Contains(err.Error(), "store: postgres") {
		t.Errorf("Open of a missing server: %v, want a store: postgres error", err)
	}
	// A missing database.
	if _, err := store.Open(ctx, withParam(t, dsn, "dbname", "warmdesk_no_such_db")); err == nil ||
		!strings.Contains(err.Error(), "warmdesk_no_such_db") {
		t.Errorf("Open of a missing database: %v, want an error naming it", err)
	}
}

// TestPostgresOutOfRoom: a write the server refuses for want of room
// (here a trigger raises PostgreSQL's disk_full, as a full disk would) or
// because it takes no writes (a standby after a failover) is refused with
// ErrUnavailable, and stores nothing.
func TestPostgresOutOfRoom(t *testing.T) {
	ctx := context.Background()
	dsn := newSchema(t, newPostgresDB(t))
	p := openPostgres(t, dsn)
	if _, err := p.Save(ctx, 0, []byte(`{"first":1}`), "ana", "first"); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"disk_full", "read_only_sql_transaction"} {
		pgExec(t, dsn,
			`CREATE OR REPLACE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused' USING ERRCODE = '`+code+`'; END $$ LANGUAGE plpgsql`,
			`CREATE OR REPLACE TRIGGER refuse BEFORE INSERT ON revisions FOR EACH ROW EXECUTE FUNCTION refuse()`,
			`CREATE OR REPLACE TRIGGER refuse BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse()`)
		if _, err := p.Save(ctx, 1, []byte(`{"second":2}`), "ana", "refused"); !errors.Is(err, store.ErrUnavailable) {
			t.Errorf("%s: Save: %v; want ErrUnavailable", code, err)
		}
		err := p.AddEvents(ctx, []store.Event{{Kind: "suggested", Revision: 1, IntentID: "i", ReplyID: "r"}})
		if !errors.Is(err, store.ErrUnavailable) {
			t.Errorf("%s: AddEvents: %v; want ErrUnavailable", code, err)
		}
	}
	if head, err := p.Head(ctx); err != nil || head.ID != 1 {
		t.Errorf("head after the refused saves: %d %v; want 1", head.ID, err)
	}
	pgExec(t, dsn, "DROP TRIGGER refuse ON revisions")
	if _, err := p.Save(ctx, 1, []byte(`{"second":2}`), "ana", "room again"); err != nil {
		t.Errorf("Save with room again: %v", err)
	}
}

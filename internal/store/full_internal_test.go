package store

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSQLiteDiskFull: a write that finds the disk full (here, SQLite's
// page limit, which fails the same way) is refused with ErrUnavailable
// saying so, stores nothing, keeps what was there, and the database takes
// writes again once there is room.
func TestSQLiteDiskFull(t *testing.T) {
	ctx := context.Background()
	s, err := OpenSQLite(filepath.Join(t.TempDir(), "studio.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Save(ctx, 0, []byte(`{"first":1}`), "ana", "first"); err != nil {
		t.Fatal(err)
	}
	// One connection, so that the page limit (a connection's setting)
	// holds for every write that follows.
	s.db.SetMaxOpenConns(1)
	var pages int
	if err := s.db.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	limit := func(n int) {
		t.Helper()
		if _, err := s.db.ExecContext(ctx, "PRAGMA max_page_count = "+strconv.Itoa(n)); err != nil {
			t.Fatal(err)
		}
	}
	limit(pages)
	big := bytes.Repeat([]byte("x"), 1<<20)
	_, err = s.Save(ctx, 1, big, "ana", "too big for the disk")
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "full") {
		t.Fatalf("Save on a full disk: %v; want ErrUnavailable saying the disk is full", err)
	}
	err = s.AddEvents(ctx, manyEvents(5000))
	if !errors.Is(err, ErrUnavailable) {
		t.Errorf("AddEvents on a full disk: %v; want ErrUnavailable", err)
	}
	if head, err := s.Head(ctx); err != nil || head.ID != 1 || string(head.Document) != `{"first":1}` {
		t.Errorf("head after the refused save: %d %q %v; want revision 1 as it was", head.ID, head.Document, err)
	}
	limit(1 << 30)
	if rev, err := s.Save(ctx, 1, big, "ana", "room again"); err != nil || rev.ID != 2 {
		t.Errorf("Save with room again: %+v %v", rev, err)
	}
}

func manyEvents(n int) []Event {
	es := make([]Event, n)
	for i := range es {
		es[i] = Event{Kind: "suggested", Revision: 1, IntentID: strings.Repeat("i", 100), ReplyID: strings.Repeat("r", 100), Time: time.Now()}
	}
	return es
}

// Package storetest is the conformance suite every store.Store backend
// passes: the same checks, run against a real SQLite file and a real
// PostgreSQL database, so the two backends cannot drift apart.
package storetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warmdesk/warmdesk/internal/store"
)

// Run runs the suite. open must return a fresh, empty store each time it
// is called; Run closes it when the subtest ends (open may register its
// own cleanup too, e.g. to drop a database).
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		run  func(t *testing.T, s store.Store)
	}{
		{"Empty", testEmpty},
		{"SaveAndRead", testSaveAndRead},
		{"StaleSaveStoresNothing", testStaleSave},
		{"ConcurrentSaves", func(t *testing.T, s store.Store) { Shared(t, s, s) }},
		{"Revisions", testRevisions},
		{"Publish", testPublish},
		{"Users", testUsers},
		{"DeleteUserEndsSessions", testDeleteUserEndsSessions},
		{"Sessions", testSessions},
		{"EndSessions", testEndSessions},
		{"SessionExpiry", testSessionExpiry},
		{"Usage", testUsage},
		{"UsageSince", testUsageSince},
		{"UsageByDay", testUsageByDay},
		{"BadEventBatch", testBadEvents},
		{"LargeDocument", testLargeDocument},
		{"Unicode", testUnicode},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tc.run(t, s)
		})
	}
}

// Rounds is how many times Shared races two saves.
const Rounds = 20

// Shared checks optimistic concurrency between two handles on one
// database (the same handle twice, two pools, or two processes' worth of
// connections): in each round two goroutines save from the same base at
// the same moment, and exactly one of them must win while the other gets
// ErrConflict; both handles then see the winner as the newest revision.
func Shared(t *testing.T, a, b store.Store) {
	ctx := context.Background()
	for round := range Rounds {
		base := int64(0)
		if h, err := a.Head(ctx); err == nil {
			base = h.ID
		} else if !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("round %d: Head: %v", round, err)
		}
		var (
			start = make(chan struct{})
			wg    sync.WaitGroup
			infos [2]store.RevisionInfo
			errs  [2]error
			docs  = [2][]byte{
				fmt.Appendf(nil, `{"round":%d,"by":"a"}`, round),
				fmt.Appendf(nil, `{"round":%d,"by":"b"}`, round),
			}
		)
		for i, s := range []store.Store{a, b} {
			wg.Go(func() {
				<-start
				infos[i], errs[i] = s.Save(ctx, base, docs[i], fmt.Sprintf("editor-%d", i), "race")
			})
		}
		close(start)
		wg.Wait()

		winner := -1
		for i, err := range errs {
			switch {
			case err == nil:
				if winner >= 0 {
					t.Fatalf("round %d: both saves from base %d won (%d and %d)", round, base, infos[0].ID, infos[1].ID)
				}
				winner = i
			case !errors.Is(err, store.ErrConflict):
				t.Fatalf("round %d: save %d: %v, want nil or ErrConflict", round, i, err)
			}
		}
		if winner < 0 {
			t.Fatalf("round %d: neither save from base %d won: %v; %v", round, base, errs[0], errs[1])
		}
		if got := infos[winner]; got.ID != base+1 || got.Base != base {
			t.Fatalf("round %d: winner got id %d base %d, want %d and %d", round, got.ID, got.Base, base+1, base)
		}
		for name, s := range map[string]store.Store{"a": a, "b": b} {
			h, err := s.Head(ctx)
			if err != nil {
				t.Fatalf("round %d: Head via %s: %v", round, name, err)
			}
			if h.ID != base+1 || !bytes.Equal(h.Document, docs[winner]) {
				t.Fatalf("round %d: Head via %s = %d %q, want %d %q", round, name, h.ID, h.Document, base+1, docs[winner])
			}
		}
	}
	list, err := a.Revisions(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range list {
		if want := int64(len(list) - i); r.ID != want || r.Base != want-1 {
			t.Fatalf("revision list[%d] = id %d base %d, want a dense chain (%d, %d)", i, r.ID, r.Base, want, want-1)
		}
	}
}

func testEmpty(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, err := s.Head(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Head on empty store: %v, want ErrNotFound", err)
	}
	if _, err := s.Published(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Published on empty store: %v, want ErrNotFound", err)
	}
	for _, id := range []int64{0, 1, -1} {
		if _, err := s.Revision(ctx, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Revision(%d) on empty store: %v, want ErrNotFound", id, err)
		}
	}
	if list, err := s.Revisions(ctx, 0); err != nil || len(list) != 0 {
		t.Errorf("Revisions on empty store = %v, %v; want none", list, err)
	}
	if list, err := s.Users(ctx); err != nil || len(list) != 0 {
		t.Errorf("Users on empty store = %v, %v; want none", list, err)
	}
	if list, err := s.Usage(ctx, time.Time{}); err != nil || len(list) != 0 {
		t.Errorf("Usage on empty store = %v, %v; want none", list, err)
	}
	if err := s.Publish(ctx, 1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Publish(1) on empty store: %v, want ErrNotFound", err)
	}
}

// checkInfo compares a revision's description with what was saved.
func checkInfo(t *testing.T, what string, got store.RevisionInfo, id int64, author, message string, before, after time.Time) {
	t.Helper()
	if got.ID != id || got.Base != id-1 || got.Author != author || got.Message != message {
		t.Errorf("%s = id %d base %d author %q message %q; want %d %d %q %q",
			what, got.ID, got.Base, got.Author, got.Message, id, id-1, author, message)
	}
	if got.Created.Location() != time.UTC {
		t.Errorf("%s: Created %v is not in UTC", what, got.Created)
	}
	if got.Created.Before(before.Truncate(time.Microsecond)) || got.Created.After(after) {
		t.Errorf("%s: Created %v, want between %v and %v", what, got.Created, before, after)
	}
}

func testSaveAndRead(t *testing.T, s store.Store) {
	ctx := context.Background()
	docs := [][]byte{[]byte(`{"version":1}`), []byte(`{"version":2}`), nil}
	var saved []store.RevisionInfo
	for i, doc := range docs {
		before := time.Now()
		info, err := s.Save(ctx, int64(i), doc, "ana", fmt.Sprintf("change %d", i+1))
		after := time.Now()
		if err != nil {
			t.Fatalf("Save from base %d: %v", i, err)
		}
		checkInfo(t, fmt.Sprintf("Save #%d", i+1), info, int64(i+1), "ana", fmt.Sprintf("change %d", i+1), before, after)
		if !info.Published.IsZero() {
			t.Errorf("Save #%d: Published %v, want zero", i+1, info.Published)
		}
		saved = append(saved, info)

		head, err := s.Head(ctx)
		if err != nil {
			t.Fatalf("Head: %v", err)
		}
		if !sameInfo(head.RevisionInfo, info) || !bytes.Equal(head.Document, doc) {
			t.Errorf("Head = %+v %q, want %+v %q", head.RevisionInfo, head.Document, info, doc)
		}
	}
	for i, info := range saved {
		r, err := s.Revision(ctx, info.ID)
		if err != nil {
			t.Fatalf("Revision(%d): %v", info.ID, err)
		}
		if !sameInfo(r.RevisionInfo, info) || !bytes.Equal(r.Document, docs[i]) {
			t.Errorf("Revision(%d) = %+v %q, want %+v %q", info.ID, r.RevisionInfo, r.Document, info, docs[i])
		}
	}
	if r, _ := s.Revision(ctx, 3); r.Document == nil || len(r.Document) != 0 {
		t.Errorf("a nil document came back as %#v, want empty", r.Document)
	}
	if _, err := s.Revision(ctx, 4); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Revision(4) of 3: %v, want ErrNotFound", err)
	}
}

func testStaleSave(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustSave(t, s, 0, "first")
	mustSave(t, s, 1, "second")
	for _, base := range []int64{0, 1, 3, 7, -1} {
		_, err := s.Save(ctx, base, []byte("stale"), "bo", "from base "+fmt.Sprint(base))
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("Save from base %d with newest 2: %v, want ErrConflict", base, err)
		}
	}
	list, err := s.Revisions(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("after refused saves: %d revisions, want 2: %+v", len(list), list)
	}
	head, err := s.Head(ctx)
	if err != nil || head.ID != 2 || string(head.Document) != "second" {
		t.Fatalf("after refused saves: Head = %d %q, %v; want 2 %q", head.ID, head.Document, err, "second")
	}
	// The refused saves took no id: the next good save is 3.
	if info := mustSave(t, s, 2, "third"); info.ID != 3 {
		t.Errorf("next save after refusals got id %d, want 3", info.ID)
	}
}

func testRevisions(t *testing.T, s store.Store) {
	ctx := context.Background()
	for i := range 5 {
		mustSave(t, s, int64(i), fmt.Sprintf("doc %d", i+1))
	}
	for _, tc := range []struct {
		limit int
		want  []int64
	}{
		{0, []int64{5, 4, 3, 2, 1}},
		{-1, []int64{5, 4, 3, 2, 1}},
		{1, []int64{5}},
		{2, []int64{5, 4}},
		{5, []int64{5, 4, 3, 2, 1}},
		{50, []int64{5, 4, 3, 2, 1}},
	} {
		list, err := s.Revisions(ctx, tc.limit)
		if err != nil {
			t.Fatalf("Revisions(%d): %v", tc.limit, err)
		}
		var got []int64
		for _, r := range list {
			got = append(got, r.ID)
			if r.Base != r.ID-1 || r.Author != "ana" || r.Message != fmt.Sprintf("save %d", r.ID) {
				t.Errorf("Revisions(%d): %+v, want base %d, author ana, message %q", tc.limit, r, r.ID-1, fmt.Sprintf("save %d", r.ID))
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("Revisions(%d) ids = %v, want %v", tc.limit, got, tc.want)
		}
	}
}

func testPublish(t *testing.T, s store.Store) {
	ctx := context.Background()
	for i := range 3 {
		mustSave(t, s, int64(i), fmt.Sprintf("doc %d", i+1))
	}
	if _, err := s.Published(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Published before any Publish: %v, want ErrNotFound", err)
	}
	for _, id := range []int64{0, 4, 99, -1} {
		if err := s.Publish(ctx, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Publish(%d) of 3: %v, want ErrNotFound", id, err)
		}
	}

	published := func(id int64, doc string) store.Revision {
		t.Helper()
		before := time.Now()
		if err := s.Publish(ctx, id); err != nil {
			t.Fatalf("Publish(%d): %v", id, err)
		}
		after := time.Now()
		p, err := s.Published(ctx)
		if err != nil {
			t.Fatalf("Published after Publish(%d): %v", id, err)
		}
		if p.ID != id || string(p.Document) != doc {
			t.Fatalf("Published = %d %q, want %d %q", p.ID, p.Document, id, doc)
		}
		if p.Published.Before(before.Truncate(time.Microsecond)) || p.Published.After(after) {
			t.Errorf("Published time %v, want between %v and %v", p.Published, before, after)
		}
		return p
	}
	first := published(2, "doc 2")
	published(3, "doc 3")

	list, err := s.Revisions(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range list {
		switch r.ID {
		case 1:
			if !r.Published.IsZero() {
				t.Errorf("revision 1 was never published but shows %v", r.Published)
			}
		case 2:
			if !r.Published.Equal(first.Published) {
				t.Errorf("revision 2 Published = %v, want %v (when it was last published)", r.Published, first.Published)
			}
		case 3:
			if r.Published.IsZero() {
				t.Errorf("revision 3 is published but shows no time")
			}
		}
	}
	head, err := s.Head(ctx)
	if err != nil || head.Published.IsZero() {
		t.Errorf("Head (revision 3, published) = %+v, %v; want a Published time", head.RevisionInfo, err)
	}

	// Publishing an older revision again (a rollback) moves the
	// publication back and renews its time.
	time.Sleep(2 * time.Millisecond)
	again := published(2, "doc 2")
	if !again.Published.After(first.Published) {
		t.Errorf("republished revision 2 at %v, not after its first publication %v", again.Published, first.Published)
	}
	// Saving does not change what is published.
	mustSave(t, s, 3, "doc 4")
	if p, err := s.Published(ctx); err != nil || p.ID != 2 {
		t.Errorf("after a save, Published = %d, %v; want still 2", p.ID, err)
	}
}

func testUsers(t *testing.T, s store.Store) {
	ctx := context.Background()
	created := time.Date(2025, 3, 4, 5, 6, 7, 891234567, time.FixedZone("CET", 3600))
	alice := store.User{Name: "alice", Role: store.Editor, PasswordHash: "$argon2id$v=19$a", Created: created}
	if err := s.AddUser(ctx, alice); err != nil {
		t.Fatalf("AddUser: %v", err)
	}
	if err := s.AddUser(ctx, store.User{Name: "alice", Role: store.Admin, PasswordHash: "x"}); !errors.Is(err, store.ErrExists) {
		t.Errorf("AddUser of a taken name: %v, want ErrExists", err)
	}
	for _, bad := range []store.User{
		{Name: "", Role: store.Editor, PasswordHash: "x"},
		{Name: "carol", Role: "root", PasswordHash: "x"},
		{Name: "carol", Role: "", PasswordHash: "x"},
	} {
		if err := s.AddUser(ctx, bad); err == nil {
			t.Errorf("AddUser(%+v) succeeded, want an error", bad)
		}
	}
	if _, err := s.User(ctx, "carol"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("User(carol) after refused adds: %v, want ErrNotFound", err)
	}

	got, err := s.User(ctx, "alice")
	if err != nil {
		t.Fatalf("User(alice): %v", err)
	}
	want := alice
	want.Created = created.UTC().Truncate(time.Microsecond)
	if !sameUser(got, want) {
		t.Errorf("User(alice) = %+v, want %+v (the role of the taken name's second add must not stick)", got, want)
	}
	if _, err := s.User(ctx, "Alice"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("User(Alice): %v, want ErrNotFound (names are exact)", err)
	}

	// A zero Created is set to the time of adding.
	before := time.Now()
	for _, name := range []string{"bob", "Zed", "émile", "ada"} {
		if err := s.AddUser(ctx, store.User{Name: name, Role: store.Publisher, PasswordHash: "h-" + name}); err != nil {
			t.Fatalf("AddUser(%s): %v", name, err)
		}
	}
	after := time.Now()
	list, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range list {
		names = append(names, u.Name)
		if u.Name != "alice" && (u.Created.Before(before.Truncate(time.Microsecond)) || u.Created.After(after)) {
			t.Errorf("user %s Created %v, want between %v and %v", u.Name, u.Created, before, after)
		}
	}
	if want := "[Zed ada alice bob émile]"; fmt.Sprint(names) != want {
		t.Errorf("Users order = %v, want %s (by name, byte by byte)", names, want)
	}

	update := store.User{Name: "alice", Role: store.Admin, PasswordHash: "$argon2id$v=19$b"}
	if err := s.UpdateUser(ctx, update); err != nil {
		t.Fatalf("UpdateUser: %v", err)
	}
	got, err = s.User(ctx, "alice")
	if err != nil || got.Role != store.Admin || got.PasswordHash != update.PasswordHash || !got.Created.Equal(want.Created) {
		t.Errorf("after UpdateUser: %+v, %v; want role admin, the new hash, Created unchanged", got, err)
	}
	if err := s.UpdateUser(ctx, store.User{Name: "nobody", Role: store.Editor}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UpdateUser(nobody): %v, want ErrNotFound", err)
	}
	if err := s.UpdateUser(ctx, store.User{Name: "alice", Role: "owner"}); err == nil {
		t.Errorf("UpdateUser with role owner succeeded, want an error")
	}
	if got, _ := s.User(ctx, "alice"); got.Role != store.Admin {
		t.Errorf("a refused update changed the role to %q", got.Role)
	}

	if err := s.DeleteUser(ctx, "bob"); err != nil {
		t.Fatalf("DeleteUser(bob): %v", err)
	}
	if _, err := s.User(ctx, "bob"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("User(bob) after delete: %v, want ErrNotFound", err)
	}
	if err := s.DeleteUser(ctx, "bob"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("DeleteUser(bob) twice: %v, want ErrNotFound", err)
	}
	if list, _ := s.Users(ctx); len(list) != 4 {
		t.Errorf("after one delete: %d users, want 4", len(list))
	}
	// The name is free again.
	if err := s.AddUser(ctx, store.User{Name: "bob", Role: store.Editor, PasswordHash: "new"}); err != nil {
		t.Errorf("AddUser(bob) after delete: %v", err)
	}
}

func session(user, token string, expires time.Time) store.Session {
	return store.Session{TokenHash: token, User: user, CSRF: "csrf-" + token, Expires: expires}
}

func mustAddUser(t *testing.T, s store.Store, name string) {
	t.Helper()
	if err := s.AddUser(context.Background(), store.User{Name: name, Role: store.Editor, PasswordHash: "h"}); err != nil {
		t.Fatalf("AddUser(%s): %v", name, err)
	}
}

func testDeleteUserEndsSessions(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustAddUser(t, s, "ana")
	mustAddUser(t, s, "ben")
	later := time.Now().Add(time.Hour)
	for _, sess := range []store.Session{session("ana", "a1", later), session("ana", "a2", later), session("ben", "b1", later)} {
		if err := s.CreateSession(ctx, sess); err != nil {
			t.Fatalf("CreateSession(%s): %v", sess.TokenHash, err)
		}
	}
	if err := s.DeleteUser(ctx, "ana"); err != nil {
		t.Fatalf("DeleteUser: %v", err)
	}
	for _, tok := range []string{"a1", "a2"} {
		if _, err := s.Session(ctx, tok); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("session %s of a deleted user: %v, want ErrNotFound", tok, err)
		}
	}
	if got, err := s.Session(ctx, "b1"); err != nil || got.User != "ben" {
		t.Errorf("another user's session after the delete: %+v, %v", got, err)
	}
	// A new account of the same name does not inherit the old sessions.
	mustAddUser(t, s, "ana")
	if _, err := s.Session(ctx, "a1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("old session came back with a new account of the same name: %v", err)
	}
}

func testEndSessions(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustAddUser(t, s, "ana")
	mustAddUser(t, s, "ben")
	later := time.Now().Add(time.Hour)
	for _, sess := range []store.Session{session("ana", "a1", later), session("ana", "a2", later), session("ana", "a3", later), session("ben", "b1", later)} {
		if err := s.CreateSession(ctx, sess); err != nil {
			t.Fatalf("CreateSession(%s): %v", sess.TokenHash, err)
		}
	}
	if n, err := s.EndSessions(ctx, "ana", "a2"); err != nil || n != 2 {
		t.Fatalf("EndSessions(ana, keep a2) = %d, %v; want 2 ended", n, err)
	}
	for tok, live := range map[string]bool{"a1": false, "a2": true, "a3": false, "b1": true} {
		_, err := s.Session(ctx, tok)
		if live && err != nil || !live && !errors.Is(err, store.ErrNotFound) {
			t.Errorf("session %s after EndSessions(ana, keep a2): %v (want live: %v)", tok, err, live)
		}
	}
	if n, err := s.EndSessions(ctx, "ana", ""); err != nil || n != 1 {
		t.Errorf("EndSessions(ana, keep none) = %d, %v; want 1 ended", n, err)
	}
	if n, err := s.EndSessions(ctx, "nobody", ""); err != nil || n != 0 {
		t.Errorf("EndSessions(nobody) = %d, %v; want 0, nil", n, err)
	}
}

func testSessions(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustAddUser(t, s, "ana")
	created := time.Date(2030, 1, 2, 3, 4, 5, 678901234, time.UTC)
	sess := store.Session{TokenHash: "tok-1", User: "ana", CSRF: "csrf-1", Created: created, Expires: time.Now().Add(time.Hour)}
	if err := s.CreateSession(ctx, session("nobody", "tok-0", sess.Expires)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("CreateSession for a missing user: %v, want ErrNotFound", err)
	}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	if err := s.CreateSession(ctx, session("ana", "tok-1", sess.Expires)); !errors.Is(err, store.ErrExists) {
		t.Errorf("CreateSession with a used token hash: %v, want ErrExists", err)
	}
	for _, bad := range []store.Session{session("ana", "", sess.Expires), session("", "tok-2", sess.Expires)} {
		if err := s.CreateSession(ctx, bad); err == nil {
			t.Errorf("CreateSession(%+v) succeeded, want an error", bad)
		}
	}
	got, err := s.Session(ctx, "tok-1")
	if err != nil {
		t.Fatalf("Session: %v", err)
	}
	want := sess
	want.Created = created.Truncate(time.Microsecond)
	want.Expires = sess.Expires.UTC().Truncate(time.Microsecond)
	if !sameSession(got, want) {
		t.Errorf("Session = %+v, want %+v", got, want)
	}
	if _, err := s.Session(ctx, "tok-0"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Session(tok-0): %v, want ErrNotFound", err)
	}
	if err := s.DeleteSession(ctx, "tok-1"); err != nil {
		t.Fatalf("DeleteSession: %v", err)
	}
	if _, err := s.Session(ctx, "tok-1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Session after DeleteSession: %v, want ErrNotFound", err)
	}
	if err := s.DeleteSession(ctx, "tok-1"); err != nil {
		t.Errorf("DeleteSession of an ended session: %v, want nil", err)
	}
}

func testSessionExpiry(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustAddUser(t, s, "ana")
	if err := s.CreateSession(ctx, session("ana", "old", time.Now().Add(-time.Second))); err != nil {
		t.Fatalf("CreateSession (already expired): %v", err)
	}
	if _, err := s.Session(ctx, "old"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an expired session: %v, want ErrNotFound", err)
	}
	const life = time.Second
	expires := time.Now().Add(life)
	if err := s.CreateSession(ctx, session("ana", "short", expires)); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	if _, err := s.Session(ctx, "short"); err != nil && time.Now().Before(expires) {
		t.Errorf("a live session: %v", err)
	}
	time.Sleep(time.Until(expires) + 10*time.Millisecond)
	if _, err := s.Session(ctx, "short"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a session past its expiry: %v, want ErrNotFound", err)
	}
	// An expired session's token hash can be used again (it was swept).
	if err := s.CreateSession(ctx, session("ana", "short", time.Now().Add(time.Hour))); err != nil {
		t.Errorf("CreateSession reusing an expired token hash: %v", err)
	}
}

// event is a shorthand for test events.
func event(at time.Time, kind, intent, reply string, rank int, edit float64) store.Event {
	return store.Event{Time: at, Kind: kind, Revision: 7, IntentID: intent, ReplyID: reply, Rank: rank, Edit: edit}
}

func testUsage(t *testing.T, s store.Store) {
	ctx := context.Background()
	at := time.Now().Add(-time.Hour)
	var batch []store.Event
	add := func(n int, e store.Event) {
		for range n {
			batch = append(batch, e)
		}
	}
	// refund/r1: sent events exist, so MeanEdit is their mean (0.5, 0.7),
	// not the inserted ones'.
	add(3, event(at, store.KindSuggested, "refund", "r1", 1, 0))
	add(1, event(at, store.KindInserted, "refund", "r1", 1, 0.2))
	add(1, event(at, store.KindInserted, "refund", "r1", 2, 0.4))
	add(1, event(at, store.KindSent, "refund", "r1", 0, 0.5))
	add(1, event(at, store.KindSent, "refund", "r1", 0, 0.7))
	// refund/r2: no sent events: the mean over inserted (0.1, 0.3, 0.5).
	add(2, event(at, store.KindSuggested, "refund", "r2", 2, 0))
	add(1, event(at, store.KindInserted, "refund", "r2", 2, 0.1))
	add(1, event(at, store.KindInserted, "refund", "r2", 2, 0.3))
	add(1, event(at, store.KindInserted, "refund", "r2", 2, 0.5))
	// délai/r3 (a reply id shared with no other intent): only suggested.
	add(4, event(at, store.KindSuggested, "délai", "r3", 3, 0))
	// the same reply id under another intent is its own row.
	add(1, event(at, store.KindSent, "shipping", "r1", 0, 1))
	// Zero time: stored as now, so counted.
	add(1, event(time.Time{}, store.KindSuggested, "shipping", "r1", 1, 0))
	// A bulk batch: 1000 more suggestions of r3.
	add(1000, event(at, store.KindSuggested, "délai", "r3", 1, 0))

	if err := s.AddEvents(ctx, batch[:10]); err != nil {
		t.Fatalf("AddEvents (first batch): %v", err)
	}
	if err := s.AddEvents(ctx, batch[10:]); err != nil {
		t.Fatalf("AddEvents (second batch): %v", err)
	}
	if err := s.AddEvents(ctx, nil); err != nil {
		t.Errorf("AddEvents(nil): %v", err)
	}
	got, err := s.Usage(ctx, at)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.Usage{
		{IntentID: "délai", ReplyID: "r3", Suggested: 1004, MeanEdit: -1},
		{IntentID: "refund", ReplyID: "r1", Suggested: 3, Inserted: 2, Sent: 2, MeanEdit: 0.6},
		{IntentID: "refund", ReplyID: "r2", Suggested: 2, Inserted: 3, MeanEdit: 0.3},
		{IntentID: "shipping", ReplyID: "r1", Suggested: 1, Sent: 1, MeanEdit: 1},
	}
	checkUsage(t, "Usage", got, want)
}

func checkUsage(t *testing.T, what string, got, want []store.Usage) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows %+v, want %d %+v", what, len(got), got, len(want), want)
	}
	for i := range want {
		g, w := got[i], want[i]
		same := g.IntentID == w.IntentID && g.ReplyID == w.ReplyID && g.Suggested == w.Suggested &&
			g.Inserted == w.Inserted && g.Sent == w.Sent && math.Abs(g.MeanEdit-w.MeanEdit) < 1e-9
		if !same {
			t.Errorf("%s[%d] = %+v, want %+v", what, i, g, w)
		}
	}
}

func testUsageSince(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Microsecond)
	days := func(n int) time.Time { return now.Add(-time.Duration(n) * 24 * time.Hour) }
	batch := []store.Event{
		event(days(40), store.KindSuggested, "i", "r", 1, 0),
		event(days(40), store.KindSent, "i", "r", 0, 0.9),
		event(days(30), store.KindSuggested, "i", "r", 1, 0), // exactly at since: counted
		event(days(20), store.KindInserted, "i", "r", 1, 0.25),
		event(days(3), store.KindSuggested, "i", "r", 2, 0),
		event(days(3), store.KindInserted, "i", "r", 2, 0.75),
	}
	if err := s.AddEvents(ctx, batch); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		since time.Time
		want  []store.Usage
	}{
		{days(50), []store.Usage{{IntentID: "i", ReplyID: "r", Suggested: 3, Inserted: 2, Sent: 1, MeanEdit: 0.9}}},
		{days(30), []store.Usage{{IntentID: "i", ReplyID: "r", Suggested: 2, Inserted: 2, MeanEdit: 0.5}}},
		{days(7), []store.Usage{{IntentID: "i", ReplyID: "r", Suggested: 1, Inserted: 1, MeanEdit: 0.75}}},
		{days(1), nil},
	} {
		got, err := s.Usage(ctx, tc.since)
		if err != nil {
			t.Fatal(err)
		}
		checkUsage(t, fmt.Sprintf("Usage since %v", tc.since), got, tc.want)
	}
}

func testUsageByDay(t *testing.T, s store.Store) {
	ctx := context.Background()
	today := time.Now().UTC().Truncate(24 * time.Hour)
	day := func(n int) time.Time { return today.Add(-time.Duration(n) * 24 * time.Hour) }
	batch := []store.Event{
		event(day(9).Add(time.Hour), store.KindSuggested, "i", "r", 1, 0), // before since
		event(day(3).Add(time.Hour), store.KindSuggested, "i", "r", 1, 0),
		event(day(3).Add(23*time.Hour), store.KindSuggested, "i", "r", 1, 0),
		event(day(3).Add(23*time.Hour), store.KindInserted, "i", "r", 1, 0.25),
		event(day(1).Add(time.Minute), store.KindSuggested, "i", "r", 2, 0),
		event(day(1).Add(time.Minute), store.KindSent, "i", "r", 0, 0.5),
		event(day(1), store.KindSuggested, "a", "q", 1, 0),
	}
	if err := s.AddEvents(ctx, batch); err != nil {
		t.Fatal(err)
	}
	got, err := s.UsageByDay(ctx, day(7))
	if err != nil {
		t.Fatal(err)
	}
	want := []store.DayUsage{
		{Day: day(1), Usage: store.Usage{IntentID: "a", ReplyID: "q", Suggested: 1, MeanEdit: -1}},
		{Day: day(3), Usage: store.Usage{IntentID: "i", ReplyID: "r", Suggested: 2, Inserted: 1, MeanEdit: 0.25}},
		{Day: day(1), Usage: store.Usage{IntentID: "i", ReplyID: "r", Suggested: 1, Sent: 1, MeanEdit: 0.5}},
	}
	if len(got) != len(want) {
		t.Fatalf("UsageByDay: %+v, want %+v", got, want)
	}
	for i := range want {
		if !got[i].Day.Equal(want[i].Day) {
			t.Errorf("UsageByDay[%d].Day = %v, want %v", i, got[i].Day, want[i].Day)
		}
	}
	us := func(ds []store.DayUsage) []store.Usage {
		var out []store.Usage
		for _, d := range ds {
			out = append(out, d.Usage)
		}
		return out
	}
	checkUsage(t, "UsageByDay", us(got), us(want))
	if list, err := s.UsageByDay(ctx, today.Add(24*time.Hour)); err != nil || len(list) != 0 {
		t.Errorf("UsageByDay from tomorrow = %v, %v; want none", list, err)
	}
}

func testBadEvents(t *testing.T, s store.Store) {
	ctx := context.Background()
	at := time.Now().Add(-time.Minute)
	good := event(at, store.KindSuggested, "i", "r", 1, 0)
	for _, tc := range []struct {
		bad   store.Event
		field string
	}{
		{event(at, "clicked", "i", "r", 1, 0), "kind"},
		{event(at, store.KindSent, "i", "r", 1, 1.5), "edit"},
		{event(at, store.KindSent, "i", "r", 1, -0.1), "edit"},
		{event(at, store.KindSent, "i", "r", 1, math.NaN()), "edit"},
		{event(at, store.KindSuggested, "i", "r", -2, 0), "rank"},
		{event(at, store.KindSuggested, "i", "", 1, 0), "reply"},
	} {
		err := s.AddEvents(ctx, []store.Event{good, good, tc.bad})
		if err == nil {
			t.Errorf("AddEvents with %+v succeeded, want an error", tc.bad)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "event 2") || !strings.Contains(msg, tc.field) {
			t.Errorf("AddEvents with %+v: %q, want it to name event 2 and %q", tc.bad, msg, tc.field)
		}
	}
	if got, err := s.Usage(ctx, time.Time{}); err != nil || len(got) != 0 {
		t.Errorf("after refused batches: Usage = %+v, %v; want nothing stored", got, err)
	}
}

func testLargeDocument(t *testing.T, s store.Store) {
	ctx := context.Background()
	doc := make([]byte, 5<<20)
	if _, err := rand.Read(doc); err != nil {
		t.Fatal(err)
	}
	doc[0], doc[len(doc)-1] = 0, 0 // NUL at both ends: binary, not text
	info, err := s.Save(ctx, 0, doc, "ana", "big")
	if err != nil {
		t.Fatalf("Save of 5 MB: %v", err)
	}
	if err := s.Publish(ctx, info.ID); err != nil {
		t.Fatal(err)
	}
	for name, get := range map[string]func() (store.Revision, error){
		"Head":      func() (store.Revision, error) { return s.Head(ctx) },
		"Revision":  func() (store.Revision, error) { return s.Revision(ctx, info.ID) },
		"Published": func() (store.Revision, error) { return s.Published(ctx) },
	} {
		r, err := get()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(r.Document, doc) {
			t.Errorf("%s: %d bytes came back, not the %d saved", name, len(r.Document), len(doc))
		}
	}
}

func testUnicode(t *testing.T, s store.Store) {
	ctx := context.Background()
	doc := []byte(`{"reply":"Désolée pour l’attente 🙏 — 日本語 «ok»","x":"\u2028"}`)
	author, message := "Zoë Ångström 🦊", "Restore «v2»: 退货 ✓"
	if _, err := s.Save(ctx, 0, doc, author, message); err != nil {
		t.Fatal(err)
	}
	r, err := s.Head(ctx)
	if err != nil || !bytes.Equal(r.Document, doc) || r.Author != author || r.Message != message {
		t.Errorf("Head = %q by %q (%q), %v; want %q by %q (%q)", r.Document, r.Author, r.Message, err, doc, author, message)
	}
	name := "søren-管理"
	if err := s.AddUser(ctx, store.User{Name: name, Role: store.Admin, PasswordHash: "ĥ"}); err != nil {
		t.Fatal(err)
	}
	if u, err := s.User(ctx, name); err != nil || u.Name != name || u.PasswordHash != "ĥ" {
		t.Errorf("User(%q) = %+v, %v", name, u, err)
	}
}

func mustSave(t *testing.T, s store.Store, base int64, doc string) store.RevisionInfo {
	t.Helper()
	info, err := s.Save(context.Background(), base, []byte(doc), "ana", fmt.Sprintf("save %d", base+1))
	if err != nil {
		t.Fatalf("Save from base %d: %v", base, err)
	}
	return info
}

func sameInfo(a, b store.RevisionInfo) bool {
	return a.ID == b.ID && a.Base == b.Base && a.Author == b.Author && a.Message == b.Message &&
		a.Created.Equal(b.Created) && a.Published.Equal(b.Published)
}

// sameUser compares accounts; times must be the same instant, in UTC.
func sameUser(a, b store.User) bool {
	return a.Name == b.Name && a.Role == b.Role && a.PasswordHash == b.PasswordHash &&
		a.Created.Equal(b.Created) && a.Created.Location() == time.UTC
}

// sameSession compares sessions; times must be the same instants, in UTC.
func sameSession(a, b store.Session) bool {
	return a.TokenHash == b.TokenHash && a.User == b.User && a.CSRF == b.CSRF &&
		a.Created.Equal(b.Created) && a.Expires.Equal(b.Expires) &&
		a.Created.Location() == time.UTC && a.Expires.Location() == time.UTC
}

package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warmdesk/warmdesk/internal/auth"
	"github.com/warmdesk/warmdesk/internal/store"
)

// TestUserCommands drives `warmdesk user` against a real SQLite file.
func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "studio.db")
	ok := func(stdin string, args ...string) string {
		t.Helper()
		out, errs, code := warmdesk(t, stdin, append([]string{"user"}, append(args, "-db", db)...)...)
		if code != 0 {
			t.Fatalf("user %v: exit %d: %s", args, code, errs)
		}
		return out
	}
	fails := func(stdin, want string, args ...string) {
		t.Helper()
		_, errs, code := warmdesk(t, stdin, append([]string{"user"}, append(args, "-db", db)...)...)
		if code == 0 || !strings.Contains(errs, want) {
			t.Errorf("user %v: exit %d, stderr %q; want a failure saying %q", args, code, errs, want)
		}
	}
	if out := ok("", "list"); !strings.Contains(out, "no accounts") {
		t.Errorf("empty list: %q", out)
	}
	ok("dana's long password\n", "add", "dana", "-role", "publisher")
	ok("sam's long password", "add", "-role", "editor", "sam") // flags before the name; no newline
	fails("another long one\n", "already exists", "add", "dana", "-role", "editor")
	fails("short\n", "too short", "add", "kim", "-role", "editor")
	fails("\n", "empty", "add", "kim", "-role", "editor")
	fails("long enough password\n", "role must be", "add", "kim", "-role", "boss")
	fails("long enough password\n", "name has", "add", "kim lee", "-role", "editor")
	fails("", "no account named", "role", "nobody", "admin")
	fails("", "role must be", "role", "sam", "owner")
	out := ok("", "list")
	if !strings.Contains(out, "dana") || !strings.Contains(out, "publisher") || !strings.Contains(out, "sam") || strings.Contains(out, "kim") {
		t.Errorf("list: %q", out)
	}
	ok("", "role", "sam", "admin")
	// Sam is signed in twice (say, one of them a stolen cookie).
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{"sam-1", "sam-2"} {
		if err := st.CreateSession(context.Background(), store.Session{TokenHash: tok, User: "sam", CSRF: "x", Expires: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	if out := ok("sam's new long password\n", "password", "sam"); !strings.Contains(out, "ended 2") {
		t.Errorf("password: %q, want it to say it ended 2 sessions", out)
	}
	st, err = store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{"sam-1", "sam-2"} {
		if _, err := st.Session(context.Background(), tok); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("session %s after the password change: %v, want it ended", tok, err)
		}
	}
	u, err := st.User(context.Background(), "sam")
	st.Close()
	if err != nil || u.Role != store.Admin {
		t.Fatalf("sam: %+v %v", u, err)
	}
	if strings.Contains(u.PasswordHash, "long password") || !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
		t.Errorf("stored hash %q", u.PasswordHash)
	}
	if good, _ := auth.VerifyPassword(u.PasswordHash, "sam's new long password"); !good {
		t.Error("the new password does not verify")
	}
	ok("", "remove", "sam")
	fails("", "no account named", "remove", "sam")
	if _, _, code := warmdesk(t, "", "user", "frobnicate"); code != 2 {
		t.Errorf("unknown subcommand: exit %d", code)
	}
	if _, _, code := warmdesk(t, "", "user", "add"); code != 2 {
		t.Errorf("add without a name: exit %d", code)
	}
}

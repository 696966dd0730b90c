package studio

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/internal/studioapi"
)

// syncBuffer is a log both the server and the test use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestDatabaseFileDeleted: with its SQLite file deleted while the server
// runs, the studio stops acknowledging saves and sign-ins (503, saying
// why), says so on its pages and in the log, and widgets still get the
// published library.
func TestDatabaseFileDeleted(t *testing.T) {
	var logs syncBuffer
	e := newEnv(t, Config{Log: log.New(&logs, "", 0), HealthEvery: time.Hour})
	ed := e.client().login("ed")
	_, want := fetch(t, e, "/library.json")
	var head studioapi.Revision
	wantStatus(t, "head", ed.call("GET", studioapi.Head, nil, &head), 200)

	path := e.st.(*store.SQLite).Path()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	var er studioapi.Error
	r := ed.call("POST", studioapi.Revisions, studioapi.SaveRequest{Base: head.ID, Document: defaultDoc(t, nil), Message: "into the void"}, &er)
	wantStatus(t, "a save after the file was deleted", r, 503)
	if !strings.Contains(er.Error, "cannot be written") || strings.Contains(er.Error, path) {
		t.Errorf("the refusal says %q: it should say the database cannot be written, without its path", er.Error)
	}
	wantStatus(t, "a sign-in after the file was deleted", e.client().call("POST", studioapi.Login, studioapi.Credentials{Name: "pat", Password: testPassword}, nil), 503)
	var me studioapi.Me
	wantStatus(t, "me", ed.call("GET", studioapi.MePath, nil, &me), 200)
	if me.Database == "" {
		t.Error("the studio's pages are not told the database cannot be written")
	}
	if l := logs.String(); !strings.Contains(l, "THE DATABASE CANNOT BE WRITTEN") || !strings.Contains(l, "deleted") {
		t.Errorf("the log does not say so: %q", l)
	}
	if resp, got := fetch(t, e, "/library.json"); resp.StatusCode != 200 || !bytes.Equal(got, want) {
		t.Errorf("/library.json after the file was deleted: HTTP %d, same library %v", resp.StatusCode, bytes.Equal(got, want))
	}
}

// TestDatabaseReadOnlyFoundByTheCheck: a file made read-only is noticed
// by the periodic check before anyone saves, and again once writable.
func TestDatabaseReadOnlyFoundByTheCheck(t *testing.T) {
	var logs syncBuffer
	e := newEnv(t, Config{Log: log.New(&logs, "", 0), HealthEvery: 20 * time.Millisecond})
	path := e.st.(*store.SQLite).Path()
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the check to notice", func() bool { return strings.Contains(logs.String(), "CANNOT BE WRITTEN") })
	wantStatus(t, "a sign-in to a read-only database", e.client().call("POST", studioapi.Login, studioapi.Credentials{Name: "ed", Password: testPassword}, nil), 503)
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the check to notice it is writable", func() bool { return strings.Contains(logs.String(), "takes writes again") })
	e.client().login("ed")
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); !ok(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// TestPostgresDownServesLastLibrary: when PostgreSQL stops answering,
// widgets still get the last published library (and its model), and the
// studio answers 503, not a bare 500. PostgreSQL is reached through a
// proxy the test cuts; the shared test server keeps running.
func TestPostgresDownServesLastLibrary(t *testing.T) {
	dsn, cut := postgresBehindProxy(t)
	st, err := store.OpenPostgres(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := Seed(context.Background(), st, defaultDoc(t, nil), "warmdesk", "first"); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	var clock sync.Mutex
	e := newEnvOn(t, st, Config{HealthEvery: time.Hour,
		Now: func() time.Time { clock.Lock(); defer clock.Unlock(); return now }})
	_, want := fetch(t, e, "/library.json")
	_, wantModel := fetch(t, e, "/library.model")

	cut()
	clock.Lock()
	now = now.Add(time.Minute) // past the published revision's cache
	clock.Unlock()
	for i := 0; i < 3; i++ {
		if r, got := fetch(t, e, "/library.json"); r.StatusCode != 200 || !bytes.Equal(got, want) {
			t.Fatalf("/library.json with PostgreSQL down: HTTP %d, same library %v", r.StatusCode, bytes.Equal(got, want))
		}
	}
	if r, got := fetch(t, e, "/library.model"); r.StatusCode != 200 || !bytes.Equal(got, wantModel) {
		t.Errorf("/library.model with PostgreSQL down: HTTP %d", r.StatusCode)
	}
	wantStatus(t, "a sign-in with PostgreSQL down", e.client().call("POST", studioapi.Login, studioapi.Credentials{Name: "ed", Password: testPassword}, nil), 503)
}

// postgresBehindProxy makes a database for the test on the test
// PostgreSQL and returns its address through a proxy, and a function that
// cuts the proxy: every connection closed, no new one accepted.
func postgresBehindProxy(t *testing.T) (string, func()) {
	t.Helper()
	if os.Getenv("WARMDESK_SKIP_POSTGRES") == "1" {
		t.Skip("WARMDESK_SKIP_POSTGRES=1: PostgreSQL tests skipped")
	}
	admin := os.Getenv("WARMDESK_TEST_POSTGRES")
	if admin == "" {
		b, err := os.ReadFile(filepath.Join("..", "..", ".tools", "pg", "dsn"))
		if err != nil {
			t.Fatalf("no PostgreSQL for the test (%v): run scripts/postgres.sh, or set WARMDESK_TEST_POSTGRES; WARMDESK_SKIP_POSTGRES=1 skips it", err)
		}
		admin = strings.TrimSpace(string(b))
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	// Where the server listens: a unix socket folder, or host:port.
	target, network := u.Query().Get("host"), "unix"
	port := u.Port()
	if q := u.Query().Get("port"); q != "" {
		port = q
	}
	if port == "" {
		port = "5432"
	}
	if strings.HasPrefix(target, "/") {
		target = filepath.Join(target, ".s.PGSQL."+port)
	} else {
		network, target = "tcp", net.JoinHostPort(u.Hostname(), port)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "warmdesk_test_" + hex.EncodeToString(b)
	pgExec(t, admin, "CREATE DATABASE "+name)
	t.Cleanup(func() { pgExec(t, admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })

	// The proxy listens on a unix socket of its own, as PostgreSQL names
	// them, so the database sees the same kind of client as without it.
	dir, err := os.MkdirTemp("", "wdpg")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	ln, err := net.Listen("unix", filepath.Join(dir, ".s.PGSQL.5432"))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial(network, target)
			if err != nil {
				c.Close()
				continue
			}
			mu.Lock()
			conns = append(conns, c, up)
			mu.Unlock()
			go func() { io.Copy(up, c); up.Close() }()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}()
	cut := func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	}
	t.Cleanup(cut)
	q := u.Query()
	q.Set("host", dir)
	q.Set("port", "5432")
	u.RawQuery = q.Encode()
	u.Path = "/" + name
	return u.String(), cut
}

func pgExec(t *testing.T, dsn string, statements ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect to the test PostgreSQL: %v", err)
	}
	defer conn.Close(ctx)
	for _, s := range statements {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

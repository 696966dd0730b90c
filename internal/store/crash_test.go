package store_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/warmdesk/warmdesk/internal/store"
)

// The crash and race tests run this test binary again as a child process
// (selected by these variables) that writes to a store and is then killed
// or left to finish; the parent checks what the store holds afterwards.
const (
	childEnv    = "WARMDESK_STORE_CHILD" // "crash" or "race"
	childDSNEnv = "WARMDESK_STORE_CHILD_DSN"
)

// TestChild is the child process's body; it does nothing in a normal run.
func TestChild(t *testing.T) {
	mode := os.Getenv(childEnv)
	if mode == "" {
		t.Skip("only runs as a child of TestCrash… and TestTwoProcesses…")
	}
	ctx := context.Background()
	s, err := store.Open(ctx, os.Getenv(childDSNEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(2)
	}
	switch mode {
	case "crash":
		// Save forever, reporting each commit; the parent kills us.
		for {
			head, err := s.Head(ctx)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				fmt.Fprintln(os.Stderr, "child: head:", err)
				os.Exit(2)
			}
			info, err := s.Save(ctx, head.ID, crashDoc(head.ID+1), "crash", "crash test")
			if err != nil {
				fmt.Fprintln(os.Stderr, "child: save:", err)
				os.Exit(2)
			}
			fmt.Printf("saved %d\n", info.ID)
		}
	case "race":
		// Save from the newest revision as fast as possible, racing
		// another process doing the same; report the tally.
		won, lost := 0, 0
		for range raceSaves {
			head, err := s.Head(ctx)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				fmt.Fprintln(os.Stderr, "child: head:", err)
				os.Exit(2)
			}
			_, err = s.Save(ctx, head.ID, crashDoc(head.ID+1), "race", "race test")
			switch {
			case err == nil:
				won++
			case errors.Is(err, store.ErrConflict):
				lost++
			default:
				fmt.Fprintln(os.Stderr, "child: save:", err)
				os.Exit(2)
			}
		}
		s.Close()
		fmt.Printf("won %d lost %d\n", won, lost)
		os.Exit(0)
	}
	os.Exit(2)
}

const raceSaves = 40

// crashDoc is revision id's document: a header naming the id, some
// kilobytes that depend on it, and a checksum of all that, so a torn or
// misplaced document cannot pass checkCrashDoc.
func crashDoc(id int64) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "revision %d\n", id)
	r := rand.New(rand.NewPCG(uint64(id), 7))
	for range 64 << 10 / 16 {
		fmt.Fprintf(&b, "%016x", r.Uint64())
	}
	sum := sha256.Sum256(b.Bytes())
	fmt.Fprintf(&b, "\nsha256 %s\n", hex.EncodeToString(sum[:]))
	return b.Bytes()
}

func checkCrashDoc(id int64, doc []byte) error {
	body, tail, ok := bytes.Cut(doc, []byte("\nsha256 "))
	if !ok {
		return errors.New("no checksum line")
	}
	sum := sha256.Sum256(body)
	if strings.TrimSpace(string(tail)) != hex.EncodeToString(sum[:]) {
		return errors.New("checksum does not match: torn document")
	}
	if !bytes.HasPrefix(body, fmt.Appendf(nil, "revision %d\n", id)) {
		return fmt.Errorf("document of another revision: %.20q", body)
	}
	return nil
}

// child starts this test binary as a child in mode, writing to dsn.
func child(t *testing.T, mode, dsn string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+mode, childDSNEnv+"="+dsn)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, bufio.NewScanner(out)
}

// crash runs a saving child against dsn several times, killing it with
// SIGKILL at a random moment after it has committed a few revisions, and
// after each kill checks that every committed revision is intact and the
// store still takes saves.
func crash(t *testing.T, dsn string) {
	const kills = 3
	var committed int64 // the newest revision a child reported
	for k := range kills {
		cmd, lines := child(t, "crash", dsn)
		target := committed + 8 + rand.Int64N(8)
		for committed < target {
			if !lines.Scan() {
				t.Fatalf("kill %d: the child stopped after revision %d: %v", k, committed, cmd.Wait())
			}
			n, err := strconv.ParseInt(strings.TrimPrefix(lines.Text(), "saved "), 10, 64)
			if err != nil {
				t.Fatalf("kill %d: child said %q", k, lines.Text())
			}
			committed = n
		}
		// Let the next save get under way, then pull the plug.
		time.Sleep(time.Duration(rand.IntN(4000)) * time.Microsecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		for lines.Scan() { // commits reported before the kill landed
			if n, err := strconv.ParseInt(strings.TrimPrefix(lines.Text(), "saved "), 10, 64); err == nil {
				committed = n
			}
		}
		waitForOrphans(t, dsn)
		committed = checkCrashStore(t, dsn, committed)
	}
}

// waitForOrphans waits, for a PostgreSQL address, until the database has
// no session but this one: a killed client's backend may still finish the
// commit the client sent just before it died, and the check must read
// what is final.
func waitForOrphans(t *testing.T, dsn string) {
	t.Helper()
	if _, sqlite := store.SQLiteFile(dsn); sqlite {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for {
		var n int
		err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&n)
		if err != nil {
			t.Fatalf("waiting for the killed child's sessions to end: %v", err)
		}
		if n == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// checkCrashStore reopens the store after a kill: every revision up to the
// newest is there, with its document whole; the newest is at least the
// last one the child reported committed; a new save works. It returns the
// new newest revision.
func checkCrashStore(t *testing.T, dsn string, committed int64) int64 {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("reopening after the kill: %v", err)
	}
	defer s.Close()
	list, err := s.Revisions(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) == 0 || list[0].ID < committed {
		t.Fatalf("after the kill: %d revisions, but the child had committed %d", len(list), committed)
	}
	for i, info := range list {
		want := int64(len(list) - i)
		if info.ID != want || info.Base != want-1 {
			t.Fatalf("after the kill: revision list[%d] = id %d base %d, want a dense chain (%d)", i, info.ID, info.Base, want)
		}
		r, err := s.Revision(ctx, info.ID)
		if err != nil {
			t.Fatalf("after the kill: revision %d: %v", info.ID, err)
		}
		if err := checkCrashDoc(info.ID, r.Document); err != nil {
			t.Fatalf("after the kill: revision %d: %v", info.ID, err)
		}
	}
	head := list[0].ID
	info, err := s.Save(ctx, head, crashDoc(head+1), "check", "after the kill")
	if err != nil || info.ID != head+1 {
		t.Fatalf("save after the kill: %+v, %v", info, err)
	}
	t.Logf("killed after %d reported commits; %d revisions intact", committed, head)
	return info.ID
}

func TestCrashSQLite(t *testing.T) {
	crash(t, filepath.Join(t.TempDir(), "warmdesk.db"))
}

func TestCrashPostgres(t *testing.T) {
	crash(t, newSchema(t, newPostgresDB(t)))
}

// twoProcesses runs two children that race saves into one store; every
// save one of them won must be there, and nothing else.
func twoProcesses(t *testing.T, dsn string) {
	// Create the schema first, so the children race only their saves.
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	var won, lost int
	type kid struct {
		cmd   *exec.Cmd
		lines *bufio.Scanner
	}
	var kids []kid
	for range 2 {
		cmd, lines := child(t, "race", dsn)
		kids = append(kids, kid{cmd, lines})
	}
	for i, k := range kids {
		var w, l int
		if !k.lines.Scan() {
			t.Fatalf("child %d said nothing: %v", i, k.cmd.Wait())
		}
		if _, err := fmt.Sscanf(k.lines.Text(), "won %d lost %d", &w, &l); err != nil {
			t.Fatalf("child %d said %q", i, k.lines.Text())
		}
		if err := k.cmd.Wait(); err != nil {
			t.Fatalf("child %d: %v", i, err)
		}
		if w+l != raceSaves {
			t.Errorf("child %d: %d won + %d lost, want %d saves", i, w, l, raceSaves)
		}
		won, lost = won+w, lost+l
	}
	t.Logf("two processes: %d saves won, %d refused as conflicts", won, lost)
	ctx := context.Background()
	s, err = store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, err := s.Revisions(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != won {
		t.Fatalf("the store holds %d revisions, but the processes won %d saves", len(list), won)
	}
	for i, info := range list {
		want := int64(len(list) - i)
		r, err := s.Revision(ctx, info.ID)
		if err != nil || info.ID != want || info.Base != want-1 || checkCrashDoc(want, r.Document) != nil {
			t.Fatalf("revision list[%d] = id %d base %d (%v): want a dense chain of whole documents", i, info.ID, info.Base, err)
		}
	}
}

func TestTwoProcessesSQLite(t *testing.T) {
	twoProcesses(t, filepath.Join(t.TempDir(), "warmdesk.db"))
}

func TestTwoProcessesPostgres(t *testing.T) {
	twoProcesses(t, newSchema(t, newPostgresDB(t)))
}

package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/warmdesk/warmdesk/internal/auth"
	"github.com/warmdesk/warmdesk/internal/store"
)

// DefaultDB is the database `serve` and `user` use without -db: a SQLite
// file in the working directory.
const DefaultDB = "warmdesk.db"

const userUsage = `usage:
  warmdesk user add NAME -role editor|publisher|admin [-db DSN]
  warmdesk user list [-db DSN]
  warmdesk user role NAME editor|publisher|admin [-db DSN]
  warmdesk user password NAME [-db DSN]
  warmdesk user remove NAME [-db DSN]

Accounts sign in to the studio (warmdesk serve, /studio). Editors draft and
save; publishers also publish and restore; admins also manage accounts.
Passwords are read from the terminal without echo, or as one line from
standard input, and stored as argon2id hashes. DSN is a SQLite file
(default warmdesk.db) or a postgres:// URL.
`

// cmdUser manages studio accounts.
func cmdUser(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, userUsage)
		return 2
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, userUsage)
		return 0
	}
	fs := flag.NewFlagSet("warmdesk user "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, userUsage) }
	dsn := fs.String("db", DefaultDB, "the studio's database: a SQLite `file` or a postgres:// URL")
	role := fs.String("role", "", "the account's `role`: editor, publisher or admin (user add)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	want := map[string]int{"add": 1, "list": 0, "role": 2, "password": 1, "remove": 1}
	n, known := want[sub]
	if !known {
		fmt.Fprintf(stderr, "warmdesk user: unknown command %q\n%s", sub, userUsage)
		return 2
	}
	if len(pos) != n {
		fmt.Fprintf(stderr, "warmdesk user %s: want %d argument(s), got %d\n%s", sub, n, len(pos), userUsage)
		return 2
	}
	if sub != "add" && *role != "" {
		fmt.Fprintf(stderr, "warmdesk user %s: -role is for `user add`; use `user role NAME ROLE`\n", sub)
		return 2
	}
	ctx := context.Background()
	fail := func(err error) int {
		fmt.Fprintf(stderr, "warmdesk user %s: %v\n", sub, err)
		return 1
	}
	// Check what can be checked before opening (and maybe creating) a
	// database.
	if sub == "add" || sub == "role" {
		r := *role
		if sub == "role" {
			r = pos[1]
		}
		if !store.Role(r).Valid() {
			return fail(fmt.Errorf("the role must be editor, publisher or admin, not %q", r))
		}
	}
	if sub == "add" {
		if err := auth.CheckName(pos[0]); err != nil {
			return fail(err)
		}
	}
	st, err := openStore(ctx, *dsn)
	if err != nil {
		return fail(err)
	}
	defer st.Close()

	switch sub {
	case "list":
		us, err := st.Users(ctx)
		if err != nil {
			return fail(err)
		}
		if len(us) == 0 {
			fmt.Fprintln(stdout, "no accounts; add one with: warmdesk user add NAME -role admin")
			return 0
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tCREATED")
		for _, u := range us {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", u.Name, u.Role, u.Created.Format("2006-01-02 15:04"))
		}
		tw.Flush()
		return 0
	case "remove":
		if err := st.DeleteUser(ctx, pos[0]); err != nil {
			return fail(accountErr(pos[0], err))
		}
		fmt.Fprintf(stdout, "removed %s (their sessions are ended)\n", pos[0])
		return 0
	case "role":
		u, err := st.User(ctx, pos[0])
		if err != nil {
			return fail(accountErr(pos[0], err))
		}
		u.Role = store.Role(pos[1])
		if err := st.UpdateUser(ctx, u); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "%s is now %s\n", u.Name, u.Role)
		return 0
	case "password":
		u, err := st.User(ctx, pos[0])
		if err != nil {
			return fail(accountErr(pos[0], err))
		}
		pw, err := readPassword(stdin, stderr, u.Name)
		if err != nil {
			return fail(err)
		}
		if u.PasswordHash, err = auth.HashPassword(pw, auth.DefaultParams()); err != nil {
			return fail(err)
		}
		if err := st.UpdateUser(ctx, u); err != nil {
			return fail(err)
		}
		n, err := st.EndSessions(ctx, u.Name, "")
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "changed the password of %s (and ended %d of their sessions)\n", u.Name, n)
		return 0
	}
	// add
	if _, err := st.User(ctx, pos[0]); err == nil {
		return fail(fmt.Errorf("an account named %q already exists", pos[0]))
	}
	pw, err := readPassword(stdin, stderr, pos[0])
	if err != nil {
		return fail(err)
	}
	hash, err := auth.HashPassword(pw, auth.DefaultParams())
	if err != nil {
		return fail(err)
	}
	err = st.AddUser(ctx, store.User{Name: pos[0], Role: store.Role(*role), PasswordHash: hash, Created: time.Now().UTC()})
	if errors.Is(err, store.ErrExists) {
		return fail(fmt.Errorf("an account named %q already exists", pos[0]))
	}
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "added %s (%s)\n", pos[0], *role)
	return 0
}

func accountErr(name string, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("there is no account named %q", name)
	}
	return err
}

// readPassword reads a new password: twice without echo from a terminal,
// else one line from stdin (for scripts: `echo "$PW" | warmdesk user add`).
func readPassword(stdin io.Reader, stderr io.Writer, name string) (string, error) {
	var pw string
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(stderr, "Password for %s (at least %d characters): ", name, auth.MinPasswordLen)
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", fmt.Errorf("reading the password: %w", err)
		}
		fmt.Fprint(stderr, "Again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", fmt.Errorf("reading the password: %w", err)
		}
		if string(a) != string(b) {
			return "", errors.New("the two passwords differ")
		}
		pw = string(a)
	} else {
		line, err := bufio.NewReader(io.LimitReader(stdin, auth.MaxPasswordLen+2)).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("reading the password from standard input: %w", err)
		}
		pw = strings.TrimRight(line, "\r\n")
	}
	if err := auth.CheckPassword(pw); err != nil {
		return "", err
	}
	return pw, nil
}

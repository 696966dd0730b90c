package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite" // the pure-Go driver "sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// SQLite is the default backend: one database file, written through a
// write-ahead log, shared safely by every goroutine and by several
// processes on one machine (SQLite's file locks; not over a network share).
type SQLite struct {
	db   *sql.DB
	path string
	file os.FileInfo // the database file as opened: its identity

	mu      sync.Mutex
	gone    error  // set for good once the file was deleted or replaced
	rescued string // where a copy was saved when it was
}

// sqliteMigrations are the schema's versions in order: element i brings
// a database from PRAGMA user_version i to i+1. Never edit a released
// step; append a new one.
var sqliteMigrations = []string{
	`CREATE TABLE revisions (
		id        INTEGER PRIMARY KEY,  -- 1, 2, 3…: always base + 1
		base      INTEGER NOT NULL,
		author    TEXT    NOT NULL,
		message   TEXT    NOT NULL,
		created   INTEGER NOT NULL,     -- Unix microseconds
		published INTEGER,              -- when last published; NULL if never
		document  BLOB    NOT NULL
	);
	CREATE TABLE publication (          -- at most one row: the published revision
		one      INTEGER PRIMARY KEY CHECK (one = 1),
		revision INTEGER NOT NULL REFERENCES revisions (id)
	);
	CREATE TABLE users (
		name          TEXT PRIMARY KEY,
		role          TEXT NOT NULL CHECK (role IN ('editor', 'publisher', 'admin')),
		password_hash TEXT NOT NULL,
		created       INTEGER NOT NULL
	);
	CREATE TABLE sessions (
		token_hash TEXT PRIMARY KEY,
		user_name  TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
		csrf       TEXT NOT NULL,
		created    INTEGER NOT NULL,
		expires    INTEGER NOT NULL
	);
	CREATE INDEX sessions_user ON sessions (user_name);
	CREATE INDEX sessions_expires ON sessions (expires);
	CREATE TABLE events (
		at        INTEGER NOT NULL,
		kind      TEXT    NOT NULL,
		revision  INTEGER NOT NULL,
		intent_id TEXT    NOT NULL,
		reply_id  TEXT    NOT NULL,
		rank      INTEGER NOT NULL,
		edit      REAL    NOT NULL
	);
	CREATE INDEX events_at ON events (at);`,
}

// OpenSQLite opens the database file at path, creating it and its schema
// on first use and bringing an older schema up to date. It will not make
// a new, empty database where one existed before (OpenSQLiteWith).
func OpenSQLite(path string) (*SQLite, error) { return OpenSQLiteWith(path, Options{}) }

// Options change how a store is opened.
type Options struct {
	// Recreate lets OpenSQLiteWith start a new, empty database at a path
	// whose marker file says a database existed there before (it was
	// deleted or moved). Without it that is refused: starting empty would
	// hide the loss of every revision and account.
	Recreate bool
}

// MarkerSuffix names the file kept beside a SQLite database, which says
// that the database exists (MarkerFile).
const MarkerSuffix = ".created"

// MarkerFile is the marker kept beside the SQLite database at path: while
// it is there and the database is not, opening refuses to start afresh.
func MarkerFile(path string) string { return path + MarkerSuffix }

// OpenSQLiteWith is OpenSQLite with options.
func OpenSQLiteWith(path string, opts Options) (*SQLite, error) {
	if path == "" {
		return nil, errors.New("store: sqlite: empty file path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: sqlite %s: %w", path, err)
	}
	if err := createSQLiteFile(abs, opts); err != nil {
		return nil, err
	}
	file, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("store: sqlite %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", sqliteDSN(abs))
	if err != nil {
		return nil, fmt.Errorf("store: sqlite %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetConnMaxIdleTime(time.Minute)
	s := &SQLite{db: db, path: abs, file: file}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: sqlite %s: %w", path, err)
	}
	return s, nil
}

// createSQLiteFile makes the empty file a new database starts from (the
// driver only opens existing files: a connection opened after the file
// was deleted must fail, not start an empty database in its place), and
// the marker beside it. A missing database whose marker is there is
// refused unless opts.Recreate.
func createSQLiteFile(abs string, opts Options) error {
	marker := MarkerFile(abs)
	if _, err := os.Stat(abs); err == nil {
		// An existing database (perhaps from before markers) gets one;
		// a directory we cannot write only loses the protection.
		if _, err := os.Stat(marker); errors.Is(err, fs.ErrNotExist) {
			writeMarker(marker, abs)
		}
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("store: sqlite %s: %w", abs, err)
	}
	if b, err := os.ReadFile(marker); err == nil && !opts.Recreate {
		return fmt.Errorf("store: sqlite %s: %w: the database is missing, but %s says it existed (%s). "+
			"Restore it from a backup, or start a new, empty database deliberately (warmdesk serve -reseed)",
			abs, ErrUnavailable, filepath.Base(marker), strings.TrimSpace(firstLine(b)))
	}
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("store: sqlite %s: %w", abs, err)
	}
	f.Close()
	writeMarker(marker, abs)
	return nil
}

func writeMarker(marker, db string) {
	os.WriteFile(marker, []byte(fmt.Sprintf("created %s\n\n"+
		"Warmdesk keeps this file beside its SQLite database %s. While it is here and the database\n"+
		"is not, Warmdesk refuses to start a new, empty database in its place: restore the database\n"+
		"from a backup, or start afresh on purpose with `warmdesk serve -reseed`.\n",
		time.Now().UTC().Format(time.RFC3339), filepath.Base(db))), 0o644)
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	return s
}

// Check reports whether the database can take writes: its file is still
// the one opened (not deleted, moved or replaced) and may be written, as
// may its folder (SQLite writes its journal there). It returns an error
// wrapping ErrUnavailable when not. Every write checks first; a server
// also checks now and then (studio), to say so before anyone saves.
//
// A file deleted or replaced stays unavailable until the store is opened
// again; before saying so the first time, Check saves a copy of the
// database as the open connections still see it, beside the file (see
// Rescued), since a deleted file's data is gone once they close.
func (s *SQLite) Check(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gone != nil {
		return s.gone
	}
	fi, err := os.Stat(s.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		s.gone = fmt.Errorf("%w: the database file %s was deleted or moved while the server ran", ErrUnavailable, s.path)
	case err != nil:
		return fmt.Errorf("%w: the database file %s: %v", ErrUnavailable, s.path, err)
	case !os.SameFile(fi, s.file):
		s.gone = fmt.Errorf("%w: the database file %s was replaced by another file while the server ran", ErrUnavailable, s.path)
	}
	if s.gone != nil {
		s.rescue(ctx)
		return s.gone
	}
	for _, p := range []string{s.path, filepath.Dir(s.path)} {
		if err := writable(p); err != nil {
			return fmt.Errorf("%w: %s cannot be written: %v", ErrUnavailable, p, err)
		}
	}
	return nil
}

// Path is the database file's absolute path.
func (s *SQLite) Path() string { return s.path }

// Rescued is where Check saved a copy of a database whose file was
// deleted or replaced, or "" (none was made, or it failed).
func (s *SQLite) Rescued() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rescued
}

// rescue copies the database, as the open connections see it, to a new
// file beside the lost one; s.mu is held.
func (s *SQLite) rescue(ctx context.Context) {
	to := fmt.Sprintf("%s.rescued-%s", s.path, time.Now().UTC().Format("20060102T150405Z"))
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", to); err != nil {
		s.gone = fmt.Errorf("%w (and saving a copy of what the server still had failed: %v)", s.gone, err)
		return
	}
	s.rescued = to
	s.gone = fmt.Errorf("%w; what the server still had is saved in %s", s.gone, to)
}

// writable reports why path (a file or a folder) cannot be written: its
// permissions say read-only (which even root is held to here: a file an
// administrator made read-only is not to be written), or opening it for
// writing fails (a read-only file system).
func writable(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if fi.Mode().Perm()&0o222 == 0 {
		return fmt.Errorf("its permissions (%v) make it read-only", fi.Mode().Perm())
	}
	if fi.IsDir() {
		return nil // its permissions allow writing; a read-only file system shows on the file
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	return f.Close()
}

// sqliteDSN is the driver's address for the file at abs: every
// connection waits up to 10 s for a lock instead of failing at once, uses
// the write-ahead log (readers never block the writer), syncs each commit
// to disk, enforces foreign keys, and begins every transaction IMMEDIATE,
// i.e. holding the write lock, so a transaction never has to upgrade a
// stale read into a write.
func sqliteDSN(abs string) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	// Open only an existing file (createSQLiteFile makes a new one).
	q.Set("mode", "rw")
	// The file is named by a URI; these three would end its path early.
	path := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(abs)
	return "file:" + path + "?" + q.Encode()
}

func (s *SQLite) migrate(ctx context.Context) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		var v int
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		if v > len(sqliteMigrations) {
			return fmt.Errorf("schema version %d is newer than this program knows (%d): use a newer warmdesk", v, len(sqliteMigrations))
		}
		for i := v; i < len(sqliteMigrations); i++ {
			if _, err := tx.ExecContext(ctx, sqliteMigrations[i]); err != nil {
				return fmt.Errorf("schema version %d: %w", i+1, err)
			}
		}
		if v < len(sqliteMigrations) {
			// A PRAGMA takes no parameters; the number is ours.
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(sqliteMigrations))); err != nil {
				return fmt.Errorf("write schema version: %w", err)
			}
		}
		return nil
	})
}

// write runs fn in one IMMEDIATE transaction: it holds the database's
// write lock from the start, so writers from every connection and process
// take turns, and commits only if fn succeeds.
func (s *SQLite) write(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := s.Check(ctx); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return s.unwritable(err)
	}
	if err := tx.Commit(); err != nil {
		return s.unwritable(fmt.Errorf("store: commit: %w", err))
	}
	return nil
}

// unwritable wraps ErrUnavailable around an error that says the database
// cannot take writes now, whatever was written (the disk is full, the
// file cannot be written or opened): the transaction was rolled back, so
// nothing was stored, and the server says so instead of failing as if the
// write itself were wrong. Other errors are returned as they are.
func (s *SQLite) unwritable(err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff { // the primary result code of an extended one
	case sqlite3.SQLITE_FULL:
		return fmt.Errorf("%w: the disk holding %s is full: %v", ErrUnavailable, s.path, err)
	case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN:
		return fmt.Errorf("%w: %s cannot be written: %v", ErrUnavailable, s.path, err)
	}
	return err
}

// Save implements Store.
func (s *SQLite) Save(ctx context.Context, base int64, doc []byte, author, message string) (RevisionInfo, error) {
	info := RevisionInfo{ID: base + 1, Base: base, Author: author, Message: message, Created: now()}
	err := s.write(ctx, func(tx *sql.Tx) error {
		var head int64
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM revisions").Scan(&head); err != nil {
			return fmt.Errorf("store: save: %w", err)
		}
		if head != base {
			return fmt.Errorf("%w (based on %d, the newest is %d)", ErrConflict, base, head)
		}
		_, err := tx.ExecContext(ctx,
			"INSERT INTO revisions (id, base, author, message, created, document) VALUES (?, ?, ?, ?, ?, ?)",
			info.ID, base, author, message, micros(info.Created), nonNil(doc))
		if err != nil {
			return fmt.Errorf("store: save: %w", err)
		}
		return nil
	})
	if err != nil {
		return RevisionInfo{}, err
	}
	return info, nil
}

const sqliteRevisionColumns = "r.id, r.base, r.author, r.message, r.created, r.published"

func scanSQLiteInfo(row interface{ Scan(...any) error }, doc *[]byte) (RevisionInfo, error) {
	var (
		info      RevisionInfo
		created   int64
		published sql.NullInt64
	)
	dest := []any{&info.ID, &info.Base, &info.Author, &info.Message, &created, &published}
	if doc != nil {
		dest = append(dest, doc)
	}
	if err := row.Scan(dest...); err != nil {
		return RevisionInfo{}, err
	}
	info.Created = fromMicros(created)
	if published.Valid {
		info.Published = fromMicros(published.Int64)
	}
	return info, nil
}

// revision runs a query that selects one revision with its document.
func (s *SQLite) revision(ctx context.Context, what, query string, args ...any) (Revision, error) {
	var r Revision
	info, err := scanSQLiteInfo(s.db.QueryRowContext(ctx, query, args...), &r.Document)
	if errors.Is(err, sql.ErrNoRows) {
		return Revision{}, fmt.Errorf("%w: %s", ErrNotFound, what)
	}
	if err != nil {
		return Revision{}, fmt.Errorf("store: %s: %w", what, err)
	}
	r.RevisionInfo = info
	r.Document = nonNil(r.Document)
	return r, nil
}

// Head implements Store.
func (s *SQLite) Head(ctx context.Context) (Revision, error) {
	return s.revision(ctx, "newest revision",
		"SELECT "+sqliteRevisionColumns+", r.document FROM revisions r ORDER BY r.id DESC LIMIT 1")
}

// Revision implements Store.
func (s *SQLite) Revision(ctx context.Context, id int64) (Revision, error) {
	return s.revision(ctx, fmt.Sprintf("revision %d", id),
		"SELECT "+sqliteRevisionColumns+", r.document FROM revisions r WHERE r.id = ?", id)
}

// Revisions implements Store.
func (s *SQLite) Revisions(ctx context.Context, limit int) ([]RevisionInfo, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := s.db.QueryContext(ctx,
		"SELECT "+sqliteRevisionColumns+" FROM revisions r ORDER BY r.id DESC LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("store: revisions: %w", err)
	}
	defer rows.Close()
	var out []RevisionInfo
	for rows.Next() {
		info, err := scanSQLiteInfo(rows, nil)
		if err != nil {
			return nil, fmt.Errorf("store: revisions: %w", err)
		}
		out = append(out, info)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: revisions: %w", err)
	}
	return out, nil
}

// Publish implements Store.
func (s *SQLite) Publish(ctx context.Context, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE revisions SET published = ? WHERE id = ?", micros(now()), id)
		if err != nil {
			return fmt.Errorf("store: publish %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("store: publish %d: %w", id, err)
		} else if n == 0 {
			return fmt.Errorf("%w: revision %d", ErrNotFound, id)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO publication (one, revision) VALUES (1, ?)
			ON CONFLICT (one) DO UPDATE SET revision = excluded.revision`, id)
		if err != nil {
			return fmt.Errorf("store: publish %d: %w", id, err)
		}
		return nil
	})
}

// Published implements Store.
func (s *SQLite) Published(ctx context.Context) (Revision, error) {
	return s.revision(ctx, "published revision",
		"SELECT "+sqliteRevisionColumns+", r.document FROM publication p JOIN revisions r ON r.id = p.revision")
}

// AddUser implements Store. A zero Created is set to now.
func (s *SQLite) AddUser(ctx context.Context, u User) error {
	if err := checkUser(u); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO users (name, role, password_hash, created) VALUES (?, ?, ?, ?)
			ON CONFLICT (name) DO NOTHING`, u.Name, string(u.Role), u.PasswordHash, micros(orNow(u.Created)))
		if err != nil {
			return fmt.Errorf("store: add user %q: %w", u.Name, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("store: add user %q: %w", u.Name, err)
		} else if n == 0 {
			return fmt.Errorf("%w: user %q", ErrExists, u.Name)
		}
		return nil
	})
}

func scanSQLiteUser(row interface{ Scan(...any) error }) (User, error) {
	var (
		u       User
		role    string
		created int64
	)
	if err := row.Scan(&u.Name, &role, &u.PasswordHash, &created); err != nil {
		return User{}, err
	}
	u.Role, u.Created = Role(role), fromMicros(created)
	return u, nil
}

// User implements Store.
func (s *SQLite) User(ctx context.Context, name string) (User, error) {
	u, err := scanSQLiteUser(s.db.QueryRowContext(ctx,
		"SELECT name, role, password_hash, created FROM users WHERE name = ?", name))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("%w: user %q", ErrNotFound, name)
	}
	if err != nil {
		return User{}, fmt.Errorf("store: user %q: %w", name, err)
	}
	return u, nil
}

// Users implements Store.
func (s *SQLite) Users(ctx context.Context) ([]User, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT name, role, password_hash, created FROM users ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanSQLiteUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	return out, nil
}

// UpdateUser implements Store; ErrNotFound if there is no such account.
func (s *SQLite) UpdateUser(ctx context.Context, u User) error {
	if err := checkUser(u); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE users SET role = ?, password_hash = ? WHERE name = ?",
			string(u.Role), u.PasswordHash, u.Name)
		return oneRow(res, err, "update user", fmt.Sprintf("user %q", u.Name))
	})
}

// DeleteUser implements Store; ErrNotFound if there is no such account.
func (s *SQLite) DeleteUser(ctx context.Context, name string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		// The foreign key cascades too; saying it keeps the intent plain.
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_name = ?", name); err != nil {
			return fmt.Errorf("store: delete user %q: %w", name, err)
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM users WHERE name = ?", name)
		return oneRow(res, err, "delete user", fmt.Sprintf("user %q", name))
	})
}

// oneRow turns the result of a statement that should touch exactly one
// row into an error: the statement's own, or ErrNotFound for none.
func oneRow(res sql.Result, err error, op, what string) error {
	if err != nil {
		return fmt.Errorf("store: %s: %s: %w", op, what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: %s: %s: %w", op, what, err)
	}
	if n == 0 {
		return fmt.Errorf("%w: %s", ErrNotFound, what)
	}
	return nil
}

// CreateSession implements Store: ErrNotFound if the user does not exist,
// ErrExists if the token hash is already in use. A zero Created is set to
// now. Expired sessions are swept out on the way.
func (s *SQLite) CreateSession(ctx context.Context, sess Session) error {
	if err := checkSession(sess); err != nil {
		return err
	}
	t := now()
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE expires <= ?", micros(t)); err != nil {
			return fmt.Errorf("store: create session: sweep expired: %w", err)
		}
		var one int
		err := tx.QueryRowContext(ctx, "SELECT 1 FROM users WHERE name = ?", sess.User).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: user %q", ErrNotFound, sess.User)
		}
		if err != nil {
			return fmt.Errorf("store: create session: %w", err)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_name, csrf, created, expires)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (token_hash) DO NOTHING`,
			sess.TokenHash, sess.User, sess.CSRF, micros(orNow(sess.Created)), micros(sess.Expires))
		if err != nil {
			return fmt.Errorf("store: create session: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("store: create session: %w", err)
		} else if n == 0 {
			return fmt.Errorf("%w: session", ErrExists)
		}
		return nil
	})
}

// Session implements Store.
func (s *SQLite) Session(ctx context.Context, tokenHash string) (Session, error) {
	var (
		sess             Session
		created, expires int64
	)
	err := s.db.QueryRowContext(ctx, `SELECT token_hash, user_name, csrf, created, expires FROM sessions
		WHERE token_hash = ? AND expires > ?`, tokenHash, micros(now())).
		Scan(&sess.TokenHash, &sess.User, &sess.CSRF, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, fmt.Errorf("%w: session", ErrNotFound)
	}
	if err != nil {
		return Session{}, fmt.Errorf("store: session: %w", err)
	}
	sess.Created, sess.Expires = fromMicros(created), fromMicros(expires)
	return sess, nil
}

// DeleteSession implements Store.
func (s *SQLite) DeleteSession(ctx context.Context, tokenHash string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = ?", tokenHash); err != nil {
			return fmt.Errorf("store: delete session: %w", err)
		}
		return nil
	})
}

// EndSessions implements Store.
func (s *SQLite) EndSessions(ctx context.Context, user, keep string) (int, error) {
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_name = ? AND token_hash <> ?", user, keep)
		if err == nil {
			n, err = res.RowsAffected()
		}
		if err != nil {
			return fmt.Errorf("store: end sessions of %q: %w", user, err)
		}
		return nil
	})
	return int(n), err
}

// AddEvents implements Store. A batch with an event that fails
// Event.Check is refused whole. A zero Time is set to now.
func (s *SQLite) AddEvents(ctx context.Context, events []Event) error {
	if err := checkEvents(events); err != nil {
		return err
	}
	if len(events) == 0 {
		return nil
	}
	t := now()
	return s.write(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx,
			"INSERT INTO events (at, kind, revision, intent_id, reply_id, rank, edit) VALUES (?, ?, ?, ?, ?, ?, ?)")
		if err != nil {
			return fmt.Errorf("store: add events: %w", err)
		}
		defer stmt.Close()
		for i, e := range events {
			at := t
			if !e.Time.IsZero() {
				at = e.Time
			}
			if _, err := stmt.ExecContext(ctx, micros(at), e.Kind, e.Revision, e.IntentID, e.ReplyID, e.Rank, e.Edit); err != nil {
				return fmt.Errorf("store: add events: event %d: %w", i, err)
			}
		}
		return nil
	})
}

// sqliteUsageColumns are a usage row's counts and average edits, in the
// order scanUsage and scanDayUsage read them.
const sqliteUsageColumns = `SUM(kind = 'suggested'), SUM(kind = 'inserted'), SUM(kind = 'sent'),
			AVG(CASE WHEN kind = 'sent' THEN edit END),
			AVG(CASE WHEN kind = 'inserted' THEN edit END)`

// Usage implements Store, ordered by intent and reply.
func (s *SQLite) Usage(ctx context.Context, since time.Time) ([]Usage, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT intent_id, reply_id, `+sqliteUsageColumns+`
		FROM events WHERE at >= ?
		GROUP BY intent_id, reply_id ORDER BY intent_id, reply_id`, micros(since))
	if err != nil {
		return nil, fmt.Errorf("store: usage: %w", err)
	}
	defer rows.Close()
	return scanUsage(rows)
}

// UsageByDay implements Store.
func (s *SQLite) UsageByDay(ctx context.Context, since time.Time) ([]DayUsage, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT at / 86400000000, intent_id, reply_id, `+sqliteUsageColumns+`
		FROM events WHERE at >= ?
		GROUP BY intent_id, reply_id, at / 86400000000 ORDER BY intent_id, reply_id, 1`, micros(since))
	if err != nil {
		return nil, fmt.Errorf("store: usage by day: %w", err)
	}
	defer rows.Close()
	return scanDayUsage(rows)
}

// Backup writes a consistent copy of the database to a new file at path
// (VACUUM INTO), safe while the server runs and other processes write.
// The copy is compact and can be opened with OpenSQLite.
func (s *SQLite) Backup(ctx context.Context, path string) error {
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("store: back up %s to %s: %w", s.path, path, err)
	}
	return nil
}

// Close implements Store.
func (s *SQLite) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", s.path, err)
	}
	return nil
}

var _ Store = (*SQLite)(nil)

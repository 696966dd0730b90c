// Package store keeps the studio's state: revisions of the phrase library,
// which revision is published, user accounts, sign-in sessions and the
// widgets' usage events.
//
// One interface, two backends: SQLite (the default, a single file, pure Go)
// and PostgreSQL (for several server instances behind a load balancer).
// Both pass the same conformance suite (storetest).
//
// The model:
//   - Every save is a new revision; history is never rewritten. A save
//     names the revision it was based on, and is refused with ErrConflict
//     when that is no longer the newest one (optimistic concurrency).
//   - Restoring an old revision is a save of its document.
//   - One revision at a time is published; widgets load only that one.
//   - Documents are stored exactly as given: validation is the caller's job.
//   - Revision ids are dense: revision n is always based on n-1, so a
//     save from the newest revision n becomes n+1 and every other save
//     from n loses. Both backends enforce this with the primary key, so it
//     holds across processes and servers.
//   - Times are kept to the microsecond, in UTC.
//
// # Addresses
//
// Open takes a SQLite file path (or sqlite:PATH), created on first use, or
// a postgres:// URL. A SQLite database gets a marker file beside it
// (MarkerFile): if the database is ever lost, the next open refuses to
// start an empty one in its place unless told to (Options.Recreate). Each backend creates its schema on first open and
// records its version (SQLite: PRAGMA user_version; PostgreSQL: the table
// warmdesk_schema), so later versions can migrate it; a database written
// by a newer version is refused, never downgraded.
//
// # Faults
//
// A SQLite store checks before every write that its file is still the one
// it opened and may be written (SQLite.Check); when not, the write is
// refused with ErrUnavailable, never acknowledged into a deleted file.
//
// # Backing up
//
// SQLite: the database is the one file plus, while a server runs, its
// -wal and -shm companions; copying the file alone while the server runs
// can miss committed revisions. Take a consistent copy instead, safe while
// the server runs and saves:
//
//	sqlite3 warmdesk.db ".backup warmdesk-backup.db"
//	sqlite3 warmdesk.db "VACUUM INTO 'warmdesk-backup.db'"
//
// (or SQLite.Backup from Go). To restore, stop the server and put the
// copy in place of warmdesk.db, removing any warmdesk.db-wal and
// warmdesk.db-shm left beside it.
//
// PostgreSQL: pg_dump -Fc the database (consistent while servers run) and
// pg_restore it into an empty database.
package store

import (
	"context"
	"errors"
	"time"
)

// Errors the backends return (wrapped or as is; test with errors.Is).
var (
	// ErrConflict: the save was based on a revision that is no longer
	// the newest.
	ErrConflict = errors.New("store: the library changed since this revision")
	// ErrNotFound: no such revision, user or session.
	ErrNotFound = errors.New("store: not found")
	// ErrExists: a user with that name already exists.
	ErrExists = errors.New("store: already exists")
	// ErrUnavailable: the database cannot be written now (its file was
	// deleted, replaced or made read-only, or its server is unreachable):
	// nothing was stored.
	ErrUnavailable = errors.New("store: the database is unavailable")
)

// Role is what an account may do. Each role includes the ones before it.
type Role string

const (
	// Editor drafts and saves revisions.
	Editor Role = "editor"
	// Publisher also publishes and restores revisions.
	Publisher Role = "publisher"
	// Admin also manages accounts.
	Admin Role = "admin"
)

// Valid reports whether r is one of the three roles.
func (r Role) Valid() bool { return r == Editor || r == Publisher || r == Admin }

// Includes reports whether an account with role r may act as role need.
func (r Role) Includes(need Role) bool { return r.Valid() && need.Valid() && rank(r) >= rank(need) }

func rank(r Role) int {
	switch r {
	case Editor:
		return 1
	case Publisher:
		return 2
	case Admin:
		return 3
	}
	return 0
}

// RevisionInfo describes a revision without its document.
type RevisionInfo struct {
	ID      int64     // 1, 2, 3… in order of saving
	Base    int64     // the revision this one was based on; 0 for the first
	Author  string    // account name
	Message string    // a short note on what changed
	Created time.Time // UTC
	// Published is when this revision was last published; zero if never.
	Published time.Time
}

// Revision is a revision with its library document (JSON).
type Revision struct {
	RevisionInfo
	Document []byte
}

// User is an account.
type User struct {
	Name         string
	Role         Role
	PasswordHash string // encoded hash (argon2id or bcrypt), never the password
	Created      time.Time
}

// Session is a signed-in browser. The store keeps only a hash of the
// cookie's token, so a stolen database does not hand out sessions.
type Session struct {
	TokenHash string
	User      string
	CSRF      string // the token every change must carry
	Created   time.Time
	Expires   time.Time
}

// Event is one usage report from a widget. It carries no customer text.
type Event struct {
	Time     time.Time
	Kind     string // "suggested", "inserted" or "sent"
	Revision int64  // the library revision the widget was using
	IntentID string
	ReplyID  string
	Rank     int     // 1-based rank at which it was suggested; 0 if unknown
	Edit     float64 // edit ratio 0..1 ("inserted" and "sent" only)
}

// Usage is the sum of events for one reply since a time.
type Usage struct {
	IntentID  string
	ReplyID   string
	Suggested int
	Inserted  int
	Sent      int
	// MeanEdit is the mean edit ratio over "sent" events, or over
	// "inserted" events when there are none; -1 if there are neither.
	MeanEdit float64
}

// DayUsage is the sum of one reply's events on one day.
type DayUsage struct {
	Day time.Time // midnight UTC
	Usage
}

// Store is what the studio needs from a database. Every method is safe for
// concurrent use, also from several processes sharing one database.
type Store interface {
	// Save stores doc as a new revision based on base (0 only when the
	// store holds no revision yet) and returns it. If base is not the
	// newest revision it returns ErrConflict and stores nothing.
	Save(ctx context.Context, base int64, doc []byte, author, message string) (RevisionInfo, error)
	// Head returns the newest revision; ErrNotFound when there is none.
	Head(ctx context.Context) (Revision, error)
	// Revision returns one revision; ErrNotFound when there is no such id.
	Revision(ctx context.Context, id int64) (Revision, error)
	// Revisions lists up to limit revisions, newest first (limit <= 0: all).
	Revisions(ctx context.Context, limit int) ([]RevisionInfo, error)
	// Publish makes revision id the published one.
	Publish(ctx context.Context, id int64) error
	// Published returns the published revision; ErrNotFound when none is.
	Published(ctx context.Context) (Revision, error)

	// AddUser creates an account; ErrExists if the name is taken.
	AddUser(ctx context.Context, u User) error
	// User returns an account; ErrNotFound if there is none.
	User(ctx context.Context, name string) (User, error)
	// Users lists every account by name.
	Users(ctx context.Context) ([]User, error)
	// UpdateUser changes an account's role and password hash.
	UpdateUser(ctx context.Context, u User) error
	// DeleteUser removes an account and ends its sessions.
	DeleteUser(ctx context.Context, name string) error

	// CreateSession stores a new session.
	CreateSession(ctx context.Context, s Session) error
	// Session returns an unexpired session by token hash; ErrNotFound
	// if there is none or it has expired.
	Session(ctx context.Context, tokenHash string) (Session, error)
	// DeleteSession ends a session (no error if it does not exist).
	DeleteSession(ctx context.Context, tokenHash string) error
	// EndSessions ends every session of user but the one whose token
	// hash is keep ("" keeps none), and says how many it ended: after a
	// password change, a stolen session must not outlive the password.
	EndSessions(ctx context.Context, user, keep string) (int, error)

	// AddEvents stores a batch of usage events in one transaction.
	AddEvents(ctx context.Context, events []Event) error
	// Usage sums events at or after since, per reply.
	Usage(ctx context.Context, since time.Time) ([]Usage, error)
	// UsageByDay sums events at or after since per reply and per day (UTC),
	// ordered by intent, reply and day; days without events are left out.
	UsageByDay(ctx context.Context, since time.Time) ([]DayUsage, error)

	// Close releases the database.
	Close() error
}

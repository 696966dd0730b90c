package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Postgres is the backend for several server instances sharing one
// database. Its tables live in the first schema of the connection's
// search_path (add search_path=NAME to the address to give warmdesk a
// schema of its own).
type Postgres struct {
	pool *pgxpool.Pool
}

// postgresMigrations are the schema's versions in order: element i brings
// the schema from version i to i+1 (kept in warmdesk_schema). Never edit a
// released step; append a new one.
var postgresMigrations = []string{
	`CREATE TABLE revisions (
		id        bigint PRIMARY KEY,  -- 1, 2, 3…: always base + 1
		base      bigint NOT NULL,
		author    text NOT NULL,
		message   text NOT NULL,
		created   timestamptz NOT NULL,
		published timestamptz,         -- when last published; NULL if never
		document  bytea NOT NULL
	);
	CREATE TABLE publication (         -- at most one row: the published revision
		one      boolean PRIMARY KEY DEFAULT true CHECK (one),
		revision bigint NOT NULL REFERENCES revisions (id)
	);
	CREATE TABLE users (
		name          text PRIMARY KEY,
		role          text NOT NULL CHECK (role IN ('editor', 'publisher', 'admin')),
		password_hash text NOT NULL,
		created       timestamptz NOT NULL
	);
	CREATE TABLE sessions (
		token_hash text PRIMARY KEY,
		user_name  text NOT NULL REFERENCES users (name) ON DELETE CASCADE,
		csrf       text NOT NULL,
		created    timestamptz NOT NULL,
		expires    timestamptz NOT NULL
	);
	CREATE INDEX sessions_user ON sessions (user_name);
	CREATE INDEX sessions_expires ON sessions (expires);
	CREATE TABLE events (
		at        timestamptz NOT NULL,
		kind      text NOT NULL,
		revision  bigint NOT NULL,
		intent_id text NOT NULL,
		reply_id  text NOT NULL,
		rank      integer NOT NULL,
		edit      double precision NOT NULL
	);
	CREATE INDEX events_at ON events (at);`,
}

// migrationLock is the advisory lock key that makes instances starting
// together take turns at creating or upgrading the schema.
const migrationLock = 0x77617264 // "ward"

// OpenPostgres connects to the database at dsn (a postgres:// URL or
// key=value string, as libpq takes), creating the schema if it is missing
// and bringing an older one up to date.
func OpenPostgres(ctx context.Context, dsn string) (*Postgres, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: postgres address: %w", err)
	}
	where := fmt.Sprintf("postgres %s/%s", cfg.ConnConfig.Host, cfg.ConnConfig.Database)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", where, err)
	}
	p := &Postgres{pool: pool}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: %s: %w", where, err)
	}
	if err := p.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: %s: %w", where, err)
	}
	return p, nil
}

func (p *Postgres) migrate(ctx context.Context) error {
	return p.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(migrationLock)); err != nil {
			return fmt.Errorf("lock schema: %w", err)
		}
		if _, err := tx.Exec(ctx, "CREATE TABLE IF NOT EXISTS warmdesk_schema (version integer NOT NULL)"); err != nil {
			return fmt.Errorf("create schema version table: %w", err)
		}
		var v int
		err := tx.QueryRow(ctx, "SELECT version FROM warmdesk_schema").Scan(&v)
		if errors.Is(err, pgx.ErrNoRows) {
			if _, err := tx.Exec(ctx, "INSERT INTO warmdesk_schema (version) VALUES (0)"); err != nil {
				return fmt.Errorf("write schema version: %w", err)
			}
		} else if err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		if v > len(postgresMigrations) {
			return fmt.Errorf("schema version %d is newer than this program knows (%d): use a newer warmdesk", v, len(postgresMigrations))
		}
		for i := v; i < len(postgresMigrations); i++ {
			if _, err := tx.Exec(ctx, postgresMigrations[i]); err != nil {
				return fmt.Errorf("schema version %d: %w", i+1, err)
			}
		}
		if _, err := tx.Exec(ctx, "UPDATE warmdesk_schema SET version = $1", len(postgresMigrations)); err != nil {
			return fmt.Errorf("write schema version: %w", err)
		}
		return nil
	})
}

// tx runs fn in one transaction and commits only if fn succeeds.
func (p *Postgres) tx(ctx context.Context, fn func(pgx.Tx) error) error {
	tx, err := p.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(tx); err != nil {
		return pgUnwritable(err)
	}
	if err := tx.Commit(ctx); err != nil {
		return pgUnwritable(fmt.Errorf("store: commit: %w", err))
	}
	return nil
}

// pgUnwritable wraps ErrUnavailable around an error that says the server
// cannot take writes now, whatever was written: out of disk or memory
// (class 53), a read-only server (a standby after a failover), or one
// shutting down. Nothing was stored; other errors are returned as they are.
func pgUnwritable(err error) error {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return err
	}
	switch {
	case strings.HasPrefix(pgErr.Code, "53"):
		return fmt.Errorf("%w: PostgreSQL is out of room (%s): %v", ErrUnavailable, pgErr.Code, err)
	case pgErr.Code == "25006", strings.HasPrefix(pgErr.Code, "57P"):
		return fmt.Errorf("%w: PostgreSQL takes no writes now (%s): %v", ErrUnavailable, pgErr.Code, err)
	}
	return err
}

// Save implements Store. The new revision's id is base + 1 and ids are
// the primary key, so of any number of saves from one base, on any number
// of servers, exactly one can insert its row: the others find the id
// taken (they wait for the winner's transaction, then do nothing) and get
// ErrConflict. A base that is not a stored revision (nor 0) never
// inserts, so ids stay dense and base + 1 is free only when base is the
// newest.
func (p *Postgres) Save(ctx context.Context, base int64, doc []byte, author, message string) (RevisionInfo, error) {
	info := RevisionInfo{ID: base + 1, Base: base, Author: author, Message: message, Created: now()}
	tag, err := p.pool.Exec(ctx, `INSERT INTO revisions (id, base, author, message, created, document)
		SELECT $1::bigint + 1, $1, $2, $3, $4, $5
		WHERE $1 = 0 OR EXISTS (SELECT 1 FROM revisions WHERE id = $1)
		ON CONFLICT (id) DO NOTHING`,
		base, author, message, info.Created, nonNil(doc))
	if err != nil {
		return RevisionInfo{}, pgUnwritable(fmt.Errorf("store: save: %w", err))
	}
	if tag.RowsAffected() == 0 {
		var head int64
		if err := p.pool.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM revisions").Scan(&head); err != nil {
			return RevisionInfo{}, fmt.Errorf("%w (based on %d)", ErrConflict, base)
		}
		return RevisionInfo{}, fmt.Errorf("%w (based on %d, the newest is %d)", ErrConflict, base, head)
	}
	return info, nil
}

const pgRevisionColumns = "r.id, r.base, r.author, r.message, r.created, r.published"

func scanPgInfo(row pgx.Row, doc *[]byte) (RevisionInfo, error) {
	var (
		info      RevisionInfo
		published *time.Time
	)
	dest := []any{&info.ID, &info.Base, &info.Author, &info.Message, &info.Created, &published}
	if doc != nil {
		dest = append(dest, doc)
	}
	if err := row.Scan(dest...); err != nil {
		return RevisionInfo{}, err
	}
	info.Created = info.Created.UTC()
	if published != nil {
		info.Published = published.UTC()
	}
	return info, nil
}

// revision runs a query that selects one revision with its document.
func (p *Postgres) revision(ctx context.Context, what, query string, args ...any) (Revision, error) {
	var r Revision
	info, err := scanPgInfo(p.pool.QueryRow(ctx, query, args...), &r.Document)
	if errors.Is(err, pgx.ErrNoRows) {
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
func (p *Postgres) Head(ctx context.Context) (Revision, error) {
	return p.revision(ctx, "newest revision",
		"SELECT "+pgRevisionColumns+", r.document FROM revisions r ORDER BY r.id DESC LIMIT 1")
}

// Revision implements Store.
func (p *Postgres) Revision(ctx context.Context, id int64) (Revision, error) {
	return p.revision(ctx, fmt.Sprintf("revision %d", id),
		"SELECT "+pgRevisionColumns+", r.document FROM revisions r WHERE r.id = $1", id)
}

// Revisions implements Store.
func (p *Postgres) Revisions(ctx context.Context, limit int) ([]RevisionInfo, error) {
	var lim *int // NULL: no limit
	if limit > 0 {
		lim = &limit
	}
	rows, err := p.pool.Query(ctx,
		"SELECT "+pgRevisionColumns+" FROM revisions r ORDER BY r.id DESC LIMIT $1", lim)
	if err != nil {
		return nil, fmt.Errorf("store: revisions: %w", err)
	}
	defer rows.Close()
	var out []RevisionInfo
	for rows.Next() {
		info, err := scanPgInfo(rows, nil)
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
func (p *Postgres) Publish(ctx context.Context, id int64) error {
	return p.tx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE revisions SET published = $1 WHERE id = $2", now(), id)
		if err != nil {
			return fmt.Errorf("store: publish %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("%w: revision %d", ErrNotFound, id)
		}
		_, err = tx.Exec(ctx, `INSERT INTO publication (one, revision) VALUES (true, $1)
			ON CONFLICT (one) DO UPDATE SET revision = excluded.revision`, id)
		if err != nil {
			return fmt.Errorf("store: publish %d: %w", id, err)
		}
		return nil
	})
}

// Published implements Store.
func (p *Postgres) Published(ctx context.Context) (Revision, error) {
	return p.revision(ctx, "published revision",
		"SELECT "+pgRevisionColumns+", r.document FROM publication p JOIN revisions r ON r.id = p.revision")
}

// AddUser implements Store. A zero Created is set to now.
func (p *Postgres) AddUser(ctx context.Context, u User) error {
	if err := checkUser(u); err != nil {
		return err
	}
	tag, err := p.pool.Exec(ctx, `INSERT INTO users (name, role, password_hash, created) VALUES ($1, $2, $3, $4)
		ON CONFLICT (name) DO NOTHING`, u.Name, string(u.Role), u.PasswordHash, orNow(u.Created))
	if err != nil {
		return pgUnwritable(fmt.Errorf("store: add user %q: %w", u.Name, err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%w: user %q", ErrExists, u.Name)
	}
	return nil
}

func scanPgUser(row pgx.Row) (User, error) {
	var (
		u    User
		role string
	)
	if err := row.Scan(&u.Name, &role, &u.PasswordHash, &u.Created); err != nil {
		return User{}, err
	}
	u.Role, u.Created = Role(role), u.Created.UTC()
	return u, nil
}

// User implements Store.
func (p *Postgres) User(ctx context.Context, name string) (User, error) {
	u, err := scanPgUser(p.pool.QueryRow(ctx,
		"SELECT name, role, password_hash, created FROM users WHERE name = $1", name))
	if errors.Is(err, pgx.ErrNoRows) {
		return User{}, fmt.Errorf("%w: user %q", ErrNotFound, name)
	}
	if err != nil {
		return User{}, fmt.Errorf("store: user %q: %w", name, err)
	}
	return u, nil
}

// Users implements Store, ordered by name byte by byte (as SQLite does,
// whatever the database's collation).
func (p *Postgres) Users(ctx context.Context) ([]User, error) {
	rows, err := p.pool.Query(ctx, `SELECT name, role, password_hash, created FROM users ORDER BY name COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanPgUser(rows)
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
func (p *Postgres) UpdateUser(ctx context.Context, u User) error {
	if err := checkUser(u); err != nil {
		return err
	}
	tag, err := p.pool.Exec(ctx, "UPDATE users SET role = $1, password_hash = $2 WHERE name = $3",
		string(u.Role), u.PasswordHash, u.Name)
	if err != nil {
		return pgUnwritable(fmt.Errorf("store: update user %q: %w", u.Name, err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%w: user %q", ErrNotFound, u.Name)
	}
	return nil
}

// DeleteUser implements Store; ErrNotFound if there is no such account.
func (p *Postgres) DeleteUser(ctx context.Context, name string) error {
	return p.tx(ctx, func(tx pgx.Tx) error {
		// The foreign key cascades too; saying it keeps the intent plain.
		if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE user_name = $1", name); err != nil {
			return fmt.Errorf("store: delete user %q: %w", name, err)
		}
		tag, err := tx.Exec(ctx, "DELETE FROM users WHERE name = $1", name)
		if err != nil {
			return fmt.Errorf("store: delete user %q: %w", name, err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("%w: user %q", ErrNotFound, name)
		}
		return nil
	})
}

// CreateSession implements Store: ErrNotFound if the user does not exist,
// ErrExists if the token hash is already in use. A zero Created is set to
// now. Expired sessions are swept out on the way.
func (p *Postgres) CreateSession(ctx context.Context, s Session) error {
	if err := checkSession(s); err != nil {
		return err
	}
	t := now()
	if _, err := p.pool.Exec(ctx, "DELETE FROM sessions WHERE expires <= $1", t); err != nil {
		return pgUnwritable(fmt.Errorf("store: create session: sweep expired: %w", err))
	}
	tag, err := p.pool.Exec(ctx, `INSERT INTO sessions (token_hash, user_name, csrf, created, expires)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (token_hash) DO NOTHING`,
		s.TokenHash, s.User, s.CSRF, orNow(s.Created), s.Expires)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23503" { // foreign_key_violation
		return fmt.Errorf("%w: user %q", ErrNotFound, s.User)
	}
	if err != nil {
		return pgUnwritable(fmt.Errorf("store: create session: %w", err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%w: session", ErrExists)
	}
	return nil
}

// Session implements Store.
func (p *Postgres) Session(ctx context.Context, tokenHash string) (Session, error) {
	var s Session
	err := p.pool.QueryRow(ctx, `SELECT token_hash, user_name, csrf, created, expires FROM sessions
		WHERE token_hash = $1 AND expires > $2`, tokenHash, now()).
		Scan(&s.TokenHash, &s.User, &s.CSRF, &s.Created, &s.Expires)
	if errors.Is(err, pgx.ErrNoRows) {
		return Session{}, fmt.Errorf("%w: session", ErrNotFound)
	}
	if err != nil {
		return Session{}, fmt.Errorf("store: session: %w", err)
	}
	s.Created, s.Expires = s.Created.UTC(), s.Expires.UTC()
	return s, nil
}

// Check implements Checker: the server answers within a few seconds.
func (p *Postgres) Check(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := p.pool.Ping(ctx); err != nil {
		return fmt.Errorf("%w: PostgreSQL does not answer: %v", ErrUnavailable, err)
	}
	return nil
}

// DeleteSession implements Store.
func (p *Postgres) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := p.pool.Exec(ctx, "DELETE FROM sessions WHERE token_hash = $1", tokenHash); err != nil {
		return pgUnwritable(fmt.Errorf("store: delete session: %w", err))
	}
	return nil
}

// EndSessions implements Store.
func (p *Postgres) EndSessions(ctx context.Context, user, keep string) (int, error) {
	tag, err := p.pool.Exec(ctx, "DELETE FROM sessions WHERE user_name = $1 AND token_hash <> $2", user, keep)
	if err != nil {
		return 0, pgUnwritable(fmt.Errorf("store: end sessions of %q: %w", user, err))
	}
	return int(tag.RowsAffected()), nil
}

// AddEvents implements Store with one COPY, which is all or nothing. A
// batch with an event that fails Event.Check is refused whole. A zero
// Time is set to now.
func (p *Postgres) AddEvents(ctx context.Context, events []Event) error {
	if err := checkEvents(events); err != nil {
		return err
	}
	if len(events) == 0 {
		return nil
	}
	t := now()
	rows := make([][]any, len(events))
	for i, e := range events {
		at := t
		if !e.Time.IsZero() {
			at = e.Time
		}
		rows[i] = []any{at, e.Kind, e.Revision, e.IntentID, e.ReplyID, int32(e.Rank), e.Edit}
	}
	_, err := p.pool.CopyFrom(ctx, pgx.Identifier{"events"},
		[]string{"at", "kind", "revision", "intent_id", "reply_id", "rank", "edit"}, pgx.CopyFromRows(rows))
	if err != nil {
		return pgUnwritable(fmt.Errorf("store: add events: %w", err))
	}
	return nil
}

// pgUsageColumns are a usage row's counts and average edits, in the order
// scanUsage and scanDayUsage read them.
const pgUsageColumns = `count(*) FILTER (WHERE kind = 'suggested'),
			count(*) FILTER (WHERE kind = 'inserted'),
			count(*) FILTER (WHERE kind = 'sent'),
			avg(edit) FILTER (WHERE kind = 'sent'),
			avg(edit) FILTER (WHERE kind = 'inserted')`

// Usage implements Store, ordered by intent and reply (byte by byte).
func (p *Postgres) Usage(ctx context.Context, since time.Time) ([]Usage, error) {
	rows, err := p.pool.Query(ctx, `SELECT intent_id, reply_id, `+pgUsageColumns+`
		FROM events WHERE at >= $1
		GROUP BY intent_id, reply_id ORDER BY intent_id COLLATE "C", reply_id COLLATE "C"`, since)
	if err != nil {
		return nil, fmt.Errorf("store: usage: %w", err)
	}
	defer rows.Close()
	return scanUsage(rows)
}

// UsageByDay implements Store.
func (p *Postgres) UsageByDay(ctx context.Context, since time.Time) ([]DayUsage, error) {
	rows, err := p.pool.Query(ctx, `SELECT floor(extract(epoch FROM at) / 86400)::bigint AS day, intent_id, reply_id, `+pgUsageColumns+`
		FROM events WHERE at >= $1
		GROUP BY intent_id, reply_id, day ORDER BY intent_id COLLATE "C", reply_id COLLATE "C", day`, since)
	if err != nil {
		return nil, fmt.Errorf("store: usage by day: %w", err)
	}
	defer rows.Close()
	return scanDayUsage(rows)
}

// Close implements Store.
func (p *Postgres) Close() error {
	p.pool.Close()
	return nil
}

var _ Store = (*Postgres)(nil)

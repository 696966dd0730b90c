package store

import (
	"fmt"
	"math"
	"time"
)

// The event kinds a widget reports.
const (
	KindSuggested = "suggested"
	KindInserted  = "inserted"
	KindSent      = "sent"
)

// Check reports what is wrong with an event, naming the field. Both
// backends refuse a batch that holds an event failing it.
func (e Event) Check() error {
	switch {
	case e.Kind != KindSuggested && e.Kind != KindInserted && e.Kind != KindSent:
		return fmt.Errorf("kind %q: want %q, %q or %q", e.Kind, KindSuggested, KindInserted, KindSent)
	case e.ReplyID == "":
		return fmt.Errorf("reply: empty")
	case e.Rank < 0:
		return fmt.Errorf("rank %d: want 0 (unknown) or more", e.Rank)
	case math.IsNaN(e.Edit) || e.Edit < 0 || e.Edit > 1:
		return fmt.Errorf("edit %v: want a ratio from 0 to 1", e.Edit)
	}
	return nil
}

// checkEvents checks a batch, naming the first bad event by its index.
func checkEvents(events []Event) error {
	for i, e := range events {
		if err := e.Check(); err != nil {
			return fmt.Errorf("store: event %d: %w", i, err)
		}
	}
	return nil
}

// checkUser checks what both backends require of an account.
func checkUser(u User) error {
	if u.Name == "" {
		return fmt.Errorf("store: user: empty name")
	}
	if !u.Role.Valid() {
		return fmt.Errorf("store: user %q: role %q: want %q, %q or %q", u.Name, u.Role, Editor, Publisher, Admin)
	}
	return nil
}

// checkSession checks what both backends require of a session.
func checkSession(s Session) error {
	if s.TokenHash == "" {
		return fmt.Errorf("store: session: empty token hash")
	}
	if s.User == "" {
		return fmt.Errorf("store: session: empty user")
	}
	return nil
}

// Times are kept to the microsecond (PostgreSQL's precision) in UTC, so
// both backends give back the same instant.

func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// unixDay is the start (UTC) of day n counted from 1 January 1970.
func unixDay(n int64) time.Time { return time.Unix(n*86400, 0).UTC() }

// now is the current time as the store keeps it.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// orNow is t as the store keeps it, or now when t is zero.
func orNow(t time.Time) time.Time {
	if t.IsZero() {
		return now()
	}
	return t.UTC().Truncate(time.Microsecond)
}

// nonNil turns a nil document into an empty one: drivers store nil as
// NULL, and a document is never NULL.
func nonNil(doc []byte) []byte {
	if doc == nil {
		return []byte{}
	}
	return doc
}

// usageRow is what both backends' Usage queries return per reply, before
// MeanEdit is chosen.
type usageRow struct {
	Usage
	sentMean, insertedMean *float64 // nil when there were no such events
}

// resultRows is what both drivers' query results offer (database/sql's and pgx's).
type resultRows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// scanUsage reads Usage's rows, which both stores select alike: intent,
// reply, the three counts and the two mean edits.
func scanUsage(rs resultRows) ([]Usage, error) {
	var out []Usage
	for rs.Next() {
		var r usageRow
		if err := rs.Scan(&r.IntentID, &r.ReplyID, &r.Suggested, &r.Inserted, &r.Sent, &r.sentMean, &r.insertedMean); err != nil {
			return nil, fmt.Errorf("store: usage: %w", err)
		}
		out = append(out, r.usage())
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("store: usage: %w", err)
	}
	return out, nil
}

// scanDayUsage reads UsageByDay's rows: Usage's, each led by its day.
func scanDayUsage(rs resultRows) ([]DayUsage, error) {
	var out []DayUsage
	for rs.Next() {
		var day int64
		var r usageRow
		if err := rs.Scan(&day, &r.IntentID, &r.ReplyID, &r.Suggested, &r.Inserted, &r.Sent, &r.sentMean, &r.insertedMean); err != nil {
			return nil, fmt.Errorf("store: usage by day: %w", err)
		}
		out = append(out, DayUsage{Day: unixDay(day), Usage: r.usage()})
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("store: usage by day: %w", err)
	}
	return out, nil
}

func (r usageRow) usage() Usage {
	u := r.Usage
	switch {
	case r.sentMean != nil:
		u.MeanEdit = *r.sentMean
	case r.insertedMean != nil:
		u.MeanEdit = *r.insertedMean
	default:
		u.MeanEdit = -1
	}
	return u
}

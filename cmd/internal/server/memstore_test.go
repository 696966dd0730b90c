package server

// A small in-memory Store for early unit tests only, until the SQLite
// backend lands; the final tests use the real SQLite store.

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/warmdesk/warmdesk/cmd/internal/store"
)

type memStore struct {
	mu       sync.Mutex
	revs     []store.Revision
	pub      int64
	users    map[string]store.User
	sessions map[string]store.Session
	events   []store.Event
}

func newMemStore() *memStore {
	return &memStore{users: map[string]store.User{}, sessions: map[string]store.Session{}}
}

func (m *memStore) Save(ctx context.Context, base int64, doc []byte, author, message string) (store.RevisionInfo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if int64(len(m.revs)) != base {
		return store.RevisionInfo{}, store.ErrConflict
	}
	ri := store.RevisionInfo{ID: base + 1, Base: base, Author: author, Message: message, Created: time.Now().UTC()}
	m.revs = append(m.revs, store.Revision{RevisionInfo: ri, Document: append([]byte(nil), doc...)})
	return ri, nil
}
func (m *memStore) Head(ctx context.Context) (store.Revision, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.revs) == 0 {
		return store.Revision{}, store.ErrNotFound
	}
	return m.revs[len(m.revs)-1], nil
}
func (m *memStore) Revision(ctx context.Context, id int64) (store.Revision, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if id < 1 || id > int64(len(m.revs)) {
		return store.Revision{}, store.ErrNotFound
	}
	return m.revs[id-1], nil
}
func (m *memStore) Revisions(ctx context.Context, limit int) ([]store.RevisionInfo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []store.RevisionInfo
	for i := len(m.revs) - 1; i >= 0 && (limit <= 0 || len(out) < limit); i-- {
		out = append(out, m.revs[i].RevisionInfo)
	}
	return out, nil
}
func (m *memStore) Publish(ctx context.Context, id int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if id < 1 || id > int64(len(m.revs)) {
		return store.ErrNotFound
	}
	m.pub = id
	m.revs[id-1].Published = time.Now().UTC()
	return nil
}
func (m *memStore) Published(ctx context.Context) (store.Revision, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.pub == 0 {
		return store.Revision{}, store.ErrNotFound
	}
	return m.revs[m.pub-1], nil
}
func (m *memStore) AddUser(ctx context.Context, u store.User) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.users[u.Name]; ok {
		return store.ErrExists
	}
	m.users[u.Name] = u
	return nil
}
func (m *memStore) User(ctx context.Context, name string) (store.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	u, ok := m.users[name]
	if !ok {
		return store.User{}, store.ErrNotFound
	}
	return u, nil
}
func (m *memStore) Users(ctx context.Context) ([]store.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []store.User
	for _, u := range m.users {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
func (m *memStore) UpdateUser(ctx context.Context, u store.User) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.users[u.Name]; !ok {
		return store.ErrNotFound
	}
	m.users[u.Name] = u
	return nil
}
func (m *memStore) DeleteUser(ctx context.Context, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.users[name]; !ok {
		return store.ErrNotFound
	}
	delete(m.users, name)
	for k, s := range m.sessions {
		if s.User == name {
			delete(m.sessions, k)
		}
	}
	return nil
}
func (m *memStore) CreateSession(ctx context.Context, s store.Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sessions[s.TokenHash] = s
	return nil
}
func (m *memStore) Session(ctx context.Context, h string) (store.Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[h]
	if !ok || !s.Expires.After(time.Now()) {
		return store.Session{}, store.ErrNotFound
	}
	return s, nil
}
func (m *memStore) DeleteSession(ctx context.Context, h string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.sessions, h)
	return nil
}
func (m *memStore) AddEvents(ctx context.Context, es []store.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.events = append(m.events, es...)
	return nil
}
func (m *memStore) Usage(ctx context.Context, since time.Time) ([]store.Usage, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	by := map[string]*store.Usage{}
	var order []string
	sums := map[string][4]float64{}
	for _, e := range m.events {
		if e.Time.Before(since) {
			continue
		}
		u := by[e.ReplyID]
		if u == nil {
			u = &store.Usage{IntentID: e.IntentID, ReplyID: e.ReplyID}
			by[e.ReplyID] = u
			order = append(order, e.ReplyID)
		}
		s := sums[e.ReplyID]
		switch e.Kind {
		case "suggested":
			u.Suggested++
		case "inserted":
			u.Inserted++
			s[0] += e.Edit
			s[1]++
		case "sent":
			u.Sent++
			s[2] += e.Edit
			s[3]++
		}
		sums[e.ReplyID] = s
	}
	var out []store.Usage
	for _, id := range order {
		u := by[id]
		s := sums[id]
		switch {
		case s[3] > 0:
			u.MeanEdit = s[2] / s[3]
		case s[1] > 0:
			u.MeanEdit = s[0] / s[1]
		default:
			u.MeanEdit = -1
		}
		out = append(out, *u)
	}
	return out, nil
}
func (m *memStore) Close() error { return nil }

func testStore(t interface{ Helper() }) store.Store { return newMemStore() }

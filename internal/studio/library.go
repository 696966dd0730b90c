package studio

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/warmdesk/warmdesk/internal/codings"
	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/internal/studioapi"
	"github.com/warmdesk/warmdesk/internal/words"
	"github.com/warmdesk/warmdesk/suggestions/libdiff"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// libCache keeps the parsed libraries of the last few revisions used:
// revisions never change, so an entry is never stale.
type libCache struct {
	st  store.Store
	max int

	mu    sync.Mutex
	libs  map[int64]*cachedLib
	order []int64 // least recently used first

	parsed atomic.Int64 // documents parsed: what a cache miss costs
}

type cachedLib struct {
	lib     *library.Library
	replies map[string]string // reply id to its intent's id
	binary  func() []byte     // lib's binary form, made once when first asked for
}

func newLibCache(st store.Store, max int) *libCache {
	return &libCache{st: st, max: max, libs: map[int64]*cachedLib{}}
}

// get returns revision id's library; ErrNotFound when there is none.
func (c *libCache) get(ctx context.Context, id int64) (*library.Library, error) {
	e, err := c.entry(ctx, id)
	if err != nil {
		return nil, err
	}
	return e.lib, nil
}

// binary is revision id's library in its binary form
// (library.EncodeLibrary), made once per cached revision.
func (c *libCache) binary(ctx context.Context, id int64) ([]byte, error) {
	e, err := c.entry(ctx, id)
	if err != nil {
		return nil, err
	}
	return e.binary(), nil
}

// replies maps revision id's reply ids to their intents' ids.
func (c *libCache) replies(ctx context.Context, id int64) (map[string]string, error) {
	e, err := c.entry(ctx, id)
	if err != nil {
		return nil, err
	}
	return e.replies, nil
}

func (c *libCache) entry(ctx context.Context, id int64) (*cachedLib, error) {
	c.mu.Lock()
	if e, ok := c.libs[id]; ok {
		c.touch(id)
		c.mu.Unlock()
		return e, nil
	}
	c.mu.Unlock()
	rev, err := c.st.Revision(ctx, id)
	if err != nil {
		return nil, err
	}
	lib, err := library.ParseLibrary(fmt.Sprintf("revision %d", id), rev.Document)
	c.parsed.Add(1)
	if err != nil {
		return nil, fmt.Errorf("revision %d does not load: %w", id, err)
	}
	return c.put(id, lib), nil
}

func (c *libCache) put(id int64, lib *library.Library) *cachedLib {
	e := &cachedLib{lib: lib, replies: map[string]string{}, binary: sync.OnceValue(func() []byte { return library.EncodeLibrary(lib) })}
	for _, in := range lib.Intents {
		for _, r := range in.Replies {
			e.replies[r.ID] = in.ID
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.libs[id]; !ok && len(c.order) >= c.max {
		delete(c.libs, c.order[0])
		c.order = c.order[1:]
	}
	c.libs[id] = e
	c.touch(id)
	return e
}

func (c *libCache) touch(id int64) {
	for i, o := range c.order {
		if o == id {
			c.order = append(c.order[:i], c.order[i+1:]...)
			break
		}
	}
	c.order = append(c.order, id)
}

// publishedCache holds the published revision for a moment, so that many
// widgets polling at once cost one read of the store; other server
// instances' publishing shows within ttl. When the store cannot be read
// (PostgreSQL down, a SQLite file gone), it keeps serving the revision it
// last read, and says so in the log once per outage: widgets keep working
// on the last published library.
type publishedCache struct {
	st  store.Store
	ttl time.Duration
	now func() time.Time
	log *log.Logger

	mu      sync.Mutex
	rev     store.Revision
	etag    string
	fetched time.Time
	ok      bool
	stale   bool // serving p.rev because the store failed
}

// publishedReadTimeout bounds one read of the published revision, so an
// unreachable database costs a widget's request seconds, not minutes.
const publishedReadTimeout = 3 * time.Second

func (p *publishedCache) get(ctx context.Context) (store.Revision, string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ok && p.now().Sub(p.fetched) < p.ttl {
		return p.rev, p.etag, nil
	}
	rctx, cancel := context.WithTimeout(ctx, publishedReadTimeout)
	rev, err := p.st.Published(rctx)
	cancel()
	if err != nil && !errors.Is(err, store.ErrNotFound) && p.rev.ID > 0 && ctx.Err() == nil {
		if !p.stale && p.log != nil {
			p.log.Printf("studio: reading the published library failed (%v); serving revision %d as last read until the database answers", err, p.rev.ID)
		}
		// Try again after ttl, not on every request meanwhile.
		p.stale, p.fetched, p.ok = true, p.now(), true
		return p.rev, p.etag, nil
	}
	if err != nil {
		return store.Revision{}, "", err
	}
	if p.stale && p.log != nil {
		p.log.Printf("studio: the database answers again; the published library is revision %d", rev.ID)
	}
	h := sha256.Sum256(rev.Document)
	p.rev, p.etag, p.fetched, p.ok, p.stale = rev, fmt.Sprintf(`"r%d-%s"`, rev.ID, hex.EncodeToString(h[:6])), p.now(), true, false
	return p.rev, p.etag, nil
}

func (p *publishedCache) forget() {
	p.mu.Lock()
	p.ok = false
	p.mu.Unlock()
}

// Library headers of /library.json and /library.bin.
const (
	RevisionHeader  = "X-Warmdesk-Revision"
	ReadTokenHeader = "X-Warmdesk-Token"
)

// ServeLibrary serves the published library to widgets: an ETag of the
// revision and its content, 304 for a matching If-None-Match, and the
// revision number in X-Warmdesk-Revision (usage events name it).
func (s *Server) ServeLibrary(w http.ResponseWriter, r *http.Request) {
	s.servePublished(w, r, "", "application/json", func(_ context.Context, rev store.Revision) ([]byte, error) {
		return rev.Document, nil
	})
}

// ServeLibraryBinary serves the published library's binary form
// (library.EncodeLibrary), which the widget reads, as ServeLibrary
// serves the JSON: its ETag is the revision's with "-bin".
func (s *Server) ServeLibraryBinary(w http.ResponseWriter, r *http.Request) {
	s.servePublished(w, r, binTag, "application/octet-stream", s.libraryBinary)
}

// binTag ends the library's binary form's ETag, after the library's.
const binTag = "-bin"

// libraryBinary is rev's library in its binary form.
func (s *Server) libraryBinary(ctx context.Context, rev store.Revision) ([]byte, error) {
	return s.libs.binary(ctx, rev.ID)
}

// servePublished serves what body makes of the published revision, under
// the read token: its ETag is the revision's with tagSuffix before the
// closing quote and the coding's after it (codings.Tag), a matching
// If-None-Match gets 304 (body is not called), the body goes compressed
// when the client accepts it, and X-Warmdesk-Revision names the revision.
func (s *Server) servePublished(w http.ResponseWriter, r *http.Request, tagSuffix, contentType string, body func(context.Context, store.Revision) ([]byte, error)) {
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Add("Vary", ReadTokenHeader)
	if !s.readAllowed(w, r) {
		return
	}
	rev, etag, err := s.published.get(r.Context())
	if errors.Is(err, store.ErrNotFound) {
		s.fail(w, r, errorf(http.StatusNotFound, "no library is published yet"))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	etag = suffixed(etag, tagSuffix)
	w.Header().Set(RevisionHeader, strconv.FormatInt(rev.ID, 10))
	// Sent compressed (a library of 10,000 phrasings is 3.7 MB of JSON,
	// its model 2.9 MB), each made once per revision.
	err = codings.Respond(w, r, etag, contentType, func() (codings.Forms, error) {
		b, err := body(r.Context(), rev)
		if err != nil {
			return codings.Forms{}, err
		}
		return s.forms.Get(etag, b), nil
	})
	if err != nil {
		s.fail(w, r, err)
	}
}

// suffixed is etag with suffix before its closing quote.
func suffixed(etag, suffix string) string {
	return strings.TrimSuffix(etag, `"`) + suffix + `"`
}

// readAllowed checks the read token, when one is required, and answers
// 401 when it is missing or wrong.
func (s *Server) readAllowed(w http.ResponseWriter, r *http.Request) bool {
	if s.cfg.ReadToken == "" {
		return true
	}
	got := r.Header.Get(ReadTokenHeader)
	if subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.ReadToken)) != 1 {
		s.fail(w, r, errorf(http.StatusUnauthorized, "this library needs a read token (embed.js: data-read-token)"))
		return false
	}
	return true
}

func info(r store.RevisionInfo, published int64) studioapi.RevisionInfo {
	out := studioapi.RevisionInfo{ID: r.ID, Base: r.Base, Author: r.Author, Message: r.Message, Created: r.Created, Live: r.ID == published}
	if !r.Published.IsZero() {
		t := r.Published
		out.Published = &t
	}
	return out
}

// publishedID is the published revision's id, 0 when none is.
func (s *Server) publishedID(ctx context.Context) (int64, error) {
	rev, _, err := s.published.get(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	return rev.ID, err
}

func (s *Server) head(w http.ResponseWriter, r *http.Request, a *access) error {
	rev, err := s.st.Head(r.Context())
	if errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusNotFound, "the library has no revision yet")
	}
	if err != nil {
		return err
	}
	pub, err := s.publishedID(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, studioapi.Revision{RevisionInfo: info(rev.RevisionInfo, pub), Document: rev.Document})
	return nil
}

func (s *Server) revision(w http.ResponseWriter, r *http.Request, a *access) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rev, err := s.st.Revision(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusNotFound, "there is no revision %d", id)
	}
	if err != nil {
		return err
	}
	pub, err := s.publishedID(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, studioapi.Revision{RevisionInfo: info(rev.RevisionInfo, pub), Document: rev.Document})
	return nil
}

func (s *Server) revisions(w http.ResponseWriter, r *http.Request, a *access) error {
	limit := 200
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			return errorf(http.StatusBadRequest, "limit must be a number from 1 to 10000")
		}
		limit = n
	}
	infos, err := s.st.Revisions(r.Context(), limit)
	if err != nil {
		return err
	}
	pub, err := s.publishedID(r.Context())
	if err != nil {
		return err
	}
	out := studioapi.RevisionList{Published: pub, Revisions: make([]studioapi.RevisionInfo, 0, len(infos))}
	for _, in := range infos {
		out.Revisions = append(out.Revisions, info(in, pub))
	}
	if len(infos) > 0 {
		out.Head = infos[0].ID
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// save stores a new revision: 201, or 409 with what changed since the
// base, or 422 with every problem of the document and the message.
func (s *Server) save(w http.ResponseWriter, r *http.Request, a *access) error {
	var req studioapi.SaveRequest
	if err := decode(w, r, s.cfg.MaxDocumentBytes+4096, &req); err != nil {
		return err
	}
	msg := strings.TrimSpace(req.Message)
	var probs []library.Problem
	switch {
	case msg == "":
		probs = append(probs, library.Problem{File: "save", Entry: "revision", Field: "message", Message: "is required: say in a few words what changed"})
	case len(msg) > studioapi.MaxMessageLen || !utf8.ValidString(msg):
		probs = append(probs, library.Problem{File: "save", Entry: "revision", Field: "message", Message: fmt.Sprintf("must be valid text of at most %d bytes", studioapi.MaxMessageLen)})
	}
	if req.Base < 0 {
		return errorf(http.StatusBadRequest, "base must be a revision number")
	}
	done := s.compiles.enter()
	lib, docProbs := validate("library", req.Document)
	done()
	probs = append(probs, docProbs...)
	if len(probs) > 0 {
		e := errorf(http.StatusUnprocessableEntity, "the library was not saved: %s", words.Count(len(probs), "problem"))
		if len(probs) == 1 {
			e.body.Error = "the library was not saved: 1 problem"
		}
		e.body.Problems = probs
		return e
	}
	return s.store(w, r, a, req.Base, lib, msg)
}

// store saves a valid library as a new revision based on base.
func (s *Server) store(w http.ResponseWriter, r *http.Request, a *access, base int64, lib *library.Library, msg string) error {
	canon, err := lib.MarshalIndent()
	if err != nil {
		return err
	}
	rev, err := s.st.Save(r.Context(), base, canon, a.user.Name, msg)
	if errors.Is(err, store.ErrConflict) {
		return s.conflict(r.Context(), base)
	}
	if err != nil {
		return err
	}
	s.libs.put(rev.ID, lib)
	s.reports.enqueue(rev.ID)
	pub, err := s.publishedID(r.Context())
	if err != nil {
		return err
	}
	s.log.Printf("studio: %s saved revision %d: %s", a.user.Name, rev.ID, msg)
	writeJSON(w, http.StatusCreated, info(rev, pub))
	return nil
}

// conflict is the 409 for a save based on base: the newest revision and
// what changed between base and it.
func (s *Server) conflict(ctx context.Context, base int64) error {
	head, err := s.st.Head(ctx)
	if err != nil {
		return err
	}
	pub, err := s.publishedID(ctx)
	if err != nil {
		return err
	}
	hi := info(head.RevisionInfo, pub)
	e := errorf(http.StatusConflict, "the library changed since revision %d: revision %d by %s is the newest (%s)", base, head.ID, head.Author, head.Message)
	e.body.Head = &hi
	if base > 0 {
		changes, err := s.compare(ctx, base, head.ID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		e.body.Changes = &changes
	}
	return e
}

// compare is what changed from revision a to revision b.
func (s *Server) compare(ctx context.Context, a, b int64) (libdiff.LibraryDiff, error) {
	la, err := s.libs.get(ctx, a)
	if err != nil {
		return libdiff.LibraryDiff{}, err
	}
	lb, err := s.libs.get(ctx, b)
	if err != nil {
		return libdiff.LibraryDiff{}, err
	}
	return libdiff.Diff(la, lb), nil
}

func (s *Server) diff(w http.ResponseWriter, r *http.Request, a *access) error {
	q := r.URL.Query()
	ra, err1 := strconv.ParseInt(q.Get("a"), 10, 64)
	rb, err2 := strconv.ParseInt(q.Get("b"), 10, 64)
	if err1 != nil || err2 != nil || ra <= 0 || rb <= 0 {
		return errorf(http.StatusBadRequest, "give two revision numbers: diff?a=1&b=2")
	}
	changes, err := s.compare(r.Context(), ra, rb)
	if errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusNotFound, "there is no revision %d or %d", ra, rb)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, studioapi.DiffResponse{A: ra, B: rb, Changes: changes})
	return nil
}

// publish makes revision id the one agents get. A revision with
// error-severity tone findings is published only when the request
// confirms each of them (studioapi.PublishRequest); else 409 lists them.
func (s *Server) publish(w http.ResponseWriter, r *http.Request, a *access) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var req studioapi.PublishRequest
	if r.ContentLength != 0 {
		if err := decode(w, r, publishBody, &req); err != nil {
			return err
		}
	}
	eng, err := s.engines.get(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusNotFound, "there is no revision %d", id)
	}
	if err != nil {
		return err
	}
	tone := toneErrors(eng)
	if unconfirmed(tone, req.Confirm) {
		e := errorf(http.StatusConflict, "revision %d has %s of error severity: confirm each one to publish it anyway", id,
			words.Plural(len(tone), "tone finding", "tone findings"))
		e.body.Tone = tone
		return e
	}
	err = s.st.Publish(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusNotFound, "there is no revision %d", id)
	}
	if err != nil {
		return err
	}
	s.published.forget()
	rev, err := s.st.Revision(r.Context(), id)
	if err != nil {
		return err
	}
	if len(tone) > 0 {
		s.log.Printf("studio: %s published revision %d, confirming %s of error severity", a.user.Name, id, words.Plural(len(tone), "tone finding", "tone findings"))
	} else {
		s.log.Printf("studio: %s published revision %d", a.user.Name, id)
	}
	s.warmModel(id)
	writeJSON(w, http.StatusOK, info(rev.RevisionInfo, id))
	return nil
}

// restore saves an old revision's document as a new revision: history is
// never rewritten. The document is validated again, as the rules of a
// newer Warmdesk may be stricter than the ones it was saved under.
func (s *Server) restore(w http.ResponseWriter, r *http.Request, a *access) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var req studioapi.RestoreRequest
	if r.ContentLength != 0 {
		if err := decode(w, r, smallBody, &req); err != nil {
			return err
		}
	}
	old, err := s.st.Revision(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusNotFound, "there is no revision %d", id)
	}
	if err != nil {
		return err
	}
	base := req.Base
	if base == 0 {
		head, err := s.st.Head(r.Context())
		if err != nil {
			return err
		}
		base = head.ID
	}
	done := s.compiles.enter()
	lib, probs := validate(fmt.Sprintf("revision %d", id), old.Document)
	done()
	if len(probs) > 0 {
		e := errorf(http.StatusUnprocessableEntity, "revision %d no longer passes validation", id)
		e.body.Problems = probs
		return e
	}
	return s.store(w, r, a, base, lib, fmt.Sprintf("Restore revision %d", id))
}

// RequiresReadToken reports whether reading the library needs a token.
func (s *Server) RequiresReadToken() bool { return s.cfg.ReadToken != "" }

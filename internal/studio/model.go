package studio

import (
	"context"
	"net/http"
	"sync"

	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/suggestions"
)

// engineCache keeps the engine of the revision compiled last. A publish
// needs the revision's model for widgets, and its quality report is
// usually asked for next: both come from one compile (at 10,000
// phrasings, over a second each). One compile runs at a time; a second
// caller for the same revision waits for it.
type engineCache struct {
	libs *libCache
	gate compileGate

	mu             sync.Mutex
	id             int64
	eng            *suggestions.Engine
	gets, compiles int // how many, for the tests
}

func (c *engineCache) get(ctx context.Context, id int64) (*suggestions.Engine, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gets++
	if c.eng != nil && c.id == id {
		return c.eng, nil
	}
	lib, err := c.libs.get(ctx, id)
	if err != nil {
		return nil, err
	}
	done := c.gate.enter()
	eng, err := suggestions.Compile(lib)
	done()
	if err != nil {
		return nil, err
	}
	c.id, c.eng = id, eng
	c.compiles++
	return eng, nil
}

// modelCache holds what compiling the published revision learned
// (suggestions.Engine.Model), which widgets fetch beside the library so
// that they compile it without learning. It is computed once per
// revision, when the revision is published or first asked for.
type modelCache struct {
	engines *engineCache

	mu    sync.Mutex
	id    int64
	model []byte
}

func (c *modelCache) get(ctx context.Context, id int64) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.model != nil && c.id == id {
		return c.model, nil
	}
	eng, err := c.engines.get(ctx, id)
	if err != nil {
		return nil, err
	}
	c.id, c.model = id, eng.Model()
	return c.model, nil
}

// ServeModel serves the published library's model to widgets, under the
// same read token as the library. Its ETag is the library's with
// "-model": a widget never mistakes one library's model for another's
// (and the model says which library it fits, see suggestions/matching/model.go).
func (s *Server) ServeModel(w http.ResponseWriter, r *http.Request) {
	s.servePublished(w, r, modelTag, "application/octet-stream", func(ctx context.Context, rev store.Revision) ([]byte, error) {
		return s.models.get(ctx, rev.ID)
	})
}

// modelTag ends the model's ETag, after the library's.
const modelTag = "-model"

// warmModel computes revision id's model, then the compressed forms of
// the library and the model (while id is the one published), in the
// background: the first widget to ask after a publish does not wait for
// them (at 10,000 phrasings, a compile of over a second and 0.4–0.6 s of
// compressing).
func (s *Server) warmModel(id int64) {
	go s.warm(id)
}

// WarmPublished does for the revision published now what a publish does
// (warmModel), for a server that has just started.
func (s *Server) WarmPublished() {
	go func() {
		if rev, _, err := s.published.get(s.bg); err == nil { // else none is published
			s.warm(rev.ID)
		}
	}()
}

// warm makes the model and the compressed forms of revision id (its
// library, the library's binary form and the model).
func (s *Server) warm(id int64) {
	model, err := s.models.get(s.bg, id)
	if err != nil {
		if s.bg.Err() == nil {
			s.log.Printf("studio: the model of revision %d: %v", id, err)
		}
		return
	}
	rev, etag, err := s.published.get(s.bg)
	if err != nil || rev.ID != id {
		return
	}
	s.forms.Get(suffixed(etag, ""), rev.Document)
	s.forms.Get(suffixed(etag, modelTag), model)
	if bin, err := s.libraryBinary(s.bg, rev); err == nil {
		s.forms.Get(suffixed(etag, binTag), bin)
	}
}

package studio

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strconv"
	"sync"

	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/internal/studioapi"
	"github.com/warmdesk/warmdesk/suggestions"
)

// reporter computes quality reports in the background, one at a time
// (the machine serving the studio also serves widgets), newest revision
// first, and keeps the last few.
type reporter struct {
	engines *engineCache
	log     *log.Logger
	keep    int

	mu      sync.Mutex
	jobs    map[int64]*studioapi.ReportStatus
	done    []int64 // finished jobs, oldest first, for eviction
	pending []int64
	wake    chan struct{}
}

func newReporter(ctx context.Context, engines *engineCache, lg *log.Logger, keep int) *reporter {
	r := &reporter{engines: engines, log: lg, keep: keep, jobs: map[int64]*studioapi.ReportStatus{}, wake: make(chan struct{}, 1)}
	go r.work(ctx)
	return r
}

// enqueue asks for revision id's report unless it is known.
func (r *reporter) enqueue(id int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.jobs[id]; ok {
		return
	}
	r.jobs[id] = &studioapi.ReportStatus{Revision: id, State: studioapi.ReportQueued}
	r.pending = append(r.pending, id)
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// status returns a copy of revision id's job, queueing it if unknown.
func (r *reporter) status(id int64) studioapi.ReportStatus {
	r.enqueue(id)
	r.mu.Lock()
	defer r.mu.Unlock()
	return *r.jobs[id]
}

func (r *reporter) next() (int64, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.pending) == 0 {
		return 0, false
	}
	// Newest first: after a burst of saves, the latest one matters.
	best := 0
	for i, id := range r.pending {
		if id > r.pending[best] {
			best = i
		}
	}
	id := r.pending[best]
	r.pending = append(r.pending[:best], r.pending[best+1:]...)
	r.jobs[id].State = studioapi.ReportRunning
	return id, true
}

func (r *reporter) work(ctx context.Context) {
	for {
		id, ok := r.next()
		if !ok {
			select {
			case <-ctx.Done():
				return
			case <-r.wake:
				continue
			}
		}
		res, err := r.compute(ctx, id)
		r.mu.Lock()
		j := r.jobs[id]
		if err != nil {
			j.State, j.Error = studioapi.ReportFailed, err.Error()
			r.log.Printf("studio: the report of revision %d failed: %v", id, err)
		} else {
			j.State, j.Report = studioapi.ReportDone, res
			j.Done = j.Total
		}
		r.done = append(r.done, id)
		for len(r.done) > r.keep {
			delete(r.jobs, r.done[0])
			r.done = r.done[1:]
		}
		r.mu.Unlock()
		if ctx.Err() != nil {
			return
		}
	}
}

// compute runs the core's quality report of revision id, recording its
// progress in the job as it goes.
func (r *reporter) compute(ctx context.Context, id int64) (res *suggestions.Report, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the report crashed: %v", p)
		}
	}()
	eng, err := r.engines.get(ctx, id)
	if err != nil {
		return nil, err
	}
	rep := eng.Report(func(done, total int) {
		r.mu.Lock()
		if j := r.jobs[id]; j != nil {
			j.Done, j.Total = done, total
		}
		r.mu.Unlock()
	})
	return &rep, nil
}

// report answers the report of ?rev= (default: the newest revision), or
// its progress.
func (s *Server) report(w http.ResponseWriter, r *http.Request, a *access) error {
	var id int64
	if v := r.URL.Query().Get("rev"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return errorf(http.StatusBadRequest, "rev must be a revision number")
		}
		if _, err := s.st.Revision(r.Context(), n); errors.Is(err, store.ErrNotFound) {
			return errorf(http.StatusNotFound, "there is no revision %d", n)
		} else if err != nil {
			return err
		}
		id = n
	} else {
		head, err := s.st.Head(r.Context())
		if errors.Is(err, store.ErrNotFound) {
			return errorf(http.StatusNotFound, "the library has no revision yet")
		}
		if err != nil {
			return err
		}
		id = head.ID
	}
	writeJSON(w, http.StatusOK, s.reports.status(id))
	return nil
}

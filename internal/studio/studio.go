package studio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/warmdesk/warmdesk/internal/auth"
	"github.com/warmdesk/warmdesk/internal/codings"
	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/internal/studioapi"
	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// Config is what the studio needs.
type Config struct {
	Store store.Store
	Log   *log.Logger // nil: the standard logger
	// BehindProxy trusts a reverse proxy's X-Forwarded-For (the client
	// address, for rate limits) and X-Forwarded-Proto (Secure cookies).
	BehindProxy bool
	// PasswordParams hash new passwords; zero means auth.DefaultParams().
	PasswordParams auth.Params
	SessionTTL     time.Duration // 0: 12 hours
	// LoginFailures within LoginWindow refuse further sign-ins for that
	// account or that address (defaults 5 in 15 minutes).
	LoginFailures int
	LoginWindow   time.Duration
	// MaxHashing bounds how many password hashes run at once (default:
	// the number of CPUs); sign-ins beyond it wait up to HashWait (default
	// 2 s) and are then refused with 429.
	MaxHashing int
	HashWait   time.Duration
	// EventRate and EventBurst limit usage events per client address, in
	// events per second (defaults 50 and 2000: a contact centre's agents
	// often share one address).
	EventRate, EventBurst float64
	// MaxDocumentBytes bounds a saved library (default 16 MiB).
	MaxDocumentBytes int64
	// ReadToken, when set, is required to read the published library.
	ReadToken string
	// HealthEvery is how often the studio asks a store that can say
	// (store.Checker) whether it takes writes, besides before each write
	// (default 10 s).
	HealthEvery time.Duration
	Now         func() time.Time
}

// Server is the studio API.
type Server struct {
	cfg         Config
	st          store.Store
	log         *log.Logger
	sessions    *auth.Sessions
	byAccount   *auth.Limiter
	byAddress   *auth.Limiter
	hashGate    *auth.Gate
	compiles    compileGate
	events      *auth.Bucket
	libs        *libCache
	targets     *targetCache // what usage events may name
	refused     refusals     // usage events refused
	reports     *reporter
	published   *publishedCache
	engines     *engineCache // the last revision compiled: its model's and its report's
	models      *modelCache
	forms       codings.Cache // the published library's and model's compressed forms
	mux         *http.ServeMux
	dummyHash   string // verified against when the account does not exist
	dbProblem   atomic.Pointer[string]
	stopReports context.CancelFunc
	bg          context.Context // background work's; done at Close
}

// New returns the studio API. Close stops its background work.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("studio: no store")
	}
	if cfg.Log == nil {
		cfg.Log = log.Default()
	}
	if cfg.PasswordParams == (auth.Params{}) {
		cfg.PasswordParams = auth.DefaultParams()
	}
	if cfg.LoginFailures <= 0 {
		cfg.LoginFailures = 5
	}
	if cfg.LoginWindow <= 0 {
		cfg.LoginWindow = 15 * time.Minute
	}
	if cfg.MaxHashing <= 0 {
		cfg.MaxHashing = runtime.NumCPU()
	}
	if cfg.HashWait <= 0 {
		cfg.HashWait = 2 * time.Second
	}
	if cfg.EventRate <= 0 {
		cfg.EventRate = 50
	}
	if cfg.EventBurst <= 0 {
		cfg.EventBurst = 2000
	}
	if cfg.MaxDocumentBytes <= 0 {
		cfg.MaxDocumentBytes = 16 << 20
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.HealthEvery <= 0 {
		cfg.HealthEvery = 10 * time.Second
	}
	dummy, err := auth.HashPassword("a password nobody has", cfg.PasswordParams)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg, st: cfg.Store, log: cfg.Log,
		sessions:  &auth.Sessions{Store: cfg.Store, TTL: cfg.SessionTTL, BehindProxy: cfg.BehindProxy, Now: cfg.Now},
		byAccount: auth.NewLimiter(cfg.LoginFailures, cfg.LoginWindow),
		byAddress: auth.NewLimiter(cfg.LoginFailures*4, cfg.LoginWindow),
		hashGate:  auth.NewGate(cfg.MaxHashing, cfg.HashWait),
		events:    auth.NewBucket(cfg.EventRate, cfg.EventBurst),
		dummyHash: dummy,
	}
	s.byAccount.Now, s.byAddress.Now, s.events.Now = cfg.Now, cfg.Now, cfg.Now
	s.libs = newLibCache(cfg.Store, 6)
	s.targets = &targetCache{s: s}
	s.published = &publishedCache{st: cfg.Store, ttl: 2 * time.Second, now: cfg.Now, log: cfg.Log}
	s.compiles = make(compileGate, max(1, runtime.NumCPU()-1))
	s.engines = &engineCache{libs: s.libs, gate: s.compiles}
	s.models = &modelCache{engines: s.engines}
	ctx, cancel := context.WithCancel(context.Background())
	s.stopReports, s.bg = cancel, ctx
	s.reports = newReporter(ctx, s.engines, cfg.Log, 16)
	s.routes()
	if c, ok := cfg.Store.(store.Checker); ok {
		s.checkStore(ctx, c)
		go func() {
			t := time.NewTicker(cfg.HealthEvery)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					s.checkStore(ctx, c)
				}
			}
		}()
	}
	return s, nil
}

// checkStore asks the store whether it takes writes, and says so in the
// log when that changes; DatabaseProblem tells the studio's pages.
func (s *Server) checkStore(ctx context.Context, c store.Checker) {
	err := c.Check(ctx)
	var problem string
	if err != nil {
		problem = err.Error()
	}
	if old := s.dbProblem.Swap(&problem); old == nil || *old != problem {
		switch {
		case problem != "":
			s.log.Printf("studio: THE DATABASE CANNOT BE WRITTEN: %s. Saves, sign-ins and usage events are refused until it is fixed; widgets keep the last published library.", problem)
		case old != nil:
			s.log.Printf("studio: the database takes writes again")
		}
	}
}

// DatabaseProblem is why the database cannot take writes, as last
// checked, or "".
func (s *Server) DatabaseProblem() string {
	if p := s.dbProblem.Load(); p != nil {
		return *p
	}
	return ""
}

// Close stops the background report computation.
func (s *Server) Close() { s.stopReports() }

// ServeHTTP answers /studio/api/ requests.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	s.mux.ServeHTTP(w, r)
}

// Seed stores doc as the first revision, published, when the store holds
// no revision yet. It reports whether it did. Two servers seeding one new
// database at once is fine: one save wins, the other sees ErrConflict.
func Seed(ctx context.Context, st store.Store, doc []byte, author, message string) (bool, error) {
	if _, err := st.Head(ctx); err == nil {
		return false, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return false, fmt.Errorf("reading the newest revision: %w", err)
	}
	lib, probs := validate("seed library", doc)
	if len(probs) > 0 {
		return false, &library.ValidationError{Problems: probs}
	}
	canon, err := lib.MarshalIndent()
	if err != nil {
		return false, err
	}
	rev, err := st.Save(ctx, 0, canon, author, message)
	if errors.Is(err, store.ErrConflict) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("saving the first revision: %w", err)
	}
	if err := st.Publish(ctx, rev.ID); err != nil {
		return false, fmt.Errorf("publishing the first revision: %w", err)
	}
	return true, nil
}

// compileGate bounds how many libraries compile at once (a save's
// validation, the report's and the model's compiles): one CPU is left to
// serve widgets while an editor saves, so their library stays quick.
type compileGate chan struct{}

// enter waits for a turn and returns what ends it. A nil gate lets every
// compile through.
func (g compileGate) enter() func() {
	if g == nil {
		return func() {}
	}
	g <- struct{}{}
	return func() { <-g }
}

// validate parses, compiles and checks a library document, returning every
// problem found.
func validate(file string, doc []byte) (*library.Library, []library.Problem) {
	lib, err := library.ParseLibrary(file, doc)
	var ve *library.ValidationError
	if errors.As(err, &ve) {
		return nil, ve.Problems
	}
	if err != nil {
		return nil, []library.Problem{{File: file, Entry: "document", Field: "-", Message: err.Error()}}
	}
	eng, err := suggestions.Compile(lib)
	if err != nil {
		return nil, []library.Problem{{File: file, Entry: "document", Field: "-", Message: err.Error()}}
	}
	if probs := eng.CheckExamples(file); len(probs) > 0 {
		return nil, probs
	}
	return lib, nil
}

// access is who is asking.
type access struct {
	sess store.Session
	user store.User
}

// apiError is an error response.
type apiError struct {
	status int
	body   studioapi.Error
	retry  time.Duration
}

func (e *apiError) Error() string { return e.body.Error }

func errorf(status int, format string, args ...any) *apiError {
	return &apiError{status: status, body: studioapi.Error{Error: fmt.Sprintf(format, args...)}}
}

type handlerFunc func(w http.ResponseWriter, r *http.Request, a *access) error

// handle registers a route that needs a signed-in account of role need
// (or no sign-in when need is ""). Signed-in routes check the CSRF token
// and the site of every change.
func (s *Server) handle(pattern string, need store.Role, h handlerFunc) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		var a *access
		if need != "" {
			sess, u, err := s.sessions.Get(r.Context(), r)
			switch {
			case errors.Is(err, auth.ErrNoSession):
				s.fail(w, r, errorf(http.StatusUnauthorized, "sign in first"))
				return
			case err != nil:
				s.fail(w, r, err)
				return
			}
			if err := auth.CheckCSRF(r, sess); err != nil {
				s.fail(w, r, errorf(http.StatusForbidden, "%v", err))
				return
			}
			if !u.Role.Includes(need) {
				s.fail(w, r, errorf(http.StatusForbidden, "this needs the %s role; %s is %s", need, u.Name, u.Role))
				return
			}
			a = &access{sess: sess, user: u}
		}
		if err := h(w, r, a); err != nil {
			s.fail(w, r, err)
		}
	})
}

// fail writes an error response; errors that are not API errors are the
// server's fault, logged and answered with 500 without details.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		s.log.Printf("studio: %s %s: %v", r.Method, r.URL.Path, err)
		ae = errorf(http.StatusInternalServerError, "the server failed; the error is in its log")
		// A database that cannot be written, or does not answer, is said
		// so; its details (paths, addresses) stay in the log: a sign-in
		// page is anyone's.
		unavailable := errors.Is(err, store.ErrUnavailable)
		if c, ok := s.st.(store.Checker); ok {
			s.checkStore(r.Context(), c)
			unavailable = unavailable || s.DatabaseProblem() != ""
		}
		if unavailable {
			ae = errorf(http.StatusServiceUnavailable, "the studio's database cannot be written right now, so nothing was saved; the server's administrator must fix it (its log says why)")
			ae.retry = 30 * time.Second
		}
	}
	if ae.retry > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((ae.retry+time.Second-1)/time.Second)))
	}
	writeJSON(w, ae.status, ae.body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":"encoding the response failed"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// decode reads a JSON body of at most max bytes into v, strictly.
func decode(w http.ResponseWriter, r *http.Request, max int64, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !isJSON(ct) {
		return errorf(http.StatusUnsupportedMediaType, "send JSON (Content-Type: application/json), not %s", ct)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errorf(http.StatusRequestEntityTooLarge, "the request body is larger than %d bytes", max)
	}
	if err != nil {
		return errorf(http.StatusBadRequest, "reading the request: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errorf(http.StatusBadRequest, "the request is not the JSON expected: %v", err)
	}
	if dec.More() {
		return errorf(http.StatusBadRequest, "the request has data after its JSON object")
	}
	return nil
}

// isJSON reports whether a Content-Type names JSON: application/json,
// with parameters or none, and not a type that only begins so
// (application/jsonx).
func isJSON(contentType string) bool {
	t, _, err := mime.ParseMediaType(contentType)
	return err == nil && t == "application/json"
}

// clientAddr is the address rate limits count against.
func (s *Server) clientAddr(r *http.Request) string {
	if s.cfg.BehindProxy {
		// The proxy appends the address it saw: the last entry is the one
		// a client cannot forge.
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			parts := strings.Split(xff[len(xff)-1], ",")
			if a := strings.TrimSpace(parts[len(parts)-1]); a != "" {
				return a
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errorf(http.StatusBadRequest, "%q is not a revision number", r.PathValue(name))
	}
	return id, nil
}

func (s *Server) routes() {
	s.mux = http.NewServeMux()
	s.handle("POST "+studioapi.Login, "", s.login)
	s.handle("POST "+studioapi.Logout, "", s.logout)
	s.handle("GET "+studioapi.MePath, store.Editor, s.me)

	s.handle("GET "+studioapi.Head, store.Editor, s.head)
	s.handle("GET "+studioapi.Revisions, store.Editor, s.revisions)
	s.handle("POST "+studioapi.Revisions, store.Editor, s.save)
	s.handle("GET "+studioapi.RevPrefix+"{id}", store.Editor, s.revision)
	s.handle("POST "+studioapi.RevPrefix+"{id}/publish", store.Publisher, s.publish)
	s.handle("POST "+studioapi.RevPrefix+"{id}/restore", store.Publisher, s.restore)
	s.handle("GET "+studioapi.DiffPath, store.Editor, s.diff)
	s.handle("GET "+studioapi.ReportPath, store.Editor, s.report)

	s.handle("POST "+studioapi.Events, "", s.addEvents)
	s.handle("GET "+studioapi.UsagePath, store.Editor, s.usage)

	s.handle("GET "+studioapi.Users, store.Admin, s.users)
	s.handle("POST "+studioapi.Users, store.Admin, s.addUser)
	s.handle("PUT "+studioapi.UserPrefix+"{name}", store.Admin, s.changeUser)
	s.handle("DELETE "+studioapi.UserPrefix+"{name}", store.Admin, s.removeUser)

	s.mux.HandleFunc(studioapi.Prefix, func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, errorf(http.StatusNotFound, "no such API: %s %s", r.Method, r.URL.Path))
	})
}

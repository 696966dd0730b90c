package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/warmdesk/warmdesk/internal/store"
)

// Cookie names. Over TLS the __Host- prefix makes the browser insist on
// Secure, Path=/ and no Domain, so a sibling subdomain cannot plant one.
const (
	CookieName       = "warmdesk_session"
	SecureCookieName = "__Host-warmdesk_session"
	CSRFHeader       = "X-CSRF-Token"
)

// Errors of Sessions.
var (
	ErrNoSession = errors.New("not signed in")
	ErrCSRF      = errors.New("missing or wrong CSRF token")
	ErrCrossSite = errors.New("cross-site request refused")
)

// Sessions starts, finds and ends sign-in sessions.
type Sessions struct {
	Store store.Store
	TTL   time.Duration // how long a session lasts; 0 means 12 hours
	// BehindProxy trusts the X-Forwarded-Proto header of a reverse proxy
	// in front that terminates TLS: "https" there makes cookies Secure.
	BehindProxy bool
	Now         func() time.Time
}

func (s *Sessions) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Sessions) secure(r *http.Request) bool {
	return r.TLS != nil || (s.BehindProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"))
}

func (s *Sessions) cookieName(r *http.Request) string {
	if s.secure(r) {
		return SecureCookieName
	}
	return CookieName
}

// NewToken returns 32 random bytes, base64url-encoded.
func NewToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("auth: reading random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// HashToken is what the store keeps of a session token.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Start creates a session for user and sets its cookie.
func (s *Sessions) Start(ctx context.Context, w http.ResponseWriter, r *http.Request, user string) (store.Session, error) {
	token, err := NewToken()
	if err != nil {
		return store.Session{}, err
	}
	csrf, err := NewToken()
	if err != nil {
		return store.Session{}, err
	}
	ttl := s.TTL
	if ttl <= 0 {
		ttl = 12 * time.Hour
	}
	now := s.now()
	sess := store.Session{TokenHash: HashToken(token), User: user, CSRF: csrf, Created: now, Expires: now.Add(ttl)}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return store.Session{}, fmt.Errorf("starting a session: %w", err)
	}
	http.SetCookie(w, &http.Cookie{
		Name: s.cookieName(r), Value: token, Path: "/", Expires: sess.Expires, MaxAge: int(ttl.Seconds()),
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode,
	})
	return sess, nil
}

// token is the session token the request carries, or "".
func (s *Sessions) token(r *http.Request) string {
	c, err := r.Cookie(s.cookieName(r))
	if err != nil || len(c.Value) > 100 {
		return ""
	}
	return c.Value
}

// Get returns the request's session and its account. It returns
// ErrNoSession when there is no valid session, or the account is gone.
func (s *Sessions) Get(ctx context.Context, r *http.Request) (store.Session, store.User, error) {
	tok := s.token(r)
	if tok == "" {
		return store.Session{}, store.User{}, ErrNoSession
	}
	sess, err := s.Store.Session(ctx, HashToken(tok))
	if errors.Is(err, store.ErrNotFound) || (err == nil && !sess.Expires.After(s.now())) {
		return store.Session{}, store.User{}, ErrNoSession
	}
	if err != nil {
		return store.Session{}, store.User{}, fmt.Errorf("reading the session: %w", err)
	}
	u, err := s.Store.User(ctx, sess.User)
	if errors.Is(err, store.ErrNotFound) {
		return store.Session{}, store.User{}, ErrNoSession
	}
	if err != nil {
		return store.Session{}, store.User{}, fmt.Errorf("reading the account: %w", err)
	}
	return sess, u, nil
}

// End deletes the request's session on the server and clears the cookie.
func (s *Sessions) End(ctx context.Context, w http.ResponseWriter, r *http.Request) error {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(r), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode})
	if tok := s.token(r); tok != "" {
		if err := s.Store.DeleteSession(ctx, HashToken(tok)); err != nil {
			return fmt.Errorf("ending the session: %w", err)
		}
	}
	return nil
}

// SafeMethod reports whether a method changes nothing.
func SafeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// SameSite refuses a request another site made the browser send:
// Sec-Fetch-Site must be same-origin or none when present, and Origin
// must name this host when present. Requests without either header (curl,
// old browsers on same-origin GETs) pass; for changes, the CSRF token is
// the second line of defence.
func SameSite(r *http.Request) error {
	if sfs := r.Header.Get("Sec-Fetch-Site"); sfs != "" && sfs != "same-origin" && sfs != "none" {
		return fmt.Errorf("%w (Sec-Fetch-Site: %s)", ErrCrossSite, sfs)
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || o == "null" || !strings.EqualFold(u.Host, r.Host) {
			return fmt.Errorf("%w (Origin: %s)", ErrCrossSite, o)
		}
	}
	return nil
}

// CheckCSRF refuses a change without the session's CSRF token or from
// another site. Safe methods pass.
func CheckCSRF(r *http.Request, sess store.Session) error {
	if SafeMethod(r.Method) {
		return nil
	}
	if err := SameSite(r); err != nil {
		return err
	}
	got := r.Header.Get(CSRFHeader)
	if got == "" || sess.CSRF == "" || subtle.ConstantTimeCompare([]byte(got), []byte(sess.CSRF)) != 1 {
		return ErrCSRF
	}
	return nil
}

package studio

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/warmdesk/warmdesk/internal/auth"
	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/internal/studioapi"
)

const smallBody = 8 << 10

// login checks a name and password and starts a session. Each attempt is
// counted against the account and the client address before its password
// is hashed (so simultaneous attempts cannot slip past the limits), and
// taken back when it succeeds; either limit refuses with 429. Hashes run
// a few at a time (hashGate): the rest wait briefly, then get 429 too.
func (s *Server) login(w http.ResponseWriter, r *http.Request, _ *access) error {
	if err := auth.SameSite(r); err != nil {
		return errorf(http.StatusForbidden, "%v", err)
	}
	var c studioapi.Credentials
	if err := decode(w, r, smallBody, &c); err != nil {
		return err
	}
	accountKey := "account:" + strings.ToLower(c.Name)
	addrKey := "address:" + s.clientAddr(r)
	tooMany := func(wait time.Duration) error {
		e := errorf(http.StatusTooManyRequests, "too many failed sign-ins; try again in %d minutes", int(wait.Minutes())+1)
		e.retry = wait
		return e
	}
	ok, wait, accountAt := s.byAccount.Reserve(accountKey)
	if !ok {
		return tooMany(wait)
	}
	ok, wait, addrAt := s.byAddress.Reserve(addrKey)
	if !ok {
		s.byAccount.Release(accountKey, accountAt)
		return tooMany(wait)
	}
	// release takes both attempts back: they succeeded, or never ran.
	release := func() {
		s.byAccount.Release(accountKey, accountAt)
		s.byAddress.Release(addrKey, addrAt)
	}
	u, err := s.st.User(r.Context(), c.Name)
	hash := u.PasswordHash
	if errors.Is(err, store.ErrNotFound) {
		// Same work either way, so the answer's timing does not tell
		// which names exist.
		hash, err = s.dummyHash, nil
	}
	if err != nil {
		release()
		return err
	}
	if !s.hashGate.Enter(r.Context()) {
		release()
		e := errorf(http.StatusTooManyRequests, "the server is busy checking other sign-ins; try again in a few seconds")
		e.retry = 2 * time.Second
		return e
	}
	ok, err = auth.VerifyPassword(hash, c.Password)
	s.hashGate.Leave()
	if err != nil && !errors.Is(err, auth.ErrBadHash) {
		release()
		return err
	}
	if errors.Is(err, auth.ErrBadHash) {
		s.log.Printf("studio: account %q has an unreadable password hash; reset it with `warmdesk user password`", u.Name)
	}
	if !ok || hash == s.dummyHash {
		return errorf(http.StatusUnauthorized, "wrong name or password")
	}
	release()
	s.byAccount.Reset(accountKey)
	sess, err := s.sessions.Start(r.Context(), w, r, u.Name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, studioapi.Me{Name: u.Name, Role: string(u.Role), CSRF: sess.CSRF})
	return nil
}

// logout ends the session on the server. Without a session there is
// nothing to end; with one, the change needs its CSRF token.
func (s *Server) logout(w http.ResponseWriter, r *http.Request, _ *access) error {
	sess, _, err := s.sessions.Get(r.Context(), r)
	if err == nil {
		if err := auth.CheckCSRF(r, sess); err != nil {
			return errorf(http.StatusForbidden, "%v", err)
		}
	} else if !errors.Is(err, auth.ErrNoSession) {
		return err
	}
	if err := s.sessions.End(r.Context(), w, r); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) me(w http.ResponseWriter, r *http.Request, a *access) error {
	me := studioapi.Me{Name: a.user.Name, Role: string(a.user.Role), CSRF: a.sess.CSRF}
	if s.DatabaseProblem() != "" {
		me.Database = "The studio's database cannot be written right now: saving and publishing are off until the server's administrator fixes it (the server's log says why). Widgets keep the last published library."
	}
	writeJSON(w, http.StatusOK, me)
	return nil
}

func (s *Server) users(w http.ResponseWriter, r *http.Request, a *access) error {
	us, err := s.st.Users(r.Context())
	if err != nil {
		return err
	}
	out := make([]studioapi.User, 0, len(us))
	for _, u := range us {
		out = append(out, studioapi.User{Name: u.Name, Role: string(u.Role), Created: u.Created})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) addUser(w http.ResponseWriter, r *http.Request, a *access) error {
	var c studioapi.UserChange
	if err := decode(w, r, smallBody, &c); err != nil {
		return err
	}
	var probs []string
	if err := auth.CheckName(c.Name); err != nil {
		probs = append(probs, err.Error())
	}
	if !store.Role(c.Role).Valid() {
		probs = append(probs, "the role must be editor, publisher or admin")
	}
	if err := auth.CheckPassword(c.Password); err != nil {
		probs = append(probs, err.Error())
	}
	if len(probs) > 0 {
		return errorf(http.StatusUnprocessableEntity, "%s", strings.Join(probs, "; "))
	}
	hash, err := s.hashPassword(r, c.Password)
	if err != nil {
		return err
	}
	err = s.st.AddUser(r.Context(), store.User{Name: c.Name, Role: store.Role(c.Role), PasswordHash: hash, Created: s.cfg.Now().UTC()})
	if errors.Is(err, store.ErrExists) {
		return errorf(http.StatusConflict, "an account named %q already exists", c.Name)
	}
	if err != nil {
		return err
	}
	s.log.Printf("studio: %s added the account %q (%s)", a.user.Name, c.Name, c.Role)
	writeJSON(w, http.StatusCreated, studioapi.User{Name: c.Name, Role: c.Role, Created: s.cfg.Now().UTC()})
	return nil
}

func (s *Server) changeUser(w http.ResponseWriter, r *http.Request, a *access) error {
	name := r.PathValue("name")
	var c studioapi.UserChange
	if err := decode(w, r, smallBody, &c); err != nil {
		return err
	}
	if c.Name != "" && c.Name != name {
		return errorf(http.StatusBadRequest, "accounts cannot be renamed")
	}
	u, err := s.st.User(r.Context(), name)
	if errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusNotFound, "no account named %q", name)
	}
	if err != nil {
		return err
	}
	if c.Role == "" && c.Password == "" {
		return errorf(http.StatusBadRequest, "give a role, a password, or both")
	}
	if c.Role != "" {
		if !store.Role(c.Role).Valid() {
			return errorf(http.StatusUnprocessableEntity, "the role must be editor, publisher or admin")
		}
		if u.Role == store.Admin && c.Role != string(store.Admin) {
			if err := s.keepAnAdmin(r, name); err != nil {
				return err
			}
		}
		u.Role = store.Role(c.Role)
	}
	if c.Password != "" {
		if err := auth.CheckPassword(c.Password); err != nil {
			return errorf(http.StatusUnprocessableEntity, "%v", err)
		}
		if u.PasswordHash, err = s.hashPassword(r, c.Password); err != nil {
			return err
		}
	}
	if err := s.st.UpdateUser(r.Context(), u); err != nil {
		return err
	}
	if c.Password != "" {
		// A new password ends the account's other sessions, which may be
		// the very ones it was changed to stop. The session asking keeps
		// going when the account is its own.
		keep := ""
		if a.user.Name == name {
			keep = a.sess.TokenHash
		}
		n, err := s.st.EndSessions(r.Context(), name, keep)
		if err != nil {
			return err
		}
		s.log.Printf("studio: the new password of %q ended %d of its sessions", name, n)
	}
	s.log.Printf("studio: %s changed the account %q (role %s, new password %v)", a.user.Name, name, u.Role, c.Password != "")
	writeJSON(w, http.StatusOK, studioapi.User{Name: u.Name, Role: string(u.Role), Created: u.Created})
	return nil
}

func (s *Server) removeUser(w http.ResponseWriter, r *http.Request, a *access) error {
	name := r.PathValue("name")
	u, err := s.st.User(r.Context(), name)
	if errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusNotFound, "no account named %q", name)
	}
	if err != nil {
		return err
	}
	if u.Role == store.Admin {
		if err := s.keepAnAdmin(r, name); err != nil {
			return err
		}
	}
	if err := s.st.DeleteUser(r.Context(), name); err != nil {
		return err
	}
	s.log.Printf("studio: %s removed the account %q", a.user.Name, name)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// keepAnAdmin refuses to demote or remove the last admin: nobody could
// manage accounts in the studio any more.
func (s *Server) keepAnAdmin(r *http.Request, leaving string) error {
	us, err := s.st.Users(r.Context())
	if err != nil {
		return err
	}
	for _, u := range us {
		if u.Role == store.Admin && u.Name != leaving {
			return nil
		}
	}
	return errorf(http.StatusConflict, "%q is the last admin: make another account admin first", leaving)
}

// hashPassword hashes a new password in its turn at the hash gate.
func (s *Server) hashPassword(r *http.Request, pw string) (string, error) {
	if !s.hashGate.Enter(r.Context()) {
		e := errorf(http.StatusTooManyRequests, "the server is busy checking sign-ins; try again in a few seconds")
		e.retry = 2 * time.Second
		return "", e
	}
	defer s.hashGate.Leave()
	return auth.HashPassword(pw, s.cfg.PasswordParams)
}

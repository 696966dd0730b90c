package studio

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/warmdesk/warmdesk/internal/auth"
	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/internal/studioapi"
)

// burst sends n sign-ins at once (released together) and returns how
// many got each status.
func burst(t *testing.T, e *env, n int, name func(i int) string, password string) map[int]int {
	t.Helper()
	start := make(chan struct{})
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		counts = map[int]int{}
		errs   []error
	)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, _ := json.Marshal(studioapi.Credentials{Name: name(i), Password: password})
			req, _ := http.NewRequest("POST", e.srv.URL+studioapi.Login, bytes.NewReader(b))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			<-start
			resp, err := http.DefaultClient.Do(req)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			resp.Body.Close()
			counts[resp.StatusCode]++
		}()
	}
	close(start)
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("%d requests failed: %v", len(errs), errs[0])
	}
	return counts
}

// TestConcurrentSignInsAreCounted: a burst of simultaneous wrong
// passwords gets no more checks than the limits promise (5 per account,
// 20 per address), counted by the hashes the server ran; the rest are
// refused with 429 before any hashing.
func TestConcurrentSignInsAreCounted(t *testing.T) {
	e := newEnv(t, Config{})
	// A hash slow enough (a few milliseconds) that the burst's requests
	// overlap while they are checked.
	slow := auth.Params{Time: 2, Memory: 4 * 1024, Threads: 1, KeyLen: 32, SaltLen: 16}
	h, err := auth.HashPassword(testPassword, slow)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.st.AddUser(context.Background(), store.User{Name: "sam", Role: store.Editor, PasswordHash: h, Created: time.Now().UTC()}); err != nil {
		t.Fatal(err)
	}
	before := e.api.hashGate.Entered()
	got := burst(t, e, 50, func(int) string { return "sam" }, "wrong wrong wrong")
	if ran := e.api.hashGate.Entered() - before; ran > 5 {
		t.Errorf("50 simultaneous sign-ins to one account ran %d password checks; the limit is 5 (statuses %v)", ran, got)
	}
	if got[401] > 5 || got[401]+got[429] != 50 {
		t.Errorf("statuses %v: want at most 5 × 401 and the rest 429", got)
	}
	// The account stays locked for its right password too.
	if got := burst(t, e, 1, func(int) string { return "sam" }, testPassword); got[429] != 1 {
		t.Errorf("the right password during the lockout: %v, want 429", got)
	}

	// Many names from one address: at most 20 checks (5 were spent above).
	before = e.api.hashGate.Entered()
	got = burst(t, e, 50, func(i int) string { return fmt.Sprintf("guess%d", i) }, "wrong wrong wrong")
	if ran := e.api.hashGate.Entered() - before; ran > 15 {
		t.Errorf("50 simultaneous sign-ins from one address ran %d checks after 5 earlier ones; the limit is 20 in all (statuses %v)", ran, got)
	}
}

// TestHashGateRefusesWhenBusy: with every hashing turn taken, a sign-in
// waits for HashWait and is refused with 429 and a Retry-After, and its
// attempt is not counted against the account.
func TestHashGateRefusesWhenBusy(t *testing.T) {
	e := newEnv(t, Config{MaxHashing: 1, HashWait: 50 * time.Millisecond})
	if !e.api.hashGate.Enter(context.Background()) {
		t.Fatal("the gate's only turn was not free")
	}
	for i := 0; i < 6; i++ {
		r := e.client().call("POST", studioapi.Login, studioapi.Credentials{Name: "ed", Password: testPassword}, nil)
		wantStatus(t, "sign-in while hashing is busy", r, 429)
		if r.Header.Get("Retry-After") == "" {
			t.Error("no Retry-After")
		}
	}
	e.api.hashGate.Leave()
	// Six refused attempts did not lock the account: they never ran.
	e.client().login("ed")
}

// TestPasswordChangeEndsSessions: a new password ends the account's
// sessions, except the one that changed it when the account is its own.
func TestPasswordChangeEndsSessions(t *testing.T) {
	e := newEnv(t, Config{})
	ed1, ed2 := e.client().login("ed"), e.client().login("ed")
	ada1, ada2 := e.client().login("ada"), e.client().login("ada")
	wantStatus(t, "ed's session before", ed1.call("GET", studioapi.MePath, nil, nil), 200)

	newPassword := "another long enough password"
	wantStatus(t, "ada sets ed's password", ada1.call("PUT", studioapi.UserPrefix+"ed", studioapi.UserChange{Password: newPassword}, nil), 200)
	for i, c := range []*client{ed1, ed2} {
		wantStatus(t, fmt.Sprintf("ed's session %d after the change", i+1), c.call("GET", studioapi.MePath, nil, nil), 401)
	}
	wantStatus(t, "ada's other session after changing ed's password", ada2.call("GET", studioapi.MePath, nil, nil), 200)

	// A role change alone ends nothing.
	eve := e.client().login("eve")
	wantStatus(t, "ada makes eve a publisher", ada1.call("PUT", studioapi.UserPrefix+"eve", studioapi.UserChange{Role: "publisher"}, nil), 200)
	wantStatus(t, "eve's session after a role change", eve.call("GET", studioapi.MePath, nil, nil), 200)

	wantStatus(t, "ada sets her own password", ada1.call("PUT", studioapi.UserPrefix+"ada", studioapi.UserChange{Password: newPassword}, nil), 200)
	wantStatus(t, "the session that changed it", ada1.call("GET", studioapi.MePath, nil, nil), 200)
	wantStatus(t, "ada's other session", ada2.call("GET", studioapi.MePath, nil, nil), 401)
}

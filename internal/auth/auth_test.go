package auth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/warmdesk/warmdesk/internal/store"
)

// fast are cheap parameters: the tests check the format and the compare,
// not the cost.
var fast = Params{Time: 1, Memory: 64, Threads: 1, KeyLen: 32, SaltLen: 16}

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash %q is not PHC argon2id", h)
	}
	h2, _ := HashPassword("correct horse battery", fast)
	if h == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{
		{"correct horse battery", true},
		{"correct horse batterY", false},
		{"", false},
		{"correct horse battery ", false},
		{strings.Repeat("x", MaxPasswordLen+1), false},
	} {
		ok, err := VerifyPassword(h, tc.pw)
		if err != nil || ok != tc.want {
			t.Errorf("VerifyPassword(%.20q) = %v, %v; want %v", tc.pw, ok, err, tc.want)
		}
	}
	// The default parameters round-trip too.
	hd, err := HashPassword("another long one", DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := VerifyPassword(hd, "another long one"); !ok || err != nil {
		t.Errorf("default params: %v %v", ok, err)
	}
}

func TestVerifyRefusesBadHashes(t *testing.T) {
	good, _ := HashPassword("correct horse battery", fast)
	parts := strings.Split(good, "$")
	for name, h := range map[string]string{
		"empty":        "",
		"bcrypt":       "$2a$10$abcdefghijklmnopqrstuu",
		"argon2i":      strings.Replace(good, "argon2id", "argon2i", 1),
		"version":      strings.Replace(good, "v=19", "v=16", 1),
		"huge memory":  strings.Replace(good, "m=64", "m=99999999", 1),
		"zero time":    strings.Replace(good, "t=1", "t=0", 1),
		"bad salt":     strings.Join([]string{"", parts[1], parts[2], parts[3], "!!!", parts[5]}, "$"),
		"short key":    strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], "AAAA"}, "$"),
		"extra fields": good + "$x",
	} {
		if ok, err := VerifyPassword(h, "correct horse battery"); ok || err != ErrBadHash {
			t.Errorf("%s: %v, %v; want false, ErrBadHash", name, ok, err)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	for pw, ok := range map[string]bool{
		"":                        false,
		"          ":              false,
		"short":                   false,
		"nine char":               false,
		"ten chars!":              true,
		"pässwörter":              true, // 10 characters, 12 bytes
		"\xff\xfe invalid utf8 x": false,
		strings.Repeat("a", 257):  false,
	} {
		if err := CheckPassword(pw); (err == nil) != ok {
			t.Errorf("CheckPassword(%.20q) = %v", pw, err)
		}
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	l := NewLimiter(5, 15*time.Minute)
	l.Now = func() time.Time { return now }
	for i := 0; i < 5; i++ {
		if ok, _ := l.Allow("a"); !ok {
			t.Fatalf("refused after %d failures", i)
		}
		l.Fail("a")
		now = now.Add(time.Minute)
	}
	ok, wait := l.Allow("a")
	if ok {
		t.Fatal("allowed after 5 failures")
	}
	// The first failure was at 9:00; it leaves the window at 9:15, it is 9:05.
	if wait != 10*time.Minute {
		t.Errorf("wait %v, want 10m", wait)
	}
	if ok, _ := l.Allow("b"); !ok {
		t.Error("another key is refused")
	}
	now = now.Add(10 * time.Minute)
	if ok, _ := l.Allow("a"); !ok {
		t.Error("still refused after the oldest failure left the window")
	}
	l.Fail("a")
	if ok, _ := l.Allow("a"); ok {
		t.Error("a new failure within the window should refuse again")
	}
	l.Reset("a")
	if ok, _ := l.Allow("a"); !ok {
		t.Error("refused after Reset")
	}
}

func TestLimiterMemoryIsBounded(t *testing.T) {
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	l := NewLimiter(3, time.Minute)
	l.MaxKeys = 100
	l.Now = func() time.Time { return now }
	for i := 0; i < 1000; i++ {
		l.Fail(strings.Repeat("k", i%7) + string(rune('a'+i%26)) + time.Duration(i).String())
		now = now.Add(time.Millisecond)
	}
	if n := len(l.fails); n > 100 {
		t.Errorf("%d keys kept; the bound is 100", n)
	}
}

func TestBucket(t *testing.T) {
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	b := NewBucket(1, 3)
	b.Now = func() time.Time { return now }
	for i := 0; i < 3; i++ {
		if ok, _ := b.Take("x", 1); !ok {
			t.Fatalf("refused request %d of a burst of 3", i+1)
		}
	}
	if ok, wait := b.Take("x", 1); ok || wait != time.Second {
		t.Errorf("4th request: %v %v", ok, wait)
	}
	if ok, _ := b.Take("y", 2); !ok {
		t.Error("another key refused")
	}
	now = now.Add(2 * time.Second)
	if ok, _ := b.Take("x", 2); !ok {
		t.Error("not refilled after 2 s")
	}
	if ok, _ := b.Take("x", 1); ok {
		t.Error("took more than refilled")
	}
}

func TestSameSiteAndCSRF(t *testing.T) {
	sess := store.Session{CSRF: "tok-123"}
	for _, tc := range []struct {
		name    string
		method  string
		headers map[string]string
		want    error
	}{
		{"GET needs nothing", "GET", nil, nil},
		{"POST without token", "POST", map[string]string{"Sec-Fetch-Site": "same-origin"}, ErrCSRF},
		{"POST with wrong token", "POST", map[string]string{CSRFHeader: "tok-12"}, ErrCSRF},
		{"POST with token", "POST", map[string]string{CSRFHeader: "tok-123", "Sec-Fetch-Site": "same-origin", "Origin": "http://studio.test"}, nil},
		{"cross-site fetch", "POST", map[string]string{CSRFHeader: "tok-123", "Sec-Fetch-Site": "cross-site"}, ErrCrossSite},
		{"same-site subdomain", "POST", map[string]string{CSRFHeader: "tok-123", "Sec-Fetch-Site": "same-site"}, ErrCrossSite},
		{"foreign origin", "DELETE", map[string]string{CSRFHeader: "tok-123", "Origin": "https://evil.example"}, ErrCrossSite},
		{"null origin", "POST", map[string]string{CSRFHeader: "tok-123", "Origin": "null"}, ErrCrossSite},
	} {
		r := httptest.NewRequest(tc.method, "http://studio.test/studio/api/x", nil)
		for k, v := range tc.headers {
			r.Header.Set(k, v)
		}
		err := CheckCSRF(r, sess)
		if (tc.want == nil) != (err == nil) || (tc.want != nil && !strings.Contains(err.Error(), tc.want.Error())) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	// A session without a token never matches an empty header.
	r := httptest.NewRequest("POST", "http://studio.test/x", nil)
	if CheckCSRF(r, store.Session{}) == nil {
		t.Error("empty token accepted")
	}
	if !SafeMethod(http.MethodHead) || SafeMethod(http.MethodPut) {
		t.Error("SafeMethod")
	}
}

func TestTokens(t *testing.T) {
	a, _ := NewToken()
	b, _ := NewToken()
	if a == b || len(a) != 43 {
		t.Errorf("tokens %q %q", a, b)
	}
	if HashToken(a) == a || len(HashToken(a)) != 64 || HashToken(a) != HashToken(a) {
		t.Error("HashToken")
	}
}

// FuzzVerifyPassword: any stored hash string is read or refused with
// ErrBadHash, never a panic and never a match it did not earn.
func FuzzVerifyPassword(f *testing.F) {
	good, _ := HashPassword("correct horse battery", fast)
	f.Add(good, "correct horse battery")
	f.Add("$argon2id$v=19$m=64,t=1,p=1$$", "x")
	f.Add("$argon2id$v=19$m=8,t=1,p=255$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA", "")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		ok, err := VerifyPassword(hash, pw)
		if err != nil && ok {
			t.Error("a match with an error")
		}
		if err == nil && hash != good && ok {
			// Possible only for a well-formed hash of pw: check it is one.
			p, salt, key, derr := decodeHash(hash)
			if derr != nil || len(salt) == 0 || len(key) == 0 || p.Time == 0 {
				t.Errorf("matched a malformed hash %q", hash)
			}
		}
	})
}

func TestLimiterReserve(t *testing.T) {
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	l := NewLimiter(3, time.Minute)
	l.Now = func() time.Time { return now }
	var ats []time.Time
	for i := 0; i < 3; i++ {
		ok, _, at := l.Reserve("a")
		if !ok {
			t.Fatalf("reservation %d refused", i+1)
		}
		ats = append(ats, at)
		now = now.Add(time.Second)
	}
	if ok, wait, _ := l.Reserve("a"); ok || wait != 57*time.Second {
		t.Errorf("4th reservation: %v %v, want refused for 57s", ok, wait)
	}
	// A reservation taken back (the attempt succeeded) frees its place.
	l.Release("a", ats[1])
	if ok, _, _ := l.Reserve("a"); !ok {
		t.Error("refused after a release")
	}
	if ok, _, _ := l.Reserve("a"); ok {
		t.Error("allowed a 4th attempt in the window")
	}
}

func TestGate(t *testing.T) {
	g := NewGate(2, 20*time.Millisecond)
	ctx := context.Background()
	if !g.Enter(ctx) || !g.Enter(ctx) {
		t.Fatal("two turns refused")
	}
	start := time.Now()
	if g.Enter(ctx) {
		t.Fatal("a third turn at once")
	}
	if time.Since(start) < 20*time.Millisecond {
		t.Error("refused without waiting")
	}
	done := make(chan bool)
	go func() { done <- enterPatiently(g) }()
	g.Leave()
	if !<-done {
		t.Error("a waiting turn was not given when one left")
	}
	if g.Entered() != 3 {
		t.Errorf("entered %d, want 3", g.Entered())
	}
}

// enterPatiently waits on g for as long as a slow test could need.
func enterPatiently(g *Gate) bool {
	g.wait = 5 * time.Second
	return g.Enter(context.Background())
}

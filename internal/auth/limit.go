package auth

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Limiter counts failures per key (an account, a client address) in a
// sliding window: after Max failures within Window, the key is refused
// until the oldest of them leaves the window. It lives in memory: a
// restart forgives, which is acceptable for slowing guessers down, and
// several server instances each count their own.
type Limiter struct {
	Max    int
	Window time.Duration
	// MaxKeys bounds the memory; when it is reached, keys whose failures
	// have all expired are dropped, and after that the oldest key goes.
	MaxKeys int
	Now     func() time.Time // nil: time.Now

	mu    sync.Mutex
	fails map[string][]time.Time
}

// NewLimiter returns a limiter of max failures per window.
func NewLimiter(max int, window time.Duration) *Limiter {
	return &Limiter{Max: max, Window: window, MaxKeys: 100_000}
}

func (l *Limiter) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

// Allow reports whether key may try again, and if not, how long until it
// may.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	f := l.recent(key, now)
	if len(f) < l.Max {
		return true, 0
	}
	wait := f[len(f)-l.Max].Add(l.Window).Sub(now)
	if wait < time.Second {
		wait = time.Second
	}
	return false, wait
}

// Fail records a failure for key.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if l.fails == nil {
		l.fails = map[string][]time.Time{}
	}
	f := l.recent(key, now)
	if f == nil && len(l.fails) >= l.MaxKeys {
		l.prune(now)
	}
	// Only the last Max failures matter for Allow.
	if len(f) >= l.Max {
		f = f[len(f)-l.Max+1:]
	}
	l.fails[key] = append(f, now)
}

// Reserve is Allow and Fail in one step: when key may try, the attempt is
// counted as a failure at once, before the password is even hashed, so a
// burst of simultaneous attempts cannot all pass the check before any of
// them has failed. It returns the attempt's time, which Release takes
// when the attempt succeeds.
func (l *Limiter) Reserve(key string) (bool, time.Duration, time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if l.fails == nil {
		l.fails = map[string][]time.Time{}
	}
	f := l.recent(key, now)
	if len(f) >= l.Max {
		wait := f[len(f)-l.Max].Add(l.Window).Sub(now)
		return false, max(wait, time.Second), time.Time{}
	}
	if f == nil && len(l.fails) >= l.MaxKeys {
		l.prune(now)
	}
	l.fails[key] = append(f, now)
	return true, 0, now
}

// Release takes back an attempt Reserve counted at the time at: it
// succeeded, so it was no failure.
func (l *Limiter) Release(key string, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.fails[key]
	for i := len(f) - 1; i >= 0; i-- {
		if f[i].Equal(at) {
			f = append(f[:i:i], f[i+1:]...)
			break
		}
	}
	if len(f) == 0 {
		delete(l.fails, key)
		return
	}
	l.fails[key] = f
}

// Reset forgets key's failures (after a successful sign-in).
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, key)
}

// recent returns key's failures inside the window, dropping older ones.
func (l *Limiter) recent(key string, now time.Time) []time.Time {
	f := l.fails[key]
	i := 0
	for i < len(f) && now.Sub(f[i]) >= l.Window {
		i++
	}
	if i == len(f) {
		delete(l.fails, key)
		return nil
	}
	f = f[i:]
	l.fails[key] = f
	return f
}

func (l *Limiter) prune(now time.Time) {
	var oldestKey string
	var oldest time.Time
	for k := range l.fails {
		f := l.recent(k, now)
		if f != nil && (oldestKey == "" || f[len(f)-1].Before(oldest)) {
			oldestKey, oldest = k, f[len(f)-1]
		}
	}
	if len(l.fails) >= l.MaxKeys && oldestKey != "" {
		delete(l.fails, oldestKey)
	}
}

// Bucket is a token bucket per key: Burst requests at once, refilled at
// Rate per second. It limits anonymous endpoints (usage events) per
// client address.
type Bucket struct {
	Rate    float64
	Burst   float64
	MaxKeys int
	Now     func() time.Time

	mu   sync.Mutex
	keys map[string]*bucketState
}

type bucketState struct {
	tokens float64
	last   time.Time
}

// NewBucket returns a token bucket limiter.
func NewBucket(rate, burst float64) *Bucket {
	return &Bucket{Rate: rate, Burst: burst, MaxKeys: 100_000}
}

// Take takes n tokens for key if it has them, and otherwise reports how
// long until it will.
func (b *Bucket) Take(key string, n float64) (bool, time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	if b.Now != nil {
		now = b.Now()
	}
	if b.keys == nil {
		b.keys = map[string]*bucketState{}
	}
	s := b.keys[key]
	if s == nil {
		if len(b.keys) >= b.MaxKeys {
			// Full buckets carry no state worth keeping.
			for k, v := range b.keys {
				if v.tokens+now.Sub(v.last).Seconds()*b.Rate >= b.Burst {
					delete(b.keys, k)
				}
			}
			if len(b.keys) >= b.MaxKeys {
				return false, time.Second
			}
		}
		s = &bucketState{tokens: b.Burst, last: now}
		b.keys[key] = s
	}
	s.tokens = min(b.Burst, s.tokens+now.Sub(s.last).Seconds()*b.Rate)
	s.last = now
	if s.tokens >= n {
		s.tokens -= n
		return true, 0
	}
	wait := time.Duration((n - s.tokens) / b.Rate * float64(time.Second))
	return false, max(wait, time.Second)
}

// Gate bounds how many costly operations (argon2 hashes, 19 MiB each) run
// at once. The rest wait their turn for a short while and are then
// refused, so a burst of sign-ins costs a bounded amount of memory and
// CPU however many arrive.
type Gate struct {
	slots   chan struct{}
	wait    time.Duration
	entered atomic.Int64
}

// NewGate lets n operations run at once; others wait up to wait for a turn.
func NewGate(n int, wait time.Duration) *Gate {
	return &Gate{slots: make(chan struct{}, max(1, n)), wait: wait}
}

// Enter waits for a turn and reports whether it got one (false: the wait
// ran out or ctx ended). A true Enter must be followed by Leave.
func (g *Gate) Enter(ctx context.Context) bool {
	select {
	case g.slots <- struct{}{}:
		g.entered.Add(1)
		return true
	default:
	}
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		g.entered.Add(1)
		return true
	case <-t.C:
		return false
	case <-ctx.Done():
		return false
	}
}

// Leave ends a turn Enter gave.
func (g *Gate) Leave() { <-g.slots }

// Entered is how many turns the gate has given: the operations it let run.
func (g *Gate) Entered() int64 { return g.entered.Load() }

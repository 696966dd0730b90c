// Package deadline gives the widget's WebAssembly a timeout to wait on
// that cannot stall go-app's redraws.
//
// The Go runtime for js/wasm (seen with Go 1.26.8) can wake the program
// far too late: when a goroutine's select on a time.After channel ends by
// another case, that timer is left in the heap for later deletion; if the
// next look at the timers clears it out and another timer was meanwhile
// reset to fire sooner (go-app resets its frame ticker from an hour to a
// frame on every dispatch), the runtime asks the browser to wake it only
// for the next timer it happens to find in the heap. Until then, or until
// the next browser event, go-app does not draw: in the widget, a key
// typed into the reply search while the widget warmed up went undrawn for
// seconds (the browser benchmark's search stalled in about half the
// runs). Natively the runtime's poller takes the earlier timer into
// account; in the browser nothing does.
//
// After's timer is never abandoned: it fires and closes its channel even
// when nobody waits any more, so the heap holds nothing to clear.
package deadline

import "time"

// After returns a channel that is closed once d has passed. Use it in a
// select instead of time.After: see the package comment.
func After(d time.Duration) <-chan struct{} {
	c := make(chan struct{})
	time.AfterFunc(d, func() { close(c) })
	return c
}

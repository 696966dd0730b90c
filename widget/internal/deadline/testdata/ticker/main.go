// Command ticker shows, in the Go runtime for js/wasm, whether a wait
// that ends before its timeout delays go-app's frame ticker. It prints
// "time.After: D" and "deadline.After: D": how long a ticker reset to
// 10 ms took to fire after each kind of wait.
package main

import (
	"fmt"
	"time"

	"github.com/warmdesk/warmdesk/widget/internal/deadline"
)

// far is when the next other timer in the heap fires: a late ticker
// fires then.
const far = 2 * time.Second

// trial mimics the widget: go-app's engine, idle on its frame ticker,
// gets a dispatch and resets the ticker to a frame, while another
// goroutine's wait for a paint ends before its timeout.
func trial(wait func(done <-chan struct{})) time.Duration {
	farDone := make(chan struct{})
	go func() { time.Sleep(far); close(farDone) }()
	frames := time.NewTicker(time.Hour)
	defer frames.Stop()
	dispatch := make(chan struct{})
	took := make(chan time.Duration, 1)
	go func() {
		select {
		case <-frames.C:
		case <-dispatch:
		}
		frames.Reset(10 * time.Millisecond)
		start := time.Now()
		<-frames.C
		took <- time.Since(start)
	}()
	painted := make(chan struct{})
	waited := make(chan struct{})
	go func() { wait(painted); close(waited) }()
	time.Sleep(time.Millisecond) // both goroutines block
	close(dispatch)
	close(painted)
	d := <-took
	<-waited
	<-farDone
	return d
}

func main() {
	fmt.Println("time.After:", trial(func(done <-chan struct{}) {
		select {
		case <-done:
		case <-time.After(250 * time.Millisecond):
		}
	}).Round(time.Millisecond))
	fmt.Println("deadline.After:", trial(func(done <-chan struct{}) {
		select {
		case <-done:
		case <-deadline.After(250 * time.Millisecond):
		}
	}).Round(time.Millisecond))
}

package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdpio "github.com/chromedp/cdproto/io"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
	"github.com/warmdesk/warmdesk/tools/wasmfile"
)

// A trace is Chromium's own record of a page load (-trace): every task on
// every thread, what ran inside it, and the network's events, as DevTools'
// Performance panel records them. summarizeTrace says what the page's
// thread spent its time on; the file loads in DevTools or Perfetto for the
// rest.

// traceCategories are the trace categories the summary needs (the
// page's tasks, style and layout, V8's scripts, compiles and GC, the
// wasm's compiles), plus the network's and user timing's for the file.
var traceCategories = []string{
	"toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline",
	"v8", "v8.wasm", "blink", "cc", "benchmark", "loading", "blink.user_timing",
}

// traceEvent is one event of a trace, as Chromium writes it: ts and dur
// in microseconds on the clock of performance.timeOrigin.
type traceEvent struct {
	Name string          `json:"name"`
	Cat  string          `json:"cat"`
	Ph   string          `json:"ph"`
	Ts   float64         `json:"ts"`
	Dur  float64         `json:"dur,omitempty"`
	Pid  int             `json:"pid"`
	Tid  int             `json:"tid"`
	Args json.RawMessage `json:"args,omitempty"`
}

// startTrace starts recording the page's trace; stop ends it and returns
// the events. The browser keeps them until then (a stream, read at the
// end), so that sending them does not compete with the page for the CPU.
func (b *browser) startTrace() (stop func() ([]traceEvent, error), err error) {
	complete := make(chan *tracing.EventTracingComplete, 1)
	err = chromedp.Listen(b.ctx, func(ev any) {
		if e, ok := ev.(*tracing.EventTracingComplete); ok {
			complete <- e
		}
	})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	_, err = chromedp.Call(ctx, tracing.Start, tracing.StartParams{
		TraceConfig:  &tracing.TraceConfig{IncludedCategories: traceCategories},
		TransferMode: tracing.StartTransferModeReturnAsStream,
	})
	if err != nil {
		return nil, err
	}
	return func() ([]traceEvent, error) {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Minute)
		defer cancel()
		if _, err := chromedp.Call(ctx, tracing.End, cdp.Empty{}); err != nil {
			return nil, err
		}
		var done *tracing.EventTracingComplete
		select {
		case done = <-complete:
		case <-ctx.Done():
			return nil, fmt.Errorf("the trace did not complete: %w", ctx.Err())
		}
		var raw bytes.Buffer
		for {
			r, err := chromedp.Call(ctx, cdpio.Read, cdpio.ReadParams{Handle: done.Stream, Size: 1 << 20})
			if err != nil {
				return nil, fmt.Errorf("reading the trace: %w", err)
			}
			raw.Write(r.Data)
			if r.EOF {
				break
			}
		}
		chromedp.Call(ctx, cdpio.Close, cdpio.CloseParams{Handle: done.Stream})
		// The stream is a JSON object with traceEvents, or (older
		// browsers) the array itself.
		var file struct {
			TraceEvents []traceEvent `json:"traceEvents"`
		}
		data := bytes.TrimSpace(raw.Bytes())
		if len(data) > 0 && data[0] == '[' {
			err = json.Unmarshal(data, &file.TraceEvents)
		} else {
			err = json.Unmarshal(data, &file)
		}
		if err != nil {
			return nil, fmt.Errorf("the trace: %w", err)
		}
		return file.TraceEvents, nil
	}, nil
}

// writeTrace writes events as a trace file DevTools and Perfetto open.
func writeTrace(file string, events []traceEvent) error {
	raw, err := json.Marshal(map[string]any{"traceEvents": events})
	if err != nil {
		return err
	}
	return os.WriteFile(file, raw, 0o644)
}

// Where the page's thread spends a load, from the events' names. Each
// moment of a task goes to the innermost event that names what it is;
// the rest of a task is the browser's own work (messages, tasks'
// bookkeeping).
const (
	workModule = "decoding, compiling and instantiating the wasm module"
	workLazy   = "compiling wasm functions at their first call"
	workScript = "running JavaScript and the wasm"
	workRender = "style, layout and paint"
	workParse  = "parsing the HTML and style sheets"
	workLoad   = "starting and receiving downloads"
	workGC     = "JavaScript garbage collection"
	workOther  = "the browser's other work"
)

// workOrder is the order the summary lists them in.
var workOrder = []string{workModule, workLazy, workScript, workRender, workParse, workLoad, workGC, workOther}

func workOf(name string) string {
	switch name {
	case "v8.wasm.compileConsume", "wasm.OnBytesReceived", "wasm.FinishStreaming", "wasm.SyncInstantiate", "wasm.AsyncInstantiate":
		return workModule
	case "wasm.CompileLazy":
		return workLazy
	case "v8.callFunction", "FunctionCall", "EvaluateScript", "v8.run", "v8.compile",
		"BlinkScheduler_PerformMicrotaskCheckpoint", "TimerFire", "EventDispatch", "FireAnimationFrame":
		return workScript
	case "ProxyMain::BeginMainFrame", "UpdateLayoutTree", "Layout", "Paint", "PrePaint", "Layerize":
		return workRender
	case "ParseHTML", "ParseAuthorStyleSheet":
		return workParse
	case "MajorGC", "MinorGC":
		return workGC
	}
	for _, p := range []struct{ prefix, work string }{
		{"V8.GC", workGC}, {"BlinkGC", workGC},
		{"ResponseBodyLoader::", workLoad}, {"ResourceFetcher::", workLoad}, {"ResourceLoader::", workLoad},
	} {
		if strings.HasPrefix(name, p.prefix) {
			return p.work
		}
	}
	return ""
}

// ThreadTime is where the page's thread spent a window of a load, in
// milliseconds.
type ThreadTime struct {
	Window float64            // the window's length
	Busy   float64            // in tasks
	Work   map[string]float64 // Busy by kind of work (workOrder)
	// FirstCalls are the wasm functions (by index) V8 compiled at their
	// first call in the window, in that order.
	FirstCalls []int
}

// threadTime finds the renderer's main thread of the page loaded from url
// (the widget's frame is same-origin, so the same thread) and says where
// it spent from the navigation to fromNav milliseconds after it. ok is
// false when the trace has no such navigation.
func threadTime(events []traceEvent, url string, fromNav float64) (t ThreadTime, ok bool) {
	var pid int
	var t0 float64
	for _, e := range events {
		if e.Name != "navigationStart" {
			continue
		}
		var a struct {
			Data struct {
				URL string `json:"documentLoaderURL"`
			} `json:"data"`
		}
		if json.Unmarshal(e.Args, &a) == nil && a.Data.URL == url {
			pid, t0, ok = e.Pid, e.Ts, true
			break
		}
	}
	if !ok {
		return t, false
	}
	main := -1
	for _, e := range events {
		if e.Ph == "M" && e.Name == "thread_name" && e.Pid == pid && strings.Contains(string(e.Args), `"CrRendererMain"`) {
			main = e.Tid
		}
	}
	var spans []traceEvent
	for _, e := range events {
		if e.Ph == "X" && e.Pid == pid && e.Tid == main {
			spans = append(spans, e)
		}
	}
	// Parents before children: by start, the longer first.
	slices.SortStableFunc(spans, func(a, b traceEvent) int {
		return cmp.Or(cmp.Compare(a.Ts, b.Ts), cmp.Compare(b.Dur, a.Dur))
	})
	lo, hi := t0, t0+fromNav*1000
	clip := func(from, to float64) float64 { return max(0, min(to, hi)-max(from, lo)) / 1000 }
	t = ThreadTime{Window: fromNav, Work: map[string]float64{}}
	type open struct {
		end, childFrom float64
		work           string
	}
	// Each event's own time (not its children's) goes to its kind of
	// work, or its innermost named ancestor's.
	var stack []open
	self := func(o open, to float64) { t.Work[o.work] += clip(o.childFrom, to) }
	pop := func(before float64) {
		for len(stack) > 0 && stack[len(stack)-1].end <= before {
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			self(o, o.end)
			if len(stack) > 0 {
				stack[len(stack)-1].childFrom = o.end
			}
		}
	}
	for _, e := range spans {
		if e.Name == "wasm.CompileLazy" && e.Ts >= lo && e.Ts < hi {
			var a struct {
				Func *int `json:"func_index"`
			}
			if json.Unmarshal(e.Args, &a) == nil && a.Func != nil {
				t.FirstCalls = append(t.FirstCalls, *a.Func)
			}
		}
		pop(e.Ts)
		end := e.Ts + e.Dur
		w := workOf(e.Name)
		if len(stack) == 0 {
			t.Busy += clip(e.Ts, end)
			if w == "" {
				w = workOther
			}
		} else {
			p := &stack[len(stack)-1]
			self(*p, e.Ts)
			end = min(end, p.end) // a child ends with its parent
			if w == "" {
				w = p.work
			}
		}
		stack = append(stack, open{end: end, childFrom: e.Ts, work: w})
	}
	pop(math.Inf(1)) // the rest
	return t, true
}

// printThreadTime prints where the page's thread spent a window, and
// the wasm code compiled at its first call: by Go package when mod, the
// wasm the page ran, has its functions' names.
func printThreadTime(w io.Writer, title string, t ThreadTime, mod *wasmfile.Module) {
	fmt.Fprintf(w, "\n%s: %.0f ms, the page's thread busy %.0f ms (%.0f%%)\n", title, t.Window, t.Busy, 100*t.Busy/max(t.Window, 1))
	for _, k := range workOrder {
		fmt.Fprintf(w, "  %7.0f ms  %s\n", t.Work[k], k)
	}
	n, code, byPkg := 0, 0, map[string]int{}
	for _, f := range t.FirstCalls {
		i := f - mod.Imports
		if i < 0 || i >= len(mod.Bodies) {
			continue // not this wasm's
		}
		n++
		code += mod.Bodies[i]
		if name := mod.Names[f]; name != "" {
			byPkg[wasmfile.PkgOf(name)] += mod.Bodies[i]
		}
	}
	all := 0
	for _, n := range mod.Bodies {
		all += n
	}
	fmt.Fprintf(w, "  compiled at their first call: %d functions, %s of the wasm's %s of code\n", n, mb(code), mb(all))
	if len(byPkg) == 0 {
		fmt.Fprintln(w, "  (build the wasm without -s to see them by package)")
	}
	for i, e := range wasmfile.Sorted(byPkg) {
		if i == 12 {
			break
		}
		fmt.Fprintf(w, "    %8s  %s\n", mb(e.Size), e.Name)
	}
}

// saveTrace stops a cold start's trace, writes it to file and prints
// where the page's thread spent the start, from the navigation to url
// until ms after it; wasm is the page's wasm file.
func saveTrace(stop func() ([]traceEvent, error), file, url string, ms float64, wasm []byte, title string) error {
	events, err := stop()
	if err != nil {
		return err
	}
	if err := writeTrace(file, events); err != nil {
		return err
	}
	t, ok := threadTime(events, url, ms)
	if !ok {
		return fmt.Errorf("the trace has no navigation to %s", url)
	}
	mod, err := wasmfile.Parse(wasm)
	if err != nil {
		return err
	}
	printThreadTime(os.Stderr, title, t, mod)
	return nil
}

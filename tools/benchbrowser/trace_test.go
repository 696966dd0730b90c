package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/tools/wasmfile"
)

// TestThreadTime feeds threadTime small traces whose answer is worked out
// by hand: each moment goes to the innermost event that names its work,
// the window is clipped, and other threads and processes are not counted.
func TestThreadTime(t *testing.T) {
	const url = "http://127.0.0.1:1/demo"
	meta := func(pid, tid int, name string) traceEvent {
		return traceEvent{Name: "thread_name", Ph: "M", Pid: pid, Tid: tid, Args: json.RawMessage(`{"name":"` + name + `"}`)}
	}
	nav := func(pid int, ts float64, u string) traceEvent {
		return traceEvent{Name: "navigationStart", Ph: "R", Pid: pid, Ts: ts, Args: json.RawMessage(`{"data":{"documentLoaderURL":"` + u + `"}}`)}
	}
	// x is a complete event on the page's main thread (pid 1, tid 10),
	// in ms from the navigation at ts 1000 µs.
	x := func(name string, from, to float64) traceEvent {
		return traceEvent{Name: name, Ph: "X", Pid: 1, Tid: 10, Ts: 1000 + from*1000, Dur: (to - from) * 1000}
	}
	lazy := func(e traceEvent, f int) traceEvent {
		e.Args = json.RawMessage(fmt.Sprintf(`{"func_index":%d}`, f))
		return e
	}
	base := []traceEvent{meta(1, 10, "CrRendererMain"), meta(1, 11, "Compositor"), meta(2, 20, "CrRendererMain"),
		nav(2, 0, "about:blank"), nav(1, 1000, url)}
	cases := []struct {
		name       string
		events     []traceEvent
		window     float64
		busy       float64
		work       map[string]float64
		firstCalls []int
	}{{
		name: "nested",
		events: []traceEvent{
			x("RunTask", 0, 100),
			x("BlinkScheduler_PerformMicrotaskCheckpoint", 10, 90), // 10–20, 50–90: script
			x("v8.wasm.compileConsume", 20, 50),                    // 20–25, 45–50: module
			x("wasm.OnBytesReceived", 25, 45),                      // module
			x("RunTask", 150, 250),
			x("ProxyMain::BeginMainFrame", 150, 200), // 150–160, 170–200: render
			x("MajorGC", 160, 170),
			x("SimpleWatcher::OnHandleReady", 200, 230), // other, its task's
		},
		window: 300, busy: 200,
		work: map[string]float64{workScript: 50, workModule: 30, workRender: 40, workGC: 10, workOther: 70},
	}, {
		name: "functions compiled at their first call",
		events: []traceEvent{
			x("RunTask", 0, 50),
			lazy(x("wasm.CompileLazy", 10, 20), 7),
			lazy(x("wasm.CompileLazy", 30, 35), 3),
			lazy(x("wasm.CompileLazy", 60, 61), 9), // after the window
		},
		window: 50, busy: 50, firstCalls: []int{7, 3},
		work: map[string]float64{workLazy: 15, workOther: 35},
	}, {
		name: "clipped to the window",
		events: []traceEvent{
			x("RunTask", -50, 20), // before the navigation: 0–20 counts
			x("wasm.CompileLazy", -40, 10),
			x("RunTask", 90, 150), // after the window: 90–100 counts
			x("ParseHTML", 95, 140),
		},
		window: 100, busy: 30,
		work: map[string]float64{workLazy: 10, workOther: 15, workParse: 5},
	}, {
		name: "other threads and processes",
		events: []traceEvent{
			x("RunTask", 0, 10),
			{Name: "RunTask", Ph: "X", Pid: 1, Tid: 11, Ts: 1000, Dur: 50000},
			{Name: "RunTask", Ph: "X", Pid: 2, Tid: 20, Ts: 1000, Dur: 50000},
			x("ResponseBodyLoader::DidFinishLoadingBody", 2, 6),
		},
		window: 100, busy: 10,
		work: map[string]float64{workOther: 6, workLoad: 4},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := threadTime(append(append([]traceEvent{}, base...), c.events...), url, c.window)
			if !ok {
				t.Fatal("no navigation found")
			}
			near := func(a, b float64) bool { return math.Abs(a-b) < 1e-6 }
			if !near(got.Window, c.window) || !near(got.Busy, c.busy) {
				t.Errorf("window %v busy %v, want %v and %v", got.Window, got.Busy, c.window, c.busy)
			}
			sum := 0.0
			for _, k := range workOrder {
				sum += got.Work[k]
				if !near(got.Work[k], c.work[k]) {
					t.Errorf("%s: %v ms, want %v", k, got.Work[k], c.work[k])
				}
			}
			if !slices.Equal(got.FirstCalls, c.firstCalls) {
				t.Errorf("first calls %v, want %v", got.FirstCalls, c.firstCalls)
			}
			if !near(sum, got.Busy) {
				t.Errorf("the kinds of work add up to %v ms, busy %v", sum, got.Busy)
			}
		})
	}
	if _, ok := threadTime(base, "http://elsewhere/", 100); ok {
		t.Error("threadTime found a navigation the trace does not have")
	}
}

// TestPrintThreadTime: the functions compiled at their first call are
// counted and summed by package from the wasm's name section; indices
// that are not the wasm's functions are left out.
func TestPrintThreadTime(t *testing.T) {
	mod := &wasmfile.Module{Imports: 1, Bodies: []int{1000, 2_500_000, 300},
		Names: map[int]string{1: "runtime.mallocgc", 2: "github.com_warmdesk_warmdesk_suggestions.compile", 3: "runtime.gcStart"}}
	tt := ThreadTime{Window: 1000, Busy: 900, Work: map[string]float64{workLazy: 400}, FirstCalls: []int{2, 1, 3, 0, 42}}
	var out bytes.Buffer
	printThreadTime(&out, "cold", tt, mod)
	for _, want := range []string{
		"cold: 1000 ms, the page's thread busy 900 ms (90%)",
		"400 ms  " + workLazy,
		"3 functions, 2.50 MB of the wasm's 2.50 MB of code",
		"2.50 MB  github.com_warmdesk_warmdesk_suggestions\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	printThreadTime(&out, "stripped", tt, &wasmfile.Module{Imports: 1, Bodies: []int{10, 20, 30}, Names: map[int]string{}})
	if !strings.Contains(out.String(), "3 functions") || !strings.Contains(out.String(), "without -s") {
		t.Errorf("a wasm without names:\n%s", out.String())
	}
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
	"github.com/warmdesk/warmdesk/tools/wasmfile"
)

// startProfile starts V8's sampling profiler in the browser's page (the
// widget's same-origin frame runs in the same isolate).
func (b *browser) startProfile() error {
	ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	if _, err := chromedp.Call(ctx, profiler.Enable, cdp.Empty{}); err != nil {
		return err
	}
	if _, err := chromedp.Call(ctx, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 200}); err != nil {
		return err
	}
	_, err := chromedp.Call(ctx, profiler.Start, cdp.Empty{})
	return err
}

// stopProfile stops the profiler, writes the profile for DevTools
// (Performance panel, "Load profile") and prints where the time went. Go
// functions have names only in a wasm built without -s.
func (b *browser) stopProfile(file string, w io.Writer) error {
	ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	res, err := chromedp.Call(ctx, profiler.Stop, cdp.Empty{})
	if err != nil {
		return err
	}
	p := res.Profile
	raw, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if err := os.WriteFile(file, raw, 0o644); err != nil {
		return err
	}
	summarize(w, p)
	return nil
}

// summarize prints the functions and Go packages with the most samples,
// by self time and by total time (a function on the stack).
func summarize(w io.Writer, p *profiler.Profile) {
	parent := map[int64]int64{}
	byID := map[int64]*profiler.ProfileNode{}
	for _, n := range p.Nodes {
		byID[n.ID] = n
		for _, c := range n.Children {
			parent[c] = n.ID
		}
	}
	name := func(n *profiler.ProfileNode) string {
		if n.CallFrame == nil || n.CallFrame.FunctionName == "" {
			return "(anonymous)"
		}
		return n.CallFrame.FunctionName
	}
	self, total, pkgSelf := map[string]int{}, map[string]int{}, map[string]int{}
	for _, id := range p.Samples {
		n := byID[id]
		if n == nil {
			continue
		}
		self[name(n)]++
		pkgSelf[wasmfile.PkgOf(name(n))]++
		seen := map[string]bool{}
		for cur, ok := id, true; ok; cur, ok = parent[cur] {
			if nm := name(byID[cur]); !seen[nm] {
				seen[nm] = true
				total[nm]++
			}
		}
	}
	ms := float64(p.EndTime-p.StartTime) / 1000 / float64(max(1, len(p.Samples)))
	show := func(title string, m map[string]int, k int) {
		type kv struct {
			k string
			v int
		}
		var l []kv
		for k, v := range m {
			l = append(l, kv{k, v})
		}
		sort.Slice(l, func(i, j int) bool { return l[i].v > l[j].v || l[i].v == l[j].v && l[i].k < l[j].k })
		fmt.Fprintf(w, "\n%s\n", title)
		for i := 0; i < len(l) && i < k; i++ {
			fmt.Fprintf(w, "  %8.0f ms  %s\n", float64(l[i].v)*ms, l[i].k)
		}
	}
	fmt.Fprintf(w, "\nprofile: %d samples over %.0f ms\n", len(p.Samples), float64(p.EndTime-p.StartTime)/1000)
	show("self time by Go package (or JS)", pkgSelf, 20)
	show("self time by function", self, 25)
	show("total time by function", total, 40)
}

// Command benchbrowser measures the widget where it runs: it starts the
// real server (internal/server) with the default library or a
// synthetic one of N phrasings, opens headless Chromium through chromedp,
// and reports for the WebAssembly build:
//
//   - ticket to suggestions: from the host's postMessage to the ticket's
//     suggestions in the widget's DOM (a MutationObserver notices them),
//     and to the next animation frame after that;
//   - Analyze and Compose inside the wasm (the widget's bench mode turns
//     them into performance measures);
//   - reply search per keystroke: Search inside the wasm, and from the
//     keystroke to the results drawn;
//   - navigation to first suggestions, cold (a fresh profile) and warm
//     (the service worker's cache), with the library's parse and compile
//     times and the longest task that held the page's thread meanwhile;
//   - JavaScript heap (after a garbage collection) and wasm memory (the
//     instance's linear memory);
//   - the wasm's size raw, gzip and brotli (web/app.wasm.gz and .br as the
//     server sends them).
//
// It prints a table and writes the numbers as JSON. scripts/bench-browser.sh
// builds the wasm and runs it:
//
//	scripts/bench-browser.sh [-n runs] [-phrasings N[,N...]]
package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/page"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/warmdesk/warmdesk/internal/server"
	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

//go:embed page.js
var pageJS string

//go:embed drive.js
var driveJS string

type options struct {
	runs, cold, warm int
	phrasings        []int
	replies          int
	wasm, jsonOut    string
	chromium         string
	jsFlags          string
	profile          string
	trace            string
	floor            bool
	timeout          time.Duration
}

func main() {
	var o options
	var phr string
	flag.IntVar(&o.runs, "n", 30, "tickets posted per library (search types every query once)")
	flag.IntVar(&o.cold, "cold", 3, "cold starts per library, each in a fresh profile")
	flag.IntVar(&o.warm, "warm", 5, "warm starts per library")
	flag.StringVar(&phr, "phrasings", "0,10000", "libraries to measure: 0 is the default library, N a synthetic one of N phrasings")
	flag.IntVar(&o.replies, "replies", -1, "replies in a synthetic library (-1: as many as phrasings)")
	flag.StringVar(&o.wasm, "wasm", "web/app.wasm", "the built widget, with .br and .gz beside it (scripts/build-wasm.sh)")
	flag.StringVar(&o.jsonOut, "json", "docs/bench-browser.json", "write the results here as JSON (empty: do not)")
	flag.StringVar(&o.chromium, "chromium", "", "the browser (default: chromium, chromium-browser or google-chrome on PATH)")
	flag.StringVar(&o.jsFlags, "js-flags", "", "V8 flags for Chromium's --js-flags, to study the engine (the numbers are then not a user's)")
	flag.StringVar(&o.profile, "profile", "", "write a CPU profile of the first cold start to this `file` (.cpuprofile) and print its top functions; build the wasm without -s for Go names")
	flag.StringVar(&o.trace, "trace", "", "write Chromium's trace of the first cold start to this `file` (.json, for DevTools or Perfetto; the floor's to FILE-floor.json) and print where the page's thread spent it (tracing slows that start by a fifth to a third)")
	flag.BoolVar(&o.floor, "floor", true, "measure a bare go-app page's start-up too (package floor), the framework's own share")
	flag.DurationVar(&o.timeout, "timeout", 3*time.Minute, "give up on a page load after this long")
	flag.Parse()
	for _, s := range strings.Split(phr, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 0 {
			fatalf("-phrasings: %q is not a number of phrasings", s)
		}
		o.phrasings = append(o.phrasings, n)
	}
	if o.runs < 1 || o.cold < 1 || o.warm < 1 {
		fatalf("-n, -cold and -warm must be at least 1")
	}
	if o.chromium == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				o.chromium = p
				break
			}
		}
		if o.chromium == "" {
			fatalf("no Chromium on PATH: run scripts/test-deps.sh (apt-get install chromium) or pass -chromium")
		}
	}
	rep, err := run(o, os.Stderr)
	if err != nil {
		fatalf("%v", err)
	}
	printTable(os.Stdout, rep)
	if o.jsonOut != "" {
		b, _ := json.MarshalIndent(rep, "", "  ")
		if err := os.MkdirAll(filepath.Dir(o.jsonOut), 0o755); err != nil {
			fatalf("%v", err)
		}
		if err := os.WriteFile(o.jsonOut, append(b, '\n'), 0o644); err != nil {
			fatalf("%v", err)
		}
		fmt.Printf("\nwrote %s\n", o.jsonOut)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "benchbrowser: "+format+"\n", args...)
	os.Exit(1)
}

// Report is the JSON the benchmark writes.
type Report struct {
	Date    string   `json:"date"`
	Machine Machine  `json:"machine"`
	Wasm    Sizes    `json:"wasm_bytes"`
	Floor   *Floor   `json:"floor,omitempty"`
	Results []Result `json:"results"`
}

// Machine says where the numbers come from.
type Machine struct {
	CPUs     int    `json:"cpus"`
	CPU      string `json:"cpu"`
	OS       string `json:"os"`
	Go       string `json:"go"`
	Chromium string `json:"chromium"`
}

// Sizes are the wasm's download sizes.
type Sizes struct {
	Raw    int `json:"raw"`
	Gzip   int `json:"gzip"`
	Brotli int `json:"brotli"`
}

// Result is one library's numbers; durations in milliseconds.
type Result struct {
	Library     Library `json:"library"`
	Ticket      Stats   `json:"ticket_to_dom_ms"`
	TicketFrame Stats   `json:"ticket_to_next_frame_ms"`
	Analyze     Stats   `json:"analyze_ms"`
	Analyze60   Stats   `json:"analyze_60_words_ms"`
	Compose     Stats   `json:"compose_ms"`
	Search      Stats   `json:"search_ms"`
	SearchDrawn Stats   `json:"keystroke_to_results_ms"`
	Cold        Stats   `json:"cold_start_ms"`
	Warm        Stats   `json:"warm_start_ms"`
	// ColdOwn and WarmOwn are the same starts from the widget frame's own
	// navigation, as a page's start-up is measured (and Floor's is).
	ColdOwn       Stats      `json:"cold_start_from_frame_ms"`
	WarmOwn       Stats      `json:"warm_start_from_frame_ms"`
	ColdSteps     Milestones `json:"cold_start_milestones_ms"`
	WarmSteps     Milestones `json:"warm_start_milestones_ms"`
	Parse         float64    `json:"library_parse_ms"`
	Compile       float64    `json:"library_compile_ms"`
	Prepare       float64    `json:"prepare_ms"`
	LongestTask   float64    `json:"longest_task_during_load_ms"`
	ProgressShown bool       `json:"progress_shown"`
	JSHeap        int64      `json:"js_heap_bytes"`
	WasmMemory    int64      `json:"wasm_memory_bytes"`
	GoLiveHeap    int64      `json:"go_live_heap_bytes"` // after the tickets and searches, and a collection
}

// Library describes the library measured.
type Library struct {
	Name      string `json:"name"`
	Phrasings int    `json:"phrasings"`
	Replies   int    `json:"replies"`
	Bytes     int    `json:"bytes"`
}

// Stats summarise samples.
type Stats struct {
	N      int     `json:"n"`
	Median float64 `json:"median"`
	P90    float64 `json:"p90"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

func stats(xs []float64) Stats {
	if len(xs) == 0 {
		return Stats{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	q := func(p float64) float64 { return round2(s[min(len(s)-1, int(p*float64(len(s))))]) }
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return Stats{N: len(s), Median: round2(med), P90: q(0.9), Min: round2(s[0]), Max: round2(s[len(s)-1])}
}

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

// The messages tickets carry: a 60-word message (every other ticket, the
// one the Analyze target is about) and three shorter ones, all in scope.
var messages = []string{
	`Hi, I ordered a pair of walking boots and a rain jacket from you almost two weeks ago and the tracking page still says the parcel is waiting at the depot. This is the third time I am writing about it and honestly I am getting really frustrated. Could you tell me where my order 48213 is, and if it has been lost please refund me?`,
	"The blender I got yesterday arrived with a cracked jug. I'd like a refund please, I don't want a replacement.",
	`Hi, I ordered a pair of walking boots and a rain jacket from you almost two weeks ago and the tracking page still says the parcel is waiting at the depot. This is the third time I am writing about it and honestly I am getting really frustrated. Could you tell me where my order 48213 is, and if it has been lost please refund me?`,
	"I forgot my password and the reset email never arrives. Can you help me get back into my account?",
	`Hi, I ordered a pair of walking boots and a rain jacket from you almost two weeks ago and the tracking page still says the parcel is waiting at the depot. This is the third time I am writing about it and honestly I am getting really frustrated. Could you tell me where my order 48213 is, and if it has been lost please refund me?`,
	"I was charged twice for the same order this month, please fix it.",
}

// The queries typed into the search, a letter at a time: whole words,
// an abbreviation, a letter missing, two letters swapped.
var queries = []string{"refund", "where is my order", "rfnd", "pasword reset", "dmaaged item", "cancel subscription", "change adress", "delivery late"}

func run(o options, logw io.Writer) (*Report, error) {
	logf := func(format string, args ...any) { fmt.Fprintf(logw, format+"\n", args...) }
	files, warnings, err := server.ReadWasmFiles(o.wasm)
	if err != nil {
		return nil, err
	}
	for _, w := range warnings {
		logf("warning: %s", w)
	}
	rep := &Report{Date: time.Now().UTC().Format("2006-01-02"), Machine: machine(o.chromium),
		Wasm: Sizes{Raw: len(files.Raw), Gzip: len(files.Gzip), Brotli: len(files.Brotli)}}
	base, err := library.ParseLibrary("default.json", suggestions.DefaultLibraryJSON())
	if err != nil {
		return nil, err
	}
	if o.floor {
		if rep.Floor, err = measureFloor(o, logf); err != nil {
			return nil, err
		}
	}
	for _, n := range o.phrasings {
		lib, info := base, Library{Name: "default"}
		if n > 0 {
			replies := o.replies
			if replies < 0 {
				replies = n
			}
			lib = library.SyntheticLibrary(base, n, replies)
			info.Name = "synthetic"
		}
		doc, err := lib.MarshalIndent()
		if err != nil {
			return nil, err
		}
		if n == 0 {
			doc = suggestions.DefaultLibraryJSON()
		}
		for _, in := range lib.Intents {
			info.Phrasings += len(in.Phrasings)
			info.Replies += len(in.Replies)
		}
		info.Bytes = len(doc)
		logf("library %s: %d phrasings, %d replies, %d bytes", info.Name, info.Phrasings, info.Replies, len(doc))
		res, err := measure(o, files, doc, info, logf)
		if err != nil {
			return nil, fmt.Errorf("%s library of %d phrasings: %w", info.Name, info.Phrasings, err)
		}
		rep.Results = append(rep.Results, *res)
	}
	return rep, nil
}

// measure runs every measurement against one library.
func measure(o options, files server.WasmFiles, doc []byte, info Library, logf func(string, ...any)) (*Result, error) {
	// logStart logs the i-th cold or warm start's time and its steps in the wasm.
	logStart := func(kind string, i int, ld *loadTimes) {
		logf("  %s start %d: first suggestions after %.0f ms (language data %.0f ms, parse %.0f ms, compile %.0f ms)", kind, i+1, ld.First, ld.Prepare, ld.Parse, ld.Compile)
	}
	h, err := server.New(server.Config{Library: doc, LibraryFile: info.Name + ".json", Wasm: files.Raw,
		WasmBrotli: files.Brotli, WasmGzip: files.Gzip, Log: log.New(io.Discard, "", 0)})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	demo := "http://" + ln.Addr().String() + "/demo"
	// The server compresses the library and its model once, when it
	// starts: wait for that, as a widget after a deploy would not see it.
	for _, path := range []string{"/library.bin", "/library.model"} {
		if err := fetchOnce("http://"+ln.Addr().String()+path, "br, gzip"); err != nil {
			return nil, err
		}
	}

	res := &Result{Library: info}
	var cold, warm, coldOwn, warmOwn []float64
	var b *browser
	for i := range o.cold {
		nb, err := newBrowser(o.chromium, o.jsFlags)
		if err != nil {
			return nil, err
		}
		profile := o.profile != "" && i == 0
		if profile {
			if err := nb.startProfile(); err != nil {
				nb.close()
				return nil, fmt.Errorf("profiler: %w", err)
			}
		}
		var stopTrace func() ([]traceEvent, error)
		if o.trace != "" && i == 0 {
			if stopTrace, err = nb.startTrace(); err != nil {
				nb.close()
				return nil, fmt.Errorf("trace: %w", err)
			}
		}
		ld, err := nb.load(demo, o.timeout)
		if err != nil {
			nb.close()
			return nil, fmt.Errorf("cold start %d: %w", i+1, err)
		}
		if stopTrace != nil {
			file := o.trace
			if len(o.phrasings) > 1 {
				file = tagged(file, ".json", strconv.Itoa(info.Phrasings))
			}
			title := "traced cold start (" + file + "), from the host page's navigation to the first suggestions"
			if err := saveTrace(stopTrace, file, demo, ld.First, files.Raw, title); err != nil {
				nb.close()
				return nil, fmt.Errorf("trace: %w", err)
			}
		}
		if profile {
			file := o.profile
			if len(o.phrasings) > 1 {
				file = tagged(file, ".cpuprofile", strconv.Itoa(info.Phrasings))
			}
			if err := nb.stopProfile(file, os.Stderr); err != nil {
				nb.close()
				return nil, fmt.Errorf("profiler: %w", err)
			}
		}
		cold, coldOwn = append(cold, ld.First), append(coldOwn, ld.First-ld.Milestones.Frame)
		logStart("cold", i, ld)
		if i == 0 {
			b = nb
			res.Parse, res.Compile, res.Prepare = round2(ld.Parse), round2(ld.Compile), round2(ld.Prepare)
			res.ColdSteps = ld.Milestones.rounded()
			res.ProgressShown = ld.ProgressShown >= 0
			for _, t := range ld.LongTasks {
				res.LongestTask = max(res.LongestTask, round2(t.Duration))
			}
			continue
		}
		nb.close()
	}
	defer b.close()
	res.Cold, res.ColdOwn = stats(cold), stats(coldOwn)

	if err := b.waitTrue("the service worker to cache the wasm", `wd.cached()`, o.timeout); err != nil {
		return nil, err
	}
	for i := range o.warm {
		ld, err := b.load(demo, o.timeout)
		if err != nil {
			return nil, fmt.Errorf("warm start %d: %w", i+1, err)
		}
		warm, warmOwn = append(warm, ld.First), append(warmOwn, ld.First-ld.Milestones.Frame)
		res.WarmSteps = ld.Milestones.rounded()
		logStart("warm", i, ld)
	}
	res.Warm, res.WarmOwn = stats(warm), stats(warmOwn)
	logf("  warm start: median %.0f ms", res.Warm.Median)

	var ts []struct {
		Message     int
		DOM         float64 `json:"dom"`
		Frame       float64 `json:"frame"`
		Analyze     float64 `json:"analyze"`
		Compose     float64 `json:"compose"`
		Suggestions int     `json:"suggestions"`
	}
	msgs, _ := json.Marshal(messages)
	if err := b.eval(fmt.Sprintf(`wd.tickets(%d, %s)`, o.runs, msgs), &ts); err != nil {
		return nil, fmt.Errorf("tickets: %w", err)
	}
	var dom, frame, an, an60, comp []float64
	for _, t := range ts {
		if t.Suggestions == 0 {
			return nil, fmt.Errorf("ticket message %d got no suggestions", t.Message)
		}
		dom, frame, an, comp = append(dom, t.DOM), append(frame, t.Frame), append(an, t.Analyze), append(comp, t.Compose)
		if t.Message%2 == 0 {
			an60 = append(an60, t.Analyze)
		}
	}
	res.Ticket, res.TicketFrame, res.Analyze, res.Analyze60, res.Compose = stats(dom), stats(frame), stats(an), stats(an60), stats(comp)
	logf("  tickets: %d, to DOM median %.1f ms, Analyze median %.2f ms", len(ts), res.Ticket.Median, res.Analyze.Median)

	var ks []struct {
		Query   string  `json:"query"`
		Search  float64 `json:"search"`
		Drawn   float64 `json:"drawn"`
		Results int     `json:"results"`
	}
	qs, _ := json.Marshal(queries)
	if err := b.eval(`wd.search(`+string(qs)+`)`, &ks); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	var search, drawn []float64
	for _, k := range ks {
		search, drawn = append(search, k.Search), append(drawn, k.Drawn)
	}
	for _, q := range queries {
		if i := slices.IndexFunc(ks, func(k struct {
			Query   string  `json:"query"`
			Search  float64 `json:"search"`
			Drawn   float64 `json:"drawn"`
			Results int     `json:"results"`
		}) bool {
			return k.Query == q
		}); i >= 0 && ks[i].Results == 0 {
			return nil, fmt.Errorf("the search for %q found nothing", q)
		}
	}
	res.Search, res.SearchDrawn = stats(search), stats(drawn)
	logf("  search: %d keystrokes, Search median %.3f ms", len(ks), res.Search.Median)

	if res.JSHeap, res.WasmMemory, res.GoLiveHeap, err = b.memory(); err != nil {
		return nil, err
	}
	return res, nil
}

// fetchOnce GETs url with the given Accept-Encoding and reads the body.
// tagged names the file beside file for one part of a run (a library,
// the floor): "cold.json" tagged "10000" is "cold-10000.json".
func tagged(file, ext, tag string) string {
	return strings.TrimSuffix(file, ext) + "-" + tag + ext
}

func fetchOnce(url, accept string) error {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept-Encoding", accept)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return nil
}

type browser struct {
	ctx    context.Context
	cancel func()
	dir    string
}

func newBrowser(exe, jsFlags string) (*browser, error) {
	dir, err := os.MkdirTemp("", "warmdesk-bench-")
	if err != nil {
		return nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", !roomyDevShm()),
		chromedp.Flag("enable-precise-memory-info", true),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1440, 900),
	}
	if jsFlags != "" {
		opts = append(opts, chromedp.Flag("js-flags", jsFlags))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	b := &browser{ctx: ctx, dir: dir, cancel: func() { cancel(); cancelAlloc(); os.RemoveAll(dir) }}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: pageJS + "\n" + driveJS}); err != nil {
		b.close()
		return nil, fmt.Errorf("starting Chromium: %w", err)
	}
	return b, nil
}

func (b *browser) close() { b.cancel() }

func (b *browser) eval(js string, out any) error {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Minute)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](js, chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(raw, out)
}

func (b *browser) waitTrue(what, js string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		var ok bool
		if err := b.eval("!!("+js+")", &ok); err == nil && ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Milestones are when the widget's start reached each step, in
// milliseconds from the host page's navigation (-1: not seen).
type Milestones struct {
	Frame            float64 `json:"frame"`
	WasmFetched      float64 `json:"wasmFetched"`
	Instantiated     float64 `json:"instantiated"`
	Mounted          float64 `json:"mounted"`
	LibraryFetched   float64 `json:"libraryFetched"`
	Ready            float64 `json:"ready"`
	FirstSuggestions float64 `json:"firstSuggestions"`
}

func (m Milestones) rounded() Milestones {
	return Milestones{round2(m.Frame), round2(m.WasmFetched), round2(m.Instantiated), round2(m.Mounted),
		round2(m.LibraryFetched), round2(m.Ready), round2(m.FirstSuggestions)}
}

type loadTimes struct {
	Milestones    Milestones `json:"milestones"`
	First         float64    `json:"first"`
	Parse         float64    `json:"parse"`
	Compile       float64    `json:"compile"`
	Prepare       float64    `json:"prepare"`
	ProgressShown float64    `json:"progressShown"`
	LongTasks     []struct {
		Duration float64 `json:"duration"`
	} `json:"longTasks"`
}

// load navigates to the demo page and waits for the widget's first
// suggestions (the demo sends a ticket once the widget is ready).
func (b *browser) load(url string, timeout time.Duration) (*loadTimes, error) {
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(timeout)
	for {
		var ld *loadTimes
		if err := b.eval(`wd.load()`, &ld); err != nil {
			return nil, err
		}
		if ld != nil {
			return ld, nil
		}
		if time.Now().After(deadline) {
			var state string
			b.eval(`JSON.stringify(wd.doc()?.body?.innerText?.slice(0, 300))`, &state)
			return nil, fmt.Errorf("no suggestions after %v; the widget shows %s", timeout, state)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// memory collects garbage, then reads the page's JavaScript heap and the
// wasm instance's linear memory.
func (b *browser) memory() (jsHeap, wasm, goLive int64, err error) {
	ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	if _, err := chromedp.Call(ctx, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
		return 0, 0, 0, fmt.Errorf("collecting garbage: %w", err)
	}
	use, err := chromedp.Call(ctx, cdpruntime.GetHeapUsage, cdp.Empty{})
	if err != nil {
		return 0, 0, 0, fmt.Errorf("heap usage: %w", err)
	}
	var m struct {
		Wasm   int64 `json:"wasm"`
		GoLive int64 `json:"goLive"`
	}
	if err := b.eval(`wd.memory()`, &m); err != nil {
		return 0, 0, 0, err
	}
	if m.Wasm <= 0 {
		return 0, 0, 0, errors.New("the wasm instance's memory was not found (page.js wraps WebAssembly.instantiateStreaming)")
	}
	return int64(use.UsedSize), m.Wasm, m.GoLive, nil
}

func machine(chromium string) Machine {
	m := Machine{CPUs: runtime.NumCPU(), OS: runtime.GOOS + "/" + runtime.GOARCH, Go: runtime.Version()}
	if out, err := exec.Command(chromium, "--version").Output(); err == nil {
		m.Chromium = strings.TrimSpace(string(out))
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	return m
}

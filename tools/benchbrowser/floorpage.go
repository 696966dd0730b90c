package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/internal/codings"
	"github.com/warmdesk/warmdesk/internal/server"
	"github.com/warmdesk/warmdesk/tools/benchbrowser/floor"
)

// Floor is the framework's own start-up, measured in the same browser
// and run as the widget: a bare go-app page (package floor), from its
// navigation to go-app's first render of it, in milliseconds.
type Floor struct {
	Wasm Sizes `json:"wasm_bytes"`
	Cold Stats `json:"cold_start_ms"`
	Warm Stats `json:"warm_start_ms"`
}

// buildFloor builds the floor page's wasm into dir/web/app.wasm, stripped
// as scripts/build-wasm.sh builds the widget's, with its precompressed
// forms: made as tools/precompress makes the widget's when best
// (brotli's best quality takes some 20 s here), else as the server makes
// a library's (codings.Compress, a second).
func buildFloor(dir string, best bool) (server.WasmFiles, error) {
	out := filepath.Join(dir, "web", "app.wasm")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "github.com/warmdesk/warmdesk/tools/benchbrowser/floor/wasm")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if msg, err := build.CombinedOutput(); err != nil {
		return server.WasmFiles{}, fmt.Errorf("building the floor page: %v: %s", err, msg)
	}
	if !best {
		raw, err := os.ReadFile(out)
		return server.WasmFiles(codings.Compress(raw)), err
	}
	if msg, err := exec.Command("go", "run", "github.com/warmdesk/warmdesk/tools/precompress", out).CombinedOutput(); err != nil {
		return server.WasmFiles{}, fmt.Errorf("compressing the floor page: %v: %s", err, msg)
	}
	files, _, err := server.ReadWasmFiles(out)
	return files, err
}

// floorHandler serves the floor page as go-app's Handler does by
// default, except that the wasm goes precompressed, as the widget's does
// (brotli or gzip by Accept-Encoding), and nothing is asked of another
// host (go-app's default icons are on GitHub).
func floorHandler(files server.WasmFiles) http.Handler {
	floor.Routes()
	h := &app.Handler{Name: "Floor", Title: "Floor", Icon: app.Icon{Default: "/web/icon.png", SVG: "/web/icon.svg"}}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/web/") {
			h.ServeHTTP(w, r)
			return
		}
		if r.URL.Path != "/web/app.wasm" {
			http.NotFound(w, r) // the icons: the page has none
			return
		}
		body, coding := codings.Forms(files).Pick(r.Header.Get("Accept-Encoding"))
		codings.Header(w.Header(), coding)
		w.Header().Set("Content-Type", "application/wasm")
		w.Write(body)
	})
}

// measureFloor builds and serves the floor page and loads it o.cold
// times in fresh profiles and o.warm times again in the last one, once
// its service worker holds the wasm.
func measureFloor(o options, logf func(string, ...any)) (*Floor, error) {
	dir, err := os.MkdirTemp("", "warmdesk-floor-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	files, err := buildFloor(dir, true)
	if err != nil {
		return nil, err
	}
	f := &Floor{Wasm: Sizes{Raw: len(files.Raw), Gzip: len(files.Gzip), Brotli: len(files.Brotli)}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: floorHandler(files), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	url := "http://" + ln.Addr().String() + floor.Path
	logf("floor: a bare go-app page, wasm %s raw, %s brotli", mb(f.Wasm.Raw), mb(f.Wasm.Brotli))
	var cold, warm []float64
	var b *browser
	for i := range o.cold {
		if b != nil {
			b.close()
		}
		if b, err = newBrowser(o.chromium, o.jsFlags); err != nil {
			return nil, err
		}
		var stopTrace func() ([]traceEvent, error)
		if o.trace != "" && i == 0 {
			if stopTrace, err = b.startTrace(); err != nil {
				b.close()
				return nil, fmt.Errorf("floor, trace: %w", err)
			}
		}
		t, err := b.loadFloor(url, o.timeout)
		if err != nil {
			b.close()
			return nil, fmt.Errorf("floor, cold start %d: %w", i+1, err)
		}
		if stopTrace != nil {
			file := tagged(o.trace, ".json", "floor")
			if err := saveTrace(stopTrace, file, url, t, files.Raw, "traced cold start of the floor ("+file+"), from its navigation to go-app's render"); err != nil {
				b.close()
				return nil, fmt.Errorf("floor, trace: %w", err)
			}
		}
		cold = append(cold, t)
	}
	defer b.close()
	if err := b.waitTrue("the floor page's service worker to cache its wasm", `wd.cached(window)`, o.timeout); err != nil {
		return nil, err
	}
	for i := range o.warm {
		t, err := b.loadFloor(url, o.timeout)
		if err != nil {
			return nil, fmt.Errorf("floor, warm start %d: %w", i+1, err)
		}
		warm = append(warm, t)
	}
	f.Cold, f.Warm = stats(cold), stats(warm)
	logf("  cold start: median %.0f ms, warm start: median %.0f ms", f.Cold.Median, f.Warm.Median)
	return f, nil
}

// loadFloor navigates to the floor page and waits for go-app's render of
// it (page.js notes when the mounted element appears).
func (b *browser) loadFloor(url string, timeout time.Duration) (float64, error) {
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return 0, err
	}
	deadline := time.Now().Add(timeout)
	for {
		var t float64
		if err := b.eval(`window.__wdFloor || 0`, &t); err != nil {
			return 0, err
		}
		if t > 0 {
			return t, nil
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("go-app did not render the page in %v", timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// printTable writes the report as a Markdown table, one column per
// library, ready for docs/performance.md.
func printTable(w io.Writer, r *Report) {
	fmt.Fprintf(w, "Measured %s on %d CPUs (%s), %s headless, %s.\n", r.Date, r.Machine.CPUs, r.Machine.CPU, r.Machine.Chromium, r.Machine.Go)
	fmt.Fprintf(w, "wasm: %s raw, %s gzip, %s brotli.\n", mb(r.Wasm.Raw), mb(r.Wasm.Gzip), mb(r.Wasm.Brotli))
	if f := r.Floor; f != nil {
		fmt.Fprintf(w, "Floor, a bare go-app page in the same browser (wasm %s raw, %s brotli), from its navigation to go-app's render: cold %s (%s–%s), warm %s (%s–%s).\n",
			mb(f.Wasm.Raw), mb(f.Wasm.Brotli), ms(f.Cold.Median), ms(f.Cold.Min), ms(f.Cold.Max), ms(f.Warm.Median), ms(f.Warm.Min), ms(f.Warm.Max))
	}
	fmt.Fprintln(w)
	head := []string{"", ""}
	for _, res := range r.Results {
		name := fmt.Sprintf("%s library, %s phrasings, %s replies", res.Library.Name, thousands(res.Library.Phrasings), thousands(res.Library.Replies))
		head = append(head, name)
	}
	rows := [][]string{head}
	sep := []string{"---", "---"}
	for range r.Results {
		sep = append(sep, "---")
	}
	rows = append(rows, sep)
	add := func(what, target string, cell func(Result) string) {
		row := []string{what, target}
		for _, res := range r.Results {
			row = append(row, cell(res))
		}
		rows = append(rows, row)
	}
	mp := func(s Stats) string { return ms(s.Median) + " / " + ms(s.P90) }
	add("ticket → suggestions in the DOM, median / p90", "≤ 16 ms; ≤ 30 ms at 10k", func(x Result) string { return mp(x.Ticket) })
	add("ticket → next frame, median / p90", "", func(x Result) string { return mp(x.TicketFrame) })
	add("Analyze in the wasm, 60-word message, median / p90", "≤ 2 ms at 10k", func(x Result) string { return mp(x.Analyze60) })
	add("Compose in the wasm, median", "", func(x Result) string { return ms(x.Compose.Median) })
	add("reply search per keystroke in the wasm, median / p90", "≤ 1 ms at 10k", func(x Result) string { return mp(x.Search) })
	add("keystroke → results drawn, median / p90", "", func(x Result) string { return mp(x.SearchDrawn) })
	add("cold start → first suggestions, median", "≤ 1.3 s", func(x Result) string { return ms(x.Cold.Median) })
	add("warm start (service worker) → first suggestions, median", "≤ 0.45 s", func(x Result) string { return ms(x.Warm.Median) })
	add("the same, from the widget frame's own navigation (cold / warm)", "", func(x Result) string {
		return ms(x.ColdOwn.Median) + " / " + ms(x.WarmOwn.Median)
	})
	steps := func(m Milestones) string {
		return fmt.Sprintf("frame %s, wasm fetched %s, instantiated %s, mounted %s, library fetched %s, ready %s",
			ms(m.Frame), ms(m.WasmFetched), ms(m.Instantiated), ms(m.Mounted), ms(m.LibraryFetched), ms(m.Ready))
	}
	add("cold start milestones", "", func(x Result) string { return steps(x.ColdSteps) })
	add("warm start milestones", "", func(x Result) string { return steps(x.WarmSteps) })
	add("language data and feelings model / library parse / compile in the wasm (cold)", "", func(x Result) string {
		return ms(x.Prepare) + " / " + ms(x.Parse) + " / " + ms(x.Compile)
	})
	add("longest task on the page's thread while loading", "", func(x Result) string {
		s := ms(x.LongestTask)
		if x.ProgressShown {
			s += " (progress shown)"
		}
		return s
	})
	add("JS heap after GC", "", func(x Result) string { return mb(int(x.JSHeap)) })
	add("wasm memory after the tickets and searches (Go heap live then)", "≤ 60 MB at 10k", func(x Result) string {
		return mb(int(x.WasmMemory)) + " (" + mb(int(x.GoLiveHeap)) + ")"
	})
	for _, row := range rows {
		fmt.Fprintln(w, "| "+strings.Join(row, " | ")+" |")
	}
}

func ms(v float64) string {
	switch {
	case v < 0:
		return "–"
	case v >= 1000:
		return strconv.FormatFloat(v/1000, 'f', 2, 64) + " s"
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64) + " ms"
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64) + " ms"
	}
	return strconv.FormatFloat(v, 'f', 2, 64) + " ms"
}

func mb(n int) string {
	return strconv.FormatFloat(float64(n)/1e6, 'f', 2, 64) + " MB"
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

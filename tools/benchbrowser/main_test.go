package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestStats(t *testing.T) {
	s := stats([]float64{5, 1, 4, 2, 3, 10, 6, 7, 8, 9})
	if s.N != 10 || s.Median != 5.5 || s.P90 != 10 || s.Min != 1 || s.Max != 10 {
		t.Errorf("stats = %+v", s)
	}
	if s := stats([]float64{3, 1, 2}); s.Median != 2 || s.P90 != 3 {
		t.Errorf("odd count: %+v", s)
	}
	if s := stats(nil); s.N != 0 {
		t.Errorf("no samples: %+v", s)
	}
}

func TestTable(t *testing.T) {
	r := &Report{Date: "2026-11-23", Machine: Machine{CPUs: 2, CPU: "test cpu", Chromium: "Chromium 1", Go: "go1"},
		Wasm:  Sizes{Raw: 8_200_000, Gzip: 2_200_000, Brotli: 1_610_000},
		Floor: &Floor{Wasm: Sizes{Raw: 6_900_000, Brotli: 1_400_000}, Cold: Stats{Median: 1250, Min: 970, Max: 1450}, Warm: Stats{Median: 460, Min: 410, Max: 570}},
		Results: []Result{{Library: Library{Name: "default", Phrasings: 967, Replies: 98},
			Ticket: Stats{Median: 13.6, P90: 20.6}, Search: Stats{Median: 0.3, P90: 0.7}, Cold: Stats{Median: 3430},
			ColdOwn: Stats{Median: 3200}, WarmOwn: Stats{Median: 612},
			WasmMemory: 22_280_000, GoLiveHeap: 3_960_000, LongestTask: 1520, ProgressShown: true}}}
	var b bytes.Buffer
	printTable(&b, r)
	for _, want := range []string{"1.61 MB brotli", "967 phrasings", "| 13.6 ms / 20.6 ms |", "| 0.30 ms / 0.70 ms |", "| 3.43 s |",
		"22.28 MB (3.96 MB)", "1.52 s (progress shown)", "| 3.20 s / 612 ms |",
		"bare go-app page in the same browser (wasm 6.90 MB raw, 1.40 MB brotli), from its navigation to go-app's render: cold 1.25 s (970 ms–1.45 s), warm 460 ms (410 ms–570 ms)"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}

func TestTagged(t *testing.T) {
	for _, c := range []struct{ file, ext, tag, want string }{
		{"cold.json", ".json", "10000", "cold-10000.json"},
		{"tmp/cold.json", ".json", "floor", "tmp/cold-floor.json"},
		{"cold.cpuprofile", ".cpuprofile", "0", "cold-0.cpuprofile"},
		{"cold", ".json", "floor", "cold-floor.json"},
	} {
		if got := tagged(c.file, c.ext, c.tag); got != c.want {
			t.Errorf("tagged(%q, %q, %q) = %q, want %q", c.file, c.ext, c.tag, got, c.want)
		}
	}
}

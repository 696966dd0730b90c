package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/internal/server"
	"github.com/warmdesk/warmdesk/internal/store"
	"github.com/warmdesk/warmdesk/internal/studio"
	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/web"
)

// fakeWasm writes a stand-in for the built widget: the export copies it
// and never runs it (the browser test in internal/server does).
func fakeWasm(t *testing.T) (string, []byte) {
	t.Helper()
	b := []byte("\x00asm fake widget for the export test")
	p := filepath.Join(t.TempDir(), "app.wasm")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p, b
}

// editedLibrary is the default library with reply bodies changed by edit,
// as JSON.
func editedLibrary(t *testing.T, edit func(intent int, body string) string) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(suggestions.DefaultLibraryJSON(), &m); err != nil {
		t.Fatal(err)
	}
	for i, in := range m["intents"].([]any) {
		r := in.(map[string]any)["replies"].([]any)[0].(map[string]any)
		r["body"] = edit(i, r["body"].(string))
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// studioDB makes a SQLite studio database whose published revision (2)
// is neither the first nor the newest, and returns its path and what the
// server sends as /library.json for it.
func studioDB(t *testing.T) (string, []byte) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "studio.db")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var base int64
	for i, note := range []string{"one", "two", "three"} {
		doc := editedLibrary(t, func(_ int, body string) string { return body + " (revision " + note + ")" })
		rev, err := st.Save(ctx, base, doc, "tester", note)
		if err != nil {
			t.Fatal(err)
		}
		base = rev.ID
		if i < 2 {
			if err := st.Publish(ctx, rev.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	// What the running server sends, through the studio.
	api, err := studio.New(studio.Config{Store: st, Log: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	defer api.Close()
	h, err := server.New(server.Config{Studio: api, Wasm: []byte("\x00asm"), StudioWasm: server.WasmFiles{Raw: []byte("\x00asm studio")}, Log: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/library.json", nil))
	if rec.Code != 200 || !bytes.Contains(rec.Body.Bytes(), []byte("(revision two)")) {
		t.Fatalf("the server sends %d %.200s", rec.Code, rec.Body.Bytes())
	}
	return path, rec.Body.Bytes()
}

func TestExportStatic(t *testing.T) {
	wasmPath, wasm := fakeWasm(t)
	libFile := filepath.Join(t.TempDir(), "mine.json")
	mine := editedLibrary(t, func(_ int, body string) string { return body + " (from a file)" })
	if err := os.WriteFile(libFile, mine, 0o644); err != nil {
		t.Fatal(err)
	}
	dbPath, published := studioDB(t)

	for _, tc := range []struct {
		name    string
		args    []string
		library []byte
	}{
		{"embedded library", nil, suggestions.DefaultLibraryJSON()},
		{"library file", []string{"-library", libFile}, mine},
		{"published revision", []string{"-db", dbPath}, published},
		{"sqlite: address", []string{"-db", "sqlite:" + dbPath, "-allow-origin", "https://desk.example.com"}, published},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "site")
			out, errs, code := warmdesk(t, "", append([]string{"export", "-static", dir, "-wasm", wasmPath}, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			if !strings.Contains(out, "Wrote ") || !strings.Contains(out, dir) {
				t.Errorf("stdout %q", out)
			}
			read := func(name string) []byte {
				t.Helper()
				b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
				if err != nil {
					t.Fatal(err)
				}
				return b
			}
			if got := read("library.json"); !bytes.Equal(got, tc.library) {
				t.Errorf("library.json is not the library (%d bytes, want %d)", len(got), len(tc.library))
			}
			// The widget reads the binary form: the same library.
			if lib, err := library.ReadLibraryBinary(read("library.bin")); err != nil {
				t.Errorf("library.bin: %v", err)
			} else if want, err := library.ParseLibrary("library.json", tc.library); err != nil || !bytes.Equal(library.EncodeLibrary(lib), library.EncodeLibrary(want)) {
				t.Errorf("library.bin is not library.json's binary form (%v)", err)
			}
			embed, _ := web.Files.ReadFile("embed.js")
			if !bytes.Equal(read("embed.js"), embed) {
				t.Error("embed.js differs from web/embed.js")
			}
			if page := string(read("widget/index.html")); !strings.Contains(page, "Loading the reply library") || !strings.Contains(page, `src="/app.js"`) {
				t.Errorf("widget page: %.300s", page)
			}
			demo, _ := web.Files.ReadFile("demo.html")
			if !bytes.Equal(read("demo/index.html"), demo) {
				t.Error("demo/index.html differs from web/demo.html")
			}
			// The wasm sits under the version the pages name.
			versioned, err := filepath.Glob(filepath.Join(dir, "*", "web", "app.wasm"))
			if err != nil || len(versioned) != 1 {
				t.Fatalf("versioned wasm: %v %v", versioned, err)
			}
			version := filepath.Base(filepath.Dir(filepath.Dir(versioned[0])))
			if !bytes.Equal(read(version+"/web/app.wasm"), wasm) {
				t.Error("app.wasm is not the built widget")
			}
			zr, err := gzip.NewReader(bytes.NewReader(read(version + "/web/app.wasm.gz")))
			if err != nil {
				t.Fatal(err)
			}
			if unz, _ := io.ReadAll(zr); !bytes.Equal(unz, wasm) {
				t.Error("app.wasm.gz does not hold app.wasm")
			}
			if _, err := os.Stat(filepath.Join(dir, version, "web", "app.wasm.br")); err == nil {
				t.Error("app.wasm.br written though none was built")
			}
			appJS := string(read("app.js"))
			for _, want := range []string{"/" + version + "/web/app.wasm", `"WARMDESK_LIBRARY_URL":"/library.bin"`} {
				if !strings.Contains(appJS, want) {
					t.Errorf("app.js does not name %s", want)
				}
			}
			// No studio: the widget neither polls nor sends usage events.
			for _, env := range []string{"WARMDESK_LIBRARY_POLL", "WARMDESK_EVENTS_URL"} {
				if strings.Contains(appJS, env) {
					t.Errorf("app.js sets %s", env)
				}
			}
			if !strings.Contains(string(read("app-worker.js")), `"/widget/"`) {
				t.Error("the service worker does not cache /widget/")
			}
			for _, name := range []string{"index.html", "app-worker.js", "wasm_exec.js", "manifest.webmanifest", "web/demo.css", version + "/web/widget.css"} {
				read(name)
			}
			// Nothing of the studio: its pages, wasm and styles.
			for _, name := range []string{"studio", "studio/index.html", "web/studio.css", version + "/web/studio.css", version + "/web/studio.wasm", "web/studio.wasm"} {
				if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
					t.Errorf("the export holds the studio's %s", name)
				}
			}
			for _, name := range []string{"app.js", "app-worker.js", "widget/index.html"} {
				if strings.Contains(string(read(name)), "studio") {
					t.Errorf("%s names the studio", name)
				}
			}
			if tc.args != nil && tc.args[len(tc.args)-1] == "https://desk.example.com" &&
				!strings.Contains(appJS, `"WARMDESK_ALLOW_ORIGINS":"https://desk.example.com"`) {
				t.Error("app.js does not allow the helpdesk origin")
			}
		})
	}
}

// A bad source or destination is refused with a clear message, and
// nothing is written (nor a database created).
func TestExportStaticRefuses(t *testing.T) {
	wasmPath, _ := fakeWasm(t)
	tmp := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var emptyBodies []string
	bad := write("bad.json", editedLibrary(t, func(i int, body string) string {
		if i < 2 {
			return ""
		}
		return body
	}))
	var m struct{ Intents []struct{ ID string } }
	json.Unmarshal(suggestions.DefaultLibraryJSON(), &m)
	for _, in := range m.Intents[:2] {
		emptyBodies = append(emptyBodies, fmt.Sprintf("%s: intent %s: replies[0].body: is empty", bad, in.ID))
	}
	aFile := write("a-file", []byte("x"))
	full := filepath.Join(tmp, "full")
	os.Mkdir(full, 0o755)
	keep := filepath.Join(full, "keep.txt")
	os.WriteFile(keep, []byte("mine"), 0o644)
	missingDB := filepath.Join(tmp, "missing.db")
	emptyDB := filepath.Join(tmp, "empty.db")
	st, err := store.Open(context.Background(), emptyDB)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"bad library", []string{"-static", filepath.Join(tmp, "out1"), "-library", bad}, 1, emptyBodies},
		{"missing library", []string{"-static", filepath.Join(tmp, "out2"), "-library", filepath.Join(tmp, "nope.json")}, 1, []string{"nope.json"}},
		{"missing database", []string{"-static", filepath.Join(tmp, "out3"), "-db", missingDB}, 1, []string{"studio database " + missingDB}},
		{"nothing published", []string{"-static", filepath.Join(tmp, "out4"), "-db", emptyDB}, 1, []string{"has no published library"}},
		{"dir not empty", []string{"-static", full}, 1, []string{full + " is not empty", "-force"}},
		{"dir is a file", []string{"-static", aFile}, 1, []string{aFile}},
		{"no dir", nil, 2, []string{"give -static DIR"}},
		{"db and library", []string{"-static", filepath.Join(tmp, "out5"), "-db", emptyDB, "-library", bad}, 2, []string{"not both"}},
		{"bad origin", []string{"-static", filepath.Join(tmp, "out6"), "-allow-origin", "desk.example.com"}, 1, []string{`allowed origin "desk.example.com"`}},
		{"no wasm", []string{"-static", filepath.Join(tmp, "out7"), "-wasm", filepath.Join(tmp, "none.wasm")}, 1, []string{"build the widget first"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"export", "-wasm", wasmPath}, tc.args...)
			_, errs, code := warmdesk(t, "", args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d: %s", code, tc.code, errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
		})
	}
	for _, name := range []string{"out1", "out2", "out3", "out4", "out5", "out6", "out7", "missing.db"} {
		if _, err := os.Stat(filepath.Join(tmp, name)); err == nil {
			t.Errorf("%s was created", name)
		}
	}
	entries, _ := os.ReadDir(full)
	if len(entries) != 1 {
		t.Errorf("the refused directory holds %d entries", len(entries))
	}

	// -force writes over an earlier export and keeps other files.
	if _, errs, code := warmdesk(t, "", "export", "-static", full, "-force", "-wasm", wasmPath); code != 0 {
		t.Fatalf("-force: exit %d: %s", code, errs)
	}
	if b, err := os.ReadFile(keep); err != nil || string(b) != "mine" {
		t.Errorf("-force lost keep.txt: %q %v", b, err)
	}
	if b, err := os.ReadFile(filepath.Join(full, "library.json")); err != nil || !bytes.Equal(b, suggestions.DefaultLibraryJSON()) {
		t.Errorf("-force did not write library.json: %v", err)
	}
}

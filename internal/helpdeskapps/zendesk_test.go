package helpdeskapps

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// testIcon is a 512×512 PNG: a teal disc on transparency, like ours.
func testIcon(t testing.TB) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 512, 512))
	for y := 0; y < 512; y++ {
		for x := 0; x < 512; x++ {
			if dx, dy := x-256, y-256; dx*dx+dy*dy < 200*200 {
				img.SetNRGBA(x, y, color.NRGBA{15, 118, 110, 255})
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func zipOf(t testing.TB, files map[string][]byte) []byte {
	var b bytes.Buffer
	if err := Zip(&b, files); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func build(t testing.TB) map[string][]byte {
	files, err := Zendesk(ZendeskOptions{URL: "https://warmdesk.example.com", Icon: testIcon(t)})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// The manifest and strings are what Zendesk reads: kept as golden files
// (go test -update rewrites them) so a change to them is seen in review.
func TestZendeskGolden(t *testing.T) {
	files := build(t)
	for _, name := range []string{ManifestFile, TranslationFile} {
		golden := filepath.Join("testdata", strings.ReplaceAll(name, "/", "_")+".golden")
		if *update {
			if err := os.WriteFile(golden, files[name], 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if !bytes.Equal(files[name], want) {
			t.Errorf("%s differs from %s:\n%s", name, golden, files[name])
		}
	}
	if errs := ValidateZendesk(zipOf(t, files)); errs != nil {
		t.Errorf("the package we build is refused: %v", errs)
	}
	// The same input gives the same bytes: a package can be checked in CI.
	if !bytes.Equal(zipOf(t, files), zipOf(t, build(t))) {
		t.Error("building twice gave different zips")
	}
}

func TestZendeskLogos(t *testing.T) {
	files := build(t)
	for name, size := range map[string]int{LogoFile: 320, LogoSmallFile: 128} {
		img, err := png.Decode(bytes.NewReader(files[name]))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
			t.Errorf("%s is %v, want %d×%d", name, b, size, size)
		}
		// The disc is drawn: teal in the middle, transparent in the corner.
		if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
			t.Errorf("%s: corner is not transparent", name)
		}
		r, g, b, a := img.At(size/2, size/2).RGBA()
		if a>>8 != 255 || r>>8 != 15 || g>>8 != 118 || b>>8 != 110 {
			t.Errorf("%s: centre is %d,%d,%d,%d, want the icon's teal", name, r>>8, g>>8, b>>8, a>>8)
		}
	}
}

func TestAppURL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"https://warmdesk.example.com", "https://warmdesk.example.com/apps/zendesk/"},
		{"https://warmdesk.example.com/", "https://warmdesk.example.com/apps/zendesk/"},
		{"https://warmdesk.example.com:8443/custom/zd/", "https://warmdesk.example.com:8443/custom/zd/"},
		{"http://warmdesk.example.com", ""},
		{"warmdesk.example.com", ""},
		{"https://*.example.com", ""},
		{"https://user:pw@warmdesk.example.com", ""},
		{"/apps/zendesk/", ""},
		{"", ""},
	} {
		got, err := AppURL(c.in, "zendesk")
		if (err != nil) != (c.want == "") || got != c.want {
			t.Errorf("AppURL(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

// Each broken package is refused with a problem that names what is wrong.
func TestValidateZendeskRefuses(t *testing.T) {
	good := build(t)
	small := func(size int) []byte {
		var b bytes.Buffer
		png.Encode(&b, image.NewNRGBA(image.Rect(0, 0, size, size)))
		return b.Bytes()
	}
	cases := []struct {
		name   string
		change func(map[string][]byte)
		want   string
	}{
		{"no manifest", func(f map[string][]byte) { delete(f, ManifestFile) }, "manifest.json is missing"},
		{"manifest not JSON", func(f map[string][]byte) { f[ManifestFile] = []byte("{") }, "manifest.json: unexpected end"},
		{"http URL", func(f map[string][]byte) {
			replace(f, ManifestFile, "https://warmdesk.example.com/apps", "http://warmdesk.example.com/apps")
		}, "not an absolute https URL"},
		{"relative URL", func(f map[string][]byte) {
			replace(f, ManifestFile, "https://warmdesk.example.com/apps/zendesk/", "assets/iframe.html")
		}, "not an absolute https URL"},
		{"old framework", func(f map[string][]byte) { replace(f, ManifestFile, `"2.0"`, `"1.0"`) }, `frameworkVersion is "1.0"`},
		{"no sidebar", func(f map[string][]byte) { replace(f, ManifestFile, "ticket_sidebar", "nav_bar") }, "no location.support.ticket_sidebar"},
		{"no author email", func(f map[string][]byte) { replace(f, ManifestFile, "support@warmdesk.example.com", "") }, "author needs"},
		{"no private", func(f map[string][]byte) { replace(f, ManifestFile, `"private": true,`, "") }, "private must be"},
		{"no translations", func(f map[string][]byte) { delete(f, TranslationFile) }, "translations/en.json is missing"},
		{"translations without a name", func(f map[string][]byte) { f[TranslationFile] = []byte(`{"app": {}}`) }, "no app.name"},
		{"small logo", func(f map[string][]byte) { f[LogoFile] = small(128) }, "assets/logo.png: 128×128, want 320×320"},
		{"logo not PNG", func(f map[string][]byte) { f[LogoSmallFile] = []byte("GIF89a") }, "assets/logo-small.png: not a PNG"},
		{"no small logo", func(f map[string][]byte) { delete(f, LogoSmallFile) }, "logo-small.png is missing"},
		{"escaping path", func(f map[string][]byte) { f["../evil"] = []byte("x") }, "outside the package"},
		{"too many files", func(f map[string][]byte) {
			for i := range 100 {
				f[fmt.Sprintf("assets/%d.txt", i)] = []byte("x")
			}
		}, "a package has at most 64"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string][]byte{}
			for k, v := range good {
				files[k] = v
			}
			c.change(files)
			errs := ValidateZendesk(zipOf(t, files))
			found := false
			for _, e := range errs {
				found = found || strings.Contains(e.Error(), c.want)
			}
			if !found {
				t.Errorf("problems %v do not include %q", errs, c.want)
			}
		})
	}
	if errs := ValidateZendesk([]byte("not a zip")); len(errs) != 1 || !strings.Contains(errs[0].Error(), "not a zip") {
		t.Errorf("not a zip: %v", errs)
	}
}

func replace(f map[string][]byte, name, old, new string) {
	f[name] = []byte(strings.Replace(string(f[name]), old, new, 1))
}

// FuzzValidateZendesk: any bytes get an answer, never a panic, and a
// package the validator accepts has what Zendesk needs.
func FuzzValidateZendesk(f *testing.F) {
	good := build(f)
	f.Add(zipOf(f, good))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		if errs := ValidateZendesk(b); errs == nil {
			zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatalf("accepted something that is not a zip: %v", err)
			}
			names := map[string]bool{}
			for _, f := range zr.File {
				names[filepath.ToSlash(filepath.Clean(f.Name))] = true
			}
			for _, n := range []string{ManifestFile, TranslationFile, LogoFile, LogoSmallFile} {
				if !names[n] {
					t.Fatalf("accepted a package without %s", n)
				}
			}
		}
	})
}

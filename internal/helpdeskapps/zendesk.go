package helpdeskapps

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/url"
	"path"
	"sort"
	"strings"
)

// The Zendesk app package's files. Zendesk reads manifest.json, the
// English strings in translations/en.json, and two logos of fixed sizes.
const (
	ManifestFile    = "manifest.json"
	TranslationFile = "translations/en.json"
	LogoFile        = "assets/logo.png"
	LogoSmallFile   = "assets/logo-small.png"

	LogoSize      = 320
	LogoSmallSize = 128
)

// ZendeskOptions describe the app to package.
type ZendeskOptions struct {
	// URL is the app page, https://warmdesk.example.com/apps/zendesk/ (a
	// server's origin alone gets that path added).
	URL string
	// Name is the app's name in Zendesk (default "Warmdesk").
	Name string
	// AuthorName and AuthorEmail are who agents' administrators contact.
	AuthorName, AuthorEmail string
	// Version is the app's version (default "1.0.0").
	Version string
	// Icon is the square image the logos are drawn from (PNG).
	Icon []byte
}

// manifest is the part of Zendesk's manifest.json we write and check.
type manifest struct {
	Name          string `json:"name"`
	Author        author `json:"author"`
	DefaultLocale string `json:"defaultLocale"`
	Private       *bool  `json:"private"`
	Location      struct {
		Support map[string]struct {
			URL      string `json:"url"`
			Flexible *bool  `json:"flexible,omitempty"`
		} `json:"support"`
	} `json:"location"`
	Version          string `json:"version"`
	FrameworkVersion string `json:"frameworkVersion"`
}

type author struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	URL   string `json:"url,omitempty"`
}

// AppURL makes the app page's URL from what an administrator gives: it
// must be absolute https (Zendesk loads it inside its https pages), and a
// bare origin gets /apps/zendesk/.
func AppURL(raw, vendor string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || u.Fragment != "" || u.Opaque != "" {
		return "", fmt.Errorf("app URL %q: want an absolute https:// URL, as in https://warmdesk.example.com", raw)
	}
	if strings.ContainsAny(u.Host, "*") {
		return "", fmt.Errorf("app URL %q: name the server, not a pattern", raw)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/apps/" + vendor + "/"
	}
	return u.String(), nil
}

// Zendesk builds the app package's files, checked by ValidateZendesk.
func Zendesk(o ZendeskOptions) (map[string][]byte, error) {
	appURL, err := AppURL(o.URL, "zendesk")
	if err != nil {
		return nil, err
	}
	if o.Name == "" {
		o.Name = "Warmdesk"
	}
	if o.Version == "" {
		o.Version = "1.0.0"
	}
	if o.AuthorName == "" {
		o.AuthorName = o.Name
	}
	if o.AuthorEmail == "" {
		o.AuthorEmail = "support@" + hostOnly(appURL)
	}
	var m manifest
	priv, flex := true, true
	m.Name, m.DefaultLocale, m.Private, m.Version, m.FrameworkVersion = o.Name, "en", &priv, o.Version, "2.0"
	m.Author = author{Name: o.AuthorName, Email: o.AuthorEmail, URL: originOf(appURL)}
	m.Location.Support = map[string]struct {
		URL      string `json:"url"`
		Flexible *bool  `json:"flexible,omitempty"`
	}{"ticket_sidebar": {URL: appURL, Flexible: &flex}}
	man, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	tr, err := json.MarshalIndent(map[string]any{"app": map[string]string{
		"name":              o.Name,
		"short_description": "Warm, complete reply suggestions beside each ticket.",
		"long_description":  "Warmdesk reads the ticket's latest customer message in your browser and suggests complete replies from your team's library. Press Enter to put one in the reply editor.",
		"installation_instructions": "Upload as a private app. The Warmdesk server must name this Zendesk account: " +
			"warmdesk serve -helpdesk zendesk=https://YOUR-SUBDOMAIN.zendesk.com",
	}}, "", "  ")
	if err != nil {
		return nil, err
	}
	if len(o.Icon) == 0 {
		return nil, errors.New("no icon to draw the logos from")
	}
	icon, err := png.Decode(bytes.NewReader(o.Icon))
	if err != nil {
		return nil, fmt.Errorf("icon: %w", err)
	}
	files := map[string][]byte{ManifestFile: append(man, '\n'), TranslationFile: append(tr, '\n')}
	for name, size := range map[string]int{LogoFile: LogoSize, LogoSmallFile: LogoSmallSize} {
		var buf bytes.Buffer
		if err := png.Encode(&buf, Resize(icon, size)); err != nil {
			return nil, err
		}
		files[name] = buf.Bytes()
	}
	return files, nil
}

// Zip writes files as a zip with its entries in name order, dated at the
// zip epoch, so the same app gives the same bytes.
func Zip(w io.Writer, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	zw := zip.NewWriter(w)
	for _, n := range names {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate})
		if err != nil {
			return err
		}
		if _, err := f.Write(files[n]); err != nil {
			return err
		}
	}
	return zw.Close()
}

// maxEntry and maxEntries bound what the validator reads: a package is a
// few files of a few kilobytes, and a hostile zip must not exhaust memory
// with one huge file or with very many small ones.
const (
	maxEntry   = 4 << 20
	maxEntries = 64
)

// ValidateZendesk checks a Zendesk app package (the zip's bytes) the way
// Zendesk would refuse it, and returns every problem found (nil when it is
// fine): the files are there, the manifest has its required fields, the
// ticket sidebar points at an absolute https URL, the logos are PNGs of
// the right sizes, and the English strings name the app.
func ValidateZendesk(b []byte) []error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return []error{fmt.Errorf("not a zip file: %w", err)}
	}
	if len(zr.File) > maxEntries {
		return []error{fmt.Errorf("%d files; a package has at most %d", len(zr.File), maxEntries)}
	}
	files := map[string][]byte{}
	var errs []error
	for _, f := range zr.File {
		name := path.Clean(f.Name)
		if strings.HasPrefix(f.Name, "/") || strings.HasPrefix(name, "../") || name == ".." || strings.Contains(f.Name, `\`) {
			errs = append(errs, fmt.Errorf("%s: a path outside the package", f.Name))
			continue
		}
		if f.FileInfo().IsDir() {
			continue
		}
		if f.UncompressedSize64 > maxEntry {
			errs = append(errs, fmt.Errorf("%s: larger than %d bytes", f.Name, maxEntry))
			continue
		}
		rc, err := f.Open()
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.Name, err))
			continue
		}
		data, err := io.ReadAll(io.LimitReader(rc, maxEntry+1))
		rc.Close()
		if err != nil || len(data) > maxEntry {
			errs = append(errs, fmt.Errorf("%s: cannot be read", f.Name))
			continue
		}
		if _, dup := files[name]; dup {
			errs = append(errs, fmt.Errorf("%s: twice in the package", name))
		}
		files[name] = data
	}
	return append(errs, validateFiles(files)...)
}

func validateFiles(files map[string][]byte) []error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if raw, ok := files[ManifestFile]; !ok {
		bad("%s is missing", ManifestFile)
	} else {
		var m manifest
		if err := json.Unmarshal(raw, &m); err != nil {
			bad("%s: %v", ManifestFile, err)
		} else {
			if strings.TrimSpace(m.Name) == "" {
				bad("%s: no name", ManifestFile)
			}
			if strings.TrimSpace(m.Author.Name) == "" || !strings.Contains(m.Author.Email, "@") {
				bad("%s: author needs a name and an email", ManifestFile)
			}
			if m.DefaultLocale == "" {
				bad("%s: no defaultLocale", ManifestFile)
			} else if _, ok := files["translations/"+m.DefaultLocale+".json"]; !ok {
				bad("%s: defaultLocale %q has no translations/%s.json", ManifestFile, m.DefaultLocale, m.DefaultLocale)
			}
			if m.Private == nil {
				bad("%s: private must be true or false", ManifestFile)
			}
			if m.FrameworkVersion != "2.0" {
				bad("%s: frameworkVersion is %q, want \"2.0\"", ManifestFile, m.FrameworkVersion)
			}
			if strings.TrimSpace(m.Version) == "" {
				bad("%s: no version", ManifestFile)
			}
			loc, ok := m.Location.Support["ticket_sidebar"]
			switch {
			case !ok:
				bad("%s: no location.support.ticket_sidebar", ManifestFile)
			default:
				if u, err := url.Parse(loc.URL); err != nil || u.Scheme != "https" || u.Host == "" || strings.Contains(u.Host, "*") {
					bad("%s: ticket_sidebar url %q is not an absolute https URL", ManifestFile, loc.URL)
				}
			}
		}
	}
	if raw, ok := files[TranslationFile]; !ok {
		bad("%s is missing", TranslationFile)
	} else {
		var tr struct {
			App map[string]any `json:"app"`
		}
		if err := json.Unmarshal(raw, &tr); err != nil {
			bad("%s: %v", TranslationFile, err)
		} else if s, _ := tr.App["name"].(string); strings.TrimSpace(s) == "" {
			bad("%s: no app.name", TranslationFile)
		}
	}
	for name, size := range map[string]int{LogoFile: LogoSize, LogoSmallFile: LogoSmallSize} {
		raw, ok := files[name]
		if !ok {
			bad("%s is missing", name)
			continue
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(raw))
		if err != nil || format != "png" {
			bad("%s: not a PNG image", name)
			continue
		}
		if cfg.Width != size || cfg.Height != size {
			bad("%s: %d×%d, want %d×%d", name, cfg.Width, cfg.Height, size, size)
		}
	}
	sort.Slice(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
	return errs
}

func hostOnly(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "example.com"
	}
	return u.Hostname()
}

func originOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

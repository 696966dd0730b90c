package libio

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/library"
)

// checkRead holds for any input: a reader either returns an import that
// merges into a valid library, or refuses with problems that each name
// the file, an entry and a field. It never panics.
func checkRead(t *testing.T, imp *Import, err error) {
	t.Helper()
	if err != nil {
		var ve *library.ValidationError
		if imp != nil || !errors.As(err, &ve) || len(ve.Problems) == 0 {
			t.Fatalf("a refusal must be a *ValidationError with problems and no import: %v", err)
		}
		for _, p := range ve.Problems {
			if p.File == "" || p.Entry == "" || p.Field == "" || p.Message == "" {
				t.Fatalf("problem without file, entry, field or message: %+v", p)
			}
		}
		return
	}
	lib, err := Merge(nil, "", imp)
	if err != nil {
		t.Fatalf("an accepted file must merge into an empty library: %v", err)
	}
	data, err := lib.MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := library.ParseLibrary("merged.json", data); err != nil {
		t.Fatalf("the merged library does not validate: %v", err)
	}
}

func seed(f *testing.F, name string) {
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
}

func FuzzReadRepliesCSV(f *testing.F) {
	seed(f, "replies.csv")
	f.Add([]byte("title,body,category,shortcut,phrasings,intent,reply\nA,Hi {{x}},Cat::Sub,/Go,a|b,,\n,,,,,i,\n"))
	f.Add([]byte("title,body\n\"a\"\"b\",\"multi\nline\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		imp, err := ReadRepliesCSV("f.csv", data)
		checkRead(t, imp, err)
	})
}

func FuzzReadZendesk(f *testing.F) {
	seed(f, "zendesk-macros.json")
	f.Add([]byte(`{"macro": {"title": "A::B", "actions": [{"field": "comment_value_html", "value": "<p>x</p>"}]}}`))
	f.Add([]byte(`[{"title": "::x::", "actions": [{"field": "comment_value", "value": ["channel:all", "{{ a | b }}"]}]}]`))
	long := strings.Repeat("Very long category name ", 8)
	f.Add([]byte(`{"macros": [{"title": "` + long + "::" + long + "::" + long + `", "actions": [{"field": "comment_value", "value": "x"}]},` +
		`{"title": "` + long + "::" + long + "::" + long + `", "actions": [{"field": "comment_value", "value": "y"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		imp, err := ReadZendesk("f.json", data, ZendeskOptions{IncludeInactive: len(data)%2 == 0})
		checkRead(t, imp, err)
	})
}

func FuzzHTMLToText(f *testing.F) {
	f.Add("<p>Hello <b>there</b></p><ul><li>a</li></ul><a href='https://x'>y</a>")
	f.Add("<script>x</script><!-- c --><br/>&amp;&#x1F600;")
	f.Fuzz(func(t *testing.T, s string) {
		out := HTMLToText(s)
		if strings.Contains(out, "\n\n\n") || out != strings.TrimSpace(out) {
			t.Fatalf("layout: %q", out)
		}
	})
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/feelings"
	"github.com/warmdesk/warmdesk/suggestions/feelings/training"
)

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadValence(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.txt")
	// Token, mean, deviation, ratings, as VADER writes them; a token listed
	// twice keeps its later mean.
	write(t, good, "awful\t-3.4\t0.4\t[-3, -4]\ngreat\t3.1\t0.3\t[3, 3]\nmeh\t-0.4\t0.5\t[0, -1]\nlol\t2.9\t0.8\t[3, 2]\nlol\t1.8\t0.6\t[2, 2]\n\n")
	got, err := loadValence(good)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"awful": -3, "great": 3, "meh": 0, "lol": 2}
	if len(got) != len(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %d, want %d", k, got[k], v)
		}
	}
	for name, text := range map[string]string{
		"nocolumn.txt":  "awful -3.4\n",
		"notnumber.txt": "great\t3.1\t0.3\nawful\tbad\t0.4\n",
		"range.txt":     "great\t5\t0.3\n",
		"empty.txt":     "\n",
	} {
		path := filepath.Join(dir, name)
		write(t, path, text)
		if _, err := loadValence(path); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: want an error naming the file, got %v", name, err)
		}
	}
	if _, err := loadValence(filepath.Join(dir, "missing.txt")); err == nil {
		t.Error("missing file: want an error")
	}
}

// The whole trainer on a tiny data set in GoEmotions' form (sentences
// written for this test): the model it writes loads strictly, holds the
// general feeling and what it covers, keeps its valence groups, and is the
// same file when trained again.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "emotions.txt"), "anger\nannoyance\nconfusion\ngratitude\nneutral\ndisapproval\n")
	var train strings.Builder
	for i := 0; i < 20; i++ {
		train.WriteString("I am furious about the broken kettle\t0\tx\n")
		train.WriteString("this keeps failing, so irritating\t1\tx\n")
		train.WriteString("wait, which form do I fill in?\t2\tx\n")
		train.WriteString("thank you for the quick help\t3\tx\n")
		train.WriteString("the kettle arrived on tuesday\t4\tx\n")
		train.WriteString("no, that is a dreadful idea\t5\tx\n")
	}
	write(t, filepath.Join(dir, "train.tsv"), train.String())
	write(t, filepath.Join(dir, "dev.tsv"), "so furious\t0\tx\nirritating again\t1\tx\nwhich one?\t2\tx\nthanks a lot\t3\tx\nit arrived\t4\tx\na dreadful plan\t5\tx\n")
	lexicon := filepath.Join(dir, "lexicon.txt")
	write(t, lexicon, "dreadful\t-1.9\t0.5\t[-2]\nfurious\t-2.7\t0.5\t[-3]\nthank\t1.5\t0.5\t[2]\n")
	opt := training.Options{Seed: 1, Rate: 0.1, NB: 1, Keep: 100}
	out1, out2 := filepath.Join(dir, "m1.json"), filepath.Join(dir, "m2.json")
	for _, out := range []string{out1, out2} {
		if err := run(dir, lexicon, out, opt, opt); err != nil {
			t.Fatal(err)
		}
	}
	b1, err := os.ReadFile(out1)
	if err != nil {
		t.Fatal(err)
	}
	b2, err := os.ReadFile(out2)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1, b2) {
		t.Error("two runs on the same data wrote different files")
	}
	m, err := feelings.ParseModel(b1)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"angry", "frustrated", "confused", "grateful", unhappy} {
		if m.Feelings[id] == nil {
			t.Errorf("no model for %s", id)
		}
	}
	if len(m.General) != 1 || m.General[0] != unhappy {
		t.Errorf("general %v, want [%s]", m.General, unhappy)
	}
	if got := strings.Join(m.Covers[unhappy], " "); got != "angry disappointed frustrated sad worried" {
		t.Errorf("unhappy covers %q", got)
	}
	if m.Valence["-3"] != "furious" || m.Valence["-2"] != "dreadful" || m.Valence["2"] != "thank" {
		t.Errorf("valence groups %v", m.Valence)
	}
	// The binary form beside it is the same model encoded.
	bin, err := os.ReadFile(strings.TrimSuffix(out1, ".json") + ".bin")
	if err != nil {
		t.Fatal(err)
	}
	want, err := feelings.EncodeModel(m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bin, want) {
		t.Errorf("the binary model (%d bytes) is not the JSON model encoded (%d bytes)", len(bin), len(want))
	}
	if err := run(filepath.Join(dir, "nowhere"), lexicon, out1, opt, opt); err == nil {
		t.Error("missing data: want an error")
	}
}

// Package evaluate measures the matcher and the feelings detector on
// labelled messages: BANKING77 and CLINC150-style intent data, and
// GoEmotions-style feelings data. It uses the same Analyze call as
// `warmdesk suggest`, so what it measures is what agents get.
package evaluate

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/libio"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// Example is a labelled message; an empty Intent marks an out-of-scope one.
type Example struct {
	Text, Intent string
}

// Dataset is training and test examples.
type Dataset struct {
	Train, Test []Example
}

// Load reads a dataset: a CLINC150 JSON file (train/test plus oos_test),
// or a CSV file with text and intent columns; for a CSV, testPath names
// the test file, or when empty a fifth of the file is held out.
func Load(path, testPath, textCol, intentCol string) (Dataset, error) {
	if strings.EqualFold(filepath.Ext(path), ".json") {
		return loadCLINC(path)
	}
	train, err := loadCSV(path, textCol, intentCol)
	if err != nil {
		return Dataset{}, err
	}
	if testPath != "" {
		test, err := loadCSV(testPath, textCol, intentCol)
		return Dataset{Train: train, Test: test}, err
	}
	var d Dataset
	for i, ex := range train {
		if i%5 == 4 {
			d.Test = append(d.Test, ex)
		} else {
			d.Train = append(d.Train, ex)
		}
	}
	return d, nil
}

func loadCSV(path, textCol, intentCol string) ([]Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if intentCol == "" {
		intentCol = detectIntentColumn(path)
	}
	rows, probs := libio.ReadLabelledCSV(path, f, textCol, intentCol)
	if len(probs) > 0 {
		return nil, fmt.Errorf("%s", probs[0])
	}
	out := make([]Example, len(rows))
	for i, r := range rows {
		out[i] = Example{r.Text, libio.IntentID(r.Intent)}
	}
	return out, nil
}

// detectIntentColumn picks "intent", "category" or "label", whichever the
// file's header has.
func detectIntentColumn(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return "intent"
	}
	header := strings.ToLower(strings.SplitN(string(data), "\n", 2)[0])
	for _, c := range []string{"intent", "category", "label"} {
		for _, h := range strings.Split(header, ",") {
			if strings.TrimSpace(h) == c {
				return c
			}
		}
	}
	return "intent"
}

func loadCLINC(path string) (Dataset, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Dataset{}, err
	}
	var raw map[string][][2]string
	if err := json.Unmarshal(data, &raw); err != nil {
		return Dataset{}, fmt.Errorf("%s: %w", path, err)
	}
	conv := func(key string, oos bool) []Example {
		var out []Example
		for _, p := range raw[key] {
			ex := Example{Text: p[0], Intent: libio.IntentID(p[1])}
			if oos {
				ex.Intent = ""
			}
			out = append(out, ex)
		}
		return out
	}
	return Dataset{Train: conv("train", false), Test: append(conv("test", false), conv("oos_test", true)...)}, nil
}

// Shots keeps k examples of each intent, chosen with the seed; k <= 0
// keeps all. The order of intents is the order of first appearance.
func Shots(train []Example, k int, seed uint64) []Example {
	if k <= 0 {
		return train
	}
	by := map[string][]Example{}
	var order []string
	for _, ex := range train {
		if _, ok := by[ex.Intent]; !ok {
			order = append(order, ex.Intent)
		}
		by[ex.Intent] = append(by[ex.Intent], ex)
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	var out []Example
	for _, in := range order {
		exs := append([]Example(nil), by[in]...)
		rng.Shuffle(len(exs), func(i, j int) { exs[i], exs[j] = exs[j], exs[i] })
		out = append(out, exs[:min(k, len(exs))]...)
	}
	return out
}

// Library builds a library from training examples, with base's feelings,
// openers, closers and rules.
func Library(train []Example, base *library.Library) *library.Library {
	rows := make([]libio.Labelled, len(train))
	for i, ex := range train {
		rows[i] = libio.Labelled{Text: ex.Text, Intent: ex.Intent}
	}
	return libio.FromLabelled(rows, base)
}

// AddTypos gives each word of text one random edit (insert, delete,
// substitute, or swap two adjacent letters) with probability p.
func AddTypos(text string, p float64, rng *rand.Rand) string {
	if p <= 0 {
		return text
	}
	var b strings.Builder
	for i, w := range strings.Split(text, " ") {
		if i > 0 {
			b.WriteByte(' ')
		}
		r := []rune(w)
		letters := 0
		for _, c := range r {
			if unicode.IsLetter(c) {
				letters++
			}
		}
		if letters < 2 || rng.Float64() >= p {
			b.WriteString(w)
			continue
		}
		pos := rng.IntN(len(r))
		c := rune('a' + rng.IntN(26))
		switch rng.IntN(4) {
		case 0: // insert
			r = append(r[:pos], append([]rune{c}, r[pos:]...)...)
		case 1: // delete
			r = append(r[:pos], r[pos+1:]...)
		case 2: // substitute
			r[pos] = c
		case 3: // swap adjacent
			if pos == len(r)-1 {
				pos--
			}
			r[pos], r[pos+1] = r[pos+1], r[pos]
		}
		b.WriteString(string(r))
	}
	return b.String()
}

// Report is what an intent evaluation measured.
type Report struct {
	Intents        int                `json:"intents"`
	TrainPhrasings int                `json:"train_phrasings"`
	TestInScope    int                `json:"test_in_scope"`
	TestOutOfScope int                `json:"test_out_of_scope"`
	Top1           float64            `json:"top1"`          // share of in-scope messages whose first intent is right
	Top3           float64            `json:"top3"`          // ... within the first three
	Answered       float64            `json:"answered"`      // share of in-scope messages not called out of scope
	AnsweredTop1   float64            `json:"answered_top1"` // top-1 among answered in-scope messages
	OutOfScopeRecl float64            `json:"out_of_scope_recall,omitempty"`
	PerIntent      map[string]float64 `json:"per_intent"`
	Confusions     []Confusion        `json:"confusions"`
	Threshold      float64            `json:"threshold"`
}

// Confusion is a pair of intents the matcher mixes up.
type Confusion struct {
	Expected string `json:"expected"`
	Got      string `json:"got"`
	Count    int    `json:"count"`
}

// Options for Run.
type Options struct {
	Typos float64
	Seed  uint64
}

// Run compiles a library from train and measures it on test.
func Run(train, test []Example, base *library.Library, opt Options) (Report, error) {
	lib := Library(train, base)
	e, err := suggestions.Compile(lib)
	if err != nil {
		return Report{}, err
	}
	rep := score(e, test, opt)
	rep.TrainPhrasings = len(train)
	return rep, nil
}

// RunLibrary measures a compiled library, as it is, on labelled test
// messages whose intents are the library's ids (see MapIntents):
// top-1 and top-3 of what agents would see.
func RunLibrary(e *suggestions.Engine, test []Example, opt Options) Report {
	rep := score(e, test, opt)
	for _, in := range e.Library().Intents {
		rep.TrainPhrasings += len(in.Phrasings)
	}
	return rep
}

// score analyses every test message with e.
func score(e *suggestions.Engine, test []Example, opt Options) Report {
	rep := Report{Intents: len(e.Library().Intents), PerIntent: map[string]float64{}, Threshold: e.Threshold()}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x7e57))
	perN := map[string]int{}
	perOK := map[string]int{}
	conf := map[[2]string]int{}
	var top1, top3, answered, answeredOK, oosOK int
	for _, ex := range test {
		text := AddTypos(ex.Text, opt.Typos, rng)
		a := e.Analyze(text, suggestions.AnalyzeOptions{TopK: 3})
		if ex.Intent == "" {
			rep.TestOutOfScope++
			if a.OutOfScope {
				oosOK++
			}
			continue
		}
		rep.TestInScope++
		perN[ex.Intent]++
		got := ""
		if len(a.Intents) > 0 {
			got = a.Intents[0].ID
		}
		if got == ex.Intent {
			top1++
			perOK[ex.Intent]++
		} else {
			conf[[2]string{ex.Intent, got}]++
		}
		for _, im := range a.Intents[:min(3, len(a.Intents))] {
			if im.ID == ex.Intent {
				top3++
				break
			}
		}
		if !a.OutOfScope {
			answered++
			if got == ex.Intent {
				answeredOK++
			}
		}
	}
	if rep.TestInScope > 0 {
		n := float64(rep.TestInScope)
		rep.Top1, rep.Top3, rep.Answered = float64(top1)/n, float64(top3)/n, float64(answered)/n
	}
	if answered > 0 {
		rep.AnsweredTop1 = float64(answeredOK) / float64(answered)
	}
	if rep.TestOutOfScope > 0 {
		rep.OutOfScopeRecl = float64(oosOK) / float64(rep.TestOutOfScope)
	}
	for in, n := range perN {
		rep.PerIntent[in] = float64(perOK[in]) / float64(n)
	}
	for k, n := range conf {
		rep.Confusions = append(rep.Confusions, Confusion{k[0], k[1], n})
	}
	sort.Slice(rep.Confusions, func(i, j int) bool {
		a, b := rep.Confusions[i], rep.Confusions[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Expected+a.Got < b.Expected+b.Got
	})
	if len(rep.Confusions) > 15 {
		rep.Confusions = rep.Confusions[:15]
	}
	return rep
}

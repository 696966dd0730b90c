package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/feelings"
	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/suggestions/matching"
)

// maxLine is how much of one input line is kept; the rest of a longer
// line is read and dropped, so memory stays bounded whatever comes in.
const maxLine = 64 << 10

// readLines calls f with each line of r (without its line ending), keeping
// at most maxLine bytes of each.
func readLines(r io.Reader, f func(line string) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf) < maxLine {
			buf = append(buf, chunk[:min(len(chunk), maxLine-len(buf))]...)
		}
		switch {
		case err == nil:
			line := strings.TrimRight(string(buf), "\r\n")
			buf = buf[:0]
			if err := f(line); err != nil {
				return err
			}
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(buf) > 0 {
				return f(strings.TrimRight(string(buf), "\r\n"))
			}
			return nil
		default:
			return err
		}
	}
}

// loadEngine compiles the library at path, or the embedded default.
func loadEngine(path string) (*suggestions.Engine, error) {
	if path == "" {
		return suggestions.Default()
	}
	lib, err := readLibrary(path)
	if err != nil {
		return nil, err
	}
	return suggestions.Compile(lib)
}

func readLibrary(path string) (*library.Library, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, library.MaxLibraryBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return library.ParseLibrary(path, data)
}

type suggestOutput struct {
	Intents    []matching.IntentMatch `json:"intents"`
	OutOfScope bool                   `json:"out_of_scope"`
	// Confidence is "high", "low" or "none"; out_of_scope is true
	// exactly when it is "none".
	Confidence string             `json:"confidence"`
	Requests   []matching.Request `json:"requests,omitempty"`
	Feelings   []feelings.Match   `json:"feelings"`
	// Acknowledge is the feeling (and situation) the replies acknowledge.
	Acknowledge *suggestions.Acknowledged `json:"acknowledge,omitempty"`
	Entities    []lang.Entity             `json:"entities"`
	Truncated   bool                      `json:"truncated,omitempty"`
	Replies     []replyOutput             `json:"replies"`
}

type replyOutput struct {
	Intent  string                `json:"intent"`
	Reply   string                `json:"reply"`
	Title   string                `json:"title"`
	Text    string                `json:"text"`
	Missing []library.Placeholder `json:"missing"`
}

func cmdSuggest(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("suggest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	libPath := fs.String("library", "", "library `file` (default: the embedded default library)")
	k := fs.Int("k", 3, "at most `N` intents per message")
	asJSON := fs.Bool("json", false, "write one JSON object per input line")
	customer := fs.String("customer", "", "the customer's `name`, for greetings")
	agent := fs.String("agent", "", "the agent's `name`, for sign-offs")
	ticket := fs.String("ticket", "", "the ticket `id` (varies openers and closers deterministically)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *k < 1 || *k > 100 {
		fmt.Fprintln(stderr, "warmdesk suggest: -k must be between 1 and 100")
		return 2
	}
	e, err := loadEngine(*libPath)
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk suggest: %v\n", err)
		return 1
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	ctx := suggestions.Context{CustomerName: *customer, AgentName: *agent, TicketID: *ticket}
	err = readLines(stdin, func(line string) error {
		a := e.Analyze(line, suggestions.AnalyzeOptions{TopK: *k})
		replies := e.Compose(a, ctx, suggestions.ComposeOptions{Max: max(*k, 3)})
		o := suggestOutput{Intents: a.Intents, OutOfScope: a.OutOfScope, Confidence: a.Confidence, Requests: a.Requests,
			Feelings: a.Feelings, Entities: a.Entities, Truncated: a.Truncated, Replies: []replyOutput{}}
		for _, s := range replies {
			o.Replies = append(o.Replies, replyOutput{Intent: s.Intent, Reply: s.Reply, Title: s.Title, Text: s.Text, Missing: s.Missing})
		}
		o.Acknowledge = a.Acknowledge
		if *asJSON {
			return enc.Encode(o)
		}
		return writeSuggestText(out, line, o)
	})
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk suggest: reading input: %v\n", err)
		return 1
	}
	return 0
}

func writeSuggestText(w io.Writer, line string, o suggestOutput) error {
	if strings.TrimSpace(line) == "" {
		_, err := fmt.Fprintln(w, "(empty message)")
		return err
	}
	var b strings.Builder
	if o.OutOfScope {
		b.WriteString("Nothing in the library fits this message.\n")
	}
	for i, in := range o.Intents {
		fmt.Fprintf(&b, "%d. %s (%.2f)", i+1, in.ID, in.Score)
		if in.Phrasing != "" {
			fmt.Fprintf(&b, "  like %q", in.Phrasing)
		}
		b.WriteString("\n")
	}
	for _, f := range o.Feelings {
		fmt.Fprintf(&b, "feeling: %s %d %q", f.ID, f.Intensity, f.Evidence)
		switch {
		case f.Implied:
			fmt.Fprintf(&b, " (implied by the request: %s)", f.Situation)
		case f.Situation != "":
			fmt.Fprintf(&b, " (%s)", f.Situation)
		}
		b.WriteString("\n")
	}
	for _, en := range o.Entities {
		fmt.Fprintf(&b, "entity: %s %q\n", en.Type, en.Text)
	}
	for i, r := range o.Replies {
		fmt.Fprintf(&b, "\n--- reply %d: %s (%s)\n%s\n", i+1, r.Title, r.Reply, r.Text)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// displayName shortens a path for messages.
func displayName(path string) string {
	if path == "-" || path == "" {
		return "<stdin>"
	}
	return filepath.Clean(path)
}

// Command warmdesk is Warmdesk's one binary: it suggests replies, lints
// drafts, checks, imports and exports phrase libraries, evaluates the
// matcher on labelled data, serves the widget, and exports it as a static
// site.
//
// The command-line contracts of suggest, lint and library are fixed: other
// tools script against them (see docs/command-line.md).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `usage: warmdesk <command> [flags]

commands:
  suggest          read customer messages (one per line) and suggest replies
  lint             check replies or drafts against the tone rules
  library check    validate a library file
  library import   import JSON, a replies or labelled CSV, or Zendesk macros
  library export   write a library as JSON, CSV or Zendesk macros
  library report   the quality report of a library (text or -json)
  eval             measure matching on labelled messages
  serve            run the widget server and the studio (see README.md)
  export -static   write the widget and a library as a static site for any web host
  apps             the Zendesk app package; the Front and Chatwoot setup (docs/helpdesks.md)
  user             add, list, change and remove studio accounts

Run 'warmdesk <command> -h' for a command's flags.
`

// run is main without the process: tests call it directly.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "suggest":
		return cmdSuggest(rest, stdin, stdout, stderr)
	case "lint":
		return cmdLint(rest, stdin, stdout, stderr)
	case "library":
		if len(rest) == 0 {
			fmt.Fprint(stderr, libraryUsage)
			return 2
		}
		switch rest[0] {
		case "check":
			return cmdLibraryCheck(rest[1:], stdout, stderr)
		case "import":
			return cmdLibraryImport(rest[1:], stdout, stderr)
		case "export":
			return cmdLibraryExport(rest[1:], stdout, stderr)
		case "report":
			return cmdLibraryReport(rest[1:], stdout, stderr)
		case "help", "-h", "-help", "--help":
			fmt.Fprint(stdout, libraryUsage)
			return 0
		}
		fmt.Fprintf(stderr, "warmdesk library: unknown command %q\n%s", rest[0], libraryUsage)
		return 2
	case "eval":
		return cmdEval(rest, stdout, stderr)
	case "serve":
		return cmdServe(rest, stdout, stderr)
	case "export":
		return cmdExport(rest, stdout, stderr)
	case "user":
		return cmdUser(rest, stdin, stdout, stderr)
	case "apps":
		return cmdApps(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "warmdesk: unknown command %q\n%s", cmd, usage)
	return 2
}

// libraryUsage lists the library commands; each says more with -h.
const libraryUsage = `usage: warmdesk library check|import|export|report ...
  warmdesk library check FILE        validate a library and its tone rules' examples
  warmdesk library import ...        make a library from labelled messages, a replies CSV or Zendesk macros
  warmdesk library export ...        write a library as JSON, CSV or Zendesk macros
  warmdesk library report FILE       the quality report the studio shows (-json for its shape)
Each command says more with -h.
`

// parseInterspersed parses flags that may come before or after the
// positional arguments ("eval train.csv -test test.csv").
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

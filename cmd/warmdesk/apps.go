package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/warmdesk/warmdesk/internal/helpdeskapps"
	"github.com/warmdesk/warmdesk/web"
)

const appsUsage = `usage: warmdesk apps zendesk -url https://WARMDESK-SERVER [-o warmdesk-zendesk.zip] [-name NAME] [-author-email EMAIL]
       warmdesk apps front    -url https://WARMDESK-SERVER
       warmdesk apps chatwoot -url https://WARMDESK-SERVER

Makes what a helpdesk administrator installs to use Warmdesk beside each
ticket. zendesk writes the private app's zip, checked before it is written;
front and chatwoot print the URL to register and the steps. The server at
-url must name the helpdesk: warmdesk serve -helpdesk VENDOR=ORIGIN (see
docs/helpdesks.md).

`

func cmdApps(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		fmt.Fprint(stderr, appsUsage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	vendor := args[0]
	fl := flag.NewFlagSet("warmdesk apps "+vendor, flag.ContinueOnError)
	fl.SetOutput(stderr)
	rawURL := fl.String("url", "", "the Warmdesk server's https `URL` (its origin, or the app page's full URL)")
	out := fl.String("o", "warmdesk-zendesk.zip", "write the Zendesk app to this `file` (zendesk only)")
	name := fl.String("name", "Warmdesk", "the app's `name` in the helpdesk (zendesk only)")
	email := fl.String("author-email", "", "the support `email` shown with the app (zendesk only; default support@ the server's host)")
	fl.Usage = func() { fmt.Fprint(stderr, appsUsage); fl.PrintDefaults() }
	if err := fl.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "warmdesk apps %s: unexpected argument %q\n", vendor, fl.Arg(0))
		return 2
	}
	if vendor != "zendesk" && vendor != "front" && vendor != "chatwoot" {
		fmt.Fprintf(stderr, "warmdesk apps: unknown helpdesk %q (zendesk, front or chatwoot)\n", vendor)
		return 2
	}
	if *rawURL == "" {
		fmt.Fprintf(stderr, "warmdesk apps %s: give -url https://WARMDESK-SERVER\n", vendor)
		return 2
	}
	appURL, err := helpdeskapps.AppURL(*rawURL, vendor)
	if err != nil {
		fmt.Fprintf(stderr, "warmdesk apps %s: %v\n", vendor, err)
		return 2
	}
	switch vendor {
	case "zendesk":
		icon, err := fs.ReadFile(web.Files, "icons/icon-512.png")
		if err != nil {
			fmt.Fprintf(stderr, "warmdesk apps zendesk: %v\n", err)
			return 1
		}
		files, err := helpdeskapps.Zendesk(helpdeskapps.ZendeskOptions{URL: appURL, Name: *name, AuthorEmail: *email, Icon: icon})
		if err != nil {
			fmt.Fprintf(stderr, "warmdesk apps zendesk: %v\n", err)
			return 1
		}
		var zip bytes.Buffer
		if err := helpdeskapps.Zip(&zip, files); err != nil {
			fmt.Fprintf(stderr, "warmdesk apps zendesk: %v\n", err)
			return 1
		}
		if errs := helpdeskapps.ValidateZendesk(zip.Bytes()); errs != nil {
			for _, e := range errs {
				fmt.Fprintf(stderr, "warmdesk apps zendesk: %v\n", e)
			}
			return 1
		}
		if err := os.WriteFile(*out, zip.Bytes(), 0o644); err != nil {
			fmt.Fprintf(stderr, "warmdesk apps zendesk: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "Wrote %s: the Zendesk app %q, a ticket sidebar showing %s\n\n", *out, *name, appURL)
	default:
		fmt.Fprintf(stdout, "The %s app's URL: %s\n\n", vendor, appURL)
	}
	fmt.Fprint(stdout, strings.ReplaceAll(appSteps[vendor], "APPURL", appURL))
	return 0
}

// appSteps are the administrator's steps; docs/helpdesks.md says the same
// with pictures.
var appSteps = map[string]string{
	"zendesk": `Install it (a Zendesk administrator):
  1. Start the server with your account:  warmdesk serve -helpdesk zendesk=https://YOUR-SUBDOMAIN.zendesk.com
  2. In Zendesk: Admin Center > Apps and integrations > Zendesk Support apps > Upload private app;
     give it a name and upload the zip.
  3. Choose who may use it (roles or groups) and install. Agents see Warmdesk in the apps panel of each ticket.
`,
	"front": `Register it (a Front administrator):
  1. Start the server with Front:  warmdesk serve -helpdesk front=https://app.frontapp.com
  2. In Front: Settings > Developers (company settings) > Create app; in the app, Features > Add feature > Plugin
     (sidebar), and paste the URL above as the side panel URL.
  3. Enable the app for your teammates. They open Warmdesk from the sidebar of any conversation.
`,
	"chatwoot": `Register it (a Chatwoot administrator):
  1. Start the server with your Chatwoot:  warmdesk serve -helpdesk chatwoot=https://YOUR-CHATWOOT-ORIGIN
  2. In Chatwoot: Settings > Integrations > Dashboard Apps > Add a new dashboard app; name it Warmdesk and
     paste the URL above as the endpoint.
  3. Agents see a Warmdesk tab beside each conversation. Chatwoot lets apps read the conversation but not
     write into the reply box, so Insert copies the reply for the agent to paste.
`,
}

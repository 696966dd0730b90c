// Package helpdeskapps makes what an administrator installs in a helpdesk
// to use Warmdesk there: the Zendesk app package (a zip Zendesk uploads as
// a private app), checked by our own validator because Zendesk's
// packaging tool needs Zendesk's servers; and the setup steps for Front and
// Chatwoot, which register a URL and need no package.
//
// The apps themselves are pages the Warmdesk server serves at
// /apps/VENDOR/ (package server, web/apps/): the package only points
// Zendesk at that URL.
package helpdeskapps

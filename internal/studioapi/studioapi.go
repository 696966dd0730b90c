// Package studioapi is the contract between the studio's HTTP API
// (internal/studio) and its pages in the browser (studioui): the paths and
// the JSON bodies, as plain Go types. It imports neither net/http nor
// go-app, so the WebAssembly links it for free.
//
// Every error is {"error": "...", "problems": [...]} with an HTTP status:
// 400 malformed request, 401 not signed in, 403 wrong role or a missing
// CSRF token or a cross-site request, 404 no such thing, 409 the library
// changed meanwhile (with the head revision and what changed) or, on
// publish, the revision has error-severity tone findings the request did
// not confirm (with every one of them), 413 body
// too large, 422 the library fails validation (every problem listed),
// 429 too many attempts (with Retry-After).
package studioapi

import (
	"encoding/json"
	"time"

	"github.com/warmdesk/warmdesk/internal/usage"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/libdiff"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// Paths of the API. Revision ids and user names follow the prefixes.
const (
	Prefix     = "/studio/api/"
	Login      = Prefix + "login"     // POST Credentials → Me
	Logout     = Prefix + "logout"    // POST → 204
	MePath     = Prefix + "me"        // GET → Me
	Head       = Prefix + "head"      // GET → Revision (the newest)
	Revisions  = Prefix + "revisions" // GET → RevisionList; POST SaveRequest → 201 RevisionInfo
	RevPrefix  = Prefix + "revisions/"
	DiffPath   = Prefix + "diff"   // GET ?a=&b= → DiffResponse
	ReportPath = Prefix + "report" // GET ?rev= → ReportStatus
	Events     = usage.Path        // POST usage.Batch → 204 (no sign-in)
	UsagePath  = Prefix + "usage"  // GET ?days=7|30 → UsageReport
	Users      = Prefix + "users"  // GET → []User; POST UserChange → 201 (admin)
	UserPrefix = Prefix + "users/" // PUT UserChange, DELETE (admin)
)

// CSRFHeader carries the session's CSRF token on every change.
const CSRFHeader = "X-CSRF-Token"

// Roles, as the store names them.
const (
	RoleEditor    = "editor"
	RolePublisher = "publisher"
	RoleAdmin     = "admin"
)

// Error is the body of every error response.
type Error struct {
	Error    string            `json:"error"`
	Problems []library.Problem `json:"problems,omitempty"`
	// Head and Changes come with 409: the newest revision and what changed
	// between the revision the save was based on and it.
	Head    *RevisionInfo        `json:"head,omitempty"`
	Changes *libdiff.LibraryDiff `json:"changes,omitempty"`
	// Tone comes with a 409 on publish: the revision's error-severity
	// tone findings, which the publisher must confirm one by one.
	Tone []suggestions.ToneFinding `json:"tone_findings,omitempty"`
}

// Credentials sign in.
type Credentials struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

// Me is the signed-in account and the token its changes must carry.
type Me struct {
	Name string `json:"name"`
	Role string `json:"role"`
	CSRF string `json:"csrf"`
	// Database, when set, says the database cannot take writes now.
	Database string `json:"database,omitempty"`
}

// RevisionInfo describes a revision.
type RevisionInfo struct {
	ID        int64      `json:"id"`
	Base      int64      `json:"base"`
	Author    string     `json:"author"`
	Message   string     `json:"message"`
	Created   time.Time  `json:"created"`
	Published *time.Time `json:"published,omitempty"` // when it was last published
	Live      bool       `json:"live"`                // it is the published revision now
}

// RevisionList lists revisions, newest first.
type RevisionList struct {
	Head      int64          `json:"head"`
	Published int64          `json:"published"` // 0 when none is
	Revisions []RevisionInfo `json:"revisions"`
}

// Revision is a revision with its library document.
type Revision struct {
	RevisionInfo
	Document json.RawMessage `json:"document"`
}

// SaveRequest saves a library document as a new revision based on Base.
type SaveRequest struct {
	Base     int64           `json:"base"`
	Document json.RawMessage `json:"document"`
	Message  string          `json:"message"`
}

// MaxMessageLen bounds a revision's message, in bytes.
const MaxMessageLen = 500

// RestoreRequest restores a revision as a new one; Base is the revision
// the publisher is looking at (0: whatever is newest).
type RestoreRequest struct {
	Base int64 `json:"base"`
}

// PublishRequest publishes a revision (the body may be left out). Saving
// a revision with error-severity tone findings is allowed, as work in
// progress; publishing one needs Confirm to hold the ToneKey of each of
// them, which the publisher was shown.
type PublishRequest struct {
	Confirm []string `json:"confirm,omitempty"`
}

// ToneKey names a tone finding of a revision for PublishRequest.Confirm:
// where it is, the rule and the text, so a confirmation holds for the
// findings that were shown and no others.
func ToneKey(f suggestions.ToneFinding) string {
	return f.Entry + " · " + f.Field + " · " + f.Rule + " · " + f.Text
}

// DiffResponse compares two revisions.
type DiffResponse struct {
	A       int64               `json:"a"`
	B       int64               `json:"b"`
	Changes libdiff.LibraryDiff `json:"changes"`
}

// ReportStatus is the quality report of one revision, or how far its
// computation has come.
type ReportStatus struct {
	Revision int64               `json:"revision"`
	State    string              `json:"state"` // "queued", "running", "done" or "failed"
	Done     int                 `json:"done"`  // progress: steps done of Total
	Total    int                 `json:"total"`
	Error    string              `json:"error,omitempty"`
	Report   *suggestions.Report `json:"report,omitempty"`
}

// Report states.
const (
	ReportQueued  = "queued"
	ReportRunning = "running"
	ReportDone    = "done"
	ReportFailed  = "failed"
)

// UsageReport sums the widgets' events per reply and per intent.
type UsageReport struct {
	Days     int          `json:"days"`
	Since    time.Time    `json:"since"`
	Revision int64        `json:"revision"` // the library the replies are listed from (published, else head)
	Replies  []ReplyUsage `json:"replies"`
	Intents  []IntentUse  `json:"intents"`
	// Thresholds behind the flags.
	HeavyEdit float64 `json:"heavy_edit"`
	// RefusedEvents and RefusedBatches count the usage events and batches
	// this server refused since it started: malformed, over the rate
	// limit, or not of the library widgets are using (a forged or stale
	// figure). A batch refused before it was read counts no event.
	RefusedEvents  int64 `json:"refused_events"`
	RefusedBatches int64 `json:"refused_batches"`
	// MinSuggested is how often a reply must have been suggested in the
	// period before it is judged: fewer, and a flag would be noise.
	MinSuggested int `json:"min_suggested"`
	// FirstEvent is the day (UTC) of the period's oldest event: the
	// figures cover only from then when the widgets began to report
	// within the period. Zero when nothing was reported.
	FirstEvent time.Time `json:"first_event"`
}

// DayUse is one day's figures of a reply or an intent.
type DayUse struct {
	Day       time.Time `json:"day"` // midnight UTC
	Suggested int       `json:"suggested"`
	Inserted  int       `json:"inserted"`
	Sent      int       `json:"sent"`
	MeanEdit  float64   `json:"mean_edit"` // -1 when unknown
}

// ReplyUsage is one reply's figures.
type ReplyUsage struct {
	Intent      string  `json:"intent"`
	IntentTitle string  `json:"intent_title,omitempty"`
	Reply       string  `json:"reply"`
	Title       string  `json:"title,omitempty"`
	Suggested   int     `json:"suggested"`
	Inserted    int     `json:"inserted"`
	Sent        int     `json:"sent"`
	Acceptance  float64 `json:"acceptance"` // inserted / suggested; -1 when never suggested
	MeanEdit    float64 `json:"mean_edit"`  // -1 when unknown
	// Flags.
	HeavilyRewritten bool `json:"heavily_rewritten"`
	NeverPicked      bool `json:"never_picked"`
	// Gone: the reply is no longer in the library.
	Gone bool `json:"gone,omitempty"`
	// TooFew: suggested, but fewer than MinSuggested times: no verdict.
	TooFew bool `json:"too_few,omitempty"`
	// Days are the figures per day with events, oldest first.
	Days []DayUse `json:"days,omitempty"`
}

// IntentUse is one intent's figures, summed over its replies.
type IntentUse struct {
	Intent     string   `json:"intent"`
	Title      string   `json:"title,omitempty"`
	Suggested  int      `json:"suggested"`
	Inserted   int      `json:"inserted"`
	Sent       int      `json:"sent"`
	Acceptance float64  `json:"acceptance"`
	MeanEdit   float64  `json:"mean_edit"`
	Days       []DayUse `json:"days,omitempty"`
}

// User is an account as admins see it.
type User struct {
	Name    string    `json:"name"`
	Role    string    `json:"role"`
	Created time.Time `json:"created"`
}

// UserChange creates an account (POST: all fields) or changes one (PUT:
// the role, the password, or both).
type UserChange struct {
	Name     string `json:"name,omitempty"`
	Role     string `json:"role,omitempty"`
	Password string `json:"password,omitempty"`
}

// Package usage is the wire form of the usage events a widget reports to
// the studio: ids, ranks and edit ratios, never customer text. It is apart
// from package studioapi so that the widget's WebAssembly links these few
// types and not the studio's revision and diff types.
package usage

// Path is where a widget posts a [Batch] (no sign-in); the studio answers 204.
const Path = "/studio/api/events"

// Batch is what a widget reports at once.
type Batch struct {
	Events []Event `json:"events"`
}

// Event is one usage event.
type Event struct {
	Time     int64   `json:"time"` // Unix milliseconds (the server clamps it to the last day)
	Kind     string  `json:"kind"` // "suggested", "inserted" or "sent"
	Revision int64   `json:"revision"`
	Intent   string  `json:"intent"`
	Reply    string  `json:"reply"`
	Rank     int     `json:"rank,omitempty"` // 1-based rank among the suggestions; 0 when picked by search
	Edit     float64 `json:"edit,omitempty"` // edit ratio 0..1 ("inserted" and "sent")
}

// Event kinds.
const (
	KindSuggested = "suggested"
	KindInserted  = "inserted"
	KindSent      = "sent"
)

// Limits of a batch.
const (
	MaxEventsPerBatch = 200
	MaxBatchSize      = 64 << 10 // bytes
)

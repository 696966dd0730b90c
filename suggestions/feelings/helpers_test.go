package feelings

import (
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/data"
	"github.com/warmdesk/warmdesk/suggestions/lang"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// benchMessage is a long, ordinary customer message.
const benchMessage = `Hi, I ordered a pair of walking boots and a rain jacket from you almost two weeks ago
and the tracking page still says the parcel is waiting at the depot. This is the third time I am writing
about it and honestly I am getting really frustrated. Could you tell me where my order 48213 is, and if it
has been lost please refund me?`

// detector reads feelings as the default engine does: the default
// library's feelings, the English language data and the shipped model.
type detector struct {
	lib *library.Library
	*Detector
}

// analysis is the part of an engine's analysis this package makes.
type analysis struct{ Feelings []Match }

// Analyze finds the feelings of msg as the engine's Analyze does.
func (d detector) Analyze(msg string) analysis {
	return analysis{d.Detect(msg, d.lang.Words(msg), "")}
}

// engine returns the default library's detector or stops the test.
func engine(t testing.TB) detector {
	t.Helper()
	l, err := lang.English()
	if err != nil {
		t.Fatal(err)
	}
	lib, err := library.ParseLibrary("default.json", data.DefaultLibrary)
	if err != nil {
		t.Fatal(err)
	}
	m, err := English()
	if err != nil {
		t.Fatal(err)
	}
	return detector{lib, NewDetector(l, lib.Feelings, m)}
}

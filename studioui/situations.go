package studioui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/suggestions/tone"
	"github.com/warmdesk/warmdesk/widget"
)

// The editing of a feeling's situations (what happened to a customer that
// shows the feeling, with its own cues and acknowledgements that name it)
// and of its sarcasm cues, as the editor edits the feeling's own cues and
// acknowledgements. Intents point at a situation by its id
// (Intent.Situation), so an id changed here takes those intents along.

func (e *Editor) situation(f, s int) *library.Situation {
	fe := e.feeling(f)
	if fe == nil || s < 0 || s >= len(fe.Situations) {
		return nil
	}
	return &fe.Situations[s]
}

// situationsWithID counts the situations, of every feeling, with id.
func (e *Editor) situationsWithID(id string) int {
	n := 0
	for _, fe := range e.Lib.Feelings {
		for _, s := range fe.Situations {
			if s.ID == id {
				n++
			}
		}
	}
	return n
}

// retarget points the intents that imply situation from at to instead.
func (e *Editor) retarget(from, to string) {
	for i := range e.Lib.Intents {
		if e.Lib.Intents[i].Situation == from {
			e.Lib.Intents[i].Situation = to
		}
	}
}

// SetSituation changes situation s of feeling f: "id", "label", "cues"
// (lines of "text | intensity") or "not_about" (lines). A new id takes along the intents that
// imply the situation, unless another situation has either id (then
// whose intents they are is unclear, and validation names the clash).
func (e *Editor) SetSituation(f, s int, field, value string) {
	si := e.situation(f, s)
	if si == nil {
		return
	}
	switch field {
	case "id":
		old := si.ID
		si.ID = strings.TrimSpace(value)
		if old != "" && old != si.ID && e.situationsWithID(old) == 0 && e.situationsWithID(si.ID) == 1 {
			e.retarget(old, si.ID)
		}
	case "label":
		si.Label = value
	case "cues":
		si.Cues = ParseCues(value)
		e.typedCues(fmt.Sprintf("%d/%d", f, s), value)
	case "not_about":
		si.NotAbout = lines(value)
	default:
		return
	}
	e.changed()
}

// AddSituation adds a situation to feeling f, with a fresh id and one
// acknowledgement to write.
func (e *Editor) AddSituation(f int) {
	fe := e.feeling(f)
	if fe == nil {
		return
	}
	id := e.freshID("situation", func(id string) bool { return e.situationsWithID(id) > 0 })
	fe.Situations = append(fe.Situations, library.Situation{ID: id, Cues: []library.Cue{}, Acknowledgements: []library.Acknowledgement{{Intensity: 1}}})
	e.SetOpen(situationElem(f, len(fe.Situations)-1), true)
	e.changed()
	e.Search(e.Query)
}

// SetOpen records whether a folded part of the page (a situation, by its
// element id) is open.
func (e *Editor) SetOpen(id string, open bool) {
	if e.Open == nil {
		e.Open = map[string]bool{}
	}
	e.Open[id] = open
}

// RemoveSituation deletes situation s of feeling f; the intents that
// implied it imply nothing any more (unless another situation has its id).
func (e *Editor) RemoveSituation(f, s int) {
	si := e.situation(f, s)
	if si == nil {
		return
	}
	id := si.ID
	fe := &e.Lib.Feelings[f]
	fe.Situations = append(fe.Situations[:s], fe.Situations[s+1:]...)
	// The ones after it move up a place: fold them all rather than open
	// the wrong ones.
	for k := range e.Open {
		if strings.HasPrefix(k, situationsElem(f)) {
			delete(e.Open, k)
		}
	}
	if id != "" && e.situationsWithID(id) == 0 {
		e.retarget(id, "")
	}
	e.changed()
	// The hits of the situations after it would open the wrong ones.
	e.Search(e.Query)
}

// SetSituationAck changes acknowledgement k of situation s of feeling f:
// "text" or "intensity".
func (e *Editor) SetSituationAck(f, s, k int, field, value string) {
	si := e.situation(f, s)
	if si == nil || k < 0 || k >= len(si.Acknowledgements) {
		return
	}
	if setAck(&si.Acknowledgements[k], field, value) {
		e.changed()
	}
}

// AddSituationAck adds an acknowledgement to situation s of feeling f.
func (e *Editor) AddSituationAck(f, s int) {
	if si := e.situation(f, s); si != nil {
		si.Acknowledgements = append(si.Acknowledgements, library.Acknowledgement{Intensity: 1})
		e.changed()
	}
}

// RemoveSituationAck deletes acknowledgement k of situation s of feeling f.
func (e *Editor) RemoveSituationAck(f, s, k int) {
	if si := e.situation(f, s); si != nil && k >= 0 && k < len(si.Acknowledgements) {
		si.Acknowledgements = append(si.Acknowledgements[:k], si.Acknowledgements[k+1:]...)
		e.changed()
	}
}

// SituationAckFindings are the wording findings of acknowledgement k of
// situation s of feeling f, as AckFindings.
func (e *Editor) SituationAckFindings(f, s, k int) []tone.Finding {
	si := e.situation(f, s)
	if si == nil || k < 0 || k >= len(si.Acknowledgements) || e.eng == nil || si.Acknowledgements[k].Text == "" {
		return nil
	}
	return widget.ToneTips(e.eng.Check(si.Acknowledgements[k].Text, tone.Options{}))
}

// ImpliedBy lists the intents (their indexes) that imply situation id.
func (e *Editor) ImpliedBy(id string) []int {
	var out []int
	for i, in := range e.Lib.Intents {
		if id != "" && in.Situation == id {
			out = append(out, i)
		}
	}
	return out
}

// SituationChoice is a situation an intent may imply, for the intent's
// editor: its id and how to name it.
type SituationChoice struct {
	ID, Label string
}

// SituationChoices lists every situation, feeling by feeling, named
// "frustrated: a late delivery (delivery-late)", for an intent to imply.
func (e *Editor) SituationChoices() []SituationChoice {
	var out []SituationChoice
	for _, fe := range e.Lib.Feelings {
		name := feelingName(fe)
		for _, s := range fe.Situations {
			label := s.ID
			if s.Label != "" {
				label = s.Label + " (" + s.ID + ")"
			}
			out = append(out, SituationChoice{ID: s.ID, Label: name + ": " + label})
		}
	}
	return out
}

// fieldSteps reads a problem's field, "situations[2].acknowledgements[0].text",
// as its names and indexes: situations 2, acknowledgements 0, text -1.
func fieldSteps(field string) (names []string, idx []int) {
	for _, part := range strings.Split(field, ".") {
		name, n := part, -1
		if i := strings.IndexByte(part, '['); i > 0 && strings.HasSuffix(part, "]") {
			k, err := strconv.Atoi(part[i+1 : len(part)-1])
			if err != nil {
				return nil, nil
			}
			name, n = part[:i], k
		}
		names, idx = append(names, name), append(idx, n)
	}
	return names, idx
}

// situationElem is the element id of situation s of feeling f on the
// page: its fields' ids start with it, and Open records it unfolded.
func situationElem(f, s int) string {
	return situationsElem(f) + strconv.Itoa(s)
}

// situationsElem starts the element id of every situation of feeling f.
func situationsElem(f int) string {
	return fmt.Sprintf("st-feeling-%d-sit-", f)
}

// feelingTarget is the element id of the field of feeling f that a
// problem's field names ("" when the page has none), and the situation
// that holds it, which must be open to show it ("" when none does).
func feelingTarget(f int, field string) (target, situation string) {
	names, idx := fieldSteps(field)
	step := func(k int) (string, int) {
		if k < len(names) {
			return names[k], idx[k]
		}
		return "", -1
	}
	base := fmt.Sprintf("st-feeling-%d", f)
	switch name, n := step(0); name {
	case "cues", "unless", "sarcasm", "label", "negative":
		return base + "-" + name, ""
	case "acknowledgements":
		if n >= 0 {
			f, _ := step(1)
			return fmt.Sprintf("%s-ack-%d-%s", base, n, ackField(f)), ""
		}
	case "situations":
		if n < 0 {
			return "", ""
		}
		sit := situationElem(f, n)
		switch name, k := step(1); name {
		case "label", "cues", "not_about":
			return sit + "-" + name, sit
		case "acknowledgements":
			if k >= 0 {
				f, _ := step(2)
				return fmt.Sprintf("%s-ack-%d-%s", sit, k, ackField(f)), sit
			}
		}
		return sit + "-id", sit
	}
	return "", ""
}

// ackField is the acknowledgement's field a problem names: its text
// unless it is the intensity.
func ackField(f string) string {
	if f == "intensity" {
		return "intensity"
	}
	return "text"
}

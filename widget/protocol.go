package widget

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ProtocolVersion is the version of the postMessage protocol between a host
// page and the widget (web/PROTOCOL.md). Every message carries it in its
// "warmdesk" field; a message of another version is refused with an error
// event rather than half understood.
const ProtocolVersion = 1

// MaxHostMessageBytes bounds a message from the host page, as JSON. A
// ticket is a few kilobytes; anything near this is a mistake or an attack,
// and is refused before it is decoded.
const MaxHostMessageBytes = 256 << 10

// Message types of the protocol.
const (
	TypeTicket = "ticket" // host to widget: here is the ticket to answer
	TypeSent   = "sent"   // host to widget: the agent sent this reply (for the usage figures)
	TypeReady  = "ready"  // widget to host: the library is loaded, send a ticket
	TypeInsert = "insert" // widget to host: the agent chose this reply
	TypeError  = "error"  // widget to host: a message was refused or the library failed
)

// Ticket is what the host page tells the widget about the ticket the agent
// is answering. Only Message is required.
type Ticket struct {
	ID            string `json:"ticket_id,omitempty"`
	Message       string `json:"message"`
	CustomerName  string `json:"customer_name,omitempty"`
	CustomerEmail string `json:"customer_email,omitempty"`
	AgentName     string `json:"agent_name,omitempty"`
	Locale        string `json:"locale,omitempty"`
	// Insert says what the host does with an inserted reply: InsertEditor
	// (or empty) puts it in the helpdesk's reply editor; InsertCopy copies
	// it to the clipboard, for helpdesks that let no app write into the
	// reply box. The widget names the action after it.
	Insert string `json:"insert,omitempty"`
}

// What a host does with an inserted reply (Ticket.Insert).
const (
	InsertEditor = "editor"
	InsertCopy   = "copy"
)

// Copies reports whether the host copies inserted replies rather than
// putting them in its reply editor.
func (t Ticket) Copies() bool { return t.Insert == InsertCopy }

// hostMessage is the envelope of every message the host sends.
type hostMessage struct {
	Warmdesk *int   `json:"warmdesk"`
	Type     string `json:"type"`
	Text     string `json:"text"` // "sent" only
	Ticket
}

// HostMessage is a message from the host page: a ticket to answer, or the
// text the agent finally sent (type "sent"), which the widget compares
// with the reply it inserted for the usage figures, and then forgets.
type HostMessage struct {
	Type   string
	Ticket Ticket // "ticket"; for "sent", only Ticket.ID
	Text   string // "sent"
}

// ParseHostMessage decodes a message posted by the host page, as JSON. It
// is strict, because a host integrating the widget learns from a precise
// error much faster than from silence: unknown fields, a missing or wrong
// version, an unknown type, a ticket without a message, a sent report
// without text, or text that is not UTF-8 are all errors.
func ParseHostMessage(data []byte) (HostMessage, error) {
	if len(data) > MaxHostMessageBytes {
		return HostMessage{}, fmt.Errorf("message is %d bytes; the limit is %d", len(data), MaxHostMessageBytes)
	}
	if !utf8.Valid(data) {
		return HostMessage{}, errors.New("message is not valid UTF-8")
	}
	if loneSurrogate(data) {
		return HostMessage{}, errors.New(`message has a lone surrogate (such as "\ud800"): its text is not valid Unicode`)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m hostMessage
	if err := dec.Decode(&m); err != nil {
		return HostMessage{}, fmt.Errorf("message is not a warmdesk protocol object: %w", err)
	}
	if dec.More() {
		return HostMessage{}, errors.New("message has trailing data after the JSON object")
	}
	switch {
	case m.Warmdesk == nil:
		return HostMessage{}, errors.New(`message has no "warmdesk" version field`)
	case *m.Warmdesk != ProtocolVersion:
		return HostMessage{}, fmt.Errorf("protocol version %d is not supported; this widget speaks version %d", *m.Warmdesk, ProtocolVersion)
	case m.Type == TypeSent:
		if m.Message != "" || m.CustomerName != "" || m.CustomerEmail != "" || m.AgentName != "" || m.Locale != "" || m.Insert != "" {
			return HostMessage{}, errors.New(`a "sent" report carries only "ticket_id" and "text"`)
		}
		if strings.TrimSpace(m.Text) == "" {
			return HostMessage{}, errors.New(`sent report has no "text"`)
		}
		return HostMessage{Type: TypeSent, Ticket: Ticket{ID: clip(strings.TrimSpace(m.ID), 200)}, Text: m.Text}, nil
	case m.Type != TypeTicket:
		return HostMessage{}, fmt.Errorf("unknown message type %q; the host may send %q or %q", m.Type, TypeTicket, TypeSent)
	case m.Text != "":
		return HostMessage{}, errors.New(`a ticket has a "message", not a "text"`)
	case strings.TrimSpace(m.Message) == "":
		return HostMessage{}, errors.New(`ticket has no "message"`)
	case m.Insert != "" && m.Insert != InsertEditor && m.Insert != InsertCopy:
		return HostMessage{}, fmt.Errorf(`ticket "insert" is %q; want %q or %q`, m.Insert, InsertEditor, InsertCopy)
	}
	t := m.Ticket
	for _, f := range []*string{&t.ID, &t.CustomerName, &t.CustomerEmail, &t.AgentName, &t.Locale} {
		*f = clip(strings.TrimSpace(*f), 200)
	}
	return HostMessage{Type: TypeTicket, Ticket: t}, nil
}

// loneSurrogate reports whether JSON data escapes half of a UTF-16
// surrogate pair without the other half. JSON.stringify writes a string's
// lone surrogate so, and Go's decoder would silently make it U+FFFD: text
// the host never sent.
func loneSurrogate(data []byte) bool {
	hex4 := func(i int) (rune, bool) {
		if i+6 > len(data) || data[i] != '\\' || data[i+1] != 'u' {
			return 0, false
		}
		var r rune
		for _, c := range data[i+2 : i+6] {
			switch {
			case c >= '0' && c <= '9':
				r = r<<4 | rune(c-'0')
			case c >= 'a' && c <= 'f':
				r = r<<4 | rune(c-'a'+10)
			case c >= 'A' && c <= 'F':
				r = r<<4 | rune(c-'A'+10)
			default:
				return 0, false
			}
		}
		return r, true
	}
	for i := 0; i < len(data); i++ {
		if data[i] != '\\' {
			continue
		}
		r, ok := hex4(i)
		if !ok {
			i++ // another escape: skip the escaped character
			continue
		}
		switch {
		case r >= 0xD800 && r <= 0xDBFF:
			if lo, ok := hex4(i + 6); ok && lo >= 0xDC00 && lo <= 0xDFFF {
				i += 11
				continue
			}
			return true
		case r >= 0xDC00 && r <= 0xDFFF:
			return true
		}
		i += 5
	}
	return false
}

// clip shortens s to at most n bytes, at a rune boundary: names and ids are
// short, and a megabyte "name" must not fill every greeting.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// OutMessage is a message the widget posts to the host page.
type OutMessage struct {
	Warmdesk int    `json:"warmdesk"`
	Type     string `json:"type"`
	TicketID string `json:"ticket_id,omitempty"`
	ReplyID  string `json:"reply_id,omitempty"`
	Text     string `json:"text,omitempty"`
	Code     string `json:"code,omitempty"`
	Error    string `json:"message,omitempty"`
}

// Error codes of error events.
const (
	ErrBadMessage = "bad_message"
	ErrLibrary    = "library"
)

// ReadyMessage tells the host the widget can take a ticket.
func ReadyMessage() OutMessage { return OutMessage{Warmdesk: ProtocolVersion, Type: TypeReady} }

// InsertMessage carries the reply the agent chose.
func InsertMessage(ticketID, replyID, text string) OutMessage {
	return OutMessage{Warmdesk: ProtocolVersion, Type: TypeInsert, TicketID: ticketID, ReplyID: replyID, Text: text}
}

// ErrorMessage reports a refused message or a failure.
func ErrorMessage(code string, err error) OutMessage {
	return OutMessage{Warmdesk: ProtocolVersion, Type: TypeError, Code: code, Error: err.Error()}
}

// Origins is the list of host origins the widget talks to.
type Origins []string

// ParseOrigins reads a comma-separated list of origins
// ("https://desk.example.com, http://localhost:8080"); self, the widget's
// own origin, is always allowed too: pages of the widget's own server
// (its demo, and the helpdesk app pages that frame it) are as trusted as
// the widget itself. The list may say 'self' for it, as CSP does.
func ParseOrigins(list, self string) Origins {
	var out Origins
	if self != "" {
		out = Origins{self}
	}
	for _, o := range strings.Split(list, ",") {
		o = strings.TrimRight(strings.TrimSpace(o), "/")
		if o == "'self'" {
			o = self
		}
		if o != "" && o != self {
			out = append(out, o)
		}
	}
	return out
}

// Allows reports whether origin is exactly one of the allowed origins.
// There are no wildcards: "*" would let any page read the agent's replies.
func (o Origins) Allows(origin string) bool {
	for _, a := range o {
		if a == origin && origin != "" && origin != "null" {
			return true
		}
	}
	return false
}

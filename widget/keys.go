package widget

// Key is a key press as the widget sees it: the key's name (KeyboardEvent.key),
// the modifiers, and what has the focus.
type Key struct {
	Key        string
	Ctrl, Alt  bool // Ctrl stands for Ctrl or ⌘
	InField    bool // the focus is in a text field
	InSearch   bool // … and that field is the search box
	OnControl  bool // the focus is on a button or link, which handle Enter themselves
	HelpIsOpen bool
}

// Action is what a key press asks the widget to do.
type Action struct {
	Kind ActionKind
	N    int // for ActPick: the 0-based suggestion
}

// ActionKind names an action.
type ActionKind int

// The widget's actions.
const (
	ActNone   ActionKind = iota
	ActUp                // previous suggestion or search result
	ActDown              // next suggestion or search result
	ActPick              // select suggestion N
	ActChoose            // take the highlighted search result
	ActInsert            // insert the reply into the helpdesk
	ActCopy              // copy the reply to the clipboard
	ActSearch            // focus the search box
	ActEdit              // focus the reply text
	ActBack              // Esc: close what is open, leave the field
	ActHelp              // show or hide the shortcuts
	ActReword            // use the rewording of the tone finding being asked about
)

// Shortcuts is the help the widget shows, in the order it shows it.
var Shortcuts = []struct{ Keys, What string }{
	{"↑ ↓", "move between replies"},
	{"1 – 3", "pick a suggestion"},
	{"Enter", "insert the reply"},
	{"r", "use the suggested rewording when a tone finding is shown"},
	{"Ctrl Enter", "insert while editing"},
	{"c", "copy the reply"},
	{"e", "edit the reply"},
	{"/", "search all replies"},
	{"Esc", "go back"},
	{"?", "show or hide this help"},
}

// KeyAction maps a key press to an action. It depends only on the key and
// the focus, never on the widget's state, so the browser can decide
// synchronously whether to prevent the key's default.
func KeyAction(k Key) Action {
	if k.Alt {
		return Action{}
	}
	switch {
	case k.Key == "Escape":
		return Action{Kind: ActBack}
	case k.Key == "Enter" && k.Ctrl:
		return Action{Kind: ActInsert}
	case k.Ctrl:
		return Action{}
	case k.InSearch:
		switch k.Key {
		case "ArrowDown":
			return Action{Kind: ActDown}
		case "ArrowUp":
			return Action{Kind: ActUp}
		case "Enter":
			return Action{Kind: ActChoose}
		}
		return Action{}
	case k.InField:
		return Action{}
	}
	switch k.Key {
	case "ArrowDown", "j":
		return Action{Kind: ActDown}
	case "ArrowUp", "k":
		return Action{Kind: ActUp}
	case "1", "2", "3":
		return Action{Kind: ActPick, N: int(k.Key[0] - '1')}
	case "Enter":
		if k.OnControl {
			return Action{}
		}
		return Action{Kind: ActInsert}
	case "/":
		return Action{Kind: ActSearch}
	case "c":
		return Action{Kind: ActCopy}
	case "e":
		return Action{Kind: ActEdit}
	case "?":
		return Action{Kind: ActHelp}
	case "r":
		return Action{Kind: ActReword}
	}
	return Action{}
}

package widget

import "github.com/warmdesk/warmdesk/internal/words"

// BlanksLeft says how many blanks are still unfilled: "1 blank is still
// unfilled", "2 blanks are still unfilled".
func BlanksLeft(n int) string { return words.Plural(n, "blank is", "blanks are") + " still unfilled" }

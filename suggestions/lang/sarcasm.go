package lang

import "strings"

// Sarcastic reports whether text carries a sarcasm marker (language data,
// "sarcasm"): an emoji anywhere in it, or a run of its words ("thanks
// for nothing", also from a hashtag: "#ThanksForNothing"). A sarcastic
// message's praise is not meant, so it is not answered with thanks.
func (l *Lang) Sarcastic(text string, ws []Word) bool {
	for _, e := range l.sarcasmE {
		if strings.Contains(text, e) {
			return true
		}
	}
	for i := range ws {
		for _, m := range l.sarcasmW {
			if i+len(m) > len(ws) {
				continue
			}
			ok := true
			for j, w := range m {
				if ws[i+j].Text != w {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

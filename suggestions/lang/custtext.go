package lang

// Real customer messages carry what no phrasing has: links, @mentions
// and hashtags. Links and mentions say nothing about the request and are
// left out of matching (Quiet); a hashtag's words are read as words
// (Words splits "#NeverAgain" at its capitals, and the matcher splits a
// lower-case one into the library's words).

// noisePattern finds links (with a scheme, "www." or a bare domain with a
// path, such as shortened or picture links) and @mentions (an @ not
// inside an email address).
var noisePattern = &lazyRegexp{src: `(?i)\b(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|co|net|org|ly|io|me|uk|gl)/\S*|(?:^|[^\w.@])@\w{1,30}`}

// Quiet returns message with its links and mentions blanked byte for
// byte, so spans into it are spans into message.
func Quiet(message string) string {
	locs := noisePattern.get().FindAllStringIndex(message, -1)
	if locs == nil {
		return message
	}
	b := []byte(message)
	for _, l := range locs {
		for i := l[0]; i < l[1]; i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	return string(b)
}

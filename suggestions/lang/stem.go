package lang

import "strings"

// Stem reduces an English word to a stem by stripping common inflections,
// so that "charged", "charges" and "charging" meet at "charg". It is a
// light stemmer in the spirit of Porter's first steps: it only strips
// suffixes whose removal leaves a stem of three letters or more with a
// vowel in it, and it undoubles a final consonant left by -ing and -ed
// ("stopping" gives "stop"). Words with digits are left alone.
//
// Its slips are left to the character pieces and the synonym groups:
// "answer" gives "answ" but "answered" "answer", and "verification"
// "verific" but "verify" "verifi": stripping more did not help.
func Stem(w string) string {
	if len(w) <= 3 || strings.ContainsAny(w, "0123456789") {
		return w
	}
	w = strings.TrimSuffix(w, "'s")
	w = strings.TrimSuffix(w, "'")
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
	case strings.HasSuffix(w, "s") && len(w) > 3:
		w = w[:len(w)-1]
	}
	for _, suf := range []string{"ations", "ation", "ments", "ment", "ingly", "ings", "ing", "edly", "ed", "ly", "er"} {
		if !strings.HasSuffix(w, suf) {
			continue
		}
		base := w[:len(w)-len(suf)]
		if len(base) < 3 || !hasVowel(base) {
			continue
		}
		w = base
		if suf == "ing" || suf == "ed" || suf == "ation" || suf == "ings" {
			w = undouble(w)
		}
		break
	}
	if strings.HasSuffix(w, "y") && len(w) > 3 && !isVowel(w[len(w)-2]) {
		w = w[:len(w)-1] + "i"
	}
	if strings.HasSuffix(w, "e") && len(w) > 3 {
		w = w[:len(w)-1]
	}
	return w
}

func isVowel(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 }

func hasVowel(s string) bool {
	for i := 0; i < len(s); i++ {
		if isVowel(s[i]) {
			return true
		}
	}
	return false
}

// undouble turns a final doubled consonant into one ("stopp" to "stop"),
// except for l, s and z, which English keeps doubled in stems ("fill").
func undouble(w string) string {
	n := len(w)
	if n >= 2 && w[n-1] == w[n-2] && !isVowel(w[n-1]) && strings.IndexByte("lsz", w[n-1]) < 0 {
		return w[:n-1]
	}
	return w
}

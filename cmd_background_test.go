package main

import (
	"bytes"
	"testing"
)

// The terminal's answers are found among keys typed meanwhile, with either
// terminator and any component width; DA1 alone means no OSC 11 (dark by
// default), and a partial answer is not done.
func TestBackgroundReply(t *testing.T) {
	da1 := "\x1b[?62;22c"
	for _, c := range []struct {
		in                string
		dark, known, done bool
		typed             string
	}{
		{"\x1b]11;rgb:0000/0000/0000\x1b\\" + da1, true, true, true, ""},
		{"\x1b]11;rgb:ffff/ffff/ffff\a" + da1, false, true, true, ""},
		{"\x1b]11;rgb:fd/f6/e3\x07" + da1, false, true, true, ""}, // solarized light, 2 digits
		{"\x1b]11;rgb:00/2b/36\x07" + da1, true, true, true, ""},  // solarized dark
		{da1, true, false, true, ""},
		{"n" + da1 + "q", true, false, true, "nq"},
		{"\x1b[A\x1b]11;rgb:ffff/ffff/ffff\x1b\\", false, true, false, "\x1b[A"},
		{"\x1b]11;rgb:ffff/ff", true, false, false, ""},
		{"", true, false, false, ""},
		{"\x1b]11;rgb:zz/00/00\x07" + da1, true, false, true, ""},
	} {
		dark, known, done, typed := backgroundReply([]byte(c.in))
		if dark != c.dark || known != c.known || done != c.done || !bytes.Equal(typed, []byte(c.typed)) {
			t.Errorf("%q: dark %v known %v done %v typed %q; want %v %v %v %q", c.in, dark, known, done, typed, c.dark, c.known, c.done, c.typed)
		}
	}
}

// COLORFGBG's last field is the background's ANSI index: 0–6 and 8 dark.
func TestColorFGBG(t *testing.T) {
	for _, c := range []struct {
		v        string
		dark, ok bool
	}{
		{"15;0", true, true}, {"0;15", false, true}, {"15;default;0", true, true}, {"0;7", false, true},
		{"7;8", true, true}, {"0;default", false, false}, {"", false, false}, {"12;99", false, false},
	} {
		t.Setenv("COLORFGBG", c.v)
		if dark, ok := colorFGBG(); dark != c.dark || ok != c.ok {
			t.Errorf("COLORFGBG=%q: dark %v ok %v; want %v %v", c.v, dark, ok, c.dark, c.ok)
		}
	}
}

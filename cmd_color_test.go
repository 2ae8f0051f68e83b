package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/muesli/termenv"
)

// --color resolves to a profile: auto from the environment and only on a
// terminal (a buffer is none), always from TERM and COLORTERM even into a
// pipe and at least 16 colours, the rest as named.
func TestColorModes(t *testing.T) {
	for _, c := range []struct {
		mode, term, colorterm, noColor string
		want                           termenv.Profile
	}{
		{"auto", "xterm-256color", "truecolor", "", termenv.Ascii}, // not a terminal
		{"always", "xterm-256color", "", "", termenv.ANSI256},
		{"always", "xterm-256color", "truecolor", "", termenv.TrueColor},
		{"always", "xterm", "", "", termenv.ANSI},
		{"always", "dumb", "", "", termenv.ANSI},
		{"always", "xterm-256color", "", "1", termenv.ANSI256}, // asked for by name, over NO_COLOR
		{"truecolor", "dumb", "", "1", termenv.TrueColor},
		{"256", "xterm", "", "", termenv.ANSI256},
		{"16", "xterm-256color", "truecolor", "", termenv.ANSI},
		{"never", "xterm-256color", "truecolor", "", termenv.Ascii},
	} {
		t.Setenv("TERM", c.term)
		t.Setenv("COLORTERM", c.colorterm)
		t.Setenv("NO_COLOR", c.noColor)
		t.Setenv("CLICOLOR_FORCE", "")
		if got := colorProfile(c.mode, &bytes.Buffer{}); got != c.want {
			t.Errorf("--color %s with TERM=%q COLORTERM=%q NO_COLOR=%q: %v, want %v", c.mode, c.term, c.colorterm, c.noColor, got, c.want)
		}
	}
}

// A set CI variable means a log to termenv, so auto writes no colour into
// a pipe there; the interactive simulator, which has found its output to be
// a terminal, keeps its colours (a CI job's pseudo-terminal, a developer
// with CI exported in their shell), and NO_COLOR still turns them off.
func TestColorAutoOnATerminalIgnoresCI(t *testing.T) {
	t.Setenv("CI", "true")
	t.Setenv("TERM", "xterm-256color")
	t.Setenv("COLORTERM", "")
	t.Setenv("CLICOLOR_FORCE", "")
	t.Setenv("NO_COLOR", "")
	if got := colorProfile("auto", &bytes.Buffer{}); got != termenv.Ascii {
		t.Errorf("auto into a pipe with CI set: %v, want no colour", got)
	}
	if got := colorProfile("auto", &bytes.Buffer{}, termenv.WithTTY(true)); got != termenv.ANSI256 {
		t.Errorf("auto on a terminal with CI set: %v, want 256 colours", got)
	}
	t.Setenv("NO_COLOR", "1")
	if got := colorProfile("auto", &bytes.Buffer{}, termenv.WithTTY(true)); got != termenv.Ascii {
		t.Errorf("auto on a terminal with NO_COLOR: %v, want no colour", got)
	}
}

// frame's colours are written in the profile asked for: 16 colours use only
// the 16 ANSI codes, 256 colours the 38;5 and 48;5 forms, true colour 38;2
// and 48;2; never writes no escape at all.
func TestFrameColorLevels(t *testing.T) {
	t.Setenv("TERM", "xterm-256color")
	t.Setenv("COLORTERM", "")
	rgb := regexp.MustCompile(`\x1b\[[0-9;]*[34]8;2;`)
	indexed := regexp.MustCompile(`\x1b\[[0-9;]*[34]8;5;`)
	basic := regexp.MustCompile(`\x1b\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|10[0-7])[;m]`)
	for _, c := range []struct {
		mode                   string
		rgb, indexed, anybasic bool
	}{
		{"truecolor", true, false, false},
		{"256", false, true, false},
		{"always", false, true, false}, // TERM says 256 colours
		{"16", false, false, true},
	} {
		var out bytes.Buffer
		if err := run([]string{"frame", "--landscape", "bowl", "--race", "--color", c.mode}, nil, &out, &out); err != nil {
			t.Fatal(err)
		}
		s := out.String()
		if rgb.MatchString(s) != c.rgb || indexed.MatchString(s) != c.indexed {
			t.Errorf("--color %s: true colour %v, 256 colours %v; want %v, %v", c.mode, rgb.MatchString(s), indexed.MatchString(s), c.rgb, c.indexed)
		}
		if c.anybasic && !basic.MatchString(s) {
			t.Errorf("--color %s: no 16-colour code", c.mode)
		}
	}
	var out bytes.Buffer
	if err := run([]string{"frame", "--landscape", "bowl", "--color", "never"}, nil, &out, &out); err != nil || strings.Contains(out.String(), "\x1b") {
		t.Errorf("--color never: %v, escapes %v", err, strings.Contains(out.String(), "\x1b"))
	}
	// auto into a buffer (no terminal) has no colour either, NO_COLOR or not.
	out.Reset()
	if err := run([]string{"frame", "--landscape", "bowl"}, nil, &out, &out); err != nil || strings.Contains(out.String(), "\x1b") {
		t.Errorf("--color auto into a buffer: %v, escapes %v", err, strings.Contains(out.String(), "\x1b"))
	}
	want := "momentum: --color: \"sometimes\" is not allowed; want auto, always, truecolor, 256, 16, never\n"
	if _, errs, code := cli(t, "frame", "--color", "sometimes"); code != 2 || errs != want {
		t.Errorf("--color sometimes: exit %d, %q", code, errs)
	}
}

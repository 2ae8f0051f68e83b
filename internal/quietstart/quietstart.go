// Package quietstart keeps bubbletea v1's package init from asking the
// terminal anything. That init (tea_init.go) calls
// lipgloss.HasDarkBackground, and termenv then writes OSC 11 and a cursor
// report and reads the answer itself, waiting up to 5 s on a terminal that
// answers neither and discarding keys typed meanwhile, all before main.
// The program asks for the background itself, after main starts, waiting
// 100 ms and keeping the keys (cmd_background.go), so termenv's question is
// only a risk.
//
// termenv asks only when it takes stdout for a terminal, and it does not
// when the CI variable is set. This package sets CI for the length of the
// package inits and main's init gives it back (Restore). It runs before
// bubbletea's init because Go initialises packages in import-path order
// among those whose imports are ready: this one imports only os, which
// termenv imports too, and "github.com/momentum-sim/…" sorts before
// "github.com/muesli/termenv", which bubbletea needs. A test checks the
// order in the built program (TestQuietStartRunsBeforeBubbletea).
//
// No init in between reads CI to decide anything of ours: the only values
// termenv and lipgloss work out from it at init are their default outputs'
// colour profiles, which this program never draws with (model.NewStyles
// makes its own renderer, with the profile and background found in main).
package quietstart

import "os"

var ci, hadCI = os.LookupEnv("CI")

func init() {
	if ci == "" {
		os.Setenv("CI", "1")
	}
}

// Restore puts CI back as the program found it. Call it from the main
// package's init, which runs after every other package's.
func Restore() {
	if hadCI {
		os.Setenv("CI", ci)
	} else {
		os.Unsetenv("CI")
	}
}

// Command momentum is a terminal simulator of momentum in gradient descent:
// a particle rolls over a 2-D loss landscape under gradient flow, the heavy
// ball or damped dynamics. See README.md.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/momentum-sim/momentum/internal/quietstart"
	"github.com/momentum-sim/momentum/settings"
)

// The package inits are over (bubbletea's among them, kept from asking the
// terminal by quietstart): the environment is the user's again.
func init() { quietstart.Restore() }

func main() {
	err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	os.Exit(exitCode(err, os.Stderr))
}

func exitCode(err error, stderr io.Writer) int {
	var ue settings.UsageError
	var se signalExit
	switch {
	case err == nil, errors.Is(err, settings.ErrHelp):
		return 0
	case errors.As(err, &se):
		if se.stacks != nil {
			fmt.Fprintf(stderr, "momentum: %s; the goroutines when it came:\n\n%s", se.sig, se.stacks)
		}
		return 128 + int(se.sig)
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "momentum: "+ue.Msg)
		return 2
	default:
		fmt.Fprintln(stderr, "momentum: "+err.Error())
		return 1
	}
}

// command is one subcommand: `momentum <name> [flags]`.
type command struct {
	name  string
	about string // one line for `momentum --help`
	run   func(args []string, stdin io.Reader, stdout, stderr io.Writer) error
}

// commands is every subcommand, in the order --help lists them. A new
// subcommand is one line here; dispatch, help and the unknown-command
// message all read this table. (A function, not a variable: help's entry
// refers back to the table.)
func commands() []command {
	return []command{
		{"run", "simulate headlessly and print CSV", func(a []string, _ io.Reader, o, e io.Writer) error { return runCmd(a, o, e) }},
		{"frame", "print one screen of the simulator and exit", func(a []string, _ io.Reader, o, _ io.Writer) error { return frameCmd(a, o) }},
		{"basins", "print which minimum a ball reaches from each start of a grid, as CSV", func(a []string, _ io.Reader, o, _ io.Writer) error { return basinsCmd(a, o) }},
		{"record", "write the screen as a PNG, or an animated GIF of a run", func(a []string, _ io.Reader, o, e io.Writer) error { return recordCmd(a, o, e) }},
		{"list", "list the landscapes, lessons and methods", func(a []string, _ io.Reader, o, _ io.Writer) error { return listCmd(a, o) }},
		{"serve", "serve the simulator over SSH, one per student", func(a []string, _ io.Reader, o, e io.Writer) error { return serveCmd(a, o, e) }},
		{"version", "print the version and exit", func(a []string, _ io.Reader, o, _ io.Writer) error { return versionCmd(a, o) }},
		{"help", "show a command's help: momentum help run", helpCmd},
	}
}

// run dispatches on the first argument: a subcommand by name, else flags of
// the interactive simulator. A first argument that is neither a flag nor a
// command is a mistyped command.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return uiCmd(args, stdin, stdout)
	}
	c, err := lookupCommand(args[0])
	if err != nil {
		return err
	}
	return c.run(args[1:], stdin, stdout, stderr)
}

// helpCmd is `momentum help [command]`: the simulator's help, which lists
// the commands, or one command's.
func helpCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	// `momentum help -h` asks for help's own help, which is the same page.
	if len(args) == 1 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		args = nil
	}
	switch len(args) {
	case 0:
		return uiCmd([]string{"--help"}, stdin, stdout)
	case 1:
		c, err := lookupCommand(args[0])
		if err != nil {
			return err
		}
		return c.run([]string{"--help"}, stdin, stdout, stderr)
	}
	return settings.Usagef("help takes one command name, got %d arguments", len(args))
}

// lookupCommand finds a subcommand, or says it is unknown, suggests the
// nearest name if one is close, and lists them all.
func lookupCommand(name string) (command, error) {
	var names []string
	best, bestDist := "", 3 // suggest only names at most 2 edits away
	for _, c := range commands() {
		if c.name == name {
			return c, nil
		}
		names = append(names, c.name)
		if d := editDistance(name, c.name); d < bestDist && d < len([]rune(c.name)) {
			best, bestDist = c.name, d
		}
	}
	hint := ""
	if best != "" {
		hint = fmt.Sprintf("did you mean %q? ", best)
	}
	return command{}, settings.Usagef("unknown command %q; %scommands: %s",
		name, hint, strings.Join(names, ", "))
}

// editDistance counts the insertions, deletions, substitutions and swaps of
// neighbours that turn a into b (optimal string alignment), so "lsit" is
// one edit from "list".
func editDistance(a, b string) int {
	s, t := []rune(a), []rune(b)
	d := make([][]int, len(s)+1)
	for i := range d {
		d[i] = make([]int, len(t)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(s); i++ {
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(s)][len(t)]
}

// commandsHelp is the commands' part of `momentum --help`.
func commandsHelp() string {
	var b strings.Builder
	b.WriteString("commands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.about)
	}
	return b.String()
}

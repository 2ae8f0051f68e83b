package settings

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// UsageError is bad input from the user: the command line exits with status
// 2 and prints the message on one line.
type UsageError struct{ Msg string }

func (e UsageError) Error() string { return e.Msg }

// Usagef words a UsageError.
func Usagef(format string, args ...any) error { return UsageError{fmt.Sprintf(format, args...)} }

// ErrHelp means help was asked for and printed: exit 0.
var ErrHelp = errors.New("help printed")

// FlagSet wraps flag.FlagSet so that every problem becomes one UsageError
// that names the flag, the value and what is accepted.
type FlagSet struct {
	*flag.FlagSet
	valueErr error // the first error a flag's Set returned, already worded
	usage    string
}

// NewFlagSet makes the flags of the command `momentum name`; usage is what
// --help prints above the flags.
func NewFlagSet(name, usage string) *FlagSet {
	fs := &FlagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), usage: usage}
	fs.SetOutput(io.Discard)
	return fs
}

// Value registers a flag whose parse function returns a worded error.
func (fs *FlagSet) Value(name, help string, set func(string) error) {
	fs.Func(name, help, func(s string) error {
		if err := set(s); err != nil {
			if fs.valueErr == nil {
				fs.valueErr = fmt.Errorf("--%s: %w", name, err)
			}
			return err
		}
		return nil
	})
}

// Int registers a whole-number flag from least to most (math.MaxInt: no
// upper bound); dst holds the default.
func (fs *FlagSet) Int(name, help string, dst *int, least, most int) {
	fs.Value(name, help, func(s string) error {
		v, err := strconv.Atoi(s)
		if err != nil || v < least || v > most {
			if most == math.MaxInt {
				return fmt.Errorf("%q is not allowed; want a whole number ≥ %d", s, least)
			}
			return fmt.Errorf("%q is not allowed; want a whole number from %d to %d", s, least, most)
		}
		*dst = v
		return nil
	})
}

// ParseArgs parses args; help goes to stdout and returns ErrHelp.
func (fs *FlagSet) ParseArgs(args []string, stdout io.Writer) error {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, fs.usage)
		fs.PrintFlags(stdout)
		return ErrHelp
	case fs.valueErr != nil:
		return UsageError{fs.valueErr.Error()}
	case err != nil:
		msg := err.Error()
		if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
			return Usagef("unknown flag --%s; see '%s --help' for the flags", name, fs.command())
		}
		if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
			if f := fs.Lookup(name); f != nil {
				_, usage := flag.UnquoteUsage(f)
				return Usagef("--%s: needs a value: %s", name, usage)
			}
			return Usagef("--%s: needs a value", name)
		}
		return UsageError{msg}
	case fs.NArg() > 0:
		return Usagef("unexpected argument %q; '%s' takes only flags", fs.Arg(0), fs.command())
	}
	return nil
}

// PrintFlags lists the flags as the user types them, --name (flag's own
// PrintDefaults says -name), each with its value's name and its help on the
// next line. Defaults are in the help texts, since most flags' defaults
// depend on the landscape.
func (fs *FlagSet) PrintFlags(w io.Writer) {
	var b strings.Builder
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		if isBool(f) {
			name = ""
		}
		fmt.Fprintf(&b, "  --%s", f.Name)
		if name != "" {
			fmt.Fprintf(&b, " %s", name)
		}
		fmt.Fprintf(&b, "\n      %s\n", strings.ReplaceAll(usage, "\n", "\n      "))
	})
	io.WriteString(w, b.String())
}

// isBool reports whether a flag takes no value (--play, not --play true).
func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// IsSet reports whether the user gave the flag.
func (fs *FlagSet) IsSet(name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

// command is how the user typed the command: "momentum run", or just
// "momentum" for the simulator, whose flag set is named "momentum".
func (fs *FlagSet) command() string {
	if fs.Name() == "momentum" {
		return "momentum"
	}
	return "momentum " + fs.Name()
}

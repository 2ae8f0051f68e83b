// Command momentum is a terminal simulator of momentum in gradient descent:
// a particle rolls over a 2-D loss landscape under gradient flow, the heavy
// ball or damped dynamics. See README.md.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/momentum-sim/momentum/settings"
)

func main() {
	err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	os.Exit(exitCode(err, os.Stderr))
}

func exitCode(err error, stderr io.Writer) int {
	var ue settings.UsageError
	switch {
	case err == nil, errors.Is(err, settings.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "momentum: "+ue.Msg)
		return 2
	default:
		fmt.Fprintln(stderr, "momentum: "+err.Error())
		return 1
	}
}

const topUsage = `momentum: see what mass, velocity and friction mean in gradient descent.

usage:
  momentum [flags]          the interactive simulator (flags: momentum -h)
  momentum run [flags]      simulate headlessly and print CSV
  momentum frame [flags]    print one screen of the simulator and exit
  momentum list             list the landscapes, lessons and methods
`

// run dispatches on the first argument. Anything that is not a subcommand
// is a flag of the interactive simulator.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "run":
			return runCmd(args[1:], stdout, stderr)
		case "list":
			return listCmd(args[1:], stdout)
		case "frame":
			return frameCmd(args[1:], stdout)
		case "help":
			fmt.Fprint(stdout, topUsage)
			return nil
		}
	}
	return uiCmd(args, stdin, stdout)
}

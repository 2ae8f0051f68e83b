package main

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzCommandLine feeds arbitrary arguments to frame, list, version, help,
// mistyped commands and the interactive simulator (whose stdout here is not
// a terminal, so it must refuse with exit 2 unless asked for help,
// --version or --print-command). Every outcome is exit 0
// or exit 2 with one line on stderr; never a panic.
func FuzzCommandLine(f *testing.F) {
	for _, s := range []string{
		"frame", "frame --landscape rosenbrock --race", "frame --expr x^2+y^2 --bounds -1,1,-1,1",
		"frame --scenario noise --seed 3", "frame --color sometimes", "frame --dt -1",
		"--print-command --lr 0.1 --momentum 0.9", "--play", "--race --method flow",
		"--expr sin(x)/y --noise 1", "--scenario critical --dt 1", "-h", "frame --expr ((((x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		args := strings.Fields(s)
		if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
			switch args[0] {
			case "frame", "list", "version", "help":
			default:
				if _, err := lookupCommand(args[0]); err == nil {
					// run has FuzzRun; serve would listen for ever, record
					// writes files, basins computes a whole grid.
					t.Skip()
				}
			}
		}
		for _, a := range args {
			if strings.Contains(a, "width") || strings.Contains(a, "height") || strings.Contains(a, "steps") {
				t.Skip() // the default 100×30 frame at step 0 keeps each run short
			}
		}
		var out, errOut bytes.Buffer
		code := exitCode(run(args, nil, &out, &errOut), &errOut)
		switch code {
		case 0:
			if errOut.Len() != 0 {
				t.Fatalf("%q: exit 0 with stderr %q", args, errOut.String())
			}
		case 2:
			if out.Len() != 0 || strings.Count(errOut.String(), "\n") != 1 || !strings.HasPrefix(errOut.String(), "momentum: ") {
				t.Fatalf("%q: exit 2 with stdout %q, stderr %q", args, out.String(), errOut.String())
			}
		default:
			t.Fatalf("%q: exit %d, stderr %q", args, code, errOut.String())
		}
	})
}

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestUINeedsATerminal(t *testing.T) {
	var out, errOut bytes.Buffer
	code := exitCode(run([]string{"--landscape", "bowl"}, strings.NewReader(""), &out, &errOut), &errOut)
	want := "momentum: the interactive simulator needs a terminal; use 'momentum frame' or 'momentum run'\n"
	if code != 2 || out.Len() != 0 || errOut.String() != want {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 2 and %q", code, out.String(), errOut.String(), want)
	}
}

// tmuxSocket is a private tmux server for these tests, so sessions do not
// race the shutdown of a shared server (or touch a developer's own).
var tmuxSocket = fmt.Sprintf("momentum-test-%d", os.Getpid())

func tmux(args ...string) *exec.Cmd {
	return exec.Command("tmux", append([]string{"-L", tmuxSocket}, args...)...)
}

// tmuxFormat asks tmux about a pane: alternate screen, cursor, mouse modes.
func tmuxFormat(t *testing.T, session, format string) string {
	out, err := tmux("display-message", "-p", "-t", session, format).Output()
	if err != nil {
		t.Fatalf("tmux display-message: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// However the simulator ends (q, SIGTERM, SIGHUP, SIGINT, SIGQUIT), the terminal is given
// back as it was: main screen, cursor shown, mouse reporting off, and the
// tty in cooked mode (checked with stty after the program exits).
func TestTerminalIsRestoredOnExit(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary in tmux")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	dir := t.TempDir()
	t.Cleanup(func() { tmux("kill-server").Run() })
	bin := filepath.Join(dir, "momentum")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, how := range []string{"q", "TERM", "HUP", "INT", "QUIT"} {
		t.Run(how, func(t *testing.T) {
			session := fmt.Sprintf("momentum-test-%d-%s", os.Getpid(), how)
			stty := filepath.Join(dir, "stty-"+how)
			startInTmux(t, session, bin+" --landscape bowl --play", stty)
			switch how {
			case "q":
				tmux("send-keys", "-t", session, "q").Run()
			default:
				out, err := exec.Command("pgrep", "-f", "^"+bin).Output()
				if err != nil {
					t.Fatalf("pgrep: %v", err)
				}
				pid := strings.Fields(string(out))[0]
				exec.Command("kill", "-"+how, pid).Run()
			}
			checkRestored(t, session, stty, "the program to exit", "after exit")
		})
	}
}

// startInTmux runs command in a new tmux session, then `stty -a` into the
// file stty, and waits for the simulator to take the screen: alternate
// screen, cursor hidden, mouse reporting on in SGR mode.
func startInTmux(t *testing.T, session, command, stty string) {
	t.Helper()
	script := fmt.Sprintf("%s; stty -a > %s; sleep 30", command, stty)
	if out, err := tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", script).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	waitFor(t, func() bool { return tmuxFormat(t, session, "#{alternate_on}") == "1" }, "the simulator to take the screen")
	if got := tmuxFormat(t, session, "#{cursor_flag} #{mouse_any_flag} #{mouse_sgr_flag}"); got != "0 1 1" {
		t.Fatalf("while running: cursor, mouse, sgr = %q, want 0 1 1", got)
	}
}

// checkRestored waits for the command startInTmux ran to end (what it
// waits for) and checks the terminal was given back as it was: main
// screen, cursor shown, mouse reporting off, the tty cooked.
func checkRestored(t *testing.T, session, stty, what, after string) {
	t.Helper()
	waitFor(t, func() bool {
		_, err := os.Stat(stty)
		return err == nil
	}, what)
	if got := tmuxFormat(t, session, "#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{mouse_sgr_flag}"); got != "0 1 0 0" {
		t.Errorf("%s: alternate, cursor, mouse, sgr = %q, want 0 1 0 0", after, got)
	}
	time.Sleep(100 * time.Millisecond)
	modes, _ := os.ReadFile(stty)
	for _, mode := range []string{" icanon", " echo ", " isig", " opost"} {
		if !strings.Contains(" "+strings.ReplaceAll(string(modes), "\n", " ")+" ", mode) {
			t.Errorf("%s the tty lacks %q: %s", after, mode, modes)
		}
	}
}

func waitFor(t *testing.T, ok func() bool, what string) {
	t.Helper()
	// The deadline only bounds a hang: a loaded machine (the race detector,
	// other tests) has taken more than 5 s to start a program in tmux.
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		if ok() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

// The local program's exports are new files in the directory: a second
// export of the same name gets -copy2, the first file stays as it was, and
// a directory that cannot be written gives an error that names it.
func TestDirSinkNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	sink := dirSink(dir)
	name := "momentum-bowl-step3.csv"
	where, err := sink.Export(name, []byte("first\n"))
	if err != nil || where != name {
		t.Fatalf("first export: %q, %v; want %q", where, err, name)
	}
	where2, err := sink.Export(name, []byte("second\n"))
	if err != nil || where2 != "momentum-bowl-step3-copy2.csv" {
		t.Fatalf("second export: %q, %v; want momentum-bowl-step3-copy2.csv", where2, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != "first\n" {
		t.Fatalf("the first file now holds %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, where2)); string(b) != "second\n" {
		t.Fatalf("the copy holds %q", b)
	}
	missing := filepath.Join(dir, "no", "such", "dir")
	if _, err := dirSink(missing).Export(name, nil); err == nil || !strings.Contains(err.Error(), "cannot write the trajectory in "+missing) {
		t.Fatalf("export to a missing directory: %v; want a clear error naming it", err)
	}
}

// An unknown flag names the command as the user typed it: "momentum", not
// "momentum momentum" (the simulator's flag set is named after the program).
func TestUnknownFlagNamesTheCommand(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--speed", "3"}, "see 'momentum --help'"},
		{[]string{"run", "--speed", "3"}, "see 'momentum run --help'"},
		{[]string{"frame", "--speed", "3"}, "see 'momentum frame --help'"},
	} {
		var out, errOut strings.Builder
		err := run(c.args, strings.NewReader(""), &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "momentum momentum") {
			t.Errorf("%q: error %v, want it to say %q", c.args, err, c.want)
		}
	}
}

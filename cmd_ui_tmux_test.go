//go:build linux || darwin

package main

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// tmuxSession starts command in a private tmux session of 100×30 and ends
// the server when the test does.
func tmuxSession(t *testing.T, name, command string) string {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	session := fmt.Sprintf("momentum-%s-%d", name, os.Getpid())
	t.Cleanup(func() { tmux("kill-server").Run() })
	if out, err := tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	return session
}

func capturePane(t *testing.T, session string) string {
	out, err := tmux("capture-pane", "-p", "-t", session).Output()
	if err != nil {
		t.Fatalf("capture-pane: %v", err)
	}
	return string(out)
}

var stepOnScreen = regexp.MustCompile(`step (\d+) `)

func stepShown(t *testing.T, session string) string {
	m := stepOnScreen.FindStringSubmatch(capturePane(t, session))
	if m == nil {
		return ""
	}
	return m[1]
}

// ctrl+z and a SIGTSTP from outside stop the program from an interactive
// shell: the shell gets its screen back (main screen, mouse reporting and
// bracketed paste off) and says the job stopped; fg brings the simulator
// back in raw mode (a key acts at once) on a repainted screen.
func TestSuspendAndResume(t *testing.T) {
	bin := momentumBinary(t)
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	session := tmuxSession(t, "suspend", "env PS1='ready> ' bash --norc --noprofile -i")
	waitFor(t, func() bool { return strings.Contains(capturePane(t, session), "ready>") }, "the shell")
	tmux("send-keys", "-t", session, bin+" --landscape bowl", "Enter").Run()
	waitFor(t, func() bool { return tmuxFormat(t, session, "#{alternate_on}") == "1" && stepShown(t, session) == "0" }, "the simulator")
	for i, how := range []string{"ctrl+z", "TSTP"} {
		if how == "ctrl+z" {
			tmux("send-keys", "-t", session, "C-z").Run()
		} else {
			out, err := exec.Command("pgrep", "-f", "^"+bin).Output()
			if err != nil {
				t.Fatalf("pgrep: %v", err)
			}
			exec.Command("kill", "-TSTP", strings.Fields(string(out))[0]).Run()
		}
		waitFor(t, func() bool { return strings.Contains(capturePane(t, session), "Stopped") }, how+": the shell to say the job stopped")
		if got := tmuxFormat(t, session, "#{alternate_on} #{mouse_any_flag} #{mouse_sgr_flag} #{cursor_flag}"); got != "0 0 0 1" {
			t.Errorf("%s: stopped with alternate, mouse, sgr, cursor = %q; want 0 0 0 1", how, got)
		}
		tmux("send-keys", "-t", session, "clear; fg", "Enter").Run()
		waitFor(t, func() bool { return tmuxFormat(t, session, "#{alternate_on} #{mouse_any_flag}") == "1 1" }, how+": fg to take the screen")
		waitFor(t, func() bool { return stepShown(t, session) == fmt.Sprint(i) }, how+": the repainted screen")
		tmux("send-keys", "-t", session, "n").Run() // no Enter: raw mode again
		waitFor(t, func() bool { return stepShown(t, session) == fmt.Sprint(i+1) }, how+": a key to act after fg")
	}
	tmux("send-keys", "-t", session, "q").Run()
	waitFor(t, func() bool { return tmuxFormat(t, session, "#{alternate_on}") == "0" }, "q to give the screen back")
}

// A paste goes in as bracketed paste (tmux brackets it only when the program
// asked for it): outside the / prompt it is ignored with a note, its q and w
// doing nothing; in the prompt it is the expression's text.
func TestPasteInTerminal(t *testing.T) {
	bin := momentumBinary(t)
	session := tmuxSession(t, "paste", bin+" --landscape bowl; sleep 30")
	waitFor(t, func() bool { return tmuxFormat(t, session, "#{alternate_on}") == "1" && stepShown(t, session) == "0" }, "the simulator")
	paste := func(text string) {
		tmux("set-buffer", "-b", "momentum-test", text).Run()
		tmux("paste-buffer", "-p", "-b", "momentum-test", "-t", session).Run()
	}
	paste("see the new wiki page: nnn 2 s w q")
	waitFor(t, func() bool { return strings.Contains(capturePane(t, session), "paste ignored") }, "the note")
	if got := tmuxFormat(t, session, "#{alternate_on}"); got != "1" || stepShown(t, session) != "0" {
		t.Fatalf("after the paste: alternate %s, step %q; want the simulator still at step 0", got, stepShown(t, session))
	}
	tmux("send-keys", "-t", session, "/").Run()
	paste("x^2 + 3*y^2")
	waitFor(t, func() bool { return strings.Contains(capturePane(t, session), "x^2 + 3*y^2") }, "the pasted expression")
	tmux("send-keys", "-t", session, "Escape").Run()
	// An escape and a q that reach the program in one read are alt+q (as
	// in any terminal program): the q waits until the prompt has closed.
	waitFor(t, func() bool { return !strings.Contains(capturePane(t, session), "esc: cancel") }, "escape to close the prompt")
	tmux("send-keys", "-t", session, "q").Run()
	waitFor(t, func() bool { return tmuxFormat(t, session, "#{alternate_on}") == "0" }, "q to give the screen back")
}

//go:build linux || darwin

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"

	"github.com/momentum-sim/momentum/internal/termbg"
)

// momentumBinary builds the program for a test that runs it (go build's
// cache makes every build after the first a link).
func momentumBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "momentum")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// ptyScreen is what the program wrote to its pseudo-terminal, read as it
// comes.
type ptyScreen struct {
	mu  sync.Mutex
	out strings.Builder
}

func (s *ptyScreen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.String()
}

func (s *ptyScreen) waitFor(t *testing.T, what string, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < within {
		if out := s.String(); strings.Contains(out, what) || strings.Contains(ansi.Strip(out), what) {
			return time.Since(start)
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("%q did not appear within %v; the screen ends %q", what, within, lastBytes(s.String(), 300))
	return 0
}

func lastBytes(s string, n int) string { return s[max(0, len(s)-n):] }

// startInPty runs the program on a fresh pseudo-terminal of 100×30 that
// answers nothing: no background colour, no device attributes, no cursor
// report. CI is unset, as in a user's shell: termenv asks the terminal
// only then (see internal/quietstart), so this is where a stall would show.
func startInPty(t *testing.T, env []string, args ...string) (*exec.Cmd, *os.File, *ptyScreen) {
	t.Helper()
	return startBinInPty(t, momentumBinary(t), env, args...)
}

func startBinInPty(t *testing.T, bin string, env []string, args ...string) (*exec.Cmd, *os.File, *ptyScreen) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "COLORFGBG=", "NO_COLOR=", "CI=")
	cmd.Env = append(cmd.Env, env...)
	cmd.Dir = t.TempDir()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 30, Cols: 100})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		f.Close()
	})
	s := &ptyScreen{}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			s.mu.Lock()
			s.out.Write(buf[:n])
			s.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return cmd, f, s
}

func exitOf(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the program did not exit")
	}
	return cmd.ProcessState.ExitCode()
}

// On a terminal that answers nothing, the first frame comes at once: the
// program's own question waits 100 ms for an answer (about 0.11 s from
// start to frame unloaded), nothing asks before main (bubbletea's init
// would have asked for a cursor report and waited 5 s), and a key typed
// while the program waits is not lost. The same on a CI machine (CI set),
// where the program is on a terminal all the same and colours it.
func TestFirstFrameWithoutTerminalAnswers(t *testing.T) {
	bin := momentumBinary(t)
	for _, c := range []struct{ name, ci string }{{"a user's shell", ""}, {"CI set", "true"}} {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			cmd, f, screen := startBinInPty(t, bin, []string{"CI=" + c.ci}, "--landscape", "bowl")
			screen.waitFor(t, termbg.Query, 30*time.Second)
			asked := time.Now()
			f.Write([]byte("n")) // typed while the program waits for an answer
			screen.waitFor(t, "step ", 30*time.Second)
			// The wait is 100 ms; a loaded machine (-race, other tests) may
			// take longer to start and draw, but nothing near a 5 s wait.
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("the first frame came %v after the start; want about 0.1 s", d)
			}
			t.Logf("first frame %v after the start, %v after the query", time.Since(start), time.Since(asked))
			if out := screen.String(); strings.Contains(out, "\x1b[6n") {
				t.Errorf("something asked for a cursor report, which this terminal never answers: %q", lastBytes(out, 300))
			}
			// The key counted: w writes the trajectory, named by its step.
			f.Write([]byte("w"))
			csv := filepath.Join(cmd.Dir, "momentum-bowl-step1.csv")
			for i := 0; ; i++ {
				if _, err := os.Stat(csv); err == nil {
					break
				}
				if i == 3000 {
					entries, _ := os.ReadDir(cmd.Dir)
					t.Fatalf("no %s after n and w; the directory holds %v", filepath.Base(csv), entries)
				}
				time.Sleep(10 * time.Millisecond)
			}
			f.Write([]byte("q"))
			if code := exitOf(t, cmd); code != 0 {
				t.Errorf("q: exit %d", code)
			}
		})
	}
}

// The program's inits run in import-path order among those whose imports
// are ready, which puts internal/quietstart (it imports only os) before
// termenv and so before bubbletea's init, which would ask the terminal.
// GODEBUG=inittrace=1 prints each init as it runs.
func TestQuietStartRunsBeforeBubbletea(t *testing.T) {
	cmd := exec.Command(momentumBinary(t), "version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	at := func(pkg string) int {
		i := strings.Index(string(out), "init "+pkg+" @")
		if i < 0 {
			t.Fatalf("no init of %s in the trace:\n%s", pkg, out)
		}
		return i
	}
	if q, b := at("github.com/momentum-sim/momentum/internal/quietstart"), at("github.com/charmbracelet/bubbletea"); q > b {
		t.Error("bubbletea's init ran before quietstart's: it may ask the terminal and wait 5 s")
	}
}

// With COLORFGBG set the terminal is not asked at all.
func TestColorFGBGSkipsTheQuery(t *testing.T) {
	cmd, f, screen := startInPty(t, []string{"COLORFGBG=0;15"}, "--landscape", "bowl")
	screen.waitFor(t, "step 0", 5*time.Second)
	if strings.Contains(screen.String(), termbg.Query) {
		t.Error("asked for the background although COLORFGBG says it")
	}
	f.Write([]byte("\x03")) // ctrl+c as a key
	if code := exitOf(t, cmd); code != 0 {
		t.Errorf("ctrl+c: exit %d, want 0", code)
	}
}

// Signals end the program with 128 + their number and the screen given
// back; SIGQUIT also prints the goroutines, after the screen is back.
func TestSignalExitCodes(t *testing.T) {
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}, {syscall.SIGHUP, 129}, {syscall.SIGQUIT, 131}} {
		t.Run(c.sig.String(), func(t *testing.T) {
			cmd, _, screen := startInPty(t, nil, "--landscape", "bowl", "--play")
			// The first frame (playing, it may already be past step 0 on
			// a loaded machine); the waits only bound a hang.
			screen.waitFor(t, "bowl", 30*time.Second)
			cmd.Process.Signal(c.sig)
			if code := exitOf(t, cmd); code != c.code {
				t.Errorf("exit %d, want %d", code, c.code)
			}
			screen.waitFor(t, "\x1b[?1049l", 30*time.Second) // the last of the output
			if c.sig == syscall.SIGQUIT {
				screen.waitFor(t, "goroutine ", 30*time.Second)
			}
			out := screen.String()
			leave := strings.LastIndex(out, "\x1b[?1049l")
			if leave < 0 || !strings.Contains(out[:leave], "\x1b[?2004l") {
				t.Fatalf("the screen was not given back: ends %q", lastBytes(out, 200))
			}
			after := out[leave:]
			if c.sig == syscall.SIGQUIT {
				if !strings.Contains(after, "quit") || !strings.Contains(after, "goroutine ") {
					t.Errorf("SIGQUIT printed no goroutines after leaving the screen: %q", lastBytes(after, 200))
				}
			} else if strings.TrimSpace(after[len("\x1b[?1049l"):]) != "" {
				t.Errorf("printed %q after leaving the screen", after)
			}
		})
	}
}

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
// answers only the first cursor-position report (ESC [6n) and nothing else:
// no background colour, no device attributes. (bubbletea v1's package init
// asks termenv for the background with OSC 11 and a cursor report, waiting
// up to 5 s for an answer before main runs; every real terminal answers the
// cursor report, and the program cannot skip that query, which bubbletea v2
// drops. Any later query must not wait on the terminal.)
func startInPty(t *testing.T, env []string, args ...string) (*exec.Cmd, *os.File, *ptyScreen) {
	t.Helper()
	return startBinInPty(t, momentumBinary(t), env, args...)
}

func startBinInPty(t *testing.T, bin string, env []string, args ...string) (*exec.Cmd, *os.File, *ptyScreen) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	// CI is set as CI machines set it: the program is on a terminal all
	// the same and must colour it (and so ask for its background).
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "COLORFGBG=", "NO_COLOR=", "CI=true")
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
		answered := false
		for {
			n, err := f.Read(buf)
			s.mu.Lock()
			s.out.Write(buf[:n])
			s.mu.Unlock()
			if !answered && strings.Contains(string(buf[:n]), "\x1b[6n") {
				answered = true
				f.Write([]byte("\x1b[1;1R"))
			}
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

// On a terminal that answers neither the background query nor the device
// attributes, the first frame comes at once (the query waits 100 ms for an
// answer, not termenv's 5 s: about 0.15 s from start to frame unloaded),
// and a key typed while the program waits is not lost.
func TestFirstFrameWithoutTerminalAnswers(t *testing.T) {
	bin := momentumBinary(t)
	start := time.Now()
	cmd, f, screen := startBinInPty(t, bin, nil, "--landscape", "bowl")
	screen.waitFor(t, termbg.Query, 5*time.Second)
	asked := time.Now()
	f.Write([]byte("n")) // typed while the program waits for an answer
	screen.waitFor(t, "step ", 5*time.Second)
	// The wait is 100 ms; a loaded machine (-race, other tests) may take
	// longer to draw, but nothing near termenv's 5 s wait for an answer.
	if d := time.Since(asked); d > 3*time.Second {
		t.Errorf("the first frame came %v after the query; want about 100 ms", d)
	}
	t.Logf("first frame %v after the start, %v after the query", time.Since(start), time.Since(asked))
	// The key counted: w writes the trajectory, named by its step.
	f.Write([]byte("w"))
	csv := filepath.Join(cmd.Dir, "momentum-bowl-step1.csv")
	for i := 0; ; i++ {
		if _, err := os.Stat(csv); err == nil {
			break
		}
		if i == 200 {
			entries, _ := os.ReadDir(cmd.Dir)
			t.Fatalf("no %s after n and w; the directory holds %v", filepath.Base(csv), entries)
		}
		time.Sleep(10 * time.Millisecond)
	}
	f.Write([]byte("q"))
	if code := exitOf(t, cmd); code != 0 {
		t.Errorf("q: exit %d", code)
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

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Bad serve flags exit 2 with one line naming the flag; a port in use
// exits 1 saying so.
func TestServeFlagErrors(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "key")
	garbage := filepath.Join(dir, "garbage")
	os.WriteFile(garbage, []byte("not a key"), 0o600)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--listen", "2222"}, 2, `momentum: --listen: "2222" is not allowed; want host:port or :port`},
		{[]string{"--idle-timeout", "-1m"}, 2, `momentum: --idle-timeout: "-1m" is not allowed; want a duration such as 30m, 1h30m or 0`},
		{[]string{"--max-sessions", "0"}, 2, `momentum: --max-sessions: "0" is not allowed; want a whole number from 1 to 10000`},
		{[]string{"--host-key", garbage}, 2, "momentum: --host-key: " + garbage + " is not a private key without a passphrase"},
		{[]string{"--host-key", key, "--authorized-keys", filepath.Join(dir, "none")}, 2, "momentum: --authorized-keys: cannot read the authorized keys: open " + filepath.Join(dir, "none")},
		{[]string{"--host-key", key, "--listen", busy.Addr().String()}, 1, "momentum: cannot listen on " + busy.Addr().String() + ": bind: address already in use"},
		{[]string{"--landscape", "bowls"}, 2, `momentum: --landscape: unknown landscape "bowls"`},
	} {
		var out, errOut bytes.Buffer
		code := exitCode(run(append([]string{"serve"}, c.args...), nil, &out, &errOut), &errOut)
		lines := strings.Split(strings.TrimSuffix(errOut.String(), "\n"), "\n")
		if code != c.code || out.Len() != 0 || len(lines) != 1 || !strings.HasPrefix(lines[0], c.want) {
			t.Errorf("serve %v: exit %d, stdout %q, stderr %q; want %d and one line starting %q", c.args, code, out.String(), errOut.String(), c.code, c.want)
		}
	}
}

// SIGTERM and SIGINT end every session with its terminal restored, and the
// server exits 0 within a second.
func TestServeStopsOnSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if shutdownGrace >= time.Second {
		t.Fatalf("shutdownGrace %v: the issue asks for an exit within a second", shutdownGrace)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "momentum")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		cmd := exec.Command(bin, "serve", "--listen", "127.0.0.1:0", "--host-key", filepath.Join(dir, "host_key"))
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(stderr)
		var addr string
		for addr == "" && lines.Scan() {
			if m := regexp.MustCompile(`listening on (\S+);`).FindStringSubmatch(lines.Text()); m != nil {
				addr = m[1]
			}
		}
		var logged lockedBuffer
		go func() {
			for lines.Scan() {
				logged.Write([]byte(lines.Text() + "\n"))
			}
		}()
		if addr == "" {
			cmd.Process.Kill()
			t.Fatal("the server did not say where it listens")
		}

		conn, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "s", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
		if err != nil {
			cmd.Process.Kill()
			t.Fatal(err)
		}
		sess, _ := conn.NewSession()
		var screen lockedBuffer
		sess.Stdout = &screen
		keys, _ := sess.StdinPipe() // open: a client's EOF ends its session
		defer keys.Close()
		sess.RequestPty("xterm", 30, 100, gossh.TerminalModes{})
		if err := sess.Shell(); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(10 * time.Second); !strings.Contains(screen.String(), "ravine") && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
		}

		began := time.Now()
		cmd.Process.Signal(sig)
		err = cmd.Wait()
		took := time.Since(began)
		sess.Wait()
		conn.Close()
		// The server's own wait is bounded by shutdownGrace (under a
		// second, checked below); the wall time around it also holds the
		// process's start of exit, which a loaded machine can stretch, so
		// the clock here only bounds a hang and the time is logged.
		if err != nil || took > 10*time.Second {
			t.Errorf("%v: the server ended with %v after %v; want exit 0 within shutdownGrace", sig, err, took)
		}
		t.Logf("%v: exit 0 after %v", sig, took)
		out := screen.String()
		if !strings.Contains(out, "\x1b[?1049l") || !strings.HasSuffix(out, "momentum: the server is shutting down: the session ended\r\n") {
			t.Errorf("%v: the session was not given its terminal back and told; it ends %q; the server said:\n%s", sig, out[max(0, len(out)-100):], logged.String())
		}
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serve takes every simulator flag the interactive program takes, so a
// class starts wherever the teacher's own command line does; only what
// concerns the local terminal or prints and exits is left out.
func TestServeTakesTheSimulatorFlags(t *testing.T) {
	flagsOf := func(args ...string) map[string]bool {
		var out, errOut bytes.Buffer
		if err := run(append(args, "--help"), nil, &out, &errOut); err != nil && err.Error() != "help printed" {
			t.Fatal(err)
		}
		names := map[string]bool{}
		for _, m := range regexp.MustCompile(`(?m)^\s+--(\S+)`).FindAllStringSubmatch(out.String(), -1) {
			names[m[1]] = true
		}
		return names
	}
	ui, srv := flagsOf(), flagsOf("serve")
	localOnly := map[string]bool{"print-command": true, "version": true, "color": true}
	for name := range ui {
		if !srv[name] && !localOnly[name] {
			t.Errorf("momentum --%s has no counterpart in momentum serve", name)
		}
	}
	if len(ui) < 10 {
		t.Fatalf("read %d flags from momentum --help", len(ui))
	}
}

// With OpenSSH, the client students use, in a real terminal (tmux): the
// simulator takes the screen and mouse, and however the session ends (q,
// or the server stopped) the student's terminal is as it was: main screen,
// cursor shown, mouse reporting off, the tty cooked; a stopped server says
// so on the student's screen.
func TestServeWithOpenSSH(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary and ssh in tmux")
	}
	for _, tool := range []string{"tmux", "ssh"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skip(tool + " is not installed")
		}
	}
	dir := t.TempDir()
	t.Cleanup(func() { tmux("kill-server").Run() })
	bin := filepath.Join(dir, "momentum")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, how := range []string{"q", "TERM"} {
		t.Run(how, func(t *testing.T) {
			srv := exec.Command(bin, "serve", "--listen", "127.0.0.1:0", "--host-key", filepath.Join(dir, "host_key"), "--landscape", "bowl")
			stderr, _ := srv.StderrPipe()
			if err := srv.Start(); err != nil {
				t.Fatal(err)
			}
			defer srv.Process.Kill()
			lines := bufio.NewScanner(stderr)
			port := ""
			for port == "" && lines.Scan() {
				if m := regexp.MustCompile(`listening on 127\.0\.0\.1:(\d+);`).FindStringSubmatch(lines.Text()); m != nil {
					port = m[1]
				}
			}
			go func() {
				for lines.Scan() {
				}
			}()

			session := fmt.Sprintf("momentum-serve-test-%d-%s", os.Getpid(), how)
			stty := filepath.Join(dir, "stty-"+how)
			startInTmux(t, session, "ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p "+port+" 127.0.0.1", stty)
			switch how {
			case "q":
				tmux("send-keys", "-t", session, "q").Run()
			case "TERM":
				srv.Process.Signal(syscall.SIGTERM)
			}
			checkRestored(t, session, stty, "ssh to exit", "after the session")
			if how == "TERM" {
				pane, _ := tmux("capture-pane", "-p", "-t", session).Output()
				if !strings.Contains(string(pane), "momentum: the server is shutting down: the session ended") {
					t.Errorf("the student's screen does not say the server stopped:\n%s", pane)
				}
				if err := srv.Wait(); err != nil {
					t.Errorf("the server exited with %v, want 0", err)
				}
			}
		})
	}
}

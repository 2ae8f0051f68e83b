package serve

import (
	"cmp"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/momentum-sim/momentum/settings"
)

// newSigner is a fresh ed25519 key, for a host or a client.
func newSigner(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustParse(t testing.TB, args ...string) settings.Settings {
	t.Helper()
	s, err := settings.Parse(args)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testServer is a server on a loopback port, shut down when the test ends.
type testServer struct {
	*Server
	addr   string
	served chan error
}

func startServer(t testing.TB, cfg Config) *testServer {
	t.Helper()
	if cfg.HostKey == nil {
		cfg.HostKey = newSigner(t)
	}
	if cfg.MaxSessions == 0 {
		cfg.MaxSessions = 64
	}
	if cfg.Start.Landscape == "" && cfg.Start.Expr == "" {
		cfg.Start = mustParse(t)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{Server: srv, addr: l.Addr().String(), served: make(chan error, 1)}
	go func() { ts.served <- srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		<-ts.served
	})
	return ts
}

// dial connects as a student; with no signer, with no authentication.
func (ts *testServer) dial(t testing.TB, key gossh.Signer) (*gossh.Client, error) {
	t.Helper()
	cfg := &gossh.ClientConfig{
		User:            "student",
		HostKeyCallback: gossh.FixedHostKey(ts.cfg.HostKey.PublicKey()),
		Timeout:         10 * time.Second,
	}
	if key != nil {
		cfg.Auth = []gossh.AuthMethod{gossh.PublicKeys(key)}
	}
	return gossh.Dial("tcp", ts.addr, cfg)
}

// syncBuffer is a buffer written by the ssh library's copy goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// student is one ssh session with a pty, as `ssh -p 2222 host` opens it.
type student struct {
	t      testing.TB
	conn   *gossh.Client
	sess   *gossh.Session
	in     io.WriteCloser
	screen *vterm
	stderr syncBuffer
	exit   chan error
}

// connect opens a session with a w×h pty and a shell request.
func (ts *testServer) connect(t testing.TB, w, h int) *student {
	t.Helper()
	conn, err := ts.dial(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	return openStudent(t, conn, w, h)
}

// openStudent opens a session on conn as ssh does: a w×h pty, then a
// shell request; the connection closes when the session ends.
func openStudent(t testing.TB, conn *gossh.Client, w, h int) *student {
	return openTerminal(t, conn, w, h, "rgb:0000/0000/0000")
}

// openTerminal is openStudent with a terminal whose background is bg (an
// X11 colour it reports to OSC 11), or that does not answer queries ("").
func openTerminal(t testing.TB, conn *gossh.Client, w, h int, bg string, env ...string) *student {
	t.Helper()
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	// A 0×0 pty is drawn at 80×24 (see forwardSizes).
	s := &student{t: t, conn: conn, sess: sess, screen: newVterm(cmp.Or(w, 80), cmp.Or(h, 24)), exit: make(chan error, 1)}
	sess.Stdout, sess.Stderr = s.screen, &s.stderr
	if s.in, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	ended := make(chan struct{})
	if bg != "" {
		s.screen.bg = bg
		// One goroutine writes the answers, in the order the terminal
		// gives them, as a terminal would: the colour, then DA1, which
		// says the colour has come.
		answers := make(chan string, 16)
		s.screen.answer = func(a string) { answers <- a }
		go func() {
			for {
				select {
				case a := <-answers:
					io.WriteString(s.in, a)
				case <-ended:
					return
				}
			}
		}()
	}
	for i := 0; i+1 < len(env); i += 2 {
		if err := sess.Setenv(env[i], env[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() {
		err := sess.Wait()
		close(ended)
		conn.Close() // as ssh does once its session ends
		s.exit <- err
	}()
	t.Cleanup(func() { conn.Close() })
	return s
}

func (s *student) typ(keys string) {
	s.t.Helper()
	if _, err := io.WriteString(s.in, keys); err != nil {
		s.t.Fatalf("typing %q: %v", keys, err)
	}
}

func (s *student) resize(w, h int) {
	s.t.Helper()
	s.screen.resize(w, h)
	if err := s.sess.WindowChange(h, w); err != nil {
		s.t.Fatal(err)
	}
}

// sees waits until the screen shows all of want.
func (s *student) sees(want ...string) {
	s.t.Helper()
	eventually(s.t, strings.Join(want, ", "), func() bool {
		text := s.screen.text()
		for _, w := range want {
			if !strings.Contains(text, w) {
				return false
			}
		}
		return true
	}, func() string { return s.screen.text() })
}

// ends waits for the session to end and returns its exit status.
func (s *student) ends() int {
	s.t.Helper()
	select {
	case err := <-s.exit:
		var exit *gossh.ExitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &exit):
			return exit.ExitStatus()
		}
		s.t.Fatalf("the session ended without an exit status: %v", err)
	case <-time.After(30 * time.Second):
		s.t.Fatal("the session did not end")
	}
	return -1
}

func eventually(t testing.TB, what string, ok func() bool, show func() string) {
	t.Helper()
	// The deadline only bounds a hang: a loaded machine running the race
	// detector may take seconds for what takes milliseconds alone.
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; have:\n%s", what, show())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

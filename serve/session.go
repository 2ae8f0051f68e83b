package serve

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"github.com/momentum-sim/momentum/internal/termbg"
	"github.com/momentum-sim/momentum/model"
)

// Why a session ended, as its context's cause.
var (
	errShutdown = errors.New("the server is shutting down")
	errIdle     = errors.New("idle")
	errGone     = errors.New("the client went away")
)

// stuckGrace is how long a session whose context ended may take to
// finish: long enough to write its last frame and give the terminal back.
const stuckGrace = 2 * time.Second

// ending is what the logging middleware reports when a session ends; the
// handlers inside fill it in.
type ending struct{ why string }

type endingKey struct{}

func endingOf(sess ssh.Session) *ending {
	if e, ok := sess.Context().Value(endingKey{}).(*ending); ok {
		return e
	}
	return &ending{}
}

// logging writes one line when a session starts and one when it ends: the
// remote address, and at the end how long it lasted and why it ended.
func (s *Server) logging(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		start := time.Now()
		end := &ending{why: "quit"}
		sess.Context().SetValue(endingKey{}, end)
		who := fmt.Sprintf("user %q", sess.User())
		if key := sess.PublicKey(); key != nil {
			who += ", key " + gossh.FingerprintSHA256(key) // the user name is the client's to choose
		}
		pty, _, ok := sess.Pty()
		if ok {
			s.log.Printf("start %s %s, %s, %d×%d", sess.RemoteAddr(), who, pty.Term, pty.Window.Width, pty.Window.Height)
		} else {
			s.log.Printf("start %s %s, no terminal", sess.RemoteAddr(), who)
		}
		next(sess)
		s.log.Printf("end   %s after %s: %s", sess.RemoteAddr(), time.Since(start).Round(time.Second), end.why)
	}
}

// refuse turns away what is not a terminal session: a command (ssh host
// ls) or no pty (ssh -T). There is nothing to run but the simulator, which
// needs a terminal.
func refuse(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		_, _, pty := sess.Pty()
		switch {
		case sess.RawCommand() != "":
			turnAway(sess, "this server runs no commands, only the simulator: connect with ssh -t and no command", "refused: a command")
		case !pty:
			turnAway(sess, "the simulator needs a terminal: connect with ssh -t", "refused: no terminal")
		default:
			next(sess)
		}
	}
}

// limit keeps the class to MaxSessions.
func (s *Server) limit(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if err := s.enter(); err != nil {
			turnAway(sess, err.Error(), "refused: "+err.Error())
			return
		}
		defer s.leave()
		next(sess)
	}
}

// turnAway ends a session with one line on its stderr and exit status 1.
func turnAway(sess ssh.Session, msg, why string) {
	endingOf(sess).why = why
	fmt.Fprintf(sess.Stderr(), "momentum: %s\n", msg)
	_ = sess.Exit(1)
}

// simulator is the innermost handler: one simulator on the session's pty.
func (s *Server) simulator(ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		end := endingOf(sess)
		msg, code := s.run(sess, end)
		if msg != "" {
			// After the simulator gave the screen back, on the same
			// stream, so it lands below the restored terminal.
			fmt.Fprintf(sess, "momentum: %s\n", msg)
		}
		_ = sess.Exit(code)
	}
}

// run runs one simulator until it ends, and says why for the user (msg,
// shown after the terminal is restored) and for the log.
func (s *Server) run(sess ssh.Session, end *ending) (msg string, code int) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Printf("panic in session %s: %v", sess.RemoteAddr(), r)
			end.why = "crashed"
			msg, code = "the session crashed and was ended; the server keeps running", 1
		}
	}()
	ctx, cancel := context.WithCancelCause(sess.Context())
	defer cancel(nil)
	defer context.AfterFunc(s.ctx, func() { cancel(errShutdown) })()
	// A client that stops reading blocks the simulator's writes once the
	// channel's window is full, and then ending its context cannot end
	// it: after stuckGrace its connection is cut, which fails the writes.
	ran := make(chan struct{})
	defer close(ran)
	defer context.AfterFunc(ctx, func() {
		t := time.NewTimer(stuckGrace)
		defer t.Stop()
		select {
		case <-ran:
		case <-t.C:
			if c, ok := sess.Context().Value(ssh.ContextKeyConn).(io.Closer); ok {
				s.log.Printf("session %s: not reading; connection cut", sess.RemoteAddr())
				c.Close()
			}
		}
	})()

	_, winch, _ := sess.Pty()
	profile := colorProfile(sess.Environ())
	out := &lockedWriter{w: sess}
	in := newInput(sess, func() { cancel(errGone) })
	defer in.stop()
	// The background matters only with colour. It is asked before the
	// simulator is built, so the answer's round trip overlaps that work.
	asked := profile != termenv.Ascii
	if asked {
		if _, err := io.WriteString(out, termbg.Query); err != nil {
			end.why = "disconnected"
			return "", 0
		}
	}
	if s.cfg.IdleTimeout > 0 {
		go in.watch(ctx, s.cfg.IdleTimeout, cancel)
	}
	sizes := make(chan model.Size)
	go forwardSizes(ctx, winch, sizes)

	m, err := model.New(s.cfg.Start, model.NewStyles(profile, true))
	if err != nil { // New checked the same settings at start
		end.why = "cannot start: " + err.Error()
		return "cannot start the simulator: " + err.Error(), 1
	}
	dark := !asked || in.dark(cmp.Or(s.cfg.backgroundWait, backgroundWait))
	// One worker for the basin map: with every core per session, one
	// student's map would slow every other session for seconds.
	err = model.Run(ctx, model.Session{In: in, Out: out, Sizes: sizes, Profile: profile, Dark: dark,
		Export: s.newSink(out), BasinWorkers: 1}, m)
	cause := context.Cause(ctx)
	switch {
	case errors.Is(err, model.ErrCrashed):
		s.log.Printf("session %s: %v", sess.RemoteAddr(), err)
		end.why = "crashed"
		return "the simulator crashed and this session ended; the server keeps running. Please report how you got here.", 1
	case err != nil:
		end.why = "lost: " + err.Error()
		return "", 1
	case errors.Is(cause, errIdle):
		end.why = "idle"
		return fmt.Sprintf("no key pressed for %s: the session ended", shortDuration(s.cfg.IdleTimeout)), 0
	case errors.Is(cause, errShutdown):
		end.why = "server shut down"
		return "the server is shutting down: the session ended", 0
	case cause != nil:
		end.why = "disconnected"
		return "", 0
	}
	return "", 0
}

// shortDuration is d as a flag would give it: 30m, 1h, 1h30m, 400ms.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// forwardSizes passes the pty's window changes to the simulator, clamped
// to MaxWidth×MaxHeight. It drains winch until the session closes it even
// after ctx ends: charmbracelet/ssh blocks the session's request loop on a
// window change nobody reads.
func forwardSizes(ctx context.Context, winch <-chan ssh.Window, sizes chan<- model.Size) {
	for w := range winch {
		sz := model.Size{Width: min(w.Width, MaxWidth), Height: min(w.Height, MaxHeight)}
		if sz.Width <= 0 || sz.Height <= 0 {
			sz = model.Size{Width: 80, Height: 24} // the client did not say
		}
		select {
		case sizes <- sz:
		case <-ctx.Done():
		}
	}
}

// colorProfile is what the client's terminal can show, from its TERM (sent
// with the pty request) and the variables its ssh sends (COLORTERM,
// NO_COLOR where the client's SendEnv passes them).
func colorProfile(env []string) termenv.Profile {
	return termenv.NewOutput(io.Discard, termenv.WithEnvironment(environ(env)), termenv.WithUnsafe()).EnvColorProfile()
}

// environ is a session's environment for termenv.
type environ []string

func (e environ) Environ() []string { return e }

func (e environ) Getenv(key string) string {
	for _, kv := range e {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v
		}
	}
	return ""
}

// lockedWriter serialises the session's writes: the painter's frames and
// the export's OSC 52 sequence come from different goroutines, and each
// must reach the terminal whole.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// Package serve runs the simulator for many people at once over SSH: every
// session gets its own simulator in its own pty, and nothing a session does
// reaches the server's disk or shell. It is built on charmbracelet/wish
// (over charmbracelet/ssh), without wish's bubbletea middleware: the
// simulator paints itself (model.Run) and bubbletea's renderer must not run.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"

	"github.com/momentum-sim/momentum/model"
	"github.com/momentum-sim/momentum/settings"
)

// Config is what a server is started with.
type Config struct {
	HostKey        gossh.Signer      // the server's identity (see HostKey)
	MaxSessions    int               // sessions at once; the next is told the class is full
	IdleTimeout    time.Duration     // a session without a key for this long ends; 0: never
	AuthorizedKeys string            // an authorized_keys file; "": anyone who reaches the port
	Start          settings.Settings // every session's starting state
	Log            io.Writer         // one line per session start and end; nil: none

	// backgroundWait replaces the package's backgroundWait when set: a
	// test on a loaded machine waits for the terminal's answer as long
	// as it takes, so what it checks is the answer, not the clock.
	backgroundWait time.Duration
}

// MaxWidth and MaxHeight bound the screen a session is drawn on: a bigger
// window gets the simulator in its top-left corner. They bound one
// session's work per frame (the field, the charts, the repaint after a
// resize) near the largest size the frame budgets were measured at
// (BENCHMARKS.md), so one huge window cannot take the others' CPU.
const MaxWidth, MaxHeight = 300, 100

// Server is an SSH server of simulators.
type Server struct {
	cfg  Config
	ssh  *ssh.Server
	keys keySet // nil: no key check
	log  *log.Logger

	// ctx ends when the server shuts down; every session's context
	// derives from it.
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	active  int           // sessions running a simulator
	drained chan struct{} // closed once shut down and no session runs
	closing bool

	channels map[*gossh.ServerConn]int // session channels open, per connection (under mu)

	// newSink makes a session's export sink; tests swap it.
	newSink func(out io.Writer) model.ExportSink
}

// New makes a server. It checks the configuration (the settings build a
// simulator, the authorized keys parse) so that mistakes show at start,
// not when the first student connects.
func New(cfg Config) (*Server, error) {
	if cfg.HostKey == nil {
		return nil, errors.New("serve: no host key")
	}
	if cfg.MaxSessions < 1 {
		return nil, errors.New("serve: MaxSessions must be at least 1")
	}
	if _, err := model.New(cfg.Start, model.NewStyles(0, true)); err != nil {
		return nil, err
	}
	logw := cfg.Log
	if logw == nil {
		logw = io.Discard
	}
	s := &Server{
		cfg:      cfg,
		log:      log.New(logw, "", log.LstdFlags),
		drained:  make(chan struct{}),
		channels: map[*gossh.ServerConn]int{},
		newSink:  func(out io.Writer) model.ExportSink { return clipboardSink{out: out} },
	}
	if cfg.AuthorizedKeys != "" {
		keys, err := readAuthorizedKeys(cfg.AuthorizedKeys)
		if err != nil {
			return nil, err
		}
		s.keys = keys
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())

	opts := []ssh.Option{
		// An emulated pty: the client's pty request gives the size and
		// TERM, and no pty is opened on the server (there is nothing to
		// run in one).
		ssh.EmulatePty(),
		// Middlewares run last first: log, refuse what is not a
		// terminal session, enforce the limit, then run the simulator.
		wish.WithMiddleware(s.simulator, s.limit, refuse, s.logging),
		func(srv *ssh.Server) error {
			srv.AddHostKey(cfg.HostKey)
			srv.Version = "momentum"
			// No shell, exec, SFTP or forwarding handler is installed:
			// charmbracelet/ssh rejects subsystems, direct-tcpip channels
			// and tcpip-forward requests it has no handler for.
			srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{}
			srv.RequestHandlers = map[string]ssh.RequestHandler{}
			srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
			if cfg.IdleTimeout > 0 {
				// A backstop for connections that never open a session
				// (a stalled handshake): sessions end on their own,
				// with a message, at IdleTimeout.
				srv.IdleTimeout = cfg.IdleTimeout + 30*time.Second
			}
			return nil
		},
	}
	if s.keys != nil {
		opts = append(opts, wish.WithPublicKeyAuth(func(_ ssh.Context, key ssh.PublicKey) bool {
			return s.keys.admits(key)
		}))
	}
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, err
	}
	s.ssh = srv
	return s, nil
}

// Serve accepts connections on l until Shutdown, then returns nil.
func (s *Server) Serve(l net.Listener) error {
	err := s.ssh.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown ends every session (each gets its terminal back and a line
// saying why), waits for them until ctx ends, then closes every connection
// and the listener.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	if !s.closing {
		s.closing = true
		if s.active == 0 {
			close(s.drained)
		}
	}
	s.mu.Unlock()
	s.cancel()
	select {
	case <-s.drained:
	case <-ctx.Done():
	}
	// Clients close their connection once their session has exited; give
	// them what is left of ctx to do so, so the last bytes are not cut off
	// by a reset.
	err := s.ssh.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		err = nil
	}
	if cerr := s.ssh.Close(); err == nil {
		err = cerr
	}
	return err
}

// Active is the number of sessions running a simulator.
func (s *Server) Active() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.active
}

// Fingerprint is the host key's SHA256 fingerprint, for students to check
// the first time their ssh asks.
func (s *Server) Fingerprint() string { return gossh.FingerprintSHA256(s.cfg.HostKey.PublicKey()) }

// maxChannels bounds the session channels one connection may hold open:
// one is what ssh opens, a few what a multiplexing client might. Channels
// that never ask for a shell count nowhere else, and each costs memory.
const maxChannels = 8

// sessionChannel is charmbracelet/ssh's session channel handler, refused
// past maxChannels on one connection.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, ch gossh.NewChannel, ctx ssh.Context) {
	s.mu.Lock()
	full := s.channels[conn] >= maxChannels
	if !full {
		s.channels[conn]++
	}
	s.mu.Unlock()
	if full {
		ch.Reject(gossh.ResourceShortage, fmt.Sprintf("one connection may hold %d sessions", maxChannels))
		return
	}
	defer func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.channels[conn]--; s.channels[conn] == 0 {
			delete(s.channels, conn)
		}
	}()
	ssh.DefaultSessionHandler(srv, conn, ch, ctx) // returns when the channel closes
}

// enter takes a place in the class, or reports why there is none.
func (s *Server) enter() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closing:
		return errShutdown
	case s.active >= s.cfg.MaxSessions:
		return fmt.Errorf("the class is full: %s; try again later", sessions(s.cfg.MaxSessions))
	}
	s.active++
	return nil
}

// sessions is "1 session" or "n sessions".
func sessions(n int) string {
	if n == 1 {
		return "1 session"
	}
	return fmt.Sprintf("%d sessions", n)
}

// leave gives the place back.
func (s *Server) leave() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.active--
	if s.closing && s.active == 0 {
		close(s.drained)
	}
}

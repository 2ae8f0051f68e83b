package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os/signal"
	"syscall"
	"time"

	"github.com/momentum-sim/momentum/serve"
	"github.com/momentum-sim/momentum/settings"
)

const serveUsage = `usage: momentum serve [flags]

Serves the simulator over SSH: everyone who connects (ssh -p 2222 HOST)
gets their own simulator in their own terminal, starting from the
simulator flags given here. There is no shell, no command, no file
transfer and no port forwarding; w copies the CSV to the student's
clipboard (OSC 52) instead of writing a file. Without --authorized-keys
anyone who can reach the port may connect.

flags:
`

// shutdownGrace is how long SIGTERM or SIGINT waits for sessions to give
// their terminals back before the server closes every connection: the
// server exits within a second.
const shutdownGrace = 800 * time.Millisecond

func serveCmd(args []string, stdout, stderr io.Writer) error {
	fs := settings.NewFlagSet("serve", serveUsage)
	listen := ":2222"
	fs.Value("listen", "`address` to listen on, host:port (default :2222, every interface)", func(s string) error {
		if _, _, err := net.SplitHostPort(s); err != nil {
			return fmt.Errorf("%q is not allowed; want host:port or :port", s)
		}
		listen = s
		return nil
	})
	hostKey := fs.String("host-key", "", "`path` of the server's private key, made on first start (default $XDG_STATE_HOME/momentum/host_ed25519)")
	maxSessions := 64
	fs.Int("max-sessions", "sessions at once `N`; one more is told the class is full (default 64)", &maxSessions, 1, 10000)
	idle := 30 * time.Minute
	fs.Value("idle-timeout", "end a session after this `duration` without a key, such as 30m or 1h; 0 never (default 30m)", func(s string) error {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			return fmt.Errorf("%q is not allowed; want a duration such as 30m, 1h30m or 0", s)
		}
		idle = d
		return nil
	})
	authorized := fs.String("authorized-keys", "", "admit only the public keys in this authorized_keys `file` (default: anyone who reaches the port)")
	flags := settings.Register(fs, settings.DefaultLandscape)
	flags.Play(settings.PlayHelp)
	flags.Race(settings.RaceHelp)
	flags.Ghost(settings.GhostHelp)
	if err := fs.ParseArgs(args, stdout); err != nil {
		return err
	}
	start, err := flags.Resolve()
	if err != nil {
		return err
	}

	keyPath := *hostKey
	if keyPath == "" {
		if keyPath, err = serve.DefaultHostKeyPath(); err != nil {
			return err
		}
	}
	key, created, err := serve.HostKey(keyPath)
	if err != nil {
		return settings.Usagef("--host-key: %v", err)
	}
	srv, err := serve.New(serve.Config{
		HostKey: key, MaxSessions: maxSessions, IdleTimeout: idle,
		AuthorizedKeys: *authorized, Start: start, Log: stderr,
	})
	if err != nil {
		if *authorized != "" {
			return settings.Usagef("--authorized-keys: %v", err)
		}
		return err
	}
	l, err := net.Listen("tcp", listen)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", listen, errors.Unwrap(err))
	}

	made := "reused"
	if created {
		made = "new"
	}
	_, port, _ := net.SplitHostPort(l.Addr().String())
	fmt.Fprintf(stderr, "momentum serve: listening on %s; students type: ssh -p %s HOST\n", l.Addr(), port)
	fmt.Fprintf(stderr, "momentum serve: host key %s (%s), %s\n", keyPath, made, srv.Fingerprint())
	if *authorized == "" {
		fmt.Fprintln(stderr, "momentum serve: no --authorized-keys: anyone who can reach this port may connect")
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	return serveUntil(ctx, srv, l, stderr)
}

// serveUntil serves on l until ctx ends, then shuts the server down within
// shutdownGrace and returns nil.
func serveUntil(ctx context.Context, srv *serve.Server, l net.Listener, stderr io.Writer) error {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintf(stderr, "momentum serve: shutting down %d sessions\n", srv.Active())
	grace, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(grace); err != nil {
		return err
	}
	return <-served
}

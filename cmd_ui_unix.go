//go:build unix

package main

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/charmbracelet/x/term"
	"golang.org/x/sys/unix"

	"github.com/momentum-sim/momentum/internal/termbg"
	"github.com/momentum-sim/momentum/model"
)

// startHost follows the terminal for a session until ctx ends: its size
// now, after every SIGWINCH and after a continue (a resize while stopped
// reaches the shell, not us). Where a shell has job control over us, ctrl+z
// and SIGTSTP from outside suspend: the session gives the screen back, the
// tty's mode is restored and the process group stopped, and on SIGCONT (fg)
// the tty goes back to raw mode and the session repaints. A SIGCONT after a
// stop the session did not see (SIGSTOP from outside) sets raw mode again
// and asks for a repaint too.
func startHost(ctx context.Context, in, out *os.File, saved *term.State) host {
	sizes := make(chan model.Size)
	events := make(chan model.HostEvent)
	kick := make(chan struct{}, 1) // read the size again
	poke := func() {
		select {
		case kick <- struct{}{}:
		default:
		}
	}
	send := func(ev model.HostEvent) {
		go func() {
			select {
			case events <- ev:
			case <-ctx.Done():
			}
		}()
	}

	var mu sync.Mutex
	suspended := false
	continued := make(chan struct{}, 1)
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGTSTP, syscall.SIGCONT, syscall.SIGWINCH)
	// Signals: never blocked on the session, so a SIGCONT always reaches
	// a suspend waiting for it.
	go func() {
		defer signal.Stop(sigs)
		for {
			select {
			case <-ctx.Done():
				return
			case sig := <-sigs:
				switch sig {
				case syscall.SIGTSTP:
					send(model.Stop)
				case syscall.SIGCONT:
					mu.Lock()
					was := suspended
					suspended = false
					mu.Unlock()
					if was {
						continued <- struct{}{}
					} else {
						term.MakeRaw(in.Fd())
						send(model.Continued)
						poke()
					}
				case syscall.SIGWINCH:
					poke()
				}
			}
		}
	}()
	go func() {
		for {
			if w, h, err := term.GetSize(out.Fd()); err == nil {
				select {
				case sizes <- model.Size{Width: w, Height: h}:
				case <-ctx.Done():
					return
				}
			}
			select {
			case <-kick:
			case <-ctx.Done():
				return
			}
		}
	}()

	if !jobControl() {
		// Nothing could continue a stopped program: ctrl+z is a key the
		// simulator ignores, and SIGTSTP is dropped, as the kernel drops
		// it for an orphaned process group.
		return host{sizes: sizes, events: events}
	}
	suspend := func() {
		term.Restore(in.Fd(), saved)
		mu.Lock()
		suspended = true
		mu.Unlock()
		// SIGSTOP, not SIGTSTP: once SIGTSTP is caught, Go keeps its handler
		// for good, and a SIGTSTP we send would come back to us.
		syscall.Kill(0, syscall.SIGSTOP)
		select {
		case <-continued:
		case <-ctx.Done():
		}
		term.MakeRaw(in.Fd())
		poke()
	}
	return host{sizes: sizes, events: events, suspend: suspend}
}

// jobControl reports whether a shell can continue us after a stop: our
// process group has a member whose parent is in another group of the same
// session (POSIX: the group is not orphaned). We walk up from ourselves
// through the processes in our group (go run, a shell script); a terminal
// that runs the program directly, or setsid, has no such parent.
func jobControl() bool {
	pgrp := unix.Getpgrp()
	sid, err := unix.Getsid(0)
	if err != nil {
		return false
	}
	ppid := os.Getppid()
	for range 32 {
		if ppid <= 1 {
			return false
		}
		ppg, err := unix.Getpgid(ppid)
		if err != nil {
			return false
		}
		if ppg != pgrp {
			psid, err := unix.Getsid(ppid)
			return err == nil && psid == sid
		}
		var ok bool
		if ppid, ok = parentOf(ppid); !ok {
			return false
		}
	}
	return false
}

// darkBackground says whether the terminal's background is dark: from
// COLORFGBG when it is set, else by asking the terminal (termbg.Query, in raw mode) and
// waiting at most backgroundWait. Keys typed meanwhile are returned, to be
// read first.
func darkBackground(in, out *os.File) (dark bool, typed []byte) {
	if dark, ok := colorFGBG(); ok {
		return dark, nil
	}
	if _, err := out.WriteString(termbg.Query); err != nil {
		return true, nil
	}
	deadline := time.Now().Add(backgroundWait)
	var got []byte
	buf := make([]byte, 256)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			break
		}
		fds := []unix.PollFd{{Fd: int32(in.Fd()), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, int(left.Milliseconds())+1)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || n == 0 {
			break
		}
		k, err := syscall.Read(int(in.Fd()), buf)
		if k <= 0 || err != nil {
			break
		}
		got = append(got, buf[:k]...)
		if _, _, done, _ := backgroundReply(got); done {
			break
		}
	}
	dark, _, _, typed = backgroundReply(got)
	return dark, typed
}

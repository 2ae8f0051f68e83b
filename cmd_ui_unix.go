//go:build unix

package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/charmbracelet/x/term"

	"github.com/momentum-sim/momentum/model"
)

// followSize sends the terminal's size now and again after every SIGWINCH,
// until ctx ends.
func followSize(ctx context.Context, out *os.File, sizes chan<- model.Size) {
	winch := make(chan os.Signal, 1)
	signal.Notify(winch, syscall.SIGWINCH)
	defer signal.Stop(winch)
	for {
		if w, h, err := term.GetSize(out.Fd()); err == nil {
			select {
			case sizes <- model.Size{Width: w, Height: h}:
			case <-ctx.Done():
				return
			}
		}
		select {
		case <-winch:
		case <-ctx.Done():
			return
		}
	}
}

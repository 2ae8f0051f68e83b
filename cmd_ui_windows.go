//go:build windows

package main

import (
	"context"
	"os"

	"github.com/charmbracelet/x/term"

	"github.com/momentum-sim/momentum/model"
)

// followSize sends the console's size once: Windows has no SIGWINCH, and
// bubbletea reports later changes itself from the console's
// window-buffer-size events.
func followSize(ctx context.Context, out *os.File, sizes chan<- model.Size) {
	defer close(sizes)
	if w, h, err := term.GetSize(out.Fd()); err == nil {
		select {
		case sizes <- model.Size{Width: w, Height: h}:
		case <-ctx.Done():
		}
	}
}

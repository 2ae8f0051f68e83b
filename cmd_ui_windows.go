//go:build windows

package main

import (
	"context"
	"os"

	"github.com/charmbracelet/x/term"
	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/model"
)

// startHost turns on the console's escape-sequence processing (until ctx
// ends) and sends its size once: Windows has no SIGWINCH (bubbletea reports
// later changes itself from the console's window-buffer-size events), and
// no job control, so ctrl+z suspends nothing.
func startHost(ctx context.Context, in, out *os.File, saved *term.State) host {
	if restore, err := termenv.EnableVirtualTerminalProcessing(termenv.NewOutput(out)); err == nil {
		go func() {
			<-ctx.Done()
			restore()
		}()
	}
	sizes := make(chan model.Size, 1)
	if w, h, err := term.GetSize(out.Fd()); err == nil {
		sizes <- model.Size{Width: w, Height: h}
	}
	close(sizes)
	return host{sizes: sizes}
}

// darkBackground is COLORFGBG's answer, else dark: the Windows console
// answers no colour query.
func darkBackground(in, out *os.File) (dark bool, typed []byte) {
	if dark, ok := colorFGBG(); ok {
		return dark, nil
	}
	return true, nil
}

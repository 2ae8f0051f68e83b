package model

import (
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// crashingSink panics inside the export command, which bubbletea runs on a
// goroutine of its own.
type crashingSink struct{}

func (crashingSink) Export(string, []byte) (string, error) { panic("sink broke") }

// A panic inside a command ends Run with a *PanicError holding the value and
// the command's stack, for the host to print after leaving the screen, and
// bubbletea prints nothing of its own (its recovery writes the trace on the
// process's stdout and stderr: the alternate screen, or a server's log).
func TestPanicInACommandIsKept(t *testing.T) {
	stdout, stderr := os.Stdout, os.Stderr
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout, os.Stderr = w, w
	printed := make(chan string)
	go func() { b, _ := io.ReadAll(r); printed <- string(b) }()

	keys, screen, done, _ := runSession(t, Session{Export: crashingSink{}})
	eventually(t, "the first frame", func() bool { return strings.Contains(screen.String(), "step 0") })
	io.WriteString(keys, "w")
	err = wait(t, done)
	os.Stdout, os.Stderr = stdout, stderr
	w.Close()

	var pe *PanicError
	if !errors.As(err, &pe) || !errors.Is(err, ErrCrashed) || fmt.Sprint(pe.Value) != "sink broke" ||
		!strings.Contains(string(pe.Stack), "crashingSink.Export") {
		t.Fatalf("Run returned %v; want a PanicError with the sink's value and stack", err)
	}
	if out := <-printed; out != "" {
		t.Errorf("bubbletea printed %q; want nothing", out[:min(len(out), 200)])
	}
}

// guard reaches the commands inside a batch and a sequence, keeping each
// message's type (bubbletea runs a batch at once and a sequence in order).
func TestGuardReachesBatchesAndSequences(t *testing.T) {
	boom := func() tea.Msg { panic("inner") }
	ok := func() tea.Msg { return "fine" }
	for name, outer := range map[string]tea.Cmd{
		"batch":    tea.Batch(ok, boom),
		"sequence": tea.Sequence(ok, boom),
	} {
		msg := guard(outer)()
		if got, want := fmt.Sprintf("%T", msg), fmt.Sprintf("%T", outer()); got != want {
			t.Errorf("%s: guarded message is %s, want %s", name, got, want)
			continue
		}
		v := reflect.ValueOf(msg)
		first, _ := v.Index(0).Interface().(tea.Cmd)
		second, _ := v.Index(1).Interface().(tea.Cmd)
		if got := first(); got != "fine" {
			t.Errorf("%s: the first command returned %v, want its own message", name, got)
		}
		if got, isPanic := second().(cmdPanicMsg); !isPanic || fmt.Sprint(got.err.Value) != "inner" {
			t.Errorf("%s: the panicking command returned %v, want a cmdPanicMsg", name, got)
		}
	}
	if guard(nil) != nil {
		t.Error("guard(nil) is not nil")
	}
}

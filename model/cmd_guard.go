package model

import (
	"reflect"
	"runtime/debug"

	tea "github.com/charmbracelet/bubbletea"
)

// cmdPanicMsg carries a panic recovered inside a command, which bubbletea
// runs on a goroutine of its own: its recovery prints the trace on the
// alternate screen (erased when the screen is left) or, in a served session,
// on the server's output. The Terminal keeps it as it keeps a panic in
// Update, for the host to print once the screen is given back.
type cmdPanicMsg struct{ err *PanicError }

// cmdSlice is the type of a message that is a list of commands for
// bubbletea to run: tea.BatchMsg and tea.Sequence's unexported message.
var cmdSlice = reflect.TypeOf(tea.BatchMsg(nil)).Elem()

// guard wraps cmd so that a panic in it, or in any command it hands back in
// a batch or a sequence, becomes a cmdPanicMsg instead of bubbletea's
// printed trace.
func guard(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = cmdPanicMsg{&PanicError{Value: r, Stack: debug.Stack()}}
			}
		}()
		return guardAll(cmd())
	}
}

// guardAll guards each command of a batch or sequence message and leaves
// every other message as it is. The sequence's type is unexported, so it is
// rebuilt by reflection as the same type (bubbletea tells the two apart by
// type: a batch runs at once, a sequence in order).
func guardAll(msg tea.Msg) tea.Msg {
	v := reflect.ValueOf(msg)
	if !v.IsValid() || v.Kind() != reflect.Slice || v.Type().Elem() != cmdSlice {
		return msg
	}
	out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
	for i := range v.Len() {
		c, _ := v.Index(i).Interface().(tea.Cmd)
		out.Index(i).Set(reflect.ValueOf(guard(c)).Convert(cmdSlice))
	}
	return out.Interface()
}

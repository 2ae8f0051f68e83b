package serve

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"github.com/momentum-sim/momentum/model"
	"github.com/momentum-sim/momentum/sim"
)

// The screen modes a session must leave as it found them: main screen,
// cursor shown, mouse reports off.
var restored = []string{"\x1b[?1049l", "\x1b[?25h", "\x1b[?1002l", "\x1b[?1006l"}

func checkRestored(t *testing.T, s *student) {
	t.Helper()
	raw := s.screen.bytes()
	last := strings.LastIndex(raw, "\x1b[?1049h")
	for _, seq := range restored {
		if !strings.Contains(raw[max(last, 0):], seq) {
			t.Errorf("the session's terminal was not restored: no %q after the last frame", seq)
		}
	}
}

// A student connects, sees the first frame sized by the pty, steps,
// resizes (a huge window is clamped), and q ends the session with exit 0
// and the terminal given back.
func TestSessionStepsResizesAndQuits(t *testing.T) {
	var logBuf syncBuffer
	ts := startServer(t, Config{Log: &logBuf})
	s := ts.connect(t, 100, 30)
	s.sees("ravine", "step 0")
	if raw := s.screen.bytes(); !strings.Contains(raw, "\x1b[30;") || strings.Contains(raw, "\x1b[31;") {
		t.Error("the first frame is not drawn on the pty's 30 rows")
	}
	s.typ("nnn")
	s.sees("step 3")

	s.resize(120, 40)
	s.sees("step 3", "ravine")
	if !strings.Contains(s.screen.bytes(), "\x1b[40;") {
		t.Error("a window change to 120×40 drew nothing on row 40")
	}
	s.resize(2000, 1000)
	s.sees("step 3", "ravine")
	eventually(t, "a repaint on row 100", func() bool { return strings.Contains(s.screen.bytes(), fmt.Sprintf("\x1b[%d;", MaxHeight)) }, s.screen.text)
	if regexp.MustCompile(`\x1b\[(10[1-9]|1[1-9]\d|[2-9]\d\d|\d{4});`).MatchString(s.screen.bytes()) {
		t.Errorf("a 2000×1000 window was drawn past row %d", MaxHeight)
	}

	s.typ("q")
	if code := s.ends(); code != 0 {
		t.Errorf("q: exit status %d, want 0", code)
	}
	checkRestored(t, s)
	eventually(t, "the log's end line", func() bool { return strings.Contains(logBuf.String(), "end ") }, logBuf.String)
	log := logBuf.String()
	if !regexp.MustCompile(`start 127\.0\.0\.1:\d+ user "student", xterm-256color, 100×30\n`).MatchString(log) ||
		!regexp.MustCompile(`end   127\.0\.0\.1:\d+ after \d+s: quit\n`).MatchString(log) {
		t.Errorf("the log does not say who came, and when and how they left:\n%s", log)
	}
}

// Two sessions share nothing: keys, landscapes, custom expressions and
// steps typed in one never show in the other.
func TestSessionsAreIndependent(t *testing.T) {
	ts := startServer(t, Config{})
	a, b := ts.connect(t, 100, 30), ts.connect(t, 100, 30)
	a.sees("ravine")
	b.sees("ravine")
	a.typ("/x^2+3*y^2\r")
	a.sees("f = x^2+3*y^2")
	a.typ("nnnnn")
	b.typ("n")
	a.sees("custom", "step 5")
	b.sees("ravine", "step 1")
	b.typ("\t") // next landscape, in b only
	b.sees("rosenbrock")
	b.typ("s") // a lesson, in b only
	b.sees("lesson 1/")
	b.resize(120, 40) // a size, in b only
	b.sees("lesson 1/")
	a.typ("n")
	a.sees("custom", "step 6")
	if text := b.screen.text(); strings.Contains(text, "custom") || strings.Contains(text, "x^2+3*y^2") || strings.Contains(text, "step 6") {
		t.Errorf("session a's expression or steps show in session b:\n%s", text)
	}
	if text := a.screen.text(); strings.Contains(text, "rosenbrock") || strings.Contains(text, "lesson 1/") {
		t.Errorf("session b's landscape or lesson shows in session a:\n%s", text)
	}
	if raw := a.screen.bytes(); strings.Contains(raw, "\x1b[31;") || strings.Contains(raw, "\x1b[40;") {
		t.Error("session b's window size reached session a")
	}
	a.typ("q")
	b.typ("q")
	a.ends()
	b.ends()
}

// Past --max-sessions a student gets one line and exit status 1; when a
// place frees up, the next one gets in.
func TestClassIsFull(t *testing.T) {
	ts := startServer(t, Config{MaxSessions: 2})
	a, b := ts.connect(t, 80, 24), ts.connect(t, 80, 24)
	a.sees("ravine")
	b.sees("ravine")
	c := ts.connect(t, 80, 24)
	if code := c.ends(); code != 1 {
		t.Errorf("the third of two places: exit status %d, want 1", code)
	}
	if got, want := c.stderr.String(), "momentum: the class is full: 2 sessions; try again later\r\n"; got != want {
		t.Errorf("the third of two places was told %q, want %q", got, want)
	}
	if strings.Contains(c.screen.bytes(), "\x1b[?1049h") {
		t.Error("a refused session was drawn a simulator")
	}
	a.typ("q")
	a.ends()
	d := ts.connect(t, 80, 24)
	d.sees("ravine")
	if n := ts.Active(); n != 2 {
		t.Errorf("%d sessions active, want 2", n)
	}
}

// Nothing but a terminal session gets in: no pty (ssh -T), a command
// (ssh host ls), a subsystem (sftp), port forwarding either way.
func TestOnlyTerminalSessions(t *testing.T) {
	ts := startServer(t, Config{})
	conn, err := ts.dial(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	run := func(what string, start func(*gossh.Session) error, pty bool) (string, string, error) {
		sess, err := conn.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer sess.Close()
		var out, errOut syncBuffer
		sess.Stdout, sess.Stderr = &out, &errOut
		if pty {
			if err := sess.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
				t.Fatal(err)
			}
		}
		if err := start(sess); err != nil {
			return "", "", err
		}
		err = sess.Wait()
		return out.String(), errOut.String(), err
	}
	for _, c := range []struct {
		what  string
		start func(*gossh.Session) error
		pty   bool
		want  string
	}{
		{"ssh -T", (*gossh.Session).Shell, false, "momentum: the simulator needs a terminal: connect with ssh -t\n"},
		{"ssh host ls", func(s *gossh.Session) error { return s.Start("ls") }, false, "momentum: this server runs no commands, only the simulator: connect with ssh -t and no command\n"},
		{"ssh -t host ls", func(s *gossh.Session) error { return s.Start("ls /") }, true, "momentum: this server runs no commands, only the simulator: connect with ssh -t and no command\r\n"},
	} {
		out, errOut, err := run(c.what, c.start, c.pty)
		if exit, ok := err.(*gossh.ExitError); !ok || exit.ExitStatus() != 1 {
			t.Errorf("%s: ended with %v, want exit status 1", c.what, err)
		}
		if out != "" || errOut != c.want {
			t.Errorf("%s: stdout %q, stderr %q; want only %q", c.what, out, errOut, c.want)
		}
	}

	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestSubsystem("sftp"); err == nil {
		t.Error("the sftp subsystem was accepted")
	}
	sess.Close()
	if _, err := conn.Dial("tcp", "127.0.0.1:22"); err == nil {
		t.Error("a local port forward (direct-tcpip) was accepted")
	}
	if l, err := conn.Listen("tcp", "127.0.0.1:0"); err == nil {
		l.Close()
		t.Error("a remote port forward (tcpip-forward) was accepted")
	}
	if ok, _, err := conn.SendRequest("x11-req", true, nil); ok || err != nil {
		t.Errorf("a global x11 request: ok %v, err %v", ok, err)
	}
}

// Shutdown ends every session with its terminal restored and a line
// saying why, within a second, and Serve returns nil.
func TestShutdownRestoresEverySession(t *testing.T) {
	ts := startServer(t, Config{})
	var students []*student
	for range 4 {
		s := ts.connect(t, 100, 30)
		students = append(students, s)
	}
	for i, s := range students {
		s.sees("ravine")
		if i%2 == 0 {
			s.typ(" ") // playing, mid-frame
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	began := time.Now()
	if err := ts.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if took := time.Since(began); took > time.Second {
		t.Errorf("Shutdown took %v, want under a second", took)
	}
	select {
	case err := <-ts.served:
		if err != nil {
			t.Errorf("Serve returned %v after Shutdown, want nil", err)
		}
		ts.served <- nil // for the cleanup
	case <-time.After(time.Second):
		t.Fatal("Serve did not return after Shutdown")
	}
	for _, s := range students {
		if code := s.ends(); code != 0 {
			t.Errorf("shut down: exit status %d, want 0", code)
		}
		checkRestored(t, s)
		if raw := s.screen.bytes(); !strings.HasSuffix(raw, "momentum: the server is shutting down: the session ended\r\n") {
			t.Errorf("a session was not told the server shut down; it ends %q", raw[max(0, len(raw)-80):])
		}
	}
	if _, err := ts.dial(t, nil); err == nil {
		t.Error("the server still accepts connections after Shutdown")
	}
}

// A session without a key for IdleTimeout ends with a line saying so; one
// that keeps typing stays.
func TestIdleSessionsEnd(t *testing.T) {
	// Long enough that a loaded machine's stalls between keys typed every
	// idle/8 do not add up to it.
	const idle = 2 * time.Second
	ts := startServer(t, Config{IdleTimeout: idle})
	quiet, busy := ts.connect(t, 80, 24), ts.connect(t, 80, 24)
	quiet.sees("ravine")
	busy.sees("ravine")
	quiet.typ(" ") // playing writes frames, but only keys count
	began := time.Now()
	for time.Since(began) < 2*idle {
		busy.typ("n")
		time.Sleep(idle / 8)
	}
	select {
	case <-busy.exit:
		t.Fatal("a session that kept typing was ended as idle")
	default:
	}
	if code := quiet.ends(); code != 0 {
		t.Errorf("idle: exit status %d, want 0", code)
	}
	checkRestored(t, quiet)
	if raw := quiet.screen.bytes(); !strings.HasSuffix(raw, "momentum: no key pressed for 2s: the session ended\r\n") {
		t.Errorf("an idle session was not told why it ended; it ends %q", raw[max(0, len(raw)-80):])
	}
}

// w copies the CSV to the student's clipboard with OSC 52, never to the
// server's disk, and the screen says so.
func TestExportGoesToTheClipboard(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	ts := startServer(t, Config{})
	s := ts.connect(t, 120, 40)
	s.sees("ravine")
	s.typ("nnw")
	s.sees("wrote 3 CSV rows to your clipboard (OSC 52, if your terminal allows it)")
	m := regexp.MustCompile("\x1b]52;c;([A-Za-z0-9+/=]*)\a").FindStringSubmatch(s.screen.bytes())
	if m == nil {
		t.Fatal("no OSC 52 sequence reached the terminal")
	}
	csv, err := base64.StdEncoding.DecodeString(m[1])
	if err != nil {
		t.Fatal(err)
	}
	rows := regexp.MustCompile(`(?m)^damped,(\d+),`).FindAllStringSubmatch(string(csv), -1)
	if !strings.Contains(string(csv), sim.CSVHeader) || len(rows) != 3 || rows[0][1] != "0" || rows[2][1] != "2" {
		t.Errorf("the clipboard got %q; want the header and steps 0, 1 and 2", csv)
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("the server wrote %v in its working directory", files)
	}
}

// A CSV over the clipboard's limit is thinned as momentum run --every k
// thins it: the rows of steps that are multiples of k and each racer's
// last, exactly as they were, and the quoted command says --every k.
func TestClipboardThinsABigCSV(t *testing.T) {
	var b strings.Builder
	b.WriteString("# momentum: the simulator's trajectory, steps 0 to 5000\n# the same rows again:\n")
	b.WriteString("# momentum run --steps 5000 --landscape bowl --method flow,damped\n")
	b.WriteString(sim.CSVHeader)
	for step := 0; step <= 5000; step++ {
		fmt.Fprintf(&b, "flow,%d,%d.125,-0.5,1,2,3,4\n", step, step)
	}
	for step := 0; step <= 3001; step++ { // diverged after 3001
		fmt.Fprintf(&b, "damped,%d,%d.5,-0.25,1,2,3,4\n", step, step)
	}
	full := b.String()
	const limit = 20 << 10
	var out syncBuffer
	where, err := clipboardSink{out: &out, limit: limit}.Export("x.csv", []byte(full))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("\x1b]52;c;([A-Za-z0-9+/=]*)\a").FindStringSubmatch(out.String())
	if m == nil {
		t.Fatal("nothing sent")
	}
	got, _ := base64.StdEncoding.DecodeString(m[1])
	if len(got) > limit {
		t.Errorf("sent %d bytes, over the %d limit", len(got), limit)
	}
	k, _ := strconv.Atoi(regexp.MustCompile(`--every (\d+) --landscape bowl`).FindStringSubmatch(string(got))[1])
	if k < 2 {
		t.Fatalf("the command does not say --every k:\n%s", got)
	}
	want := map[string]bool{"flow,5000,": true, "damped,3001,": true}
	for _, line := range strings.Split(full, "\n") {
		if f := strings.Split(line, ","); len(f) == 8 && f[1] != "step" {
			if n, _ := strconv.Atoi(f[1]); n%k == 0 {
				want[f[0]+","+f[1]+","] = true
			}
		}
	}
	rows := 0
	for _, line := range strings.Split(string(got), "\n") {
		if line == "" || line[0] == '#' || line+"\n" == sim.CSVHeader {
			continue
		}
		rows++
		if !strings.Contains(full, "\n"+line+"\n") {
			t.Errorf("row %q is not a row of the export", line)
		}
		f := strings.Split(line, ",")
		if !want[f[0]+","+f[1]+","] {
			t.Errorf("row %q is neither a multiple of %d nor a racer's last step", line, k)
		}
	}
	if rows != len(want) {
		t.Errorf("%d rows sent, want %d (steps divisible by %d and each racer's last)", rows, len(want), k)
	}
	if wantWhere := fmt.Sprintf("%d CSV rows to your clipboard (OSC 52, if allowed), every %s step", rows, ordinal(k)); where != wantWhere {
		t.Errorf("the message says %q, want %q", where, wantWhere)
	}
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 102: "102nd", 111: "111th"} {
		if ordinal(n) != want {
			t.Errorf("ordinal(%d) = %q, want %q", n, ordinal(n), want)
		}
	}
	if n := csvRows([]byte("# comment\nstep,x\n0,1\n1,2\n")); n != 2 {
		t.Errorf("csvRows counted %d, want 2", n)
	}
}

// panicSink crashes the simulator that exports through it.
type panicSink struct{}

func (panicSink) Export(string, []byte) (string, error) { panic("boom") }

// A panic in one session ends that session with a line, and the others
// and the server carry on.
func TestPanicEndsOnlyItsSession(t *testing.T) {
	ts := startServer(t, Config{})
	ts.newSink = func(io.Writer) model.ExportSink { return panicSink{} }
	a, b := ts.connect(t, 80, 24), ts.connect(t, 80, 24)
	a.sees("ravine")
	b.sees("ravine")
	a.typ("w")
	if code := a.ends(); code != 1 {
		t.Errorf("a crashed session: exit status %d, want 1", code)
	}
	if raw := a.screen.bytes(); !strings.Contains(raw, "momentum: the simulator crashed and this session ended; the server keeps running") {
		t.Errorf("a crashed session was not told; it ends %q", raw[max(0, len(raw)-120):])
	}
	checkRestored(t, a)
	b.typ("n")
	b.sees("step 1")
	c := ts.connect(t, 80, 24)
	c.sees("ravine")
}

// Clients that vanish mid-frame (the connection dropped while their
// simulator plays) leave no goroutine behind.
func TestDisconnectsLeaveNoGoroutines(t *testing.T) {
	ts := startServer(t, Config{IdleTimeout: time.Hour})
	cycle := func(play bool) {
		conn, err := ts.dial(t, nil)
		if err != nil {
			t.Fatal(err)
		}
		s := openStudent(t, conn, 120, 40)
		s.sees("ravine")
		if play {
			s.typ(" ")
			eventually(t, "a frame while playing", func() bool { return !strings.Contains(s.screen.text(), "step 0 ") }, s.screen.text)
		}
		conn.Close()
		<-s.exit
	}
	cycle(true) // warm up: pools, timers
	settle := func() int {
		n := runtime.NumGoroutine()
		for range 200 {
			if ts.Active() == 0 {
				if m := runtime.NumGoroutine(); m <= n {
					return m
				}
			}
			n = runtime.NumGoroutine()
			time.Sleep(20 * time.Millisecond)
		}
		return n
	}
	base := settle()
	for i := range 30 {
		cycle(i%2 == 0)
	}
	var after int
	for range 100 {
		if after = settle(); after <= base {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if after > base {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines before 30 connect/disconnect cycles, %d after:\n%s", base, after, buf[:runtime.Stack(buf, true)])
	}
	if n := ts.Active(); n != 0 {
		t.Errorf("%d sessions still active", n)
	}
}

// Only the keys in --authorized-keys get in.
func TestAuthorizedKeys(t *testing.T) {
	in, out := newSigner(t), newSigner(t)
	path := filepath.Join(t.TempDir(), "authorized_keys")
	file := "# the class\n\n" + string(gossh.MarshalAuthorizedKey(in.PublicKey()))
	if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	var logBuf syncBuffer
	ts := startServer(t, Config{AuthorizedKeys: path, Log: &logBuf})
	conn, err := ts.dial(t, in)
	if err != nil {
		t.Fatalf("an authorized key was refused: %v", err)
	}
	openStudent(t, conn, 80, 24).sees("ravine")
	if want := `user "student", key ` + gossh.FingerprintSHA256(in.PublicKey()); !strings.Contains(logBuf.String(), want) {
		t.Errorf("the log does not name the key; want %q in:\n%s", want, logBuf.String())
	}
	if conn, err := ts.dial(t, out); err == nil {
		conn.Close()
		t.Error("a key not in the file got in")
	}
	if conn, err := ts.dial(t, nil); err == nil {
		conn.Close()
		t.Error("a client without a key got in")
	}

	for name, bad := range map[string]string{"garbage": "ssh-ed25519 AAAAnotakey\n", "empty": "# nobody\n"} {
		if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := New(Config{HostKey: in, MaxSessions: 1, AuthorizedKeys: path, Start: mustParse(t)}); err == nil {
			t.Errorf("an authorized_keys file with %s was accepted", name)
		}
	}
}

// The host key is made once, private, and the same key is read back.
func TestHostKeyIsMadeOnceAndKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "momentum", "host_ed25519")
	k1, created, err := HostKey(path)
	if err != nil || !created {
		t.Fatalf("first start: created %v, err %v", created, err)
	}
	for p, want := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: mode %v (%v), want %v", p, st.Mode().Perm(), err, want)
		}
	}
	k2, created, err := HostKey(path)
	if err != nil || created {
		t.Fatalf("second start: created %v, err %v", created, err)
	}
	if gossh.FingerprintSHA256(k1.PublicKey()) != gossh.FingerprintSHA256(k2.PublicKey()) {
		t.Error("the second start read a different key")
	}
	if err := os.WriteFile(path, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := HostKey(path); err == nil {
		t.Error("a file that is no key was taken as one")
	}
	t.Setenv("XDG_STATE_HOME", "/x/state")
	if p, err := DefaultHostKeyPath(); err != nil || p != "/x/state/momentum/host_ed25519" {
		t.Errorf("DefaultHostKeyPath with XDG_STATE_HOME: %q, %v", p, err)
	}
}

func TestColorProfileFromTheClient(t *testing.T) {
	for _, c := range []struct {
		env  []string
		want termenv.Profile
	}{
		{[]string{"TERM=xterm-256color"}, termenv.ANSI256},
		{[]string{"TERM=xterm"}, termenv.ANSI},
		{[]string{"COLORTERM=truecolor", "TERM=xterm-256color"}, termenv.TrueColor},
		{[]string{"NO_COLOR=1", "TERM=xterm-256color"}, termenv.Ascii},
		{[]string{"TERM=dumb"}, termenv.Ascii},
	} {
		if got := colorProfile(c.env); got != c.want {
			t.Errorf("%v: profile %v, want %v", c.env, got, c.want)
		}
	}
}

// Many sessions play at once (a scaled-down class): every one keeps
// stepping, and once paused they all go quiet.
func TestManySessionsPlayAtOnce(t *testing.T) {
	n := 20
	if testing.Short() {
		n = 6
	}
	ts := startServer(t, Config{Start: mustParse(t, "--landscape", "rosenbrock", "--race")})
	students := make([]*student, n)
	var wg sync.WaitGroup
	for i := range students {
		wg.Add(1)
		go func() {
			defer wg.Done()
			students[i] = ts.connect(t, 120, 40)
		}()
	}
	wg.Wait()
	for _, s := range students {
		s.sees("rosenbrock")
		s.typ(" ")
	}
	stepOver := regexp.MustCompile(`step (\d{3,})`) // 100 steps or more
	for _, s := range students {
		eventually(t, "100 steps in every session", func() bool { return stepOver.MatchString(s.screen.text()) }, s.screen.text)
	}
	for _, s := range students {
		s.typ(" ")
	}
	// Every screen shows the pause; the last frames in flight arrive;
	// then nothing more may come.
	for _, s := range students {
		s.sees("‖ paused")
	}
	before := make([]int, n)
	quiet := 0
	for deadline := time.Now().Add(30 * time.Second); quiet < 5 && time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
		quiet++
		for i, s := range students {
			if b := len(s.screen.bytes()); b != before[i] {
				before[i], quiet = b, 0
			}
		}
	}
	time.Sleep(time.Second)
	for i, s := range students {
		if grew := len(s.screen.bytes()) - before[i]; grew != 0 {
			t.Errorf("session %d wrote %d bytes in a second while paused", i, grew)
		}
	}
}

// The background comes from the student's terminal (OSC 11): panel text is
// drawn for a light or a dark background accordingly, dark when the
// terminal does not say; the terminal's answers, even late ones, never
// reach the simulator as keys.
func TestBackgroundFromTheTerminal(t *testing.T) {

	// The help bar's keys: #303030 on a light background, #c0c0c0 on a
	// dark one (model/styles.go), within a unit of rounding.
	const light, dark = 0x30, 0xc0
	for _, c := range []struct {
		bg          string
		want, never int
	}{
		{"rgb:ffff/ffff/ffff", light, dark},
		{"rgb:f8/f8/f0", light, dark},
		{"rgb:0000/0000/0000", dark, light},
		{"", dark, light}, // no answer: dark assumed
	} {
		// A terminal that answers ends the wait with DA1, so the wait
		// may be long: a loaded machine's late answer is not taken for
		// none. One that does not answer gets the usual wait.
		cfg := Config{backgroundWait: 30 * time.Second}
		if c.bg == "" {
			cfg = Config{}
		}
		ts := startServer(t, cfg)
		conn, err := ts.dial(t, nil)
		if err != nil {
			t.Fatal(err)
		}
		s := openTerminal(t, conn, 100, 30, c.bg, "COLORTERM", "truecolor")
		s.sees("ravine", "step 0", "loss")
		raw := s.screen.bytes()
		if !hasGrey(raw, c.want) || hasGrey(raw, c.never) {
			t.Errorf("background %q: the help keys are not drawn in #%x", c.bg, c.want)
		}
		// A late answer (a slow link) is no key: r, g, b would reset,
		// hide the charts, …
		s.typ("\x1b]11;rgb:0000/0000/0000\x1b\\n\x1b[?62;22c")
		s.sees("step 1", "loss")
		s.typ("q")
		s.ends()
	}
}

// hasGrey reports whether a true-colour foreground grey of level v (±1)
// is set somewhere in raw.
func hasGrey(raw string, v int) bool {
	for g := v - 1; g <= v+1; g++ {
		if strings.Contains(raw, fmt.Sprintf("38;2;%d;%d;%dm", g, g, g)) {
			return true
		}
	}
	return false
}

func TestShortDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		30 * time.Minute: "30m", time.Hour: "1h", 90 * time.Minute: "1h30m", 400 * time.Millisecond: "400ms",
		90 * time.Second: "1m30s", 45 * time.Second: "45s", time.Hour + time.Second: "1h0m1s",
	} {
		if got := shortDuration(d); got != want {
			t.Errorf("shortDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// stuckWriter takes n bytes, then blocks every write until released: a
// client that stopped reading its screen.
type stuckWriter struct {
	mu      sync.Mutex
	n       int
	release chan struct{}
}

func (w *stuckWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	w.n -= len(b)
	full := w.n < 0
	w.mu.Unlock()
	if full {
		<-w.release
	}
	return len(b), nil
}

// A client that stops reading (its channel window fills, the server's
// writes block) is still ended: its context ends (here the server shuts
// down; an idle timeout ends it the same way), and when that cannot stop a
// blocked write, the connection is cut. The context ends only once the
// write is seen blocked, however long a loaded machine takes to fill the
// window, so it is the cut that ends the session.
func TestStuckClientIsCut(t *testing.T) {
	var logBuf syncBuffer
	ts := startServer(t, Config{IdleTimeout: time.Hour, Log: &logBuf})
	conn, err := ts.dial(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	w := &stuckWriter{n: 10000, release: make(chan struct{})}
	defer close(w.release)
	sess.Stdout = w
	keys, _ := sess.StdinPipe()
	defer keys.Close()
	if err := sess.RequestPty("xterm-256color", 100, 300, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the session to start", func() bool { return ts.Active() == 1 }, logBuf.String)
	// Full repaints at 300×100 and 200×60, well past the channel's 2 MiB
	// window; once the server is stuck, so are these requests.
	go func() {
		for i := range 1000 {
			if sess.WindowChange(100-40*(i%2), 300-100*(i%2)) != nil {
				return
			}
		}
	}()
	// Blocked on every look for a second: not a frame waiting a moment
	// for the client's window to reopen.
	since := time.Time{}
	eventually(t, "the session's write to stay blocked on the full window", func() bool {
		if !writeBlocked() {
			since = time.Time{}
			return false
		}
		if since.IsZero() {
			since = time.Now()
		}
		return time.Since(since) >= time.Second
	}, logBuf.String)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ts.Shutdown(ctx)
	if n := ts.Active(); n != 0 {
		t.Fatalf("%d sessions still active after the shutdown:\n%s", n, logBuf.String())
	}
	if !strings.Contains(logBuf.String(), "not reading; connection cut") {
		t.Errorf("the session ended, but not by the cut:\n%s", logBuf.String())
	}
}

// writeBlocked reports whether a session's write waits for the client to
// open its channel window: the client stopped reading and the window is
// full.
func writeBlocked() bool {
	buf := make([]byte, 8<<20)
	for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
		if strings.Contains(g, "serve.(*lockedWriter).Write") && strings.Contains(g, "ssh.(*window).reserve") {
			return true
		}
	}
	return false
}

// One connection may hold a few sessions, not thousands: channels that
// never ask for a shell count toward no class limit.
func TestChannelsPerConnection(t *testing.T) {
	ts := startServer(t, Config{})
	conn, err := ts.dial(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var open []*gossh.Session
	for range maxChannels {
		sess, err := conn.NewSession()
		if err != nil {
			t.Fatalf("session %d of %d refused: %v", len(open)+1, maxChannels, err)
		}
		open = append(open, sess)
	}
	if _, err := conn.NewSession(); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("one connection may hold %d sessions", maxChannels)) {
		t.Fatalf("session %d: %v; want refused", maxChannels+1, err)
	}
	open[0].Close()
	eventually(t, "a place on the connection", func() bool {
		sess, err := conn.NewSession()
		if err == nil {
			sess.Close()
		}
		return err == nil
	}, func() string { return "" })
	// Another connection has its own.
	other, err := ts.dial(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if sess, err := other.NewSession(); err != nil {
		t.Errorf("another connection was refused: %v", err)
	} else {
		sess.Close()
	}
}

// A client that reports no window size (ssh -tt from a pipe says 0×0) is
// drawn at 80×24.
func TestZeroWindowIs80x24(t *testing.T) {
	ts := startServer(t, Config{})
	s := ts.connect(t, 0, 0)
	s.sees("ravine")
	if raw := s.screen.bytes(); !strings.Contains(raw, "\x1b[24;") || strings.Contains(raw, "\x1b[25;") {
		t.Error("a 0×0 window was not drawn on 24 rows")
	}
}

// A served session's basin map computes on one goroutine, and a session
// that leaves while it computes (for seconds) leaves no work behind: the
// computation stops with it.
func TestDisconnectStopsTheBasinMap(t *testing.T) {
	// The frictionless ball never settles: 50 000 steps a start, on an
	// expression, so a pass takes far longer than the wait below.
	f := "x^2/2 + y^2/2 + sin(3*x)*cos(3*y) + sin(5*x*y)/3 + cos(x+y)*sin(x-y)"
	ts := startServer(t, Config{Start: mustParse(t, "--expr", f, "--method", "heavy")})
	base := runtime.NumGoroutine()
	conn, err := ts.dial(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := openStudent(t, conn, 300, 100)
	s.sees("custom")
	s.typ("b")
	s.sees("basins")
	workers := func() int {
		buf := make([]byte, 1<<20)
		return strings.Count(string(buf[:runtime.Stack(buf, true)]), "sim.System.FatesOn.func1(")
	}
	eventually(t, "the basin map's worker", func() bool { return workers() > 0 }, s.screen.text)
	time.Sleep(300 * time.Millisecond)
	// One worker, not one per core: a served session's map takes one
	// core's share at most.
	if n := workers(); n != 1 {
		t.Errorf("the basin map runs on %d goroutines, want 1", n)
	}
	conn.Close()
	<-s.exit
	// Stopped workers finish the start in hand (50 000 steps, tens of
	// milliseconds; the deadline is for a loaded machine under the race
	// detector, and a pass would take far longer) and go.
	deadline := time.Now().Add(20 * time.Second)
	for runtime.NumGoroutine() > base && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > base {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines 20 s after the session left, %d before it came:\n%s", n, base, buf[:runtime.Stack(buf, true)])
	}
}

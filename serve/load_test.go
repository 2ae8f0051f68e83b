package serve

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// TestServeLoad measures a running `momentum serve` (see
// scripts/serve_load.sh, which starts one with --landscape rosenbrock
// --race): N students at 120×40 connect, all play the race, all pause, then
// one heavy session (the largest expression at the top speed in a huge
// window) plays beside them. It reads the server's CPU time and resident
// memory from /proc and the students' screens for the steps they got. It
// runs only when MOMENTUM_SERVE_LOAD names the server's address and
// MOMENTUM_SERVE_PID its process.
func TestServeLoad(t *testing.T) {
	addr, pid := os.Getenv("MOMENTUM_SERVE_LOAD"), os.Getenv("MOMENTUM_SERVE_PID")
	if addr == "" || pid == "" {
		t.Skip("MOMENTUM_SERVE_LOAD and MOMENTUM_SERVE_PID unset: run scripts/serve_load.sh")
	}
	n := envInt(t, "MOMENTUM_SERVE_SESSIONS", 50)
	phase := time.Duration(envInt(t, "MOMENTUM_SERVE_SECONDS", 10)) * time.Second
	report := func(format string, args ...any) { fmt.Printf("load  "+format+"\n", args...) }

	dial := func() *gossh.Client {
		conn, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "load", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 30 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		return conn
	}
	cpu := func() time.Duration { return procCPU(t, pid) }
	measure := func() (busy float64) {
		c0, w0 := cpu(), time.Now()
		time.Sleep(phase)
		return float64(cpu()-c0) / float64(time.Since(w0)) * 100
	}
	steps := func(s *student) int {
		m := regexp.MustCompile(`step (\d+)`).FindStringSubmatch(s.screen.text())
		if m == nil {
			return -1
		}
		v, _ := strconv.Atoi(m[1])
		return v
	}

	rss0 := procRSS(t, pid)
	report("server alone: RSS %.1f MiB, CPU %.2f %% of a core", float64(rss0)/(1<<20), measure())

	students := make([]*student, n)
	var wg sync.WaitGroup
	for i := range students {
		wg.Add(1)
		go func() {
			defer wg.Done()
			students[i] = openStudent(t, dial(), 120, 40)
		}()
	}
	wg.Wait()
	for _, s := range students {
		s.sees("race")
	}
	time.Sleep(time.Second)
	rss1 := procRSS(t, pid)
	report("%d sessions paused: RSS %.1f MiB, %.2f MiB per session; CPU %.2f %% of a core",
		n, float64(rss1)/(1<<20), float64(rss1-rss0)/float64(n)/(1<<20), measure())

	rate := func() (min, mean float64) {
		before := make([]int, n)
		for i, s := range students {
			before[i] = steps(s)
		}
		w0 := time.Now()
		busy := measure()
		secs := time.Since(w0).Seconds()
		min = 1e18
		for i, s := range students {
			r := float64(steps(s)-before[i]) / secs
			min, mean = minF(min, r), mean+r/float64(n)
		}
		report("  server CPU %.1f %% of a core, %.2f %% per session; steps/s per session: mean %.0f, slowest %.0f (nominal 1200)",
			busy, busy/float64(n), mean, min)
		return min, mean
	}
	for _, s := range students {
		s.typ(" ")
	}
	time.Sleep(time.Second)
	report("%d sessions playing the race at 120×40: RSS %.1f MiB", n, float64(procRSS(t, pid))/(1<<20))
	rate()

	for _, s := range students {
		s.typ(" ")
	}
	time.Sleep(time.Second)
	report("%d sessions paused again: CPU %.2f %% of a core", n, measure())

	heavy := openStudent(t, dial(), 400, 150)
	heavy.sees("race")
	heavy.typ("/" + heavyExpr() + "\r")
	heavy.sees("custom")
	heavy.typ(strings.Repeat("+", 20) + " ")
	time.Sleep(time.Second)
	for _, s := range students {
		s.typ(" ")
	}
	time.Sleep(time.Second)
	report("%d sessions playing beside one heavy session (a %d-byte expression at the top speed, 400×150 asked):", n, len(heavyExpr()))
	h0, w0 := steps(heavy), time.Now()
	rate()
	speed := regexp.MustCompile(`\d+ steps/s`).FindString(heavy.screen.text())
	report("  the heavy session: %.0f steps/s (set to %s)", float64(steps(heavy)-h0)/time.Since(w0).Seconds(), speed)
}

// heavyExpr is about the largest expression the / prompt accepts, and
// costly per evaluation: hundreds of products of sines and cosines.
func heavyExpr() string {
	var b strings.Builder
	for b.Len() < 9900 {
		if b.Len() > 0 {
			b.WriteString("+")
		}
		b.WriteString("sin(x*y)*cos(x+y)")
	}
	return b.String()
}

func minF(a, b float64) float64 {
	if a < b {
		return a
	}
	return b
}

func envInt(t *testing.T, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%s=%q is not a number", name, s)
	}
	return v
}

// procCPU is the process's user and system CPU time, from /proc/PID/stat.
func procCPU(t *testing.T, pid string) time.Duration {
	data, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		t.Fatal(err)
	}
	// The fields after the command name (which may hold spaces) in ")".
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+2:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	const hz = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / hz
}

// procRSS is the process's resident memory in bytes, from /proc/PID/status.
func procRSS(t *testing.T, pid string) int64 {
	data, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`VmRSS:\s+(\d+) kB`).FindSubmatch(data)
	if m == nil {
		t.Fatal("no VmRSS in /proc/PID/status")
	}
	kb, _ := strconv.ParseInt(string(m[1]), 10, 64)
	return kb << 10
}

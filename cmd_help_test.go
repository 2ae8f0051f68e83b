package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

// A mistyped command is named, the nearest command suggested when it is a
// couple of edits away, and every command listed.
func TestUnknownCommandSuggestsTheNearest(t *testing.T) {
	all := "commands: run, frame, basins, record, list, serve, version, help"
	for _, c := range []struct{ arg, want string }{
		{"lsit", `unknown command "lsit"; did you mean "list"? ` + all},
		{"fram", `unknown command "fram"; did you mean "frame"? ` + all},
		{"rn", `unknown command "rn"; did you mean "run"? ` + all},
		{"verison", `unknown command "verison"; did you mean "version"? ` + all},
		{"bowl", `unknown command "bowl"; ` + all},
		{"", `unknown command ""; ` + all},
	} {
		out, errs, code := cli(t, c.arg)
		if code != 2 || out != "" || errs != "momentum: "+c.want+"\n" {
			t.Errorf("momentum %q: exit %d, stdout %q, stderr %q; want 2 and %q", c.arg, code, out, errs, c.want)
		}
	}
	// help -h is help itself: the page --help prints, exit 0.
	want, _, _ := cli(t, "--help")
	for _, flag := range []string{"-h", "--help"} {
		if out, errs, code := cli(t, "help", flag); code != 0 || out != want || errs != "" {
			t.Errorf("help %s: exit %d, stderr %q; want 0 and --help's page", flag, code, errs)
		}
	}
	// help of an unknown command says the same.
	if _, errs, code := cli(t, "help", "lsit"); code != 2 || !strings.Contains(errs, `did you mean "list"?`) {
		t.Errorf("help lsit: exit %d, stderr %q", code, errs)
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{
		{"list", "list", 0}, {"lsit", "list", 1}, {"lis", "list", 1}, {"lisst", "list", 1},
		{"lust", "list", 1}, {"tsil", "list", 3}, {"", "run", 3}, {"résumé", "resume", 2},
	} {
		if got := editDistance(c.a, c.b); got != c.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}

// momentum --help, -h and help list every command of the table with its
// line, and the simulator's flags as --flag; help <command> is that
// command's --help.
func TestHelpListsCommandsAndFlags(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		out, errs, code := cli(t, args...)
		if code != 0 || errs != "" {
			t.Fatalf("%q: exit %d, stderr %q", args, code, errs)
		}
		for _, c := range commands() {
			if !strings.Contains(out, "\n  "+c.name+" ") || !strings.Contains(out, c.about) {
				t.Errorf("%q does not list %s: %q", args, c.name, c.about)
			}
		}
		for _, f := range []string{"--landscape name", "--scenario", "--play", "--version", "--print-command"} {
			if !strings.Contains(out, "\n  "+f) {
				t.Errorf("%q does not list %s", args, f)
			}
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "-") && !strings.HasPrefix(strings.TrimSpace(line), "--") {
				t.Errorf("%q: a flag with one dash: %q", args, line)
			}
		}
	}
	for _, c := range commands() {
		if c.name == "help" {
			continue
		}
		want, _, _ := cli(t, c.name, "--help")
		got, errs, code := cli(t, "help", c.name)
		if code != 0 || errs != "" || got != want || !strings.HasPrefix(got, "usage: momentum "+c.name) {
			t.Errorf("help %s: exit %d, stderr %q, stdout %q; want %s --help's %q", c.name, code, errs, got, c.name, want)
		}
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}, {"--landscape", "bowl", "--version"}} {
		out, errs, code := cli(t, args...)
		if code != 0 || errs != "" || !strings.HasPrefix(out, "momentum ") || strings.Count(out, "\n") != 1 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want one line 'momentum <version>'", args, code, out, errs)
		}
	}
	rev := []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-11-28T12:00:00Z"}}
	for _, c := range []struct {
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{nil, false, "(devel)"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, true, "v1.2.0"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true, "(devel)"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: rev}, true, "(devel) (commit 0123456789ab 2026-11-28T12:00:00Z)"},
		{&debug.BuildInfo{Settings: append(rev, debug.BuildSetting{Key: "vcs.modified", Value: "true"})}, true,
			"(devel) (commit 0123456789ab 2026-11-28T12:00:00Z, modified)"},
	} {
		if got := version(c.bi, c.ok); got != c.want {
			t.Errorf("version(%+v) = %q, want %q", c.bi, got, c.want)
		}
	}
}

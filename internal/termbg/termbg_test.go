package termbg

import "testing"

func TestDark(t *testing.T) {
	for s, want := range map[string]bool{
		"rgb:0000/0000/0000": true, "rgb:1e1e/1e1e/2e2e": true, "rgb:00/2b/36": true,
		"rgb:ffff/ffff/ffff": false, "rgb:fd/f6/e3": false, "rgb:f/f/f": false,
	} {
		if dark, ok := Dark(s); !ok || dark != want {
			t.Errorf("Dark(%q) = %v, %v; want %v", s, dark, ok, want)
		}
	}
	for _, bad := range []string{"", "rgb:", "rgb:1/2", "rgb:xx/00/00", "rgb:12345/0/0", "#ffffff"} {
		if _, ok := Dark(bad); ok {
			t.Errorf("Dark(%q) read a colour", bad)
		}
	}
}

package main

import (
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/momentum-sim/momentum/settings"
)

// topBand is the colour of the map's highest band (model's bandHex[11],
// #dfd7c0): the ravine's corners lie in it.
var topBand = color.RGBA{0xdf, 0xd7, 0xc0, 0xff}

// cellPixel is the colour at the centre of the lower half of cell (c, r)
// in a picture of 10 × 20 pixel cells (Go Mono at 16 px).
func cellPixel(img image.Image, c, r int) color.RGBA {
	return color.RGBAModel.Convert(img.At(c*10+5, r*20+15)).(color.RGBA)
}

func TestRecordPNG(t *testing.T) {
	out := filepath.Join(t.TempDir(), "ravine.png")
	if _, errs, code := cli(t, "record", "--out", out, "--landscape", "ravine", "--steps", "30", "--width", "80", "--height", "24"); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 800 || b.Dy() != 480 {
		t.Fatalf("PNG is %v, want 800×480 for 80×24 cells of 10×20", b)
	}
	if got := cellPixel(img, 0, 0); got != topBand {
		t.Errorf("top-left cell %v, want the top band %v", got, topBand)
	}
}

func TestRecordGIF(t *testing.T) {
	out := filepath.Join(t.TempDir(), "ravine.gif")
	if _, errs, code := cli(t, "record", "--out", out, "--landscape", "ravine", "--steps", "45", "--every", "10", "--width", "80", "--height", "24"); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gif.DecodeAll(f)
	if err != nil {
		t.Fatal(err)
	}
	// Steps 0, 10, 20, 30, 40 and the last, 45.
	if len(g.Image) != 6 {
		t.Fatalf("%d frames, want 6", len(g.Image))
	}
	for i, fr := range g.Image {
		if b := fr.Bounds(); b.Dx() != 800 || b.Dy() != 480 {
			t.Fatalf("frame %d is %v, want 800×480", i, b)
		}
		if got := cellPixel(fr, 0, 0); got != topBand {
			t.Errorf("frame %d: top-left cell %v, want the top band %v exactly (it is in the palette)", i, got, topBand)
		}
		// The ravine plays 20 steps/s: 10 steps are half a second.
		if g.Delay[i] != 50 {
			t.Errorf("frame %d delay %d cs, want 50", i, g.Delay[i])
		}
	}
}

func TestRecordBadInput(t *testing.T) {
	for _, c := range []struct{ args, want []string }{
		{[]string{"record"}, []string{"--out", "missing"}},
		{[]string{"record", "--out", "x.jpg"}, []string{"--out", `"x.jpg"`, ".gif or .png"}},
		{[]string{"record", "--out", "x.gif", "--steps", "100000", "--every", "1"}, []string{"--every", "at most 2000"}},
	} {
		checkUsageError(t, c.args, c.want)
	}
}

// A GIF's frames show the simulator playing, with the step and the loss
// chart's last step up to date in every frame.
func TestRecordGIFFramesArePlaying(t *testing.T) {
	s, err := settings.Parse([]string{"--landscape", "ravine", "--race"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := recordModel(s, true, 80, 24)
	if err != nil {
		t.Fatal(err)
	}
	step := 0
	gifFrames(m, 45, 10, func(view string) {
		view = ansi.Strip(view)
		want := "step " + strconv.Itoa(step)
		if !strings.Contains(view, "▶ playing") || !strings.Contains(view, want) {
			t.Errorf("frame at %s: not shown playing at that step:\n%s", want, view)
		}
		if lastX := chartLastStep(view); step > 0 && lastX != strconv.Itoa(step) {
			t.Errorf("frame at %s: the loss chart's axis ends at %q", want, lastX)
		}
		step = min(step+10, 45)
	})
}

// chartLastStep is the last number on the chart strip's step axis: the line
// of the frame that starts with the axis's "0".
func chartLastStep(view string) string {
	for _, l := range strings.Split(view, "\n") {
		f := strings.Fields(l)
		if len(f) >= 2 && f[0] == "0" && strings.HasPrefix(strings.TrimLeft(l, " "), "0 ") {
			for i := 1; i < len(f); i++ {
				if _, err := strconv.Atoi(f[i]); err != nil {
					return f[i-1]
				}
			}
			return f[len(f)-1]
		}
	}
	return ""
}

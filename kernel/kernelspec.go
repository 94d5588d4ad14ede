package kernel

import (
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
)

// KernelName is the kernelspec directory name: `jupyter kernelspec list`
// shows it, and notebooks name it in metadata.kernelspec.name.
const KernelName = "gograd"

// KernelSpec is the content of kernel.json for the kernel binary at
// binary. interrupt_mode "message" makes Jupyter send interrupt_request on
// the control channel instead of a signal: it works the same on every OS
// and through remote kernel gateways.
func KernelSpec(binary string) map[string]any {
	return map[string]any{
		"argv":           []string{binary, "--connection-file", "{connection_file}"},
		"display_name":   "Go (gograd)",
		"language":       "go",
		"interrupt_mode": "message",
		"metadata":       map[string]any{"debugger": true}, // JupyterLab enables its debugger from this
	}
}

// WriteKernelSpec writes dir/kernel.json and the two logos Jupyter looks
// for (logo-32x32.png, logo-64x64.png), creating dir.
func WriteKernelSpec(dir, binary string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(KernelSpec(binary), "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "kernel.json"), append(b, '\n'), 0o644); err != nil {
		return err
	}
	for _, size := range []int{32, 64} {
		f, err := os.Create(filepath.Join(dir, "logo-"+strconv.Itoa(size)+"x"+strconv.Itoa(size)+".png"))
		if err != nil {
			return err
		}
		err = png.Encode(f, Logo(size))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Logo draws gograd's logo at size x size pixels: a white nabla (∇, the
// gradient) on a Go-blue rounded square, antialiased by 4x4 supersampling.
func Logo(size int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	blue := color.NRGBA{0x00, 0xad, 0xd8, 0xff}
	const ss = 4
	s := float64(size)
	r := 0.18 * s // corner radius
	inRounded := func(x, y float64) bool {
		cx, cy := clamp(x, r, s-r), clamp(y, r, s-r)
		return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r
	}
	// The nabla: an outer downward triangle minus an inner one (its stroke).
	outer := [3][2]float64{{0.16 * s, 0.24 * s}, {0.84 * s, 0.24 * s}, {0.5 * s, 0.82 * s}}
	inner := [3][2]float64{{0.33 * s, 0.34 * s}, {0.67 * s, 0.34 * s}, {0.5 * s, 0.63 * s}}
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var bg, fg int
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := float64(px) + (float64(sx)+0.5)/ss
					y := float64(py) + (float64(sy)+0.5)/ss
					if !inRounded(x, y) {
						continue
					}
					bg++
					if inTriangle(x, y, outer) && !inTriangle(x, y, inner) {
						fg++
					}
				}
			}
			if bg == 0 {
				continue
			}
			// Blend white over blue by coverage; alpha is the square's coverage.
			t := float64(fg) / float64(bg)
			mix := func(c uint8) uint8 { return uint8(float64(c)*(1-t) + 255*t + 0.5) }
			img.SetNRGBA(px, py, color.NRGBA{mix(blue.R), mix(blue.G), mix(blue.B), uint8(255 * bg / (ss * ss))})
		}
	}
	return img
}

func clamp(v, lo, hi float64) float64 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

func inTriangle(x, y float64, t [3][2]float64) bool {
	side := func(a, b [2]float64) float64 { return (b[0]-a[0])*(y-a[1]) - (b[1]-a[1])*(x-a[0]) }
	d1, d2, d3 := side(t[0], t[1]), side(t[1], t[2]), side(t[2], t[0])
	neg := d1 < 0 || d2 < 0 || d3 < 0
	pos := d1 > 0 || d2 > 0 || d3 > 0
	return !(neg && pos)
}

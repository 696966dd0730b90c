package helpdeskapps

import (
	"image"
	"image/color"
)

// Resize draws src into a size×size RGBA image by averaging, for each
// output pixel, the source pixels it covers (weighted by how much of each
// it covers): a downscale without the jagged edges of nearest-neighbour,
// and without a dependency for one icon.
func Resize(src image.Image, size int) *image.NRGBA {
	b := src.Bounds()
	dst := image.NewNRGBA(image.Rect(0, 0, size, size))
	sx := float64(b.Dx()) / float64(size)
	sy := float64(b.Dy()) / float64(size)
	for y := 0; y < size; y++ {
		y0, y1 := float64(y)*sy, float64(y+1)*sy
		for x := 0; x < size; x++ {
			x0, x1 := float64(x)*sx, float64(x+1)*sx
			var r, g, bl, a, w float64
			for iy := int(y0); float64(iy) < y1 && iy < b.Dy(); iy++ {
				wy := overlap(y0, y1, iy)
				for ix := int(x0); float64(ix) < x1 && ix < b.Dx(); ix++ {
					wt := wy * overlap(x0, x1, ix)
					c := color.NRGBA64Model.Convert(src.At(b.Min.X+ix, b.Min.Y+iy)).(color.NRGBA64)
					// Average premultiplied, so transparent pixels add no colour.
					al := float64(c.A)
					r += float64(c.R) * al * wt
					g += float64(c.G) * al * wt
					bl += float64(c.B) * al * wt
					a += al * wt
					w += wt
				}
			}
			if w == 0 || a == 0 {
				continue
			}
			dst.SetNRGBA(x, y, color.NRGBA{
				R: round8(r / a), G: round8(g / a), B: round8(bl / a), A: round8(a / w),
			})
		}
	}
	return dst
}

// overlap is how much of the pixel [i, i+1) lies within [lo, hi).
func overlap(lo, hi float64, i int) float64 {
	a, b := float64(i), float64(i+1)
	if lo > a {
		a = lo
	}
	if hi < b {
		b = hi
	}
	if b <= a {
		return 0
	}
	return b - a
}

// round8 rounds a 16-bit channel value to 8 bits.
func round8(v float64) uint8 {
	v = v/257 + 0.5
	if v > 255 {
		return 255
	}
	return uint8(v)
}

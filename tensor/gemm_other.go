//go:build !amd64

package tensor

var obSIMD = false

func obKern8x4(a *float32, lda int, b0, b1, b2, b3 *float32, pairs, rem int, addOdd bool, out *float32) {
	panic("unreachable")
}

func obKern16x6(a0, a1 *float32, b *float32, ldb, k int, out *float32) {
	panic("unreachable")
}

func obKern8x6(a *float32, b *float32, ldb, pairs, rem int, addOdd bool, out *float32) {
	panic("unreachable")
}

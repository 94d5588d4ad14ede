package tensor

import "math"

// opAtan2 is torch.atan2(a, b): the angle of the point (b, a), in (-π, π], with C's
// atan2 rules for signed zeros, infinities and NaN (math.Atan2 follows them). Integer
// and bool operands compute in the default float dtype, as true division does.
var opAtan2 = &binaryOp{name: "atan2", kind: toFloat, f32: atan2f32, f64: math.Atan2}

// atan2f32 is atan2 computed in float64 and rounded once. PyTorch's SIMD atan2f is
// within one unit in the last place of the exact result, so the two may differ in
// the last bit.
func atan2f32(a, b float32) float32 { return float32(math.Atan2(float64(a), float64(b))) }

// Atan2 returns atan2(a, b) elementwise (torch.atan2), broadcast and promoted.
func (a *Array) Atan2(b any) *Array { return binary(opAtan2, a, b) }

//go:build race

package session

// raceEnabled skips the interrupt tests under the race detector: yaegi's
// ExecuteWithContext returns at once on cancel while the evaluation it
// abandons still writes to that call's results, a race in yaegi itself.
const raceEnabled = true

#!/bin/sh
# Runs the autograd benchmarks (autograd/bench_test.go) and the same workloads in PyTorch
# eager (bench/autograd_torch.py) in one go, with the same thread count, and prints the
# time per operation of each and the ratio PyTorch / Go (> 1: Go is faster), for wall time
# and for CPU time (whole process, all threads; steadier when the machine is shared).
#
#   bench/autograd_vs_torch.sh [threads] [seconds-per-round] [rounds]
#
# Each side reports its fastest of `rounds` rounds, so that a shared, loaded machine
# disturbs the figures less. PyTorch uses Debian's openblas-pthread for its matrix
# products when that library is found (installed, or unpacked into a directory named by
# OPENBLAS_DIR), with the same thread count; otherwise its generic BLAS, which makes the
# MLP comparison meaningless.
set -eu
cd "$(dirname "$0")/.."
threads=${1:-1}
secs=${2:-1}
rounds=${3:-3}

dir=${OPENBLAS_DIR:-}
if [ -z "$dir" ]; then
	lib=$(dpkg -L libopenblas0-pthread 2>/dev/null | grep '/libblas\.so\.3$' | head -n 1 || true)
	[ -n "$lib" ] && dir=$(dirname "$lib")
fi
if [ -n "$dir" ]; then
	blas="openblas-pthread ($dir)"
	LD_LIBRARY_PATH="$dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	export LD_LIBRARY_PATH
else
	blas="generic (libopenblas0-pthread not found; set OPENBLAS_DIR)"
fi
export OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads

go_out=$(mktemp)
py_out=$(mktemp)
trap 'rm -f "$go_out" "$py_out"' EXIT

# `go test -bench` prints "BenchmarkName-P  N  T ns/op  C cpu-ns/op ..."; keep the
# fastest T and C per name.
gobench() {
	GOMAXPROCS=$threads go test -run '^$' -bench "$1" -benchtime "$2" -count "$rounds" ./autograd/ |
		awk '/^Benchmark/ { sub(/-[0-9]+$/, "", $1); sub(/^Benchmark/, "", $1)
			if (!($1 in w) || $3 < w[$1]) w[$1] = $3
			if (!($1 in c) || $5 < c[$1]) c[$1] = $5 }
			END { for (k in w) print k, w[k], c[k] }'
}

gobench 'ScalarGraph|Seed001GD' "${secs}s" >"$go_out"
/usr/bin/python3 bench/autograd_torch.py "$threads" "$secs" "$rounds" >"$py_out"
gobench 'Seed004MLP' 1x >>"$go_out"

echo "threads: $threads   rounds: $rounds   PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')   BLAS: $blas"
printf '%-12s %14s %14s %8s   %14s %14s %8s\n' workload "Go wall ns" "Torch wall ns" "ratio" \
	"Go cpu ns" "Torch cpu ns" "ratio"
awk 'function ratio(t, g) { return (t > 0 && g > 0) ? sprintf("%.2fx", t / g) : "n/a" }
	NR == FNR { pw[$1] = $2; pc[$1] = $3; next }
	{ printf "%-12s %14.0f %14.0f %8s   %14.0f %14.0f %8s\n", $1, $2, pw[$1], ratio(pw[$1], $2),
		$3, pc[$1], ratio(pc[$1], $3) }' "$py_out" "$go_out" | sort

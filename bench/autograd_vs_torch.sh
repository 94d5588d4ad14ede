#!/bin/sh
# Runs the autograd benchmarks (bench/autograd/bench_test.go) and the same workloads in PyTorch
# eager (bench/autograd_torch.py) in one go, with the same thread count, and prints the
# time per operation of each and the ratio PyTorch / Go (> 1: Go is faster), for wall time
# and for CPU time (whole process, all threads; steadier when the machine is shared).
#
#   bench/autograd_vs_torch.sh [threads] [seconds-per-round] [rounds] [workloads]
#
# workloads: comma-separated names (ScalarGraph,Seed001GD,Seed004MLP,CrossEntropy64x1000,
# Conv2dLeNet64); default all.
#
# The two sides alternate in short rounds (bench/autograd_torch.py drives both), and the
# table gives the ratio's spread over the rounds as well as the ratio of each side's
# fastest round.
# PyTorch uses Debian's openblas-pthread for its matrix
# products when that library is found (installed, or unpacked into a directory named by
# OPENBLAS_DIR), with the same thread count; otherwise its generic BLAS, which makes the
# MLP comparison meaningless. Both sides run OpenBLAS's kernel OPENBLAS_CORETYPE, by
# default Haswell: the one gograd asks for when it is unset, while OpenBLAS 0.3.21 left to
# itself runs its slow generic kernel on CPUs newer than it knows, and torch would be
# measured on that. The Go side gets the same environment (OPENBLAS_NUM_THREADS included)
# with GOMAXPROCS set to the thread count, unless GOMAXPROCS is set (see
# bench/tensor_vs_torch.sh on GOMAXPROCS=2 with one thread).
#
# At 2 threads on a 2-core machine PyTorch's defaults can be pathological: its OpenMP
# pool and OpenBLAS's threads spin-wait against each other (Seed004MLP at 2 threads then
# takes ten times as long as at 1). OMP_WAIT_POLICY=PASSIVE in the environment (which
# reaches torch's libgomp and does nothing to the Go side) measures PyTorch without that;
# give both figures.
set -eu
cd "$(dirname "$0")/.."
threads=${1:-1}
secs=${2:-0.5}
rounds=${3:-10}
workloads=${4:-}

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
export OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-Haswell}

bin=$(mktemp)
trap 'rm -f "$bin"' EXIT
go test -c -o "$bin" ./bench/autograd/
if [ -n "${GOGC:-}" ]; then
	echo "# GOGC=$GOGC is set: gograd's benchmarks keep the Go runtime's pacing of the collector"
else
	echo "# gograd's benchmarks run under the kernel's collector pacing (kernel/heapfloor: a collection per 64 MB at least), as cells run"
fi
echo "BLAS: $blas, kernel $OPENBLAS_CORETYPE, $threads threads on both sides (OMP_NUM_THREADS=$threads), gograd's GOMAXPROCS=${GOMAXPROCS:-$threads}"
/usr/bin/python3 bench/autograd_torch.py "$threads" "$secs" "$rounds" "$bin" "$workloads"

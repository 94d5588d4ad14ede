#!/usr/bin/env bash
# tensor_vs_torch.sh: gograd's tensor package against PyTorch on the same
# workloads, in one run on one machine.
#
# Runs the tensor benchmarks (go test -bench: Sin1e6, Exp1e6, Sum1e6,
# Add1e6Row, Mul1e6F64, SigmoidBackward1e6, Mm64x100x10, Mm64x1000x100,
# MmT64x1000x100, Mm1024 in tensor/bench_test.go) and bench/tensor_torch.py
# (the same workloads in PyTorch) with the same thread count, in alternating
# rounds, then prints the median time per op of each side and the ratio
# gograd/torch (above 1 means gograd is slower), in wall time and in CPU time
# per op (each side's process, all its threads: on a shared machine the wall
# time follows the other processes' load, the CPU time much less).
#
# With "gemm" first, it times the GEMM table's float32 products instead, on
# three sides (gograd with OpenBLAS, gograd's Go product with
# GOGRAD_OPENBLAS=off, torch), and prints GFLOPS.
#
# With "survey" first, it times the op survey instead: some forty common ops
# (reductions over dims, unary ops, broadcasts in several layouts, casts, mv)
# on a 1000x1000 float32 matrix, and reductions, softmaxes, permuted copies,
# cat and a channel broadcast on the batched 3-d and 4-d shapes of a small conv
# net (BenchmarkOps), the breadth beyond the ten workloads.
#
# Usage: bench/tensor_vs_torch.sh [gemm|survey] [threads]   threads defaults to nproc
#
# "threads" is the compute threads of both sides: torch.set_num_threads and
# OMP_NUM_THREADS, which gograd's tensor.NumThreads follows as PyTorch does, and
# OPENBLAS_NUM_THREADS. gograd's GOMAXPROCS is the same count unless GOMAXPROCS is set:
# GOMAXPROCS=1 gives the Go runtime itself (its collector, its scheduler's handling of
# the cgo calls into OpenBLAS) one core as well, stricter than torch's one thread;
# GOMAXPROCS=2 with threads 1 computes on one thread, as torch's does, and leaves the
# runtime the second core. Report which.
# Env:   COUNT         rounds: samples per side and workload (default 5)
#        GOGRAD_SIMD   passed to gograd (avx512, avx2 or none: the SIMD path)
#        OPENBLAS_CORETYPE  the OpenBLAS kernel of both sides; default Haswell,
#                      the one gograd asks for when it is unset (OpenBLAS
#                      0.3.21 runs its slow generic kernel on CPUs newer than
#                      it knows, and torch would be measured on that)
#        OPENBLAS_DIR  directory holding openblas-pthread's libblas.so.3;
#                      found with dpkg when libopenblas0-pthread is installed.
#                      torch's mm calls libblas.so.3, and without OpenBLAS
#                      first on the library path that is the reference BLAS,
#                      some 40x slower: the comparison would flatter gograd.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
mode=ops
case "${1:-}" in
gemm | survey)
	mode=$1
	shift
	;;
esac
threads=${1:-$(nproc)}
procs=${GOMAXPROCS:-$threads}
count=${COUNT:-5}
py=/usr/bin/python3 # Debian's python, where python3-torch lives

if [ -z "${OPENBLAS_DIR:-}" ]; then
	so=$(dpkg -L libopenblas0-pthread 2>/dev/null | grep '/libblas\.so\.3$' | head -n 1 || true)
	if [ -n "$so" ]; then OPENBLAS_DIR=$(dirname "$so"); fi
fi
if [ -n "${OPENBLAS_DIR:-}" ]; then
	export LD_LIBRARY_PATH="$OPENBLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	blas="OpenBLAS from $OPENBLAS_DIR"
else
	blas="the reference BLAS (no OpenBLAS found: torch's mm figures are too slow)"
fi
# Both sides run OpenBLAS with the same kernel and threads.
export OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-Haswell}
export OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "# threads: $threads for both (torch.set_num_threads($threads); OMP_NUM_THREADS=$threads; OPENBLAS_NUM_THREADS=$threads); gograd's GOMAXPROCS=$procs"
echo "# torch mm uses $blas; OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE for both; GOGRAD_SIMD=${GOGRAD_SIMD:-}"
if [ -n "${GOGC:-}" ]; then
	echo "# GOGC=$GOGC is set: gograd's benchmarks keep the Go runtime's pacing of the collector"
else
	echo "# gograd's benchmarks run under the kernel's collector pacing (kernel/heapfloor: a collection per 64 MB at least), as cells run"
fi
echo "# CPU: $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2-);" \
	"flags: $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx|avx2|fma|avx512f|avx512bw|avx512dq|avx512vl)$' | tr '\n' ' ')"
# The sides alternate workload by workload, one sample each a round: the machine's speed
# drifts from minute to minute (on a shared machine, by a factor of two or more), and a
# run of all one side's samples first would compare fast minutes with slow ones.
(cd "$root" && go test -c -o "$tmp/tensor.test" ./tensor/)
gobench() {
	(cd "$root/tensor" && GOMAXPROCS=$procs "$tmp/tensor.test" -test.run '^$' \
		-test.bench "$1" -test.count 1) | grep '^Benchmark'
}
for round in $(seq "$count"); do
	echo "# round $round of $count"
	if [ "$mode" = survey ]; then
		gobench '^BenchmarkOps$' | tee -a "$tmp/go.txt"
		"$py" "$root/bench/tensor_torch.py" --threads "$threads" --count 1 --ops | grep '^Benchmark' | tee -a "$tmp/torch.txt"
		continue
	fi
	if [ "$mode" = gemm ]; then
		gobench '^BenchmarkGemmTable$' | tee -a "$tmp/go.txt"
		GOGRAD_OPENBLAS=off gobench '^BenchmarkGemmTable$' |
			sed 's/^BenchmarkGemmTable/BenchmarkGemmTable(go)/' | tee -a "$tmp/gopure.txt"
		"$py" "$root/bench/tensor_torch.py" --threads "$threads" --count 1 --gemm | tee -a "$tmp/torch.txt"
		continue
	fi
	for w in Sin1e6 Exp1e6 Sum1e6 Add1e6Row Mul1e6F64 SigmoidBackward1e6 Mm64x100x10 Mm64x1000x100 MmT64x1000x100 Mm1024; do
		gobench "^Benchmark$w\$" | tee -a "$tmp/go.txt"
		"$py" "$root/bench/tensor_torch.py" --threads "$threads" --count 1 --only "$w" |
			grep '^Benchmark' | tee -a "$tmp/torch.txt"
	done
done
echo
if [ "$mode" = gemm ]; then
	sed -i 's/^BenchmarkGemmTable(go)/BenchmarkGemmTable/' "$tmp/gopure.txt"
	"$py" "$root/bench/tensor_torch.py" --threads "$threads" --gemm-table "$tmp/go.txt" "$tmp/gopure.txt" "$tmp/torch.txt"
else
	"$py" "$root/bench/tensor_torch.py" --table "$tmp/go.txt" "$tmp/torch.txt"
fi

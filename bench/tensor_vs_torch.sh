#!/usr/bin/env bash
# tensor_vs_torch.sh: gograd's tensor package against PyTorch on the same
# workloads, in one run on one machine.
#
# Runs the tensor benchmarks (go test -bench: Sin1e6, Sum1e6, Mm64x1000x100,
# Mm1024 in tensor/bench_test.go) and bench/tensor_torch.py (the same
# workloads in PyTorch, float32) with the same thread count, in alternating
# rounds, then prints the median time per op of each side and the ratio
# gograd/torch (above 1 means gograd is slower).
#
# Usage: bench/tensor_vs_torch.sh [threads]     threads defaults to nproc
# Env:   COUNT         rounds: samples per side and workload (default 5)
#        OPENBLAS_DIR  directory holding openblas-pthread's libblas.so.3;
#                      found with dpkg when libopenblas0-pthread is installed.
#                      torch's mm calls libblas.so.3, and without OpenBLAS
#                      first on the library path that is the reference BLAS,
#                      some 40x slower: the comparison would flatter gograd.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
threads=${1:-$(nproc)}
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

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "# threads: $threads for both (GOMAXPROCS=$threads; torch.set_num_threads($threads), OMP_NUM_THREADS=$threads)"
echo "# torch mm uses $blas"
# The sides alternate, one sample of every workload a round: the machine's speed drifts
# from minute to minute, and a run of all one side's samples first would compare fast
# minutes with slow ones.
(cd "$root" && go test -c -o "$tmp/tensor.test" ./tensor/)
for round in $(seq "$count"); do
	echo "# round $round of $count"
	(cd "$root/tensor" && GOMAXPROCS=$threads "$tmp/tensor.test" -test.run '^$' \
		-test.bench '^Benchmark(Sin1e6|Sum1e6|Mm64x1000x100|Mm1024)$' -test.count 1) |
		grep '^Benchmark' | tee -a "$tmp/go.txt"
	OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads \
		"$py" "$root/bench/tensor_torch.py" --threads "$threads" --count 1 | tee -a "$tmp/torch.txt"
done
echo
"$py" "$root/bench/tensor_torch.py" --table "$tmp/go.txt" "$tmp/torch.txt"

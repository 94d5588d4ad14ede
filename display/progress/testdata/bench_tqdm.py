#!/usr/bin/python3
"""The peer of BenchmarkVsTqdm: tqdm's cost per update(1) in a loop of N steps, drawing
to a discarded stream with its default 0.1 s minimum interval. Prints ns per step as JSON.

Run: /usr/bin/python3 bench_tqdm.py N
"""
import io
import json
import sys
import time

from tqdm import tqdm

n = int(sys.argv[1])
bar = tqdm(total=n, file=io.StringIO())
t0 = time.perf_counter_ns()
for _ in range(n):
    bar.update(1)
bar.close()
print(json.dumps({'update_ns': (time.perf_counter_ns() - t0) / n}))

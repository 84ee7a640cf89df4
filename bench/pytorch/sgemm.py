# The machine's practical fp32 matrix-multiply peak, as the yardstick for the GFLOP/s of training:
# torch.mm on 2048x2048 float32 matrices (one warm-up, best of 5), with the thread limits given in
# the environment (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS) and --threads for torch.set_num_threads.
# Also reports which BLAS library the process really mapped, so a run on the reference BLAS (slow,
# single-threaded) is caught. Prints one JSON object. Run with /usr/bin/python3 (Debian's torch).
import argparse
import json
import time

import torch

p = argparse.ArgumentParser(description='SGEMM GFLOP/s through torch.mm')
p.add_argument('--threads', type=int, default=1)
p.add_argument('--size', type=int, default=2048)
p.add_argument('--repeats', type=int, default=5)
a = p.parse_args()

torch.set_num_threads(a.threads)
torch.manual_seed(0)
n = a.size
x, y = torch.rand(n, n), torch.rand(n, n)
out = torch.empty(n, n)
torch.mm(x, y, out=out)  # warm-up: pages, thread pool, caches
best = float('inf')
for _ in range(a.repeats):
    t = time.perf_counter()
    torch.mm(x, y, out=out)
    best = min(best, time.perf_counter() - t)
with open('/proc/self/maps') as f:
    libs = sorted({line.split()[-1] for line in f if 'blas' in line or 'lapack' in line})
print(json.dumps({'gflops': 2 * n ** 3 / best / 1e9, 'seconds': best, 'size': n, 'threads': a.threads,
                  'torch': torch.__version__, 'blas_libraries': libs}))

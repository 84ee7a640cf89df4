#!/usr/bin/env bash
# Prints a generated valid model whose one statement is a chain of N linear Dense layers on one
# line, `x -> Dense(8) -> Dense(8) -> …`: each layer but the last draws an NNL5002 warning
# (linear-stack), so it is the large-output case of the compiler-latency benchmarks (issue 17):
# N-1 diagnostics that each point into one long line. bench/check-latency.sh and bench/perf.py
# use it; compiler/…/diag/render/LongOutputTest.java generates the same file.
# Usage: bench/chain-model.sh N > chain.nnl
set -euo pipefail
n="${1:?usage: chain-model.sh N}"
echo "model Chain {"
echo "    input x: (8)"
printf '    x'
for ((i = 0; i < n; i++)); do printf ' -> Dense(8)'; done
printf '\n}\n'

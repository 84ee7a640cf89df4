#!/usr/bin/env bash
# Prints a generated model of N Dense layers (an MLP on 64 features): the large input that the
# compiler-latency benchmarks check. The one generator for bench/check-latency.sh and bench/perf.py.
# Usage: bench/deep-model.sh N > deep.nnl
set -euo pipefail
n="${1:?usage: deep-model.sh N}"
echo "model Deep {"
echo "    input x: (64)"
for ((i = 0; i < n; i++)); do echo "    Dense(64, activation=relu)"; done
echo "}"

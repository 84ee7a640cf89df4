#!/usr/bin/env bash
# Prints a generated model of N Dense layers: the large input that the compiler-latency
# benchmarks check. The one generator for bench/check-latency.sh and bench/perf.py.
# Usage: bench/deep-model.sh N > deep.nnl         an MLP on 64 features, one layer a line, no lints
#        bench/deep-model.sh N chain > chain.nnl  one `->` chain of N linear Dense layers on one
#                                                line: N-1 "stacked linear Dense" warnings (NNL5002)
set -euo pipefail
n="${1:?usage: deep-model.sh N [chain]}"
echo "model Deep {"
echo "    input x: (64)"
if [ "${2:-}" = chain ]; then
    printf '    output x'
    for ((i = 0; i < n; i++)); do printf ' -> Dense(64)'; done
    echo
else
    for ((i = 0; i < n; i++)); do echo "    Dense(64, activation=relu)"; done
fi
echo "}"

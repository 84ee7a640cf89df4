#!/usr/bin/env bash
# Whole-process latency of `nnlc check` (JVM start included), on a sample and on generated
# models of 1,000 / 10,000 / 20,000 layers to show time grows linearly with file size, and on a
# 10,000-step `->` chain that draws 9,999 warnings, in each output format (bench/chain-model.sh).
# Uses hyperfine (Debian package `hyperfine`) when present, else a plain timing loop.
# bench/perf.sh reports the same latency for the sample and the 10,000-layer model with the
# training benchmark; this script is the wider look at how the time grows.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
nnlc="$here/nnlc"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for n in 1000 10000 20000; do "$here/bench/deep-model.sh" "$n" > "$work/deep_$n.nnl"; done
"$here/bench/chain-model.sh" 10000 > "$work/chain_10000.nnl"

"$nnlc" check "$here/samples/fashion_cnn.nnl" >/dev/null   # build and create the class-data archive
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(java -version 2>&1 | head -1)"
files=("$here/samples/fashion_cnn.nnl" "$here/samples/tiny_resnet.nnl" "$work/deep_1000.nnl" "$work/deep_10000.nnl" "$work/deep_20000.nnl")
# The commands timed: `check FILE` for each file, then the chain in each format.
commands=()
for f in "${files[@]}"; do commands+=("check $f"); done
for format in human gcc json; do commands+=("check --format $format $work/chain_10000.nnl"); done
if command -v hyperfine >/dev/null; then
    args=()
    for c in "${commands[@]}"; do args+=("$nnlc $c"); done
    hyperfine --warmup 2 --runs "${RUNS:-15}" -N --export-markdown "$work/out.md" "${args[@]}" >/dev/null
    sed "s|$work/||g; s|$here/||g" "$work/out.md"
else
    for c in "${commands[@]}"; do
        # shellcheck disable=SC2086  # the command's words are meant to split
        start=$(date +%s%N); for _ in 1 2 3 4 5; do "$nnlc" $c >/dev/null 2>&1; done; end=$(date +%s%N)
        echo "${c//$work\//}: $(( (end - start) / 5000000 )) ms mean of 5"
    done
fi

#!/usr/bin/env bash
# Whole-process latency of `nnlc check` (launcher and JVM start included), on two samples and on
# generated models of 1,000 / 10,000 / 20,000 layers to show time grows linearly with file size,
# and on a `->` chain of 10,000 linear layers, which draws 9,999 lint warnings, in each output
# format (`bench/deep-model.sh N chain`; the human format groups them, docs/cli.md).
#
#   bench/check-latency.sh [BASELINE]      RUNS=20 by default
#
# BASELINE is another checkout (built, or its ./nnlc builds it on the first run), e.g. one of
# main made with `git worktree add`: every round then runs each case with both launchers, in
# alternating order, so the two see the same machine load. The generated models are checked with
# `--format json`, which measures the checker, not the human renderer. Reports the median and
# minimum wall time, the median CPU time (user + system of the whole process tree, which a
# loaded machine inflates less than wall time) and the load average before and after: on a
# shared machine, numbers taken under load say so. docs/performance.md has the results.
# bench/perf.sh reports the sample and the 10,000-layer model with the training benchmark.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
baseline="${1:-}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for n in 1000 10000 20000; do "$here/bench/deep-model.sh" "$n" > "$work/deep_$n.nnl"; done
"$here/bench/deep-model.sh" 10000 chain > "$work/chain_10000.nnl"
# Build and make the class-data archive first, so no timed run does.
"$here/nnlc" check "$here/samples/fashion_cnn.nnl" >/dev/null
if [ -n "$baseline" ]; then
    "$baseline/nnlc" check "$here/samples/fashion_cnn.nnl" >/dev/null
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(java -version 2>&1 | head -1)"

python3 - "$here" "$baseline" "$work" "${RUNS:-20}" <<'EOF'
import os, resource, statistics, subprocess, sys, time

here, baseline, work, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
cases = [('samples/fashion_cnn.nnl', [f'{here}/samples/fashion_cnn.nnl']),
         ('samples/tiny_resnet.nnl', [f'{here}/samples/tiny_resnet.nnl'])]
cases += [(f'generated, {n:,} layers, --format json', [f'{work}/deep_{n}.nnl', '--format', 'json'])
          for n in (1000, 10000, 20000)]
cases += [(f'generated `->` chain, 10,000 linear layers (9,999 warnings), --format {f}',
           [f'{work}/chain_10000.nnl', '--format', f]) for f in ('human', 'gcc', 'json')]
launchers = [('this checkout', f'{here}/nnlc')] + ([('baseline', f'{baseline}/nnlc')] if baseline else [])


def timed(cmd):
    """Wall and CPU milliseconds of one run; the CPU time is the rusage of the reaped children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit(f'{" ".join(cmd)} exited {p.returncode}')
    return wall * 1000, (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000


print()
print('| file | launcher | median ms | min ms | median CPU ms | runs | load average before → after |')
print('|---|---|---:|---:|---:|---:|---|')
for label, args in cases:
    samples = {name: [] for name, _ in launchers}
    load_before = os.getloadavg()[0]
    for name, nnlc in launchers:  # one untimed run each: the page cache
        timed([nnlc, 'check', *args])
    for i in range(runs):
        order = launchers if i % 2 == 0 else launchers[::-1]
        for name, nnlc in order:
            samples[name].append(timed([nnlc, 'check', *args]))
    load_after = os.getloadavg()[0]
    for name, _ in launchers:
        wall = [w for w, _ in samples[name]]
        cpu = [c for _, c in samples[name]]
        print(f'| {label} | {name} | {statistics.median(wall):.0f} | {min(wall):.0f} | {statistics.median(cpu):.0f} '
              f'| {runs} | {load_before:.1f} → {load_after:.1f} |')
EOF

#!/usr/bin/env bash
# The nnlc vs PyTorch CPU benchmark in one command: installs what is missing (Debian's PyTorch,
# OpenBLAS and the full Fashion-MNIST), builds nnlc, then runs bench/perf.py, which trains each
# benchmark model with both tools and prints the tables. See docs/performance.md.
# Usage: bench/perf.sh [--models mlp,cnn,lstm] [--threads 1,2] [--reps 3] [--epochs 3] [--quick]
#                      [--skip-nnl] [--skip-pytorch] [--skip-check] [--json PATH]   (--help: all)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
python=/usr/bin/python3   # Debian's python3-torch is importable from the system interpreter only

missing=()
[ -x "$python" ] && "$python" -c 'import torch, numpy' 2>/dev/null || missing+=(python3-torch)
dpkg -s libopenblas0-pthread >/dev/null 2>&1 || missing+=(libopenblas0-pthread)
[ -d /usr/share/datasets/fashion-mnist ] || missing+=(dataset-fashion-mnist)
if [ ${#missing[@]} -gt 0 ]; then
    echo "perf: installing ${missing[*]}" >&2
    sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    pkgs=(python3-torch libopenblas0-pthread dataset-fashion-mnist)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get install -y "${pkgs[@]}" \
        || { "${sudo[@]}" apt-get update && "${sudo[@]}" apt-get install -y "${pkgs[@]}"; }
fi

# Build nnlc (first use or changed sources) before anything is timed.
"$here/nnlc" --version >/dev/null
exec "$python" "$here/bench/perf.py" "$@"

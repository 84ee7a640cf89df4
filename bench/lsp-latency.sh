#!/usr/bin/env bash
# Keystroke-to-diagnostics latency of `nnlc lsp` on a 300-line model, measured as an editor sees
# it (didChange sent → publishDiagnostics received, JSON-RPC over stdio), with no debounce and
# with the default 100 ms one; and the warm in-process check time of the same file.
# Usage: bench/lsp-latency.sh [EDITS]   (default 200 edits per run; the first fifth warm up)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/nnlc" --version >/dev/null            # builds the jars on first use
(cd "$here" && mvn -B -q -o -pl cli test-compile >/dev/null 2>&1 || mvn -B -q -pl cli test-compile >/dev/null)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(java -version 2>&1 | head -1)"
exec java -Xss16m -cp "$here/cli/target/test-classes:$here/cli/target/nnl-cli.jar:$here/cli/target/short-lib/*:$here/cli/target/lib/*" \
    dev.nnl.cli.LspLatency "${1:-200}"

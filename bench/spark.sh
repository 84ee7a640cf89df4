#!/usr/bin/env bash
# Training throughput on Spark against one process (docs/distributed.md, "Measurements").
# Usage: bench/spark.sh [MODEL.nnl] [EPOCHS]   (default: samples/fashion_mlp.nnl, 3 epochs)
# Prints, per configuration, the seconds and samples/s of each epoch; epoch 1 includes start-up,
# so compare the later ones. Needs `mvn -DskipTests package` first (it compiles spark's test classes).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="${1:-$here/samples/fashion_mlp.nnl}"
epochs="${2:-3}"
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
(cd "$here" && mvn -B -q -o -pl spark dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null)
cp="$here/spark/target/classes:$here/spark/target/test-classes:$here/runtime/target/classes:$here/compiler/target/classes"
cp="$cp:$here/grammar/target/classes:$(cat "$cp_file")"
opens=()
for m in java.lang java.lang.invoke java.io java.net java.nio java.util java.util.concurrent sun.nio.ch sun.nio.cs \
        sun.security.action sun.util.calendar; do
    opens+=("--add-opens=java.base/$m=ALL-UNNAMED")
done
opens+=(-Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
for config in "one-process 0" "local[1] 1" "local[2] 2"; do
    set -- $config
    echo "== $1 =="
    java "${opens[@]}" -cp "$cp" dev.nnl.spark.SparkBench "$model" "$1" "$2" "$epochs" 2>&1 | grep -E '^epoch|warning' || true
done

#!/usr/bin/env bash
# Re-creates samples/data/ from Debian packages: see samples/data/README.md for what each file
# is, where it comes from and how it was sampled.
#
#   tools/sample-data/make.sh            # installs missing packages (as root), then builds
#   tools/sample-data/make.sh OUT_DIR    # builds into another folder (e.g. to compare)
#
# Needs no network beyond Debian's package archive. Takes a few minutes (most of it the
# word vectors). All outputs are deterministic; vectors.txt may differ in its last digits with
# another BLAS build.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/samples/data}"

packages=(dataset-fashion-mnist python3-numpy python3-sklearn r-base-core
          wamerican wfrench wngerman witalian wspanish fortunes wordnet-base)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "make.sh: installing ${missing[*]}" >&2
    if [ "$(id -u)" -ne 0 ]; then
        echo "make.sh: run as root, or: apt-get install ${missing[*]}" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$out"
py=/usr/bin/python3          # Debian's python3 with Debian's numpy, not a user-installed one

# 1. Fashion-MNIST subset (IDX), gzipped without name or time stamp so the bytes are stable.
"$py" "$here/make_data.py" "$out" fashion
for f in "$out"/fashion-mnist/*-ubyte; do gzip -n -9 -f "$f"; done
cp "$here/fashion-mnist-LICENSE" "$out/fashion-mnist/LICENSE"

# 2. iris from scikit-learn's copy, checked against R's datasets::iris.
"$py" "$here/make_data.py" "$out" iris
Rscript --vanilla -e 'd <- datasets::iris
    cat("sepal_length,sepal_width,petal_length,petal_width,species\n")
    cat(sprintf("%.1f,%.1f,%.1f,%.1f,%s\n", d[[1]], d[[2]], d[[3]], d[[4]], d[[5]]), sep = "")' \
    | tail -n +2 | sort >"$out/.iris-r"
if ! tail -n +2 "$out/iris.csv" | sort | cmp -s - "$out/.iris-r"; then
    rm -f "$out/.iris-r"
    echo "make.sh: iris.csv (scikit-learn) differs from R's datasets::iris" >&2
    exit 1
fi
rm -f "$out/.iris-r"

# 3. Airline passengers 1949-1960 from R's datasets::AirPassengers, in time order.
Rscript --vanilla -e 'x <- datasets::AirPassengers
    stopifnot(length(x) == 144, start(x)[1] == 1949, frequency(x) == 12)
    t <- time(x)
    cat("month,passengers\n")
    cat(sprintf("%d-%02d,%d\n", as.integer(floor(t + 1e-9)), as.integer(cycle(x)), as.integer(x)), sep = "")' \
    >"$out/airline-passengers.csv"

# 4.-6. Word lists, the two-tower arrays, fortunes and the pretrained word vectors.
"$py" "$here/make_data.py" "$out" languages twotower fortunes vectors

du -ab "$out" | sort -k2 >&2

#!/usr/bin/env bash
# Regenerates the pictures docs/pictures.md and README.md show, with the nnlc of this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/pictures
mkdir -p "$out"
./nnlc graph samples/tiny_resnet.nnl --shapes --params -o "$out/tiny_resnet.svg"
./nnlc graph samples/two_tower.nnl --params --direction LR -o "$out/two_tower.svg"
./nnlc graph samples/blocks_vgg.nnl --shapes --expand-blocks -o "$out/blocks_vgg.svg"
./nnlc graph samples/blocks_vgg.nnl --params -o "$out/blocks_vgg_collapsed.svg"
./nnlc graph samples/tiny_resnet.nnl --shapes --params -o "$out/tiny_resnet.dot"

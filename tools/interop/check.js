#!/usr/bin/env node
// Loads every exported TF.js model under DIR with tf.loadLayersModel (TF.js 4.22, pure-JS CPU
// backend) and compares its outputs with the ones the Java side wrote.
//
//   node check.js DIR
//
// DIR/<case>/ holds model.json + weights.bin (nnlc export --format tfjs) and expected.json:
//   {"inputs": [{"shape": [...], "dtype": "float32"|"int32", "values": [...]}],
//    "outputs": [{"shape": [...], "values": [...]}], "tolerance": 1e-5}
// Exit 0 when every case loads and matches; 1 otherwise, with one line per failing case.
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

async function backend() {
  await tf.setBackend('cpu');
  await tf.ready();
}

// A tf.io handler that reads model.json and its shards from a folder: file IO without tfjs-node.
function folderHandler(dir) {
  return {
    load: async () => {
      const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
      const specs = [];
      const buffers = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) {
          buffers.push(fs.readFileSync(path.join(dir, p)));
        }
      }
      const all = Buffer.concat(buffers);
      const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
      return { modelTopology: json.modelTopology, weightSpecs: specs, weightData, format: json.format };
    },
  };
}

async function checkCase(dir) {
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  const model = await tf.loadLayersModel(folderHandler(dir));
  const inputs = expected.inputs.map(i => tf.tensor(i.values, i.shape, 'float32')); // token ids too: TF.js's Embedding casts them
  let out = model.predict(inputs.length === 1 ? inputs[0] : inputs);
  if (!Array.isArray(out)) out = [out];
  if (out.length !== expected.outputs.length) {
    return `${out.length} outputs, expected ${expected.outputs.length}`;
  }
  const tol = expected.tolerance;
  for (let k = 0; k < out.length; k++) {
    const want = expected.outputs[k];
    if (JSON.stringify(out[k].shape) !== JSON.stringify(want.shape)) {
      return `output ${k}: shape ${JSON.stringify(out[k].shape)}, expected ${JSON.stringify(want.shape)}`;
    }
    const got = out[k].dataSync();
    for (let i = 0; i < got.length; i++) {
      const d = Math.abs(got[i] - want.values[i]);
      if (!(d <= tol * Math.max(1, Math.abs(want.values[i])))) {
        return `output ${k}[${i}]: TF.js ${got[i]}, nnl ${want.values[i]} (tolerance ${tol})`;
      }
    }
  }
  return null;
}

async function main() {
  const root = process.argv[2];
  if (!root) {
    console.error('usage: node check.js DIR');
    process.exit(2);
  }
  await backend();
  const cases = fs.readdirSync(root).filter(c => fs.existsSync(path.join(root, c, 'expected.json'))).sort();
  let failed = 0;
  for (const c of cases) {
    let why;
    try {
      why = await checkCase(path.join(root, c));
    } catch (e) {
      why = 'TF.js could not load or run it: ' + (e && e.message ? e.message : e);
    }
    if (why) {
      failed++;
      console.log(`FAIL ${c}: ${why}`);
    }
  }
  console.log(`${cases.length - failed}/${cases.length} exported models load in TF.js 4.22 and match nnl`);
  process.exit(failed === 0 && cases.length > 0 ? 0 : 1);
}

main();

#!/usr/bin/env node
// Writes the TF.js import fixtures: several architectures built with TF.js 4.22 (pure-JS CPU
// backend), saved as model.json + weights.bin exactly as tf.io saves them, with their outputs for
// a fixed input. Deterministic: weights come from a seeded generator, not TF.js's initializers.
//
//   node generate.js [--out DIR]   # default: runtime/src/test/resources/interop/tfjs
//   node generate.js --check       # exit 1 when the committed files differ from a fresh run
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

const DEFAULT_OUT = path.join(__dirname, '..', '..', 'runtime', 'src', 'test', 'resources', 'interop', 'tfjs');

// mulberry32: a small seeded generator, so every run writes the same weights and inputs.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uniform(r, n, scale) {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (r() * 2 - 1) * scale;
  return out;
}

// Recurrent layers set recurrentActivation to sigmoid: TF.js's default hard_sigmoid is
// clip(0.2x + 0.5), which nnl refuses to import from TF.js files (nnl's is Keras 3's).
const CASES = {
  mlp: () => {
    const m = tf.sequential();
    m.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }));
    m.add(tf.layers.dropout({ rate: 0.25 }));
    m.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
    return { model: m, inputs: [{ shape: [2, 4] }] };
  },
  cnn: () => {
    const m = tf.sequential();
    m.add(tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [8, 8, 1], name: 'features' }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.batchNormalization({}));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 2 }));
    return { model: m, inputs: [{ shape: [2, 8, 8, 1] }] };
  },
  lstm_embedding_mask: () => {
    const m = tf.sequential();
    m.add(tf.layers.embedding({ inputDim: 10, outputDim: 4, maskZero: true, inputShape: [5] }));
    m.add(tf.layers.lstm({ units: 3, recurrentActivation: 'sigmoid' }));
    m.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
    return { model: m, inputs: [{ shape: [2, 5], ids: [3, 7, 1, 0, 0, 5, 0, 2, 8, 4] }] };
  },
  gru_reset_after_false: () => {
    const m = tf.sequential();
    m.add(tf.layers.gru({ units: 3, resetAfter: false, returnSequences: true, recurrentActivation: 'sigmoid', inputShape: [4, 2] }));
    m.add(tf.layers.dense({ units: 2 }));
    return { model: m, inputs: [{ shape: [2, 4, 2] }] };
  },
  bidirectional: () => {
    const m = tf.sequential();
    m.add(tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 3, recurrentActivation: 'sigmoid' }), inputShape: [4, 2] }));
    m.add(tf.layers.dense({ units: 2, activation: 'tanh' }));
    return { model: m, inputs: [{ shape: [2, 4, 2] }] };
  },
  functional_merges: () => {
    const a = tf.input({ shape: [4], name: 'a' });
    const b = tf.input({ shape: [4], name: 'b' });
    const da = tf.layers.dense({ units: 3, activation: 'relu', name: 'left' }).apply(a);
    const db = tf.layers.dense({ units: 3, name: 'right' }).apply(b);
    const sum = tf.layers.add().apply([da, db]);
    const joined = tf.layers.concatenate().apply([sum, a]);
    const out = tf.layers.dense({ units: 2, activation: 'softmax', name: 'out' }).apply(joined);
    return { model: tf.model({ inputs: [a, b], outputs: out }), inputs: [{ shape: [2, 4] }, { shape: [2, 4] }] };
  },
};

async function build(name, seed) {
  const { model, inputs } = CASES[name]();
  const r = rng(seed);
  model.setWeights(model.weights.map(w => {
    const n = w.shape.reduce((x, y) => x * y, 1);
    const positive = /moving_variance|gamma/.test(w.originalName);
    const v = uniform(r, n, 0.5);
    if (positive) for (let i = 0; i < n; i++) v[i] = 1 + v[i];
    return tf.tensor(v, w.shape);
  }));
  const xs = inputs.map(i => {
    const n = i.shape.reduce((x, y) => x * y, 1);
    return { shape: i.shape, values: i.ids ? i.ids : Array.from(uniform(r, n, 1)) };
  });
  let out = model.predict(xs.map(x => tf.tensor(x.values, x.shape)));
  if (!Array.isArray(out)) out = [out];
  let saved;
  await model.save(tf.io.withSaveHandler(async a => {
    saved = a;
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }));
  const modelJson = {
    modelTopology: saved.modelTopology,
    format: saved.format,
    generatedBy: saved.generatedBy,
    convertedBy: saved.convertedBy,
    weightsManifest: [{ paths: ['weights.bin'], weights: saved.weightSpecs }],
  };
  const expected = {
    inputs: xs.map(x => ({ shape: x.shape, dtype: 'float32', values: x.values })),
    outputs: out.map(o => ({ shape: o.shape, values: Array.from(o.dataSync()) })),
    params: model.countParams(),
    tolerance: 1e-5,
  };
  return {
    'model.json': JSON.stringify(modelJson) + '\n',
    'weights.bin': Buffer.from(saved.weightData),
    'expected.json': JSON.stringify(expected) + '\n',
  };
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const o = args.indexOf('--out');
  const out = o >= 0 ? args[o + 1] : DEFAULT_OUT;
  await tf.setBackend('cpu');
  await tf.ready();
  let stale = 0;
  let seed = 1;
  for (const name of Object.keys(CASES)) {
    const files = await build(name, seed++);
    const dir = path.join(out, name);
    for (const [f, content] of Object.entries(files)) {
      const p = path.join(dir, f);
      const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
      if (check) {
        if (!fs.existsSync(p) || !fs.readFileSync(p).equals(bytes)) {
          console.log(`stale: ${path.relative(process.cwd(), p)}`);
          stale++;
        }
      } else {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(p, bytes);
      }
    }
  }
  if (check) {
    console.log(stale === 0 ? 'TF.js import fixtures are up to date' : `${stale} fixture files differ; run node tools/interop/generate.js`);
    process.exit(stale === 0 ? 0 : 1);
  }
  console.log(`wrote ${Object.keys(CASES).length} cases to ${out}`);
}

main();

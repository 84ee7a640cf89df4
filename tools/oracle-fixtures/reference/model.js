'use strict';
// Runs a whole model (a Sequential layer list or a small graph) through reference/keras3.js,
// with inputs and weights seeded exactly as tools/oracle/forward.js seeds them.
//
//   model = {inputs: [{name, shape (no batch), dtype}],
//            nodes:  [{spec: {class_name, config}, in: [ref, ...], out: ref}],   in textual order
//            outputs: [ref, ...]}
// refs are input names or node outputs. Sequential specs become a chain (toModel).

const K = require('./keras3');

let O = null; // tools/oracle/lib/oracle.js (mulberry32, seededWeightValues)

function init(oracleLib) { O = oracleLib; }

// A Sequential spec {input, layers} as a chain x -> layer 0 -> layer 1 ...
function toModel(input, layers) {
  const shape = Array.isArray(input) ? input : input.shape;
  const dtype = Array.isArray(input) ? 'float32' : (input.dtype || 'float32');
  const nodes = layers.map((spec, i) => ({ spec, in: [i === 0 ? 'x' : `#${i - 1}`], out: `#${i}` }));
  return { inputs: [{ name: 'x', shape, dtype }], nodes, outputs: [`#${layers.length - 1}`] };
}

// tools/oracle/forward.js generateInput, for input number k (the oracle has one input, k = 0):
// mulberry32(seed + 1 + k); floats U(-1, 1) rounded to float32, int32 floor(u * intMax).
function seededInput(shape, dtype, seed, intMax, k) {
  const rng = O.mulberry32((seed + 1 + (k || 0)) >>> 0);
  const n = K.prod(shape);
  const values = new Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng();
    values[i] = dtype === 'int32' ? Math.floor(u * intMax) : Math.fround(2 * u - 1);
  }
  return values;
}

// tools/oracle/forward.js seededWeights: one mulberry32(seed) stream, per layer, per weight
// in Keras order, per element in C order; the range depends on the weight's role.
function drawWeights(rng, specs) {
  return specs.map((w) => ({
    name: w.name,
    shape: w.shape.slice(),
    values: O.seededWeightValues(rng, w.name.replace(/^(forward|backward)_/, ''), w.shape),
  }));
}

// Run the model. inputs: [{values, shape (with batch)}] in model.inputs order.
// opts.weights: per node [{name, shape, values}] (default: seeded from opts.seed).
// opts.feed: per node, the tensor(s) to use as that node's OUTPUT when later nodes read it
// (isolated cross-check: each layer computed from the oracle's output of the previous one).
function run(model, inputs, opts) {
  const rng = opts.weights ? null : O.mulberry32(opts.seed >>> 0);
  const val = new Map(); const mask = new Map();
  model.inputs.forEach((inp, k) => {
    val.set(inp.name, K.T(inputs[k].shape.slice(), Float64Array.from(inputs[k].values)));
    mask.set(inp.name, null);
  });
  const layers = [];
  model.nodes.forEach((node, i) => {
    const xs = node.in.map((r) => val.get(r));
    const x = xs.length === 1 ? xs[0] : xs;
    const inMask = node.in.length === 1 ? mask.get(node.in[0]) : null;
    const specs = K.weightSpecs(node.spec, xs[0].shape);
    let W;
    if (opts.weights) {
      W = opts.weights[i];
      const got = W.map((w) => `${w.name}${JSON.stringify(w.shape)}`).join(' ');
      const want = specs.map((w) => `${w.name}${JSON.stringify(w.shape)}`).join(' ');
      if (got !== want) throw new Error(`reference weights of node ${i} (${node.spec.class_name}): given ${got}, Keras 3 has ${want}`);
    } else {
      W = drawWeights(rng, specs);
    }
    const y = K.applyLayer(node.spec, x, W, inMask);
    layers.push({ class_name: node.spec.class_name, weights: W, out: y });
    const fed = opts.feed && opts.feed[i];
    val.set(node.out, fed || (Array.isArray(y) ? y[0] : y));
    mask.set(node.out, xs.length === 1 ? K.outputMask(node.spec, xs[0], inMask) : null);
  });
  const outputs = [];
  for (const r of model.outputs) {
    const i = model.nodes.findIndex((n) => n.out === r);
    const y = i >= 0 ? layers[i].out : val.get(r);
    if (Array.isArray(y)) outputs.push(...y); else outputs.push(y);
  }
  return { layers, outputs };
}

module.exports = { init, toModel, seededInput, drawWeights, run };

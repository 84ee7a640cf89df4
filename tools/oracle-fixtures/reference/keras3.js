'use strict';
// Float64 reference of Keras 3 layer semantics (inference, channels_last) for the forward
// fixtures. It computes the expected values of the cases that the tfjs oracle cannot run
// (source "reference"), and it recomputes every oracle case as a cross-check.
//
// What the oracle's own plain-JS reference (tools/oracle/lib/reference.js, loaded by init())
// already does the Keras 3 way is reused from there: Dense and Conv matmuls (with a linear
// activation), pooling, global pooling, Flatten, Reshape, RepeatVector, Embedding,
// BatchNormalization on the last axis, and the mask rules of those layers. Written here are
// the parts it lacks or computes the tf.keras 2 way:
//   * Keras 3 activations (hard_sigmoid = relu6(x+3)/6, gelu with exact erf, exponential,
//     leaky_relu, silu, hard_silu, mish, relu6, log_softmax, softmax on any axis)
//   * Conv1D padding="causal" and `groups` for Conv1D/Conv2D
//   * keepdims for global pooling
//   * SimpleRNN / LSTM / GRU (both reset_after variants), masks, go_backwards, Bidirectional
//     (every merge_mode, including None)
//   * LayerNormalization (including rms_scaling), BatchNormalization on another axis
//   * ReLU (max_value, negative_slope, threshold), LeakyReLU, ELU(alpha), Softmax(axis)
//   * Permute, SpatialDropout2D, and the merge layers.
// Each formula cites the Keras 3 source it follows (keras/src/...).

const path = require('path');

let R = null; // tools/oracle/lib/reference.js

function init(oracleDir) {
  R = require(path.join(oracleDir, 'lib', 'reference.js'));
  return module.exports;
}

const prod = (a) => a.reduce((x, y) => x * y, 1);
const T = (shape, data) => ({ shape, data: data || new Float64Array(prod(shape)) });
const tup = (v, n) => (Array.isArray(v) ? v.slice() : new Array(n).fill(v));
const normAxis = (a, rank) => (a < 0 ? a + rank : a);

// ------------------------------------------------------------------ activations

// erf to ~1e-15: Maclaurin series for |x| < 2.5, else the continued fraction of erfc.
function erf(x) {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + (2/2)/(x + (3/2)/(x + ...))))
  let f = 0;
  for (let k = 80; k >= 1; k--) f = (k / 2) / (ax + f);
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
  return Math.sign(x) * (1 - erfc);
}

const SELU_ALPHA = 1.6732632423543772848170429916717; // keras/src/backend/*/nn.py selu
const SELU_SCALE = 1.0507009873554804934193349852946;
const sigmoid = (x) => 1 / (1 + Math.exp(-x));
const softplus = (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))); // log(1 + e^x)
const hardSigmoid = (x) => (x <= -3 ? 0 : x >= 3 ? 1 : x / 6 + 0.5); // Keras 3: relu6(x + 3) / 6
const relu = (x) => (x > 0 ? x : 0);

// keras/src/activations/activations.py, as get() resolves the names (gelu: approximate=False)
const ELEMENTWISE = {
  linear: (x) => x,
  relu,
  relu6: (x) => Math.min(Math.max(x, 0), 6),
  sigmoid,
  tanh: Math.tanh,
  softplus,
  softsign: (x) => x / (1 + Math.abs(x)),
  selu: (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
  swish: (x) => x * sigmoid(x),
  silu: (x) => x * sigmoid(x),
  hard_sigmoid: hardSigmoid,
  hard_silu: (x) => x * hardSigmoid(x),
  hard_swish: (x) => x * hardSigmoid(x),
  exponential: Math.exp,
  leaky_relu: (x) => (x >= 0 ? x : 0.2 * x), // negative_slope default 0.2
  mish: (x) => x * Math.tanh(softplus(x)),
};

function activationName(a) {
  if (a === undefined || a === null) return 'linear';
  if (typeof a !== 'string') throw new Error(`reference: activation ${JSON.stringify(a)} not supported`);
  return a;
}

function activate(t, a) {
  const name = activationName(a);
  if (name === 'softmax') return softmax(t, [-1]);
  if (name === 'log_softmax') return softmax(t, [-1], true);
  const f = ELEMENTWISE[name];
  if (!f) throw new Error(`reference: activation ${name} not implemented`);
  return T(t.shape.slice(), t.data.map(f));
}

// ------------------------------------------------------------------ index helpers

// For a reduction over `axes`: group id of each element (its coordinates off the axes) and
// its position inside the group (C order over the axes).
function groupsOver(shape, axes) {
  const rank = shape.length;
  const ax = [...new Set(axes.map((a) => normAxis(a, rank)))].sort((a, b) => a - b);
  const n = prod(shape);
  const group = new Int32Array(n);
  const pos = new Int32Array(n);
  const coord = new Array(rank).fill(0);
  for (let i = 0; i < n; i++) {
    let g = 0; let p = 0;
    for (let d = 0; d < rank; d++) {
      if (ax.includes(d)) p = p * shape[d] + coord[d];
      else g = g * shape[d] + coord[d];
    }
    group[i] = g; pos[i] = p;
    for (let d = rank - 1; d >= 0; d--) { if (++coord[d] < shape[d]) break; coord[d] = 0; }
  }
  const groupCount = n / prod(ax.map((d) => shape[d]));
  return { group, pos, groupCount, axes: ax };
}

function transpose(t, perm) {
  const shape = perm.map((p) => t.shape[p]);
  const out = T(shape);
  const rank = shape.length;
  const inStrides = new Array(rank);
  let s = 1;
  for (let d = rank - 1; d >= 0; d--) { inStrides[d] = s; s *= t.shape[d]; }
  const coord = new Array(rank).fill(0);
  for (let i = 0; i < out.data.length; i++) {
    let src = 0;
    for (let d = 0; d < rank; d++) src += coord[d] * inStrides[perm[d]];
    out.data[i] = t.data[src];
    for (let d = rank - 1; d >= 0; d--) { if (++coord[d] < shape[d]) break; coord[d] = 0; }
  }
  return out;
}

function sliceLast(t, start, len) {
  const C = t.shape[t.shape.length - 1];
  const rows = t.data.length / C;
  const out = T([...t.shape.slice(0, -1), len]);
  for (let r = 0; r < rows; r++) for (let c = 0; c < len; c++) out.data[r * len + c] = t.data[r * C + start + c];
  return out;
}

function concat(ts, axis) {
  const rank = ts[0].shape.length;
  const a = normAxis(axis, rank);
  const outer = prod(ts[0].shape.slice(0, a));
  const inner = prod(ts[0].shape.slice(a + 1));
  const total = ts.reduce((s, t) => s + t.shape[a], 0);
  const shape = ts[0].shape.slice(); shape[a] = total;
  const out = T(shape);
  for (let o = 0; o < outer; o++) {
    let off = 0;
    for (const t of ts) {
      const len = t.shape[a] * inner;
      for (let i = 0; i < len; i++) out.data[(o * total * inner) + off + i] = t.data[o * len + i];
      off += len;
    }
  }
  return out;
}

// ------------------------------------------------------------------ softmax, normalization

// keras/src/layers/activations/softmax.py: one axis -> softmax; several -> exp(x - logsumexp).
function softmax(t, axes, log) {
  const { group, groupCount } = groupsOver(t.shape, axes);
  const max = new Float64Array(groupCount).fill(-Infinity);
  const sum = new Float64Array(groupCount);
  for (let i = 0; i < t.data.length; i++) max[group[i]] = Math.max(max[group[i]], t.data[i]);
  for (let i = 0; i < t.data.length; i++) sum[group[i]] += Math.exp(t.data[i] - max[group[i]]);
  const out = T(t.shape.slice());
  for (let i = 0; i < t.data.length; i++) {
    const z = t.data[i] - max[group[i]];
    out.data[i] = log ? z - Math.log(sum[group[i]]) : Math.exp(z) / sum[group[i]];
  }
  return out;
}

// keras/src/ops/nn.py _layer_normalization. rms_scaling=True divides by sqrt(VARIANCE + eps)
// (not the root mean square; Keras 3 deprecates the flag for this reason) and has no beta.
function layerNorm(x, cfg, W) {
  const axes = cfg.axis === undefined ? [-1] : tup(cfg.axis, 1);
  const eps = cfg.epsilon === undefined ? 1e-3 : cfg.epsilon;
  const rms = !!cfg.rms_scaling;
  let k = 0;
  const gamma = (cfg.scale !== false || rms) ? W[k++].values : null;
  const beta = (cfg.center !== false && !rms) ? W[k++].values : null;
  const { group, pos, groupCount } = groupsOver(x.shape, axes);
  const n = x.data.length / groupCount;
  const mean = new Float64Array(groupCount);
  const vari = new Float64Array(groupCount);
  for (let i = 0; i < x.data.length; i++) mean[group[i]] += x.data[i] / n;
  for (let i = 0; i < x.data.length; i++) vari[group[i]] += (x.data[i] - mean[group[i]]) ** 2 / n;
  const out = T(x.shape.slice());
  for (let i = 0; i < x.data.length; i++) {
    const g = group[i];
    let v = rms ? x.data[i] / Math.sqrt(vari[g] + eps) : (x.data[i] - mean[g]) / Math.sqrt(vari[g] + eps);
    if (gamma) v *= gamma[pos[i]];
    if (beta) v += beta[pos[i]];
    out.data[i] = v;
  }
  return out;
}

// Inference BatchNormalization: (x - moving_mean) / sqrt(moving_variance + eps) * gamma + beta
// on the feature axis. The oracle reference does the last axis; other axes are moved last.
function batchNorm(x, spec, W) {
  const rank = x.shape.length;
  const axis = normAxis(spec.config.axis === undefined ? -1 : spec.config.axis, rank);
  if (axis === rank - 1) return R.applyLayer(spec, x, W, null);
  const perm = [...Array(rank).keys()].filter((d) => d !== axis).concat([axis]);
  const inv = perm.map((_, d) => perm.indexOf(d));
  return transpose(R.applyLayer(spec, transpose(x, perm), W, null), inv);
}

// ------------------------------------------------------------------ ReLU family

// keras/src/activations/activations.py ReLU.static_call
function reluKeras(v, ns, maxValue, threshold) {
  if (ns !== 0 && maxValue == null && threshold === 0) return Math.max(v, ns * v); // backend leaky_relu
  const negativePart = ns !== 0 ? relu(-v + threshold) : 0;
  let y;
  if (threshold !== 0) y = v > threshold ? v : 0;
  else y = relu(v);
  if (maxValue != null) y = Math.min(Math.max(y, 0), maxValue);
  if (ns !== 0) y -= ns * negativePart;
  return y;
}

// ------------------------------------------------------------------ convolution

function leftPadTime(x, n) {
  const [B, L, C] = x.shape;
  const out = T([B, L + n, C]);
  for (let b = 0; b < B; b++) for (let t = 0; t < L; t++) for (let c = 0; c < C; c++) {
    out.data[(b * (L + n) + t + n) * C + c] = x.data[(b * L + t) * C + c];
  }
  return out;
}

// Conv1D/Conv2D. keras/src/layers/convolutional/conv1d.py: causal = left pad dilation*(k-1),
// then "valid". base_conv.py: groups split the input channels and the filters into `groups`
// contiguous blocks; kernel (k..., in/groups, filters), filter f sees input block f // (filters/groups).
function conv(x, spec, W, rank) {
  const cfg = spec.config;
  const groups = cfg.groups || 1;
  let padding = cfg.padding || 'valid';
  let xin = x;
  if (padding === 'causal') {
    if (rank !== 1) throw new Error('reference: causal padding is Conv1D only');
    const k = tup(cfg.kernel_size, 1)[0];
    const d = tup(cfg.dilation_rate === undefined ? 1 : cfg.dilation_rate, 1)[0];
    xin = leftPadTime(x, d * (k - 1));
    padding = 'valid';
  }
  const useBias = cfg.use_bias !== false;
  const base = Object.assign({}, cfg, { padding, activation: 'linear', groups: undefined });
  const cls = rank === 1 ? 'Conv1D' : 'Conv2D';
  let y;
  if (groups === 1) {
    y = R.applyLayer({ class_name: cls, config: base }, xin, W, null);
  } else {
    const C = xin.shape[xin.shape.length - 1];
    const Cg = C / groups; const Fg = cfg.filters / groups;
    const kernel = T(W[0].shape, Float64Array.from(W[0].values));
    const parts = [];
    for (let g = 0; g < groups; g++) {
      const kg = sliceLast(kernel, g * Fg, Fg);
      const wg = [{ shape: kg.shape, values: Array.from(kg.data) }];
      if (useBias) wg.push({ shape: [Fg], values: W[1].values.slice(g * Fg, (g + 1) * Fg) });
      parts.push(R.applyLayer({ class_name: cls, config: Object.assign({}, base, { filters: Fg }) },
        sliceLast(xin, g * Cg, Cg), wg, null));
    }
    y = concat(parts, -1);
  }
  return activate(y, cfg.activation);
}

// ------------------------------------------------------------------ recurrent

// keras/src/layers/rnn/{simple_rnn,lstm,gru}.py cells and keras/src/backend/*/rnn.py:
// steps run in reverse with go_backwards (the sequence output stays in processing order);
// a masked step keeps the states and outputs the previous output (zeros with
// zero_output_for_mask). x: [B, T, F]. Returns {seq: [B, T, units], last: [B, units]}.
function rnnCore(kind, x, cfg, W, mask, zeroOutputForMask) {
  const units = cfg.units;
  const act = ELEMENTWISE[activationName(cfg.activation === undefined ? 'tanh' : cfg.activation)];
  const ract = ELEMENTWISE[activationName(cfg.recurrent_activation === undefined ? 'sigmoid' : cfg.recurrent_activation)];
  if (!act || !ract) throw new Error('reference: unsupported RNN activation');
  const G = { SimpleRNN: 1, LSTM: 4, GRU: 3 }[kind];
  const resetAfter = kind === 'GRU' && cfg.reset_after !== false; // Keras 3 default: True
  const [B, Tn, F] = x.shape;
  const K = W[0].values; const U = W[1].values;
  const bias = cfg.use_bias === false ? null : W[2].values;
  const GU = G * units;
  // GRU reset_after: bias is (2, 3*units) = [input bias; recurrent bias]
  const bIn = bias ? (resetAfter ? bias.slice(0, GU) : bias) : null;
  const bRec = bias && resetAfter ? bias.slice(GU, 2 * GU) : null;
  const seq = T([B, Tn, units]); const last = T([B, units]);
  const matvec = (v, M, lo, hi, width) => { // v . M[:, lo:hi], M row-major with `width` columns
    const r = new Float64Array(hi - lo);
    for (let j = lo; j < hi; j++) { let s = 0; for (let q = 0; q < v.length; q++) s += v[q] * M[q * width + j]; r[j - lo] = s; }
    return r;
  };
  for (let b = 0; b < B; b++) {
    let h = new Float64Array(units); let c = new Float64Array(units); let out = new Float64Array(units);
    for (let step = 0; step < Tn; step++) {
      const t = cfg.go_backwards ? Tn - 1 - step : step;
      if (mask && !mask[b][t]) {
        const o = zeroOutputForMask ? new Float64Array(units) : out;
        for (let j = 0; j < units; j++) seq.data[(b * Tn + step) * units + j] = o[j];
        continue;
      }
      const xt = x.data.subarray((b * Tn + t) * F, (b * Tn + t + 1) * F);
      const xz = matvec(xt, K, 0, GU, GU);
      if (bIn) for (let j = 0; j < GU; j++) xz[j] += bIn[j];
      const nh = new Float64Array(units);
      if (kind === 'SimpleRNN') {
        const hz = matvec(h, U, 0, units, GU);
        for (let j = 0; j < units; j++) nh[j] = act(xz[j] + hz[j]);
      } else if (kind === 'LSTM') { // gates i, f, c, o
        const hz = matvec(h, U, 0, GU, GU);
        const nc = new Float64Array(units);
        for (let j = 0; j < units; j++) {
          const i = ract(xz[j] + hz[j]);
          const f = ract(xz[units + j] + hz[units + j]);
          const g = act(xz[2 * units + j] + hz[2 * units + j]);
          const o = ract(xz[3 * units + j] + hz[3 * units + j]);
          nc[j] = f * c[j] + i * g;
          nh[j] = o * act(nc[j]);
        }
        c = nc;
      } else { // GRU, gates z, r, h
        const hz = matvec(h, U, 0, resetAfter ? GU : 2 * units, GU);
        if (bRec) for (let j = 0; j < GU; j++) hz[j] += bRec[j];
        const z = new Float64Array(units); const r = new Float64Array(units);
        for (let j = 0; j < units; j++) {
          z[j] = ract(xz[j] + hz[j]);
          r[j] = ract(xz[units + j] + hz[units + j]);
        }
        let rh; // recurrent part of the candidate
        if (resetAfter) rh = r.map((rv, j) => rv * hz[2 * units + j]); // r * (h . U_h + b_rec_h)
        else rh = matvec(h.map((hv, j) => hv * r[j]), U, 2 * units, GU, GU); // (r * h) . U_h
        for (let j = 0; j < units; j++) {
          const hh = act(xz[2 * units + j] + rh[j]);
          nh[j] = z[j] * h[j] + (1 - z[j]) * hh;
        }
      }
      h = nh; out = nh;
      for (let j = 0; j < units; j++) seq.data[(b * Tn + step) * units + j] = nh[j];
    }
    for (let j = 0; j < units; j++) last.data[b * units + j] = out[j];
  }
  return { seq, last };
}

function rnnLayer(kind, x, cfg, W, mask, zeroOutputForMask) {
  const r = rnnCore(kind, x, cfg, W, mask, zeroOutputForMask || !!cfg.zero_output_for_mask);
  return cfg.return_sequences ? r.seq : r.last;
}

function reverseTime(t) {
  const [B, Tn, D] = t.shape; const out = T(t.shape.slice());
  for (let b = 0; b < B; b++) for (let s = 0; s < Tn; s++) for (let d = 0; d < D; d++) {
    out.data[(b * Tn + s) * D + d] = t.data[(b * Tn + (Tn - 1 - s)) * D + d];
  }
  return out;
}

// keras/src/layers/rnn/bidirectional.py: the backward copy has go_backwards flipped;
// zero_output_for_mask is forced to return_sequences; with return_sequences the backward
// output is flipped back in time. merge_mode None returns [forward, backward].
function bidirectional(x, cfg, W, mask) {
  const kind = cfg.layer.class_name; const icfg = cfg.layer.config;
  const n = W.length / 2;
  const zero = !!icfg.return_sequences;
  const fwd = rnnLayer(kind, x, Object.assign({}, icfg, { go_backwards: !!icfg.go_backwards }), W.slice(0, n), mask, zero);
  let bwd = rnnLayer(kind, x, Object.assign({}, icfg, { go_backwards: !icfg.go_backwards }), W.slice(n), mask, zero);
  if (icfg.return_sequences) bwd = reverseTime(bwd);
  const mode = cfg.merge_mode === undefined ? 'concat' : cfg.merge_mode;
  if (mode === null) return [fwd, bwd];
  if (mode === 'concat') return concat([fwd, bwd], -1);
  const f = { sum: (a, b) => a + b, mul: (a, b) => a * b, ave: (a, b) => (a + b) / 2 }[mode];
  if (!f) throw new Error(`reference: merge_mode ${mode}`);
  return T(fwd.shape.slice(), fwd.data.map((v, i) => f(v, bwd.data[i])));
}

// ------------------------------------------------------------------ merges

// keras/src/layers/merging/*.py: element-wise with numpy broadcasting (inputs of lower rank
// get size-1 axes inserted at axis 1 first), Concatenate along `axis` (default -1).
function broadcastShape(shapes) {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out = [];
  for (let d = 0; d < rank; d++) {
    let n = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + d];
      if (v === undefined || v === 1) continue;
      if (n !== 1 && v !== n) throw new Error(`reference: cannot broadcast ${JSON.stringify(shapes)}`);
      n = v;
    }
    out.push(n);
  }
  return out;
}

function broadcastTo(t, shape) {
  if (JSON.stringify(t.shape) === JSON.stringify(shape)) return t;
  const rank = shape.length;
  const src = new Array(rank - t.shape.length).fill(1).concat(t.shape);
  const out = T(shape.slice());
  const coord = new Array(rank).fill(0);
  for (let i = 0; i < out.data.length; i++) {
    let k = 0;
    for (let d = 0; d < rank; d++) k = k * src[d] + (src[d] === 1 ? 0 : coord[d]);
    out.data[i] = t.data[k];
    for (let d = rank - 1; d >= 0; d--) { if (++coord[d] < shape[d]) break; coord[d] = 0; }
  }
  return out;
}

function merge(cls, xs, cfg) {
  if (cls === 'Concatenate') return concat(xs, cfg.axis === undefined ? -1 : cfg.axis);
  const maxRank = Math.max(...xs.map((t) => t.shape.length));
  const ys = xs.map((t) => { // merging/base_merge.py: expand_dims(axis=1) up to the max rank
    let s = t.shape.slice();
    while (s.length < maxRank) s = [s[0], 1, ...s.slice(1)];
    return T(s, t.data);
  });
  const shape = broadcastShape(ys.map((t) => t.shape));
  const bs = ys.map((t) => broadcastTo(t, shape));
  const f = {
    Add: (v) => v.reduce((a, b) => a + b),
    Subtract: (v) => v[0] - v[1],
    Multiply: (v) => v.reduce((a, b) => a * b),
    Average: (v) => v.reduce((a, b) => a + b) / v.length,
    Maximum: (v) => Math.max(...v),
    Minimum: (v) => Math.min(...v),
  }[cls];
  if (!f) throw new Error(`reference: merge ${cls}`);
  if (cls === 'Subtract' && xs.length !== 2) throw new Error('Subtract takes exactly 2 inputs');
  const out = T(shape.slice());
  for (let i = 0; i < out.data.length; i++) out.data[i] = f(bs.map((t) => t.data[i]));
  return out;
}

const MERGES = new Set(['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate']);

// ------------------------------------------------------------------ weights

// Keras 3 weights of a layer in get_weights() order, for an input of shape `inShape`
// (with batch dim): [{name, shape}]. Bidirectional names are forward_* then backward_*.
function weightSpecs(spec, inShape) {
  const cfg = spec.config || {};
  const last = inShape[inShape.length - 1];
  const bias = (n) => (cfg.use_bias === false ? [] : [{ name: 'bias', shape: [n] }]);
  switch (spec.class_name) {
    case 'Dense': return [{ name: 'kernel', shape: [last, cfg.units] }, ...bias(cfg.units)];
    case 'Conv1D': case 'Conv2D': {
      const rank = spec.class_name === 'Conv1D' ? 1 : 2;
      return [{ name: 'kernel', shape: [...tup(cfg.kernel_size, rank), last / (cfg.groups || 1), cfg.filters] }, ...bias(cfg.filters)];
    }
    case 'Embedding': return [{ name: 'embeddings', shape: [cfg.input_dim, cfg.output_dim] }];
    case 'SimpleRNN': case 'LSTM': case 'GRU': {
      const g = { SimpleRNN: 1, LSTM: 4, GRU: 3 }[spec.class_name] * cfg.units;
      const ws = [{ name: 'kernel', shape: [last, g] }, { name: 'recurrent_kernel', shape: [cfg.units, g] }];
      if (cfg.use_bias !== false) {
        ws.push({ name: 'bias', shape: spec.class_name === 'GRU' && cfg.reset_after !== false ? [2, g] : [g] });
      }
      return ws;
    }
    case 'Bidirectional': {
      const inner = weightSpecs(cfg.layer, inShape);
      return [...inner.map((w) => ({ name: `forward_${w.name}`, shape: w.shape })),
        ...inner.map((w) => ({ name: `backward_${w.name}`, shape: w.shape }))];
    }
    case 'BatchNormalization': {
      const c = [inShape[normAxis(cfg.axis === undefined ? -1 : cfg.axis, inShape.length)]];
      return [...(cfg.scale === false ? [] : [{ name: 'gamma', shape: c }]),
        ...(cfg.center === false ? [] : [{ name: 'beta', shape: c }]),
        { name: 'moving_mean', shape: c }, { name: 'moving_variance', shape: c }];
    }
    case 'LayerNormalization': {
      const axes = [...new Set(tup(cfg.axis === undefined ? -1 : cfg.axis, 1).map((a) => normAxis(a, inShape.length)))].sort((a, b) => a - b);
      const s = axes.map((a) => inShape[a]);
      return [...(cfg.scale !== false || cfg.rms_scaling ? [{ name: 'gamma', shape: s }] : []),
        ...(cfg.center !== false && !cfg.rms_scaling ? [{ name: 'beta', shape: s }] : [])];
    }
    default: return [];
  }
}

// ------------------------------------------------------------------ layers

const IDENTITY = new Set(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout']);

// Apply one layer. x: tensor (or a list for merges); W: [{shape, values}] in Keras order;
// mask: null or [B][T] booleans. Returns a tensor, or [forward, backward] for
// Bidirectional(merge_mode=None).
function applyLayer(spec, x, W, mask) {
  const cls = spec.class_name; const cfg = spec.config || {};
  if (MERGES.has(cls)) return merge(cls, x, cfg);
  if (IDENTITY.has(cls)) return T(x.shape.slice(), Float64Array.from(x.data)); // inference mode
  switch (cls) {
    case 'Dense':
      return activate(R.applyLayer({ class_name: 'Dense', config: Object.assign({}, cfg, { activation: 'linear' }) }, x, W, null),
        cfg.activation);
    case 'Activation': return activate(x, cfg.activation);
    case 'Conv1D': return conv(x, spec, W, 1);
    case 'Conv2D': return conv(x, spec, W, 2);
    case 'GlobalAveragePooling1D': case 'GlobalMaxPooling1D': case 'GlobalAveragePooling2D': case 'GlobalMaxPooling2D': {
      // GlobalMaxPooling1D has no mask support in Keras 3: the mask is dropped (max over all steps)
      const y = R.applyLayer(spec, x, W, cls === 'GlobalAveragePooling1D' ? mask : null);
      if (!cfg.keepdims) return y;
      return T([x.shape[0], ...new Array(x.shape.length - 2).fill(1), x.shape[x.shape.length - 1]], y.data);
    }
    case 'Permute': return transpose(x, [0, ...cfg.dims]);
    case 'BatchNormalization': return batchNorm(x, spec, W);
    case 'LayerNormalization': return layerNorm(x, cfg, W);
    case 'SimpleRNN': case 'LSTM': case 'GRU': return rnnLayer(cls, x, cfg, W, mask, false);
    case 'Bidirectional': return bidirectional(x, cfg, W, mask);
    case 'ReLU': {
      const ns = cfg.negative_slope || 0; const th = cfg.threshold || 0;
      const mv = cfg.max_value === undefined ? null : cfg.max_value;
      return T(x.shape.slice(), x.data.map((v) => reluKeras(v, ns, mv, th)));
    }
    case 'LeakyReLU': {
      const ns = cfg.negative_slope !== undefined ? cfg.negative_slope : cfg.alpha !== undefined ? cfg.alpha : 0.3;
      return T(x.shape.slice(), x.data.map((v) => Math.max(v, ns * v)));
    }
    case 'ELU': {
      const a = cfg.alpha === undefined ? 1 : cfg.alpha;
      return T(x.shape.slice(), x.data.map((v) => (v > 0 ? v : a * Math.expm1(v))));
    }
    case 'Softmax': return softmax(x, tup(cfg.axis === undefined ? -1 : cfg.axis, 1));
    default: return R.applyLayer(spec, x, W, mask); // Flatten, Reshape, RepeatVector, Embedding, pooling
  }
}

// The mask a layer passes on (Keras compute_mask), given the one it received.
function outputMask(spec, x, mask) {
  if (MERGES.has(spec.class_name)) return null;
  if (['GlobalMaxPooling1D', 'GlobalAveragePooling1D', 'GlobalMaxPooling2D', 'GlobalAveragePooling2D',
    'Conv2D', 'Permute'].includes(spec.class_name)) return null;
  return R.outputMask(spec, x, mask);
}

module.exports = {
  init, T, prod, erf, ELEMENTWISE, activate, softmax, layerNorm, transpose, concat, sliceLast,
  leftPadTime, rnnCore, weightSpecs, applyLayer, outputMask, MERGES,
};

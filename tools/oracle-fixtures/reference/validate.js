'use strict';
// Validations of reference/keras3.js against TensorFlow.js on configurations tfjs can run.
// forward.js runs them all on every generation; a "reference" case names the validations
// that cover it (validated_by) and is refused if one of them fails.
//
// Each validation runs one or more checks; a check computes the same numbers twice:
//   * with reference/keras3.js (float64), on the configuration the fixture needs, and
//   * with tfjs: the oracle's forward.js on an equivalent Sequential spec (weights and
//     input passed in), or tfjs ops/layers in-process where no Sequential spec exists
//     (merges, the reset_after=True GRU cell),
// and records max |reference - tfjs|. Everything is seeded (forward.js --seed).

const G = require('../generate.js');
const K = require('./keras3');
const M = require('./model');

const TOL = 1e-5;
const BATCH = 2;

const prod = (a) => a.reduce((x, y) => x * y, 1);
const f32 = (v) => Array.from(v, (x) => Math.fround(x));
function maxAbs(a, b) {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
function flatten(v, out) {
  out = out || [];
  if (Array.isArray(v)) { for (const x of v) flatten(x, out); } else out.push(v);
  return out;
}

// ------------------------------------------------------------------ helpers

// Seeded input [BATCH, ...shape] (k-th input of the model), optionally scaled.
function seededX(ctx, shape, opts) {
  const o = opts || {};
  const full = [BATCH, ...shape];
  let v = M.seededInput(full, o.dtype || 'float32', ctx.seed + (o.seedOffset || 0), o.intMax || 10, o.k || 0);
  if (o.scale) v = v.map((x) => x * o.scale);
  return { shape: full, values: o.dtype === 'int32' ? v : f32(v) };
}

// Reference run of a Sequential layer list; weights seeded unless given. Returns the final
// output (tensor or [fwd, bwd]) and the weights used.
function ref(ctx, inputShape, layers, x, weights, dtype) {
  const model = M.toModel({ shape: inputShape, dtype: dtype || 'float32' }, layers.map(G.layerEntry));
  const r = M.run(model, [x], weights ? { weights } : { seed: ctx.seed });
  return { out: r.layers[r.layers.length - 1].out, weights: r.layers.map((l) => l.weights) };
}

// Oracle run of a Sequential layer list (Keras shorthand) with the given input and weights.
async function oracle(ctx, inputShape, layers, x, weights, dtype) {
  const spec = G.oracleSpec({ input: dtype && dtype !== 'float32' ? { shape: inputShape, dtype } : inputShape, layers });
  const res = await ctx.runOracle(spec, { input: x, weights });
  return { shape: res.output.shape, values: flatten(res.output.values) };
}

function check(what, a, b) {
  const sa = a.shape; const sb = b.shape;
  const d = JSON.stringify(sa) === JSON.stringify(sb) ? maxAbs(Array.from(a.values || a.data), Array.from(b.values || b.data)) : Infinity;
  return { what, maxAbs: d, ok: d <= TOL, shapes: [sa, sb] };
}

const W = (shape, values) => ({ shape, values: f32(values) });
const tv = (t) => ({ shape: t.shape, values: Array.from(t.data) });

// tfjs-ops GRU with reset_after=True, Keras 3 GRUCell.call (implementation 2) in float32:
//   x_z,x_r,x_h = x.K + b_in;  i_z,i_r,i_h = h.U + b_rec
//   z = sigmoid(x_z + i_z); r = sigmoid(x_r + i_r); hh = tanh(x_h + r * i_h); h = z*h + (1-z)*hh
// masked step: state and output kept (zero_output_for_mask=False).
function tfjsGruResetAfter(tf, x, w, units, o) {
  return tf.tidy(() => {
    const [B, Tn, F] = x.shape;
    const Kt = tf.tensor(w[0].values, w[0].shape); const Ut = tf.tensor(w[1].values, w[1].shape);
    const bias = w[2] ? tf.tensor(w[2].values, w[2].shape) : null;
    const xt = tf.tensor(x.values, x.shape);
    let h = tf.zeros([B, units]); let out = tf.zeros([B, units]);
    const seq = [];
    for (let step = 0; step < Tn; step++) {
      const t = o.goBackwards ? Tn - 1 - step : step;
      const xs = tf.reshape(tf.slice(xt, [0, t, 0], [B, 1, F]), [B, F]);
      let mx = tf.matMul(xs, Kt); let mi = tf.matMul(h, Ut);
      if (bias) { mx = tf.add(mx, tf.reshape(tf.slice(bias, [0, 0], [1, 3 * units]), [3 * units])); mi = tf.add(mi, tf.reshape(tf.slice(bias, [1, 0], [1, 3 * units]), [3 * units])); }
      const [xz, xr, xh] = tf.split(mx, 3, -1); const [iz, ir, ih] = tf.split(mi, 3, -1);
      const z = tf.sigmoid(tf.add(xz, iz)); const r = tf.sigmoid(tf.add(xr, ir));
      const hh = tf.tanh(tf.add(xh, tf.mul(r, ih)));
      const hn = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), hh));
      if (o.mask) {
        const m = tf.tensor(o.mask.map((row) => [row[t] ? 1 : 0]), [B, 1], 'bool');
        h = tf.where(tf.broadcastTo(m, [B, units]), hn, h); out = tf.where(tf.broadcastTo(m, [B, units]), hn, out);
      } else { h = hn; out = hn; }
      seq.push(out);
    }
    const y = o.returnSequences ? tf.stack(seq, 1) : out;
    return { shape: y.shape, values: Array.from(y.dataSync()) };
  });
}

function maskOf(ids) { return ids.map((row) => row.map((v) => v !== 0)); }

// Token ids with zeros at the end of row 0 and in the middle of row 1 (as the fixtures use).
const MASKED_IDS = [[3, 7, 1, 0, 0], [5, 0, 2, 8, 4]];

// ------------------------------------------------------------------ validations

const VALIDATIONS = [
  {
    name: 'gru_reset_after_false_vs_tfjs',
    what: 'reference GRU(reset_after=False) code path vs the tfjs GRU layer (same weights/input): plain, return_sequences, go_backwards, no bias, masked (Embedding mask_zero), Bidirectional',
    async run(ctx) {
      const out = [];
      const cfgs = [
        [[5, 2], [['GRU', { units: 3, reset_after: false }]]],
        [[5, 2], [['GRU', { units: 3, reset_after: false, return_sequences: true }]]],
        [[5, 2], [['GRU', { units: 3, reset_after: false, return_sequences: true, go_backwards: true }]]],
        [[5, 2], [['GRU', { units: 3, reset_after: false, use_bias: false }]]],
        [[5, 2], [['Bidirectional', { layer: ['GRU', { units: 2, reset_after: false, return_sequences: true }] }]]],
      ];
      for (const [shape, layers] of cfgs) {
        const x = seededX(ctx, shape);
        const r = ref(ctx, shape, layers, x);
        out.push(check(JSON.stringify(layers), tv(r.out), await oracle(ctx, shape, layers, x, r.weights)));
      }
      for (const rs of [false, true]) {
        const layers = [['Embedding', { input_dim: 10, output_dim: 3, mask_zero: true }], ['GRU', { units: 3, reset_after: false, return_sequences: rs }]];
        const x = { shape: [2, 5], values: flatten(MASKED_IDS) };
        const r = ref(ctx, [5], layers, x, null, 'int32');
        out.push(check(`masked ${JSON.stringify(layers)}`, tv(r.out), await oracle(ctx, [5], layers, x, r.weights, 'int32')));
      }
      return out;
    },
  },
  {
    name: 'gru_reset_after_true_vs_tfjs_ops',
    what: 'reference GRU(reset_after=True) vs the Keras 3 GRUCell formula written with tfjs ops (float32): plain, return_sequences, go_backwards, no bias, masked, and Bidirectional(GRU) = [forward, reversed go_backwards]',
    async run(ctx) {
      const tf = ctx.O.tf;
      const out = [];
      const x = seededX(ctx, [5, 2]);
      for (const o of [{}, { return_sequences: true }, { return_sequences: true, go_backwards: true }, { use_bias: false }, { go_backwards: true }]) {
        const layers = [['GRU', Object.assign({ units: 3 }, o)]];
        const r = ref(ctx, [5, 2], layers, x);
        const t = tfjsGruResetAfter(tf, x, r.weights[0], 3, { returnSequences: !!o.return_sequences, goBackwards: !!o.go_backwards });
        out.push(check(JSON.stringify(layers), tv(r.out), t));
      }
      for (const rs of [false, true]) { // masked: Embedding(mask_zero) -> GRU
        const layers = [['Embedding', { input_dim: 10, output_dim: 3, mask_zero: true }], ['GRU', { units: 3, return_sequences: rs }]];
        const ids = { shape: [2, 5], values: flatten(MASKED_IDS) };
        const r = ref(ctx, [5], layers, ids, null, 'int32');
        const E = r.weights[0][0].values;
        const emb = { shape: [2, 5, 3], values: flatten(MASKED_IDS).flatMap((id) => E.slice(id * 3, id * 3 + 3)) };
        const t = tfjsGruResetAfter(tf, emb, r.weights[1], 3, { returnSequences: rs, mask: maskOf(MASKED_IDS) });
        out.push(check(`masked ${JSON.stringify(layers)}`, tv(r.out), t));
      }
      { // Bidirectional(GRU(2, return_sequences)), concat
        const layers = [['Bidirectional', { layer: ['GRU', { units: 2, return_sequences: true }] }]];
        const r = ref(ctx, [5, 2], layers, x);
        const w = r.weights[0];
        const f = tfjsGruResetAfter(tf, x, w.slice(0, 3), 2, { returnSequences: true });
        const b = tfjsGruResetAfter(tf, x, w.slice(3), 2, { returnSequences: true, goBackwards: true });
        const vals = [];
        for (let bb = 0; bb < 2; bb++) for (let s = 0; s < 5; s++) {
          vals.push(...f.values.slice((bb * 5 + s) * 2, (bb * 5 + s) * 2 + 2), ...b.values.slice((bb * 5 + (4 - s)) * 2, (bb * 5 + (4 - s)) * 2 + 2));
        }
        out.push(check(JSON.stringify(layers), tv(r.out), { shape: [2, 5, 4], values: vals }));
      }
      return out;
    },
  },
  {
    name: 'conv1d_causal_vs_padded_valid',
    what: 'reference Conv1D(padding=causal) vs tfjs Conv1D(padding=valid) on the input left-padded with dilation*(kernel-1) zeros',
    async run(ctx) {
      const out = [];
      for (const o of [{ kernel_size: 3 }, { kernel_size: 3, dilation_rate: 2 }, { kernel_size: 3, strides: 2 }, { kernel_size: 2, dilation_rate: 3, activation: 'relu' }]) {
        const L = 7; const C = 2;
        const x = seededX(ctx, [L, C]);
        const layers = [['Conv1D', Object.assign({ filters: 3 }, o, { padding: 'causal' })]];
        const r = ref(ctx, [L, C], layers, x);
        const pad = (o.dilation_rate || 1) * (o.kernel_size - 1);
        const xp = tv(K.leftPadTime(K.T(x.shape, Float64Array.from(x.values)), pad));
        const t = await oracle(ctx, [L + pad, C], [['Conv1D', Object.assign({ filters: 3 }, o, { padding: 'valid' })]], xp, r.weights);
        out.push(check(JSON.stringify(layers), tv(r.out), t));
      }
      return out;
    },
  },
  {
    name: 'conv_groups_vs_per_group_tfjs',
    what: 'reference Conv1D/Conv2D(groups=G) vs the concatenation of G tfjs convs, group g on input channels [g*C/G, (g+1)*C/G) with kernel[..., g*F/G:(g+1)*F/G] and the matching bias slice',
    async run(ctx) {
      const out = [];
      const cfgs = [
        ['Conv1D', [7, 4], { filters: 6, kernel_size: 3, groups: 2 }],
        ['Conv1D', [7, 4], { filters: 4, kernel_size: 2, groups: 4, padding: 'same', use_bias: false }],
        ['Conv2D', [5, 5, 4], { filters: 4, kernel_size: 3, groups: 2 }],
        ['Conv2D', [5, 5, 4], { filters: 8, kernel_size: [2, 3], groups: 4, padding: 'same', activation: 'relu' }],
      ];
      for (const [cls, shape, cfg] of cfgs) {
        const x = seededX(ctx, shape);
        const layers = [[cls, cfg]];
        const r = ref(ctx, shape, layers, x);
        const G_ = cfg.groups; const C = shape[shape.length - 1]; const Cg = C / G_; const Fg = cfg.filters / G_;
        const kernel = K.T(r.weights[0][0].shape, Float64Array.from(r.weights[0][0].values));
        const parts = [];
        for (let g = 0; g < G_; g++) {
          const xg = tv(K.sliceLast(K.T(x.shape, Float64Array.from(x.values)), g * Cg, Cg));
          const kg = K.sliceLast(kernel, g * Fg, Fg);
          const wg = [W(kg.shape, kg.data)];
          if (cfg.use_bias !== false) wg.push(W([Fg], r.weights[0][1].values.slice(g * Fg, (g + 1) * Fg)));
          const gcfg = Object.assign({}, cfg, { filters: Fg }); delete gcfg.groups; delete gcfg.activation;
          const t = await oracle(ctx, [...shape.slice(0, -1), Cg], [[cls, gcfg]], xg, [wg]);
          parts.push(K.T(t.shape, Float64Array.from(t.values)));
        }
        const cat = K.activate(K.concat(parts, -1), cfg.activation);
        out.push(check(JSON.stringify(layers), tv(r.out), tv(cat)));
      }
      return out;
    },
  },
  {
    name: 'global_pool_keepdims_vs_tfjs',
    what: 'reference global pooling with keepdims=True vs tfjs global pooling (which ignores keepdims), same values, pooled axes kept as 1',
    async run(ctx) {
      const out = [];
      for (const [cls, shape] of [['GlobalAveragePooling1D', [5, 3]], ['GlobalMaxPooling1D', [5, 3]], ['GlobalAveragePooling2D', [3, 4, 2]], ['GlobalMaxPooling2D', [3, 4, 2]]]) {
        const x = seededX(ctx, shape);
        const r = ref(ctx, shape, [[cls, { keepdims: true }]], x);
        const t = await oracle(ctx, shape, [[cls, {}]], x, [[]]);
        const kept = [2, ...new Array(shape.length - 1).fill(1), shape[shape.length - 1]];
        out.push(check(`${cls}(keepdims=true)`, tv(r.out), { shape: kept, values: t.values }));
      }
      return out;
    },
  },
  {
    name: 'hard_sigmoid_vs_scaled_tfjs',
    what: 'Keras 3 hard_sigmoid(z) = clip(z/6 + 0.5, 0, 1) = tfjs hardSigmoid(5z/6) (tfjs: clip(0.2z + 0.5)): reference Dense/Activation/LSTM with hard_sigmoid vs tfjs with the pre-activation scaled by 5/6 (Dense kernel and bias, Activation input, LSTM i/f/o gate columns)',
    async run(ctx) {
      const out = [];
      const s = 5 / 6;
      { // Dense(3, hard_sigmoid) on a scaled input, so that |z| > 3 occurs
        const x = seededX(ctx, [4], { scale: 5 });
        const layers = [['Dense', { units: 3, activation: 'hard_sigmoid' }]];
        const r = ref(ctx, [4], layers, x);
        const w = r.weights[0].map((p) => W(p.shape, p.values.map((v) => v * s)));
        out.push(check(JSON.stringify(layers), tv(r.out), await oracle(ctx, [4], layers, x, [w])));
      }
      { // Activation(hard_sigmoid)
        const x = seededX(ctx, [3, 4], { scale: 5 });
        const layers = [['Activation', { activation: 'hard_sigmoid' }]];
        const r = ref(ctx, [3, 4], layers, x);
        const xs = { shape: x.shape, values: f32(x.values.map((v) => v * s)) };
        out.push(check(JSON.stringify(layers), tv(r.out), await oracle(ctx, [3, 4], layers, xs, [[]])));
      }
      { // LSTM(3, recurrent_activation=hard_sigmoid, return_sequences): scale gate columns i, f, o
        const x = seededX(ctx, [4, 2], { scale: 3 });
        const layers = [['LSTM', { units: 3, recurrent_activation: 'hard_sigmoid', return_sequences: true }]];
        const r = ref(ctx, [4, 2], layers, x);
        const u = 3;
        const w = r.weights[0].map((p) => {
          const cols = p.shape[p.shape.length - 1];
          return W(p.shape, p.values.map((v, i) => { const j = i % cols; return (j >= 2 * u && j < 3 * u) ? v : v * s; }));
        });
        out.push(check(JSON.stringify(layers), tv(r.out), await oracle(ctx, [4, 2], layers, x, [w])));
      }
      return out;
    },
  },
  {
    name: 'activations_vs_tfjs_ops',
    what: 'reference exponential, leaky_relu (slope 0.2), silu, hard_silu/hard_swish: Dense(act) vs tfjs Dense(linear) followed by tf.exp / tf.leakyRelu(z, 0.2) / z*sigmoid(z) / z*relu6(z+3)/6, and Activation(act) vs the same tfjs ops on the input',
    async run(ctx) {
      const tf = ctx.O.tf;
      const ops = {
        exponential: (z) => tf.exp(z),
        leaky_relu: (z) => tf.leakyRelu(z, 0.2),
        silu: (z) => tf.mul(z, tf.sigmoid(z)),
        hard_silu: (z) => tf.mul(z, tf.div(tf.relu6(tf.add(z, 3)), 6)),
        hard_swish: (z) => tf.mul(z, tf.div(tf.relu6(tf.add(z, 3)), 6)),
      };
      const out = [];
      for (const [act, op] of Object.entries(ops)) {
        const x = seededX(ctx, [4], { scale: 4 });
        const layers = [['Dense', { units: 3, activation: act }]];
        const r = ref(ctx, [4], layers, x);
        const lin = await oracle(ctx, [4], [['Dense', { units: 3 }]], x, r.weights);
        const y = tf.tidy(() => op(tf.tensor(lin.values, lin.shape)).dataSync());
        out.push(check(JSON.stringify(layers), tv(r.out), { shape: lin.shape, values: Array.from(y) }));
        const xa = seededX(ctx, [3, 4], { scale: 4 });
        const ra = ref(ctx, [3, 4], [['Activation', { activation: act }]], xa);
        const ya = tf.tidy(() => op(tf.tensor(xa.values, xa.shape)).dataSync());
        out.push(check(`Activation(${act})`, tv(ra.out), { shape: xa.shape, values: Array.from(ya) }));
      }
      return out;
    },
  },
  {
    name: 'relu_options_vs_tfjs',
    what: 'reference ReLU (Keras 3 ReLU.static_call): negative_slope only vs tfjs LeakyReLU(alpha); threshold only vs tfjs ThresholdedReLU(theta); combinations vs the formula in tfjs ops: where(x > t, x, 0), clipped to max_value, minus slope * relu(t - x)',
    async run(ctx) {
      const tf = ctx.O.tf;
      const out = [];
      const x = seededX(ctx, [3, 4], { scale: 3 });
      const both = [
        [{ negative_slope: 0.1 }, [['LeakyReLU', { negative_slope: 0.1 }]]],
        [{ threshold: 0.5 }, [['ThresholdedReLU', { theta: 0.5 }]]],
        [{ threshold: -0.5 }, [['ThresholdedReLU', { theta: -0.5 }]]],
        [{ max_value: 2.5 }, [['ReLU', { max_value: 2.5 }]]],
      ];
      for (const [cfg, tl] of both) {
        const r = ref(ctx, [3, 4], [['ReLU', cfg]], x);
        out.push(check(`ReLU(${JSON.stringify(cfg)}) vs ${tl[0][0]}`, tv(r.out), await oracle(ctx, [3, 4], tl, x, [[]])));
      }
      for (const cfg of [{ negative_slope: 0.1, threshold: 0.5 }, { negative_slope: 0.2, max_value: 2 }, { negative_slope: 0.1, threshold: 1, max_value: 2 }]) {
        const r = ref(ctx, [3, 4], [['ReLU', cfg]], x);
        const ns = cfg.negative_slope || 0; const th = cfg.threshold || 0;
        const y = tf.tidy(() => {
          const xt = tf.tensor(x.values, x.shape);
          let v = tf.where(tf.greater(xt, th), xt, tf.zerosLike(xt));
          if (cfg.max_value !== undefined) v = tf.clipByValue(v, 0, cfg.max_value);
          return tf.sub(v, tf.mul(ns, tf.relu(tf.sub(th, xt)))).dataSync();
        });
        out.push(check(`ReLU(${JSON.stringify(cfg)}) vs tfjs ops`, tv(r.out), { shape: x.shape, values: Array.from(y) }));
      }
      return out;
    },
  },
  {
    name: 'elu_alpha_vs_tfjs_ops',
    what: 'reference ELU(alpha) vs tfjs where(x > 0, x, alpha * elu(x)) (tfjs ELU layer accepts only alpha=1)',
    async run(ctx) {
      const tf = ctx.O.tf;
      const out = [];
      const x = seededX(ctx, [3, 4], { scale: 3 });
      for (const alpha of [0.5, 2]) {
        const r = ref(ctx, [3, 4], [['ELU', { alpha }]], x);
        const y = tf.tidy(() => { const xt = tf.tensor(x.values, x.shape); return tf.where(tf.greater(xt, 0), xt, tf.mul(alpha, tf.elu(xt))).dataSync(); });
        out.push(check(`ELU(alpha=${alpha})`, tv(r.out), { shape: x.shape, values: Array.from(y) }));
      }
      return out;
    },
  },
  {
    name: 'softmax_axis_vs_permuted_tfjs',
    what: 'reference Softmax(axis=1 / -2) vs tfjs Permute -> Softmax(last axis) -> Permute (tfjs softmax runs on the last axis only)',
    async run(ctx) {
      const out = [];
      for (const [shape, axis, perm] of [[[3, 4], 1, [2, 1]], [[3, 2, 2], 1, [3, 2, 1]], [[3, 2, 2], -2, [1, 3, 2]]]) {
        const x = seededX(ctx, shape, { scale: 2 });
        const r = ref(ctx, shape, [['Softmax', { axis }]], x);
        const t = await oracle(ctx, shape, [['Permute', { dims: perm }], ['Softmax', {}], ['Permute', { dims: perm }]], x, [[], [], []]);
        out.push(check(`Softmax(axis=${axis}) on ${JSON.stringify(shape)}`, tv(r.out), t));
      }
      return out;
    },
  },
  {
    name: 'batch_norm_axis_vs_permuted_tfjs',
    what: 'reference BatchNormalization(axis=1) vs tfjs Permute -> BatchNormalization(last axis) -> Permute with the same weights (tfjs computes axis != -1 wrongly, see the BatchNormalization fixture)',
    async run(ctx) {
      const out = [];
      for (const [shape, cfg, perm] of [[[3, 4], { axis: 1 }, [2, 1]], [[3, 2, 2], { axis: 1, center: false }, [3, 2, 1]], [[3, 2, 2], { axis: 2, epsilon: 0.1 }, [1, 3, 2]]]) {
        const x = seededX(ctx, shape);
        const r = ref(ctx, shape, [['BatchNormalization', cfg]], x);
        const bcfg = Object.assign({}, cfg); delete bcfg.axis;
        const t = await oracle(ctx, shape, [['Permute', { dims: perm }], ['BatchNormalization', bcfg], ['Permute', { dims: perm }]], x, [[], r.weights[0], []]);
        out.push(check(`BatchNormalization(${JSON.stringify(cfg)}) on ${JSON.stringify(shape)}`, tv(r.out), t));
      }
      return out;
    },
  },
  {
    name: 'layer_norm_rms_scaling_vs_tfjs_ops',
    what: 'reference LayerNormalization(rms_scaling=True) vs tfjs ops of keras/src/ops/nn.py _layer_normalization: x * rsqrt(variance(x, axes) + eps) * gamma',
    async run(ctx) {
      const tf = ctx.O.tf;
      const out = [];
      for (const [shape, cfg] of [[[3, 4], { rms_scaling: true }], [[3, 4], { rms_scaling: true, axis: [1, 2], epsilon: 0.01 }], [[3, 4], { rms_scaling: true, scale: false }]]) {
        const x = seededX(ctx, shape, { scale: 2 });
        const r = ref(ctx, shape, [['LayerNormalization', cfg]], x);
        const gamma = r.weights[0][0];
        const axes = cfg.axis || [-1];
        const y = tf.tidy(() => {
          const xt = tf.tensor(x.values, x.shape);
          const { variance } = tf.moments(xt, axes.map((a) => (a < 0 ? a + x.shape.length : a)), true);
          const g = tf.tensor(gamma.values, gamma.shape);
          return tf.mul(tf.mul(xt, tf.rsqrt(tf.add(variance, cfg.epsilon || 1e-3))), g).dataSync();
        });
        out.push(check(`LayerNormalization(${JSON.stringify(cfg)})`, tv(r.out), { shape: x.shape, values: Array.from(y) }));
      }
      return out;
    },
  },
  {
    name: 'merges_vs_tfjs_layers',
    what: 'reference merge layers vs tfjs merge layers (tf.layers.add, multiply, average, maximum, minimum, concatenate; tfjs has no Subtract layer, so tf.sub) applied to the same seeded inputs',
    async run(ctx) {
      const tf = ctx.O.tf;
      const out = [];
      const cases = [
        ['Add', [[4], [4]], {}], ['Add', [[4], [4], [4]], {}], ['Subtract', [[4], [4]], {}], ['Subtract', [[3, 4], [1, 4]], {}], ['Subtract', [[2, 2, 3], [2, 2, 3]], {}],
        ['Multiply', [[3, 2], [3, 2]], {}], ['Average', [[4], [4]], {}], ['Maximum', [[4], [4]], {}],
        ['Minimum', [[4], [4]], {}], ['Concatenate', [[4], [3]], {}], ['Concatenate', [[2, 3], [4, 3]], { axis: 1 }],
      ];
      for (const [cls, shapes, cfg] of cases) {
        const xs = shapes.map((s, k) => seededX(ctx, s, { k }));
        const y = K.applyLayer({ class_name: cls, config: cfg }, xs.map((x) => K.T(x.shape, Float64Array.from(x.values))), [], null);
        const fn = { Add: 'add', Multiply: 'multiply', Average: 'average', Maximum: 'maximum', Minimum: 'minimum', Concatenate: 'concatenate' }[cls];
        const t = tf.tidy(() => {
          const ts = xs.map((x) => tf.tensor(x.values, x.shape));
          // tfjs-layers has no Subtract layer: the tfjs op tf.sub stands in for it
          const r = cls === 'Subtract' ? tf.sub(ts[0], ts[1]) : tf.layers[fn](cfg.axis !== undefined ? { axis: cfg.axis } : {}).apply(ts);
          return { shape: r.shape, values: Array.from(r.dataSync()) };
        });
        out.push(check(`${cls}(${shapes.map((s) => JSON.stringify(s)).join(', ')}${cfg.axis !== undefined ? ', axis=' + cfg.axis : ''})`, tv(y), t));
      }
      return out;
    },
  },
  {
    name: 'bidirectional_merge_none_vs_tfjs_concat',
    what: 'reference Bidirectional(merge_mode=None) [forward, backward] vs the two halves of tfjs Bidirectional(merge_mode=concat) on the same weights',
    async run(ctx) {
      const out = [];
      for (const inner of [['LSTM', { units: 3, return_sequences: true }], ['SimpleRNN', { units: 2 }]]) {
        const x = seededX(ctx, [4, 2]);
        const r = ref(ctx, [4, 2], [['Bidirectional', { layer: inner, merge_mode: null }]], x);
        const t = await oracle(ctx, [4, 2], [['Bidirectional', { layer: inner }]], x, r.weights);
        const u = inner[1].units;
        const cat = K.concat(r.out, -1);
        out.push(check(`Bidirectional(${inner[0]}, merge_mode=None) = halves of concat (${u} + ${u})`, tv(cat), t));
      }
      return out;
    },
  },
  {
    name: 'identity_layers_vs_tfjs',
    what: 'inference identities: reference SpatialDropout2D vs tfjs Dropout, reference Flatten on a rank-2 input vs tfjs Flatten on the same values as (d, 1)',
    async run(ctx) {
      const out = [];
      const x = seededX(ctx, [3, 3, 2]);
      const r = ref(ctx, [3, 3, 2], [['SpatialDropout2D', { rate: 0.5 }]], x);
      out.push(check('SpatialDropout2D(0.5)', tv(r.out), await oracle(ctx, [3, 3, 2], [['Dropout', { rate: 0.5 }]], x, [[]])));
      const x2 = seededX(ctx, [6]);
      const r2 = ref(ctx, [6], [['Flatten', {}]], x2);
      const t2 = await oracle(ctx, [6, 1], [['Flatten', {}]], { shape: [2, 6, 1], values: x2.values }, [[]]);
      out.push(check('Flatten on (6)', tv(r2.out), t2));
      return out;
    },
  },
];

async function runAll(ctx) {
  const results = [];
  for (const v of VALIDATIONS) {
    let checks;
    try {
      checks = await v.run(ctx);
    } catch (e) {
      checks = [{ what: `error: ${e.message}`, maxAbs: Infinity, ok: false }];
    }
    const m = Math.max(...checks.map((c) => c.maxAbs));
    results.push({ name: v.name, what: v.what, tol: TOL, maxAbs: m, ok: checks.every((c) => c.ok), checks });
  }
  return results;
}

module.exports = { runAll, VALIDATIONS, MASKED_IDS };

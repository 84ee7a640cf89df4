#!/usr/bin/env node
'use strict';
// Generates the forward-pass fixtures of the nnl runtime:
//   forward-cases/*.json  --(oracle forward.js, or reference/ for what tfjs cannot run)-->
//   runtime/src/test/resources/oracle/forward/<Class>.json
//
//   node forward.js [--oracle DIR] [--cases DIR] [--out DIR] [--seed N] [--jobs N] [--check]
//
// --oracle  the TensorFlow.js oracle (default ../oracle, the copy in this repository);
//           copied to a temp dir with `npm ci` when it has no node_modules (generate.js' helper).
// --seed    seed of the weights and inputs (default 42), as the oracle's forward.js --seed.
// --check   generate and compare with the files in --out instead of writing them (exit 1 on a diff).
// See README.md ("Forward-pass fixtures") for the case format and the validations.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const G = require('./generate.js');
const M = require('./reference/model.js');
const K = require('./reference/keras3.js');
const V = require('./reference/validate.js');

const BATCH = 2;
const DEFAULT_TOLERANCE = 1e-5;
const SIZE_BUDGET = 2 * 1024 * 1024;

// ------------------------------------------------------------------ options

function parseArgs(argv) {
  return G.parseOptions(argv, 'forward.js', '[--oracle DIR] [--cases DIR] [--out DIR] [--seed N] [--jobs N] [--check]',
    Object.assign(G.defaultOptions('forward-cases', '../../runtime/src/test/resources/oracle/forward'), { seed: 42 }), {
      '--seed': (v, opts, fail) => {
        opts.seed = parseInt(v, 10);
        if (!(opts.seed >= 0)) fail('--seed must be an integer >= 0');
      },
    });
}

const die = G.dieAs('forward.js');

// ------------------------------------------------------------------ tensors

function flatten(v, out) {
  out = out || [];
  if (Array.isArray(v)) { for (const x of v) flatten(x, out); } else out.push(v);
  return out;
}

function nestedShape(v) {
  const s = [];
  for (let c = v; Array.isArray(c); c = c[0]) s.push(c.length);
  return s;
}

const f32 = (values) => Array.from(values, (x) => Math.fround(x));

function maxAbsDiff(a, b) {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

// ------------------------------------------------------------------ oracle

let tmpCounter = 0;
function tmpFile(tag, obj) {
  const p = path.join(os.tmpdir(), `nnl-forward-${process.pid}-${tmpCounter++}-${tag}.json`);
  fs.writeFileSync(p, JSON.stringify(obj));
  return p;
}

// Run the oracle's forward.js on a Sequential spec (already in tfjs form, see generate.js
// oracleSpec) with --all-layers --dump-weights -. opts.input: {shape, values};
// opts.weights: per layer [{shape, values}] (default: seeded). Resolves the parsed result.
function runOracle(oracleDir, spec, opts) {
  const files = [tmpFile('spec', spec)];
  const args = [path.join(oracleDir, 'forward.js'), files[0], '--seed', String(opts.seed), '--batch', String(BATCH),
    '--all-layers', '--dump-weights', '-', '--compact'];
  if (opts.input) { files.push(tmpFile('input', opts.input)); args.push('--input', files[files.length - 1]); }
  if (opts.weights) {
    files.push(tmpFile('weights', { layers: opts.weights.map((ws) => ({ weights: ws.map((w) => ({ shape: w.shape, values: w.values })) })) }));
    args.push('--weights', files[files.length - 1]);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: oracleDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = ''; let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    child.on('error', reject);
    child.on('close', (rc) => {
      for (const f of files) fs.rmSync(f, { force: true });
      let result = null;
      try { result = JSON.parse(out); } catch (e) { /* below */ }
      if (rc !== 0 || !result || result.error) {
        reject(new Error(`oracle forward.js rc=${rc}: ${result && result.error ? result.error : out + err}`));
      } else resolve(result);
    });
  });
}

// ------------------------------------------------------------------ cases

function loadCases(dir) {
  return G.readCases(dir, die, (c, where) => {
    if (!['oracle', 'reference'].includes(c.source)) die(`${where}: source must be oracle or reference`);
    if (c.source === 'reference' && (!c.why || !Array.isArray(c.validated_by) || !c.validated_by.length)) {
      die(`${where}: a reference case needs "why" and "validated_by"`);
    }
    if (!c.layers === !c.graph) die(`${where}: give either layers (Sequential) or graph`);
  });
}

function caseModel(c) {
  if (c.graph) {
    return {
      inputs: c.inputs.map((i) => ({ name: i.name, shape: i.shape, dtype: i.dtype || 'float32' })),
      nodes: c.graph.map((n) => ({ spec: G.layerEntry(n.layer), in: n.in, out: n.out })),
      outputs: c.outputs,
    };
  }
  return M.toModel(c.input, c.layers.map(G.layerEntry));
}

// Inputs with the batch dim: explicit `input_values` (Sequential), else seeded as the oracle
// seeds them (input k from mulberry32(seed + 1 + k)), times `input_scale`.
function caseInputs(c, model, seed) {
  return model.inputs.map((inp, k) => {
    const shape = [BATCH, ...inp.shape];
    let values;
    if (c.input_values) {
      if (k > 0) throw new Error('input_values is for single-input cases');
      if (JSON.stringify(nestedShape(c.input_values)) !== JSON.stringify(shape)) {
        throw new Error(`input_values has shape ${JSON.stringify(nestedShape(c.input_values))}, expected ${JSON.stringify(shape)}`);
      }
      values = flatten(c.input_values);
    } else {
      const first = model.nodes[0].spec;
      const intMax = c.int_max || (first.class_name === 'Embedding' ? first.config.input_dim : 10);
      values = M.seededInput(shape, inp.dtype, seed, intMax, k);
    }
    if (c.input_scale) values = values.map((x) => Math.fround(x * c.input_scale));
    if (inp.dtype !== 'int32') values = f32(values);
    return { name: inp.name, shape, dtype: inp.dtype, values };
  });
}

const tensorOut = (shape, values) => ({ shape, values: f32(values) });

// One case -> {fixture, problems, crosscheck, notes}
async function runCase(c, ctx) {
  const problems = [];
  const notes = [];
  const model = caseModel(c);
  const names = G.defaultNames(model.nodes.map((n) => n.spec.class_name));
  const inputs = caseInputs(c, model, ctx.seed);
  const fixture = { id: c.id, nnl: c.nnl || G.nnlModel(c), inputs };
  let weights; let outputs; let layerOutputs; let crosscheck = null;

  if (c.source === 'oracle') {
    const spec = G.oracleSpec(c);
    // forward.js has no --strict: refuse config keys that tfjs would silently ignore
    const built = ctx.O.buildModel(JSON.parse(JSON.stringify(spec)), { kerasDefaults: true }).built;
    built.forEach((b, i) => { if (b.ignored.length) problems.push(`layer ${i}: tfjs ignores ${b.ignored.join(', ')}`); });
    const explicit = !!(c.input_values || c.input_scale);
    const given = (t) => ({ shape: t.shape, values: t.values });
    const res = await runOracle(ctx.oracleDir, spec, {
      seed: ctx.seed, input: !explicit ? null : c.graph ? { inputs: inputs.map(given) } : given(inputs[0]),
    });
    if (res.notes) notes.push(...res.notes.filter((n) => !/recurrent_activation not given/.test(n)));
    const oins = c.graph ? res.inputs : [res.input];
    oins.forEach((oin, k) => {
      if (maxAbsDiff(flatten(oin.values), inputs[k].values) !== 0) problems.push(`oracle input ${k} differs from the seeded input of forward.js`);
    });
    // weights: short Keras names; they must equal the reference's seeded weights
    const seeded = M.run(model, inputs, { seed: ctx.seed }).layers;
    weights = res.weights.layers.map((l, i) => {
      if (l.name !== names[i]) problems.push(`layer ${i}: oracle name ${l.name}, Keras 3 default ${names[i]}`);
      const ws = l.weights.map((w) => ({ name: G.shortWeightName(l.class_name, w.name), shape: w.shape, values: w.values }));
      const mine = seeded[i].weights;
      const same = ws.length === mine.length && ws.every((w, j) => w.name === mine[j].name &&
        JSON.stringify(w.shape) === JSON.stringify(mine[j].shape) && maxAbsDiff(w.values, mine[j].values) === 0);
      if (!same) problems.push(`layer ${i}: oracle weights differ from reference/keras3 weightSpecs + seeding`);
      return ws;
    });
    layerOutputs = res.layers.map((l) => ({ shape: l.shape, values: flatten(l.values) }));
    outputs = c.graph ? res.outputs.map((o) => ({ shape: o.shape, values: flatten(o.values) })) :
      [layerOutputs[layerOutputs.length - 1]];
    // cross-check: the float64 reference, chained and isolated (from the oracle's previous output)
    try {
      const W = weights.map((ws) => ws.map((w) => ({ name: w.name, shape: w.shape, values: w.values })));
      const chained = M.run(model, inputs, { weights: W });
      const feed = layerOutputs.map((o) => K.T(o.shape, Float64Array.from(o.values)));
      const isolated = M.run(model, inputs, { weights: W, feed });
      let iso = 0; let chain = 0;
      layerOutputs.forEach((o, i) => {
        const a = isolated.layers[i].out; const b = chained.layers[i].out;
        if (JSON.stringify(a.shape) !== JSON.stringify(o.shape)) problems.push(`reference shape ${JSON.stringify(a.shape)} at layer ${i}, oracle ${JSON.stringify(o.shape)}`);
        iso = Math.max(iso, maxAbsDiff(o.values, a.data));
        chain = Math.max(chain, maxAbsDiff(o.values, b.data));
      });
      crosscheck = { isolated: iso, chained: chain };
      const tol = c.tolerance || DEFAULT_TOLERANCE;
      if (!(iso <= tol) || !(chain <= tol)) problems.push(`reference cross-check: max |oracle - reference| isolated ${iso}, chained ${chain} > ${tol}`);
    } catch (e) {
      problems.push(`reference cross-check failed: ${e.message}`);
    }
  } else {
    const r = M.run(model, inputs, { seed: ctx.seed });
    weights = r.layers.map((l) => l.weights);
    const one = (t) => tensorOut(t.shape, t.data);
    layerOutputs = r.layers.map((l) => (Array.isArray(l.out) ? l.out.map(one) : one(l.out)));
    outputs = r.outputs.map(one);
  }

  fixture.weights = [];
  weights.forEach((ws, i) => {
    if (ws.length) fixture.weights.push({ layer: names[i], weights: ws.map((w) => ({ name: w.name, shape: w.shape, values: f32(w.values) })) });
  });
  fixture.outputs = outputs.map((o) => tensorOut(o.shape, o.values));
  fixture.layer_outputs = {};
  names.forEach((n, i) => {
    const o = layerOutputs[i];
    fixture.layer_outputs[n] = Array.isArray(o) ? o.map((t) => tensorOut(t.shape, t.values)) : tensorOut(o.shape, o.values);
  });
  fixture.training = false;
  fixture.tolerance = c.tolerance || DEFAULT_TOLERANCE;
  fixture.source = c.source;
  if (c.why) fixture.why = c.why;
  for (const t of [...fixture.inputs, ...fixture.outputs]) {
    if (!t.values.every(Number.isFinite)) problems.push('non-finite value');
  }
  return { fixture, problems, crosscheck, notes };
}

const fmt = (x) => (x === null || x === undefined ? '-' : x === 0 ? '0' : x.toExponential(1));

// ------------------------------------------------------------------ main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const cases = loadCases(opts.cases);
  const oracleDir = G.prepareOracle(opts.oracle);
  const O = require(path.join(oracleDir, 'lib', 'oracle.js')); // tfjs in-process, for validations
  await O.initBackend();
  K.init(oracleDir);
  M.init(O);
  const ctx = { oracleDir, O, seed: opts.seed, runOracle: (spec, o) => runOracle(oracleDir, spec, Object.assign({ seed: opts.seed }, o)) };

  const outcomes = await G.pool(cases, opts.jobs, async (c) => {
    try {
      return Object.assign({ c }, await runCase(c, ctx));
    } catch (e) {
      return { c, fixture: null, problems: [e.message], notes: [] };
    }
  });

  // validations of the reference implementation against tfjs
  const validations = await V.runAll(ctx);
  const vByName = new Map(validations.map((v) => [v.name, v]));
  for (const o of outcomes) {
    for (const n of o.c.validated_by || []) {
      const v = vByName.get(n);
      if (!v) o.problems.push(`validated_by: no validation named ${n}`);
      else if (!v.ok) o.problems.push(`validated_by: validation ${n} failed`);
    }
  }

  // ---- group per class
  const byClass = new Map();
  for (const o of outcomes) {
    if (!byClass.has(o.c.class)) byClass.set(o.c.class, []);
    byClass.get(o.c.class).push(o);
  }
  const classes = [...byClass.keys()].sort();
  const files = {};
  for (const cls of classes) {
    const doc = { class_name: cls, cases: byClass.get(cls).map((o) => o.fixture) };
    if (doc.cases.every(Boolean)) files[`${cls}.json`] = G.pretty(doc) + '\n';
  }

  // ---- summary
  const rows = [['class', 'cases', 'oracle', 'reference', 'max |oracle-ref| isolated', 'chained', 'bytes']];
  const tot = [0, 0, 0];
  let bytes = 0;
  for (const cls of classes) {
    const os_ = byClass.get(cls);
    const xs = os_.filter((o) => o.crosscheck);
    const n = [os_.length, os_.filter((o) => o.c.source === 'oracle').length, os_.filter((o) => o.c.source === 'reference').length];
    n.forEach((x, i) => { tot[i] += x; });
    const b = files[`${cls}.json`] ? Buffer.byteLength(files[`${cls}.json`]) : 0;
    bytes += b;
    rows.push([cls, ...n.map(String),
      xs.length ? fmt(Math.max(...xs.map((o) => o.crosscheck.isolated))) : '-',
      xs.length ? fmt(Math.max(...xs.map((o) => o.crosscheck.chained))) : '-', String(b)]);
  }
  rows.push(['TOTAL', ...tot.map(String), '', '', String(bytes)]);
  const w = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  const line = (r) => r.map((x, j) => (j === 0 ? x.padEnd(w[j]) : x.padStart(w[j]))).join('  ');
  const sep = w.map((x) => '-'.repeat(x)).join('  ');
  process.stdout.write([line(rows[0]), sep, ...rows.slice(1, -1).map(line), sep, line(rows[rows.length - 1])].join('\n') + '\n\n');
  process.stdout.write('validations of reference/ against tfjs (max abs difference):\n');
  for (const v of validations) {
    process.stdout.write(`  ${v.ok ? 'ok  ' : 'FAIL'} ${v.name.padEnd(40)} ${fmt(v.maxAbs).padStart(7)}  (tol ${fmt(v.tol)}, ${v.checks.length} checks)\n`);
    for (const ch of v.checks) if (!ch.ok || process.env.VERBOSE) process.stdout.write(`         ${ch.ok ? '' : 'FAIL '}${ch.what}: ${fmt(ch.maxAbs)}\n`);
  }
  const noted = outcomes.filter((o) => o.notes && o.notes.length);
  if (noted.length) {
    process.stdout.write('\noracle notes:\n');
    for (const o of noted) process.stdout.write(`  ${o.c.id}: ${[...new Set(o.notes)].join(' | ')}\n`);
  }
  if (bytes > SIZE_BUDGET) process.stdout.write(`\nwarning: ${bytes} bytes of fixtures, over the ${SIZE_BUDGET} budget\n`);

  const bad = outcomes.filter((o) => o.problems.length);
  const badV = validations.filter((v) => !v.ok);
  if (bad.length || badV.length) {
    process.stdout.write(`\n${bad.length} case(s) and ${badV.length} validation(s) FAILED:\n`);
    for (const o of bad) process.stdout.write(`  ${o.c.file}: ${o.c.id}: ${o.problems.join('\n    ')}\n`);
    process.stdout.write('\nnothing written\n');
    process.exitCode = 1;
    return;
  }

  G.writeFixtures(files, opts.out, opts.check, ['oracle', 'reference'],
    `\nwrote ${Object.keys(files).length} fixture files (${outcomes.length} cases, ${bytes} bytes) to ${opts.out}\n`);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`forward.js: ${e.stack || e}\n`);
    process.exit(3);
  });
}

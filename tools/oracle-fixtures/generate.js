#!/usr/bin/env node
'use strict';
// Generates the Keras-reference layer fixtures of the nnl compiler:
//   cases/*.json  --(oracle shapes.js, or hand values)-->  compiler/src/test/resources/oracle/layers/<Class>.json
//
//   node generate.js [--oracle DIR] [--cases DIR] [--out DIR] [--jobs N] [--check]
//
// --oracle  the TensorFlow.js oracle (default ../oracle, the copy in this repository). It needs
//           `npm ci` run in it (the tools Maven module does that); if DIR has no node_modules
//           (e.g. a read-only copy elsewhere), it is copied to a temp dir and `npm ci` runs there.
// --check   generate and compare with the files in --out instead of writing them (exit 1 on a diff).
// See README.md for the case format.

const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { spawn, spawnSync } = require('child_process');

// ------------------------------------------------------------------ options

function dieAs(script) {
  return (msg) => {
    process.stderr.write(`${script}: ${msg}\n`);
    process.exit(2);
  };
}

const die = dieAs('generate.js');

/** The defaults of the options generate.js and forward.js share, for a script's cases and output. */
function defaultOptions(cases, out) {
  return {
    oracle: path.resolve(__dirname, '../oracle'),
    cases: path.resolve(__dirname, cases),
    out: path.resolve(__dirname, out),
    jobs: Math.max(1, Math.min(8, os.cpus().length)),
    check: false,
  };
}

/**
 * Parses the shared options (--oracle, --cases, --out, --jobs, --check, --help; `--name=value` or
 * `--name value`) into `opts`; `own` maps a script's further options to a setter of their value.
 */
function parseOptions(argv, script, usage, opts, own = {}) {
  const fail = dieAs(script);
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let v;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) { v = a.slice(eq + 1); a = a.slice(0, eq); }
    const need = () => {
      if (v !== undefined) return v;
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      return argv[++i];
    };
    if (own[a]) {
      own[a](need(), opts, fail);
      continue;
    }
    switch (a) {
      case '--oracle': opts.oracle = path.resolve(need()); break;
      case '--cases': opts.cases = path.resolve(need()); break;
      case '--out': opts.out = path.resolve(need()); break;
      case '--jobs': opts.jobs = Math.max(1, parseInt(need(), 10) || 1); break;
      case '--check': opts.check = true; break;
      case '-h': case '--help':
        process.stdout.write(`usage: node ${script} ${usage}\n`);
        process.exit(0);
        break;
      default: fail(`unknown argument ${a}`);
    }
  }
  return opts;
}

function parseArgs(argv) {
  return parseOptions(argv, 'generate.js', '[--oracle DIR] [--cases DIR] [--out DIR] [--jobs N] [--check]',
    defaultOptions('cases', '../../compiler/src/test/resources/oracle/layers'));
}

/**
 * Every case of the `*.json` files in `dir`, in file order, each with an id (unique) and a class;
 * `check(c, where)` reports, through `fail`, what else a case of this script needs.
 */
function readCases(dir, fail, check) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const cases = [];
  const ids = new Set();
  for (const f of files) {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    for (const c of doc.cases) {
      const where = `${f}: ${c.id}`;
      if (!c.id || !c.class) fail(`${f}: case without id/class: ${JSON.stringify(c).slice(0, 80)}`);
      if (ids.has(c.id)) fail(`${where}: duplicate case id`);
      ids.add(c.id);
      check(c, where);
      cases.push(Object.assign({ file: f }, c));
    }
  }
  return cases;
}

// ------------------------------------------------------------------ oracle setup

function prepareOracle(dir) {
  if (!fs.existsSync(path.join(dir, 'shapes.js'))) die(`no shapes.js in oracle dir ${dir}`);
  if (fs.existsSync(path.join(dir, 'node_modules', '@tensorflow', 'tfjs'))) return dir;
  // No node_modules, and DIR may be read-only: use a copy keyed by its lock file.
  const lock = fs.readFileSync(path.join(dir, 'package-lock.json'));
  const key = crypto.createHash('sha256').update(lock).update(fs.readFileSync(path.join(dir, 'shapes.js')))
    .digest('hex').slice(0, 12);
  const copy = path.join(os.tmpdir(), `nnl-oracle-${key}`);
  if (fs.existsSync(path.join(copy, 'node_modules', '@tensorflow', 'tfjs'))) return copy;
  process.stderr.write(`copying oracle to ${copy} and running npm ci ...\n`);
  fs.rmSync(copy, { recursive: true, force: true });
  fs.cpSync(dir, copy, { recursive: true, filter: (src) => path.basename(src) !== 'node_modules' });
  chmodWritable(copy);
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: copy, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) die(`npm ci failed in ${copy}`);
  return copy;
}

function chmodWritable(p) {
  const st = fs.statSync(p);
  fs.chmodSync(p, st.mode | 0o200);
  if (st.isDirectory()) for (const e of fs.readdirSync(p)) chmodWritable(path.join(p, e));
}

// Run shapes.js on one spec; resolves {rc, result}.
function runShapes(oracleDir, spec, flags) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(oracleDir, 'shapes.js'), '--compact', ...flags],
      { cwd: oracleDir, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    child.on('error', reject);
    child.on('close', (rc) => {
      let result = null;
      try { result = JSON.parse(out); } catch (e) { /* reported below */ }
      if (!result) reject(new Error(`shapes.js gave no JSON (rc=${rc}): ${out}${err}`));
      else resolve({ rc, result });
    });
    child.stdin.end(JSON.stringify(spec));
  });
}

async function pool(items, n, fn) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return results;
}

// ------------------------------------------------------------------ Keras naming

// Keras 3 keras.src.utils.naming.to_snake_case (default layer names).
function toSnakeCase(name) {
  const inter = name.replace(/(.)([A-Z][a-z]+)/g, '$1_$2');
  const s = inter.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return s[0] === '_' ? 'private' + s : s;
}

function defaultNames(classNames) {
  const counters = {};
  return classNames.map((c) => {
    const base = toSnakeCase(c);
    const n = counters[base] || 0;
    counters[base] = n + 1;
    return n === 0 ? base : `${base}_${n}`;
  });
}

// tfjs weight name -> short Keras name: "forward_lstm/kernel:0" -> "forward_kernel".
function shortWeightName(className, name) {
  const parts = name.replace(/:\d+$/, '').split('/');
  const base = parts[parts.length - 1];
  if (className === 'Bidirectional') {
    const dir = parts.find((p) => /^(forward|backward)_/.test(p));
    if (!dir) throw new Error(`Bidirectional weight without direction: ${name}`);
    return `${dir.startsWith('forward_') ? 'forward' : 'backward'}_${base}`;
  }
  return base;
}

// ------------------------------------------------------------------ specs and nnl

// Keras 3 argument names that tfjs-layers spells differently (the spec is what the oracle gets).
const TFJS_RENAMES = { LeakyReLU: { negative_slope: 'alpha' } };
// Keras 3 defaults that tfjs-layers does not share (and the oracle does not patch): written into the spec.
const TFJS_DEFAULTS = { Softmax: { axis: -1 } }; // tfjs Softmax defaults to axis=1

function layerEntry(l) {
  // shorthand ["Dense", {"units": 4}] or a full {"class_name", "config"}
  if (Array.isArray(l)) return { class_name: l[0], config: layerConfig(l[1] || {}) };
  return { class_name: l.class_name, config: layerConfig(l.config || {}) };
}

function layerConfig(cfg) {
  const out = {};
  for (const k of Object.keys(cfg)) {
    const v = cfg[k];
    out[k] = (k === 'layer') ? layerEntry(v) : v;
  }
  return out;
}

function kerasSpec(c) {
  if (c.graph) {
    return {
      inputs: c.inputs.map((i) => Object.assign({ name: i.name, shape: i.shape }, i.dtype ? { dtype: i.dtype } : {})),
      layers: c.graph.map((n) => Object.assign(layerEntry(n.layer), { inbound: n.in, out: n.out })),
      outputs: c.outputs,
    };
  }
  return { input: c.input, layers: c.layers.map(layerEntry) };
}

function tfjsLayer(entry) {
  const ren = TFJS_RENAMES[entry.class_name] || {};
  const config = {};
  const defs = TFJS_DEFAULTS[entry.class_name] || {};
  for (const k of Object.keys(defs)) if (!(k in entry.config)) config[k] = defs[k];
  for (const k of Object.keys(entry.config)) {
    const v = entry.config[k];
    config[ren[k] || k] = (k === 'layer') ? tfjsLayer(v) : v;
  }
  return { class_name: entry.class_name, config };
}

function oracleSpec(c, layers) {
  if (c.graph && !layers) {
    // a graph spec for the oracle (tools/oracle/README.md "Graph specs")
    return {
      inputs: c.inputs.map((i) => Object.assign({ name: i.name, shape: i.shape }, i.dtype ? { dtype: i.dtype } : {})),
      layers: c.graph.map((n) => Object.assign(tfjsLayer(layerEntry(n.layer)), { inbound: n.in, out: n.out })),
      outputs: c.outputs,
    };
  }
  return { input: c.input, layers: (layers || c.layers).map(layerEntry).map(tfjsLayer) };
}

/** The layer classes of a case, in textual order (Sequential `layers` or `graph`), or null for an nnl-only case. */
function caseClasses(c) {
  if (c.graph) return c.graph.map((n) => layerEntry(n.layer).class_name);
  return c.layers ? c.layers.map((l) => layerEntry(l).class_name) : null;
}

const POSITIONAL = {
  Dense: ['units'], Activation: ['activation'], Dropout: ['rate'], SpatialDropout1D: ['rate'],
  SpatialDropout2D: ['rate'], GaussianNoise: ['stddev'], Reshape: ['target_shape'], Permute: ['dims'],
  RepeatVector: ['n'], Embedding: ['input_dim', 'output_dim'],
  Conv1D: ['filters', 'kernel_size', 'strides'], Conv2D: ['filters', 'kernel_size', 'strides'],
  MaxPooling1D: ['pool_size', 'strides', 'padding'], MaxPooling2D: ['pool_size', 'strides', 'padding'],
  AveragePooling1D: ['pool_size', 'strides', 'padding'], AveragePooling2D: ['pool_size', 'strides', 'padding'],
  SimpleRNN: ['units'], LSTM: ['units'], GRU: ['units'], Bidirectional: ['layer'],
};
const NNL_KEYWORDS = new Set(['model', 'block', 'input', 'output', 'train', 'let', 'import', 'true', 'false', 'none']);

function nnlValue(v) {
  if (v === null) return 'none';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return /^[A-Za-z_][A-Za-z0-9_]*$/.test(v) && !NNL_KEYWORDS.has(v) ? v : JSON.stringify(v);
  if (Array.isArray(v)) return v.length === 1 ? `(${nnlValue(v[0])},)` : `(${v.map(nnlValue).join(', ')})`;
  if (v && typeof v === 'object' && v.class_name) return nnlCall(v, false);
  throw new Error(`cannot write ${JSON.stringify(v)} in nnl`);
}

function nnlCall(entry, keywordsOnly) {
  const pos = keywordsOnly ? [] : (POSITIONAL[entry.class_name] || []);
  const keys = Object.keys(entry.config);
  const args = [];
  let i = 0;
  while (i < keys.length && i < pos.length && keys[i] === pos[i]) { args.push(nnlValue(entry.config[keys[i]])); i++; }
  for (; i < keys.length; i++) args.push(`${keys[i]}=${nnlValue(entry.config[keys[i]])}`);
  return `${entry.class_name}(${args.join(', ')})`;
}

function nnlInput(input) {
  const shape = Array.isArray(input) ? input : input.shape;
  const dtype = Array.isArray(input) ? 'float32' : (input.dtype || 'float32');
  return `input x: (${shape.map(nnlValue).join(', ')})${dtype === 'float32' ? '' : ' ' + dtype}`;
}

function shapeText(shape) { return `(${shape.map(nnlValue).join(', ')})`; }

function graphInputLine(inp) {
  const dtype = inp.dtype || 'float32';
  return `    input ${inp.name}: ${shapeText(inp.shape)}${dtype === 'float32' ? '' : ' ' + dtype}`;
}

// nnl of a graph case: `h = x -> Dense(4)` for one input, `s = Add(a, b, axis=...)` for merges.
function nnlGraph(c) {
  const lines = ['model M {', ...c.inputs.map(graphInputLine)];
  for (const n of c.graph) {
    const entry = layerEntry(n.layer);
    const call = nnlCall(entry, c.nnl_style === 'keywords');
    if (n.in.length === 1) lines.push(`    ${n.out} = ${n.in[0]} -> ${call}`);
    else {
      const args = call.slice(entry.class_name.length + 1, -1);
      lines.push(`    ${n.out} = ${entry.class_name}(${[...n.in, ...(args ? [args] : [])].join(', ')})`);
    }
  }
  lines.push(...c.outputs.map((o) => `    output ${o}`), '}');
  return lines.join('\n') + '\n';
}

function nnlModel(c) {
  if (c.graph) return nnlGraph(c);
  const kwOnly = c.nnl_style === 'keywords';
  const lines = ['model M {', `    ${nnlInput(c.input)}`];
  for (const l of c.layers.map(layerEntry)) lines.push(`    ${nnlCall(l, kwOnly)}`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

// ------------------------------------------------------------------ expectations

function fromOracle(result, classNames) {
  const names = defaultNames(classNames);
  const layers = result.layers.map((l, i) => {
    if (l.class_name !== classNames[i]) throw new Error(`oracle layer ${i} is ${l.class_name}, case says ${classNames[i]}`);
    return {
      name: names[i],
      class_name: l.class_name,
      output_shape: l.output_shape,
      params: l.params,
      trainable_params: l.trainable_params,
      non_trainable_params: l.non_trainable_params,
      weights: l.weights.map((w) => ({ name: shortWeightName(l.class_name, w.name), shape: w.shape })),
    };
  });
  return {
    layers,
    total_params: result.total_params,
    trainable_params: result.trainable_params,
    non_trainable_params: result.non_trainable_params,
  };
}

// The case with some layer classes swapped for others (oracle_check.replace: {"Subtract": "Add"}),
// for a hand case whose layer tfjs lacks but whose shape rule another tfjs layer shares.
function replaced(c, swap) {
  const swapEntry = (l) => {
    const e = layerEntry(l);
    return { class_name: swap[e.class_name] || e.class_name, config: e.config };
  };
  const out = Object.assign({}, c);
  if (c.layers) out.layers = c.layers.map(swapEntry);
  if (c.graph) out.graph = c.graph.map((n) => Object.assign({}, n, { layer: swapEntry(n.layer) }));
  return out;
}

// Canonical key order for a hand-written expect.
function canonExpect(e) {
  return {
    layers: e.layers.map((l) => ({
      name: l.name,
      class_name: l.class_name,
      output_shape: l.output_shape,
      params: l.params,
      trainable_params: l.trainable_params,
      non_trainable_params: l.non_trainable_params,
      weights: (l.weights || []).map((w) => ({ name: w.name, shape: w.shape })),
    })),
    total_params: e.total_params,
    trainable_params: e.trainable_params,
    non_trainable_params: e.non_trainable_params,
  };
}

const prod = (a) => a.reduce((x, y) => x * y, 1);

// Internal consistency of an expect block; returns a list of problems.
function checkExpect(e, classNames) {
  const errs = [];
  const names = defaultNames(e.layers.map((l) => l.class_name));
  if (classNames && JSON.stringify(classNames) !== JSON.stringify(e.layers.map((l) => l.class_name))) {
    errs.push(`layer classes ${JSON.stringify(e.layers.map((l) => l.class_name))} != case layers ${JSON.stringify(classNames)}`);
  }
  const okShape = (s) => Array.isArray(s) && s.length >= 2 && s[0] === null &&
    s.slice(1).every((d) => d === null || (Number.isInteger(d) && d > 0));
  let tot = 0; let tr = 0; let nt = 0;
  e.layers.forEach((l, i) => {
    const where = `layer ${i} (${l.name})`;
    if (l.name !== names[i]) errs.push(`${where}: Keras default name would be ${names[i]}`);
    const shapes = Array.isArray(l.output_shape) && Array.isArray(l.output_shape[0]) ? l.output_shape : [l.output_shape];
    if (!shapes.every(okShape)) errs.push(`${where}: bad output_shape ${JSON.stringify(l.output_shape)}`);
    const wsum = l.weights.reduce((s, w) => s + prod(w.shape), 0);
    if (wsum !== l.params) errs.push(`${where}: params ${l.params} != sum of weight sizes ${wsum}`);
    if (l.trainable_params + l.non_trainable_params !== l.params) errs.push(`${where}: trainable + non_trainable != params`);
    for (const w of l.weights) {
      if (!/^((forward|backward)_)?[a-z][a-z_]*$/.test(w.name)) errs.push(`${where}: weight name ${w.name} is not short`);
      if (!w.shape.every((d) => Number.isInteger(d) && d > 0)) errs.push(`${where}: weight ${w.name} shape ${w.shape}`);
    }
    tot += l.params; tr += l.trainable_params; nt += l.non_trainable_params;
  });
  if (tot !== e.total_params) errs.push(`total_params ${e.total_params} != ${tot}`);
  if (tr !== e.trainable_params) errs.push(`trainable_params ${e.trainable_params} != ${tr}`);
  if (nt !== e.non_trainable_params) errs.push(`non_trainable_params ${e.non_trainable_params} != ${nt}`);
  return errs;
}

// ------------------------------------------------------------------ JSON writer

// 2-space indentation. Arrays of scalars (shapes) are always on one line; an object
// without arrays of objects inside is on one line when it fits in 110 columns.
function isScalar(v) { return v === null || typeof v !== 'object'; }
function scalarArray(v) { return Array.isArray(v) && v.every((x) => isScalar(x) || scalarArray(x)); }
function hasObjectArray(v) {
  if (isScalar(v)) return false;
  if (Array.isArray(v)) return v.some((x) => !isScalar(x) && !scalarArray(x)) || v.some(hasObjectArray);
  return Object.values(v).some(hasObjectArray);
}
function inline(v) {
  if (isScalar(v)) return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
  return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}: ${inline(v[k])}`).join(', ')}}`;
}
function pretty(v, indent, keyLen) {
  indent = indent || '';
  if (isScalar(v) || scalarArray(v)) return inline(v);
  const one = inline(v);
  if (!Array.isArray(v) && !hasObjectArray(v) && indent.length + (keyLen || 0) + one.length <= 110) return one;
  const ind = indent + '  ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => ind + pretty(x, ind, 0)).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(v);
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${ind}${JSON.stringify(k)}: ${pretty(v[k], ind, k.length + 4)}`).join(',\n')}\n${indent}}`;
}

// ------------------------------------------------------------------ main

function loadCases(dir) {
  return readCases(dir, die, (c, where) => {
    if (!['oracle', 'hand'].includes(c.source)) die(`${where}: source must be oracle or hand`);
    if (c.source === 'hand' && !c.why) die(`${where}: hand case without "why"`);
    if (c.source === 'hand' && !c.expect === !c.expect_error) die(`${where}: hand case needs expect or expect_error`);
    if (c.source === 'oracle' && !c.layers && !c.graph) die(`${where}: oracle case without layers or graph`);
    if (!c.layers && !c.graph && !c.nnl) die(`${where}: case needs layers, graph or nnl`);
    if (c.graph && (!Array.isArray(c.inputs) || !Array.isArray(c.outputs))) die(`${where}: a graph case needs inputs and outputs`);
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const cases = loadCases(opts.cases);
  const oracleDir = prepareOracle(opts.oracle);
  const STRICT = ['--strict'];

  const outcomes = await pool(cases, opts.jobs, async (c) => {
    const problems = [];
    const fixture = { id: c.id };
    const classNames = caseClasses(c);
    fixture.nnl = c.nnl || nnlModel(c);
    let tfjs = '';
    if (c.source === 'oracle') {
      const spec = oracleSpec(c);
      fixture.spec = spec;
      const { rc, result } = await runShapes(oracleDir, spec, STRICT);
      tfjs = `rc=${rc}`;
      if (c.error) {
        if (rc !== 1) problems.push(`expected oracle exit 1, got ${rc}: ${result.error || 'valid model'}`);
        else {
          let idx = result.layer_index;
          if (idx === undefined) {
            if (c.error.at === undefined) problems.push(`oracle error has no layer_index (stage ${result.stage}); give error.at`);
            idx = c.error.at;
          } else if (c.error.at !== undefined && c.error.at !== idx) {
            problems.push(`oracle error at layer ${idx}, case says ${c.error.at}`);
          }
          if (c.error.match && !new RegExp(c.error.match).test(result.error)) {
            problems.push(`oracle message does not match /${c.error.match}/: ${result.error}`);
          }
          const msg = result.error.split('\n')[0].trim();
          fixture.expect_error = { layer_index: idx, class_name: classNames[idx], oracle_message: msg };
          tfjs += ` ${result.source}/${result.stage}`;
        }
      } else if (rc !== 0) {
        problems.push(`expected oracle exit 0, got ${rc}: ${result.error}`);
      } else {
        if ((result.notes || []).some((n) => /runtime output shape|countParams/.test(n))) {
          problems.push(`oracle notes: ${result.notes.join('; ')}`);
        }
        fixture.expect = fromOracle(result, classNames);
        problems.push(...checkExpect(fixture.expect, classNames));
      }
    } else {
      if (c.layers || c.graph) fixture.spec = kerasSpec(c);
      if (c.expect) {
        fixture.expect = canonExpect(c.expect);
        problems.push(...checkExpect(fixture.expect, classNames));
      } else {
        const e = c.expect_error;
        const names = e.classes || classNames;
        if (!names || names[e.layer_index] !== e.class_name) {
          problems.push(`expect_error.class_name ${e.class_name} is not layer ${e.layer_index}`);
        }
        fixture.expect_error = { layer_index: e.layer_index, class_name: e.class_name };
      }
      // What tfjs says about the same model (informational), or a cross-check.
      const chk = c.oracle_check;
      if (chk || c.layers || c.graph) {
        const spec = oracleSpec(chk && chk.replace ? replaced(c, chk.replace) : c, chk && chk.layers);
        if (chk && chk.input) spec.input = chk.input;
        const flags = (chk && chk.flags) || STRICT;
        const { rc, result } = await runShapes(oracleDir, spec, flags);
        tfjs = `rc=${rc}${result.error ? ' ' + result.source + '/' + result.stage : ''}`;
        if (chk) {
          tfjs += ' checked';
          if (chk.compare === 'error') {
            if (rc !== 1) problems.push(`oracle_check: expected exit 1, got ${rc}`);
          } else if (rc !== 0) {
            problems.push(`oracle_check: exit ${rc}: ${result.error}`);
          } else {
            const got = fromOracle(result, result.layers.map((l) => l.class_name));
            const want = fixture.expect;
            // compare: "all" | "shapes" (names + output shapes) | "params" (all but output shapes)
            const pick = (e) => {
              if (chk.compare === 'renamed') {
                return Object.assign({}, e, { layers: e.layers.map((l) => Object.assign({}, l, { name: 0, class_name: 0 })) });
              }
              if (chk.compare === 'shapes') return e.layers.map((l) => [l.name, l.class_name, l.output_shape]);
              if (chk.compare === 'params') return Object.assign({}, e, { layers: e.layers.map((l) => Object.assign({}, l, { output_shape: 0 })) });
              return e;
            };
            if (JSON.stringify(pick(got)) !== JSON.stringify(pick(want))) {
              problems.push(`oracle_check (${chk.compare}) differs:\n  oracle ${JSON.stringify(pick(got))}\n  hand   ${JSON.stringify(pick(want))}`);
            }
          }
        }
      }
    }
    fixture.source = c.source;
    if (c.why) fixture.why = c.why;
    return { c, fixture, problems, tfjs };
  });

  // ---- group per class, write
  const byClass = new Map();
  for (const o of outcomes) {
    if (!byClass.has(o.c.class)) byClass.set(o.c.class, []);
    byClass.get(o.c.class).push(o);
  }
  const classes = [...byClass.keys()].sort();
  const files = {};
  for (const cls of classes) {
    const doc = { class_name: cls, cases: byClass.get(cls).map((o) => o.fixture) };
    files[`${cls}.json`] = pretty(doc) + '\n';
  }

  // ---- summary
  const bad = outcomes.filter((o) => o.problems.length);
  const rows = [['class', 'cases', 'oracle ok', 'oracle err', 'hand ok', 'hand err']];
  const tot = [0, 0, 0, 0, 0];
  for (const cls of classes) {
    const os_ = byClass.get(cls);
    const n = [os_.length,
      os_.filter((o) => o.c.source === 'oracle' && !o.c.error).length,
      os_.filter((o) => o.c.source === 'oracle' && o.c.error).length,
      os_.filter((o) => o.c.source === 'hand' && o.c.expect).length,
      os_.filter((o) => o.c.source === 'hand' && o.c.expect_error).length];
    n.forEach((x, i) => { tot[i] += x; });
    rows.push([cls, ...n.map(String)]);
  }
  rows.push(['TOTAL', ...tot.map(String)]);
  const w = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  const line = (r) => r.map((x, j) => (j === 0 ? x.padEnd(w[j]) : x.padStart(w[j]))).join('  ');
  const table = [line(rows[0]), w.map((x) => '-'.repeat(x)).join('  '), ...rows.slice(1, -1).map(line),
    w.map((x) => '-'.repeat(x)).join('  '), line(rows[rows.length - 1])];
  process.stdout.write(table.join('\n') + '\n\n');
  process.stdout.write('hand cases (tfjs result on the same spec):\n');
  for (const o of outcomes.filter((x) => x.c.source === 'hand')) {
    process.stdout.write(`  ${o.c.id.padEnd(44)} ${o.tfjs || 'graph, not run'}\n`);
  }

  if (bad.length) {
    process.stdout.write(`\n${bad.length} case(s) FAILED validation:\n`);
    for (const o of bad) process.stdout.write(`  ${o.c.file}: ${o.c.id}: ${o.problems.join('\n    ')}\n`);
    process.stdout.write('\nnothing written\n');
    process.exitCode = 1;
    return;
  }

  writeFixtures(files, opts.out, opts.check, ['oracle', 'hand'],
    `\nwrote ${Object.keys(files).length} fixture files (${outcomes.length} cases) to ${opts.out}\n`);
}

/**
 * Writes fixture files into `out` (or, with `check`, reports whether they are up to date), and
 * removes files there that this generator made but no longer produces. `sources` are the case
 * sources that mark a file as this generator's; `summary` is the last line after writing.
 */
function writeFixtures(files, out, check, sources, summary) {
  const ours = (f) => {
    try {
      const d = JSON.parse(fs.readFileSync(path.join(out, f), 'utf8'));
      return typeof d.class_name === 'string' && Array.isArray(d.cases) && d.cases.every((c) => sources.includes(c.source));
    } catch (e) {
      return false;
    }
  };
  const stale = fs.existsSync(out) ? fs.readdirSync(out).filter((f) => f.endsWith('.json') && !files[f] && ours(f)) : [];
  if (check) {
    const diffs = Object.entries(files).filter(([f, text]) => {
      const p = path.join(out, f);
      return !fs.existsSync(p) || fs.readFileSync(p, 'utf8') !== text;
    }).map(([f]) => f);
    if (diffs.length || stale.length) {
      process.stdout.write(`\nout of date: ${[...diffs, ...stale.map((f) => f + ' (stale)')].join(', ')}\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write(`\n${Object.keys(files).length} fixture files up to date in ${out}\n`);
    }
    return;
  }
  fs.mkdirSync(out, { recursive: true });
  for (const f of stale) {
    fs.unlinkSync(path.join(out, f)); // a class that no longer has cases
    process.stdout.write(`removed stale ${f}\n`);
  }
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(out, f), text);
  process.stdout.write(summary);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`generate.js: ${e.stack || e}\n`);
    process.exit(3);
  });
}

// Also used by forward.js (the forward-pass fixtures).
module.exports = {
  pretty, toSnakeCase, defaultNames, shortWeightName, nnlModel, checkExpect,
  prepareOracle, pool, layerEntry, oracleSpec, caseClasses, nnlCall, nnlValue, nnlInput, nnlGraph, writeFixtures,
  dieAs, defaultOptions, parseOptions, readCases,
};

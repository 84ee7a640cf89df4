#!/usr/bin/python3
"""Side-by-side CPU benchmark of nnlc and PyTorch on the three Fashion-MNIST samples (issue 5).

Run it through bench/perf.sh, which installs what is missing first. For each model, thread count,
tool (and, for PyTorch, thread configuration) and repetition it starts a fresh process that trains
for --epochs epochs, and measures: training-only seconds per epoch (from the tool's own per-epoch
JSON), whole-process seconds per epoch, peak RSS and CPU time (from the child's rusage), test
accuracy. It also measures the machine's SGEMM peak once per thread count, and the whole-process
latency of `nnlc check`. Prints Markdown tables on standard output (progress on standard error)
and writes the same data as JSON. Stdlib only: torch is imported by the child scripts alone.
See docs/performance.md.
"""
import argparse
import datetime
import gzip
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NNLC = os.path.join(ROOT, 'nnlc')
# Debian's python3-torch is importable only from the system interpreter (the PATH python may be
# another one, e.g. pyenv's, without torch).
PYTHON = '/usr/bin/python3'
TRAIN_PY = os.path.join(ROOT, 'bench', 'pytorch', 'train.py')
SGEMM_PY = os.path.join(ROOT, 'bench', 'pytorch', 'sgemm.py')
DEEP_MODEL = os.path.join(ROOT, 'bench', 'deep-model.sh')
FULL_DATA = '/usr/share/datasets/fashion-mnist'
QUICK_DATA = os.path.join(ROOT, 'samples', 'data', 'fashion-mnist')
SAMPLES = {'mlp': 'samples/fashion_mlp.nnl', 'cnn': 'samples/fashion_cnn.nnl', 'lstm': 'samples/fashion_lstm.nnl'}
VALIDATION_SPLIT = 0.1  # as in the samples' train blocks
THREAD_VARS = ('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS')
REFERENCE_BLAS_DIR = '/usr/lib/x86_64-linux-gnu/blas/'
BLAS_ALTERNATIVE = '/etc/alternatives/libblas.so.3-x86_64-linux-gnu'


# ---------------------------------------------------------------------------------------------
# Work per sample: multiply-adds of the matmul/conv work of the forward pass. Element-wise ops
# (activations, pooling, the optimizer) are left out: they are memory-bound and small next to it.

def dense(n_in, n_out):
    return n_in * n_out


def conv2d(out_h, out_w, kh, kw, c_in, c_out):
    return out_h * out_w * kh * kw * c_in * c_out


def lstm(steps, features, units):
    return steps * 4 * units * (features + units)  # four gates, each [x, h] @ kernel


FORWARD_MACS = {
    'mlp': dense(784, 256) + dense(256, 128) + dense(128, 10),
    'cnn': conv2d(26, 26, 3, 3, 1, 32) + conv2d(11, 11, 3, 3, 32, 64) + dense(1600, 128) + dense(128, 10),
    'lstm': lstm(28, 28, 128) + dense(128, 10),
}


def training_flops_per_sample(model):
    # 2 FLOPs per multiply-add; x3 for a training step: the forward pass, and a backward pass that
    # computes both the input gradient and the weight gradient, each as costly as the forward.
    # (The first layer needs no input gradient, so this slightly overcounts; it is the usual
    # convention, and the same for both tools.)
    return 2 * FORWARD_MACS[model] * 3


# ---------------------------------------------------------------------------------------------
# Processes

def log(msg):
    print(msg, file=sys.stderr, flush=True)


def die(msg):
    log('perf: error: ' + msg)
    sys.exit(1)


def clean_env(**extra):
    """The caller's environment without thread limits (each run sets its own), plus extra."""
    env = {k: v for k, v in os.environ.items() if k not in THREAD_VARS and k != 'OPENBLAS_VERBOSE'}
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run(cmd, env, workdir):
    """Runs cmd to completion; returns wall seconds, its rusage, stdout and stderr.

    The child is reaped with os.wait4 to get its own rusage (Popen.wait would reap it and lose
    it). ru_maxrss is the peak RSS of the child, or of any descendant that was waited for,
    whichever is larger; ./nnlc execs java, so its child is the JVM itself. Linux carries the
    peak of an image replaced by exec over to the new one, so the floor is the peak of the
    forked driver (this process, ~13 MiB) or of bash before its exec: small next to a trainer."""
    out_path, err_path = os.path.join(workdir, 'stdout'), os.path.join(workdir, 'stderr')
    with open(out_path, 'wb') as out, open(err_path, 'wb') as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=ROOT)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # tell Popen it has been reaped
    with open(out_path, encoding='utf-8', errors='replace') as f:
        stdout = f.read()
    with open(err_path, encoding='utf-8', errors='replace') as f:
        stderr = f.read()
    return {'returncode': proc.returncode, 'wall_seconds': wall, 'maxrss_kib': ru.ru_maxrss,
            'cpu_seconds': ru.ru_utime + ru.ru_stime}, stdout, stderr


def json_lines(text):
    """The lines of text that are JSON objects (the tools may print messages besides)."""
    objs = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith('{'):
            try:
                objs.append(json.loads(line))
            except ValueError:
                pass
    return objs


# ---------------------------------------------------------------------------------------------
# Set-up checks and machine facts

def check_blas():
    """Fails when libblas.so.3 resolves to Debian's reference BLAS: torch would be many times slower."""
    target = os.path.realpath(BLAS_ALTERNATIVE) if os.path.exists(BLAS_ALTERNATIVE) else None
    if target and target.startswith(REFERENCE_BLAS_DIR):
        die(f'{BLAS_ALTERNATIVE} points to the reference BLAS ({target}); torch would use it. Run\n'
            '  update-alternatives --set libblas.so.3-x86_64-linux-gnu '
            '/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3')
    return target


def sgemm_peak(threads, workdir):
    """GFLOP/s of torch.mm on 2048x2048 fp32 at this many threads, in a subprocess (the thread
    limits must be in the environment before OpenBLAS loads). Also the BLAS libraries mapped and
    OpenBLAS's core type (OPENBLAS_VERBOSE=2 prints "Core: ..." when it loads)."""
    env = clean_env(OMP_NUM_THREADS=threads, OPENBLAS_NUM_THREADS=threads, MKL_NUM_THREADS=threads,
                    OPENBLAS_VERBOSE=2, **PYTORCH_ALLOCATOR)
    for k in PYTORCH_UNSET:
        env.pop(k, None)
    r, out, err = run([PYTHON, SGEMM_PY, '--threads', str(threads)], env, workdir)
    objs = json_lines(out)
    if r['returncode'] != 0 or not objs:
        return None, err.strip()
    result = objs[-1]
    core = re.search(r'Core: (\S+)', err)
    result['openblas_core'] = core.group(1) if core else None
    return result, None


def first_line(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (p.stdout + p.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return None


def machine_facts():
    cpu = None
    with open('/proc/cpuinfo') as f:
        for line in f:
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
    with open('/proc/meminfo') as f:
        mem_kib = int(re.search(r'MemTotal:\s+(\d+)', f.read()).group(1))
    commit = first_line(['git', '-C', ROOT, 'rev-parse', '--short', 'HEAD'])
    dirty = subprocess.run(['git', '-C', ROOT, 'status', '--porcelain', '--untracked-files=no'],
                           capture_output=True, text=True).stdout.strip()
    return {
        'date': datetime.datetime.now().astimezone().isoformat(timespec='seconds'),
        'nproc': len(os.sched_getaffinity(0)),
        'cpu': cpu,
        'ram_gib': round(mem_kib / 2 ** 20, 1),
        'java': first_line(['java', '-version']),
        'nnlc_commit': (commit + ('-dirty' if dirty else '')) if commit else None,
        'load_average_at_start': os.getloadavg()[0],
    }


def idx_count(directory, stem):
    """The number of items in an IDX file (its first dimension), gzipped or not."""
    path = os.path.join(directory, stem)
    if os.path.exists(path):
        with open(path, 'rb') as f:
            head = f.read(8)
    else:
        with gzip.open(path + '.gz', 'rb') as f:
            head = f.read(8)
    return int.from_bytes(head[4:8], 'big')


# ---------------------------------------------------------------------------------------------
# The training runs

def pytorch_configs(threads):
    """(torch.set_num_threads, OPENBLAS_NUM_THREADS) pairs that make up PyTorch at this thread count.

    Debian's torch does its GEMMs in Debian's OpenBLAS (pthread build), whose pool
    torch.set_num_threads does not limit: without OPENBLAS_NUM_THREADS it uses every core even at
    set_num_threads(1), and set_num_threads(2) on top oversubscribes (OpenMP and OpenBLAS threads
    both spin). So 1 thread is 1 and 1; at n threads we try the three ways of using n cores and
    keep the fastest as PyTorch's number."""
    if threads == 1:
        return [(1, 1)]
    return [(threads, threads), (1, threads), (threads, 1)]


def config_label(torch_threads, blas_threads):
    return f'torch {torch_threads}, OpenBLAS {blas_threads}'


def nnl_run(model, threads, data, epochs, workdir):
    cmd = [NNLC, 'train', SAMPLES[model], '--data', data, '--epochs', str(epochs), '--threads', str(threads),
           '--log', 'json', '-q', '-o', os.path.join(workdir, f'{model}.nnlz')]
    # As users run it: only --threads sets the threads (inherited OMP_NUM_THREADS etc. are dropped).
    return cmd, clean_env()


# PyTorch at its best on a CPU, as its CPU performance tuning guide sets it up: glibc's allocator
# keeps freed memory instead of returning it to the kernel (without this, each step's large
# tensors are mapped afresh and page-faulted in, which made the CNN's epoch up to 3x slower on some
# hosts and would flatter nnl), and OpenBLAS picks its own kernel and cache sizes for this CPU:
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, when the machine's environment sets them, are for nnl's
# BLAS and are dropped for the peer.
PYTORCH_ALLOCATOR = {'MALLOC_MMAP_THRESHOLD_': 33554432, 'MALLOC_TRIM_THRESHOLD_': 4294967296,
                     'MALLOC_TOP_PAD_': 268435456}
PYTORCH_UNSET = ('OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE')


def pytorch_run(model, torch_threads, blas_threads, data, epochs):
    cmd = [PYTHON, TRAIN_PY, '--model', model, '--data', data, '--epochs', str(epochs),
           '--threads', str(torch_threads), '--seed', '42']
    env = clean_env(OMP_NUM_THREADS=torch_threads, MKL_NUM_THREADS=torch_threads,
                    OPENBLAS_NUM_THREADS=blas_threads, **PYTORCH_ALLOCATOR)
    for k in PYTORCH_UNSET:
        env.pop(k, None)
    return cmd, env


def measure(spec, cmd, env, workdir, epochs):
    r, out, err = run(cmd, env, workdir)
    if 'nnlc: building' in err:
        die('nnlc rebuilt itself during a timed run (sources changed?); run again')
    objs = json_lines(out)
    epoch_logs = [o for o in objs if 'epoch' in o]
    test = next((o['test'] for o in objs if 'test' in o), None)
    if r['returncode'] != 0 or len(epoch_logs) != epochs:
        log(f'perf: {spec} failed (exit {r["returncode"]}, {len(epoch_logs)} of {epochs} epochs):\n'
            + err[-3000:])
        return dict(spec, ok=False, **r, stderr_tail=err[-3000:])
    # Training-only time per epoch: the epochs' mean, without the first (warm-up: JIT compilation,
    # first-touch allocation, thread-pool start) when there are at least two.
    key = 'train_seconds' if all('train_seconds' in e for e in epoch_logs) else 'seconds'
    timed = epoch_logs[1:] if len(epoch_logs) >= 2 else epoch_logs
    train = statistics.mean(e[key] for e in timed)
    return dict(spec, ok=True, **r, train_s_per_epoch=train, train_time_field=key,
                whole_s_per_epoch=r['wall_seconds'] / epochs,
                cpu_utilisation=r['cpu_seconds'] / r['wall_seconds'],
                test_accuracy=test.get('accuracy') if test else None, epochs=epoch_logs)


def summarise(runs, n_train, peaks):
    """Medians over repetitions, one entry per (model, threads, tool, config)."""
    groups = {}
    for r in runs:
        if r['ok']:
            groups.setdefault((r['model'], r['threads'], r['tool'], r['config']), []).append(r)
    out = []
    for (model, threads, tool, config), rs in groups.items():
        train = statistics.median(r['train_s_per_epoch'] for r in rs)
        gflops = training_flops_per_sample(model) * n_train / train / 1e9
        peak = peaks.get(threads)
        accs = [r['test_accuracy'] for r in rs if r['test_accuracy'] is not None]
        out.append({
            'model': model, 'threads': threads, 'tool': tool, 'config': config, 'runs': len(rs),
            'train_s_per_epoch': train,
            'train_s_per_epoch_min': min(r['train_s_per_epoch'] for r in rs),
            'train_s_per_epoch_max': max(r['train_s_per_epoch'] for r in rs),
            'train_includes_validation': any(r['train_time_field'] != 'train_seconds' for r in rs),
            'samples_per_s': n_train / train,
            'gflops': gflops,
            'fraction_of_sgemm_peak': gflops / peak['gflops'] if peak else None,
            'whole_s_per_epoch': statistics.median(r['whole_s_per_epoch'] for r in rs),
            'peak_rss_mib': statistics.median(r['maxrss_kib'] for r in rs) / 1024,
            'cpu_utilisation': statistics.median(r['cpu_utilisation'] for r in rs),
            'test_accuracy': statistics.median(accs) if accs else None,
        })
    # PyTorch's number at a thread count is its fastest configuration there (by training time).
    for model in {s['model'] for s in out}:
        for threads in {s['threads'] for s in out}:
            pts = [s for s in out if s['model'] == model and s['threads'] == threads and s['tool'] == 'pytorch']
            if pts:
                min(pts, key=lambda s: s['train_s_per_epoch'])['best_at_threads'] = True
    order = {'nnl': 0, 'pytorch': 1}
    out.sort(key=lambda s: (list(SAMPLES).index(s['model']), s['threads'], order[s['tool']], s['config']))
    return out


def ratios(summary):
    """nnl / PyTorch for training time, whole-process time and peak RSS: at each thread count
    (PyTorch's best configuration there), and nnl's best thread count vs PyTorch's best overall."""
    rows = []
    for model in SAMPLES:
        nnl = [s for s in summary if s['model'] == model and s['tool'] == 'nnl']
        pt = [s for s in summary if s['model'] == model and s['tool'] == 'pytorch']
        pairs = []
        for n in nnl:
            p = next((s for s in pt if s['threads'] == n['threads'] and s.get('best_at_threads')), None)
            if p:
                pairs.append((str(n['threads']), n, p))
        if nnl and pt:
            pairs.append(('best', min(nnl, key=lambda s: s['train_s_per_epoch']),
                          min(pt, key=lambda s: s['train_s_per_epoch'])))
        for label, n, p in pairs:
            rows.append({'model': model, 'threads': label, 'nnl_threads': n['threads'],
                         'pytorch_threads': p['threads'], 'pytorch_config': p['config'],
                         'train': n['train_s_per_epoch'] / p['train_s_per_epoch'],
                         'whole': n['whole_s_per_epoch'] / p['whole_s_per_epoch'],
                         'rss': n['peak_rss_mib'] / p['peak_rss_mib']})
    return rows


# ---------------------------------------------------------------------------------------------
# Compiler latency

def check_latency(runs, workdir):
    """Whole-process `nnlc check` latency: median of `runs` runs after one warm-up run.

    The cases: a sample, 10,000 Dense layers (no diagnostics), and a 10,000-step `->` chain of
    linear Dense layers on one line, whose 9,999 warnings (NNL5002) are rendered in each output
    format (issue 17: output that grows with the diagnostics, not with diagnostics x line length).
    """
    deep = os.path.join(workdir, 'deep_10000.nnl')
    with open(deep, 'w') as f:
        subprocess.run([DEEP_MODEL, '10000'], stdout=f, check=True)
    chain = os.path.join(workdir, 'chain_10000.nnl')
    with open(chain, 'w') as f:
        subprocess.run([DEEP_MODEL, '10000', 'chain'], stdout=f, check=True)
    results = []
    # As JSON, the 10,000-layer models measure the checker rather than a renderer; the chain
    # draws 9,999 lint warnings, in each format (the human one groups them).
    cases = [('samples/fashion_cnn.nnl', [os.path.join(ROOT, SAMPLES['cnn'])]),
             ('generated, 10,000 Dense layers', [deep]),
             ('generated, 10,000 Dense layers, --format json', [deep, '--format', 'json'])]
    cases += [(f'generated `->` chain of 10,000 linear Dense, --format {fmt}', [chain, '--format', fmt])
              for fmt in ('human', 'gcc', 'json')]
    for label, args in cases:
        times, cpu, rss = [], [], []
        load = os.getloadavg()[0]
        for i in range(runs + 1):
            r, _, err = run([NNLC, 'check', *args], clean_env(), workdir)
            if r['returncode'] != 0:
                die(f'nnlc check {" ".join(args)} failed:\n{err[-2000:]}')
            if i > 0:  # the first run warms the page cache (and makes the class-data archive)
                times.append(r['wall_seconds'])
                cpu.append(r['cpu_seconds'])
                rss.append(r['maxrss_kib'])
        # CPU time (user + system) besides wall time: on a busy machine it still tells the work.
        results.append({'file': label, 'runs': runs, 'median_ms': statistics.median(times) * 1000,
                        'min_ms': min(times) * 1000, 'max_ms': max(times) * 1000,
                        'median_cpu_ms': statistics.median(cpu) * 1000,
                        'peak_rss_mib': statistics.median(rss) / 1024,
                        'load_average': [load, os.getloadavg()[0]]})
        log(f'perf: nnlc check {label}: median {results[-1]["median_ms"]:.0f} ms')
    return results


# ---------------------------------------------------------------------------------------------
# Output

def table(headers, rows, text_columns):
    """A Markdown table; the first text_columns columns are left-aligned, numbers right-aligned."""
    lines = ['| ' + ' | '.join(headers) + ' |',
             '|' + '|'.join('---' if i < text_columns else '---:' for i in range(len(headers))) + '|']
    lines += ['| ' + ' | '.join(row) + ' |' for row in rows]
    return '\n'.join(lines)


def fmt(value, spec, missing='–'):
    return missing if value is None else format(value, spec)


def report(result):
    m, a = result['machine'], result['settings']
    peaks = result['sgemm_peak']
    lines = ['# nnlc vs PyTorch, CPU training', '',
             f"- date: {m['date']}; nnlc commit {m['nnlc_commit']}",
             f"- machine: {m['nproc']} CPUs, {m['cpu']}, {m['ram_gib']} GiB RAM; load average at start "
             f"{m['load_average_at_start']:.2f}, at end {m.get('load_average_at_end', 0):.2f}",
             f"- java: {m['java']}",
             f"- torch: {m.get('torch')}; BLAS: {m.get('blas_library')}, OpenBLAS core {m.get('openblas_core')}",
             '- PyTorch runs with ' + ' '.join(f'{k}={v}' for k, v in PYTORCH_ALLOCATOR.items())
             + ' and without ' + ', '.join(PYTORCH_UNSET) + " (its CPU tuning guide's set-up)",
             '- SGEMM peak (torch.mm 2048², fp32, best of 5): '
             + (', '.join(f"{t} thread{'s' if int(t) > 1 else ''} {p['gflops']:.0f} GFLOP/s" for t, p in peaks.items())
                or 'not measured'),
             f"- data: {a['data']} ({a['train_samples']:,} training samples per epoch); {a['epochs']} epoch(s) "
             f"per run, {a['reps']} run(s) each; medians over runs"]
    flops = result['flops_per_epoch']
    lines.append('- training FLOPs per epoch (2 x multiply-adds of matmul/conv, x3 forward+backward): '
                 + ', '.join(f'{k} {v / 1e9:.1f} GFLOP' for k, v in flops.items()))
    if m['load_average_at_start'] > 0.5:
        lines.append(f"- **warning: the machine was busy at the start (load {m['load_average_at_start']:.2f}); "
                     'the timings are not reliable**')
    lines.append('')

    summary = result['summary']
    if summary:
        rows = []
        for s in summary:
            tool = 'nnl' if s['tool'] == 'nnl' else f"PyTorch ({s['config']})" + (' **best**' if s.get('best_at_threads') and s['threads'] > 1 else '')
            rows.append([s['model'], str(s['threads']), tool,
                         f"{s['train_s_per_epoch']:.2f}" + (' †' if s['train_includes_validation'] else ''),
                         f"{s['samples_per_s']:,.0f}", f"{s['gflops']:.1f}",
                         '–' if s['fraction_of_sgemm_peak'] is None else f"{100 * s['fraction_of_sgemm_peak']:.0f} %",
                         f"{s['whole_s_per_epoch']:.2f}", f"{s['peak_rss_mib']:.0f}",
                         f"{100 * s['cpu_utilisation']:.0f} %", fmt(s['test_accuracy'], '.4f')])
        lines += ['## Training', '', table(
            ['model', 'threads', 'tool', 'train s/epoch', 'samples/s', 'GFLOP/s', '% of SGEMM peak',
             'whole-process s/epoch', 'peak RSS MiB', 'CPU use', 'test acc'], rows, 3), '']
        if any(s['train_includes_validation'] for s in summary):
            lines += ['† this nnlc prints no `train_seconds`: its time includes the validation pass', '']
        lines += ['train s/epoch: training batches only, mean over the epochs of a run after the first '
                  '(warm-up) when there are two or more; median over runs. Whole-process: wall time of '
                  'the process / epochs (start-up, data loading, validation, test, saving). CPU use: '
                  '(user + system CPU time) / wall time of the process.', '']
    if result['ratios']:
        rows = [[r['model'], r['threads'] if r['threads'] != 'best' else
                 f"best (nnl {r['nnl_threads']}, PyTorch {r['pytorch_threads']})",
                 r['pytorch_config'], f"{r['train']:.2f}", f"{r['whole']:.2f}", f"{r['rss']:.2f}"]
                for r in result['ratios']]
        lines += ['## nnl / PyTorch (above 1: nnl slower or bigger)', '',
                  table(['model', 'threads', 'PyTorch config', 'train time', 'whole-process time', 'peak RSS'], rows, 3), '']
    if result['check_latency']:
        rows = [[c['file'], f"{c['median_ms']:.0f}", f"{c['min_ms']:.0f}", f"{c['max_ms']:.0f}",
                 f"{c['median_cpu_ms']:.0f}", str(c['runs']), f"{c['peak_rss_mib']:.0f}",
                 f"{c['load_average'][0]:.1f} → {c['load_average'][1]:.1f}"] for c in result['check_latency']]
        lines += ['## `nnlc check` whole-process latency (JVM start included; after one warm-up run)', '',
                  table(['file', 'median ms', 'min ms', 'max ms', 'median CPU ms', 'runs', 'peak RSS MiB',
                         'load average'], rows, 1), '']
    return '\n'.join(lines)


# ---------------------------------------------------------------------------------------------

def parse_args():
    p = argparse.ArgumentParser(description='nnlc vs PyTorch CPU training benchmark (see docs/performance.md)')
    p.add_argument('--models', default='mlp,cnn,lstm', help='comma-separated subset of mlp,cnn,lstm')
    p.add_argument('--threads', default='1,2', help='comma-separated thread counts')
    p.add_argument('--reps', type=int, help='fresh-process runs per configuration (default 3)')
    p.add_argument('--epochs', type=int, help='epochs per run (default 3; the first is warm-up)')
    p.add_argument('--data', help=f'Fashion-MNIST IDX directory (default {FULL_DATA})')
    p.add_argument('--check-runs', type=int, help='runs of each `nnlc check` latency test (default 10)')
    p.add_argument('--skip-nnl', action='store_true')
    p.add_argument('--skip-pytorch', action='store_true')
    p.add_argument('--skip-check', action='store_true', help='leave out the `nnlc check` latency')
    p.add_argument('--quick', action='store_true',
                   help='smoke test: 1 run, 1 epoch, the small bundled data, 3 check runs')
    p.add_argument('--json', help='also write the JSON here')
    p.add_argument('--out-dir', default=os.path.join(ROOT, 'bench', 'results'),
                   help='where perf-YYYYMMDD-HHMM.json goes (default bench/results, git-ignored)')
    a = p.parse_args()
    a.models = [m.strip() for m in a.models.split(',') if m.strip()]
    if any(m not in SAMPLES for m in a.models):
        p.error('--models takes mlp, cnn, lstm')
    try:
        a.threads = [int(t) for t in a.threads.split(',')]
    except ValueError:
        p.error('--threads takes numbers, e.g. 1,2')
    a.reps = a.reps or (1 if a.quick else 3)
    a.epochs = a.epochs or (1 if a.quick else 3)
    a.data = a.data or (QUICK_DATA if a.quick else FULL_DATA)
    a.check_runs = a.check_runs or (3 if a.quick else 10)
    if a.reps < 1 or a.epochs < 1 or a.check_runs < 1 or any(t < 1 for t in a.threads):
        p.error('--reps, --epochs, --check-runs and --threads take positive numbers')
    return a


def main():
    a = parse_args()
    started = time.time()
    workdir = tempfile.mkdtemp(prefix='nnl-perf-')
    try:
        result = {'machine': machine_facts()}
        if not os.path.isdir(a.data):
            die(f'no data at {a.data} (bench/perf.sh installs dataset-fashion-mnist)')
        n_images = idx_count(a.data, 'train-images-idx3-ubyte')
        n_train = int(n_images * (1 - VALIDATION_SPLIT))  # Keras's and nnlc's split point
        result['settings'] = {'models': a.models, 'threads': a.threads, 'reps': a.reps, 'epochs': a.epochs,
                              'data': a.data, 'train_samples': n_train, 'quick': a.quick,
                              'pytorch': not a.skip_pytorch, 'nnl': not a.skip_nnl}
        result['flops_per_epoch'] = {m: training_flops_per_sample(m) * n_train for m in a.models}

        # The yardstick, and proof that torch runs on OpenBLAS.
        result['machine']['blas_library'] = check_blas()
        peaks = {}
        for t in a.threads:
            peak, error = sgemm_peak(t, workdir)
            if peak is None:
                if not a.skip_pytorch:
                    die('the SGEMM probe failed (is python3-torch installed?):\n' + error)
                log('perf: no SGEMM peak (torch missing?): the % of peak column stays empty')
                break
            if not any('openblas' in lib for lib in peak['blas_libraries']):
                die(f"torch did not load OpenBLAS but {peak['blas_libraries']}")
            peaks[t] = peak
            result['machine'].update(torch=peak['torch'], openblas_core=peak['openblas_core'],
                                     blas_loaded=peak['blas_libraries'])
            log(f"perf: SGEMM peak at {t} thread(s): {peak['gflops']:.0f} GFLOP/s")
        result['sgemm_peak'] = {str(t): p for t, p in peaks.items()}

        if not a.skip_nnl or not a.skip_check:
            # Build nnlc (and its class-data archive) now, so that no timed run includes it.
            r, _, err = run([NNLC, 'check', os.path.join(ROOT, SAMPLES['cnn'])], clean_env(), workdir)
            if r['returncode'] != 0:
                die('building nnlc failed:\n' + err)

        plan = []
        for rep in range(1, a.reps + 1):  # repetitions outermost: slow drift hits every config alike
            for model in a.models:
                for t in a.threads:
                    if not a.skip_nnl:
                        plan.append(({'tool': 'nnl', 'model': model, 'threads': t, 'config': f'--threads {t}', 'rep': rep},
                                     nnl_run(model, t, a.data, a.epochs, workdir)))
                    if not a.skip_pytorch:
                        for tt, bt in pytorch_configs(t):
                            plan.append(({'tool': 'pytorch', 'model': model, 'threads': t,
                                          'config': config_label(tt, bt), 'rep': rep},
                                         pytorch_run(model, tt, bt, a.data, a.epochs)))
        runs = []
        for i, (spec, (cmd, env)) in enumerate(plan, 1):
            r = measure(spec, cmd, env, workdir, a.epochs)
            runs.append(r)
            if r['ok']:
                log(f"perf: [{i}/{len(plan)}] {spec['model']} {spec['tool']} {spec['config']} run {spec['rep']}: "
                    f"train {r['train_s_per_epoch']:.2f} s/epoch, whole {r['whole_s_per_epoch']:.2f} s/epoch, "
                    f"{r['maxrss_kib'] / 1024:.0f} MiB, acc {fmt(r['test_accuracy'], '.4f')} "
                    f"({time.time() - started:.0f} s elapsed)")
        result['runs'] = runs
        result['summary'] = summarise(runs, n_train, peaks)
        result['ratios'] = ratios(result['summary'])
        result['check_latency'] = [] if a.skip_check else check_latency(a.check_runs, workdir)
        result['machine']['load_average_at_end'] = os.getloadavg()[0]
        # The floor under every run's ru_maxrss (see run()).
        result['driver_maxrss_kib'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        result['elapsed_seconds'] = time.time() - started

        print(report(result))
        os.makedirs(a.out_dir, exist_ok=True)
        stem = os.path.join(a.out_dir, time.strftime('perf-%Y%m%d-%H%M'))
        path, n = stem + '.json', 1
        while os.path.exists(path):  # two runs in one minute: keep both
            n += 1
            path = f'{stem}-{n}.json'
        paths = [path] + ([a.json] if a.json else [])
        for path in paths:
            with open(path, 'w') as f:
                json.dump(result, f, indent=1)
            log(f'perf: wrote {path}')
        failed = [r for r in runs if not r['ok']]
        if failed:
            die(f'{len(failed)} run(s) failed (see above)')
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    main()

# The three Fashion-MNIST benchmark models of samples/fashion_{mlp,cnn,lstm}.nnl in PyTorch, trained
# the way Keras (and so nnlc) trains them, as the peer that bench/perf.py times nnlc against and the
# reference that nnl's accuracy is compared with.
#
# Keras-equivalent settings: glorot-uniform kernels and zero biases (PyTorch's defaults differ);
# LSTM with a glorot-uniform input kernel, an orthogonal recurrent kernel and a zero bias whose
# forget-gate part is 1 (PyTorch has two bias vectors: both zeroed, bias_ih[units:2*units] = 1;
# PyTorch's gate order i, f, g, o is Keras's i, f, c, o); Adam(lr=1e-3, betas 0.9/0.999, eps=1e-7);
# batch 128; sparse categorical cross-entropy (PyTorch's cross_entropy on logits is the same loss as
# softmax + cross-entropy); the last 10% of the training images held out as validation, never
# shuffled, evaluated at each epoch's end in eval mode without gradients, as Keras's
# validation_split does; the rest reshuffled every epoch (torch.randperm from the seed).
# The CNN runs in NCHW, PyTorch's native (and fastest) layout; nnl's model is channels-last. The
# difference only permutes the weights of the Dense layer after Flatten.
#
# Prints one JSON object per line on standard output: a "setup" object, one object per epoch
# ("train_seconds" = the training batches only, "val_seconds" = the validation pass, "seconds" = both)
# and a final {"test": {...}} from the test split, evaluated in batches of 1,000.
#
# Needs Debian's python3-torch, importable only from /usr/bin/python3 here. Examples:
#   /usr/bin/python3 bench/pytorch/train.py --model cnn --epochs 10 --threads 2   # accuracy reference
#   OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/pytorch/train.py --model mlp --threads 1
# Thread settings: Debian's torch does its GEMMs in OpenBLAS, whose thread pool torch.set_num_threads
# does not limit; OPENBLAS_NUM_THREADS (read when the library loads) does. See docs/performance.md.
import argparse
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

FULL_DATA = '/usr/share/datasets/fashion-mnist'


def read_idx(directory, stem):
    """An IDX file (gzipped or not) as a numpy uint8 array: images (n, 28, 28) or labels (n,)."""
    path = os.path.join(directory, stem)
    opener = open
    if not os.path.exists(path):
        path, opener = path + '.gz', gzip.open
    with opener(path, 'rb') as f:
        data = f.read()
    ndim = data[3]
    dims = np.frombuffer(data[4:4 + 4 * ndim], '>u4')
    return np.frombuffer(data[4 + 4 * ndim:], np.uint8).reshape(tuple(int(d) for d in dims))


def build(kind):
    if kind == 'mlp':
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2),
                              nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    elif kind == 'cnn':
        model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Flatten(), nn.Linear(1600, 128), nn.ReLU(), nn.Linear(128, 10))
    else:
        model = LSTMClassifier()
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)   # fans as Keras computes them, also for Conv2d
            nn.init.zeros_(m.bias)
    return model


class LSTMClassifier(nn.Module):
    """LSTM(128) over 28 steps of 28 features, its last output into Dense(10)."""

    def __init__(self, features=28, units=128):
        super().__init__()
        self.lstm = nn.LSTM(features, units, batch_first=True)
        self.out = nn.Linear(units, 10)
        nn.init.xavier_uniform_(self.lstm.weight_ih_l0)
        nn.init.orthogonal_(self.lstm.weight_hh_l0)
        nn.init.zeros_(self.lstm.bias_ih_l0)
        nn.init.zeros_(self.lstm.bias_hh_l0)
        with torch.no_grad():
            self.lstm.bias_ih_l0[units:2 * units] = 1.0   # Keras's unit_forget_bias

    def forward(self, x):
        h, _ = self.lstm(x)
        return self.out(h[:, -1])


def evaluate(model, x, y, batch=1000):
    """Mean loss and accuracy over (x, y) in eval mode, without gradients, in batches."""
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            logits = model(x[i:i + batch])
            loss += F.cross_entropy(logits, y[i:i + batch], reduction='sum').item()
            correct += (logits.argmax(1) == y[i:i + batch]).sum().item()
    return loss / len(x), correct / len(x)


def emit(obj):
    print(json.dumps(obj), flush=True)


def main():
    p = argparse.ArgumentParser(description='Train a Fashion-MNIST benchmark model in PyTorch as Keras would.')
    p.add_argument('--model', choices=['mlp', 'cnn', 'lstm'], required=True)
    p.add_argument('--data', default=FULL_DATA, help='directory of Fashion-MNIST IDX files (.gz or not)')
    p.add_argument('--epochs', type=int, default=2)
    p.add_argument('--threads', type=int, help='torch.set_num_threads (OpenBLAS: set OPENBLAS_NUM_THREADS)')
    p.add_argument('--seed', type=int, default=42)
    p.add_argument('--batch-size', type=int, default=128)
    p.add_argument('--validation-split', type=float, default=0.1)
    a = p.parse_args()

    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    t0 = time.perf_counter()
    x = torch.from_numpy(read_idx(a.data, 'train-images-idx3-ubyte').astype(np.float32) / 255)
    y = torch.from_numpy(read_idx(a.data, 'train-labels-idx1-ubyte').astype(np.int64))
    test_path = os.path.join(a.data, 't10k-images-idx3-ubyte')
    has_test = os.path.exists(test_path) or os.path.exists(test_path + '.gz')
    if has_test:
        xt = torch.from_numpy(read_idx(a.data, 't10k-images-idx3-ubyte').astype(np.float32) / 255)
        yt = torch.from_numpy(read_idx(a.data, 't10k-labels-idx1-ubyte').astype(np.int64))
    if a.model == 'cnn':            # NCHW: one grey channel
        x = x[:, None]
        if has_test:
            xt = xt[:, None]
    split = int(len(x) * (1 - a.validation_split))   # Keras's split point: the tail is validation
    xtr, ytr, xv, yv = x[:split], y[:split], x[split:], y[split:]

    model = build(a.model)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    emit({'setup': {'model': a.model, 'torch': torch.__version__, 'num_threads': torch.get_num_threads(),
                    'env': {k: os.environ.get(k) for k in ('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS')},
                    'train': split, 'validation': len(x) - split, 'load_seconds': round(time.perf_counter() - t0, 3)}})

    for epoch in range(a.epochs):
        start = time.perf_counter()
        model.train()
        perm = torch.randperm(split)
        total_loss = torch.zeros(())
        correct = torch.zeros((), dtype=torch.int64)
        for i in range(0, split, a.batch_size):
            b = perm[i:i + a.batch_size]
            logits = model(xtr[b])
            loss = F.cross_entropy(logits, ytr[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
            # Keras and nnlc report the epoch's mean training loss and accuracy; keep the cost alike.
            total_loss += loss.detach() * len(b)
            correct += (logits.detach().argmax(1) == ytr[b]).sum()
        train_end = time.perf_counter()
        log = {'epoch': epoch + 1, 'loss': total_loss.item() / split, 'accuracy': correct.item() / split}
        if len(xv):
            log['val_loss'], log['val_accuracy'] = evaluate(model, xv, yv)
        end = time.perf_counter()
        log.update(seconds=round(end - start, 3), train_seconds=round(train_end - start, 3),
                   val_seconds=round(end - train_end, 3))
        emit(log)

    if has_test:
        loss, acc = evaluate(model, xt, yt)
        emit({'test': {'loss': loss, 'accuracy': acc}})


if __name__ == '__main__':
    sys.exit(main())

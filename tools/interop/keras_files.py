#!/usr/bin/env python3
"""Writes the Keras .h5 / .keras import fixtures with h5py, in Keras's own layouts.

Needs python3-h5py and python3-numpy (Debian); never run by mvn verify, which only reads the
committed files. No public Keras-written file with a licence that allows committing it and small
enough to keep was found, so these are written here in the layouts of the Keras source:

* Keras 2 `.h5` (keras/src/legacy/saving/legacy_h5_format.py): root attributes `model_config`
  (the model.to_json() text), `keras_version`, `backend`; group `model_weights` with attribute
  `layer_names`, one group per layer with attribute `weight_names`, datasets at
  `model_weights/<layer>/<weight name>` (Keras 2 names such as `dense/kernel:0`).
* Keras 3 `.keras` (keras/src/saving/saving_lib.py): a zip of `config.json`, `metadata.json` and
  `model.weights.h5`, whose layers sit at `layers/<snake_case class>[_<n>]/.../vars/<i>`, numbered
  per class in model order (an RNN's weights under `cell/`, a Bidirectional's under
  `forward_layer/` and `backward_layer/`).

Reference outputs come from the Keras 3 formulas written out below in float64 numpy
(runtime/src/test/resources/oracle/forward/README.md states them).

    python3 tools/interop/keras_files.py   # writes runtime/src/test/resources/interop/keras/
"""
import io
import json
import os
import zipfile

import h5py
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "runtime", "src", "test", "resources", "interop", "keras")


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def dense(x, k, b, act=None):
    y = x @ k + b
    if act == "relu":
        y = np.maximum(y, 0)
    if act == "softmax":
        e = np.exp(y - y.max(-1, keepdims=True))
        y = e / e.sum(-1, keepdims=True)
    if act == "tanh":
        y = np.tanh(y)
    return y


def batchnorm(x, g, b, mean, var, eps=1e-3):
    return (x - mean) / np.sqrt(var + eps) * g + b


def lstm(x, k, u, b, backwards=False):
    n = u.shape[0]
    h = np.zeros((x.shape[0], n))
    c = np.zeros_like(h)
    steps = range(x.shape[1] - 1, -1, -1) if backwards else range(x.shape[1])
    for t in steps:
        z = x[:, t] @ k + h @ u + b
        i, f, cc, o = sigmoid(z[:, :n]), sigmoid(z[:, n:2 * n]), np.tanh(z[:, 2 * n:3 * n]), sigmoid(z[:, 3 * n:])
        c = f * c + i * cc
        h = o * np.tanh(c)
    return h


def gru_reset_after(x, k, u, b):
    n = u.shape[0]
    h = np.zeros((x.shape[0], n))
    for t in range(x.shape[1]):
        xz = x[:, t] @ k + b[0]
        hz = h @ u + b[1]
        z = sigmoid(xz[:, :n] + hz[:, :n])
        r = sigmoid(xz[:, n:2 * n] + hz[:, n:2 * n])
        hh = np.tanh(xz[:, 2 * n:] + r * hz[:, 2 * n:])
        h = z * h + (1 - z) * hh
    return h


def f32(rng, *shape, scale=0.5):
    return rng.uniform(-scale, scale, size=shape).astype(np.float32)


def layer(cls, config, inbound=None):
    out = {"class_name": cls, "config": config}
    if inbound is not None:
        out["name"] = config["name"]
        out["inbound_nodes"] = inbound
    return out


def keras2_h5(path, config, weights):
    """weights: [(layer name, [(weight name, array)])] in model order."""
    with h5py.File(path, "w") as f:
        f.attrs["model_config"] = json.dumps(config).encode("utf8")
        f.attrs["keras_version"] = b"2.13.1"
        f.attrs["backend"] = b"tensorflow"
        g = f.create_group("model_weights")
        g.attrs["layer_names"] = [n.encode("utf8") for n, _ in weights]
        g.attrs["backend"] = b"tensorflow"
        g.attrs["keras_version"] = b"2.13.1"
        for name, ws in sorted(weights, key=lambda x: x[0]):
            lg = g.create_group(name)
            lg.attrs["weight_names"] = [w.encode("utf8") for w, _ in ws]
            for w, a in ws:
                lg.create_dataset(w, data=a)


def keras3_zip(path, config, weights):
    """weights: {h5 group path: [arrays]}."""
    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        for group, arrays in weights.items():
            v = f.create_group(group + "/vars")
            for i, a in enumerate(arrays):
                v.create_dataset(str(i), data=a)
        f.create_group("vars")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("metadata.json", json.dumps({"keras_version": "3.6.0", "date_saved": "2026-01-01@00:00:00"}))
        z.writestr("config.json", json.dumps(config))
        z.writestr("model.weights.h5", buf.getvalue())


def write_expected(path, inputs, outputs, params):
    with open(path, "w") as f:
        json.dump({"inputs": [{"shape": list(x.shape), "dtype": "float32", "values": [float(v) for v in x.astype(np.float32).ravel()]} for x in inputs],
                   "outputs": [{"shape": list(y.shape), "values": [float(v) for v in y.astype(np.float32).ravel()]} for y in outputs],
                   "params": params, "tolerance": 1e-5}, f)
        f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(42)

    # Keras 2 .h5, Sequential: Dense -> BatchNormalization -> Dense(softmax), Keras 2 config keys.
    k1, b1 = f32(rng, 4, 8), f32(rng, 8, scale=0.1)
    g, be, mm, mv = 1 + f32(rng, 8), f32(rng, 8, scale=0.1), f32(rng, 8, scale=0.1), 1 + f32(rng, 8)
    k2, b2 = f32(rng, 8, 3), f32(rng, 3, scale=0.1)
    cfg = {"class_name": "Sequential", "config": {"name": "keras2_mlp", "layers": [
        layer("InputLayer", {"batch_input_shape": [None, 4], "dtype": "float32", "sparse": False, "ragged": False, "name": "dense_input"}),
        layer("Dense", {"name": "dense", "trainable": True, "dtype": "float32", "units": 8, "activation": "relu", "use_bias": True,
                        "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
                        "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": None,
                        "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}),
        layer("BatchNormalization", {"name": "batch_normalization", "trainable": True, "dtype": "float32", "axis": [1], "momentum": 0.99,
                                     "epsilon": 0.001, "center": True, "scale": True}),
        layer("Dense", {"name": "predictions", "trainable": True, "dtype": "float32", "units": 3, "activation": "softmax", "use_bias": True}),
    ]}, "keras_version": "2.13.1", "backend": "tensorflow"}
    keras2_h5(os.path.join(OUT, "keras2_mlp.h5"), cfg, [
        ("dense", [("dense/kernel:0", k1), ("dense/bias:0", b1)]),
        ("batch_normalization", [("batch_normalization/gamma:0", g), ("batch_normalization/beta:0", be),
                                 ("batch_normalization/moving_mean:0", mm), ("batch_normalization/moving_variance:0", mv)]),
        ("predictions", [("predictions/kernel:0", k2), ("predictions/bias:0", b2)]),
    ])
    x = rng.uniform(-1, 1, size=(2, 4))
    y = dense(batchnorm(dense(x, k1, b1, "relu"), g, be, mm, mv), k2, b2, "softmax")
    write_expected(os.path.join(OUT, "keras2_mlp.expected.json"), [x], [y], 4 * 8 + 8 + 4 * 8 + 8 * 3 + 3)

    # Keras 2 .h5, Functional: Bidirectional(LSTM) -> Dense, Keras 2 weight paths.
    u = 3
    fk, fu, fb = f32(rng, 2, 4 * u), f32(rng, u, 4 * u), f32(rng, 4 * u, scale=0.1)
    bk, bu, bb = f32(rng, 2, 4 * u), f32(rng, u, 4 * u), f32(rng, 4 * u, scale=0.1)
    dk, db = f32(rng, 2 * u, 2), f32(rng, 2, scale=0.1)
    lstm_cfg = {"name": "lstm", "trainable": True, "dtype": "float32", "return_sequences": False, "return_state": False,
                "go_backwards": False, "stateful": False, "unroll": False, "time_major": False, "units": u, "activation": "tanh",
                "recurrent_activation": "sigmoid", "use_bias": True, "unit_forget_bias": True, "dropout": 0.0,
                "recurrent_dropout": 0.0, "implementation": 2}
    cfg = {"class_name": "Functional", "config": {"name": "keras2_bilstm", "layers": [
        layer("InputLayer", {"batch_input_shape": [None, 5, 2], "dtype": "float32", "sparse": False, "ragged": False, "name": "steps"}, []),
        layer("Bidirectional", {"name": "bidirectional", "trainable": True, "dtype": "float32",
                                "layer": {"class_name": "LSTM", "config": lstm_cfg}, "merge_mode": "concat"}, [[["steps", 0, 0, {}]]]),
        layer("Dense", {"name": "dense", "trainable": True, "dtype": "float32", "units": 2, "activation": "tanh", "use_bias": True},
              [[["bidirectional", 0, 0, {}]]]),
    ], "input_layers": [["steps", 0, 0]], "output_layers": [["dense", 0, 0]]}, "keras_version": "2.13.1", "backend": "tensorflow"}
    keras2_h5(os.path.join(OUT, "keras2_bilstm.h5"), cfg, [
        ("steps", []),
        ("bidirectional", [("bidirectional/forward_lstm/lstm_cell/kernel:0", fk), ("bidirectional/forward_lstm/lstm_cell/recurrent_kernel:0", fu),
                           ("bidirectional/forward_lstm/lstm_cell/bias:0", fb), ("bidirectional/backward_lstm/lstm_cell/kernel:0", bk),
                           ("bidirectional/backward_lstm/lstm_cell/recurrent_kernel:0", bu), ("bidirectional/backward_lstm/lstm_cell/bias:0", bb)]),
        ("dense", [("dense/kernel:0", dk), ("dense/bias:0", db)]),
    ])
    x = rng.uniform(-1, 1, size=(2, 5, 2))
    y = dense(np.concatenate([lstm(x, fk, fu, fb), lstm(x, bk, bu, bb, backwards=True)], -1), dk, db, "tanh")
    write_expected(os.path.join(OUT, "keras2_bilstm.expected.json"), [x], [y], 2 * (2 * 4 * u + u * 4 * u + 4 * u) + 2 * u * 2 + 2)

    # Keras 3 .keras, Sequential: Dense named "hidden", Dense named "out" (stored as layers/dense, layers/dense_1).
    k1, b1, k2, b2 = f32(rng, 3, 5), f32(rng, 5, scale=0.1), f32(rng, 5, 2), f32(rng, 2, scale=0.1)
    dt = {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None}
    cfg = {"module": "keras", "class_name": "Sequential", "config": {"name": "keras3_mlp", "trainable": True, "dtype": dt, "layers": [
        {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, 3], "dtype": "float32", "sparse": False, "name": "input_layer"}, "registered_name": None},
        {"module": "keras.layers", "class_name": "Dense", "config": {"name": "hidden", "trainable": True, "dtype": dt, "units": 5, "activation": "relu", "use_bias": True,
                                                                   "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": None}, "registered_name": None},
                                                                   "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": None},
                                                                   "kernel_regularizer": None, "bias_regularizer": None, "kernel_constraint": None, "bias_constraint": None},
         "registered_name": None, "build_config": {"input_shape": [None, 3]}},
        {"module": "keras.layers", "class_name": "Dense", "config": {"name": "out", "trainable": True, "dtype": dt, "units": 2, "activation": "linear", "use_bias": True},
         "registered_name": None, "build_config": {"input_shape": [None, 5]}},
    ], "build_input_shape": [None, 3]}, "registered_name": None, "build_config": {"input_shape": [None, 3]}, "compile_config": None}
    keras3_zip(os.path.join(OUT, "keras3_mlp.keras"), cfg, {"layers/dense": [k1, b1], "layers/dense_1": [k2, b2]})
    x = rng.uniform(-1, 1, size=(2, 3))
    write_expected(os.path.join(OUT, "keras3_mlp.expected.json"), [x], [dense(dense(x, k1, b1, "relu"), k2, b2)], 3 * 5 + 5 + 5 * 2 + 2)

    # Keras 3 .keras, Functional: GRU (reset_after, the Keras 3 default) and a Dense side branch, added.
    u = 4
    gk, gu, gb = f32(rng, 3, 3 * u), f32(rng, u, 3 * u), f32(rng, 2, 3 * u, scale=0.1)
    sk, sb = f32(rng, 2, u), f32(rng, u, scale=0.1)

    def tensor(name, shape):
        return {"class_name": "__keras_tensor__", "config": {"shape": shape, "dtype": "float32", "keras_history": [name, 0, 0]}}

    cfg = {"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "keras3_gru", "trainable": True, "layers": [
        {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, 6, 3], "dtype": "float32", "sparse": False, "name": "seq"}, "registered_name": None, "name": "seq", "inbound_nodes": []},
        {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, 2], "dtype": "float32", "sparse": False, "name": "side"}, "registered_name": None, "name": "side", "inbound_nodes": []},
        {"module": "keras.layers", "class_name": "GRU", "config": {"name": "gru", "trainable": True, "dtype": dt, "return_sequences": False, "return_state": False,
                                                                 "go_backwards": False, "stateful": False, "unroll": False, "zero_output_for_mask": False, "units": u,
                                                                 "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": True, "dropout": 0.0,
                                                                 "recurrent_dropout": 0.0, "reset_after": True, "seed": None},
         "registered_name": None, "name": "gru", "inbound_nodes": [{"args": [tensor("seq", [None, 6, 3])], "kwargs": {"training": False, "mask": None}}]},
        {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": True, "dtype": dt, "units": u, "activation": "linear", "use_bias": True},
         "registered_name": None, "name": "dense", "inbound_nodes": [{"args": [tensor("side", [None, 2])], "kwargs": {}}]},
        {"module": "keras.layers", "class_name": "Add", "config": {"name": "add", "trainable": True, "dtype": dt},
         "registered_name": None, "name": "add", "inbound_nodes": [{"args": [[tensor("gru", [None, u]), tensor("dense", [None, u])]], "kwargs": {}}]},
    ], "input_layers": [["seq", 0, 0], ["side", 0, 0]], "output_layers": [["add", 0, 0]]}, "registered_name": "Functional"}
    # Functional.layers includes the InputLayers: input_layer, input_layer_1, gru, dense, add.
    keras3_zip(os.path.join(OUT, "keras3_gru.keras"), cfg, {"layers/gru/cell": [gk, gu, gb], "layers/dense": [sk, sb]})
    xs = rng.uniform(-1, 1, size=(2, 6, 3))
    xd = rng.uniform(-1, 1, size=(2, 2))
    y = gru_reset_after(xs, gk, gu, gb) + dense(xd, sk, sb)
    write_expected(os.path.join(OUT, "keras3_gru.expected.json"), [xs, xd], [y], 3 * 3 * u + u * 3 * u + 2 * 3 * u + 2 * u + u)
    print("wrote", OUT)


if __name__ == "__main__":
    main()

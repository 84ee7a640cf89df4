#!/usr/bin/python3
"""Builds the data bundled in samples/data/ from files that Debian packages install.

Run through make.sh, which installs the packages, runs this with Debian's python3 + numpy,
writes the airline series with R and gzips the IDX files. Usage:

    make_data.py OUT_DIR STEP...     (STEP: fashion iris languages twotower fortunes vectors)

Every random choice uses numpy's legacy RandomState (its streams are frozen across numpy
versions) with a fixed seed, and every list is sorted before it is sampled, so the outputs
are the same on every run. vectors.txt depends on floating-point sums and an eigensolver, so
its last digits can differ with another BLAS; everything else is byte-for-byte reproducible.
"""
import collections
import functools
import gzip
import os
import re
import struct
import sys
import unicodedata

import numpy as np

SEED = 42

FASHION_SRC = "/usr/share/datasets/fashion-mnist"           # dataset-fashion-mnist
IRIS_SRC = "/usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv"   # python3-sklearn
FORTUNE_DIR = "/usr/share/games/fortunes"                   # fortunes, fortunes-min
WORDNET_DIR = "/usr/share/wordnet"                          # wordnet-base
WORD_LISTS = [                                              # (label, file, Debian package)
    ("english", "/usr/share/dict/american-english", "wamerican"),
    ("french", "/usr/share/dict/french", "wfrench"),
    ("german", "/usr/share/dict/ngerman", "wngerman"),
    ("italian", "/usr/share/dict/italian", "witalian"),
    ("spanish", "/usr/share/dict/spanish", "wspanish"),
]

# Binary fortune classification: label -> fortune files (all from Debian's `fortunes`).
FORTUNE_CLASSES = [
    ("computing", ["computers", "linux", "perl", "linuxcookie", "debian"]),
    ("people", ["people", "love", "kids"]),
]

WORDS_PER_LANGUAGE = 3000
WORD_MIN, WORD_MAX = 3, 16
ALPHABET = 64          # character ids incl. 0 (padding) and 1 (unknown), as in the samples
VECTOR_WORDS = 5000
VECTOR_DIM = 50
CONTEXT_WORDS = 10000
WINDOW = 5


def log(*a):
    print(*a, file=sys.stderr)


# ---------------------------------------------------------------- Fashion-MNIST (IDX)

def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    assert zero == 0 and dtype == 0x08, path        # unsigned bytes
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def write_idx(path, array):
    """Writes an uncompressed IDX file (make.sh gzips it with `gzip -n`)."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    with open(path, "wb") as f:
        f.write(struct.pack(">HBB", 0, 0x08, array.ndim))
        f.write(struct.pack(">" + "I" * array.ndim, *array.shape))
        f.write(array.tobytes())


def fashion(out):
    d = os.path.join(out, "fashion-mnist")
    os.makedirs(d, exist_ok=True)
    for split, per_class, seed in (("train", 1000, SEED), ("t10k", 200, SEED + 1)):
        images = read_idx(f"{FASHION_SRC}/{split}-images-idx3-ubyte.gz")
        labels = read_idx(f"{FASHION_SRC}/{split}-labels-idx1-ubyte.gz")
        rs = np.random.RandomState(seed)
        picked = []
        for c in range(10):
            where = np.flatnonzero(labels == c)
            picked.append(np.sort(rs.choice(where, per_class, replace=False)))
        picked = np.concatenate(picked)
        picked = picked[rs.permutation(len(picked))]
        write_idx(f"{d}/{split}-images-idx3-ubyte", images[picked])
        write_idx(f"{d}/{split}-labels-idx1-ubyte", labels[picked])
        log(f"fashion-mnist {split}: {len(picked)} images, per class",
            np.bincount(labels[picked]).tolist())


# ---------------------------------------------------------------- iris

def iris(out):
    with open(IRIS_SRC) as f:
        head = f.readline().strip().split(",")
        names = head[2:]                          # setosa, versicolor, virginica
        rows = [line.strip().split(",") for line in f if line.strip()]
    assert len(rows) == int(head[0]) == 150 and all(len(r) == 5 for r in rows)
    rows = [r[:4] + [names[int(r[4])]] for r in rows]
    order = np.random.RandomState(SEED).permutation(len(rows))
    with open(os.path.join(out, "iris.csv"), "w", newline="\n") as f:
        f.write("sepal_length,sepal_width,petal_length,petal_width,species\n")
        for i in order:
            f.write(",".join(rows[i]) + "\n")
    log("iris: 150 rows, species", collections.Counter(r[4] for r in rows))


# ---------------------------------------------------------------- language ID words

def word_sets():
    sets = {}
    for label, path, _ in WORD_LISTS:
        words = set()
        with open(path, encoding="utf-8") as f:
            for line in f:
                w = unicodedata.normalize("NFC", line.strip()).lower()
                if WORD_MIN <= len(w) <= WORD_MAX and w.isalpha():
                    words.add(w)
        sets[label] = words
    return sets


@functools.lru_cache(maxsize=None)
def language_words():
    """15,000 (word, label) pairs in their shuffled order."""
    sets = word_sets()
    seen = collections.Counter(w for s in sets.values() for w in s)
    rows = []
    for i, (label, _, _) in enumerate(WORD_LISTS):
        unique = sorted(w for w in sets[label] if seen[w] == 1)
        log(f"languages: {label}: {len(sets[label])} words of {WORD_MIN}-{WORD_MAX} letters, "
            f"{len(unique)} in no other list")
        rs = np.random.RandomState(SEED + i)
        rows += [(unique[j], label) for j in sorted(rs.choice(len(unique), WORDS_PER_LANGUAGE,
                                                                replace=False))]
    order = np.random.RandomState(SEED).permutation(len(rows))
    return [rows[i] for i in order]


def char_inventory(rows):
    """Characters by descending frequency (ties by code point): id = rank + 2."""
    counts = collections.Counter(c for w, _ in rows for c in w)
    return sorted(counts, key=lambda c: (-counts[c], c)), counts


def languages(out):
    rows = language_words()
    with open(os.path.join(out, "languages.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("word\tlanguage\n")
        for w, label in rows:
            f.write(f"{w}\t{label}\n")
    chars, counts = char_inventory(rows)
    log(f"languages: {len(rows)} rows; {len(chars)} distinct characters "
        f"(ids 2..{len(chars) + 1}; the samples' alphabet of {ALPHABET} leaves room for "
        f"{ALPHABET - 2}): " + "".join(chars))
    if len(chars) > ALPHABET - 2:
        rare = chars[ALPHABET - 2:]
        log("languages: WARNING these map to the unknown id: "
            + " ".join(f"{c}({counts[c]})" for c in rare))


# ---------------------------------------------------------------- two-tower language ID

VOWELS = set("aeiouy")


def base(c):
    return unicodedata.normalize("NFD", c)[0]


def word_stats(w):
    """8 hand-made statistics of a word, on their natural (unnormalised) scales."""
    n = len(w)
    is_vowel = [base(c) in VOWELS for c in w]
    runs, run = [0], 0
    for v in is_vowel:
        run = 0 if v else run + 1
        runs.append(run)
    return [
        n,                                                   # length in letters
        sum(is_vowel) / n,                                   # share of vowels
        sum(ord(c) > 127 for c in w) / n,                    # share of accented letters (non-ASCII)
        sum(a == b for a, b in zip(w, w[1:])),               # doubled letters ("ll", "ss", ...)
        max(runs),                                           # longest run of consonants
        float(is_vowel[-1]),                                 # ends with a vowel
        sum(c in "kwyz" for c in w) / n,                     # share of k, w, y, z
        len(set(w)) / n,                                     # distinct letters / length
    ]


def twotower(out):
    rows = language_words()                  # the same words, in the same order, as languages.tsv
    chars, _ = char_inventory(rows)
    ids = {c: i + 2 for i, c in enumerate(chars[:ALPHABET - 2])}
    x1 = np.zeros((len(rows), WORD_MAX), dtype="<i4")
    for r, (w, _) in enumerate(rows):
        x1[r, :len(w)] = [ids.get(c, 1) for c in w]
    x2 = np.array([word_stats(w) for w, _ in rows], dtype="<f4")
    labels = [label for label, _, _ in WORD_LISTS]           # alphabetical: english=0 .. spanish=4
    y = np.array([labels.index(label) for _, label in rows], dtype="<i4")
    np.save(os.path.join(out, "langid_chars.npy"), x1)
    np.save(os.path.join(out, "langid_stats.npy"), x2)
    np.save(os.path.join(out, "langid_labels.npy"), y)
    with open(os.path.join(out, "langid_chars.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# id<TAB>character for langid_chars.npy (0 = padding, 1 = unknown)\n")
        for c, i in ids.items():
            f.write(f"{i}\t{c}\n")
    log(f"two-tower: chars {x1.shape} int32, stats {x2.shape} float32, labels {y.shape} int32")


# ---------------------------------------------------------------- fortunes

def read_fortunes(name):
    with open(os.path.join(FORTUNE_DIR, name), encoding="utf-8", errors="replace") as f:
        text = f.read()
    return [t for t in re.split(r"^%\n", text, flags=re.M) if t.strip()]


ATTRIBUTION = re.compile(r"^\s+--")


def clean_fortune(t):
    """Drops the attribution ("\t\t-- Author") and everything after it; one line, single spaces."""
    lines = []
    for line in t.split("\n"):
        if ATTRIBUTION.match(line):
            break
        lines.append(line)
    return " ".join(" ".join(lines).split())


def usable(t):
    words = t.split()
    if not 3 <= len(words) <= 100:
        return False
    visible = [c for c in t if not c.isspace()]
    return sum(c.isalpha() for c in visible) >= 0.7 * len(visible)     # no ASCII art or code


@functools.lru_cache(maxsize=None)
def fortune_texts():
    """{label: sorted unique usable texts}, texts found in both classes removed."""
    by_label = {}
    for label, files in FORTUNE_CLASSES:
        texts = set()
        for name in files:
            texts.update(t for t in map(clean_fortune, read_fortunes(name)) if usable(t))
        by_label[label] = texts
    (a, ta), (b, tb) = by_label.items()
    both = ta & tb
    return {a: sorted(ta - both), b: sorted(tb - both)}


def fortunes(out):
    texts = fortune_texts()
    n = min(len(t) for t in texts.values())
    rows = []
    for i, (label, ts) in enumerate(texts.items()):
        log(f"fortunes: {label}: {len(ts)} usable, taking {n}")
        rs = np.random.RandomState(SEED + i)
        rows += [(ts[j], label) for j in sorted(rs.choice(len(ts), n, replace=False))]
    order = np.random.RandomState(SEED).permutation(len(rows))
    with open(os.path.join(out, "fortunes.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("text\tlabel\n")
        for i in order:
            t, label = rows[i]
            assert "\t" not in t and "\n" not in t
            f.write(f"{t}\t{label}\n")
    lengths = [len(t.split()) for t, _ in rows]
    log(f"fortunes: {len(rows)} rows, words per text: median {int(np.median(lengths))}, "
        f"max {max(lengths)}")


# ---------------------------------------------------------------- pretrained word vectors

NOT_WORD = re.compile(r"[^\w'\s]|_")


def tokens(text):
    """The words nnl's `text(..., tokens=words)` makes (runtime/.../data/Text.java): lowercase,
    every character but letters, digits, apostrophes and spaces turned into a space, split on
    whitespace. (Keras's TextVectorization would also drop apostrophes.)"""
    return NOT_WORD.sub(" ", text.lower()).split()


def wordnet_glosses():
    for pos in ("noun", "verb", "adj", "adv"):
        with open(os.path.join(WORDNET_DIR, f"data.{pos}"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("  "):         # licence header
                    continue
                gloss = line.split(" | ", 1)[1]
                # a gloss is a definition and example sentences, separated by ';'
                for part in gloss.split(";"):
                    yield part


def vector_corpus():
    """Documents for the co-occurrence counts: every WordNet 3.0 gloss and example, and every
    fortune from the files that fortunes.tsv does not use (minus any text that it contains)."""
    docs = list(wordnet_glosses())
    used_files = {f for _, files in FORTUNE_CLASSES for f in files}
    used_texts = {t for ts in fortune_texts().values() for t in ts}
    names = sorted(n for n in os.listdir(FORTUNE_DIR)
                   if "." not in n and os.path.isfile(os.path.join(FORTUNE_DIR, n))
                   and n not in used_files)
    for name in names:
        for t in read_fortunes(name):
            c = clean_fortune(t)
            if c and c not in used_texts:
                docs.append(c)
    return [tokens(d) for d in docs], names


def vectors(out):
    docs, fortune_files = vector_corpus()
    counts = collections.Counter(w for d in docs for w in d)
    total = sum(counts.values())
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    contexts = ranked[:CONTEXT_WORDS]
    cid = {w: i for i, w in enumerate(contexts)}
    log(f"vectors: corpus {len(docs)} documents, {total} tokens, {len(counts)} types; "
        f"fortune files: {' '.join(fortune_files)}")

    # Co-occurrences of the top CONTEXT_WORDS words within +-WINDOW tokens of one document,
    # each pair weighted 1/distance (as GloVe and word2vec's dynamic window do).
    seq = []
    for d in docs:
        seq.extend(cid.get(w, -1) for w in d)
        seq.append(-2)                            # document boundary: no window crosses it
    seq = np.array(seq, dtype=np.int64)
    doc_id = np.cumsum(seq == -2)
    C = len(contexts)
    cooc = np.zeros(C * C, dtype=np.float64)
    for dist in range(1, WINDOW + 1):
        a, b = seq[:-dist], seq[dist:]
        ok = (a >= 0) & (b >= 0) & (doc_id[:-dist] == doc_id[dist:])
        idx = a[ok] * C + b[ok]
        w = np.bincount(idx, minlength=C * C) / dist
        cooc += w
        cooc += w.reshape(C, C).T.reshape(-1)     # symmetric window
    cooc = cooc.reshape(C, C)

    # Positive PMI with context-distribution smoothing (alpha = 0.75; Levy, Goldberg & Dagan 2015).
    row = cooc.sum(axis=1, keepdims=True)
    col = cooc.sum(axis=0, keepdims=True) ** 0.75
    with np.errstate(divide="ignore"):
        pmi = np.log(cooc) - np.log(row) - np.log(col / col.sum())
    ppmi = np.maximum(pmi, 0.0)
    ppmi[~np.isfinite(ppmi)] = 0.0
    m = ppmi[:VECTOR_WORDS]                        # rows: the top VECTOR_WORDS words

    # Truncated SVD m = U S V^T through the eigen-decomposition of m m^T; vectors U_k S_k^0.5.
    evals, evecs = np.linalg.eigh(m @ m.T)
    top = np.argsort(evals)[::-1][:VECTOR_DIM]
    s = np.sqrt(np.maximum(evals[top], 0.0))
    u = evecs[:, top]
    u *= np.sign(u[np.argmax(np.abs(u), axis=0), np.arange(VECTOR_DIM)])   # fixed signs
    vec = u * np.sqrt(s)
    vec *= 5.0 / np.linalg.norm(vec, axis=1, keepdims=True)   # norm 5: about GloVe-50d's scale

    with open(os.path.join(out, "vectors.txt"), "w", encoding="utf-8", newline="\n") as f:
        for w, v in zip(ranked[:VECTOR_WORDS], vec):
            f.write(w + " " + " ".join(f"{x:.4f}" for x in v) + "\n")

    # Sanity: nearest neighbours of a few words, and coverage of fortunes.tsv.
    unit = vec / np.linalg.norm(vec, axis=1, keepdims=True)
    wid = {w: i for i, w in enumerate(ranked[:VECTOR_WORDS])}
    for probe in ("computer", "love", "king", "water", "program", "child", "red"):
        if probe in wid:
            sims = unit @ unit[wid[probe]]
            near = [ranked[i] for i in np.argsort(-sims)[1:7]]
            log(f"vectors: {probe}: {' '.join(near)}")
    tsv = os.path.join(out, "fortunes.tsv")
    if os.path.exists(tsv):
        with open(tsv, encoding="utf-8") as f:
            next(f)
            toks = [t for line in f for t in tokens(line.split("\t")[0])]
        log(f"vectors: cover {sum(t in wid for t in toks) / len(toks):.1%} of fortunes.tsv tokens")


STEPS = {"fashion": fashion, "iris": iris, "languages": languages, "twotower": twotower,
         "fortunes": fortunes, "vectors": vectors}

if __name__ == "__main__":
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for step in sys.argv[2:] or STEPS:
        STEPS[step](out)

"""Data sets for the demo: XOR, five generated sets, and your own CSV file.

Every data set is a list of examples (x, y) of flat lists, ready for
backprop.train: x = [x1, x2] and, for two classes, y = [0] or [1] (one
sigmoid output); for three or more classes y is one-hot, such as [0, 1, 0]
(a softmax output).  No function changes its arguments.

    generate(name, noise, seed)   a built-in set: xor, circle, gauss, moons, spiral, spiral3
    read_csv(path)                your own data: numeric features, then a label
    split(examples, f, seed)      a seeded train/test split, every class in train
    scale(train, test)            standardise with the training part's mean and sd
    accuracy(net, examples)       the fraction of examples the network gets right
    label(a)                      the class of an output a: 0 or 1, or the largest a_j
    box(examples)                 the (x1, x2) rectangle to draw a map in
    DEFAULTS                      the settings that learn each set: the demo's one table

The generated sets have 200 points (spiral3: 300), as many of each class,
inside -1 <= x1, x2 <= 1 before noise (moons: -0.5 <= x2 <= 0.5; gauss:
about 95% of them).  noise is the standard deviation of a Gaussian jitter of
each coordinate.  A seed always gives the same points, from a private
random.Random(seed), never the global generator.
"""
import csv
import math
import random

import backprop
from matrix import _show  # the short repr of a value in a message

NAMES = ("xor", "circle", "gauss", "moons", "spiral", "spiral3")
XOR = [([0, 0], [0]), ([0, 1], [1]), ([1, 0], [1]), ([1, 1], [0])]  # the truth table, exact
NOISE = {"xor": 0.0, "circle": 0.05, "gauss": 0.1, "moons": 0.1, "spiral": 0.03, "spiral3": 0.03}
MAX_CLASSES = 36  # a map shows each class by one letter

# The settings that learn each set, for the options not given: the hidden
# layers, their activation, eta for each activation (sigmoid takes four times
# the step of tanh, as its σ' is at most 1/4; a big step leaves relu units
# dead), the epochs, the batch size, the part kept to test with, and the test
# accuracy to reach (xor: all four examples).  "csv" is for a CSV file, whose
# features scale() standardises first.
DEFAULTS = {
    "xor": dict(hidden=[4], activation="sigmoid", eta=dict(sigmoid=4.0, tanh=1.0, relu=0.5),
                epochs=500, batch_size=4, test_fraction=0.0, threshold=1.0),
    "circle": dict(hidden=[8], activation="tanh", eta=dict(sigmoid=2.0, tanh=0.5, relu=0.5),
                   epochs=40, batch_size=10, test_fraction=0.2, threshold=0.9),
    "gauss": dict(hidden=[4], activation="tanh", eta=dict(sigmoid=2.0, tanh=0.5, relu=0.5),
                  epochs=20, batch_size=10, test_fraction=0.2, threshold=0.9),
    "moons": dict(hidden=[8], activation="tanh", eta=dict(sigmoid=2.0, tanh=0.5, relu=0.5),
                  epochs=80, batch_size=10, test_fraction=0.2, threshold=0.9),
    "spiral": dict(hidden=[16, 16], activation="relu", eta=dict(sigmoid=0.8, tanh=0.2, relu=0.2),
                   epochs=120, batch_size=10, test_fraction=0.2, threshold=0.9),
    "spiral3": dict(hidden=[16, 16], activation="relu", eta=dict(sigmoid=0.8, tanh=0.2, relu=0.2),
                    epochs=100, batch_size=10, test_fraction=0.2, threshold=0.85),
    "csv": dict(hidden=[16], activation="tanh", eta=dict(sigmoid=1.2, tanh=0.3, relu=0.3),
                epochs=100, batch_size=10, test_fraction=0.2, threshold=0.9),
}

def generate(name, noise=None, seed=0):
    """The built-in set name as (examples, classes); noise=None is NOISE[name].

    >>> examples, classes = generate("spiral3", seed=1)
    >>> len(examples), examples[0][1], classes
    (300, [1, 0, 0], ['0', '1', '2'])
    """
    if name not in NAMES:
        raise ValueError(f"generate: name must be one of {', '.join(NAMES)}, got {name!r}")
    noise = NOISE[name] if noise is None else noise
    if not (isinstance(noise, (int, float)) and 0 <= noise < math.inf):
        raise ValueError(f"generate: noise must be a number >= 0, such as 0.1, got {noise!r}")
    if name == "xor":
        if noise:
            raise ValueError(f"generate: xor is exactly the four points (0, 0), (0, 1), (1, 0), "
                             f"(1, 1) and takes no noise, got noise={noise!r}; try moons or "
                             f"circle for noisy data")
        return [(list(x), list(y)) for x, y in XOR], ["0", "1"]
    rng, k, examples = random.Random(seed), 3 if name == "spiral3" else 2, []
    for i in range(300 if k == 3 else 200):
        (x1, x2), c = POINT[name](i % k, k, rng)
        examples.append(([x1 + rng.gauss(0.0, noise), x2 + rng.gauss(0.0, noise)], _target(c, k)))
    return examples, [str(c) for c in range(k)]

def circle(c, k, rng):
    """Class 1 inside the disc of radius 0.5, class 0 in the ring from 0.7 to 1."""
    r, t = rng.uniform(0.0, 0.5) if c else rng.uniform(0.7, 1.0), rng.uniform(0, 2 * math.pi)
    return (r * math.cos(t), r * math.sin(t)), c

def gauss(c, k, rng):
    """Two round blobs of sd 0.25, class 0 about (-0.5, -0.5) and class 1 about (0.5, 0.5)."""
    centre = 0.5 if c else -0.5
    return (rng.gauss(centre, 0.25), rng.gauss(centre, 0.25)), c

def moons(c, k, rng):
    """Two interleaved arches: class 1 is class 0's arch turned half a turn about (0, 0)."""
    t = rng.uniform(0.0, math.pi)
    x1, x2 = (math.cos(t) - 0.5) / 1.5, (math.sin(t) - 0.25) / 1.5
    return ((-x1, -x2) if c else (x1, x2)), c

def spiral(c, k, rng):
    """k interleaved arms winding 1.25 turns out from radius 0.05 to 1; arm c starts c/k turns on."""
    r = rng.uniform(0.05, 1.0)
    t = 1.25 * 2 * math.pi * r + 2 * math.pi * c / k
    return (r * math.cos(t), r * math.sin(t)), c

POINT = {"circle": circle, "gauss": gauss, "moons": moons, "spiral": spiral, "spiral3": spiral}

def _target(c, k):
    """y for class c of k classes: [c] for two, one-hot for more."""
    return [c] if k == 2 else [int(j == c) for j in range(k)]

def read_csv(path):
    """(examples, classes) from a CSV file: two or more numbers, then a label, on each line.

    A first line whose feature columns hold no number is a header; blank
    lines, a byte order mark and CRLF ends are skipped.  The labels, sorted
    (by value when all are numbers, so 1 and 1.0 are one class), are the
    classes: with two, the first gives y = [0], the second y = [1]; with more,
    class c is the one-hot y with its 1 at place c.  A file that cannot be
    read so is a ValueError naming the file, the line and the fix.
    """
    rows, width = [], None
    for number, line in _lines(path):
        try:
            fields = [field.strip() for field in next(csv.reader([line]))]
        except csv.Error as err:
            raise ValueError(f"{path} line {number}: {err}; write plain comma-separated values "
                             f"like 0.5,-1.2,1") from None
        if width is None:
            if len(fields) < 3:
                sep = next((f" (these look separated by {w}; use commas)" for s, w in
                            ((";", "';'"), ("\t", "tabs"), (" ", "spaces")) if s in line), "")
                raise ValueError(f"{path} line {number}: found {len(fields)} column(s), expected "
                                 f"at least 3: two or more numbers, then a label, separated by "
                                 f"commas, like 0.5,-1.2,1{sep}")
            width, first = len(fields), number
            if not any(map(_is_number, fields[:-1])):
                continue  # a header
        elif len(fields) != width:
            raise ValueError(f"{path} line {number}: expected {width} columns like line {first}, "
                             f"got {len(fields)}")
        for j, field in enumerate(fields[:-1], 1):
            if not (_is_number(field) and math.isfinite(float(field))):
                raise ValueError(f"{path} line {number}: column {j} is {_show(field)}, not a "
                                 f"finite number; features are numbers like 0.5, -1.2 or 1e-3")
        if not fields[-1]:
            raise ValueError(f"{path} line {number}: the label (column {width}, the last) is "
                             f"empty; every row needs one, such as 0, 1 or a class name")
        rows.append(([float(field) for field in fields[:-1]], fields[-1]))
    return _classify(path, rows)

def _lines(path):
    """(line number, text) for each non-blank line of the UTF-8 file at path."""
    try:
        with open(path, "rb") as file:
            data = file.read().removeprefix(b"\xef\xbb\xbf")  # the mark some spreadsheets write
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file; give the path of a CSV file, such as data.csv") from None
    except IsADirectoryError:
        raise ValueError(f"{path}: is a directory; give the path of a CSV file inside it") from None
    except OSError as err:
        raise ValueError(f"{path}: cannot be read ({err.strerror})") from None
    lines = []
    for number, raw in enumerate(data.splitlines(), 1):
        try:
            lines += [(number, raw.decode("utf-8"))] if raw.strip() else []
        except UnicodeDecodeError as err:
            raise ValueError(f"{path} line {number}: not UTF-8 text (byte {raw[err.start]:#04x} "
                             f"at byte {err.start + 1} of the line); save the file as UTF-8 "
                             f"(\"CSV UTF-8\" in a spreadsheet)") from None
    return lines

def _classify(path, rows):
    """(examples, classes) from (features, label) rows; numeric labels are one class per value."""
    if not rows:
        raise ValueError(f"{path}: no data rows; expected lines like 0.5,-1.2,1: two or more "
                         f"numbers, then a label")
    numeric = all(_is_number(label) and math.isfinite(float(label)) for _, label in rows)
    key = (lambda label: float(label)) if numeric else str
    names = {}
    for _, label in rows:
        names.setdefault(key(label), label)  # a class is named as its first row spells it
    keys = sorted(names)
    if len(keys) < 2:
        raise ValueError(f"{path}: every row has the label {_show(rows[0][1])}; the last column "
                         f"must name at least two classes to tell apart")
    if len(keys) > MAX_CLASSES:
        raise ValueError(f"{path}: the last column holds {len(keys)} different labels; it must "
                         f"name a class, at most {MAX_CLASSES} of them (a measured value belongs "
                         f"in a feature column, before the label)")
    place = {k: c for c, k in enumerate(keys)}
    return ([(x, _target(place[key(label)], len(keys))) for x, label in rows],
            [names[k] for k in keys])

def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True

def split(examples, test_fraction, seed=0):
    """(train, test): a seeded shuffle, with round(test_fraction * n_c) of each class in test.

    Each class is split on its own, so both parts keep the classes in
    proportion, and keeps at least one example in train.

    >>> train, test = split(generate("gauss")[0], 0.2)
    >>> len(train), len(test)
    (160, 40)
    """
    if not (isinstance(test_fraction, (int, float)) and 0 <= test_fraction < 1):
        raise ValueError(f"split: test_fraction must be a number from 0 up to (not including) "
                         f"1, such as 0.2, got {test_fraction!r}")
    rng, by_class, train, test = random.Random(seed), {}, [], []
    for x, y in examples:
        by_class.setdefault(tuple(y), []).append((list(x), list(y)))
    for key in sorted(by_class):
        members = by_class[key]
        rng.shuffle(members)
        n_test = min(round(test_fraction * len(members)), len(members) - 1)
        test, train = test + members[:n_test], train + members[n_test:]
    rng.shuffle(train)
    rng.shuffle(test)
    return train, test

def scale(train, test):
    """(train, test, means, sds) with each feature as (x_i − mean_i) / sd_i.

    The means and sds (population, dividing by n) come from train alone, so
    the test part tells the network nothing; a feature with sd 0 is only centred.

    >>> scale([([1, 5], [0]), ([3, 5], [1])], [([5, 5], [1])])
    ([([-1.0, 0.0], [0]), ([1.0, 0.0], [1])], [([3.0, 0.0], [1])], [2.0, 5.0], [1.0, 0.0])
    """
    if not train:
        raise ValueError("scale: train must hold at least one example to take the mean of")
    columns = list(zip(*[x for x, y in train]))
    means = [sum(values) / len(train) for values in columns]
    sds = [math.sqrt(sum((v - m) ** 2 for v in values) / len(train))
           for values, m in zip(columns, means)]

    def standardise(examples):
        return [([(v - m) / (sd or 1.0) for v, m, sd in zip(x, means, sds)], list(y))
                for x, y in examples]

    return standardise(train), standardise(test), means, sds

def accuracy(net, examples):
    """The fraction of examples whose class the network gets right."""
    if not examples:
        raise ValueError("accuracy: examples is empty; there is nothing to count")
    return sum(label(backprop.predict(net, x)) == label(y) for x, y in examples) / len(examples)

def label(a):
    """The class of an output or target a: for one number, the side of 0.5 it is on (0 or
    1); for several, the place of the largest (argmax)."""
    return int(a[0] > 0.5) if len(a) == 1 else a.index(max(a))

def box(examples, margin=0.05):
    """(x1_min, x1_max, x2_min, x2_max) around the examples, widened by margin on each side.

    >>> box([([0, 0], [0]), ([1, 2], [1])])
    (-0.05, 1.05, -0.1, 2.1)
    """
    if not examples or any(len(x) != 2 for x, y in examples):
        raise ValueError("box: needs examples with two features x = [x1, x2], the ones a map shows")
    edges = []
    for values in zip(*[x for x, y in examples]):
        low, high = min(values), max(values)
        pad = margin * (high - low) if high > low else 0.5
        edges += [low - pad, high + pad]
    return tuple(edges)

"""Data sets for the demo: XOR, five generated sets, and your own CSV file.

Every data set is a list of examples (x, y), flat lists ready for
backprop.train: x = [x1, x2] and, for two classes, y = [0] or [1] (one
sigmoid output); for three or more classes y is one-hot, such as [0, 1, 0]
(a softmax output).  Each function returns new lists and never changes its
arguments.

    generate(name, noise, seed)   a built-in set: xor, circle, gauss, moons, spiral, spiral3
    read_csv(path)                your own data: numeric features, then a label
    split(examples, f, seed)      a seeded train/test split, every class in train
    scale(train, test)            standardise with the training part's mean and sd
    accuracy(net, examples)       the fraction of examples the network gets right
    box(examples)                 the (x1, x2) rectangle to draw a map in
    DEFAULTS                      network settings that learn each set

The generated sets have 200 points (spiral3: 300), half of each class (a
third for spiral3), and lie in the square -1 <= x1, x2 <= 1 before noise
(moons: -1 <= x1 <= 1, -0.5 <= x2 <= 0.5; gauss: about 95% of the points,
since a Gaussian blob has no edge).  noise is the standard deviation
of a Gaussian jitter added to each coordinate; NOISE holds each set's
default.  A seed always gives the same points, drawn with a private
random.Random(seed), never the global generator.
"""
import csv
import math
import random

import backprop

NAMES = ("xor", "circle", "gauss", "moons", "spiral", "spiral3")

XOR = [([0, 0], [0]), ([0, 1], [1]), ([1, 0], [1]), ([1, 1], [0])]  # the truth table, exact

NOISE = {"xor": 0.0, "circle": 0.05, "gauss": 0.1, "moons": 0.1, "spiral": 0.03, "spiral3": 0.03}

# Settings that learn each set: the hidden layers (the output layer is one
# sigmoid for two classes, a softmax over k for k classes), tuned on the
# features as generated, which already lie in about [-1, 1], and for "csv"
# on features standardised by scale().  threshold is the test accuracy to
# reach (for xor, with no test part, all four examples right).
DEFAULTS = {
    "xor": dict(hidden=[4], activation="sigmoid", eta=4.0, epochs=500, batch_size=4,
                test_fraction=0.0, threshold=1.0),
    "circle": dict(hidden=[8], activation="tanh", eta=0.5, epochs=40, batch_size=10,
                   test_fraction=0.2, threshold=0.9),
    "gauss": dict(hidden=[4], activation="tanh", eta=0.5, epochs=20, batch_size=10,
                  test_fraction=0.2, threshold=0.9),
    "moons": dict(hidden=[8], activation="tanh", eta=0.5, epochs=80, batch_size=10,
                  test_fraction=0.2, threshold=0.9),
    "spiral": dict(hidden=[16, 16], activation="relu", eta=0.2, epochs=120, batch_size=10,
                   test_fraction=0.2, threshold=0.9),
    "spiral3": dict(hidden=[16, 16], activation="relu", eta=0.2, epochs=100, batch_size=10,
                    test_fraction=0.2, threshold=0.85),
    # your own CSV file, with its features standardised by scale()
    "csv": dict(hidden=[16], activation="tanh", eta=0.3, epochs=100, batch_size=10,
                test_fraction=0.2, threshold=0.9),
}

MAX_CLASSES = 36  # a map shows each class by one digit or letter


def generate(name, noise=None, seed=0):
    """The built-in data set name as (examples, classes); noise=None is NOISE[name].

    xor is always its four exact points, so it takes no noise but 0.

    >>> examples, classes = generate("xor")
    >>> examples[1], classes
    (([0, 1], [1]), ['0', '1'])
    >>> examples, classes = generate("spiral3", seed=1)
    >>> len(examples), examples[0][1], classes
    (300, [1, 0, 0], ['0', '1', '2'])
    """
    if name not in NAMES:
        raise ValueError(f"generate: name must be one of {', '.join(NAMES)}, got {name!r}")
    if noise is None:
        noise = NOISE[name]
    if not (isinstance(noise, (int, float)) and 0 <= noise < math.inf):
        raise ValueError(f"generate: noise must be a number >= 0, such as {NOISE['moons']}, "
                         f"got {noise!r}")
    if name == "xor":
        if noise != 0:
            raise ValueError(f"generate: xor is exactly the four points (0, 0), (0, 1), (1, 0), "
                             f"(1, 1) and takes no noise, got noise={noise!r}; try moons or "
                             f"circle for noisy data")
        return [(list(x), list(y)) for x, y in XOR], ["0", "1"]
    rng = random.Random(seed)
    if name == "circle":
        points = circle(200, noise, rng)
    elif name == "gauss":
        points = gauss(200, noise, rng)
    elif name == "moons":
        points = moons(200, noise, rng)
    elif name == "spiral":
        points = spiral(200, 2, noise, rng)
    else:
        points = spiral(300, 3, noise, rng)
    k = 3 if name == "spiral3" else 2
    return [(x, _target(label, k)) for x, label in points], [str(c) for c in range(k)]



def circle(n, noise, rng):
    """Class 1 inside the disc of radius 0.5, class 0 in the ring from 0.7 to 1."""
    points = []
    for k in range(n):
        label = k % 2
        r = rng.uniform(0.0, 0.5) if label == 1 else rng.uniform(0.7, 1.0)
        t = rng.uniform(0.0, 2 * math.pi)
        points.append((_jitter(r * math.cos(t), r * math.sin(t), noise, rng), label))
    return points


def gauss(n, noise, rng):
    """Two round Gaussian blobs of sd 0.25: class 0 about (-0.5, -0.5), class 1 about (0.5, 0.5)."""
    points = []
    for k in range(n):
        label = k % 2
        centre = 0.5 if label == 1 else -0.5
        x1, x2 = rng.gauss(centre, 0.25), rng.gauss(centre, 0.25)
        points.append((_jitter(x1, x2, noise, rng), label))
    return points


def moons(n, noise, rng):
    """Two interleaved half circles: class 0 an arch, class 1 the same arch upside down."""
    points = []
    for k in range(n):
        label = k % 2
        t = rng.uniform(0.0, math.pi)
        x1, x2 = math.cos(t) - 0.5, math.sin(t) - 0.25   # the arch, centred on (0, 0)
        if label == 1:
            x1, x2 = -x1, -x2                            # turned half a turn about (0, 0)
        points.append((_jitter(x1 / 1.5, x2 / 1.5, noise, rng), label))
    return points


def spiral(n, arms, noise, rng):
    """arms interleaved spiral arms, each winding 1.25 turns out from radius 0.05 to 1."""
    points = []
    for k in range(n):
        label = k % arms
        r = rng.uniform(0.05, 1.0)
        t = 1.25 * 2 * math.pi * r + 2 * math.pi * label / arms   # arm label starts label/arms turns on
        points.append((_jitter(r * math.cos(t), r * math.sin(t), noise, rng), label))
    return points


def _jitter(x1, x2, noise, rng):
    """[x1, x2] moved by Gaussian noise of standard deviation noise in each coordinate."""
    return [x1 + rng.gauss(0.0, noise), x2 + rng.gauss(0.0, noise)]


def _target(label, k):
    """y for class label of k classes: [label] for two classes, one-hot for more."""
    if k == 2:
        return [label]
    return [1 if c == label else 0 for c in range(k)]


def read_csv(path):
    """(examples, classes) from a CSV file of numeric features with a label last.

    Each line holds two or more numbers, then a label, separated by commas:
    0.5,-1.2,1.  The first line is a header, and skipped, when none of its
    feature columns is a number (x1,x2,label); blank lines are skipped.
    The labels, sorted (as numbers when they all are numbers), are the
    classes: with two, the first is y = [0] and the second y = [1], so the
    labels 0 and 1 keep their meaning; with three or more, class c is the
    one-hot y with its 1 at place c.  A file that cannot be read this way
    raises ValueError with one line naming the file, the line and the fix.
    """
    name = str(path)
    rows, width, width_line = [], None, None   # rows: (features, label)
    for number, line in _lines(path):
        if not line.strip():
            continue
        try:
            fields = [field.strip() for field in next(csv.reader([line]))]
        except csv.Error as err:
            raise ValueError(f"{name} line {number}: {err}; write plain comma-separated "
                             f"values like 0.5,-1.2,1") from None
        if width is None:
            if len(fields) < 3:
                raise ValueError(f"{name} line {number}: found {len(fields)} column(s), expected "
                                 f"at least 3: two or more numbers, then a label, separated by "
                                 f"commas, like 0.5,-1.2,1{_separator_hint(line)}")
            width, width_line = len(fields), number
            if not any(_is_number(field) for field in fields[:-1]):
                continue  # a header: no feature column holds a number
        elif len(fields) != width:
            raise ValueError(f"{name} line {number}: expected {width} columns like line "
                             f"{width_line}, got {len(fields)}")
        features = [_feature(name, number, j, field) for j, field in enumerate(fields[:-1], 1)]
        if not fields[-1]:
            raise ValueError(f"{name} line {number}: the label (column {width}, the last) is "
                             f"empty; every row needs one, such as 0, 1 or a class name")
        rows.append((features, fields[-1]))
    return _classify(name, rows)


def _lines(path):
    """(line number, text) for each line of the UTF-8 file at path."""
    name = str(path)
    try:
        with open(path, "rb") as file:
            data = file.read()
    except FileNotFoundError:
        raise ValueError(f"{name}: no such file; give the path of a CSV file, such as "
                         f"data.csv") from None
    except IsADirectoryError:
        raise ValueError(f"{name}: is a directory; give the path of a CSV file inside it") from None
    except OSError as err:
        raise ValueError(f"{name}: cannot be read ({err.strerror}); give the path of a "
                         f"readable CSV file") from None
    data = data.removeprefix(b"\xef\xbb\xbf")  # the byte order mark some spreadsheets write
    lines = []
    for number, raw in enumerate(data.splitlines(), 1):
        try:
            lines.append((number, raw.decode("utf-8")))
        except UnicodeDecodeError as err:
            raise ValueError(f"{name} line {number}: not UTF-8 text (byte {raw[err.start]:#04x} "
                             f"at byte {err.start + 1} of the line); save the file as UTF-8 "
                             f"(\"CSV UTF-8\" in a spreadsheet)") from None
    return lines


def _separator_hint(line):
    for sep, words in ((";", "';'"), ("\t", "tabs"), (" ", "spaces")):
        if sep in line.strip():
            return f" (these values look separated by {words}; use commas)"
    return ""


def _feature(name, number, j, field):
    """The number in column j of line number, or ValueError saying why it is not one."""
    if not _is_number(field):
        raise ValueError(f"{name} line {number}: column {j} is {_short(field)}, not a number; "
                         f"features are numbers like 0.5, -1.2 or 1e-3")
    value = float(field)
    if not math.isfinite(value):
        raise ValueError(f"{name} line {number}: column {j} is {_short(field)}, not a finite "
                         f"number; a network cannot learn from nan or inf: write the value or "
                         f"delete the line")
    return value


def _classify(name, rows):
    """(examples, classes) from (features, label) rows: y = [0]/[1] or one-hot."""
    if not rows:
        raise ValueError(f"{name}: no data rows; expected lines like 0.5,-1.2,1: two or more "
                         f"numbers, then a label")
    labels = {label for features, label in rows}
    if all(_is_number(label) and math.isfinite(float(label)) for label in labels):
        classes = sorted(labels, key=lambda label: (float(label), label))
    else:
        classes = sorted(labels)
    if len(classes) < 2:
        raise ValueError(f"{name}: every row has the label {_short(classes[0])}; the last "
                         f"column must name at least two classes to tell apart")
    if len(classes) > MAX_CLASSES:
        raise ValueError(f"{name}: the last column holds {len(classes)} different labels, "
                         f"such as {_short(classes[0])} and {_short(classes[1])}; it must name "
                         f"a class, at most {MAX_CLASSES} of them (a measured value belongs "
                         f"in a feature column, before the label)")
    place = {label: c for c, label in enumerate(classes)}
    return [(features, _target(place[label], len(classes))) for features, label in rows], classes


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def _short(text):
    """repr(text), cut to about 30 characters for an error message."""
    return repr(text) if len(text) <= 30 else repr(text[:27] + "...")


def split(examples, test_fraction, seed=0):
    """(train, test): a seeded shuffle, with round(test_fraction * n_c) of each class in test.

    Each class c (n_c examples) is split on its own, so both parts keep the
    classes in proportion; a class always keeps at least one example in
    train, so a class with a single example goes to train alone.
    test_fraction 0 gives an empty test part.

    >>> train, test = split(generate("gauss")[0], 0.2)
    >>> len(train), len(test)
    (160, 40)
    """
    if not (isinstance(test_fraction, (int, float)) and 0 <= test_fraction < 1):
        raise ValueError(f"split: test_fraction must be a number from 0 up to (not including) "
                         f"1, such as 0.2, got {test_fraction!r}")
    rng = random.Random(seed)
    by_class = {}
    for x, y in examples:
        by_class.setdefault(tuple(y), []).append((list(x), list(y)))
    train, test = [], []
    for key in sorted(by_class):
        members = by_class[key]
        rng.shuffle(members)
        n_test = min(round(test_fraction * len(members)), len(members) - 1)
        test += members[:n_test]
        train += members[n_test:]
    rng.shuffle(train)
    rng.shuffle(test)
    return train, test


def scale(train, test):
    """(train_scaled, test_scaled, means, sds): each feature as (x_i − mean_i) / sd_i.

    mean_i and sd_i (the population standard deviation, dividing by n) come
    from train alone, so the test part tells the network nothing it should
    not know.  A feature with sd 0 is only centred.

    >>> train, test, means, sds = scale([([1, 5], [0]), ([3, 5], [1])], [([5, 5], [1])])
    >>> train, test, means, sds
    ([([-1.0, 0.0], [0]), ([1.0, 0.0], [1])], [([3.0, 0.0], [1])], [2.0, 5.0], [1.0, 0.0])
    """
    if not train:
        raise ValueError("scale: train must hold at least one example to take the mean of")
    n = len(train)
    columns = list(zip(*[x for x, y in train]))
    means = [sum(values) / n for values in columns]
    sds = [math.sqrt(sum((v - mean) ** 2 for v in values) / n)
           for values, mean in zip(columns, means)]
    divisors = [sd if sd > 0 else 1.0 for sd in sds]

    def standardise(examples):
        return [([(v - mean) / d for v, mean, d in zip(x, means, divisors)], list(y))
                for x, y in examples]

    return standardise(train), standardise(test), means, sds


def accuracy(net, examples):
    """The fraction of examples whose class the network gets right.

    The network's class is the output above 0.5 for one output (sigmoid),
    and the largest output (argmax) for several (softmax).
    """
    if not examples:
        raise ValueError("accuracy: examples is empty; there is nothing to count")
    right = 0
    for x, y in examples:
        a = backprop.predict(net, x)
        if len(a) == 1:
            right += (a[0] > 0.5) == (y[0] > 0.5)
        else:
            right += a.index(max(a)) == y.index(max(y))
    return right / len(examples)


def box(examples, margin=0.05):
    """(x1_min, x1_max, x2_min, x2_max) around the examples, widened by margin of each side.

    >>> box([([0, 0], [0]), ([1, 2], [1])])
    (-0.05, 1.05, -0.1, 2.1)
    """
    if not examples or any(len(x) != 2 for x, y in examples):
        raise ValueError("box: needs examples with two features x = [x1, x2], "
                         "the ones a flat map can show")
    edges = []
    for values in zip(*[x for x, y in examples]):
        low, high = min(values), max(values)
        pad = margin * (high - low) if high > low else 0.5
        edges += [low - pad, high + pad]
    return tuple(edges)

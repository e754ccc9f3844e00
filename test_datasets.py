"""Tests: each name states a fact about datasets.py."""
import copy
import doctest
import random
import re

import pytest

import backprop
import datasets

GENERATED = [name for name in datasets.NAMES if name != "xor"]

def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as f:  # newline="": \r\n stays \r\n
        f.write(text)
    return path

def test_xor_is_exactly_the_four_points_of_the_truth_table_and_takes_no_noise():
    # xor gives the truth table of XOR, defined once in datasets.XOR; noise is refused, not ignored
    assert datasets.generate("xor") == (datasets.XOR, ["0", "1"]) and datasets.XOR[1] == ([0, 1], [1])
    with pytest.raises(ValueError, match=r"xor .* takes no noise, got noise=0\.1; try moons"):
        datasets.generate("xor", noise=0.1)

@pytest.mark.parametrize("name", GENERATED)
def test_a_generated_set_is_seeded_balanced_and_has_the_promised_targets(name):
    # the same seed, the same points; two float features; as many points of each class
    examples, classes = datasets.generate(name, seed=3)
    assert (examples, classes) == datasets.generate(name, seed=3)
    assert examples != datasets.generate(name, seed=4)[0]
    assert examples == datasets.generate(name, noise=datasets.NOISE[name], seed=3)[0]
    k = len(classes)
    assert classes == [str(c) for c in range(k)] and k == (3 if name == "spiral3" else 2)
    assert all(len(x) == 2 and all(type(v) is float for v in x) for x, y in examples)
    counts = [sum(datasets.label(y) == c for x, y in examples) for c in range(k)]
    assert counts == [len(examples) // k] * k and len(examples) == 100 * k
    assert all(y == ([c] if k == 2 else [int(j == c) for j in range(k)])
               for x, y in examples for c in [datasets.label(y)])

def test_generated_sets_without_noise_have_the_documented_shapes():
    # circle: class 1 within 0.5, class 0 from 0.7 to 1; moons within |x2| <= 0.5; gauss
    # blobs of sd 0.25 about ∓(0.5, 0.5); every set in the square [-1, 1]²
    for (x1, x2), (c,) in datasets.generate("circle", noise=0)[0]:
        r = (x1 * x1 + x2 * x2) ** 0.5
        assert (r <= 0.5) if c else (0.7 <= r <= 1 + 1e-12)
    assert all(abs(x[1]) <= 0.5 + 1e-12 for x, y in datasets.generate("moons", noise=0)[0])
    for name in ("spiral", "spiral3"):
        assert all(max(map(abs, x)) <= 1 + 1e-12 for x, y in datasets.generate(name, noise=0)[0])
    examples = datasets.generate("gauss", noise=0, seed=4)[0]
    for c, centre in ((0, -0.5), (1, 0.5)):
        x1s = [x[0] for x, y in examples if y == [c]]
        m = sum(x1s) / len(x1s)
        assert m == pytest.approx(centre, abs=0.1)
        assert (sum((v - m) ** 2 for v in x1s) / len(x1s)) ** 0.5 == pytest.approx(0.25, abs=0.05)

def test_generate_leaves_the_global_generator_alone_and_refuses_a_bad_name_or_noise():
    # a private random.Random(seed) draws the points; a wrong name or noise says what works
    random.seed(11)
    state = random.getstate()
    datasets.generate("moons", seed=1)
    assert random.getstate() == state
    for name, noise, says in (("circles", None, "name must be one of xor, circle, gauss"),
                              ("moons", -0.1, "noise must be a number >= 0, such as 0.1"),
                              ("moons", float("nan"), "got nan"), ("moons", "0.1", "got '0.1'")):
        with pytest.raises(ValueError) as e:
            datasets.generate(name, noise=noise)
        assert says in str(e.value)

def test_read_csv_reads_features_as_floats_skipping_a_header_blank_lines_a_bom_and_crlf(tmp_path):
    # 0 stays y = [0] and 1 stays y = [1]; a header, a byte order mark and CRLF change nothing
    plain = datasets.read_csv(write(tmp_path, "0.5,1e-3,1\n-0.5,2,0\n1E2,-.25,1\n", "plain.csv"))
    assert plain == ([([0.5, 0.001], [1]), ([-0.5, 2.0], [0]), ([100.0, -0.25], [1])], ["0", "1"])
    fancy = write(tmp_path, "\ufeffx1, x2, label\r\n\r\n0.5,1e-3, 1\r\n-0.5 ,2,0\r\n1E2,-.25,1\r\n")
    assert datasets.read_csv(fancy) == plain

@pytest.mark.parametrize("text, classes, ys", [
    ("1,2,yes\n3,4,no\n5,6,yes\n", ["no", "yes"], [[1], [0], [1]]),
    ("0,0,10\n0,0,2\n0,0,-1\n", ["-1", "2", "10"], [[0, 0, 1], [0, 1, 0], [1, 0, 0]]),
    ("0,0,1\n0,0,1.0\n0,0,0\n", ["0", "1"], [[1], [1], [0]]),
    ("1,2,3,dog\n5,6,7,cat\n9,8,7,emu\n", ["cat", "dog", "emu"], [[0, 1, 0], [1, 0, 0], [0, 0, 1]]),
], ids=["names", "numbers", "1-and-1.0", "three-features"])
def test_read_csv_sorts_the_labels_into_classes_by_value_when_they_are_numbers(tmp_path, text,
                                                                               classes, ys):
    # two classes: the first is y = [0]; more: one-hot; 1 and 1.0 are one class, named as first seen
    examples, found = datasets.read_csv(write(tmp_path, text))
    assert found == classes and [y for x, y in examples] == ys

@pytest.mark.parametrize("content, where, says", [
    (None, "", "no such file; give the path of a CSV file"),
    ("x1,x2,label\n", "", "no data rows; expected lines like 0.5,-1.2,1"),
    ("1,2,0\n3,4,1\n5,6\n", " line 3", "expected 3 columns like line 1, got 2"),
    ("1,2,0\n3,four,1\n", " line 2", "column 2 is 'four', not a finite number; features are numbers"),
    ("1,2,0\n\n3,nan,1\n", " line 3", "column 2 is 'nan', not a finite number"),
    ("1,2,0\n3,4,\n", " line 2", "the label (column 3, the last) is empty"),
    ("1,2,a\n3,4,a\n", "", "every row has the label 'a'; the last column must name at least two"),
    ("1;2;0\n", " line 1", "found 1 column(s), expected at least 3: two or more numbers, then a "
                           "label, separated by commas, like 0.5,-1.2,1 (these look separated by ';'"),
    ("".join(f"{k},{k},{k / 7}\n" for k in range(40)), "", "the last column holds 40 different labels"),
    (b"1,2,0\n3,4,caf\xe9\n", " line 2", "not UTF-8 text (byte 0xe9 at byte 8 of the line); save "
                                         "the file as UTF-8"),
])
def test_read_csv_refuses_a_bad_file_with_one_line_naming_the_file_the_line_and_the_fix(
        tmp_path, content, where, says):
    # each kind of bad file: one ValueError line, "FILE line N: what is wrong ..."
    path = tmp_path / "data.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        write(tmp_path, content)
    with pytest.raises(ValueError) as e:
        datasets.read_csv(path)
    assert str(e.value).startswith(f"{path}{where}: ") and says in str(e.value)
    assert "\n" not in str(e.value)
    with pytest.raises(ValueError, match="is a directory; give the path of a CSV file inside it"):
        datasets.read_csv(tmp_path)

def test_split_keeps_each_classes_share_is_seeded_and_leaves_its_input_alone():
    # 0.2 of 200 balanced examples: 40 in test, 20 of each class, nothing lost, new lists
    examples = datasets.generate("gauss")[0]
    before = copy.deepcopy(examples)
    train, test = datasets.split(examples, 0.2, seed=1)
    assert (len(train), len(test), sum(y == [1] for x, y in test)) == (160, 40, 20)
    assert sorted(train + test) == sorted(examples) and (train, test) == datasets.split(examples, 0.2, 1)
    assert (train, test) != datasets.split(examples, 0.2, seed=2)
    train[0][0][0] = 99.0
    assert examples == before and datasets.split(examples, 0)[1] == []
    tiny = [([0.0], [1, 0, 0]), ([1.0], [0, 1, 0]), ([2.0], [0, 1, 0]), ([3.0], [0, 0, 1])]
    assert sorted(y for x, y in datasets.split(tiny, 0.9)[0]) == [[0, 0, 1], [0, 1, 0], [1, 0, 0]]
    for fraction in (1, -0.1, "0.2"):
        with pytest.raises(ValueError, match=r"test_fraction must be a number from 0 up to"):
            datasets.split(examples, fraction)

def test_scale_uses_the_training_parts_mean_and_sd_only_and_only_centres_a_constant():
    # train becomes mean 0, sd 1; test is moved by train's numbers; sd 0 is never divided by
    train, test = [([1.0, 10.0, 2], [0]), ([3.0, 30.0, 2], [1]), ([5.0, 20.0, 2], [0])], [([7.0, 40.0, 5], [1])]
    train_s, test_s, means, sds = datasets.scale(train, test)
    assert means == [3.0, 20.0, 2.0] and sds == pytest.approx([(8 / 3) ** 0.5, (200 / 3) ** 0.5, 0])
    for j in range(2):
        column = [x[j] for x, y in train_s]
        assert sum(column) == pytest.approx(0, abs=1e-12) and sum(v * v for v in column) == pytest.approx(3)
    assert test_s[0][0] == pytest.approx([4 / sds[0], 20 / sds[1], 3.0])

def test_accuracy_takes_the_side_of_one_half_for_one_output_and_the_argmax_for_several():
    # a^L = σ(x1 − x2) for one output; a^L follows x for a softmax over three
    net = backprop.Network([2, 1])
    net.w[2] = [[1.0, -1.0]]
    assert datasets.accuracy(net, [([2, 0], [1]), ([0, 2], [0]), ([0, 2], [1]), ([3, 1], [0])]) == 0.5
    net = backprop.Network([3, 3], output="softmax")
    net.w[2] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    examples = [([5, 0, 0], [1, 0, 0]), ([0, 5, 0], [0, 1, 0]), ([0, 5, 0], [0, 0, 1])]
    assert datasets.accuracy(net, examples) == pytest.approx(2 / 3)
    assert datasets.box([([0, 3], [0]), ([1, 3], [1])]) == pytest.approx((-0.05, 1.05, 2.5, 3.5))

def test_the_defaults_learn_gauss_and_three_named_classes_from_a_csv_file(tmp_path):
    # gauss with its row of DEFAULTS, and read_csv + split + scale + a softmax network
    d = datasets.DEFAULTS["gauss"]
    train, test = datasets.split(datasets.generate("gauss", seed=0)[0], d["test_fraction"])
    net = backprop.Network([2] + d["hidden"] + [1], seed=0, activation=d["activation"])
    backprop.train(net, train, d["epochs"], d["eta"][d["activation"]], d["batch_size"], seed=0)
    assert datasets.accuracy(net, test) >= d["threshold"]
    rng = random.Random(0)
    centres = {"red": (10, 0), "green": (0, 10), "blue": (-10, -10)}
    lines = [f"{cx + rng.gauss(0, 2):.3f},{cy + rng.gauss(0, 2):.3f},{name}"
             for k in range(30) for name, (cx, cy) in centres.items()]
    examples, classes = datasets.read_csv(write(tmp_path, "x,y,colour\n" + "\n".join(lines)))
    train, test, means, sds = datasets.scale(*datasets.split(examples, 0.2, seed=0))
    net = backprop.Network([2, 3], seed=0, output="softmax")
    backprop.train(net, train, 20, 0.5, 10, seed=0)
    assert classes == ["blue", "green", "red"] and datasets.accuracy(net, test) >= 0.9

def test_datasets_doctests_pass():
    # the examples in datasets.py's docstrings are run, so they cannot go stale
    result = doctest.testmod(datasets)
    assert result.attempted >= 4 and result.failed == 0

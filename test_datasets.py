"""Tests for datasets.py: the generated sets, read_csv, split, scale and accuracy."""
import copy
import random
import re

import pytest

import backprop
import datasets

GENERATED = [name for name in datasets.NAMES if name != "xor"]
SIZE = {"circle": 200, "gauss": 200, "moons": 200, "spiral": 200, "spiral3": 300}


# ---------------------------------------------------------------- generate

def test_xor_is_exactly_the_four_points_of_the_truth_table():
    # xor gives the truth table of XOR, with the classes "0" and "1"
    assert datasets.generate("xor") == ([([0, 0], [0]), ([0, 1], [1]), ([1, 0], [1]),
                                         ([1, 1], [0])], ["0", "1"])


def test_xor_refuses_noise_and_names_the_sets_that_take_it():
    # xor's points are exact: a noise other than 0 is refused, not ignored
    assert datasets.generate("xor", noise=0)[0] == datasets.generate("xor")[0]
    with pytest.raises(ValueError, match=r"xor .* takes no noise, got noise=0\.1; try moons"):
        datasets.generate("xor", noise=0.1)


@pytest.mark.parametrize("name", GENERATED)
def test_generated_set_is_the_same_for_a_seed_and_differs_for_another(name):
    # the same seed draws the same points; another seed draws other points
    assert datasets.generate(name, seed=3) == datasets.generate(name, seed=3)
    assert datasets.generate(name, seed=3)[0] != datasets.generate(name, seed=4)[0]


@pytest.mark.parametrize("name", GENERATED)
def test_generated_set_has_two_float_features_and_the_promised_targets(name):
    # two features; y = [0] or [1] for two classes, one-hot for spiral3
    examples, classes = datasets.generate(name)
    assert len(examples) == SIZE[name]
    if name == "spiral3":
        assert classes == ["0", "1", "2"]
        targets = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    else:
        assert classes == ["0", "1"]
        targets = [[0], [1]]
    for x, y in examples:
        assert len(x) == 2 and all(type(v) is float for v in x)
        assert y in targets


@pytest.mark.parametrize("name", GENERATED)
def test_generated_classes_have_the_same_number_of_points(name):
    # every class has exactly its share of the points
    examples, classes = datasets.generate(name, seed=5)
    counts = [sum(y == example_y for x, y in examples)
              for example_y in {tuple(y): y for x, y in examples}.values()]
    assert counts == [SIZE[name] // len(classes)] * len(classes)


@pytest.mark.parametrize("name", ["circle", "moons", "spiral", "spiral3"])
def test_generated_points_without_noise_lie_in_the_documented_box(name):
    # before noise: -1 <= x1, x2 <= 1, and moons has -0.5 <= x2 <= 0.5
    top = 0.5 if name == "moons" else 1.0
    for x, y in datasets.generate(name, noise=0, seed=2)[0]:
        assert -1 - 1e-12 <= x[0] <= 1 + 1e-12 and -top - 1e-12 <= x[1] <= top + 1e-12


def test_circle_puts_class_1_inside_radius_one_half_and_class_0_in_the_ring():
    # without noise, class 1 lies within 0.5 of the centre and class 0 from 0.7 to 1
    for (x1, x2), (label,) in datasets.generate("circle", noise=0)[0]:
        r = (x1 * x1 + x2 * x2) ** 0.5
        assert (r <= 0.5) if label == 1 else (0.7 <= r <= 1.0 + 1e-12)


def test_gauss_blobs_centre_on_minus_and_plus_one_half():
    # class 0 is a blob about (-0.5, -0.5), class 1 about (0.5, 0.5), sd 0.25
    examples = datasets.generate("gauss", noise=0, seed=4)[0]
    for label, centre in ((0, -0.5), (1, 0.5)):
        x1s = [x[0] for x, y in examples if y == [label]]
        mean = sum(x1s) / len(x1s)
        sd = (sum((v - mean) ** 2 for v in x1s) / len(x1s)) ** 0.5
        assert mean == pytest.approx(centre, abs=0.1) and sd == pytest.approx(0.25, abs=0.05)


@pytest.mark.parametrize("name", GENERATED)
def test_noise_none_is_the_sets_own_default_noise(name):
    # noise=None means NOISE[name], and a larger noise moves the points
    assert datasets.generate(name) == datasets.generate(name, noise=datasets.NOISE[name])
    assert datasets.generate(name)[0] != datasets.generate(name, noise=0.3)[0]


def test_generate_leaves_the_global_random_generator_alone():
    # a private random.Random(seed) draws the points, so random's state is untouched
    random.seed(11)
    state = random.getstate()
    datasets.generate("moons", seed=1)
    assert random.getstate() == state


@pytest.mark.parametrize("name, noise, message", [
    ("circles", None, r"name must be one of xor, circle, gauss, moons, spiral, spiral3, got 'circles'"),
    ("moons", -0.1, r"noise must be a number >= 0, such as 0\.1, got -0\.1"),
    ("moons", float("nan"), r"noise must be a number >= 0, .* got nan"),
    ("moons", "0.1", r"noise must be a number >= 0, .* got '0\.1'"),
])
def test_generate_refuses_an_unknown_name_or_a_bad_noise(name, noise, message):
    # a wrong name or noise is a ValueError saying what works
    with pytest.raises(ValueError, match=message):
        datasets.generate(name, noise=noise)


# ---------------------------------------------------------------- read_csv

def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as f:  # newline="": \r\n stays \r\n
        f.write(text)
    return path


def test_read_csv_reads_features_as_floats_and_labels_0_1_as_they_are(tmp_path):
    # no header: each row is x and its label; 0 stays y = [0] and 1 stays y = [1]
    path = write(tmp_path, "0.5,1e-3,1\n-0.5,2,0\n1E2,-.25,1\n")
    assert datasets.read_csv(path) == ([([0.5, 0.001], [1]), ([-0.5, 2.0], [0]),
                                        ([100.0, -0.25], [1])], ["0", "1"])


def test_read_csv_skips_a_header_blank_lines_a_bom_and_crlf(tmp_path):
    # a header, a UTF-8 byte order mark, CRLF ends and blank lines change nothing
    plain = datasets.read_csv(write(tmp_path, "1,2,0\n3,4,1\n", "plain.csv"))
    fancy = write(tmp_path, "\ufeffx1, x2, label\r\n\r\n1, 2, 0\r\n3 ,4, 1\r\n\r\n", "fancy.csv")
    assert datasets.read_csv(fancy) == plain


def test_read_csv_puts_two_class_names_in_sorted_order_first_is_0(tmp_path):
    # with two names, the one first in sorted order is y = [0], the other y = [1]
    path = write(tmp_path, "1,2,yes\n3,4,no\n5,6,yes\n")
    examples, classes = datasets.read_csv(path)
    assert classes == ["no", "yes"]
    assert [y for x, y in examples] == [[1], [0], [1]]


def test_read_csv_sorts_numeric_labels_as_numbers(tmp_path):
    # labels that are all numbers sort as numbers (-1, 2, 10), not as text (-1, 10, 2)
    path = write(tmp_path, "0,0,10\n0,0,2\n0,0,-1\n")
    assert datasets.read_csv(path)[1] == ["-1", "2", "10"]


def test_read_csv_makes_three_classes_one_hot_and_keeps_every_feature(tmp_path):
    # three classes give one-hot targets in sorted order; four features stay four
    path = write(tmp_path, "a,b,c,d,kind\n1,2,3,4,dog\n5,6,7,8,cat\n9,10,11,12,emu\n")
    examples, classes = datasets.read_csv(path)
    assert classes == ["cat", "dog", "emu"]
    assert examples == [([1.0, 2.0, 3.0, 4.0], [0, 1, 0]), ([5.0, 6.0, 7.0, 8.0], [1, 0, 0]),
                        ([9.0, 10.0, 11.0, 12.0], [0, 0, 1])]


@pytest.mark.parametrize("content, where, message", [
    (None, "", r"no such file; give the path of a CSV file"),
    ("", "", r"no data rows; expected lines like 0\.5,-1\.2,1"),
    ("x1,x2,label\n", "", r"no data rows"),
    ("1,2,0\n3,4,1\n5,6\n", " line 3", r"expected 3 columns like line 1, got 2"),
    ("x,y,c\n1,2,0\n3,4,5,1\n", " line 3", r"expected 3 columns like line 1, got 4"),
    ("1,2,0\n3,four,1\n", " line 2", r"column 2 is 'four', not a number; features are numbers "
                                     r"like 0\.5, -1\.2 or 1e-3"),
    ("1,2,0\n\n3,nan,1\n", " line 3", r"column 2 is 'nan', not a finite number"),
    ("1,2,0\n-inf,4,1\n", " line 2", r"column 1 is '-inf', not a finite number"),
    ("1,1e999,0\n3,4,1\n", " line 1", r"column 2 is '1e999', not a finite number"),
    ("1,2,0\n3,4,\n", " line 2", r"the label \(column 3, the last\) is empty"),
    ("1,2,a\n3,4,a\n", "", r"every row has the label 'a'; the last column must name at least "
                           r"two classes"),
    ("1,0\n2,1\n", " line 1", r"found 2 column\(s\), expected at least 3: two or more numbers, "
                              r"then a label"),
    ("1;2;0\n", " line 1", r"found 1 column\(s\), .*separated by ';'; use commas"),
    ("".join(f"{k},{k},{k / 7}\n" for k in range(40)), "",
     r"the last column holds 40 different labels, such as '0\.0' and '0\.14"),
])
def test_read_csv_refuses_a_bad_file_with_one_line_naming_file_and_line(tmp_path, content,
                                                                          where, message):
    # each kind of bad file: ValueError, one line, "FILE line N: what is wrong ..."
    path = tmp_path / "data.csv"
    if content is not None:
        write(tmp_path, content)
    with pytest.raises(ValueError) as error:
        datasets.read_csv(path)
    text = str(error.value)
    assert "\n" not in text
    assert text.startswith(f"{path}{where}: ")
    assert re.search(message, text), text


def test_read_csv_refuses_a_directory(tmp_path):
    # a directory is named as one, not read
    with pytest.raises(ValueError, match=r"^.*: is a directory; give the path of a CSV file"):
        datasets.read_csv(tmp_path)


@pytest.mark.parametrize("content, where", [
    (b"1,2,0\n3,4,caf\xe9\n", "line 2: not UTF-8 text (byte 0xe9 at byte 8 of the line)"),
    (b"\xef\xbb\xbf1,2,caf\xe9\n", "line 1: not UTF-8 text (byte 0xe9 at byte 8 of the line)"),
])
def test_read_csv_refuses_text_that_is_not_utf8_naming_its_line_and_byte(tmp_path, content,
                                                                          where):
    # a byte that is not UTF-8 (here Latin-1 'é') is named with its line and place
    path = tmp_path / "latin1.csv"
    path.write_bytes(content)
    with pytest.raises(ValueError) as error:
        datasets.read_csv(path)
    assert str(error.value) == (f"{path} {where}; save the file as UTF-8 "
                                f'("CSV UTF-8" in a spreadsheet)')


# ---------------------------------------------------------------- split and scale

def test_split_puts_the_test_fraction_of_each_class_in_test():
    # 0.2 of 200 balanced examples: 40 in test, 20 of each class, and nothing lost
    examples = datasets.generate("gauss")[0]
    train, test = datasets.split(examples, 0.2, seed=1)
    assert (len(train), len(test)) == (160, 40)
    assert sum(y == [1] for x, y in test) == 20
    assert sorted(train + test) == sorted(examples)


def test_split_is_the_same_for_a_seed_differs_for_another_and_leaves_its_input():
    # a seeded shuffle of a copy: same seed, same parts; the input keeps its order and lists
    examples = datasets.generate("moons")[0]
    before = copy.deepcopy(examples)
    train, test = datasets.split(examples, 0.25, seed=7)
    assert examples == before
    assert (train, test) == datasets.split(examples, 0.25, seed=7)
    assert (train, test) != datasets.split(examples, 0.25, seed=8)
    train[0][0][0] = 99.0  # the parts hold new lists, not the input's
    assert examples == before


def test_split_with_fraction_0_leaves_test_empty():
    # test_fraction 0: every example trains
    examples = datasets.generate("circle")[0]
    train, test = datasets.split(examples, 0, seed=0)
    assert test == [] and sorted(train) == sorted(examples)


def test_split_keeps_every_class_in_train_even_for_tiny_sets():
    # a class always keeps one example in train, however few it has
    examples = [([0.0, 0.0], [1, 0, 0]), ([1.0, 0.0], [0, 1, 0]), ([2.0, 0.0], [0, 1, 0]),
                ([3.0, 0.0], [0, 0, 1])]
    train, test = datasets.split(examples, 0.9, seed=0)
    assert sorted(y for x, y in train) == [[0, 0, 1], [0, 1, 0], [1, 0, 0]]
    assert len(test) == 1


@pytest.mark.parametrize("fraction", [1, 1.5, -0.1, "0.2", None])
def test_split_refuses_a_fraction_outside_0_to_1(fraction):
    # test_fraction must lie in [0, 1): all-test would leave nothing to train on
    with pytest.raises(ValueError, match=r"test_fraction must be a number from 0 up to "
                                         r"\(not including\) 1, such as 0\.2"):
        datasets.split(datasets.generate("xor")[0], fraction)


def test_scale_uses_the_training_parts_mean_and_sd_only():
    # train becomes mean 0, sd 1; test is moved by train's numbers, not its own
    train = [([1.0, 10.0], [0]), ([3.0, 30.0], [1]), ([5.0, 20.0], [0])]
    test = [([7.0, 40.0], [1])]
    before = copy.deepcopy((train, test))
    train_s, test_s, means, sds = datasets.scale(train, test)
    assert means == [3.0, 20.0]
    assert sds == pytest.approx([(8 / 3) ** 0.5, (200 / 3) ** 0.5])
    for j in range(2):
        column = [x[j] for x, y in train_s]
        assert sum(column) == pytest.approx(0, abs=1e-12)
        assert sum(v * v for v in column) / 3 == pytest.approx(1)
    assert test_s[0][0] == pytest.approx([4 / sds[0], 20 / sds[1]])
    assert [y for x, y in train_s + test_s] == [[0], [1], [0], [1]]
    assert (train, test) == before


def test_scale_only_centres_a_feature_with_sd_0():
    # a constant feature has sd 0: it is centred, never divided by 0
    train_s, test_s, means, sds = datasets.scale([([2, 1], [0]), ([2, 3], [1])], [([5, 1], [0])])
    assert sds == [0.0, 1.0]
    assert [x for x, y in train_s + test_s] == [[0.0, -1.0], [0.0, 1.0], [3.0, -1.0]]


# ---------------------------------------------------------------- accuracy, box, DEFAULTS

def test_accuracy_counts_outputs_above_one_half_for_one_output():
    # one sigmoid output: class 1 when a^L > 0.5; here a^L = σ(x1 − x2)
    net = backprop.Network([2, 1])
    net.w[2], net.b[2] = [[1.0, -1.0]], [[0.0]]
    examples = [([2, 0], [1]), ([0, 2], [0]), ([0, 2], [1]), ([3, 1], [0])]
    assert datasets.accuracy(net, examples) == 0.5


def test_accuracy_takes_the_largest_output_for_several():
    # several outputs: the class is the argmax of a^L; here a^L follows x
    net = backprop.Network([3, 3], output="softmax")
    net.w[2] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    net.b[2] = [[0.0], [0.0], [0.0]]
    examples = [([5, 0, 0], [1, 0, 0]), ([0, 5, 0], [0, 1, 0]), ([0, 5, 0], [0, 0, 1])]
    assert datasets.accuracy(net, examples) == pytest.approx(2 / 3)


def test_box_surrounds_the_points_with_a_margin():
    # 5% of each range on each side; a feature with one value gets ±0.5
    assert datasets.box([([0, 3], [0]), ([1, 3], [1])]) == pytest.approx((-0.05, 1.05, 2.5, 3.5))
    with pytest.raises(ValueError, match="two features"):
        datasets.box([([0, 1, 2], [0])])


def test_defaults_cover_every_set_and_keep_the_xor_demo_settings():
    # each built-in set and "csv" has settings; xor keeps the demo's 2-4-1 settings
    keys = {"hidden", "activation", "eta", "epochs", "batch_size", "test_fraction", "threshold"}
    assert set(datasets.DEFAULTS) == set(datasets.NAMES) | {"csv"}
    assert all(set(d) == keys for d in datasets.DEFAULTS.values())
    assert datasets.DEFAULTS["xor"] == dict(hidden=[4], activation="sigmoid", eta=4.0,
                                            epochs=500, batch_size=4, test_fraction=0.0,
                                            threshold=1.0)
    assert all(datasets.DEFAULTS[name]["threshold"] >= 0.9 for name in GENERATED
               if name != "spiral3")
    assert datasets.DEFAULTS["spiral3"]["threshold"] >= 0.85


# ---------------------------------------------------------------- learning

def test_gauss_with_its_defaults_reaches_its_threshold_on_the_test_part():
    # the defaults learn: gauss, 20 epochs, well over 90% of unseen points right
    d = datasets.DEFAULTS["gauss"]
    train, test = datasets.split(datasets.generate("gauss", seed=0)[0], d["test_fraction"])
    net = backprop.Network([2] + d["hidden"] + [1], seed=0, activation=d["activation"])
    backprop.train(net, train, d["epochs"], d["eta"], d["batch_size"], seed=0)
    assert datasets.accuracy(net, test) >= d["threshold"]


def test_three_classes_from_csv_learn_with_softmax_after_scaling(tmp_path):
    # read_csv, split, scale and a softmax network learn three named clusters
    rng = random.Random(0)
    centres = {"red": (10, 0), "green": (0, 10), "blue": (-10, -10)}
    lines = [f"{cx + rng.gauss(0, 2):.3f},{cy + rng.gauss(0, 2):.3f},{name}"
             for k in range(30) for name, (cx, cy) in centres.items()]
    examples, classes = datasets.read_csv(write(tmp_path, "x,y,colour\n" + "\n".join(lines)))
    train, test, means, sds = datasets.scale(*datasets.split(examples, 0.2, seed=0))
    net = backprop.Network([2, 3], seed=0, output="softmax")
    backprop.train(net, train, 20, 0.5, 10, seed=0)
    assert classes == ["blue", "green", "red"]
    assert datasets.accuracy(net, test) >= 0.9

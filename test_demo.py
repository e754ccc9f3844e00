"""Tests of demo.py's training path: data sets, defaults, accuracy, maps, --watch, Ctrl-C,
and the line that says why a run did not learn.  The --trace path is tested in
test_handout.py."""
import contextlib
import io
import os
import re
import signal
import subprocess
import sys

import pytest

import backprop
import datasets
import demo

DEMO = os.path.join(os.path.dirname(os.path.abspath(demo.__file__)), "demo.py")

# python3 demo.py, as it printed before the data sets came, but for the time.
DEFAULT_OUTPUT = """\
settings: sizes=[2, 4, 1] cost=cross_entropy activation=sigmoid eta=4.0 epochs=500 batch_size=4 seed=0
epoch  mean cost  (40 # = 0.6999)
    1     0.6999  ########################################
   50     0.6902  #######################################
  100     0.6025  ##################################
  150     0.0818  #####
  200     0.0319  ##
  250     0.0193  #
  300     0.0137  #
  350     0.0106  #
  400     0.0086
  450     0.0073
  500     0.0063
x1 x2 | y | a^L    | right?
 0  0 | 0 | 0.0060 | yes
 0  1 | 1 | 0.9924 | yes
 1  0 | 1 | 0.9941 | yes
 1  1 | 0 | 0.0056 | yes
x2=1 |1@@@@@@@@%#+-.          0|
     |@@@@@@@%#+-..            |
     |@@@@@%#+-..              |
     |@@@%#+-:.                |
     |@%#+-:.                  |
     |#+-:.                    |
     |-:.                    .:|
     |.                    .:=*|
     |                   .-=*#%|
     |                ..-=*%%@@|
     |              ..-+*%%@@@@|
     |            .:-+*%@@@@@@@|
x2=0 |0         .:-+#%@@@@@@@@1|
      x1=0                 x1=1
legend: " .:-=+*#%@" shades a^L from 0 to 1; 0 and 1 mark the examples by target y
"""


def run_demo_script(*args, **env):
    """python demo.py *args in a fresh interpreter, as a reader runs it."""
    return subprocess.run([sys.executable, DEMO, *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=60)


def lines_but_timing(out):
    return [line for line in out.splitlines() if "trained in" not in line]


def spy_on_train(monkeypatch, fake_costs=None):
    """Record each call of backprop.train; with fake_costs, return them instead of training."""
    calls = []
    real_train = backprop.train

    def spy(net, data, epochs, eta, batch_size=1, seed=None):
        calls.append(dict(net=net, data=data, epochs=epochs, eta=eta, batch_size=batch_size))
        if fake_costs is not None:
            return [fake_costs] * epochs
        return real_train(net, data, epochs, eta, batch_size, seed=seed)

    monkeypatch.setattr(backprop, "train", spy)
    return calls


def map_rows(out):
    """The rows of the map in the output: the text between its two | borders."""
    return [line.split("|")[1] for line in out.splitlines()
            if line.count("|") == 2 and re.match(r"^ *(x2=\S+)? \|", line)]


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return str(path)


# XOR, the default run

def test_default_demo_prints_what_it_printed_before_the_data_sets_came(capsys):
    # python3 demo.py keeps its output line for line: settings, costs, truth table, grid
    assert demo.main([]) == 0
    out = capsys.readouterr().out
    assert lines_but_timing(out) == DEFAULT_OUTPUT.splitlines()
    assert re.search(r"^trained in \d+\.\d{3} s$", out, re.MULTILINE)


def test_default_grid_is_ascii_with_the_four_examples_at_the_corners():
    # The picture is ASCII only, with the targets 0 and 1 at the corners of the square.
    assert DEFAULT_OUTPUT.isascii()
    grid = map_rows(DEFAULT_OUTPUT)
    assert len(grid) == demo.GRID_ROWS
    assert grid[0][0] + grid[0][-1] + grid[-1][0] + grid[-1][-1] == "1001"


def test_hidden_8_8_trains_a_4_layer_network(capsys, monkeypatch):
    # --hidden 8,8 gives sizes [2, 8, 8, 1], so train() receives a network with L = 4.
    calls = spy_on_train(monkeypatch, fake_costs=0.5)
    demo.main(["--hidden", "8,8"])
    assert [call["net"].L for call in calls] == [4]
    assert "sizes=[2, 8, 8, 1]" in capsys.readouterr().out


@pytest.mark.parametrize("activation", list(backprop.ACTIVATIONS))
def test_every_activation_learns_xor_at_its_defaults_for_9_of_seeds_0_to_9(capsys, activation):
    # --activation A with every other option at its default gets all four XOR cases right
    learned = [demo.main(["--activation", activation, "--seed", str(seed)]) == 0
               for seed in range(10)]
    capsys.readouterr()
    assert sum(learned) >= 9, learned


def test_activation_and_cost_choices_come_from_backprop(monkeypatch):
    # an activation or cost a teacher adds to backprop.py is a choice of demo.py at once
    monkeypatch.setitem(backprop.ACTIVATIONS, "identity", (lambda z: z, lambda z: 1.0))
    monkeypatch.setattr(backprop, "COSTS", backprop.COSTS + ("hinge",))
    args = demo.parse_args(["--activation", "identity", "--cost", "hinge"])
    assert (args.activation, args.cost) == ("identity", "hinge")


# Options, defaults and usage errors

@pytest.mark.parametrize("option, value", [
    ("--epochs", "0"), ("--epochs", "ten"), ("--eta", "-1"), ("--eta", "0"), ("--eta", "nan"),
    ("--eta", "inf"), ("--hidden", "0"), ("--hidden", "x"), ("--hidden", ""),
    ("--hidden", "4,"), ("--cost", "foo"), ("--activation", "softmax"),
    ("--batch-size", "0"), ("--seed", "x"), ("--data", "iris"), ("--data", "spiral4"),
    ("--noise", "-0.1"), ("--noise", "nan"), ("--test-fraction", "0"),
    ("--test-fraction", "1"), ("--test-fraction", "half")])
def test_bad_option_ends_with_usage_and_exit_status_2(capsys, option, value):
    # argparse rejects the value: usage message on stderr, SystemExit(2), no traceback.
    with pytest.raises(SystemExit) as stop:
        demo.main([option, value])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: demo.py") and option in err.splitlines()[-1]


@pytest.mark.parametrize("options", [
    ["--noise", "0.1"], ["--data", "xor", "--noise", "0"], ["--test-fraction", "0.5"],
    ["--data", "points.csv", "--noise", "0.1"], ["--trace", "--data", "circle"],
    ["--trace", "--watch"]], ids=["noise_xor", "noise_0_xor", "test_fraction_xor",
                                  "noise_csv", "trace_data", "trace_watch"])
def test_an_option_that_would_do_nothing_is_refused_with_exit_status_2(capsys, options):
    # xor has no noise and no test part, a CSV file no noise, --trace trains nothing
    with pytest.raises(SystemExit) as stop:
        demo.main(options)
    assert stop.value.code == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith("demo.py: error: --") and "does nothing" in last


def test_batch_size_above_the_training_examples_is_capped_and_said(capsys, monkeypatch):
    # --batch-size 100 on XOR's 4 examples: train gets 4, and the output says so
    calls = spy_on_train(monkeypatch, fake_costs=0.5)
    demo.main(["--batch-size", "100"])
    out = capsys.readouterr().out
    assert [call["batch_size"] for call in calls] == [4]
    assert "batch_size=4 " in out
    assert "note: batch_size 100 is more than the 4 training examples" in out


def test_help_shows_each_data_sets_defaults(capsys):
    # -h has a row per data set with the defaults that its options take when not given
    with pytest.raises(SystemExit) as stop:
        demo.main(["-h"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.isascii()
    for name in datasets.NAMES + ("PATH.csv",):
        d = datasets.DEFAULTS["csv" if name == "PATH.csv" else name]
        row = [name, ",".join(map(str, d["hidden"])), d["activation"], str(d["eta"]),
               str(d["epochs"]), str(d["batch_size"])]
        assert re.search(r"^  " + r"\s+".join(map(re.escape, row)) + r"\s", out, re.MULTILINE)
    for option in ["--seed SEED", "(default: 0)", "--cost", "(default: cross_entropy)",
                   "--data DATA", "(default: xor)", "--watch", "--test-fraction", "--noise"]:
        assert option in out


@pytest.mark.parametrize("name", datasets.NAMES)
def test_each_data_set_gives_train_its_own_defaults(capsys, monkeypatch, name):
    # left out, hidden, activation, eta, epochs and batch size come from datasets.DEFAULTS
    calls = spy_on_train(monkeypatch, fake_costs=0.5)
    demo.main(["--data", name])
    d = datasets.DEFAULTS[name]
    (call,) = calls
    assert call["net"].sizes[1:-1] == d["hidden"] and call["net"].activation == d["activation"]
    assert (call["eta"], call["epochs"], call["batch_size"]) == (d["eta"], d["epochs"],
                                                                 d["batch_size"])
    settings = capsys.readouterr().out.splitlines()[0]
    assert f"activation={d['activation']} eta={d['eta']} epochs={d['epochs']}" in settings
    if name != "xor":
        assert f"data={name} noise={datasets.NOISE[name]} test_fraction=" in settings


def test_an_option_given_wins_over_the_data_sets_default(monkeypatch, capsys):
    # --hidden, --eta, --epochs and --batch-size typed are what train gets
    calls = spy_on_train(monkeypatch, fake_costs=0.5)
    demo.main(["--data", "moons", "--hidden", "3,5", "--eta", "0.25", "--epochs", "7",
               "--batch-size", "16", "--activation", "sigmoid"])
    (call,) = calls
    assert call["net"].sizes == [2, 3, 5, 1] and call["net"].activation == "sigmoid"
    assert (call["eta"], call["epochs"], call["batch_size"]) == (0.25, 7, 16)
    capsys.readouterr()


# Generated data sets: split, accuracy, threshold, maps

def test_gauss_learns_with_its_defaults_and_reports_both_accuracies(capsys):
    # a small set under its own defaults: accuracy on both parts, test above 90%, exit 0
    assert demo.main(["--data", "gauss"]) == 0
    out = capsys.readouterr().out
    assert "data: 200 examples, 2 features, 2 classes; 160 to train on, 40 kept apart" in out
    found = re.search(r"^accuracy: (\S+)% of the 160 training examples, (\S+)% of the 40 test "
                      r"examples \(gauss needs 90% on test\)$", out, re.MULTILINE)
    assert float(found.group(2)) >= 90


def test_training_sees_only_the_training_part(monkeypatch, capsys):
    # --test-fraction 0.25 of circle's 200 points: train gets 150 of them, none of the test
    calls = spy_on_train(monkeypatch, fake_costs=0.5)
    demo.main(["--data", "circle", "--test-fraction", "0.25"])
    examples, classes = datasets.generate("circle", seed=0)
    train, test = datasets.split(examples, 0.25, seed=0)
    assert calls[0]["data"] == train and len(train) == 150
    assert "150 to train on, 50 kept apart to test with" in capsys.readouterr().out


def test_test_accuracy_below_the_threshold_exits_1_saying_so(capsys):
    # one epoch of circle cannot reach 90%: exit 1 with one line giving both numbers
    assert demo.main(["--data", "circle", "--epochs", "1"]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert re.match(r"demo.py: test accuracy \S+% is below the 90% that circle needs: 1 "
                    r"epochs are too few .* try --epochs 40, the default$", err)


@pytest.fixture(scope="module")
def circle_output():
    """What python3 demo.py --data circle prints, run once for the tests that read it."""
    with contextlib.redirect_stdout(io.StringIO()) as out:
        assert demo.main(["--data", "circle"]) == 0
    return out.getvalue()


def test_readme_map_is_what_demo_prints_for_circle(circle_output):
    # the README's circle run is the demo's output today, but for the time
    with open(os.path.join(os.path.dirname(DEMO), "README.md"), encoding="utf-8") as f:
        readme = f.read()
    shown = re.search(r"<!-- demo map:.*?-->\n```text\n(.*?)\n```", readme, re.DOTALL).group(1)
    assert lines_but_timing(shown) == lines_but_timing(circle_output)


def test_two_class_map_shades_a_L_and_marks_examples_by_class(circle_output):
    # circle's map: rows of SHADES and the class digits 0 and 1, inside the data's box
    out = circle_output
    rows = map_rows(out)
    assert len(rows) == demo.MAP_ROWS and {len(row) for row in rows} == {demo.MAP_COLS}
    assert set("".join(rows)) <= set(demo.SHADES + "01") and "0" in out and "1" in out
    assert "@" in "".join(rows) and " " in "".join(rows)
    assert 'legend: " .:-=+*#%@" shades a^L from 0 to 1' in out


def test_three_classes_train_a_softmax_network_and_map_the_winning_class(capsys, monkeypatch):
    # spiral3: a softmax output of 3; the map shows A, B, C (a, b, c when unsure) and a legend
    calls = spy_on_train(monkeypatch)
    demo.main(["--data", "spiral3", "--epochs", "3", "--hidden", "8"])
    net = calls[0]["net"]
    assert net.output == "softmax" and net.sizes == [2, 8, 3]
    out = capsys.readouterr().out
    assert "output=softmax" in out.splitlines()[0]
    rows = map_rows(out)
    assert len(rows) == demo.MAP_ROWS
    assert set("".join(rows)) <= set("ABCabc012") and set("012") <= set("".join(rows))
    assert "legend: A B C is the class j with the largest a^L_j" in out


def test_map_letter_is_the_argmax_class_upper_case_only_when_sure():
    # the shade of a cell: the winning class j, upper case where a^L_j >= SURE
    assert demo.shade([0.9, 0.05, 0.05]) == "A"
    assert demo.shade([0.2, 0.3, 0.5]) == "c"
    assert demo.shade([0.1, 0.8, 0.1]) == "B"
    assert (demo.shade([0.0]), demo.shade([0.55]), demo.shade([1.0])) == (" ", "+", "@")


def test_quadratic_cost_with_three_classes_is_one_line_and_exit_status_2(capsys):
    # softmax goes with cross-entropy only: refused before training, with the reason
    assert demo.main(["--data", "spiral3", "--cost", "quadratic"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "softmax" in err and "cross_entropy" in err


# Your own CSV file

def test_csv_file_is_scaled_for_training_and_the_output_says_so(tmp_path, monkeypatch, capsys):
    # features in the thousands reach train as (x - mean) / sd, and a line says so
    rows = "".join(f"{1000 + 10 * i},{5 * (i % 7)},{int(i >= 10)}\n" for i in range(20))
    path = write(tmp_path / "points.csv", "size,age,label\n" + rows)
    calls = spy_on_train(monkeypatch)
    demo.main(["--data", path, "--epochs", "5"])
    out = capsys.readouterr().out
    assert "inputs: scaled for training as (x_i - mean_i) / sd_i" in out
    first = [x[0] for x, y in calls[0]["data"]]
    assert abs(sum(first) / len(first)) < 1e-9 and max(map(abs, first)) < 3


def test_csv_file_with_three_features_leaves_the_map_out_and_says_why(tmp_path, capsys):
    # a map shows two features; with three, one line says why there is none
    rows = "".join(f"{i % 5},{i % 3},{i % 2},{'ab'[i % 2]}\n" for i in range(20))
    demo.main(["--data", write(tmp_path / "three.csv", rows), "--epochs", "2"])
    out = capsys.readouterr().out
    assert "map: left out, since the examples have 3 features and a map shows 2" in out
    assert not map_rows(out)


def test_bad_csv_file_is_one_line_on_stderr_and_exit_status_2(tmp_path, capsys):
    # a missing file and a ragged row: one line naming the file, no traceback
    missing = str(tmp_path / "missing.csv")
    assert demo.main(["--data", missing]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "missing.csv" in err
    ragged = write(tmp_path / "ragged.csv", "1,2,0\n3,4,1\n5,1\n")
    assert demo.main(["--data", ragged]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "ragged.csv" in err and "3" in err


# Why a run did not learn: one line on stderr, exit status 1

def failure_line(capsys, options):
    assert demo.main(options) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    return err


def test_divergence_exits_1_with_a_one_line_reason_and_no_traceback():
    # train's ArithmeticError becomes one line on stderr and exit status 1.
    result = run_demo_script("--activation", "relu", "--eta", "1e300")
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr and "diverged" in result.stderr


def test_too_few_epochs_fail_with_the_truth_table_and_the_default_to_try(capsys):
    # three epochs: the table shows NO, and the line names the default epochs
    err = failure_line(capsys, ["--epochs", "3"])
    assert "did not learn XOR" in err and "try --epochs 500, the default" in err


def test_a_cost_rising_and_falling_says_eta_is_too_big(capsys):
    # eta 30 jumps about the valley: the line says so and offers the default eta
    err = failure_line(capsys, ["--eta", "30"])
    assert "the cost rose and fell" in err and "too big: try --eta 4.0, the default" in err


def test_a_flat_cost_says_eta_is_too_small(capsys):
    # eta 0.01 barely moves: the line says so and offers the default eta
    err = failure_line(capsys, ["--eta", "0.01"])
    assert "the cost stayed flat" in err and "too small: try --eta 4.0, the default" in err


def test_a_cost_still_falling_when_epochs_run_out_says_so(capsys):
    # 120 epochs stop in the middle of XOR's fall
    err = failure_line(capsys, ["--epochs", "120"])
    assert "still falling when the epochs ran out" in err and "try --epochs 500" in err


@pytest.mark.parametrize("options, dead", [
    (["--activation", "relu"], "1 of the 4 relu units is dead"),
    (["--activation", "relu", "--eta", "4"], "all 4 relu units are dead")])
def test_a_flat_relu_run_counts_its_dead_units(capsys, monkeypatch, options, dead):
    # the count in the line is the number of hidden units with z <= 0 for all four examples
    calls = spy_on_train(monkeypatch)
    err = failure_line(capsys, options)
    assert dead in err
    net = calls[0]["net"]
    zs = [backprop.forward(net, [[x1], [x2]])[0][2] for (x1, x2), y in demo.XOR]
    counted = sum(all(z[j][0] <= 0 for z in zs) for j in range(4))
    assert str(counted) in dead or (counted == 4 and "all 4" in dead)


def test_a_stalled_deep_sigmoid_net_names_the_vanishing_gradient(capsys):
    # --hidden 8,8,8 stalls: the line blames σ'(z) <= 1/4 in (B) and offers tanh
    err = failure_line(capsys, ["--hidden", "8,8,8"])
    assert "gradient vanishes" in err and "sigma'(z) <= 1/4" in err
    assert "--activation tanh" in err and err.isascii()


def test_large_costs_keep_the_cost_table_aligned(capsys):
    # a cost of 12345.6789 widens the column instead of pushing its row out of line
    demo.show_costs([12345.6789] + [1.5] * 9)
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("    1  12345.6789  ")
    assert {line.index("  #") if "  #" in line else line.index("#") for line in lines[1:]
            if "#" in line} == {len("    1  12345.6789")}


# --watch and Ctrl-C

class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_watch_writes_no_control_characters_when_not_a_terminal(capsys):
    # piped or captured, --watch prints what the run without it prints
    assert demo.main(["--watch"]) == 0
    watched = capsys.readouterr().out
    assert "\x1b" not in watched
    assert lines_but_timing(watched) == DEFAULT_OUTPUT.splitlines()


def test_watch_on_a_terminal_redraws_the_map_in_place_then_prints_the_run(monkeypatch):
    # on a terminal: frames with the cost, each drawn over the last, then cleared for the end
    screen = Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    assert demo.main(["--watch", "--data", "gauss", "--epochs", "5"]) == 0
    out = screen.getvalue()
    height = demo.MAP_ROWS + 3  # the rows, the x1 line, the legend, the cost line
    assert out.count(f"\x1b[{height}A") == 5  # one up per frame after the first, one to clear
    assert "epoch 5 of 5: mean cost" in out
    after = out.split("\x1b[J")[-1]
    assert "\x1b" not in after and after.startswith("epoch  mean cost")


def test_ctrl_c_during_training_shows_the_map_reached_and_exits_130(capsys, monkeypatch):
    # KeyboardInterrupt in train: the map of the network as it is, one line, status 130
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(backprop, "train", interrupted)
    assert demo.main(["--data", "moons"]) == 130
    captured = capsys.readouterr()
    assert len(map_rows(captured.out)) == demo.MAP_ROWS and "legend:" in captured.out
    assert len(captured.err.splitlines()) == 1 and "Ctrl-C" in captured.err


def test_ctrl_c_sent_to_the_script_ends_it_with_130_and_no_traceback():
    # a real SIGINT while spiral trains: exit status 130, one line on stderr
    with subprocess.Popen([sys.executable, DEMO, "--data", "spiral"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True,
                          env={**os.environ, "PYTHONUNBUFFERED": "1"}) as process:
        assert process.stdout.readline().startswith("settings:")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert len(err.splitlines()) == 1 and "Ctrl-C" in err and "Traceback" not in err

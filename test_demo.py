"""Tests: each name states a fact about demo.py, the first thing a reader runs."""
import contextlib
import io
import os
import re
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

import backprop
import datasets
import demo
import handout

DEMO = os.path.join(os.path.dirname(os.path.abspath(demo.__file__)), "demo.py")

def run(capsys, *args):
    """demo.main's exit status, what it printed and what it said on stderr."""
    status = demo.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err

def run_script(*args, **popen):
    return subprocess.run([sys.executable, DEMO, *args], capture_output=True, text=True, timeout=60,
                          **popen)

def map_rows(out):
    """The rows of the map in the output: the text between its two | borders."""
    return [line.split("|")[1] for line in out.splitlines() if re.match(r"^ *(x2=\S+)? \|.*\|$", line)]

def spy_on_train(monkeypatch, fake=None):
    """Record each call of backprop.train; with fake, return that cost instead of training."""
    calls, real = [], backprop.train

    def spy(net, data, epochs, eta, batch_size=1, seed=None):
        calls.append(dict(net=net, data=data, epochs=epochs, eta=eta, batch_size=batch_size))
        return [fake] * epochs if fake is not None else real(net, data, epochs, eta, batch_size, seed)

    monkeypatch.setattr(backprop, "train", spy)
    return calls

def test_the_default_run_learns_xor_and_shows_costs_truth_table_and_map_in_ascii(capsys):
    # settings, about ten costs, the four cases right, a map with 1 and 0 at the corners
    status, out, err = run(capsys)
    assert status == 0 and err == "" and out.isascii()
    assert out.startswith("settings: sizes=[2, 4, 1] cost=cross_entropy activation=sigmoid eta=4.0 "
                          "epochs=500 batch_size=4 seed=0\n")
    assert re.findall(r"^ (\d)  (\d) \| (\d) \| \S+ \| yes$", out, re.M) == [
        ("0", "0", "0"), ("0", "1", "1"), ("1", "0", "1"), ("1", "1", "0")]
    rows = map_rows(out)
    assert len(rows) == 13 and rows[0][0] + rows[0][-1] + rows[-1][0] + rows[-1][-1] == "1001"
    assert re.search(r"^trained in \d+\.\d{3} s$", out, re.M)
    demo.show_costs([12345.6789] + [1.5] * 8 + [900.0])  # a large cost widens its column, the bars in line
    lines = capsys.readouterr().out.splitlines()[1:]
    assert {line.index("#") for line in lines if "#" in line} == {len("    1  12345.6789  ")}

def test_the_default_run_learns_xor_for_at_least_9_of_seeds_0_to_9(capsys):
    # the demo's defaults are not tuned to one lucky seed
    learned = [demo.main(["--seed", str(seed)]) == 0 for seed in range(10)]
    capsys.readouterr()
    assert sum(learned) >= 9, learned

@pytest.mark.parametrize("options, says", [
    (["--epochs", "0"], "--epochs: must be a whole number >= 1"), (["--eta", "nan"], "--eta: must be a number > 0"),
    (["--hidden", "4,"], "--hidden: must be layer sizes >= 1"), (["--data", "iris"], "--data: must be one of"),
    (["--test-fraction", "1"], "--test-fraction: must be a number between 0 and 1"),
    (["--noise", "0.1"], "--noise does nothing with xor"), (["--test-fraction", "0.5"], "--test-fraction does nothing with xor"),
    (["--data", "points.csv", "--noise", "0.1"], "--noise does nothing with points.csv, which is read as it is"),
    (["--x", "1,0"], "--x works only with --trace, as in python3 demo.py --trace --x"),
    (["--frobnicate"], "unrecognized arguments: --frobnicate"), (["--trace", "--data", "circle"], "unrecognized arguments: --data"),
])
def test_a_bad_or_idle_option_is_one_line_with_usage_and_exit_status_2(capsys, options, says):
    # argparse refuses it before anything runs, naming the option and what works
    with pytest.raises(SystemExit) as stop:
        demo.main(options)
    assert stop.value.code == 2 and says in capsys.readouterr().err.splitlines()[-1]

def test_help_lists_the_one_table_of_defaults_without_a_default_of_none(capsys):
    # -h has a row per data set with the settings the options left out take, in ASCII
    with pytest.raises(SystemExit):
        demo.main(["-h"])
    out = capsys.readouterr().out
    assert out.isascii() and "(default: None)" not in out and "--trace" in out and "--svg DIR" in out
    for name in datasets.NAMES:
        d = datasets.DEFAULTS[name]
        row = [name, ",".join(map(str, d["hidden"])), d["activation"], "/".join(
            f"{d['eta'][a]:g}" for a in ("sigmoid", "tanh", "relu")), str(d["epochs"])]
        assert re.search(r"^  " + r"\s+".join(map(re.escape, row)) + r"\s", out, re.M), name

@pytest.mark.parametrize("name", datasets.NAMES)
def test_each_data_set_gives_train_its_row_of_defaults_and_an_option_given_wins(capsys, monkeypatch, name):
    # hidden, activation, eta, epochs and batch size come from datasets.DEFAULTS when left out
    calls = spy_on_train(monkeypatch, fake=0.5)
    demo.main(["--data", name])
    demo.main(["--data", name, "--hidden", "3,5", "--eta", "0.25", "--epochs", "7", "--activation", "tanh"])
    d, (default, given) = datasets.DEFAULTS[name], calls
    assert default["net"].sizes[1:-1] == d["hidden"] and default["net"].activation == d["activation"]
    assert (default["eta"], default["epochs"]) == (d["eta"][d["activation"]], d["epochs"])
    assert given["net"].sizes[1:-1] == [3, 5] and (given["eta"], given["epochs"]) == (0.25, 7)
    assert given["net"].activation == "tanh"
    capsys.readouterr()

def test_training_sees_only_the_training_part_and_a_large_batch_is_capped_and_said(capsys, monkeypatch):
    # --test-fraction 0.25 of circle's 200 points: train gets the 150 of split's train part
    calls = spy_on_train(monkeypatch, fake=0.5)
    demo.main(["--data", "circle", "--test-fraction", "0.25", "--batch-size", "1000"])
    train, test = datasets.split(datasets.generate("circle", seed=0)[0], 0.25, seed=0)
    assert calls[0]["data"] == train and calls[0]["batch_size"] == 150
    out = capsys.readouterr().out
    assert "150 to train on, 50 kept apart" in out and "note: batch_size 1000 is more than the 150" in out

def test_gauss_learns_and_reports_both_accuracies_and_one_epoch_of_circle_exits_1(capsys):
    # accuracy on both parts, exit 0 above the threshold; below it, one line and exit 1
    status, out, err = run(capsys, "--data", "gauss")
    found = re.search(r"^accuracy: \S+% of the 160 training examples, (\S+)% of the 40 test "
                      r"examples \(gauss needs 90% on test\)$", out, re.M)
    assert status == 0 and float(found.group(1)) >= 90
    status, out, err = run(capsys, "--data", "circle", "--epochs", "1")
    assert status == 1 and re.match(r"demo.py: test accuracy \S+% is below the 90% that circle needs: "
                                     r"1 epochs are too few .* try --epochs 40, the default\n$", err)

def test_three_classes_train_a_softmax_network_and_map_the_winning_class(capsys, monkeypatch):
    # spiral3: a softmax output of 3; the map shows A, B, C (a, b, c when unsure)
    calls = spy_on_train(monkeypatch)
    status, out, err = run(capsys, "--data", "spiral3", "--epochs", "3", "--hidden", "8")
    assert calls[0]["net"].output == "softmax" and calls[0]["net"].sizes == [2, 8, 3]
    rows = map_rows(out)
    assert len(rows) == 21 and set("".join(rows)) <= set("ABCabc012") and set("012") <= set("".join(rows))
    assert "legend: A B C is the class j with the largest a^L_j" in out
    assert [demo.shade(a) for a in ([0.9, 0.05, 0.05], [0.2, 0.3, 0.5], [0.0], [0.55], [1.0])] == \
           ["A", "c", " ", "+", "@"]

def test_a_csv_file_is_scaled_for_training_and_a_bad_one_is_one_line_and_exit_2(tmp_path, capsys):
    # the inputs line gives the training part's means and sds; 3 features leave the map out
    path = tmp_path / "points.csv"
    path.write_text("x1,x2,x3,label\n" + "".join(f"{10 + k % 7},{k * 3 % 11},{k},{k % 2}\n" for k in range(40)))
    status, out, err = run(capsys, "--data", str(path), "--epochs", "2")
    assert "inputs: scaled for training as (x_i - mean_i) / sd_i" in out and "map: left out" in out
    path.write_text("1,2,0\n3,four,1\n")
    assert run(capsys, "--data", str(path))[0:3:2] == (2, f"demo.py: {path} line 2: column 2 is 'four', "
                                                          f"not a finite number; features are numbers "
                                                          f"like 0.5, -1.2 or 1e-3\n")
    assert run(capsys, "--data", "spiral3", "--cost", "quadratic")[0] == 2
    status, out, err = run(capsys, "--svg", str(path))  # a file where the folder would go
    assert status == 2 and "cannot make that folder" in err and "trained" not in out

@pytest.mark.parametrize("options, says, then", [
    (["--epochs", "100"], "still falling when the epochs ran out", ["--epochs", "400"]),
    (["--epochs", "3"], "3 epochs are too few", ["--epochs", "500"]),
    (["--hidden", "1"], "a hidden layer of 1 unit passes on one number", ["--hidden", "4"]),
    (["--hidden", "8,8,8"], "the gradient vanishes on its way back, as (B) multiplies delta by "
                            "sigma'(z) <= 1/4", ["--hidden", "8,8,8", "--activation", "tanh"]),
    (["--eta", "30"], "the cost rose and fell", ["--eta", "7.5"]),
    (["--eta", "0.01"], "try a larger --eta, such as 4", ["--eta", "4"]),
    (["--activation", "relu", "--eta", "4"], "all 4 relu units are dead", ["--activation", "relu", "--eta", "1", "--seed", "1"]),
], ids=["falling", "too-few", "narrow", "vanishing", "rising", "small-eta", "dead"])
def test_a_run_that_did_not_learn_says_what_it_saw_and_the_advice_leads_to_a_run_that_does(
        capsys, options, says, then):
    # one line on stderr, exit 1, in ASCII; following the advice it gives, the next run learns
    status, out, err = run(capsys, *options)
    assert status == 1 and len(err.splitlines()) == 1 and err.isascii() and says in err, err
    for number in re.findall(r"(--\w+(?:-\w+)?)(?:,)? such as (\S+?)[,)]?(?: |$)", err):
        assert number in [(a, b) for a, b in zip(then, then[1:])], (number, then)
    assert run(capsys, *then)[0] == 0, then

def test_divergence_and_ctrl_c_end_with_one_line_and_no_traceback():
    # eta 1e300 diverges: exit 1; SIGINT during a long run: exit 130 with the map reached
    result = run_script("--activation", "relu", "--eta", "1e300")
    assert result.returncode == 1 and "diverged" in result.stderr and "Traceback" not in result.stderr
    child = subprocess.Popen([sys.executable, DEMO, "--data", "spiral", "--epochs", "100000"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for _ in range(3):  # settings and data, flushed into the pipe before the training starts
        if "data:" in child.stdout.readline():
            break
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=30)
    assert child.returncode == 130 and "stopped by Ctrl-C" in err and "Traceback" not in err
    assert len(map_rows(out)) == 21

class Terminal(io.StringIO):
    def isatty(self):
        return True

def test_watch_draws_a_first_frame_at_once_then_redraws_in_place_within_the_terminals_width(monkeypatch):
    # frame 1 is the untrained network; ESC[nA moves up over the last frame; no line wraps
    monkeypatch.setattr(demo.shutil, "get_terminal_size", lambda: os.terminal_size((30, 24)))
    with contextlib.redirect_stdout(Terminal()) as screen:
        assert demo.main(["--watch", "--epochs", "200"]) == 0
    shown = screen.getvalue()
    up = re.search(r"\x1b\[(\d+)A", shown)
    assert "epoch 0 of 200" in shown[:up.start()] and int(up.group(1)) == 16  # the frame's lines
    assert all(len(re.sub(r"\x1b\[\w*", "", line)) <= 29 for line in shown.split("\n")[1:17])
    assert "settings:" in shown and shown.count("x1 x2 | y | a^L") == 1
    with contextlib.redirect_stdout(io.StringIO()) as piped:
        assert demo.main(["--watch", "--epochs", "200"]) == 0
    assert "\x1b" not in piped.getvalue()

def test_svg_writes_the_network_the_map_and_the_cost_as_svg_pictures(tmp_path, capsys):
    # --svg DIR: three well-formed SVG files; the map has a mark for each example
    status, out, err = run(capsys, "--data", "spiral3", "--hidden", "4", "--epochs", "2", "--svg",
                           str(tmp_path / "pics"))
    assert status in (0, 1) and f"pictures: {tmp_path / 'pics' / 'network.svg'}" in out
    assert all(ET.parse(tmp_path / "pics" / name).getroot().tag.endswith("svg")
               for name in ("network.svg", "map.svg", "cost.svg"))
    assert "epoch" in (tmp_path / "pics" / "cost.svg").read_text()

def test_trace_hands_its_options_to_the_handout(capsys):
    # python3 demo.py --trace ARGS prints what python3 handout.py ARGS prints
    status, out, err = run(capsys, "--trace", "--x", "0.5,0.25", "--hidden", "3")
    assert status == handout.main(["--x", "0.5,0.25", "--hidden", "3"]) == 0
    assert out == capsys.readouterr().out and "Answer key" in out

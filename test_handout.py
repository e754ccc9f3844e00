"""Tests of handout.py, the document that python3 demo.py --trace prints."""
import os
import re
import shlex
import subprocess
import sys

import pytest

import backprop
import demo
import handout

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.join(HERE, "demo.py")
MAZUR = os.path.join(HERE, "examples", "mazur.json")
MAZUR_COMMAND = ["--weights", MAZUR, "--x", "0.05,0.10", "--y", "0.01,0.99",
                 "--eta", "0.5", "--digits", "9"]
EXAMPLES = {"2-2-1": ["--hidden", "2"],
            "3-4-3-2": ["--hidden", "4,3", "--x", "0.5,-0.25,1", "--y", "0,1"]}


def trace(capsys, *options):
    """demo.py --trace's exit status and what it printed, for the given options."""
    status = demo.main(["--trace", *options])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run_demo_script(*args, **env):
    """python3 demo.py *args in a fresh interpreter, as a reader runs it."""
    return subprocess.run([sys.executable, DEMO, *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=60)


def quantities(out):
    """The text document as {label: matrix}: each labelled row and the numbers (or blanks)."""
    found, label = {}, None
    for line in out.splitlines():
        head = re.match(r"^  (\S.*?)\s+(?:\([A-D]\)\s+)?Ng: ", line)
        if head:
            label = head.group(1)
            found[label] = []
        elif label and line.startswith("      "):
            found[label].append([v if "_" in v else float(v) for v in line.strip(" []").split()])
        else:
            label = None
    return found


# Every format, for a 2-2-1 and a 4-layer network

@pytest.mark.parametrize("fmt", handout.FORMATS)
@pytest.mark.parametrize("example", EXAMPLES, ids=list(EXAMPLES))
def test_every_format_shows_steps_1_to_6_with_tags_A_to_D(capsys, fmt, example):
    # Each format has the six steps, the four equations tagged, and exits 0.
    status, out, err = trace(capsys, *EXAMPLES[example], "--format", fmt)
    assert status == 0, err
    for step in range(1, 7):
        assert re.search(rf"(?i)step {step}:", out)
    tags = {"text": "({})  Ng:", "markdown": r"\tag{{{}}}", "latex": r"\tag{{{}}}"}[fmt]
    for equation in "ABCD":
        assert tags.format(equation) in out
    assert out.count(tags.format("B")) == (2 if example == "3-4-3-2" else 1)


def test_text_rows_hold_what_a_student_needs_to_redo_the_sums(capsys):
    # From the printed x, w, b alone, z, a, σ', δ, the gradients and the update follow
    # to the printed digits: the seeded weights are used as shown.
    out = trace(capsys, "--hidden", "2", "--cost", "quadratic", "--eta", "0.5")[1]
    q = quantities(out)
    x, y, w2, b2, w3, b3 = (q[k] for k in ["x = a^1", "y", "w^2", "b^2", "w^3", "b^3"])
    net = backprop.Network([2, 2, 1], cost="quadratic")
    net.w, net.b = {2: w2, 3: w3}, {2: b2, 3: b3}
    z, a = backprop.forward(net, x)
    nabla_w, nabla_b = backprop.backprop(net, x, y)
    expected = {"z^2 = w^2 a^1 + b^2": z[2], "a^3 = σ(z^3)": a[3],
                "σ'(z^2) = a^2 ⊙ (1 - a^2)": [[s * (1 - s)] for (s,) in a[2]],
                "C = ½‖y - a^3‖²": [[backprop.cost(net, x, y)]],
                "δ^3 = (a^3 - y) ⊙ σ'(z^3)": nabla_b[3],
                "δ^2 = ((w^3)ᵀ δ^3) ⊙ σ'(z^2)": nabla_b[2], "∂C/∂w^2 = δ^2 (a^1)ᵀ": nabla_w[2],
                "w^3 ← w^3 - η ∂C/∂w^3": [[w - 0.5 * g for w, g in zip(w3[0], nabla_w[3][0])]]}
    for label, M in expected.items():
        assert q[label] == [[round(v, 4) for v in row] for row in M], label


def test_markdown_and_latex_are_well_formed(capsys):
    # Balanced braces, $ and environments; every bmatrix complete (equal rows);
    # pure ASCII, so any terminal shows it.
    for options in EXAMPLES.values():
        for fmt in ["markdown", "latex"]:
            for sheet in [[], ["--worksheet"]]:
                out = trace(capsys, *options, "--format", fmt, *sheet)[1]
                assert out.isascii()
                assert out.count("{") == out.count("}") and out.count("$") % 2 == 0
                assert all(line.count("$$") in (0, 2) for line in out.splitlines())
                assert out.count(r"\[") == out.count(r"\]")
                assert re.findall(r"\\begin\{(\w+)\}", out) == re.findall(r"\\end\{(\w+)\}", out)
                matrices = re.findall(r"\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}", out)
                assert len(matrices) > 20
                for body in matrices:
                    rows = body.split(r"\\")
                    assert len({row.count("&") for row in rows}) == 1, body
                    assert all(row.strip() for row in rows), body


def test_latex_rows_are_display_math_with_amsmath_tags(capsys):
    # Each quantity is one \[ ... \] line; the tags are amsmath's \tag, the comment names amsmath.
    out = trace(capsys, "--format", "latex")[1]
    assert out.startswith("% needs \\usepackage{amsmath}")
    rows = [line for line in out.splitlines() if line.startswith(r"\[")]
    assert all(line.endswith(r"\]") for line in rows)
    assert r"\delta^{3} = a^{3} - y = \begin{bmatrix}" in out and r"\tag{A}" in out


# The worksheet and its answer key

def computed_numbers(options, digits=4):
    """Every computed value of the document for options, as printed (not x, y, w, b, η)."""
    args = demo.parse_args(["--trace", *options])
    net, x, y, _ = handout.network_and_example(args)
    v = handout.compute(net, x, y, args.eta)
    given = {handout.number(p, digits) for M in [x, y, *net.w.values(), *net.b.values()]
             for row in M for p in row}
    matrices = [*v["z"].values(), *v["a"].values(), *v["sigma_prime"].values(),
                *v["nabla_w"].values(), *v["nabla_b"].values(), *v["new_w"].values(),
                *v["new_b"].values(), [[v["C"]]], [[v["C_new"]]], [[v["C_new_w"]]]]
    printed = {handout.number(p, digits) for M in matrices for row in M for p in row}
    return printed - given


@pytest.mark.parametrize("fmt", handout.FORMATS)
def test_worksheet_holds_none_of_the_computed_numbers_and_its_key_holds_all(capsys, fmt):
    # A student sees x, y, w, b and η; the same command without --worksheet shows the rest.
    options = ["--hidden", "3", "--seed", "5", "--cost", "quadratic", "--format", fmt]
    computed = computed_numbers(options)
    assert len(computed) > 20
    sheet = trace(capsys, *options, "--worksheet")[1]
    key = trace(capsys, *options)[1]
    shown = set(re.findall(r"-?\d+\.\d+", sheet))
    assert not computed & shown
    assert computed <= set(re.findall(r"-?\d+\.\d+", key))
    assert "w^2" in sheet or "w^{2}" in sheet


def test_worksheet_prints_the_command_of_its_answer_key(capsys):
    # The command under "The answer key is printed by" prints the key of this very sheet.
    options = ["--hidden", "2", "--seed", "11", "--eta", "0.5", "--digits", "3"]
    sheet = trace(capsys, *options, "--worksheet")[1]
    command = sheet.split("The answer key is printed by")[1].split("\n")[1].strip()
    words = shlex.split(command)
    assert words[:2] == ["python3", "demo.py"]
    assert words[:3] == ["python3", "demo.py", "--trace"]
    assert trace(capsys, *words[3:]) == trace(capsys, *options)


def test_seed_gives_each_student_other_weights(capsys):
    # Two seeds, two sheets with different given weights.
    first = quantities(trace(capsys, "--worksheet", "--seed", "1")[1])["w^2"]
    second = quantities(trace(capsys, "--worksheet", "--seed", "2")[1])["w^2"]
    assert first != second


def test_digits_sets_the_rounding(capsys):
    # --digits 2 prints every value with two decimals, --digits 7 with seven.
    for n in [2, 7]:
        out = trace(capsys, "--digits", str(n))[1]
        values = [line for line in out.splitlines() if re.match(r"      (\[|\d)", line)]
        decimals = {len(d) for line in values for d in re.findall(r"\d\.(\d+)", line)}
        assert len(values) > 30 and decimals == {n}


# Mazur's 2-2-2 example

def test_mazur_json_holds_his_weights_and_biases():
    # examples/mazur.json: w1..w8 = .15 .20 .25 .30 .40 .45 .50 .55, b1 = .35, b2 = .60, quadratic.
    net = backprop.load(MAZUR)
    assert (net.sizes, net.cost, net.activation, net.output) == ([2, 2, 2], "quadratic",
                                                                 "sigmoid", "sigmoid")
    assert net.w == {2: [[0.15, 0.20], [0.25, 0.30]], 3: [[0.40, 0.45], [0.50, 0.55]]}
    assert net.b == {2: [[0.35], [0.35]], 3: [[0.60], [0.60]]}


def test_mazur_published_numbers_appear_to_the_digits_he_printed(capsys):
    # Each number of the post, rounded as he rounded it, is the trace's number there.
    status, out, err = trace(capsys, *MAZUR_COMMAND)
    assert status == 0, err
    q = quantities(out)
    z2, a2, a3 = q["z^2 = w^2 a^1 + b^2"], q["a^2 = σ(z^2)"], q["a^3 = σ(z^3)"]
    w2, w3 = q["w^2 ← w^2 - η ∂C/∂w^2"], q["w^3 ← w^3 - η ∂C/∂w^3"]
    published = [("net_h1", z2[0][0], "0.3775"), ("out_h1", a2[0][0], "0.593269992"),
                 ("out_h2", a2[1][0], "0.596884378"), ("out_o1", a3[0][0], "0.75136507"),
                 ("out_o2", a3[1][0], "0.772928465"),
                 ("E_total", q["C = ½‖y - a^3‖²"][0][0], "0.298371109"),
                 ("dE/dw5", q["∂C/∂w^3 = δ^3 (a^2)ᵀ"][0][0], "0.082167041"),
                 ("w5+", w3[0][0], "0.35891648"), ("w6+", w3[0][1], "0.408666186"),
                 ("w7+", w3[1][0], "0.511301270"), ("w8+", w3[1][1], "0.561370121"),
                 ("w1+", w2[0][0], "0.149780716"), ("w2+", w2[0][1], "0.19956143"),
                 ("w3+", w2[1][0], "0.24975114"), ("w4+", w2[1][1], "0.29950229")]
    for name, ours, his in published:
        assert f"{ours:.{len(his) - 2}f}" == his, name
    # His biases are never updated: his new error is our C with the new weights and the
    # biases kept.  He prints 0.291027924; the weights he prints give 0.291027774, so the
    # two agree to the 6 decimals they share.
    kept = q["C with the new weights, the biases kept"][0][0]
    assert kept == 0.291027774 and f"{kept:.6f}" == f"{0.291027924:.6f}"


# What the trace shows

def test_trace_shows_the_example_it_is_given(capsys):
    # --x and --y set the example, n_1 and n_L; the first line and the given rows show it.
    out = trace(capsys, "--x", "0.25,-0.5,2", "--y", "0.75")[1]
    assert out.splitlines()[0] == "One pass of backprop for x = (0.25, -0.5, 2.0), y = (0.75)"
    q = quantities(out)
    assert q["x = a^1"] == [[0.25], [-0.5], [2.0]] and q["y"] == [[0.75]]
    assert "Sizes [3, 4, 1]" in out


def test_given_numbers_with_more_decimals_than_shown_are_said_to_be_rounded(capsys):
    # x = 0.123456 shows as 0.1235 with --digits 4, and the document says so; 0.1234 does not.
    assert "shown rounded and used in full" in trace(capsys, "--x", "0.123456,1")[1]
    assert "shown rounded" not in trace(capsys, "--x", "0.1234,1")[1]
    assert "shown rounded" not in trace(capsys, "--x", "0.123456,1", "--digits", "6")[1]


@pytest.mark.parametrize("options", [
    [], ["--cost", "quadratic"], ["--activation", "tanh", "--hidden", "3,5"],
    ["--activation", "relu"]], ids=["cross_entropy", "quadratic", "tanh_3_5", "relu"])
def test_trace_gradients_are_within_1e_6_of_central_differences(capsys, options):
    # The text key ends with the check of every gradient entry against central differences.
    status, out, _ = trace(capsys, *options)
    assert status == 0
    worst = float(re.search(r"max\(\|g\|, \|n\|, 1e-4\) = (\S+) \(must be < 1e-6\)", out).group(1))
    assert worst < 1e-6


def test_trace_exits_1_when_backprop_disagrees_with_central_differences(capsys, monkeypatch):
    # The check is real: gradients 0.1% off the central differences fail with exit status 1.
    real = backprop.numerical_gradient

    def off_by_a_thousandth(net, x, y):
        nabla_w, nabla_b = real(net, x, y)
        return ({l: [[1.001 * v for v in row] for row in M] for l, M in nabla_w.items()},
                {l: [[1.001 * v for v in row] for row in M] for l, M in nabla_b.items()})

    monkeypatch.setattr(backprop, "numerical_gradient", off_by_a_thousandth)
    for fmt in handout.FORMATS:
        status, _, err = trace(capsys, "--format", fmt)
        assert status == 1 and len(err.splitlines()) == 1 and "central differences" in err


def test_trace_states_which_form_of_A_each_cost_uses(capsys, tmp_path):
    # Cross-entropy: a^L - y, σ'(z^L) cancels; quadratic: (a^L - y) ⊙ σ'(z^L);
    # softmax: a^L = softmax(z^L), δ^L = a^L - y and no σ'(z^L) row for layer L.
    out = " ".join(trace(capsys)[1].split())
    assert "δ^3 = a^3 - y" in out and "so σ'(z^3) cancels" in out
    out = trace(capsys, "--cost", "quadratic")[1]
    assert "δ^3 = (a^3 - y) ⊙ σ'(z^3)" in out and "∇_a C = a^3 - y" in out
    path = str(tmp_path / "softmax.json")
    backprop.save(backprop.Network([2, 3, 2], seed=0, output="softmax"), path)
    status, out, err = trace(capsys, "--weights", path, "--y", "0,1")
    assert status == 0, err
    assert "a^3 = softmax(z^3)" in out and "δ^3 = a^3 - y" in out
    assert "C = -Σ_j y_j ln a^3_j" in out
    labels = quantities(out)
    assert "σ'(z^2) = a^2 ⊙ (1 - a^2)" in labels
    assert not [label for label in labels if label.startswith("σ'(z^3)")]
    assert "Softmax output" in out


def test_one_example_ng_names_are_lower_case(capsys):
    # Article 004: z^[l], a^[l], dz^[l], dW^[l], db^[l] for one example; capitals Z, A, dZ
    # belong to m examples.  Ng's layer is ours - 1.
    out = trace(capsys, "--hidden", "3,2")[1]
    for name in ["a^[0]", "z^[1]", "a^[1]", "g'(z^[1])", "dz^[3]", "da^[2]", "dz^[1]",
                 "dW^[1]", "db^[1]", "W^[3]", "b^[3]"]:
        assert f"Ng: {name}" in out, name
    assert not re.search(r"\b(Z|A|dZ|dA)\^\[", out)
    assert re.search(r"^  z\^2 = .*Ng: z\^\[1\]$", out, re.MULTILINE)


@pytest.mark.parametrize("encoding", ["ascii", "gbk"])
def test_a_terminal_without_the_symbols_gets_ascii_spellings_never_a_question_mark(encoding):
    # δ σ ⊙ ᵀ ∂ ∇ become delta, sigma', (.), ^T, dC/dw, grad_a; nothing turns into '?'.
    result = run_demo_script("--trace", "--cost", "quadratic", PYTHONIOENCODING=encoding)
    assert result.returncode == 0, result.stderr
    assert "?" not in result.stdout and result.stdout.isascii()
    for spelling in ["delta^3", "sigma'(z^2)", "(.)", "(w^3)^T delta^3", "dC/dw^2", "grad_a C"]:
        assert spelling in result.stdout, spelling


# Mistakes on the command line

@pytest.mark.parametrize("options, named", [
    (["--trace", "--epochs", "3"], "--epochs"),
    (["--trace", "--batch-size", "2"], "--batch-size"),
    (["--trace", "--weights", MAZUR, "--hidden", "3"], "--hidden"),
    (["--trace", "--weights", MAZUR, "--seed", "3"], "--seed"),
    (["--x", "1,0"], "--x"), (["--worksheet"], "--worksheet"), (["--format", "latex"], "--format"),
    (["--trace", "--x", "1,a"], "--x"), (["--trace", "--digits", "0"], "--digits"),
    (["--trace", "--format", "html"], "--format")])
def test_an_option_that_does_nothing_or_a_bad_value_exits_2(capsys, options, named):
    # --epochs with --trace trains nothing, --hidden with --weights is set by the file,
    # --x without --trace follows no example: usage and one reason on stderr, exit 2.
    with pytest.raises(SystemExit) as stop:
        demo.main(options)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: demo.py") and named in err.splitlines()[-1]


@pytest.mark.parametrize("content, says", [
    ("{not json", "is not a network written by save()"),
    ('{"sizes": [2, 1]}', "it needs the keys"),
    (None, "cannot read")], ids=["not_json", "missing_keys", "no_file"])
def test_a_bad_weights_file_is_one_line_on_stderr_and_exit_2(capsys, tmp_path, content, says):
    # A malformed or missing file is named, in one line, with no traceback.
    path = tmp_path / "net.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    status, out, err = trace(capsys, "--weights", str(path))
    assert status == 2 and out == "" and len(err.splitlines()) == 1
    assert str(path) in err and says in err


def test_an_example_that_does_not_fit_the_weights_file_exits_2(capsys):
    # Mazur's network takes 2 inputs and 2 targets in [0, 1]: other x and y are refused.
    for options, says in [(["--x", "1,2,3", "--y", "0,1"], "--x needs 2 numbers"),
                          (["--x", "1,2"], "--y needs 2 numbers"),
                          (["--x", "1,2", "--y", "0,3"], "target must lie in [0, 1]")]:
        status, out, err = trace(capsys, "--weights", MAZUR, *options)
        assert status == 2 and out == "" and len(err.splitlines()) == 1
        assert says in err


# README.md

def test_readme_handout_excerpts_are_what_demo_prints(capsys):
    # Each excerpt marked in README.md (English and Chinese) is, piece by piece between
    # "..." lines, what the last python3 demo.py command before it prints.
    with open(os.path.join(HERE, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    marker = "<!-- handout output: test_readme_handout_excerpts_are_what_demo_prints -->"
    pieces = readme.split(marker)
    assert len(pieces) == 4
    for before, after in zip(pieces, pieces[1:]):
        command = re.findall(r"python3 demo\.py (--trace[^`\n]*)", before)[-1]
        excerpt = re.match(r"\n```\w*\n(.*?)\n```\n", after, re.DOTALL).group(1)
        status, out, _ = trace(capsys, *shlex.split(command)[1:])
        assert status == 0
        for chunk in excerpt.split("\n...\n"):
            assert "\n" + chunk + "\n" in "\n" + out, chunk

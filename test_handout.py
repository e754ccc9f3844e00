"""Tests: each name states a fact about handout.py, the worksheets and their keys."""
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

import backprop
import handout

HERE = os.path.dirname(os.path.abspath(__file__))
MAZUR = ["--weights", os.path.join(HERE, "examples", "mazur.json"), "--x", "0.05,0.10", "--y",
         "0.01,0.99", "--eta", "0.5", "--digits", "9"]

def run(capsys, *options):
    """handout.main's exit status, what it printed and what it said on stderr."""
    status = handout.main(list(options))
    captured = capsys.readouterr()
    return status, captured.out, captured.err

def quantities(out):
    """The text document as {label: matrix}: each labelled row and its numbers (or blanks)."""
    found, label = {}, None
    for line in out.splitlines():
        head = re.match(r"^  (\S.*?)(?:\s+(?:\([A-D]\)\s+)?Ng: .*|\s*)$", line)
        if head and not line.startswith("      "):
            label = head.group(1)
            found[label] = []
        elif label and line.startswith("      "):
            found[label].append([v if "_" in v else float(v) for v in line.strip(" []").split()])
        else:
            label = None
    return found

@pytest.mark.parametrize("fmt", handout.FORMATS)
@pytest.mark.parametrize("options", [["--hidden", "2"], ["--hidden", "4,3", "--x", "0.5,-0.25,1", "--y", "0,1"]],
                         ids=["2-2-1", "3-4-3-2"])
def test_every_format_shows_the_six_steps_with_each_equation_tagged(capsys, fmt, options):
    # steps 1 to 6; (A) once, (B) once a hidden layer, (C) and (D) once a layer
    status, out, err = run(capsys, *options, "--format", fmt)
    assert status == 0 and err == ""
    for step in range(1, 7):
        assert re.search(rf"(?i)step {step}:", out)
    tag = {"text": "({})  Ng:", "markdown": r"\tag{{{}}}", "latex": r"\text{{({})}}"}[fmt]
    counts = [out.count(tag.format(t)) for t in "ABCD"]
    assert counts == ([1, 1, 2, 2] if options == ["--hidden", "2"] else [1, 2, 3, 3])

def test_text_rows_hold_what_a_student_needs_to_redo_the_sums(capsys):
    # from the printed x, y, w, b alone, every computed row follows to the printed digits
    q = quantities(run(capsys, "--cost", "quadratic", "--eta", "0.5")[1])
    net = backprop.Network([2, 2, 1], cost="quadratic")
    net.w, net.b = {2: q["w^2"], 3: q["w^3"]}, {2: q["b^2"], 3: q["b^3"]}
    x, y = q["x = a^1"], q["y"]
    z, a = backprop.forward(net, x)
    nabla_w, nabla_b = backprop.backprop(net, x, y)
    expected = {"z^2 = w^2 a^1 + b^2": z[2], "a^3 = σ(z^3)": a[3], "C = ½‖y - a^3‖²": [[backprop.cost(net, x, y)]],
                "σ'(z^2) = a^2 ⊙ (1 - a^2)": [[s * (1 - s)] for (s,) in a[2]],
                "δ^2 = ((w^3)ᵀ δ^3) ⊙ σ'(z^2)": nabla_b[2], "∂C/∂w^2 = δ^2 (a^1)ᵀ": nabla_w[2],
                "w^3 ← w^3 - η ∂C/∂w^3": [[w - 0.5 * g for w, g in zip(q["w^3"][0], nabla_w[3][0])]]}
    for label, M in expected.items():
        assert q[label] == [[round(v, 4) for v in row] for row in M], label

def computed(options):
    """Every computed number of the text key for options, as printed, but those given too."""
    q = quantities(handout_text(options))
    given = {"x = a^1", "y", "η"} | {k for k in q if re.fullmatch(r"[wb]\^\d", k)}
    numbers = {k: {f"{v:.4f}" for row in M for v in row} for k, M in q.items()}
    return set().union(*(numbers[k] for k in q if k not in given)) - set().union(*(numbers[k] for k in given))

def handout_text(options):
    args = handout.parse_args(options, "handout.py")
    net, x, y, source = handout.example(args)
    return handout.render(handout.document(net, handout.compute(net, x, y, args.eta), args, source), args)

@pytest.mark.parametrize("fmt", handout.FORMATS)
def test_a_worksheet_holds_none_of_the_computed_numbers_nor_a_command_and_its_key_holds_all(capsys, fmt):
    # a student sees x, y, w, b and η; the key ("Answer key" in its title) shows the rest
    options = ["--hidden", "3", "--seed", "5", "--cost", "quadratic", "--format", fmt]
    numbers = computed(["--hidden", "3", "--seed", "5", "--cost", "quadratic"])
    sheet, key = run(capsys, *options, "--worksheet")[1], run(capsys, *options)[1]
    assert len(numbers) > 20 and not numbers & set(re.findall(r"-?\d+\.\d+", sheet))
    assert numbers <= set(re.findall(r"-?\d+\.\d+", key))
    assert "Worksheet" in sheet and "Answer key" not in sheet and "Answer key" in key
    assert "python3" not in sheet and "--worksheet" not in sheet
    # given numbers with more decimals than --digits are said to be shown rounded
    assert "shown rounded" in run(capsys, "--x", "0.123456,1")[1] and "shown rounded" not in key

@pytest.mark.parametrize("fmt, start", [("text", "\nWorksheet, variant "), ("markdown", "\n## Worksheet, variant "),
                                        ("latex", "\\clearpage\n\\section*{Worksheet, variant ")])
def test_a_class_set_has_numbered_variants_each_with_its_own_numbers_and_a_matching_key(capsys, fmt, start):
    # --class 3: three worksheets, each under its own heading or on its own page; the keys
    # hold the same given numbers, and the same command gives the same set
    sheets = run(capsys, "--class", "3", "--seed", "7", "--worksheet", "--format", fmt)[1]
    keys = run(capsys, "--class", "3", "--seed", "7", "--format", fmt)[1]
    assert sheets.count(start) == 2
    for k in (1, 2, 3):
        assert f"Worksheet, variant {k}: " in sheets and f"Answer key, variant {k}: " in keys
    given = [re.findall(r"-?\d+\.\d{4}", part)[:6] for part in keys.split("Answer key, variant ")[1:]]
    assert len({tuple(g) for g in given}) == 3  # three variants, three sets of given numbers
    assert all(g[:4] == re.findall(r"-?\d+\.\d{4}", part)[:4]
               for g, part in zip(given, sheets.split("Worksheet, variant ")[1:]))
    assert run(capsys, "--class", "3", "--seed", "7", "--format", fmt)[1] == keys  # repeatable

def test_latex_is_a_whole_document_with_the_network_in_tikz_and_room_to_write(capsys):
    # \documentclass ... \end{document}; balanced environments; boxes apart in a column
    out = run(capsys, "--worksheet", "--format", "latex", "--hidden", "3")[1]
    assert out.startswith("\\documentclass") and out.rstrip().endswith("\\end{document}")
    assert sorted(re.findall(r"\\begin\{(\w+)\}", out)) == sorted(re.findall(r"\\end\{(\w+)\}", out))
    assert out.count("{") == out.count("}") and out.isascii()
    assert out.count("\\begin{tikzpicture}") == 1 and "\\blank \\\\[2.5ex] \\blank" in out

@pytest.mark.skipif(not shutil.which("pdflatex"), reason="needs pdflatex")
def test_a_latex_class_set_compiles_with_pdflatex_with_no_error_and_no_overfull_box(tmp_path, capsys):
    # two worksheets of a 3-4-2 network at 9 digits: a new page for each, nothing too wide
    out = run(capsys, "--class", "2", "--worksheet", "--format", "latex", "--hidden", "4",
              "--x", "0.5,-0.25,1", "--y", "0,1", "--digits", "9")[1]
    (tmp_path / "class.tex").write_text(out, encoding="utf-8")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "class.tex"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    log = (tmp_path / "class.log").read_text(errors="replace")
    assert done.returncode == 0 and "Overfull" not in log, log[-2000:]

def test_mazur_published_numbers_appear_to_the_digits_he_printed(capsys):
    # each number of his post, rounded as he rounded it, is the document's number there
    net = backprop.load(MAZUR[1])
    assert net.w == {2: [[0.15, 0.20], [0.25, 0.30]], 3: [[0.40, 0.45], [0.50, 0.55]]}
    assert net.b == {2: [[0.35], [0.35]], 3: [[0.60], [0.60]]} and net.cost == "quadratic"
    q = quantities(run(capsys, *MAZUR)[1])
    a2, a3, w2, w3 = q["a^2 = σ(z^2)"], q["a^3 = σ(z^3)"], q["w^2 ← w^2 - η ∂C/∂w^2"], q["w^3 ← w^3 - η ∂C/∂w^3"]
    for ours, his in [(q["z^2 = w^2 a^1 + b^2"][0][0], "0.3775"), (a2[0][0], "0.593269992"),
                      (a2[1][0], "0.596884378"), (a3[0][0], "0.75136507"), (a3[1][0], "0.772928465"),
                      (q["C = ½‖y - a^3‖²"][0][0], "0.298371109"), (q["∂C/∂w^3 = δ^3 (a^2)ᵀ"][0][0], "0.082167041"),
                      (w3[0][0], "0.35891648"), (w3[1][1], "0.561370121"), (w2[0][0], "0.149780716"),
                      (w2[1][1], "0.29950229")]:
        assert f"{ours:.{len(his) - 2}f}" == his
    # his biases are never updated: his new error is our C with the biases kept; his printed
    # 0.291027924 and the 0.291027774 his printed weights give agree to 6 decimals
    assert q["C with the new weights, the biases kept"][0][0] == 0.291027774

def test_the_key_checks_every_gradient_and_exits_1_when_backprop_is_wrong(capsys, monkeypatch):
    # the text key ends with the largest relative gap to central differences, below 1e-6
    out = run(capsys, "--activation", "tanh", "--hidden", "3,5")[1]
    assert float(re.search(r"largest relative gap (\S+) \(below 1e-6", out).group(1)) < 1e-6
    real = backprop.numerical_gradient
    monkeypatch.setattr(backprop, "numerical_gradient", lambda *a: tuple(
        {l: [[1.001 * v for v in row] for row in M] for l, M in g.items()} for g in real(*a)))
    status, out, err = run(capsys, "--format", "latex")
    assert status == 1 and "central differences" in err and len(err.splitlines()) == 1

def test_the_document_names_the_form_of_A_for_each_cost_and_ngs_one_example_names(capsys, tmp_path):
    # cross-entropy: a^L - y, σ'(z^L) cancels; quadratic: (a^L - y) ⊙ σ'(z^L); softmax: no σ'(z^L);
    # Ng's lower-case z^[l], a^[l], dz^[l] for one example, his layer one less than ours
    out = " ".join(run(capsys, "--hidden", "3,2")[1].split())
    assert "δ^4 = a^4 - y" in out and "so σ'(z^4) cancels" in out
    for name in ("a^[0]", "z^[1]", "dz^[3]", "da^[2]", "dW^[1]", "W^[3] := W^[3] - α dW^[3]"):
        assert f"Ng: {name}" in out
    assert not re.search(r"Ng: (Z|A|dZ|dA)\^\[", out)
    assert "δ^3 = (a^3 - y) ⊙ σ'(z^3)" in run(capsys, "--cost", "quadratic")[1]
    out = run(capsys, "--output", "softmax", "--y", "0,1")[1]
    assert "a^3 = softmax(z^3)" in out and "σ'(z^3) =" not in out and "C = -Σ_j y_j ln a^3_j" in out

def test_a_terminal_without_the_symbols_gets_ascii_spellings():
    # δ σ ⊙ ᵀ ∂ become delta, sigma, (.), ^T, d; nothing turns into '?' or a traceback
    result = subprocess.run([sys.executable, os.path.join(HERE, "handout.py"), "--cost", "quadratic"],
                            capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0 and result.stdout.isascii() and "?" not in result.stdout
    for spelling in ("delta^3", "sigma'(z^2)", "(.)", "(w^3)^T delta^3", "dC/dw^2", "grad_a C"):
        assert spelling in result.stdout, spelling

@pytest.mark.parametrize("options, says", [
    (["--weights", MAZUR[1], "--hidden", "3"], "--hidden does nothing with --weights"),
    (["--weights", MAZUR[1], "--class", "3"], "--class does nothing with --weights"),
    (["--x", "1,a"], "--x: must be numbers separated by commas"), (["--digits", "0"], "--digits: must be a whole"),
    (["--eta", "-1"], "--eta: must be a number > 0"), (["--class", "0"], "--class: must be a whole number from 1"),
])
def test_a_bad_or_idle_option_is_usage_and_exit_status_2(capsys, options, says):
    # the option is named with what works; nothing is printed on stdout
    with pytest.raises(SystemExit) as stop:
        handout.main(options)
    assert stop.value.code == 2 and says in capsys.readouterr().err.splitlines()[-1]

@pytest.mark.parametrize("options, says", [
    (["--weights", "nowhere.json"], "cannot read"), (["--x", "1,2,3", "--y", "0,1", "--weights", MAZUR[1]], "--x needs 2"),
    (["--y", "3"], "each target must lie in [0, 1]"),
    (["--svg", os.path.join(HERE, "no-such-folder", "x.svg")], "x.svg: cannot write it: No such file")])
def test_a_bad_file_or_an_example_that_does_not_fit_is_one_line_and_exit_2(capsys, options, says):
    # the file or the option is named in one line on stderr, with no traceback
    status, out, err = run(capsys, *options)
    assert status == 2 and out == "" and len(err.splitlines()) == 1 and says in err

def test_svg_writes_the_network_of_the_example_and_one_file_a_variant(tmp_path, capsys):
    # --svg FILE: the traced network with its numbers; with --class N, FILE-1.svg ... FILE-N.svg
    run(capsys, "--svg", str(tmp_path / "net.svg"), "--x", "0.05,0.1")
    text = (tmp_path / "net.svg").read_text()
    assert ET.fromstring(text).tag.endswith("svg") and "0.0500" in text
    run(capsys, "--svg", str(tmp_path / "ws.svg"), "--class", "2", "--worksheet")
    assert sorted(os.listdir(tmp_path)) == ["net.svg", "ws-1.svg", "ws-2.svg"]

def test_help_runs_on_its_own_and_names_every_option(capsys):
    # python3 handout.py -h is a real help, in ASCII
    with pytest.raises(SystemExit):
        handout.main(["-h"])
    out = capsys.readouterr().out
    assert out.isascii() and all(option in out for option in handout.OPTIONS)

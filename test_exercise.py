"""Tests for exercise.py: the blanks `new` writes and the verdicts `check` gives.

Most files are judged in this process with exercise.judge(), which is what
the child process of `exercise.py check` runs; two tests go through the
command line and its child process.
"""
import difflib
import importlib.util
import io
import os
import re
import subprocess
import sys
import time

import pytest

import exercise

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "backprop.py"), encoding="utf-8") as f:
    SOURCE = f.read()


def tagged_line(function, tag, pick=""):
    """The one line of function in backprop.py that ends in the tag # (tag) and contains pick."""
    start = SOURCE.index(f"\ndef {function}(")
    end = SOURCE.index("\ndef ", start + 1)
    lines = [line for line in SOURCE[start:end].splitlines()
             if re.search(rf"#\s*\({tag}\)", line) and pick in line]
    assert len(lines) == 1, (function, tag, pick, lines)
    return lines[0]


def mutate(function, tag, old, new, pick=""):
    """backprop.py with old replaced by new in one tagged line: a student's mistake."""
    line = tagged_line(function, tag, pick)
    assert old in line, (old, line)
    return SOURCE.replace(line, line.replace(old, new, 1))


def line_number(text, fragment):
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


JUDGED = {}  # (text, limit, name) -> (lines, status): a file judged once serves every test


def judge_text(tmp_path, text, limit=1.0, name="attempt.py"):
    """The verdict lines and exit status of `check` for a file holding text, judged in this process."""
    if (text, limit, name) not in JUDGED:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        events = []
        exercise.judge(str(path), limit, events.append)
        JUDGED[text, limit, name] = exercise.report(events)
    return JUDGED[text, limit, name]


def verdicts(lines):
    """{tag: the verdict's first line} for the lines of a report."""
    return {line[1]: line for line in lines if re.match(r"\([ABCD]\) ", line)}


def run_check(*args, timeout=30):
    return subprocess.run([sys.executable, os.path.join(HERE, "exercise.py"), "check", *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)


CE, QUAD = "subtract(a[L], y)  #", "sigma_prime[L]"  # picks for the two (A) lines of backprop
MISTAKES = [
    # (id, function, tag, pick, old, new, words the verdict must contain)
    ("B sigma for sigma'", "backprop", "B", "", "apply(sigma_prime[l]", "apply(net.sigma[l]",
     "uses σ(z^l) where the equation has σ'(z^l)"),
    ("B w^l for w^(l+1)", "backprop", "B", "", "transpose(w[l + 1])", "transpose(w[l])",
     "uses w^l where the equation has w^(l+1)"),
    ("B transpose missing", "backprop", "B", "", "transpose(w[l + 1])", "w[l + 1]",
     "is missing the transpose"),
    ("B products swapped", "backprop", "B", "", "hadamard(matmul(transpose(w[l + 1]), delta[l + 1]),",
     "matmul(hadamard(transpose(w[l + 1]), delta[l + 1]),", "⊙ and the matrix product swapped"),
    ("C a^l for a^(l-1)", "backprop", "C", "", "transpose(a[l - 1])", "transpose(a[l])",
     "uses a^l where the equation has a^(l−1)"),
    ("C a^T delta", "backprop", "C", "", "matmul(delta[l], transpose(a[l - 1]))",
     "matmul(transpose(a[l - 1]), delta[l])", "multiplies (a^(l−1))ᵀ δ^l"),
    ("A sign flipped", "backprop", "A", CE, "subtract(a[L], y)", "subtract(y, a[L])",
     "sign flipped"),
    ("A sigma' in cross-entropy", "backprop", "A", CE, "subtract(a[L], y)",
     "hadamard(subtract(a[L], y), apply(sigma_prime[L], z[L]))", "multiplies in σ'(z^L)"),
    ("A sigma' left out of quadratic", "backprop", "A", QUAD,
     "hadamard(subtract(a[L], y), apply(sigma_prime[L], z[L]))", "subtract(a[L], y)",
     "leaves out σ'(z^L)"),
    ("D times an activation", "backprop", "D", "", "= delta[l]", "= hadamard(delta[l], a[l])",
     "multiplies δ^l by an activation"),
    ("batch C 1/m missing", "backprop_batch", "C", "", "scale(1 / m, dZ[l])", "dZ[l]",
     "dW is missing 1/m"),
    ("batch D 1/m missing", "backprop_batch", "D", "", "scale(1 / m, row_sums(dZ[l]))",
     "row_sums(dZ[l])", "db is missing 1/m"),
    ("batch D wrong axis", "backprop_batch", "D", "", "row_sums(dZ[l])",
     "row_sums(transpose(dZ[l]))", "sums over the wrong axis"),
]


MORE_MISTAKES = [
    # (id, function, tag, pick, old, new, words): the rest of the mistakes README.md lists
    ("A sigma' of a^L", "backprop", "A", QUAD, "apply(sigma_prime[L], z[L])",
     "apply(sigma_prime[L], a[L])", "takes σ' of a^L"),
    ("B sigma' of a^l", "backprop", "B", "", "apply(sigma_prime[l], z[l])",
     "apply(sigma_prime[l], a[l])", "takes σ' of a^l"),
    ("B delta^l", "backprop", "B", "", "delta[l + 1]", "delta[l]", "reads δ^l, the very thing"),
    ("B delta^L", "backprop", "B", "", "delta[l + 1]", "delta[L]", "uses δ^L where the equation has δ^(l+1)"),
    ("B matmul twice", "backprop", "B", "", "hadamard(matmul(", "matmul(matmul(",
     "uses the matrix product where the equation has ⊙ σ'(z^l)"),
    ("C z^(l-1)", "backprop", "C", "", "transpose(a[l - 1])", "transpose(z[l - 1])", "uses z^(l−1)"),
    ("C a delta^T", "backprop", "C", "", "matmul(delta[l], transpose(a[l - 1]))",
     "matmul(a[l - 1], transpose(delta[l]))", "the transpose of ∂C/∂w^l"),
    ("D sigma' again", "backprop", "D", "", "= delta[l]", "= hadamard(delta[l], apply(sigma_prime[l], z[l]))",
     "multiplies by σ'(z^l) again"),
    ("batch dZ over m", "backprop_batch", "A", "subtract(A[L], Y)  ", "subtract(A[L], Y)",
     "scale(1 / m, subtract(A[L], Y))", "dZ[L] is divided by m"),
    ("batch no sum", "backprop_batch", "D", "", "row_sums(dZ[l])", "dZ[l]", "keeps one column per example"),
]


@pytest.mark.parametrize("name, function, tag, pick, old, new, words", MORE_MISTAKES,
                         ids=[m[0] for m in MORE_MISTAKES])
def test_the_other_mistakes_the_readme_lists_are_named_too(tmp_path, name, function, tag, pick,
                                                           old, new, words):
    # Judged in a file holding only the mutated function, which is quicker.
    text = mutate(function, tag, old, new, pick)
    start = text.index(f"\ndef {function}(")
    lines, _ = judge_text(tmp_path, "from matrix import *\n" + text[start:text.index("\ndef ", start + 1)])
    assert words in verdicts(lines)[tag], lines


@pytest.mark.parametrize("name, function, tag, pick, old, new, words", MISTAKES,
                         ids=[m[0] for m in MISTAKES])
def test_each_known_mistake_is_named_in_its_own_equation_and_the_other_three_stay_right(
        tmp_path, name, function, tag, pick, old, new, words):
    # One wrong line gives exactly one wrong verdict, naming the mistake;
    # a wrong (A) in particular does not fail (B), (C) or (D).
    lines, status = judge_text(tmp_path, mutate(function, tag, old, new, pick))
    found = verdicts(lines)
    where = "" if function == "backprop" else " in backprop_batch()"
    assert found[tag].startswith(f"({tag}) wrong{where}: ") and words in found[tag], lines
    assert [found[t] for t in "ABCD" if t != tag] == [f"({t}) right" for t in "ABCD" if t != tag]
    assert lines[-1] == "3 of 4 equations right" and status == 1


def test_a_wrong_verdict_shows_the_smallest_failing_case_with_values_and_shapes(tmp_path):
    # (B) first runs in the 3-layer network; its δ^2 is 3x1.
    text = mutate("backprop", "B", "apply(sigma_prime[l]", "apply(net.sigma[l]")
    lines, _ = judge_text(tmp_path, text)
    at = lines.index(verdicts(lines)["B"])
    assert lines[at + 1] == "    smallest failing case: sizes [2, 3, 1], quadratic, sigmoid, l = 2"
    assert re.fullmatch(r"    expected δ\^2 \(3x1\) = \[\[-?\d\.\d{4}\], \[-?\d\.\d{4}\], \[-?\d\.\d{4}\]\]",
                        lines[at + 2])
    assert lines[at + 3].startswith("    yours    δ^2 (3x1) = [[")
    assert lines[at + 2][-30:] != lines[at + 3][-30:]


def test_a_mistake_that_raises_shows_the_error_from_the_students_own_line(tmp_path):
    # Without the transpose, w^3 (1x3) times δ^3 (1x1) cannot be multiplied.
    text = mutate("backprop", "B", "transpose(w[l + 1])", "w[l + 1]")
    lines, _ = judge_text(tmp_path, text)
    n = line_number(text, "matmul(w[l + 1], delta[l + 1])")
    assert f"    yours    raises ValueError at line {n}: matmul: A is 1x3 and B is 1x1" in "\n".join(lines)


def test_the_project_backprop_py_gets_four_rights_and_exit_status_0():
    # Through the command line and its child process.
    done = run_check(os.path.join(HERE, "backprop.py"))
    assert done.stdout.splitlines() == ["(A) right", "(B) right", "(C) right", "(D) right",
                                        "4 of 4 equations right"]
    assert done.returncode == 0 and done.stderr == ""


@pytest.mark.parametrize("batch", [False, True], ids=["backprop", "backprop_batch"])
def test_a_fresh_exercise_gets_not_written_yet_for_each_blank(tmp_path, batch):
    # Both (A) lines are blank, so (A) names two lines.
    text = exercise.make_exercise(SOURCE, list("ABCD"), "batch" if batch else "single")
    lines, status = judge_text(tmp_path, text)
    where = " in backprop_batch()" if batch else ""
    assert [line.split(" (line")[0] for line in lines[:4]] == [
        f"(A) not written yet{where}", f"(B) not written yet{where}",
        f"(C) not written yet{where}", f"(D) not written yet{where}"]
    blanks_a = [str(n) for n, line in enumerate(text.splitlines(), 1) if 'not_written_yet("(A)")' in line]
    assert len(blanks_a) == 2 and lines[0].endswith(f"(lines {', '.join(blanks_a)})")
    assert lines[4:] == ["0 of 4 equations right"] and status == 1


def test_new_blanks_the_chosen_equations_keeping_left_side_tag_and_the_rest_of_the_file(
        tmp_path, monkeypatch, capsys):
    # Only the chosen tagged lines leave the file; everything else stays, and
    # the helper raising "not written yet" comes in.
    monkeypatch.chdir(tmp_path)
    assert exercise.main(["new", "--equations", "b,D"]) == 0
    assert "wrote my_backprop.py: (B), (D) in backprop() are yours to write" in capsys.readouterr().out
    text = (tmp_path / "my_backprop.py").read_text(encoding="utf-8")
    with open(os.path.join(HERE, "backprop.py"), encoding="utf-8") as f:
        source = f.read()  # as it is now, in case it changed since this module read it
    removed = [line[2:] for line in difflib.ndiff(source.splitlines(), text.splitlines())
               if line.startswith("- ")]
    assert removed == [tagged_line("backprop", "B"), tagged_line("backprop", "D")]
    assert re.search(r'\n( +)# \(B\): δ\^l = \(\(w\^\(l\+1\)\)ᵀ δ\^\(l\+1\)\) ⊙ σ\'\(z\^l\)\n'
                     r'\1# matrix\.py: add, subtract, matmul, hadamard \(⊙\), transpose \(ᵀ\), '
                     r'scale, apply, row_sums \(Σ\)\n\1delta\[l\] = not_written_yet\("\(B\)"\)  # \(B\)\n', text)
    assert 'nabla_b[l] = not_written_yet("(D)")  # (D)' in text
    assert text.count("not_written_yet(\"(") == 2 and "def not_written_yet(tag):" in text


def test_new_batch_blanks_backprop_batch_with_ngs_notation(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert exercise.main(["new", "--batch", "--equations", "C", "--out", "mine.py"]) == 0
    text = (tmp_path / "mine.py").read_text(encoding="utf-8")
    assert "# (C), Ng: dW = 1/m dZ Aᵀ" in text and 'dW[l] = not_written_yet("(C)")  # (C)' in text
    assert tagged_line("backprop", "C") in text  # backprop() itself is untouched


def test_new_refuses_to_overwrite_a_file_without_force(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my_backprop.py").write_text("mine\n")
    assert exercise.main(["new"]) == 1
    assert "my_backprop.py exists already; add --force" in capsys.readouterr().err
    assert (tmp_path / "my_backprop.py").read_text() == "mine\n"
    assert exercise.main(["new", "--force"]) == 0
    assert "not_written_yet" in (tmp_path / "my_backprop.py").read_text(encoding="utf-8")


def test_an_exercise_file_imports_and_runs_and_a_blank_says_which_equation_is_not_written(tmp_path):
    path = tmp_path / "ex_b.py"
    path.write_text(exercise.make_exercise(SOURCE, ["B"], "single"), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("ex_b", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    net = module.Network([2, 3, 1], seed=0)
    assert len(module.backprop_batch(net, [[0.1], [0.2]], [[1]])) == 2  # untouched
    with pytest.raises(NotImplementedError, match=r"equation \(B\) is not written yet"):
        module.backprop(net, [[0.1], [0.2]], [[1]])


def test_the_truth_is_central_differences_not_the_students_own_numerical_gradient(tmp_path):
    # A file whose (B) is wrong and whose cost and numerical_gradient are
    # changed to agree with its backprop still gets (B) wrong.
    text = mutate("backprop", "B", "apply(sigma_prime[l]", "apply(net.sigma[l]")
    text += "\n\ndef numerical_gradient(net, x, y, eps=1e-5):\n    return backprop(net, x, y)\n"
    text += "\n\ndef cost(net, x, y):\n    return 0.0\n"
    lines, _ = judge_text(tmp_path, text)
    assert verdicts(lines)["B"].startswith("(B) wrong: your (B) uses σ(z^l)")


def test_the_truth_comes_from_the_projects_backprop_py_not_one_beside_the_students_file(tmp_path):
    # Through the command line: the child process puts the student's folder
    # on sys.path, where this backprop.py agrees with its own wrong (B).
    text = mutate("backprop", "B", "apply(sigma_prime[l]", "apply(net.sigma[l]")
    text += "\n\ndef numerical_gradient(net, x, y, eps=1e-5):\n    return backprop(net, x, y)\n"
    (tmp_path / "backprop.py").write_text(text, encoding="utf-8")
    (tmp_path / "my_backprop.py").write_text(text, encoding="utf-8")
    done = run_check(str(tmp_path / "my_backprop.py"))
    assert done.stdout.splitlines()[1].startswith("(B) wrong: your (B) uses "), done.stdout
    assert done.stdout.splitlines()[-1] == "3 of 4 equations right" and done.returncode == 1


def test_a_helper_name_from_the_students_own_line_is_available_to_the_equation(tmp_path):
    # err is made on an untagged line just before (A).
    line = tagged_line("backprop", "A", CE)
    indent = line[:len(line) - len(line.lstrip())]
    text = SOURCE.replace(line, f"{indent}err = subtract(a[L], y)\n{indent}delta[L] = err  # (A)")
    lines, status = judge_text(tmp_path, text)
    assert lines[-1] == "4 of 4 equations right" and status == 0


MISBEHAVING = [
    # (id, how the file is changed, words the report must contain)
    ("syntax error in an equation",
     lambda: mutate("backprop", "B", "delta[l + 1]),", "delta[l + 1],"),
     "(B) wrong: line {n} does not parse: ", "delta[l + 1], apply"),
    ("syntax error elsewhere",
     lambda: SOURCE.replace("    return nabla_w, nabla_b\n", "    return nabla_w nabla_b\n", 1),
     "attempt.py does not parse: line {n}: invalid syntax", "return nabla_w nabla_b"),
    ("exception", lambda: mutate("backprop", "B", "hadamard(", "hadamard(1 / 0 + "),
     "(B) wrong: your (B) raises ZeroDivisionError at line {n}: division by zero", "1 / 0"),
    ("returns None", lambda: SOURCE.replace("    return nabla_w, nabla_b\n", "    return None\n", 1),
     "backprop() returns None; it must end with: return nabla_w, nabla_b", None),
    ("wrong shape", lambda: mutate("backprop", "D", "= delta[l]", "= transpose(delta[l])"),
     "(D) wrong: your ∂C/∂b^2 is 1x2; it must be 2x1", None),
    ("huge print", lambda: SOURCE.replace("\nCOSTS = (", "\nfor i in range(10000):\n    print(i, '=' * 95)\nCOSTS = (", 1),
     "your file printed 1,008,890 characters while it was checked, the first line being '0 ====", None),
    ("endless loop", lambda: mutate("backprop", "B", "hadamard(", "next(v for v in iter(int, 1) if v) or hadamard("),
     "(B) time-out: your (B) was still running at line {n} after 0.2 s (an endless loop?)", "iter(int, 1)"),
    ("returns the pair the other way round",
     lambda: SOURCE.replace("    return nabla_w, nabla_b\n", "    return nabla_b, nabla_w\n", 1),
     "backprop() returns (nabla_b, nabla_w); the order here is (nabla_w, nabla_b)", None),
    ("raises outside the equations", lambda: SOURCE.replace(
        "    return nabla_w, nabla_b\n", "    nabla_w[1] = 1 / 0\n    return nabla_w, nabla_b\n", 1),
     "backprop() raises ZeroDivisionError at line {n}: division by zero", "nabla_w[1] = 1 / 0"),
    ("import raises", lambda: SOURCE.replace("\nCOSTS = (", "\nimport no_such_module\nCOSTS = (", 1),
     "importing attempt.py raises ModuleNotFoundError at line {n}: No module named 'no_such_module'",
     "import no_such_module"),
]


@pytest.mark.parametrize("name, change, words, fragment", MISBEHAVING, ids=[m[0] for m in MISBEHAVING])
def test_a_misbehaving_file_gets_its_own_clear_message_and_exit_status_1(tmp_path, name, change,
                                                                          words, fragment):
    text = change()
    start = time.perf_counter()
    lines, status = judge_text(tmp_path, text, limit=0.2 if name == "endless loop" else 1.0)
    words = words.format(n=fragment and line_number(text, fragment))
    assert any(line.startswith(words) for line in lines), lines
    assert status == 1 and time.perf_counter() - start < 3


def test_a_syntax_error_in_one_equation_leaves_the_others_judged(tmp_path):
    # Python's words differ: 3.10 and later name the open bracket, 3.9 says invalid syntax.
    text = MISBEHAVING[0][1]()
    lines, _ = judge_text(tmp_path, text)
    start = f"(B) wrong: line {line_number(text, 'delta[l + 1], apply')} does not parse: "
    assert lines[1] in (start + "'(' was never closed", start + "invalid syntax"), lines
    assert [lines[0], lines[2], lines[3], lines[4]] == ["(A) right", "(C) right", "(D) right",
                                                        "3 of 4 equations right"]


def test_a_bracket_left_open_in_an_equation_is_traced_back_from_a_later_line(tmp_path):
    # Python 3.9 names a later line for (B)'s open bracket; going back from there,
    # the (D) and (C) lines are passed over (their removal fixes nothing) and (B) is found.
    text = MISBEHAVING[0][1]()
    lines = text.splitlines(keepends=True)
    later = line_number(text, "return nabla_w, nabla_b")
    path = str(tmp_path / "attempt.py")
    assert exercise.cause_before(lines, path, later, {}) == line_number(text, "delta[l + 1], apply")
    # 3.9 names the (D) line for (C)'s open bracket: a tagged line named is traced back too.
    text = mutate("backprop", "C", "(a[l - 1]))", "(a[l - 1])")
    lines = text.splitlines(keepends=True)
    c_line = line_number(text, "transpose(a[l - 1])  # (C)")
    d_line = line_number(text, tagged_line("backprop", "D").strip())
    assert d_line > c_line and exercise.cause_before(lines, path, d_line, {}) == c_line
    # An untagged line that does not parse is never blamed on a tagged line before it.
    text = MISBEHAVING[1][1]()
    lines = text.splitlines(keepends=True)
    assert exercise.cause_before(lines, path, line_number(text, "return nabla_w nabla_b"), {}) is None


def test_check_judges_in_a_child_process_with_a_time_limit_and_never_hangs(tmp_path):
    # The endless loop in (B) is stopped; the other equations are still judged.
    path = tmp_path / "loops.py"
    text = mutate("backprop", "B", "hadamard(", "next(v for v in iter(int, 1) if v) or hadamard(")
    path.write_text(text, encoding="utf-8")
    done = run_check(str(path), "--time-limit", "0.2", timeout=20)
    assert done.stdout.splitlines()[:2] == [
        "(A) right", f"(B) time-out: your (B) was still running at line "
                     f"{line_number(text, 'iter(int, 1)')} after 0.2 s (an endless loop?)"]
    assert done.stdout.splitlines()[-1] == "3 of 4 equations right" and done.returncode == 1


@pytest.mark.parametrize("args, words", [
    (["check", "no_such_file.py"], "no such file: no_such_file.py"),
    (["check", "README.md"], "README.md is not a Python file"),
    (["check", "."], ". is not a Python file"),
    (["check", "demo.py"], "demo.py has no backprop() or backprop_batch() with lines tagged"),
], ids=["missing", "not .py", "directory", "not an exercise"])
def test_a_usage_error_is_one_line_on_stderr_and_exit_status_2(monkeypatch, capsys, args, words):
    monkeypatch.chdir(HERE)
    assert exercise.main(args) == 2
    err = capsys.readouterr().err
    assert err == f"exercise.py check: {words}" + err.split(words, 1)[1] and err.count("\n") == 1


@pytest.mark.parametrize("args", [
    ["new", "--equations", "E"], ["new", "--out", "my_backprop.txt"], ["check", "x.py", "--time-limit", "0"],
    ["check", "x.py", "--bogus"], ["grade", "x.py"], []])
def test_a_bad_option_exits_with_status_2(args, capsys):
    with pytest.raises(SystemExit) as stop:
        exercise.main(args)
    assert stop.value.code == 2 and "error:" in capsys.readouterr().err


def test_a_file_that_is_not_utf8_text_is_a_usage_error(tmp_path, capsys):
    path = tmp_path / "binary.py"
    path.write_bytes(b"\xff\xfe\x00\x01")
    assert exercise.main(["check", str(path)]) == 2
    assert "is not a Python file: it is not UTF-8 text" in capsys.readouterr().err


def test_verdicts_spell_the_symbols_in_ascii_on_a_terminal_that_cannot_show_them():
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    exercise.say("expected δ^2 (3x1): your (B) uses σ(z^l) where (B) has σ'(z^l), (w^(l+1))ᵀ δ ⊙ σ'", stream)
    stream.seek(0)
    assert stream.read() == ("expected delta^2 (3x1): your (B) uses sigma(z^l) where (B) has "
                             "sigma'(z^l), (w^(l+1))^T delta (.) sigma'\n")


def readme_blocks(kind):
    """The code blocks of README.md under the comments <!-- exercise kind: ... -->, as lists of lines."""
    with open(os.path.join(HERE, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    return [block.splitlines() for block in
            re.findall(rf"<!-- exercise {kind}: [^>]*-->\n```[a-z]*\n(.*?)```", readme, re.S)]


def test_readme_exercise_run_is_what_check_prints(tmp_path):
    # The student's lines quoted in README.md, put into a fresh exercise, get
    # the verdicts quoted there, in both languages; so do the corrected lines.
    attempts, outputs = readme_blocks("attempt"), readme_blocks("output")
    assert len(attempts) == 2 and attempts[0] == attempts[1] and len(outputs) == 4
    answers = list(attempts[0])
    text = exercise.make_exercise(SOURCE, list("ABCD"), "single").splitlines()
    for n, line in enumerate(text):
        found = re.search(r'not_written_yet\("(\(.\))"\)', line)
        if found:
            answer = next(a for a in answers if a.endswith("# " + found.group(1)))
            answers.remove(answer)
            text[n] = line[:len(line) - len(line.lstrip())] + answer.strip()
    assert answers == []
    wrong = "\n".join(text) + "\n"
    right = wrong.replace("apply(net.sigma[l], z[l])", "apply(sigma_prime[l], z[l])").replace(
        "transpose(a[l]))  # (C)", "transpose(a[l - 1]))  # (C)")
    for text, output in ((wrong, outputs[0]), (right, outputs[1])):
        assert output[0] == "$ python3 exercise.py check my_backprop.py"
        assert judge_text(tmp_path, text, name="my_backprop.py")[0] == output[1:]
    assert outputs[2:] == outputs[:2]

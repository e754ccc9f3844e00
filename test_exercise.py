"""Tests for exercise.py: what new and pack write, and the verdicts check gives. Most files are judged in this process,
by exercise.check(..., here=True) or by exercise.judge() as check's child processes run it; one test runs a pack's check.
"""
import ast
import io
import os
import re
import subprocess
import sys
import time
import types

import pytest

import exercise

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "backprop.py"), encoding="utf-8") as f:
    SOURCE = f.read()
FRESH = {kind: exercise.make_exercise("ABCD", kind) for kind in exercise.LOOPS}  # a fresh exercise of each loop

def tagged_lines(kind):
    """The lines of backprop.py's loop of kind that carry a tag # (A) to # (D), in order, without their indent."""
    start = SOURCE.index(f"\ndef {exercise.LOOPS[kind]}(")
    return [line.strip() for line in SOURCE[start:SOURCE.index("\ndef ", start + 1)].splitlines()
            if re.search(r"#\s*\([ABCD]\)", line)]

def change(tag, old="", new="", kind="single", which=0):
    """The project's own line of equation tag (its which-th line), with old made new: a student's mistake."""
    line = [line for line in tagged_lines(kind) if f"({tag})" in line][which]
    assert old in line, (old, line)
    return line.replace(old, new, 1)

def attempt(kind="single", **answers):
    """A fresh exercise with its blanks filled as a student does: answers[tag] (a list for the two (A) blanks; a
    str may hold several lines), else the project's own line, copied from the book."""
    out, used = [], {}
    for line in FRESH[kind].splitlines():
        found = re.search(r'^( +)\S.* = not_written_yet\("\((.)\)"\)', line)
        if found:
            indent, tag = found.groups()
            given = answers.get(tag) or [change(tag, kind=kind, which=n) for n in range(2 if tag == "A" else 1)]
            given = [given] * 2 if isinstance(given, str) else given
            line = "\n".join(indent + part for part in given[used.setdefault(tag, 0)].split("\n"))
            used[tag] += 1
        out.append(line)
    return "\n".join(out) + "\n"

@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """One folder for the files to judge: a tmp_path for each test costs more than judging one."""
    return tmp_path_factory.mktemp("attempts")

def check(folder, text):
    """The lines and the exit status of check for a file holding text, judged in this process."""
    (folder / "attempt.py").write_text(text, encoding="utf-8")
    return exercise.check(types.SimpleNamespace(file=str(folder / "attempt.py"), time_limit=1), here=True)

def verdicts(folder, text, tags):
    """{tag: its verdict lines}, judged in this process as check's child processes judge, only the equations tags."""
    (folder / "attempt.py").write_text(text, encoding="utf-8")
    parsed = exercise.parse(str(folder / "attempt.py"))
    return {tag: exercise.judge(tag, str(folder / "attempt.py"), None, parsed)["lines"] for tag in tags}

def line_number(text, fragment):
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


CE, A1, A2, BACK = "subtract(a[L], y)", change("A"), change("A", which=1), "matmul(transpose(w[l + 1]), delta[l + 1])"
MISTAKES = [  # (id: tag first, "batch" for backprop_batch; the student's line; words the verdict holds[; must not])
    ("A sign, cross-entropy", [A1, A2.replace(CE, "subtract(y, a[L])")], "δ^L is a^L − y, not y − a^L", "∇_a C is"),
    ("B sigma for sigma'", change("B", "apply(sigma_prime[l]", "apply(net.sigma[l]"),
     "uses σ(z^l) where the equation has σ'(z^l)"),
    ("C a^l", change("C", "a[l - 1]", "a[l]"), "uses a^l where the equation has a^(l−1)"),
    ("D times an activation", change("D", "= delta[l]", "= hadamard(delta[l], a[l])"), "multiplies δ^l by an activation"),
    ("A z for a, cross-entropy", [A1, A2.replace(CE, "subtract(z[L], y)")], "z^L where δ^L = a^L − y has a^L", "∇_a"),
    ("B sigma' of the layer above", change("B", "z[l]))", "z[l + 1]))"), "σ' of z^(l+1), the layer above", "swap"),
    ("C delta^(l-1)", change("C", "delta[l]", "delta[l - 1]"), "reads delta[1] at l = 2, but δ^l exists", "z^(l−1)"),
    ("D sigma' again", change("D", "= delta[l]", "= hadamard(delta[l], apply(sigma_prime[l], z[l]))"), "σ'(z^l) again"),
    ("A sigma' in cross-entropy", [A1, A2.replace(CE, f"hadamard({CE}, apply(sigma_prime[L], z[L]))")],
     "multiplies in σ'(z^L), which cross-entropy cancels"),
    ("B products swapped", change("B", f"hadamard({BACK},", f"matmul({BACK.replace('matmul', 'hadamard')},"),
     "⊙ and the matrix product swapped", "layer above"),
    ("C a^T delta", change("C", "matmul(delta[l], transpose(a[l - 1]))", "matmul(transpose(a[l - 1]), delta[l])"),
     "has (a^(l−1))ᵀ δ^l"),
    ("A sigma' left out", [f"delta[L] = {CE}  # (A)", A2], "leaves out σ'(z^L)"),
    ("B w^l", change("B", "transpose(w[l + 1])", "transpose(w[l])"), "uses w^l where"),
    ("A sign, quadratic", [A1.replace(CE, "subtract(y, a[L])"), A2], "∇_a C is a^L − y, not y − a^L"),
    ("B transpose missing", change("B", "transpose(w[l + 1])", "w[l + 1]"), "missing the transpose"),
    ("A sigma' of a", [A1.replace("z[L]))", "a[L]))"), A2], "takes σ' of a^L"),
    ("B delta^L", change("B", "delta[l + 1]", "delta[L]"), "uses δ^L where"),
    ("B a(1 - a) with tanh",
     change("B", "apply(sigma_prime[l], z[l])", "hadamard(a[l], subtract([[1]] * len(a[l]), a[l]))"),
     "a^l ⊙ (1 − a^l), the sigmoid's σ' (article 000 writes it so), but the hidden layers here are tanh"),
    ("B z[l - 1]", change("B", "z[l]))", "z[l - 1]))"),
     "reads z[1] at l = 2, but z^l exists for l = 2..L = 3 only: layer 1 is the input", "KeyError"),
    ("B loop to l = 1", "range", "your loop reaches l = 1, but (B) runs for l = L−1, ..., 2", "KeyError"),
    ("A batch: dZ over m", [change("A", kind="batch"), change("A", "subtract(A[L], Y)", "scale(1 / m, subtract(A[L], Y))",
                                                             "batch", 1)], "dZ[L] is divided by m"),
    ("C batch: dW 1/m missing", change("C", "scale(1 / m, dZ[l])", "dZ[l]", "batch"), "dW is missing 1/m"),
    ("D batch: db wrong axis", change("D", "row_sums(dZ[l])", "row_sums(transpose(dZ[l]))", "batch"), "wrong axis: Σ"),
    ("D batch: db no sum", change("D", "row_sums(dZ[l])", "dZ[l]", "batch"), "keeps a column per example"),
]
FILES = [[]]  # the mistakes in files of one loop, an equation at most once in each: up to four judged in a file
for mistake in MISTAKES:
    loops, tags = {"batch" in m[0] for m in FILES[-1] + [mistake]}, [m[0][0] for m in FILES[-1]]
    FILES += [[]] if len(loops) > 1 or mistake[0][0] in tags else []
    FILES[-1].append(mistake)

@pytest.mark.parametrize("mistakes", FILES, ids=[" + ".join(m[0] for m in file) for file in FILES])
def test_each_known_mistake_is_named_on_its_own_equation_in_the_words_it_calls_for(folder, mistakes):
    # Mistakes are named by their values, so the words follow the cost and blame the right symbol and layer.
    answers = {name[0]: line for name, line, *_ in mistakes if line != "range"}
    text = attempt("batch" if "batch" in mistakes[0][0] else "single", **answers)
    if "range" in [line for _, line, *_ in mistakes]:  # (B)'s loop run one step too far
        text = text.replace("range(L - 1, 1, -1)", "range(L - 1, 0, -1)")
    found = verdicts(folder, text, [name[0] for name, *_ in mistakes])
    for name, _, words, *not_words in mistakes:
        line = found[name[0]][0]
        assert line.startswith(f"({name[0]}) wrong") and words in line and not any(w in line for w in not_words), found

def test_one_wrong_equation_gives_one_wrong_verdict_with_the_smallest_case_values_and_shapes(folder):
    # The case, then the expected and the student's δ^2 with their shapes; (A), (C) and (D) stay right.
    lines, status = check(folder, attempt(B=MISTAKES[1][1]))
    assert lines[0] == "(A) right" and lines[1].startswith("(B) wrong: your (B) uses σ(z^l)")
    assert lines[2] == "    smallest failing case: sizes [2, 3, 1], quadratic, sigmoid, l = 2"
    assert re.fullmatch(r"    expected δ\^2 \(3x1\) = \[\[-?\d\.\d{4}\], \[-?\d\.\d{4}\], \[-?\d\.\d{4}\]\]", lines[3])
    assert lines[4].startswith("    yours    δ^2 (3x1) = [[") and lines[4][-20:] != lines[3][-20:]
    assert lines[5:] == ["(C) right", "(D) right", "3 of 4 equations right"] and status == 1

def test_the_projects_own_backprop_py_is_four_of_four_right_in_both_loops():
    # Both backprop() and backprop_batch() are judged, against central differences, not against backprop.py.
    lines, status = exercise.check(types.SimpleNamespace(file=os.path.join(HERE, "backprop.py"), time_limit=1), True)
    assert lines == ["(A) right", "(B) right", "(C) right", "(D) right", "4 of 4 equations right"] and status == 0

def test_students_own_spellings_loops_and_helpers_are_judged_right(folder):
    # A tag may sit on any line of the equation's block: a loop filling entries, tagged on its zeros or its last line;
    # a helper tagged on its first line; (B) finished on the line after its tag; (D) as a copy; (A) entry by entry.
    loop = ("nabla_w[l] = [[0.0] * len(a[l - 1]) for _ in delta[l]]{}\nfor j in range(len(delta[l])):\n    for k in "
            "range(len(a[l - 1])):\n        nabla_w[l][j][k] = delta[l][j][0] * a[l - 1][k][0]{}")
    text = attempt(A=[A1, "delta[L] = [[a_j - y_j] for (a_j,), (y_j,) in zip(a[L], y)]  # (A)"],
                   B="back = matmul(transpose(w[l + 1]), delta[l + 1])  # (B)\nslope = apply(sigma_prime[l], z[l])\n"
                     "delta[l] = hadamard(back, slope)", C=loop.format("  # (C)", ""),
                   D="nabla_b[l] = [row[:] for row in delta[l]]  # (D)")
    assert check(folder, text) == (["(A) right", "(B) right", "(C) right", "(D) right", "4 of 4 equations right"], 0)
    text = attempt(B="delta[l] = matmul(transpose(w[l + 1]), delta[l + 1])  # (B)\n"
                     "delta[l] = hadamard(delta[l], apply(sigma_prime[l], z[l]))", C=loop.format("", "  # (C)"))
    assert verdicts(folder, text, "BC") == {"B": ["(B) right"], "C": ["(C) right"]}

@pytest.mark.parametrize("kind", ["single", "batch"])
def test_a_fresh_exercise_is_not_written_yet_in_each_equation(folder, kind):
    # Both (A) lines are blank, so (A) names two lines.
    lines, status = check(folder, FRESH[kind])
    where = " in backprop_batch()" if kind == "batch" else ""
    blanks = [str(n) for n, line in enumerate(FRESH[kind].splitlines(), 1) if 'not_written_yet("(A)")' in line]
    assert lines[0] == f"(A) not written yet{where} (lines {', '.join(blanks)})" and len(blanks) == 2 and status == 1
    assert [line.split(" (line")[0] for line in lines[1:]] == [f"(B) not written yet{where}", f"(C) not written yet{where}",
                                                              f"(D) not written yet{where}", "0 of 4 equations right"]

RETURN = "return nabla_w, nabla_b"
MISBEHAVING = [  # (id, the file, words a line must hold, the fragment whose line number {n} is)
    ("syntax error elsewhere", lambda: attempt().replace(RETURN, "return nabla_w nabla_b"),
     "attempt.py does not parse: line {n}: invalid syntax", "return nabla_w nabla_b"),
    ("exception", lambda: attempt(B=change("B", "hadamard(", "hadamard(1 / 0 + ")),
     "(B) wrong: your (B) raises ZeroDivisionError at line {n}: division by zero", "1 / 0"),
    ("None returned", lambda: attempt().replace(RETURN, "return None"),
     "backprop() returns None; it must end with: return nabla_w, nabla_b", None),
    ("the pair the other way round", lambda: attempt().replace(RETURN, "return nabla_b, nabla_w"),
     "backprop() returns (nabla_b, nabla_w); the order here is (nabla_w, nabla_b)", None),
    ("wrong shape", lambda: attempt(D="nabla_b[l] = transpose(delta[l])  # (D)"), "∂C/∂b^2 is 1x2; it must be 2x1", None),
    ("numpy array", lambda: "class Array(list):\n    def tolist(self):\n        return list(self)\n" + attempt(
        D="nabla_b[l] = Array(delta[l])  # (D)"), "call .tolist() on a numpy array", None),
    ("tuples for rows", lambda: attempt(D="nabla_b[l] = [tuple(row) for row in delta[l]]  # (D)"),
     "a row is a list, [0.5, 0.2], not a tuple", None),
    ("raises outside the equations", lambda: attempt().replace(RETURN, "nabla_w[1] = 1 / 0\n    " + RETURN),
     "backprop() raises ZeroDivisionError at line {n}: division by zero", "nabla_w[1] = 1 / 0"),
]

@pytest.mark.parametrize("name, make, words, fragment", MISBEHAVING, ids=[m[0] for m in MISBEHAVING])
def test_a_misbehaving_file_gets_one_clear_line_and_exit_status_1(folder, name, make, words, fragment):
    # Each trouble is said in one line, naming the student's line where there is one; no traceback.
    text = make()
    lines, status = check(folder, text)
    assert any(words.format(n=fragment and line_number(text, fragment)) in line for line in lines) and status == 1, lines
    assert not any("Traceback" in line or "KeyError" in line for line in lines)

def test_a_syntax_error_in_one_equation_fails_that_equation_alone(folder):
    # Its verdict names its line (Python 3.9 and 3.10+ word the error differently); the other three stay right.
    text = attempt(B=change("B", "delta[l + 1]),", "delta[l + 1],"))
    lines, status = check(folder, text)
    assert lines[1].startswith(f"(B) wrong: line {line_number(text, 'delta[l + 1], apply')} does not parse: ")
    assert [lines[0], lines[2:], status] == ["(A) right", ["(C) right", "(D) right", "3 of 4 equations right"], 1]

def test_prints_are_shown_cut_short_as_a_note_that_does_not_fail_the_file(folder):
    # A huge debugging print: its size and first lines cut short, and still 4 of 4 with exit status 0.
    printing = "\nfor i in range(10000):\n    print(i, '=' * 95)\n\ndef backprop("
    lines, status = check(folder, attempt().replace("\ndef backprop(", printing, 1))
    assert "note: your file printed 1,008,890 characters, which does not fail it:" in lines
    assert "    " + ("0 " + "=" * 95)[:73] + "..." in lines and lines[-1] == "4 of 4 equations right" and status == 0

def test_a_file_saved_with_a_bom_by_windows_notepad_is_judged(folder):
    # Python runs such a file, so check does too.
    (folder / "bom.py").write_bytes(b"\xef\xbb\xbf" + attempt().encode("utf-8"))
    assert exercise.check(types.SimpleNamespace(file=str(folder / "bom.py"), time_limit=1), here=True)[1] == 0

def test_check_in_a_pack_alone_times_out_an_endless_loop_and_judges_the_rest(tmp_path):
    # Through the command line in a pack folder with no backprop.py; a loop inside a built-in (next) is ended too.
    assert exercise.main(["pack", str(tmp_path / "pk")]) == 0
    assert sorted(os.listdir(tmp_path / "pk")) == ["exercise.py", "matrix.py", "my_backprop.py"]
    text = attempt(B=change("B", "hadamard(", "next(v for v in iter(int, 1) if v) or hadamard("))
    (tmp_path / "pk" / "attempt.py").write_text(text, encoding="utf-8")
    start = time.monotonic()
    done = subprocess.run([sys.executable, "exercise.py", "check", "attempt.py", "--time-limit", "0.2"],
                          cwd=tmp_path / "pk", capture_output=True, text=True, encoding="utf-8", timeout=30)
    assert done.stdout.splitlines() == ["(A) right", f"(B) time-out: your (B) was still running at line "
                                        f"{line_number(text, 'iter(int, 1)')} after 0.2 s (an endless loop?)",
                                        "(C) right", "(D) right", "3 of 4 equations right"], done.stdout + done.stderr
    assert done.returncode == 1 and time.monotonic() - start < 2.2

def answer_lines(text):
    """backprop.py's tagged lines whose right-hand side (if a bare name, delta[l], the whole line) is in text."""
    squeeze = "".join(text.split())
    for line in tagged_lines("single") + tagged_lines("batch"):
        code = "".join(line.split("#")[0].split())
        if (code.split("=", 1)[1] if "(" in code else code) in squeeze:
            yield line

def test_a_pack_holds_no_equation_line_of_either_loop(tmp_path):
    # Not the student's file, not matrix.py, not exercise.py: nothing from which an answer can be read.
    assert exercise.main(["pack", str(tmp_path / "pk")]) == 0
    for name in os.listdir(tmp_path / "pk"):
        assert list(answer_lines((tmp_path / "pk" / name).read_text(encoding="utf-8"))) == [], name

def test_exercise_py_spells_no_equation_and_never_imports_backprop():
    # Its known mistakes are made so that no right-hand side of an equation line of backprop.py appears.
    with open(os.path.join(HERE, "exercise.py"), encoding="utf-8") as f:
        text = f.read()
    assert list(answer_lines(text)) == []
    imports = [name for node in ast.walk(ast.parse(text)) if isinstance(node, (ast.Import, ast.ImportFrom))
               for name in [getattr(node, "module", None)] + [alias.name for alias in node.names]]
    assert "backprop" not in imports and "matrix" in imports

def test_new_blanks_the_chosen_equations_and_leaves_the_other_loop_out(tmp_path, monkeypatch, capsys):
    # A blank keeps its left-hand side and tag, with the equation and matrix.py above; the batch loop is a stub.
    monkeypatch.chdir(tmp_path)
    assert exercise.main(["new", "--equations", "b,D"]) == 0 and "(B), (D) in backprop()" in capsys.readouterr().out
    text = (tmp_path / "my_backprop.py").read_text(encoding="utf-8")
    assert re.search(r"\n( +)# \(B\): δ\^l = \(\(w\^\(l\+1\)\)ᵀ δ\^\(l\+1\)\) ⊙ σ'\(z\^l\)\n\1# matrix\.py: add, subtract, "
                     r"matmul, hadamard \(⊙\), transpose \(ᵀ\), scale, apply, row_sums \(Σ\)\n"
                     r'\1delta\[l\] = not_written_yet\("\(B\)"\)  # \(B\)\n', text)
    assert 'nabla_b[l] = not_written_yet("(D)")  # (D)' in text and change("C") in text
    assert [line for line in answer_lines(text) if "(B)" in line or "(D)" in line or "Ng" in line] == []
    exec(compile(text, "my_backprop.py", "exec"), namespace := {"__file__": "my_backprop.py"})
    net = namespace["Network"]([2, 3, 1], seed=0)
    with pytest.raises(NotImplementedError, match=r"equation \(B\) is not written yet"):
        namespace["backprop"](net, [[0.1], [0.2]], [[1]])
    with pytest.raises(NotImplementedError, match=r"backprop_batch\(\) is not part of this exercise"):
        namespace["backprop_batch"](net, [[0.1], [0.2]], [[1]])

def test_new_batch_gives_ngs_form_then_the_article_and_for_cross_entropy_it_is_delta_that_is_a_minus_y(tmp_path):
    # Ng's form comes from the tag's comment; in the cross-entropy hint δ^L, not ∇_a C, equals a^L − y.
    assert exercise.main(["new", "--batch", "--out", str(tmp_path / "mine.py")]) == 0
    text = (tmp_path / "mine.py").read_text(encoding="utf-8")
    assert "# (C)  Ng: dW = 1/m dZ Aᵀ; in the article:\n" in text and 'dW[l] = not_written_yet("(C)")  # (C)' in text
    hint = text.split("Ng: dZ = A − Y; in the article:")[1].split("not_written_yet")[0]
    assert "cancel, leaving δ^L = a^L − y" in hint and "∇_a C = a^L − y" not in hint and list(answer_lines(text)) == []

def test_new_and_pack_onto_what_exists_are_usage_errors_with_exit_status_2(tmp_path, monkeypatch, capsys):
    # One line on stderr saying to add --force or name another; nothing is written over.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pk").mkdir()
    for path in (tmp_path / "my_backprop.py", tmp_path / "pk" / "notes.txt"):
        path.write_text("mine\n")
    assert exercise.main(["new"]) == 2 and exercise.main(["pack", "pk"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and err.count("add --force") == 2 and "my_backprop.py exists already" in err
    assert (tmp_path / "my_backprop.py").read_text() == "mine\n" and os.listdir(tmp_path / "pk") == ["notes.txt"]
    assert exercise.main(["new", "--force"]) == 0 and "not_written_yet" in (tmp_path / "my_backprop.py").read_text("utf-8")

def test_a_file_check_cannot_judge_is_a_usage_error_in_one_line(folder, capsys):
    # Exit status 2 and one line on stderr: no such file, a folder, not UTF-8, no tagged lines.
    (folder / "bin.py").write_bytes(b"\xff\xfe\x00")
    (folder / "plain.py").write_text("x = 1\n")
    for name, words in (("missing.py", "no such file"), (".", "is not a Python file"), ("bin.py", "not UTF-8 text"),
                        ("plain.py", "has no backprop() or backprop_batch() with lines tagged")):
        assert exercise.main(["check", str(folder / name)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("exercise.py check: ") and words in err and err.count("\n") == 1, err

@pytest.mark.parametrize("args", [["new", "--equations", "E"], ["new", "--out", "x.txt"], ["pack"],
                                  ["check", "x.py", "--time-limit", "0"], ["grade", "x.py"], []])
def test_a_bad_option_exits_with_status_2(args, capsys):
    # argparse's usage message.
    with pytest.raises(SystemExit) as stop:
        exercise.main(args)
    assert stop.value.code == 2 and "error:" in capsys.readouterr().err

def test_verdicts_spell_the_symbols_in_ascii_on_a_terminal_that_cannot_show_them():
    # delta, sigma, (.), ^T instead of δ, σ, ⊙, ᵀ.
    exercise.say("(B) has σ(z^l), not σ'(z^l): (w^(l+1))ᵀ δ ⊙ σ'", stream := io.TextIOWrapper(io.BytesIO(), "ascii"))
    assert stream.seek(0) == 0 and stream.read() == "(B) has sigma(z^l), not sigma'(z^l): (w^(l+1))^T delta (.) sigma'\n"

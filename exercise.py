"""Exercises on equations (A) to (D): blank them out, then judge a student's lines.

    python3 exercise.py new [--equations A,B,C,D] [--batch] [--out FILE] [--force]
    python3 exercise.py check FILE [--time-limit SECONDS]

`new` writes my_backprop.py (or FILE): a copy of backprop.py in which the
chosen tagged lines of backprop() (of backprop_batch() with --batch) are
blank.  A blank keeps its left-hand side and its tag, raises "not written
yet" when it runs, and has a comment above it giving the equation.

`check` judges each equation on its own.  The truth is the definition, not
the student's file: δ^l = ∂C/∂z^l = ∂C/∂b^l, ∂C/∂w^l and ∂C/∂b^l by
central differences of the cost C, from numerical_gradient() of the
project's own backprop.py, next to this file.  Each tagged right-hand side
is evaluated with the true values of everything it reads (δ^(l+1) for (B),
δ^l for (C) and (D)), so one wrong line gives one wrong verdict.  The
cases: both costs, each hidden activation of backprop.py, networks of 2, 3
and 4 layers with no two neighbouring layers of the same size, and batches
of m = 5 examples.
The student's file runs in a child process with a time limit on each piece
of it (by SIGALRM; where there is none, as on Windows, only the whole check
has a limit) and its printing captured; the child reports back in JSON lines.
"""
import argparse
import ast
import copy
import io
import json
import math
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import tokenize
import traceback
import types

import backprop
import matrix
from matrix import add, apply, hadamard, matmul, row_sums, scale, subtract, transpose

HERE = os.path.dirname(os.path.abspath(__file__))
TAGS = "ABCD"
FUNCTIONS = {"single": "backprop", "batch": "backprop_batch"}  # the two kinds of exercise
TAG_COMMENT = re.compile(r"#\s*\(([ABCD])\)")
TIME_LIMIT = 1.0  # seconds for each piece of the student's code: import, one equation, one run

# The cases, smallest first: the first that fails is the one a verdict shows.
# Neighbouring layers differ in size, so a missing transpose cannot hide, and
# m = 5 is no layer's size, so a sum over the wrong axis cannot either.
SIZES = ([3, 2], [2, 3, 1], [2, 4, 3, 2])
CASE_COSTS = ("quadratic", "cross_entropy")
CASE_ACTIVATIONS = tuple(backprop.ACTIVATIONS)  # every hidden activation backprop.py has
M = 5

MATRIX_NAMES = "add, subtract, matmul, hadamard (⊙), transpose (ᵀ), scale, apply, row_sums (Σ)"

# What each blank asks for, by (kind, tag, cost); cost None: either cost.
HINTS = {
    ("single", "A", "quadratic"): [
        "(A) for the quadratic cost: δ^L = ∇_a C ⊙ σ'(z^L), where ∇_a C = a^L − y"],
    ("single", "A", "cross_entropy"): [
        "(A) for the cross-entropy cost: δ^L = ∇_a C ⊙ σ'(z^L), where",
        "∇_a C = (a^L − y) / (a^L (1 − a^L)) and σ'(z^L) = a^L (1 − a^L) cancel"],
    ("single", "B", None): [
        "(B): δ^l = ((w^(l+1))ᵀ δ^(l+1)) ⊙ σ'(z^l)"],
    ("single", "C", None): [
        "(C): ∂C/∂w^l = δ^l (a^(l−1))ᵀ, an n_l x n_(l−1) matrix like w^l"],
    ("single", "D", None): [
        "(D): ∂C/∂b^l = δ^l"],
    ("batch", "A", "quadratic"): [
        "(A), Ng: dZ = (A − Y) ⊙ g'(Z), one column per example; in the article",
        "δ^L = ∇_a C ⊙ σ'(z^L) with ∇_a C = a^L − y for the quadratic cost"],
    ("batch", "A", "cross_entropy"): [
        "(A), Ng: dZ = A − Y, one column per example; in the article",
        "δ^L = ∇_a C ⊙ σ'(z^L), where for cross-entropy ∇_a C = (a^L − y) / (a^L (1 − a^L))",
        "and σ'(z^L) = a^L (1 − a^L) cancel"],
    ("batch", "B", None): [
        "(B), Ng: dZ = Wᵀ dZ ⊙ g'(Z), where his W is our w[l + 1] and the dZ on the right",
        "is dZ[l + 1]; in the article δ^l = ((w^(l+1))ᵀ δ^(l+1)) ⊙ σ'(z^l)"],
    ("batch", "C", None): [
        "(C), Ng: dW = 1/m dZ Aᵀ, with the A of the layer before, A[l - 1]; in the",
        "article ∂C/∂w^l = δ^l (a^(l−1))ᵀ, here the mean over the m examples"],
    ("batch", "D", None): [
        "(D), Ng: db = 1/m Σ dZ, the sum over the m examples (the columns of dZ); in the",
        "article ∂C/∂b^l = δ^l, here the mean over the m examples"],
}

BLANK_HELPER = '''\
# The exercise: each line that calls not_written_yet is yours to write, by the
# equation in the comment above it.  Check your lines with
#     python3 exercise.py check <this file>


def not_written_yet(tag):
    """Stands in for equation tag until it is written: it raises, saying so."""
    raise NotImplementedError(f"equation {tag} is not written yet: in {__file__}, replace "
                              f'not_written_yet("{tag}") with the equation in the comment above it')


'''

# Readable ASCII for a terminal that cannot show the article's symbols.
ASCII = {"δ": "delta", "σ": "sigma", "′": "'", "⊙": "(.)", "ᵀ": "^T", "∂": "d", "∇": "grad",
         "Σ": "sum ", "−": "-", "…": "...", "‖": "||", "²": "^2"}


def main(argv=None):
    args = parse_args(argv)
    if args.command == "new":
        return new(args)
    return check(args)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="exercise.py",
        description="Blank out equations (A) to (D) of backprop.py for a student to write, "
                    "and judge what the student wrote.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="{new,check}")
    make = commands.add_parser(
        "new", help="write a copy of backprop.py with equations left for the student",
        description="Write a copy of backprop.py in which the chosen tagged lines are blank.")
    make.add_argument("--equations", type=equation_letters, default="A,B,C,D",
                      help="the equations to blank, such as A,C (default: A,B,C,D)")
    make.add_argument("--batch", action="store_true",
                      help="blank them in backprop_batch (Ng's dZ, dW, db) instead of backprop")
    make.add_argument("--out", type=python_file, default="my_backprop.py",
                      help="the file to write (default: my_backprop.py)")
    make.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    judge_it = commands.add_parser(
        "check", help="judge each equation of a student's file",
        description="Judge equations (A) to (D) of FILE against central differences of the "
                    "cost. Exit status 0 when all four are right, 1 when one is not.")
    judge_it.add_argument("file", metavar="FILE", help="the student's file, such as my_backprop.py")
    judge_it.add_argument("--time-limit", type=time_limit, default=TIME_LIMIT, metavar="SECONDS",
                          help=f"time for each piece of FILE: its import, one equation, one "
                               f"run of backprop (default: {TIME_LIMIT:g})")
    return parser.parse_args(argv)


# argparse types: a bad value ends with the usage message and exit status 2.

def equation_letters(text):
    letters = [part.strip().upper() for part in text.split(",")]
    if not all(len(letter) == 1 and letter in TAGS for letter in letters):
        raise argparse.ArgumentTypeError(
            f"expected letters from A, B, C, D separated by commas, such as A,C; got {text!r}")
    return sorted(set(letters))


def python_file(text):
    if not text.endswith(".py"):
        raise argparse.ArgumentTypeError(f"expected a .py file, such as my_backprop.py; got {text!r}")
    return text


def time_limit(text):
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds <= 60:
        raise argparse.ArgumentTypeError(f"expected seconds between 0 and 60, such as 1; got {text!r}")
    return seconds


# ---------------------------------------------------------------- new

def new(args):
    out, project = args.out, os.path.join(HERE, "backprop.py")
    if os.path.exists(out) and os.path.samefile(out, project):
        return usage_error("new", f"{out} is the project's own backprop.py, which the exercise "
                                  f"is made from; name another file with --out")
    if os.path.exists(out) and not args.force:
        say(f"exercise.py new: {out} exists already; add --force to overwrite it, "
            f"or name another file with --out", sys.stderr)
        return 1
    try:
        with open(project, encoding="utf-8") as f:
            source = f.read()
    except OSError:
        say(f"exercise.py new: the exercise is made from backprop.py next to exercise.py, "
            f"and there is none in {HERE}", sys.stderr)
        return 1
    kind = "batch" if args.batch else "single"
    try:
        text = make_exercise(source, args.equations, kind)
    except ValueError as err:
        say(f"exercise.py new: {err}", sys.stderr)
        return 1
    try:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as err:
        return usage_error("new", f"cannot write {out}: {err.strerror}")
    tags = ", ".join(f"({tag})" for tag in args.equations)
    verb = "is" if len(args.equations) == 1 else "are"
    say(f"wrote {out}: {tags} in {FUNCTIONS[kind]}() {verb} yours to write")
    say(f"each blank says its equation; when they are written, run:")
    say(f"    python3 exercise.py check {out}")
    if not os.path.exists(os.path.join(os.path.dirname(os.path.abspath(out)), "matrix.py")):
        say(f"({out} imports matrix: copy matrix.py next to it to run it outside the check)")
    return 0


def make_exercise(source, tags, kind):
    """source (backprop.py's text) with the lines tagged (tag) in tags blanked in FUNCTIONS[kind]."""
    func = find_function(ast.parse(source), FUNCTIONS[kind])
    if func is None:
        raise ValueError(f"backprop.py has no function {FUNCTIONS[kind]}()")
    chosen = [(tag, stmt) for tag, stmt in tagged_statements(source, func) if tag in tags]
    for tag in tags:
        if tag not in [t for t, _ in chosen]:
            raise ValueError(f"backprop.py has no line ending in # ({tag}) in {FUNCTIONS[kind]}()")
    lines = source.splitlines(keepends=True)
    for tag, stmt in sorted(chosen, key=lambda pair: -pair[1].lineno):  # from the bottom up
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
            raise ValueError(f"the line tagged ({tag}) at line {stmt.lineno} of backprop.py "
                             f"is not an assignment such as delta[l] = ...")
        indent = lines[stmt.lineno - 1][:stmt.col_offset]
        left = ast.get_source_segment(source, stmt.targets[0])
        cost = None if tag != "A" else "quadratic" if uses_sigma_prime(stmt) else "cross_entropy"
        hint = HINTS[(kind, tag, cost)] + [f"matrix.py: {MATRIX_NAMES}"]
        blank = [f"{indent}# {line}\n" for line in hint]
        blank.append(f'{indent}{left} = not_written_yet("({tag})")  # ({tag})\n')
        lines[stmt.lineno - 1:stmt.end_lineno] = blank
    lines.insert(func.lineno - 1, BLANK_HELPER)
    return "".join(lines)


def find_function(tree, name):
    """The top-level def of name in the module tree, or None."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return node
    return None


def tagged_statements(source, func):
    """[(tag, statement)] for func's statements whose line ends in a comment # (A) to # (D)."""
    tags = {}  # line number -> tag
    text = "".join(source.splitlines(keepends=True)[func.lineno - 1:func.end_lineno])
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        found = TAG_COMMENT.match(token.string) if token.type == tokenize.COMMENT else None
        if found:
            tags[func.lineno + token.start[0] - 1] = found.group(1)
    pairs = []
    for stmt in ast.walk(func):
        if isinstance(stmt, ast.stmt) and not hasattr(stmt, "body"):  # a simple statement
            lines = [n for n in range(stmt.lineno, stmt.end_lineno + 1) if n in tags]
            if lines:
                pairs.append((tags[lines[0]], stmt))
    return sorted(pairs, key=lambda pair: pair[1].lineno)


def uses_sigma_prime(stmt):
    """True for the (A) of the quadratic cost, which multiplies by σ'(z^L)."""
    return "sigma_prime" in ast.unparse(stmt)


def is_blank(stmt):
    """True for a left-out equation: not_written_yet(...) or ... on the right."""
    value = getattr(stmt, "value", None)
    return (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
            and value.func.id == "not_written_yet") or (
        isinstance(value, ast.Constant) and value.value is Ellipsis)


# ---------------------------------------------------------------- check (the parent)

def check(args):
    path = args.file
    if not os.path.exists(path):
        return usage_error("check", f"no such file: {path}")
    if os.path.isdir(path) or not path.endswith(".py"):
        return usage_error("check", f"{path} is not a Python file (a .py file such as my_backprop.py)")
    try:
        with open(path, "rb") as f:
            source = f.read().decode("utf-8")
    except UnicodeDecodeError:
        return usage_error("check", f"{path} is not a Python file: it is not UTF-8 text")
    except OSError as err:
        return usage_error("check", f"cannot read {path}: {err.strerror}")
    if "\0" in source:
        return usage_error("check", f"{path} is not a Python file: it holds a null byte")
    try:
        tree = ast.parse(source)
    except SyntaxError:
        tree = None  # the child says where
    if tree is not None and not any(find_function(tree, name) and tagged_statements(
            source, find_function(tree, name)) for name in FUNCTIONS.values()):
        return usage_error("check", f"{path} has no backprop() or backprop_batch() with lines "
                                    f"tagged # (A) to # (D); python3 exercise.py new makes one")
    events, trouble = run_child(os.path.abspath(path), args.time_limit)
    lines, status = report(events, trouble)
    for line in lines:
        say(line)
    return status


def run_child(path, limit):
    """Judge path in a child process: (its events, None), or (the events it sent, (what
    happened to the child, why)) when it did not finish."""
    overall = 10 * limit + 5  # import, and for each kind one run and four equations, plus start-up
    with tempfile.TemporaryDirectory() as tmp:
        results, errors = os.path.join(tmp, "results"), os.path.join(tmp, "stderr")
        code = ("import sys; sys.path.insert(0, sys.argv[1]); import exercise; "
                "exercise.child_main(sys.argv[2:])")
        with open(errors, "w") as err:
            child = subprocess.Popen([sys.executable, "-I", "-c", code, HERE, path, results, str(limit)],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
            try:
                status = child.wait(timeout=overall)
            except subprocess.TimeoutExpired:
                status = None
            finally:  # after a time-out or Ctrl-C, the child must not outlive the check
                if child.poll() is None:
                    child.kill()
                    child.wait()
        events = []
        if os.path.exists(results):
            with open(results, encoding="utf-8") as f:
                for line in f:
                    try:
                        events.append(json.loads(line))
                    except ValueError:
                        pass  # a line cut off when the child was stopped
        with open(errors, encoding="utf-8", errors="replace") as f:
            tail = f.read()[-300:].strip().splitlines()
    if any(event["event"] == "done" for event in events):
        return events, None
    if status is None:
        return events, (f"the check stopped the file after {overall:g} s",
                        "it kept running although its time was up (a loop inside one call of "
                        "a built-in, such as any(), or one that catches every exception?)")
    how = f"exit status {status}" if status >= 0 else f"signal {-status}"
    last = f"; its last words: {tail[-1]}" if tail else ""
    return events, (f"the check's process ended early ({how})",
                    f"the file may end the process itself, as os._exit() does{last}")


def report(events, trouble=None):
    """The lines to print for the child's events, and the exit status.

    Problems that stop the judging (the file does not parse or import) come
    first, then one verdict per equation, then the other problems, then the
    summary.  Of a tag's two verdicts (backprop, backprop_batch), one that
    is not right is the one shown.
    """
    problems = [event for event in events if event["event"] == "problem"]
    verdicts = {}
    for event in events:
        tag = event.get("tag")
        if event["event"] == "verdict" and verdicts.get(tag, [f"({tag}) right"]) == [f"({tag}) right"]:
            verdicts[tag] = event["lines"]
    if trouble:
        where = "".join([f" while it judged ({tag})" for tag in TAGS if tag not in verdicts][:1])
        problems.append({"event": "problem", "text": f"{trouble[0]}{where}: {trouble[1]}",
                         "first": False})
    lines = [line for event in problems if event["first"] for line in event["text"].splitlines()]
    right = 0
    for tag in TAGS:
        found = verdicts.get(tag, [f"({tag}) not judged: the check stopped before it got there"])
        right += found == [f"({tag}) right"]
        lines += found
    lines += [line for event in problems if not event["first"] for line in event["text"].splitlines()]
    summary = f"{right} of 4 equations right"
    if problems:
        summary += f", and {len(problems)} other problem{'s' if len(problems) > 1 else ''} (above)"
    return lines + [summary], 0 if right == 4 and not problems else 1


# ---------------------------------------------------------------- check (the child)

class TimeOut(BaseException):
    """Raised inside the student's code when its time is up (BaseException: harder to swallow)."""


def child_main(args):
    path, results, limit = args
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # a runaway list stops at 2 GB
    except (ImportError, ValueError, OSError):
        pass
    with open(results, "a", encoding="utf-8") as out:
        def emit(event):
            out.write(json.dumps(event) + "\n")
            out.flush()
        judge(path, float(limit), emit)


def judge(path, limit, emit):
    """Judge the student's file at path (absolute), sending each finding to emit(event).

    Events: {"event": "verdict", "kind", "tag", "lines"}, {"event": "problem",
    "text", "first"} (first: shown above the verdicts) and {"event": "done"}.
    Runs in the child process, or in a test's own process.
    """
    with open(path, encoding="utf-8") as f:
        source = f.read()
    source, tree, broken, problem = patch_syntax_errors(source, path)
    if problem:
        emit({"event": "problem", "text": problem, "first": True})
        for tag in TAGS:
            emit({"event": "verdict", "kind": "single", "tag": tag,
                  "lines": [f"({tag}) not judged: the file does not parse"]})
        emit({"event": "done"})
        return
    sink, saved = Sink(), (sys.stdout, sys.stderr, list(sys.path))
    sys.stdout = sys.stderr = sink
    sys.path.insert(0, os.path.dirname(path))
    try:
        module, stopped = load(path, source, limit)
        if stopped:
            emit({"event": "problem", "text": stopped, "first": True})
        names = dict(vars(matrix))
        names.update(vars(module))
        for kind, name in FUNCTIONS.items():
            func = find_function(tree, name)
            if func is None:
                continue
            job = types.SimpleNamespace(
                kind=kind, func=func, statements=tagged_statements(source, func), broken=broken,
                module=module, names=names, local=local_names(func), path=path, limit=limit,
                snapshots={}, code={}, reads={}, imported=stopped is None,
                parents={child: node for node in ast.walk(func) for child in ast.iter_child_nodes(node)})
            all_right = True
            for tag in TAGS:
                lines = judge_equation(job, tag)
                all_right = all_right and lines == [f"({tag}) right"]
                emit({"event": "verdict", "kind": kind, "tag": tag, "lines": lines})
            problem = whole_problem(job, all_right)
            if problem:
                emit({"event": "problem", "text": problem, "first": False})
    finally:
        sys.stdout, sys.stderr = saved[0], saved[1]
        sys.path[:] = saved[2]
    if sink.chars:
        first = sink.head.splitlines()[0] if sink.head.strip() else sink.head
        emit({"event": "problem", "first": False, "text":
              f"your file printed {sink.chars:,} characters while it was checked, the first "
              f"line being {shorten(first, 60)!r}: backprop() runs for every example in "
              f"train(), so it should print nothing"})
    emit({"event": "done"})


class Sink:
    """Stands in for sys.stdout and sys.stderr: counts what is printed, keeps its start."""

    encoding = "utf-8"

    def __init__(self):
        self.chars, self.head = 0, ""

    def write(self, text):
        text = str(text)
        self.chars += len(text)
        if len(self.head) < 200:
            self.head += text[:200]
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False


def patch_syntax_errors(source, path):
    """(source, tree, broken, problem): a tagged line that does not parse becomes pass.

    broken maps its line number to (tag, message); problem is the message for
    an untagged line that does not parse (then nothing can be judged), else None.
    """
    lines, broken = source.splitlines(keepends=True), {}
    for _ in range(8):
        err = parse_error(lines, path)
        if err is None:
            return "".join(lines), ast.parse("".join(lines), path), broken, None
        # Python 3.9 may name a later line, tagged or not, for a bracket left open on a tagged line.
        n = cause_before(lines, path, err.lineno or 0, broken) or err.lineno or 0
        text = lines[n - 1] if 0 < n <= len(lines) else ""
        tag = TAG_COMMENT.search(text)
        if not tag or n in broken:
            name = os.path.basename(path)
            return source, None, broken, f"{name} does not parse: line {n}: {err.msg}\n    {text.strip()}"
        broken[n] = (tag.group(1), f"line {n} does not parse: {err.msg}")
        lines = as_pass(lines, n)
    return source, None, broken, f"{os.path.basename(path)} does not parse: too many lines with errors"


def parse_error(lines, path):
    """The SyntaxError of the source made of lines, or None if it parses."""
    try:
        ast.parse("".join(lines), path)
    except SyntaxError as err:
        return err
    return None


def as_pass(lines, n):
    """lines with line n (counted from 1) replaced by pass, kept at its indent."""
    text = lines[n - 1]
    return lines[:n - 1] + [text[:len(text) - len(text.lstrip())] + "pass\n"] + lines[n:]


def cause_before(lines, path, n, broken):
    """The tagged line at or before line n whose replacement by pass alone moves the
    syntax error past line n (or clears it), nearest first; None if there is none."""
    for t in range(min(n, len(lines)), 0, -1):
        if t in broken or not TAG_COMMENT.search(lines[t - 1]):
            continue
        err = parse_error(as_pass(lines, t), path)
        if err is None or (err.lineno or 0) > n:
            return t
    return None


def load(path, source, limit):
    """Run the file as a module: (module, None), or (what of it ran, the problem)."""
    name = os.path.splitext(os.path.basename(path))[0]
    module = types.ModuleType(name)
    module.__file__ = path
    base = os.path.basename(path)
    try:
        code = compile(source, path, "exec")
    except SyntaxError as err:  # parsed, but cannot be compiled, such as 'break' outside a loop
        return module, f"{base} does not compile: line {err.lineno}: {err.msg}"
    outcome = run(lambda: exec(code, vars(module)), limit, path)
    if outcome[0] == "raise":
        return module, f"importing {base} raises {outcome[1]}{at_line(outcome[3])}: {outcome[2]}"
    if outcome[0] == "time-out":
        return module, (f"importing {base} did not finish in {limit:g} s{at_line(outcome[1])}, "
                        f"still running (an endless loop?)")
    return module, None


def run(thunk, limit, path):
    """thunk() with at most limit seconds: ("value", v), ("raise", type, message, line)
    or ("time-out", line); line is the student's line the trouble came from, or None."""
    alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    old = signal.signal(signal.SIGALRM, on_alarm) if alarm else None
    try:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            return ("value", thunk())
        finally:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
    except TimeOut as err:
        return ("time-out", student_line(err, path))
    except BaseException as err:  # SystemExit too: the student's file may call sys.exit()
        return ("raise", type(err).__name__, message(err), student_line(err, path))
    finally:
        if alarm:
            signal.signal(signal.SIGALRM, old)


def on_alarm(signum, frame):
    raise TimeOut


def student_line(err, path):
    """The last line of the student's file in err's traceback, or None."""
    lines = [n for frame, n in traceback.walk_tb(err.__traceback__) if frame.f_code.co_filename == path]
    if isinstance(err, SyntaxError) and err.filename == path:
        lines.append(err.lineno)
    return lines[-1] if lines else None


def message(err):
    try:
        text = str(err)
    except BaseException:
        text = "(a message that cannot be shown)"
    return shorten(text, 200)


def at_line(n):
    return f" at line {n}" if n else ""


# ---------------------------------------------------------------- the cases and their truth

CASES = []  # filled once by cases()


def cases():
    """All cases, smallest first: a 2-layer network has no hidden activation to vary."""
    if not CASES:
        for sizes in SIZES:
            for cost in CASE_COSTS:
                for activation in CASE_ACTIVATIONS[:1] if len(sizes) == 2 else CASE_ACTIVATIONS:
                    CASES.append(make_case(len(CASES), sizes, cost, activation))
    return CASES


def make_case(index, sizes, cost, activation):
    """A seeded network (case.net) and the true values each kind of exercise reads (case.kinds).

    case.kinds["single"] holds one example x, y with its z, a, and δ^l,
    ∂C/∂w^l, ∂C/∂b^l; case.kinds["batch"] holds m examples, one per
    column, under the same names: x is X, delta is dZ, nabla_w is dW, and
    so on.  The gradients are central differences of the cost C, from the
    project's numerical_gradient(), one example at a time: never the
    student's file, never backprop().

    For relu, seeds are skipped until the network is clear of the kink (see
    clear_of_the_kink).
    """
    net = backprop.Network(sizes, cost=cost, activation=activation)
    layers = range(2, net.L + 1)
    for seed in range(1000):
        rng = random.Random(1000 * index + seed)
        net.w = {l: [[rng.uniform(-2, 2) for _ in range(sizes[l - 2])] for _ in range(sizes[l - 1])]
                 for l in layers}
        net.b = {l: [[rng.uniform(-0.5, 0.5)] for _ in range(sizes[l - 1])] for l in layers}
        X = [[rng.uniform(-1, 1) for _ in range(M)] for _ in range(sizes[0])]
        Y = [[rng.choice((0.05, 0.9)) + rng.uniform(0, 0.05) for _ in range(M)] for _ in range(sizes[-1])]
        Z, A = backprop.forward(net, X)
        if activation != "relu" or clear_of_the_kink(Z, net.L):
            break
    examples = [([row[k:k + 1] for row in X], [row[k:k + 1] for row in Y]) for k in range(M)]
    gradients = [backprop.numerical_gradient(net, x, y) for x, y in examples]
    (x, y), (nabla_w, delta) = examples[0], gradients[0]  # backprop()'s example is column 0
    z, a = backprop.forward(net, x)
    single = types.SimpleNamespace(x=x, y=y, z=z, a=a, delta=delta, nabla_w=nabla_w, nabla_b=delta)
    # For the batch, column k of dZ[l] is δ^l of example k; dW and db are means.
    batch = types.SimpleNamespace(
        x=X, y=Y, z=Z, a=A,
        delta={l: transpose([[d for (d,) in g[1][l]] for g in gradients]) for l in layers},
        nabla_w={l: average([g[0][l] for g in gradients]) for l in layers},
        nabla_b={l: average([g[1][l] for g in gradients]) for l in layers})
    return types.SimpleNamespace(net=net, kinds={"single": single, "batch": batch})


def clear_of_the_kink(Z, L):
    """True when each hidden relu is clear of its kink at 0 for the m examples (columns of Z).

    Each hidden z is at least 0.05 from 0, where σ' jumps and central
    differences would straddle it; and each example has a unit that is on
    in each hidden layer, so that no δ is zero and hides a wrong line.
    """
    return all(all(abs(v) >= 0.05 for row in Z[l] for v in row)
               and all(any(v > 0 for v in col) for col in transpose(Z[l])) for l in range(2, L))


def average(matrices):
    """The entry-by-entry mean of the matrices: Ng's 1/m Σ over the examples."""
    total = matrices[0]
    for other in matrices[1:]:
        total = add(total, other)
    return scale(1 / len(matrices), total)


# ---------------------------------------------------------------- judging one equation

def judge_equation(job, tag):
    """The verdict lines for equation tag in the function of job.kind."""
    kind, func = job.kind, job.func
    where = "" if kind == "single" else f" in {FUNCTIONS[kind]}()"
    mine = [stmt for t, stmt in job.statements if t == tag]
    for n, (t, text) in sorted(job.broken.items()):
        if t == tag and func.lineno <= n <= func.end_lineno:
            return [f"({tag}) wrong{where}: {text}"]
    if not mine:
        return [f"({tag}) not found{where}: no line of {FUNCTIONS[kind]}() ends with the tag "
                f"# ({tag}); keep the tag at the end of the equation's line"]
    blanks = [stmt.lineno for stmt in mine if is_blank(stmt)]
    if blanks:
        return [f"({tag}) not written yet{where} ({'lines' if len(blanks) > 1 else 'line'} "
                f"{', '.join(map(str, blanks))})"]
    odd = [stmt for stmt in mine if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1)]
    if odd:
        return [f"({tag}) cannot be judged{where}: line {odd[0].lineno} must assign the "
                f"equation's value, as in {left_side(kind, tag)} = ..."]
    conditions = {stmt: if_conditions(func, job.parents, stmt, job.path) for stmt in mine}
    for case in cases():
        for stmt, l in applicable(tag, conditions, mine, case, job.names):
            outcome = evaluate(job, tag, case, l, stmt)
            if outcome[0] == "time-out":
                return [f"({tag}) time-out{where}: your ({tag}) was still running"
                        f"{at_line(outcome[1] or stmt.lineno)} after {job.limit:g} s "
                        f"(an endless loop?)", "    case: " + case_words(kind, case, tag, l)]
            if outcome[0] == "raise" and outcome[1] == "NotImplementedError":
                return [f"({tag}) not written yet{where} (line {stmt.lineno}): {outcome[2]}"]
            if outcome[0] == "raise" and outcome[1] == "NameError" and not job.imported:
                return [f"({tag}) not judged{where}: {outcome[2]}, as importing the file stopped early"]
            expected = truth(kind, tag, case, l)
            if outcome[0] == "value" and same(expected, outcome[1], 1e-7, 1e-6):
                continue
            return wrong(kind, tag, case, l, stmt, outcome, expected)
    return [f"({tag}) right"]


def evaluate(job, tag, case, l, stmt):
    """The outcome of stmt's right-hand side for the case at layer l, with true values fed in."""
    if stmt not in job.code:
        job.code[stmt] = compile(ast.Expression(stmt.value), job.path, "eval")
        job.reads[stmt] = {node.id for node in ast.walk(stmt.value) if isinstance(node, ast.Name)}
    code, local = job.code[stmt], job.local & job.reads[stmt]
    space = namespace(job.kind, tag, case, l, stmt, job.names, local, {})
    outcome = run(lambda: eval(code, space), job.limit, job.path)
    if outcome[0] == "raise" and outcome[1] == "NameError":  # a name the student's own line made?
        extra = snapshot(job, case).get((stmt.lineno, l))
        if extra:
            space = namespace(job.kind, tag, case, l, stmt, job.names, local, extra)
            outcome = run(lambda: eval(code, space), job.limit, job.path)
    return outcome


def left_side(kind, tag):
    names = {"single": ("delta[L]", "delta[l]", "nabla_w[l]", "nabla_b[l]"),
             "batch": ("dZ[L]", "dZ[l]", "dW[l]", "db[l]")}
    return names[kind][TAGS.index(tag)]


def applicable(tag, conditions, mine, case, names):
    """[(statement, l)] to evaluate for the case: which (A) runs for its cost, and each l."""
    L = case.net.L
    if tag == "A":
        chosen = [stmt for stmt in mine if runs_for(stmt, conditions[stmt], case, names)]
        return [(stmt, L) for stmt in (chosen or mine)[:1]]
    layers = range(L - 1, 1, -1) if tag == "B" else range(2, L + 1)
    return [(stmt, l) for l in layers for stmt in mine]


def if_conditions(func, parents, stmt, path):
    """[(test, branch)] of the if statements around stmt: it runs when each test is branch."""
    found, node = [], stmt
    while node in parents and node is not func:
        parent = parents[node]
        if isinstance(parent, ast.If):
            test = compile(ast.Expression(parent.test), path, "eval")
            found.append((test, any(node is s for s in parent.body)))
        node = parent
    return found


def runs_for(stmt, conditions, case, names):
    """True when the if statements around stmt let it run for the case's cost."""
    space = dict(names, net=copy.deepcopy(case.net))  # a copy: the test may change net
    for test, branch in conditions:
        try:
            if bool(eval(test, space)) != branch:
                return False
        except BaseException:  # a test the check cannot follow: go by the line itself
            return uses_sigma_prime(stmt) == (case.net.cost == "quadratic")
    return True


def fresh(v):
    """A copy of a matrix, or of a dict of matrices, that the student's line may change freely."""
    if isinstance(v, dict):
        return {k: fresh(u) for k, u in v.items()}
    if isinstance(v, list):
        return [row[:] if isinstance(row, list) else row for row in v]
    return v


def namespace(kind, tag, case, l, stmt, names, local, extra):
    """The names stmt's right-hand side can read, every one holding its true value.

    delta (dZ) holds δ^(l+1) ... δ^L for (B), nothing for (A) and every layer
    for (C) and (D); nabla_w and nabla_b hold the layers before l (and for (D)
    the ∂C/∂w^l of (C)).  Of these, only the names in local are given: the
    names local to the student's function that the line reads.  Its other
    locals (extra) come from a run of the student's function on the same
    case, where that run got so far.
    """
    net, t = case.net, case.kinds[kind]
    delta = fed_delta(kind, tag, case, l)
    nabla_w = {k: v for k, v in t.nabla_w.items() if k < l or (tag == "D" and k == l)}
    nabla_b = {k: v for k, v in t.nabla_b.items() if k < l}
    true = {"L": net.L, "w": net.w, "b": net.b, "sigma": net.sigma,
            "sigma_prime": net.sigma_prime, "l": l}
    if kind == "single":
        true.update({"x": t.x, "y": t.y, "z": t.z, "a": t.a, "delta": delta,
                     "nabla_w": nabla_w, "nabla_b": nabla_b})
    else:
        true.update({"X": t.x, "Y": t.y, "m": M, "ones": [[1.0] * M], "Z": t.z,
                     "A": t.a, "dZ": delta, "dW": nabla_w, "db": nabla_b})
    target = stmt.targets[0]
    if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Name) and tag != "A":
        true[target.slice.id] = l  # the student's loop variable, whatever its name
    space = dict(names)
    space.update({k: v for k, v in extra.items() if k in local and k not in true})
    space.update({k: fresh(v) for k, v in true.items() if k in local})
    if "net" in local:
        space["net"] = net = copy.deepcopy(case.net)  # a copy: the line may change net
        net.w, net.b = space.get("w", net.w), space.get("b", net.b)  # as L, w, b = net.L, net.w, net.b
    return space


def fed_delta(kind, tag, case, l):
    """The true δ^k (dZ[k]) that equation tag may read at layer l: k > l for (B), none for (A)."""
    own = case.kinds[kind].delta
    return {k: v for k, v in own.items() if (tag == "B" and k > l) or tag in "CD"}


def local_names(func):
    """The names local to the function func: its parameters and every name it assigns."""
    found = {arg.arg for arg in func.args.args + func.args.kwonlyargs}
    found.update(node.id for node in ast.walk(func)
                 if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store))
    return found


def truth(kind, tag, case, l):
    t = case.kinds[kind]
    return {"A": t.delta, "B": t.delta, "C": t.nabla_w, "D": t.nabla_b}[tag][l]


def wrong(kind, tag, case, l, stmt, outcome, expected):
    """The lines of a wrong verdict: what is wrong (named if it is a known mistake), the case, the values."""
    where = "" if kind == "single" else f" in {FUNCTIONS[kind]}()"
    symbol = symbol_of(kind, tag, l)
    named = name_mistake(kind, tag, case, l, outcome)
    if named:
        words = named
    elif outcome[0] == "raise":
        words = f"your ({tag}) raises {outcome[1]}{at_line(outcome[3] or stmt.lineno)}: {outcome[2]}"
    elif not is_matrix(outcome[1]):
        words = f"your ({tag}) gives {describe(outcome[1])}, not a matrix (a list of rows)"
    elif dims(outcome[1]) != dims(expected):
        words = f"your {symbol} is {size(outcome[1])}; it must be {size(expected)}"
    else:
        words = UNNAMED[tag].format(s=symbol_of(kind, tag, None))
    lines = [f"({tag}) wrong{where}: {words}", "    smallest failing case: " + case_words(kind, case, tag, l),
             f"    expected {symbol} ({size(expected)}) = {show(expected)}"]
    if outcome[0] == "raise":
        if named:
            lines.append(f"    yours    raises {outcome[1]}{at_line(outcome[3] or stmt.lineno)}: "
                         f"{outcome[2]}")
    elif is_matrix(outcome[1]):
        lines.append(f"    yours    {symbol} ({size(outcome[1])}) = {show(outcome[1])}")
    else:
        lines.append(f"    yours    {describe(outcome[1])}")
    return lines


UNNAMED = {
    "A": "your {s} is not ∂C/∂z^L, which central differences of the cost C give",
    "B": "your {s} is not ∂C/∂z^l (central differences of C), given the right δ^(l+1)",
    "C": "your {s} is not what central differences of C give, given the right δ^l",
    "D": "your {s} is not what central differences of C give, given the right δ^l",
}


def symbol_of(kind, tag, l):
    k = ("L" if tag == "A" else "l") if l is None else str(l)
    if kind == "single":
        return {"A": f"δ^{k}", "B": f"δ^{k}", "C": f"∂C/∂w^{k}", "D": f"∂C/∂b^{k}"}[tag]
    return {"A": f"dZ[{k}]", "B": f"dZ[{k}]", "C": f"dW[{k}]", "D": f"db[{k}]"}[tag]


def case_words(kind, case, tag, l):
    words = f"sizes {case.net.sizes}, {case.net.cost}"
    if case.net.L > 2:
        words += f", {case.net.activation}"
    words += f", l = {l}" if tag != "A" else f", l = L = {l}"
    return words + (f", m = {M} examples" if kind == "batch" else "")


# ---------------------------------------------------------------- known mistakes

def name_mistake(kind, tag, case, l, outcome):
    """The words for the known mistake that gives the student's outcome, or None."""
    net, t = case.net, case.kinds[kind]
    q = types.SimpleNamespace(
        batch=kind == "batch", L=net.L, l=l, w=net.w, sg=net.sigma, sp=net.sigma_prime,
        a=t.a, z=t.z, y=t.y, d=fed_delta(kind, tag, case, l))
    for words, thunk in known_mistakes(tag, net.cost, q):
        try:
            theirs = ("value", thunk())
        except Exception as err:
            theirs = ("raise", type(err).__name__, message(err))
        if theirs[0] != outcome[0]:
            continue
        if theirs[0] == "raise" and theirs[1:3] == outcome[1:3]:
            return words
        if theirs[0] == "value" and same(theirs[1], outcome[1], 1e-12, 1e-9):
            return words
    return None


def known_mistakes(tag, cost, q):
    """[(words, thunk)]: each common mistake in equation tag, as a value for the case q."""
    L, l, w, a, z, y, d = q.L, q.l, q.w, q.a, q.z, q.y, q.d
    T = transpose

    def mean(M_):  # Ng's 1/m
        return scale(1 / M, M_) if q.batch else M_

    def mean_sum(M_):  # Ng's 1/m Σ over the examples, for (D)
        return scale(1 / M, row_sums(M_)) if q.batch else M_

    def sp(k, of=None):  # σ'(z^k), or σ' of another matrix
        return apply(q.sp[k], z[k] if of is None else of)

    if tag == "A":
        err = subtract(a[L], y)
        quadratic = cost == "quadratic"
        found = [
            ("your (A) has the sign flipped: ∇_a C is a^L − y, not y − a^L",
             lambda: hadamard(subtract(y, a[L]), sp(L)) if quadratic else subtract(y, a[L])),
            ("your (A) uses z^L where ∇_a C has a^L: ∇_a C is a^L − y",
             lambda: hadamard(subtract(z[L], y), sp(L)) if quadratic else subtract(z[L], y))]
        if quadratic:
            found += [
                ("your (A) leaves out σ'(z^L): for the quadratic cost δ^L = (a^L − y) ⊙ σ'(z^L); "
                 "only cross-entropy cancels it", lambda: err),
                ("your (A) has y − a^L where ∇_a C is a^L − y, and leaves out σ'(z^L)",
                 lambda: subtract(y, a[L])),
                ("your (A) uses σ(z^L) where the equation has σ'(z^L)",
                 lambda: hadamard(err, apply(q.sg[L], z[L]))),
                ("your (A) takes σ' of a^L where the equation has σ'(z^L)",
                 lambda: hadamard(err, sp(L, a[L]))),
                ("your (A) uses the matrix product where the equation has ⊙, the entry-by-entry "
                 "product (hadamard)", lambda: matmul(err, sp(L)))]
        else:
            found += [
                ("your (A) multiplies in σ'(z^L): for the cross-entropy cost σ'(z^L) cancels "
                 "∇_a C's denominator, so δ^L = a^L − y", lambda: hadamard(err, sp(L))),
                ("your (A) multiplies in σ'(z^L) and has the sign flipped: δ^L = a^L − y for "
                 "cross-entropy", lambda: hadamard(subtract(y, a[L]), sp(L)))]
        if q.batch:
            found.append(("your dZ[L] is divided by m: in Ng's form 1/m comes in only in dW and db",
                          lambda: scale(1 / M, hadamard(err, sp(L)) if quadratic else err)))
        return found
    if tag == "B":
        back = lambda: matmul(T(w[l + 1]), d[l + 1])  # (w^(l+1))ᵀ δ^(l+1)
        return [
            ("your (B) uses σ(z^l) where the equation has σ'(z^l)",
             lambda: hadamard(back(), apply(q.sg[l], z[l]))),
            ("your (B) takes σ' of a^l where the equation has σ'(z^l)",
             lambda: hadamard(back(), sp(l, a[l]))),
            ("your (B) leaves out ⊙ σ'(z^l)", back),
            ("your (B) uses w^l where the equation has w^(l+1), the weights out of layer l",
             lambda: hadamard(matmul(T(w[l]), d[l + 1]), sp(l))),
            ("your (B) is missing the transpose: the equation has (w^(l+1))ᵀ δ^(l+1)",
             lambda: hadamard(matmul(w[l + 1], d[l + 1]), sp(l))),
            ("your (B) has ⊙ and the matrix product swapped: (w^(l+1))ᵀ δ^(l+1) is a matrix "
             "product (matmul), and ⊙ σ'(z^l) is entry by entry (hadamard)",
             lambda: matmul(hadamard(T(w[l + 1]), d[l + 1]), sp(l))),
            ("your (B) uses the matrix product where the equation has ⊙ σ'(z^l), entry by "
             "entry (hadamard)", lambda: matmul(back(), sp(l))),
            ("your (B) uses ⊙ where the equation has the matrix product (w^(l+1))ᵀ δ^(l+1) (matmul)",
             lambda: hadamard(hadamard(T(w[l + 1]), d[l + 1]), sp(l))),
            ("your (B) multiplies (δ^(l+1))ᵀ w^(l+1), a row; the equation has (w^(l+1))ᵀ δ^(l+1), "
             "a column", lambda: hadamard(matmul(T(d[l + 1]), w[l + 1]), sp(l))),
            ("your (B) reads δ^l, the very thing it computes; the equation has δ^(l+1)",
             lambda: hadamard(matmul(T(w[l + 1]), d[l]), sp(l))),
            ("your (B) uses δ^L where the equation has δ^(l+1); they are the same only for l = L − 1",
             lambda: hadamard(matmul(T(w[l + 1]), d[L]), sp(l)))]
    if tag == "C":
        found = [
            ("your (C) uses a^l where the equation has a^(l−1), the activation coming into layer l",
             lambda: mean(matmul(d[l], T(a[l])))),
            ("your (C) multiplies (a^(l−1))ᵀ δ^l; the equation has δ^l (a^(l−1))ᵀ",
             lambda: mean(matmul(T(a[l - 1]), d[l]))),
            ("your (C) gives a^(l−1) (δ^l)ᵀ, the transpose of ∂C/∂w^l; the equation has "
             "δ^l (a^(l−1))ᵀ", lambda: mean(matmul(a[l - 1], T(d[l])))),
            ("your (C) is missing the transpose: the equation has δ^l (a^(l−1))ᵀ",
             lambda: mean(matmul(d[l], a[l - 1]))),
            ("your (C) uses ⊙ where the equation has the matrix product δ^l (a^(l−1))ᵀ (matmul)",
             lambda: mean(hadamard(d[l], T(a[l - 1])))),
            ("your (C) uses z^(l−1) where the equation has the activation a^(l−1)",
             lambda: mean(matmul(d[l], T(z[l - 1])))),
            ("your (C) has the sign flipped", lambda: scale(-1, mean(matmul(d[l], T(a[l - 1])))))]
        if q.batch:
            found.append(("your dW is missing 1/m: Ng's dW = 1/m dZ Aᵀ is the mean over the "
                          "m examples", lambda: matmul(d[l], T(a[l - 1]))))
        return found
    activation = "your (D) multiplies δ^l by an activation, {}; ∂C/∂b^l is δ^l itself (∂z^l/∂b^l = 1)"
    found = [
        (activation.format("a^l"), lambda: mean_sum(hadamard(d[l], a[l]))),
        (activation.format("a^(l−1)"), lambda: mean_sum(hadamard(d[l], a[l - 1]))),
        ("your (D) is δ^l (a^(l−1))ᵀ, the weights' gradient (C); ∂C/∂b^l is δ^l itself",
         lambda: mean(matmul(d[l], T(a[l - 1])))),
        ("your (D) multiplies by σ'(z^l) again; it is inside δ^l already",
         lambda: mean_sum(hadamard(d[l], sp(l)))),
        ("your (D) has the sign flipped", lambda: scale(-1, mean_sum(d[l])))]
    if q.batch:
        axis = ("your db sums over the wrong axis: Σ runs over the m examples, the columns of dZ, "
                "which row_sums(dZ) adds up")
        found += [
            ("your db is missing 1/m: Ng's db = 1/m Σ dZ is the mean over the m examples",
             lambda: row_sums(d[l])),
            (axis, lambda: scale(1 / M, row_sums(T(d[l])))),
            (axis, lambda: T(scale(1 / M, row_sums(T(d[l]))))),
            (axis, lambda: row_sums(T(d[l]))),
            (axis, lambda: T(row_sums(T(d[l])))),
            ("your db keeps one column per example: the sum Σ over the m examples "
             "(row_sums) is missing", lambda: scale(1 / M, d[l]))]
    return found


# ---------------------------------------------------------------- running the whole function

def call_student(job, case, store=None):
    """The student's function on the case, as train() would call it.

    With store, the function's locals are kept each time it is about to run
    a tagged line, keyed by (line, l), for namespace() to take the student's
    own helper names from.
    """
    function = getattr(job.module, FUNCTIONS[job.kind])
    net = job.module.Network(case.net.sizes, seed=0, cost=case.net.cost, activation=case.net.activation)
    net.w, net.b = fresh(case.net.w), fresh(case.net.b)
    t = case.kinds[job.kind]
    args = (net, fresh(t.x), fresh(t.y))
    if store is None:
        return function(*args)
    watch = {stmt.lineno: stmt for _, stmt in job.statements}
    code = getattr(function, "__code__", None)

    def line(frame, event, arg):
        if event == "line" and frame.f_lineno in watch:
            target = getattr(watch[frame.f_lineno], "targets", [None])[0]
            index = target.slice.id if (isinstance(target, ast.Subscript)
                                        and isinstance(target.slice, ast.Name)) else None
            store[(frame.f_lineno, frame.f_locals.get(index))] = dict(frame.f_locals)
        return line

    old = sys.gettrace()
    sys.settrace(lambda frame, event, arg: line if frame.f_code is code else None)
    try:
        return function(*args)
    finally:
        sys.settrace(old)


def snapshot(job, case):
    """The student's locals at each tagged line for the case (see call_student), run once."""
    if id(case) not in job.snapshots:
        job.snapshots[id(case)] = store = {}
        run(lambda: call_student(job, case, store), job.limit, job.path)
    return job.snapshots[id(case)]


def whole_problem(job, all_right):
    """What is wrong with the whole function beyond its equations, or None.

    The function runs on every case when all four equations are right, and
    what it returns must then be the true gradient.  Otherwise it runs on the
    first case only, for an error outside the equations: a run that stops in
    a tagged line or at a blank is explained by that equation's verdict.
    """
    name = FUNCTIONS[job.kind]
    missing = [f for f in (name, "Network") if not callable(getattr(job.module, f, None))]
    if missing:  # after an import that stopped early, that problem says it already
        return (f"{name}() could not be run: the file defines no {missing[0]}"
                if all_right and job.imported else None)
    tagged = {n for _, stmt in job.statements for n in range(stmt.lineno, stmt.end_lineno + 1)}
    for case in cases() if all_right else cases()[:1]:
        outcome = run(lambda: call_student(job, case), job.limit, job.path)
        words = f"(sizes {case.net.sizes}, {case.net.cost}, {case.net.activation})"
        explained = not all_right and (outcome[0] == "time-out" and outcome[1] in tagged or
                                       outcome[0] == "raise" and (outcome[3] in tagged or
                                                                  outcome[1] == "NotImplementedError"))
        if explained:
            return None
        if outcome[0] == "time-out":
            return f"{name}() was still running{at_line(outcome[1])} when its time was up {words}"
        if outcome[0] == "raise":
            return f"{name}() raises {outcome[1]}{at_line(outcome[3])}: {outcome[2]} {words}"
        problem = returned_problem(job.kind, case, outcome[1]) if all_right else None
        if problem:
            return f"{name}() {problem} {words}"
    return None


def returned_problem(kind, case, result):
    """What is wrong with what the function returned for the case, or None."""
    names = ("nabla_w", "nabla_b") if kind == "single" else ("dW", "db")
    pair = f"({names[0]}, {names[1]})"
    if result is None:
        return f"returns None; it must end with: return {names[0]}, {names[1]}"
    if not (isinstance(result, (tuple, list)) and len(result) == 2):
        return f"returns {describe(result)}, not the pair {pair}"
    want = (case.kinds[kind].nabla_w, case.kinds[kind].nabla_b)
    if all(same(want[0][l], lookup(result[1], l), 1e-7, 1e-6) and
           same(want[1][l], lookup(result[0], l), 1e-7, 1e-6) for l in want[0]):
        return f"returns ({names[1]}, {names[0]}); the order here is {pair}"
    for name, theirs, truth_ in zip(names, result, want):
        for l in range(2, case.net.L + 1):
            value = lookup(theirs, l)
            if value is None:
                return f"returns a {name} with nothing for l = {l} (keyed by l = 2, ..., L)"
            if not same(truth_[l], value, 1e-7, 1e-6):
                shown = show(value) if is_matrix(value) else describe(value)
                return (f"returns {name}[{l}] = {shown} where central differences give "
                        f"{show(truth_[l])}, although (A) to (D) are right: look at the lines "
                        f"you changed outside (A) to (D)")
    return None


def lookup(container, l):
    try:
        return container[l]
    except Exception:
        return None


# ---------------------------------------------------------------- small helpers

def same(expected, got, absolute, relative):
    """True if got is a matrix of expected's shape within the tolerance, entry by entry."""
    if not (is_matrix(got) and dims(got) == dims(expected)):
        return False
    return all(abs(g - e) <= absolute + relative * abs(e)
               for e_row, g_row in zip(expected, got) for e, g in zip(e_row, g_row))


def is_matrix(v):
    return (type(v) is list and len(v) > 0 and all(type(row) is list for row in v)
            and len(v[0]) > 0 and all(len(row) == len(v[0]) for row in v)
            and all(isinstance(e, (int, float)) and not isinstance(e, bool) and math.isfinite(e)
                    for row in v for e in row))


def dims(v):
    return (len(v), len(v[0]))


def size(v):
    return f"{len(v)}x{len(v[0])}"


def show(v):
    def number(e):
        text = f"{e:.4f}"
        return "0.0000" if text == "-0.0000" else text
    return shorten("[" + ", ".join("[" + ", ".join(map(number, row)) + "]" for row in v) + "]", 200)


def describe(v):
    if v is None:
        return "None"
    if isinstance(v, (int, float)):
        return f"the number {v!r}"
    if type(v) is list and v and all(isinstance(e, (int, float)) for e in v):
        return f"the flat list {shorten(repr(v), 60)} (a column is [[v1], [v2], ...])"
    if type(v) is list and v and all(type(row) is list for row in v):
        return f"a list of rows that is not a matrix of finite numbers: {shorten(repr(v), 60)}"
    return f"{type(v).__name__} {shorten(repr(v), 60)}"


def shorten(text, n):
    return text if len(text) <= n else text[:n - 3] + "..."


def say(line, stream=None):
    """Print line, spelling the article's symbols in ASCII where the terminal cannot show them."""
    stream = stream or sys.stdout
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        line.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        line = "".join(c if can_encode(c, encoding) else
                       ASCII.get(c) or c.encode("ascii", "backslashreplace").decode() for c in line)
    print(line, file=stream)


def can_encode(c, encoding):
    try:
        c.encode(encoding)
        return True
    except (UnicodeEncodeError, LookupError):
        return False


def usage_error(command, text):
    say(f"exercise.py {command}: {text}", sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("exercise.py: stopped by Ctrl-C", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        # The reader piped the verdicts into head, say, which closed early:
        # send the rest nowhere instead of printing a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)

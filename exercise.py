"""Exercises on equations (A) to (D): blank them for a student, then judge the student's lines.

    python3 exercise.py new [--equations A,B,C,D] [--batch] [--out FILE] [--force]
    python3 exercise.py pack DIR [--equations A,B,C,D] [--batch] [--force]
    python3 exercise.py check FILE [--time-limit SECONDS]

check runs the student's function for each equation T, with the δ T reads taken from the truth (the oracle below).
"""
import argparse
import ast
import copy
import faulthandler
import io
import json
import math
import os
import random
import re
import subprocess
import sys
import traceback
from pathlib import Path

try:  # beside this file; in a child process of check, beside the student's file too
    from matrix import add, apply, hadamard, matmul, row_sums, scale, subtract, transpose
except ImportError:
    pass  # new, pack and the parent process of check use none of it

HERE, TAGS, TAGGED = os.path.dirname(os.path.abspath(__file__)), "ABCD", re.compile(r"#\s*\(([ABCD])\)")
LOOPS, SLOT = {"single": "backprop", "batch": "backprop_batch"}, {"A": 0, "B": 0, "C": 1, "D": 2}
FILLS = {"single": ("delta", "nabla_w", "nabla_b"), "batch": ("dZ", "dW", "db")}  # by the SLOT of (A) to (D)
# The cases, smallest first; as neighbouring layers and m = 5 differ in size, no missing transpose can hide.
SIZES, M, EPS, CASES = ([3, 2], [2, 3, 1], [2, 4, 3, 2]), 5, 1e-5, []  # CASES: made once per process by cases()
HINTS = {  # the comment above a blank: the article's equation, after Ng's (from the tag's comment) in backprop_batch
    "A quadratic": "(A) for the quadratic cost: δ^L = ∇_a C ⊙ σ'(z^L), where ∇_a C = a^L − y", "D": "(D): ∂C/∂b^l = δ^l",
    "A cross_entropy": "(A) for the cross-entropy cost: δ^L = ∇_a C ⊙ σ'(z^L), where ∇_a C = (a^L − y) / "
                       "(a^L (1 − a^L))\nand σ'(z^L) = a^L (1 − a^L) cancel, leaving δ^L = a^L − y",
    "B": "(B): δ^l = ((w^(l+1))ᵀ δ^(l+1)) ⊙ σ'(z^l)", "C": "(C): ∂C/∂w^l = δ^l (a^(l−1))ᵀ, n_l x n_(l−1)"}
MATRIX = "matrix.py: add, subtract, matmul, hadamard (⊙), transpose (ᵀ), scale, apply, row_sums (Σ)"
BLANK_HELPER = '''\
# Each line that calls not_written_yet is yours to write, by the equation above it:  python3 exercise.py check <this file>
def not_written_yet(tag):
    raise NotImplementedError(f'equation {tag} is not written yet: replace not_written_yet("{tag}") in {__file__}')

'''
ASCII = {"δ": "delta", "σ": "sigma", "⊙": "(.)", "ᵀ": "^T", "∂": "d", "∇": "grad", "Σ": "sum", "−": "-", "²": "^2",
         "←": "<-", "η": "eta", "α": "alpha", "½": "1/2 ", "‖": "||", "ℒ": "loss", "…": "...", "ε": "eps"}  # say()

class Usage(Exception):
    """A command that cannot be carried out as given: one line on stderr, exit status 2."""

def main(argv=None):
    parser = argparse.ArgumentParser(prog="exercise.py", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    new_, pack, check_ = (commands.add_parser(name) for name in ("new", "pack", "check"))
    new_.add_argument("--out", default="my_backprop.py", help="the student's file (default: my_backprop.py)")
    pack.add_argument("dir", metavar="DIR", help="the folder for students: my_backprop.py, matrix.py, exercise.py")
    for command in (new_, pack):
        command.add_argument("--equations", default="A,B,C,D", help="those to blank (default: A,B,C,D)")
        command.add_argument("--batch", action="store_true", help="blank them in backprop_batch, Ng's form")
        command.add_argument("--force", action="store_true", help="write over what is there")
    check_.add_argument("file", metavar="FILE")
    check_.add_argument("--time-limit", type=float, default=1.0, metavar="SECONDS", help="per equation (default: 1)")
    args = parser.parse_args(argv)
    args.equations = sorted({part.strip().upper() for part in getattr(args, "equations", "A").split(",")})
    if not (set(args.equations) <= set(TAGS) and vars(args).get("out", ".py").endswith(".py")
            and 0 < vars(args).get("time_limit", 1) <= 60):
        parser.error("expected --equations from A, B, C, D such as A,C; a .py --out; a --time-limit of 0 to 60 s")
    try:
        return (check if args.command == "check" else new)(args)
    except (Usage, OSError) as err:  # OSError: say, no backprop.py beside this file to make an exercise of
        say(f"exercise.py {args.command}: {err}", sys.stderr)
        return 2

def new(args):
    """new writes the student's file; pack writes it, matrix.py and this file into a folder."""
    out, folder, kind = getattr(args, "out", None), getattr(args, "dir", None), "batch" if args.batch else "single"
    if out and os.path.exists(out) and (not args.force or os.path.samefile(out, os.path.join(HERE, "backprop.py"))):
        raise Usage(f"{out} exists already; add --force to overwrite it (never backprop.py), or name another --out")
    if folder and os.path.exists(folder) and (os.listdir(folder) and not args.force or os.path.samefile(folder, HERE)):
        raise Usage(f"{folder} exists and is not empty; add --force to write into it, or name another folder")
    os.makedirs(folder or ".", exist_ok=True)
    for name in ("my_backprop.py", "matrix.py", "exercise.py")[:3 if folder else 1]:
        text = make_exercise(args.equations, kind) if name == "my_backprop.py" else Path(HERE, name).read_text("utf-8")
        Path(out or os.path.join(folder, name)).write_text(text, "utf-8")
    yours = f"{', '.join(f'({tag})' for tag in args.equations)} in {LOOPS[kind]}() to write"
    say(f"wrote {out or folder + ': my_backprop.py, matrix.py and exercise.py'}, with {yours}; once they are written, "
        f"run{'' if out else ' in that folder'}:\n    python3 exercise.py check {out or 'my_backprop.py'}")
    return 0

def make_exercise(tags, kind):
    """backprop.py with the equations tags blanked in the loop of kind, and the other loop's body left out."""
    source = Path(HERE, "backprop.py").read_text("utf-8")
    tree, lines, edits = ast.parse(source), source.splitlines(keepends=True), []  # edits: (first, last, new lines)
    defs = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}
    loop, other = (defs[LOOPS[k]] for k in sorted(LOOPS, key=lambda k: k != kind))  # kind's loop first
    for tag, stmt in [(tag, stmt) for tag, stmt in tagged_statements(lines, loop) if tag in tags]:
        hint = HINTS[tag if tag != "A" else "A quadratic" if "sigma_prime" in ast.dump(stmt) else "A cross_entropy"]
        hint = f"{lines[stmt.end_lineno - 1].split('#', 1)[1].strip()}; in the article:\n{hint}" if kind == "batch" else hint
        indent, left = " " * stmt.col_offset, ast.unparse(stmt.targets[0])
        edits.append((stmt.lineno, stmt.end_lineno, [f"{indent}# {text}\n" for text in f"{hint}\n{MATRIX}".split("\n")]
                      + [f'{indent}{left} = not_written_yet("({tag})")  # ({tag})\n']))
    body = other.body[1:] if ast.get_docstring(other) else other.body  # the other loop's, which holds every answer
    edits.append((body[0].lineno, other.end_lineno, [f'{" " * body[0].col_offset}raise NotImplementedError('
                  f'"{other.name}() is not part of this exercise, which is {loop.name}()")\n']))
    for first, last, new_lines in sorted(edits, reverse=True):
        lines[first - 1:last] = new_lines
    start = min(loop.lineno, other.lineno) - 1
    return "".join(lines[:start] + [BLANK_HELPER] + lines[start:])

def tagged_statements(lines, func):
    """[(tag, statement)] for the statements of func with a comment # (A) to # (D) on a line of theirs."""
    found = []
    for stmt in (s for s in ast.walk(func) if isinstance(s, ast.stmt) and s is not func) if func else ():
        last = stmt.body[0].lineno - 1 if hasattr(stmt, "body") else stmt.end_lineno  # a compound one's header only
        tags = [m.group(1) for m in map(TAGGED.search, lines[stmt.lineno - 1:last]) if m]
        found += [(tags[0], stmt)] if tags else []
    return sorted(found, key=lambda pair: pair[1].lineno)

def check(args, here=False):
    """Print the verdicts and return the exit status; here=True (tests): judge in this process, return both."""
    path = os.path.abspath(args.file)
    if not os.path.isfile(path) or path[-3:] != ".py":
        raise Usage(f"no such file: {args.file}" if not os.path.exists(path) else
                    f"{args.file} is not a Python file (a .py file, such as my_backprop.py)")
    source, broken, loops, owner, problem, code = parsed = parse(path)
    if not (problem or loops or broken):
        raise Usage(f"{args.file} has no backprop() or backprop_batch() with lines tagged # (A) to # (D)")
    jobs = [] if problem else [tag for tag in TAGS if tag not in broken] + ["run"]
    found = {job: judge(job, path, None, parsed) for job in jobs} if here else run_children(path, jobs, owner, args.time_limit)
    verdicts = [[problem]] if problem else [[f"({tag}) wrong: line {broken[tag][0]} does not parse: {broken[tag][1]}"]
                                            if tag in broken else found[tag]["lines"] for tag in TAGS]
    right, run = sum(v == [f"({tag}) right"] for tag, v in zip(TAGS, verdicts)), found.get("run", {})
    problems = [p for p, always in run.get("problems", []) if always or right == 4]  # some matter only if (A)-(D) are right
    lines = sum(verdicts, []) + run.get("notes", []) + problems + [f"{right} of 4 equations right"]
    for line in () if here else lines:
        say(line)
    return (lines, int(right < 4 or bool(problems))) if here else int(right < 4 or bool(problems))

def parse(path):
    """(text, tagged lines that do not parse made pass; {tag: (line, why)}; {kind: def}; {line: tag}; words or None)."""
    try:
        lines, broken = Path(path).read_bytes().decode("utf-8-sig").splitlines(keepends=True), {}  # a BOM is fine
    except UnicodeDecodeError:
        raise Usage(f"{path} is not a Python file: it is not UTF-8 text") from None
    if any("\0" in line for line in lines):
        raise Usage(f"{path} is not a Python file: it holds a null byte")
    def compiled(lines):  # the file made of lines, compiled, or its SyntaxError
        try:
            return compile("".join(lines), path, "exec")
        except SyntaxError as err:
            return err
    while isinstance(err := compiled(lines), SyntaxError):  # the tagged line to blame is made pass, for the others:
        # the nearest one up whose removal lets the file parse past the line named (3.9 names a later one for an open bracket)
        passed = lambda t: lines[:t - 1] + [re.sub(r"\S.*", "pass", lines[t - 1], count=1)] + lines[t:]  # noqa: E731
        n = next((t for t in range(min(err.lineno or 0, len(lines)), 0, -1) if TAGGED.search(lines[t - 1])
                  and getattr(compiled(passed(t)), "lineno", math.inf) > err.lineno), 0)
        if not n:
            problem = f"{Path(path).name} does not parse: line {err.lineno}: {err.msg}: {(err.text or '').strip()}"
            return None, {}, {}, {}, problem, None  # nothing can be judged
        broken.setdefault(TAGGED.search(lines[n - 1]).group(1), (n, err.msg))
        lines = passed(n)
    tree, code = ast.parse("".join(lines)), err
    defs = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    loops = {kind: defs[name] for kind, name in LOOPS.items() if tagged_statements(lines, defs.get(name))}
    owner = {n: tag for f in loops.values() for tag, s in tagged_statements(lines, f)  # a compound statement's header
             for n in range(s.lineno, s.body[0].lineno if hasattr(s, "body") else s.end_lineno + 1)}
    return "".join(lines), broken, loops, owner, None, code

def run_children(path, jobs, owner, limit):
    """{job: its findings}, the jobs judged at the same time, each in a child process of its own."""
    code = "import sys; sys.path[:0] = sys.argv[1:3]; import exercise; exercise.judge(*sys.argv[3:])"
    children, found = {job: subprocess.Popen([sys.executable, "-I", "-c", code, HERE, os.path.dirname(path), job,
                                              path, str(limit)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                             stderr=subprocess.PIPE, text=True, errors="replace") for job in jobs}, {}
    for job, process in children.items():  # all run at once; one that outlives its own limit is ended
        try:
            out, dump = process.communicate(timeout=limit + 5)
        except subprocess.TimeoutExpired:
            process.kill()
            out, dump = process.communicate()
        try:  # its findings, the last line it printed; else it ran out of time (faulthandler says where) or ended
            found[job] = json.loads(out.splitlines()[-1])
        except (IndexError, ValueError):
            n, late = next(map(int, re.findall(rf'File "{re.escape(path)}", line (\d+)', dump)), None), "Timeout" in dump
            words = (f"{f'your ({job})' if owner.get(n) == job else 'your file'} was still running{at(n)} after {limit:g} s"
                     f" (an endless loop?)" if late else f"the process ended early (exit {process.returncode}); os._exit()?")
            found[job] = ({"problems": [(words, True)] * (n not in owner)} if job == "run" else
                          {"lines": [f"({job}) {'time-out' if late else 'not judged'}: {words}"]})
    return found

def judge(job, path, limit=None, parsed=None):
    """{"lines": job's verdict}, or for "run" {"problems", "notes"}; a child prints it, or faulthandler ends it."""
    if limit:
        cases()  # the truth first, outside the student's time
        faulthandler.dump_traceback_later(float(limit), exit=True)
    source, _, loops, owner, _, code = parsed or parse(path)
    saved, sys.stdout, lines = sys.stdout, io.StringIO(), source.splitlines()  # for what the student's file prints
    space, problems = {"__name__": os.path.splitext(os.path.basename(path))[0], "__file__": path}, []
    try:
        exec(code, space)
    except BaseException as err:  # SystemExit too: the file may call sys.exit()
        problems = [(f"importing {os.path.basename(path)} raises {type(err).__name__}{at(line_of(err, path))}: "
                     f"{shorten(str(err), 200)}", True)]
    if not all(callable(space.get(name)) for name in ["Network"] + [func.name for func in loops.values()]):
        found = {"problems": problems} if job == "run" else {"lines": [f"({job}) not judged: the file's import stopped"]}
    elif job == "run":
        problems += [p for kind, f in loops.items() for p in [judge_loop(None, kind, f, space, lines, owner, path)] if p]
        printed = sys.stdout.getvalue()  # shown, cut short, in a note that does not fail the file
        notes = [f"note: your file printed {len(printed):,} characters, which does not fail it:"] * bool(printed)
        notes += ["    " + shorten(line, 76) for line in printed[:300].splitlines()[:3]]
        found = {"problems": problems, "notes": notes}
    else:
        verdicts = [judge_loop(job, kind, func, space, lines, owner, path) for kind, func in loops.items()]
        found = {"lines": ([v for v in verdicts if v != [f"({job}) right"]] + verdicts + [[f"({job}) not found"]])[0]}
    sys.stdout = saved
    if not limit:
        return found
    faulthandler.cancel_dump_traceback_later()
    print(json.dumps(found))

def judge_loop(tag, kind, func, space, lines, owner, path):
    """Equation tag's verdict, by the values the student's function leaves, case by case; for tag None, whole()'s."""
    where, fill = "" if kind == "single" else f" in {func.name}()", FILLS[kind][SLOT.get(tag, 0)]
    own = {n for n, t in owner.items() if t == tag and func.lineno <= n <= func.end_lineno}
    blank = sorted(n for n in own if "not_written_yet(" in lines[n - 1])
    if tag and blank:
        return [f"({tag}) not written yet{where} (line{'s' * (len(blank) > 1)} {', '.join(map(str, blank))})"]
    fn, failures = rewrite(func, tag, kind, owner, space, path), []
    for case in cases():
        (result, err, seen), t, L = call(fn, space, case, kind, tag, owner), case[kind], case["L"]
        line, got = line_of(err, path) if err else None, seen.get(fill) if isinstance(seen.get(fill), dict) else {}
        if tag is None and (problem := whole(func.name, FILLS[kind], t, result, err, line, owner)) != "fine":
            return problem
        wrong = [l for l in ([L] if tag == "A" else range(L - 1, 1, -1) if tag == "B" else range(2, L + 1))
                 if l not in got or not same(t[fill][l], got[l])][:1] if tag else []
        if wrong or err and line in own:  # a wrong value; or right values, though the loop went on too far, say
            l = wrong[0] if wrong else seen["l"] if type(seen.get("l")) is int else L
            failures.append((case, l, ("value", got[l]) if wrong and l in got else ("missing",) if not err
                             else ("raise", type(err).__name__, str(err), line)))
    return None if tag is None else verdict(tag, kind, where, failures, own, func.name) if failures else [f"({tag}) right"]

def whole(name, fills, t, result, err, line, owner):
    """(words, said if an equation is wrong too) for what is wrong with a run; None if a verdict says it; or "fine"."""
    (_, nw, nb), got = fills, [part if isinstance(part, dict) else {} for part in (result or [])]
    if err and (line in owner or isinstance(err, NotImplementedError)):
        return None
    if err or not isinstance(result, (tuple, list)) or len(result) != 2:
        return (f"{name}() stops at line {line}: it {err}" if type(err) is LookupError else
                f"{name}() raises {type(err).__name__}{at(line)}: {shorten(str(err), 200)}" if err else
                f"{name}() returns None; it must end with: return {nw}, {nb}" if result is None else
                f"{name}() returns {shorten(repr(result), 60)}, not the pair ({nw}, {nb})"), True
    if all(same(t[nw][l], got[1].get(l)) and same(t[nb][l], got[0].get(l)) for l in t[nw]):
        return f"{name}() returns ({nb}, {nw}); the order here is ({nw}, {nb})", True
    wrong = [(n, l, mine.get(l)) for n, mine in zip((nw, nb), got) for l in t[nw] if not same(t[n][l], mine.get(l))]
    return "fine" if not wrong else (f"{name}() returns {wrong[0][0]}[{wrong[0][1]}] = {shorten(repr(wrong[0][2]), 60)}"
                                     f" where central differences give {show(t[wrong[0][0]][wrong[0][1]])}, though (A)"
                                     f" to (D) are right: look at the lines you changed outside them", False)

def rewrite(func, tag, kind, owner, space, path):
    """The student's function remade: each read of a layer (delta[k], net.w[k]) made through __read__; each other
    equation's statement made the truth put where it fills delta, nabla_w, nabla_b (dZ, dW, db), else pass."""
    def swap(node):
        base = getattr(node, "value", None)
        name = getattr(base, "id", None) or getattr(getattr(base, "value", None), "id", "") == "net" and base.attr
        other = tag and isinstance(node, ast.stmt) and not hasattr(node, "body") and owner.get(node.lineno, tag) != tag
        target = node.targets[0] if other and isinstance(node, ast.Assign) else None
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and name in LAYER:
            new = ast.Call(ast.Name("__read__", ast.Load()), [ast.Constant(name), base, node.slice], [])
        elif isinstance(target, ast.Subscript) and getattr(target.value, "id", "") in FILLS[kind]:
            new = ast.Assign([target], ast.Call(ast.Name("__true__", ast.Load()), [ast.Constant(target.value.id),
                                                                                  target.slice], []))
        elif other and not (isinstance(target, ast.Name) and "not_written_yet" not in ast.dump(node)):
            new = ast.Pass()
        else:
            return node
        return ast.fix_missing_locations(ast.copy_location(new, node))
    func = copy.deepcopy(func)  # a copy to change
    for node in ast.walk(func):
        for field, value in ast.iter_fields(node):
            setattr(node, field, [swap(v) for v in value] if isinstance(value, list) else swap(value))
    exec(compile(ast.Module([func], []), path, "exec"), space)
    return space[func.name]

LAYER = {"z": "z", "Z": "z", "a": "a", "A": "a", "delta": "δ", "dZ": "δ", "w": "w", "b": "b",  # for a missing layer's
         "sigma_prime": "σ'", "sigma": "σ"}  # words: the symbol of its value; a^l alone has a layer 1
RUNS = {"B": "l = L−1, ..., 2, as range(L - 1, 1, -1) gives them", "C": "l = 2, ..., L, as range(2, L + 1) gives them"}

def call(fn, space, case, kind, tag, owner):
    """fn on the case: (its result, its exception, its locals at the end).  __read__(name, container, k) gives the truth
    for a δ^k that tag reads (any for (C), (D); δ^L for (B)), else container[k], else a LookupError in a student's words."""
    seen, old, t, L = {}, sys.gettrace(), case[kind], case["L"]
    def trace(frame, event, arg):  # traces fn's frame only; its 'return' comes after an exception too
        frame.f_trace_lines = False
        seen.update(frame.f_locals if event == "return" else {})
        return trace if frame.f_code is fn.__code__ else None
    def read(name, container, k):
        if name == FILLS[kind][0] and type(k) is int and k in t[name] and (tag in ("C", "D") or tag == "B" and k == L):
            return [row[:] for row in t[name][k]]
        try:
            return container[k]
        except (KeyError, IndexError):
            frame = sys._getframe(1)
        l, mine, symbol = frame.f_locals.get("l"), owner.get(frame.f_lineno), LAYER[name] + "^{}"
        runs, first = RUNS.get("C" if mine == "D" else mine), 1 + (name not in "aA")
        words = f"reads {name}[{k!r}]" + (f" at l = {l}" if type(l) is int else "") + (
            f", but {symbol.format(k)} is not computed yet there" if type(k) is int and first <= k <= L else
            f", but {symbol.format('l')} exists for l = {first}..L = {L} only" + ": layer 1 is the input" * (k == 1))
        reach = runs and type(l) is int and not 2 <= l <= L - (mine == "B")
        raise LookupError(words + (f"; your loop reaches l = {l}, but ({mine}) runs for {runs}" if reach else ""))
    space["__read__"], space["__true__"] = read, lambda name, k: [row[:] for row in t[name][k]] if k in t[name] else None
    try:
        net = space["Network"](list(case["sizes"]), cost=case["cost"], activation=case["activation"])
        net.w, net.b = ({l: [row[:] for row in m] for l, m in case[p].items()} for p in "wb")
        sys.settrace(trace)
        return fn(net, [row[:] for row in t["x"]], [row[:] for row in t["y"]]), None, seen
    except BaseException as err:  # SystemExit too
        return None, err, seen
    finally:
        sys.settrace(old)

def verdict(tag, kind, where, failures, own, loop):
    """A wrong verdict: the words, then the smallest failing case and the values with their shapes."""
    (case, l, outcome), named = failures[0], name_mistake(tag, kind, failures)
    truth, got = case[kind][FILLS[kind][SLOT[tag]]], outcome[1] if outcome[0] == "value" else None
    symbol = FILLS[kind][SLOT[tag]] + "[{}]" if kind == "batch" else ("δ^{}", "∂C/∂w^{}", "∂C/∂b^{}")[SLOT[tag]]
    kind_, text, line = outcome[0], shorten(str(outcome[2]), 200) if outcome[0] == "raise" else "", outcome[-1]
    mine, yours = kind_ == "raise" and line in own, f"your {symbol.format(l)}"
    parts = [got] + (list(got) if isinstance(got, (list, tuple)) else [])
    hint = ("; call .tolist() on a numpy array" if any(hasattr(v, "tolist") for v in parts) else
            "; a row is a list, [0.5, 0.2], not a tuple" if any(isinstance(v, tuple) for v in parts) else "")
    words = named or (f"your ({tag}) leaves nothing in {FILLS[kind][SLOT[tag]]}[{l}]" if kind_ == "missing" else
        (f"your ({tag}) " if mine else f"line {line} ") + outcome[2] if kind_ == "raise" and outcome[1] == "LookupError"
        else f"your ({tag}) raises {outcome[1]} at line {line}: {text}" if mine
        else f"{loop}() raises {outcome[1]}{at(line)}: {text}, before ({tag}) was done" if kind_ == "raise"
        else f"{yours} is {shorten(repr(got), 60)}, not a matrix, a list of rows such as [[0.5], [0.2]]{hint}"
        if not is_matrix(got) else f"{yours} is {len(got)}x{len(got[0])}; it must be {len(truth[l])}x{len(truth[l][0])}"
        if (len(got), len(got[0])) != (len(truth[l]), len(truth[l][0])) else
        f"your {symbol.format('L' if tag == 'A' else 'l')} is not what central differences of C give"
        + {"A": "", "B": ", given the right δ^(l+1)"}.get(tag, ", given the right δ^l"))
    lines = [f"({tag}) wrong{where}: {words}", f"    smallest failing case: sizes {case['sizes']}, {case['cost']}, "
             f"{case['activation']}, l = {'L = ' * (tag == 'A')}{l}" + (f", m = {M} examples" if kind == "batch" else "")]
    lines += [f"    expected {symbol.format(l)} {show(truth[l])}"] if l in truth else []
    return lines + ([f"    yours    {symbol.format(l)} {show(got)}"] if is_matrix(got) else
                    [f"    yours    raises {outcome[1]}{at(line)}: {text}"] if named and kind_ == "raise" else [])

SIGMAS = {  # the oracle's σ and σ' of each activation (the output layer is a sigmoid), then the cases and their truth
    "sigmoid": (lambda v: 1 / (1 + math.exp(-v)), lambda v: math.exp(-v) / (1 + math.exp(-v)) ** 2),
    "tanh": (math.tanh, lambda v: 1 - math.tanh(v) ** 2), "relu": (lambda v: max(v, 0.0), lambda v: float(v > 0))}

def cases():
    """The seeded cases, smallest first, each with its truth (a 2-layer network has no hidden activation)."""
    return CASES or CASES.extend(make_case(i, *spec) for i, spec in enumerate(
        (sizes, cost, act) for sizes in SIZES for cost in ("quadratic", "cross_entropy")
        for act in ("sigmoid", "tanh", "relu")[:1 if len(sizes) == 2 else 3])) or CASES

def make_case(index, sizes, cost, activation):
    """A seeded net and m examples, with each loop's truth (x, y, z, a and δ, ∂C/∂w, ∂C/∂b under its names)."""
    L, case = len(sizes), {"sizes": sizes, "L": len(sizes), "cost": cost, "activation": activation}
    for seed in range(1000):
        rng = random.Random(1000 * index + seed)
        draw = lambda rows, cols, r: [[rng.uniform(-r, r) for _ in range(cols)] for _ in range(rows)]  # noqa: E731
        case["w"] = {l: draw(sizes[l - 1], sizes[l - 2], 2) for l in range(2, L + 1)}
        case["b"] = {l: draw(sizes[l - 1], 1, 0.5) for l in range(2, L + 1)}
        X = draw(sizes[0], M, 1)
        Y = [[rng.choice((0.05, 0.9)) + rng.uniform(0, 0.05) for _ in range(M)] for _ in range(sizes[-1])]
        Z = forward(case, X)[0]
        # relu: each z clear of the kink, which central differences straddle, and a unit on in each layer and example
        if activation != "relu" or all(min(abs(v) for row in Z[l] for v in row) >= 0.05 and
                                       all(max(col) > 0 for col in zip(*Z[l])) for l in range(2, L)):
            break
    def derivative(row, k):  # [∂C_e/∂p for each example e] of the entry p = row[k], by central differences
        value, costs = row[k], []
        for row[k] in (value + EPS, value - EPS):  # C = ½‖y − a‖², or −Σ [y ln a + (1 − y) ln(1 − a)]
            costs.append([0.5 * sum((u - v) ** 2 for u, v in zip(a, y)) if cost == "quadratic" else
                          -sum(v * math.log(u) + (1 - v) * math.log(1 - u) for u, v in zip(a, y))
                          for a, y in zip(zip(*forward(case, X)[1][L]), zip(*Y))])
        row[k] = value
        return [(plus - minus) / (2 * EPS) for plus, minus in zip(*costs)]
    dw, db = ({l: [[derivative(row, k) for k in range(len(row))] for row in case[p][l]] for l in range(2, L + 1)}
              for p in "wb")  # dw[l][j][k][e] = ∂C_e/∂w^l_jk, for example e
    for kind, m in (("single", 1), ("batch", M)):  # the single example is the batch's first
        x, y = [row[:m] for row in X], [row[:m] for row in Y]
        case[kind] = dict(zip("xyza", (x, y) + forward(case, x)), **dict(zip(FILLS[kind], (
            {l: [g[0][:m] for g in db[l]] for l in db},
            {l: [[sum(g[:m]) / m for g in row] for row in dw[l]] for l in dw},
            {l: [[sum(g[0][:m]) / m] for g in db[l]] for l in db}))))
    return case

def forward(case, X):
    """Steps 1 and 2 for the examples in the columns of X: (z, a), dicts keyed by l."""
    z, a, ones = {}, {1: X}, [[1.0] * len(X[0])]
    for l in range(2, case["L"] + 1):
        z[l] = add(matmul(case["w"][l], a[l - 1]), matmul(case["b"][l], ones))  # b 1ᵀ: b in each column
        a[l] = apply(SIGMAS["sigmoid" if l == case["L"] else case["activation"]][0], z[l])
    return z, a

# Known mistakes by their values: (where it applies, "" everywhere; words; the value at l from true inputs, as a formula
# of name_mistake()'s names).  One that is the truth turned about is made from it, so no formula spells an equation.
AXIS = "db sums over the wrong axis: Σ runs over the m examples, the columns of dZ, which row_sums(dZ) adds up"
MISTAKES = {"A": [
    ("", "(A) has the sign flipped: {grad} is a^L − y, not y − a^L", "neg(truth)"),
    ("quadratic", "(A) uses z^L where ∇_a C = a^L − y has a^L", "hadamard(subtract(z[L], y), sp(L))"),
    ("cross_entropy", "(A) uses z^L where δ^L = a^L − y has a^L", "subtract(z[L], y)"),
    ("quadratic", "(A) leaves out σ'(z^L), which only the cross-entropy cost cancels", "err"),
    ("quadratic", "(A) has y − a^L where ∇_a C is a^L − y, and leaves out σ'(z^L)", "neg(err)"),
    ("quadratic", "(A) uses σ(z^L) where the equation has σ'(z^L)", "hadamard(err, sg(L))"),
    ("quadratic", "(A) takes σ' of a^L where the equation has σ'(z^L)", "hadamard(err, sp(L, a[L]))"),
    ("quadratic", "(A) uses the matrix product where the equation has ⊙ (hadamard)", "matmul(err, sp(L))"),
    ("cross_entropy", "(A) multiplies in σ'(z^L), which cross-entropy cancels: δ^L = a^L − y", "hadamard(truth, sp(L))"),
    ("cross_entropy", "(A) multiplies in σ'(z^L) and flips the sign: δ^L = a^L − y", "neg(hadamard(truth, sp(L)))"),
    ("batch", "dZ[L] is divided by m: in Ng's form 1/m comes in only in dW and db", "scale(1 / M, truth)")], "B": [
    ("", "(B) uses σ(z^l) where the equation has σ'(z^l)", "hadamard(back(), sg(l))"),
    ("", "(B) takes σ' of a^l where the equation has σ'(z^l)", "hadamard(back(), sp(l, a[l]))"),
    ("", "(B) takes σ' of z^(l+1), the layer above; the equation has σ'(z^l)", "hadamard(back(), sp(l, z[l + 1]))"),
    ("", "(B) writes σ'(z^l) as a^l ⊙ (1 − a^l), the sigmoid's σ' (article 000 writes it so), but the hidden layers "
         "here are {act} (tanh' = 1 − tanh², relu' = 0 or 1)", "hadamard(back(), apply(lambda v: v * (1 - v), a[l]))"),
    ("", "(B) leaves out ⊙ σ'(z^l)", "back()"),
    ("", "(B) uses w^l where the equation has w^(l+1)", "hadamard(matmul(transpose(w[l]), d[l + 1]), sp(l))"),
    ("", "(B) is missing the transpose of w^(l+1)", "hadamard(matmul(w[l + 1], d[l + 1]), sp(l))"),
    ("", "(B) has ⊙ and the matrix product swapped", "matmul(hadamard(transpose(w[l + 1]), d[l + 1]), sp(l))"),
    ("", "(B) uses the matrix product where the equation has ⊙ σ'(z^l) (hadamard)", "matmul(back(), sp(l))"),
    ("", "(B) uses ⊙ in (w^(l+1))ᵀ δ^(l+1)", "hadamard(hadamard(transpose(w[l + 1]), d[l + 1]), sp(l))"),
    ("", "(B) has (δ^(l+1))ᵀ w^(l+1), a row", "hadamard(matmul(transpose(d[l + 1]), w[l + 1]), sp(l))"),
    ("", "(B) uses δ^L where the equation has δ^(l+1), one only for l = L − 1", "hadamard(back(L), sp(l))")], "C": [
    ("", "(C) uses a^l where the equation has a^(l−1), the input to layer l", "mean(matmul(d[l], transpose(a[l])))"),
    ("", "(C) uses δ^(l−1) where the equation has δ^l", "mean(matmul(d[l - 1], transpose(a[l - 1])))"),
    ("", "(C) has (a^(l−1))ᵀ δ^l for δ^l (a^(l−1))ᵀ", "mean(matmul(transpose(a[l - 1]), d[l]))"),
    ("", "(C) gives a^(l−1) (δ^l)ᵀ, the transpose of ∂C/∂w^l", "mean(matmul(a[l - 1], transpose(d[l])))"),
    ("", "(C) is missing the transpose of a^(l−1)", "mean(matmul(d[l], a[l - 1]))"),
    ("", "(C) uses ⊙ where δ^l (a^(l−1))ᵀ is a matrix product", "mean(hadamard(d[l], transpose(a[l - 1])))"),
    ("", "(C) uses z^(l−1) where the equation has the activation a^(l−1)", "mean(matmul(d[l], transpose(z[l - 1])))"),
    ("", "(C) has the sign flipped", "neg(truth)"),
    ("batch", "dW is missing 1/m: Ng's dW = 1/m dZ Aᵀ is the mean over the m examples", "scale(M, truth)")], "D": [
    ("", "(D) multiplies δ^l by an activation; ∂C/∂b^l is δ^l itself",
     "total(hadamard(d[l], a[l])) | total(hadamard(d[l], a[l - 1]))"),
    ("", "(D) is δ^l (a^(l−1))ᵀ, the weights' gradient (C); ∂C/∂b^l is δ^l itself", "nabla_w[l]"),
    ("", "(D) multiplies by σ'(z^l) again; it is inside δ^l already", "total(hadamard(d[l], sp(l)))"),
    ("", "(D) has the sign flipped", "neg(truth)"),
    ("batch", "db is missing 1/m: Ng's db = 1/m Σ dZ is the mean over the m examples", "scale(M, truth)"),
    ("batch", AXIS, "scale(1 / M, row_sums(transpose(d[l]))) | transpose(scale(1 / M, row_sums(transpose(d[l]))))"),
    ("batch", AXIS, "row_sums(transpose(d[l])) | transpose(row_sums(transpose(d[l])))"),
    ("batch", "db keeps a column per example: the sum Σ over the m examples (row_sums) is missing", "scale(1 / M, d[l])")]}

def name_mistake(tag, kind, failures):
    """The words of the known mistake that gives the outcome of the first failure, and of each later one it can."""
    named, first = None, failures[0][0]
    for case, l, outcome in failures:
        t, L, act, d, fits = case[kind], case["L"], case["activation"], case[kind][FILLS[kind][0]], set()
        applies = {i for i, (when, _, _) in enumerate(MISTAKES[tag]) if when in ("", case["cost"], kind)}
        sg = lambda k, v=None, i=0: apply(SIGMAS["sigmoid" if k == L else act][i], t["z"][k] if v is None else v)  # noqa
        names = dict(t, L=L, l=l, M=M, w=case["w"], d=d, truth=t[FILLS[kind][SLOT[tag]]].get(l), sg=sg,
                     nabla_w=t[FILLS[kind][1]], sp=lambda k, v=None: sg(k, v, 1), neg=lambda v: scale(-1, v),
                     back=lambda k=l + 1: matmul(transpose(case["w"][l + 1]), d[k]),  # (w^(l+1))ᵀ δ^k
                     mean=lambda v: scale(1 / M, v) if kind == "batch" else v, total=lambda v: names["mean"](row_sums(v)))
        if tag == "A" and case["cost"] == "quadratic":  # a^L − y, recovered from the truth
            names["err"] = [[u / v for u, v in zip(r, s)] for r, s in zip(names["truth"], names["sp"](L))]
        for i, formula in ((i, f) for i in sorted(applies) for f in MISTAKES[tag][i][2].split(" | ")):  # alternatives
            try:
                value, error = eval(formula, globals(), names), None
            except Exception as err:
                value, error = None, (type(err).__name__, str(err))
            if outcome[1:3] == error if outcome[0] == "raise" else error is None and same(value, outcome[1]):
                fits.add(i)
        named = fits if named is None else (named & fits | named - applies) or named
    grad, act = "∇_a C" if first["cost"] == "quadratic" else "δ^L", first["activation"]
    return "your " + MISTAKES[tag][min(named)][1].format(grad=grad, act=act) if named else None

def same(expected, got):
    """True if got is a matrix of expected's shape, equal to it within the error of central differences."""
    return (is_matrix(got) and len(got) == len(expected) and len(got[0]) == len(expected[0]) and
            all(abs(g - e) <= 1e-7 + 1e-6 * abs(e) for er, gr in zip(expected, got) for e, g in zip(er, gr)))

def is_matrix(v):
    return (type(v) is list and v != [] and all(type(row) is list and len(row) == len(v[0]) for row in v)
            and v[0] != [] and all(type(e) in (int, float) and math.isfinite(e) for row in v for e in row))

def line_of(err, path):
    """The last line of the student's file in err's traceback, or None."""
    return ([None] + [n for frame, n in traceback.walk_tb(err.__traceback__) if frame.f_code.co_filename == path])[-1]

def show(v):
    text = "[" + ", ".join("[" + ", ".join(f"{e:.4f}" for e in row) + "]" for row in v) + "]"
    return f"({len(v)}x{len(v[0])}) = {shorten(text.replace('-0.0000', '0.0000'), 200)}"

def at(n):
    return f" at line {n}" if n else ""

def shorten(text, n):
    return text if len(text) <= n else text[:n - 3] + "..."

def say(line, stream=None):
    """Print line, spelling the article's symbols in ASCII where the terminal cannot show them."""
    stream, encoding = stream or sys.stdout, getattr(stream or sys.stdout, "encoding", None) or "ascii"
    if line.encode(encoding, "replace").decode(encoding) != line:
        line = "".join(ASCII.get(c, c) for c in line).encode("ascii", "backslashreplace").decode()
    print(line, file=stream)

if __name__ == "__main__":
    sys.exit(main())

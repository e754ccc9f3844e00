"""One pass of backprop for one example, written out as a document.

    python3 demo.py --trace                           x = 1,0 and y = 1, seeded weights
    python3 demo.py --trace --x 0.05,0.10 --y 0.01,0.99 --eta 0.5
    python3 demo.py --trace --weights FILE            weights written by backprop.save
    python3 demo.py --trace --format markdown         or latex, for slides and handouts
    python3 demo.py --trace --worksheet --seed 7      every computed value blank

The document takes article 001's five steps and adds a sixth, the update
w^l ← w^l − η ∂C/∂w^l.  It shows everything needed to redo the sums by
hand: x, y, w^l, b^l and η, then z^l, a^l, σ'(z^l), C, δ^l, the gradients,
the new weights and the new cost.  Each quantity carries the article's
symbol, the tag of its equation, and Andrew Ng's name for one example
(article 004: lower case z^[l], a^[l], dz^[l]; his layer l is our l + 1).

The numbers come from backprop.py itself: z^l and a^l from forward(), the
gradients from backprop(), and δ^l is backprop's ∂C/∂b^l, which equals δ^l
by (D).  Central differences of the cost, which know nothing of (A) to (D),
check every gradient entry.  A worksheet is the same document with every
computed value blank; the same command without --worksheet is its key.
"""
import argparse
import copy
import math
import re
import shlex
import sys
import textwrap

import backprop
from matrix import apply, column, matmul, scale, subtract, transpose

FORMATS = ("text", "markdown", "latex")
DEFAULT_X, DEFAULT_Y = [1.0, 0.0], [1.0]  # XOR's x = (1, 0), y = 1 when --x, --y are not given
TRACE_ONLY = {"x", "y", "weights", "format", "worksheet", "digits"}
USED_BY_TRACE = TRACE_ONLY | {"trace", "eta", "seed", "hidden", "cost", "activation", "output"}
SET_BY_WEIGHTS_FILE = {"seed", "hidden", "cost", "activation", "output"}
CHECK_LIMIT = 1e-6  # the largest relative gap allowed between backprop and central differences

# The article's symbols, spelled out for a terminal that cannot show them.
ASCII = [("∂C/∂", "dC/d"), ("∇", "grad"), ("δ", "delta"), ("σ", "sigma"), ("⊙", "(.)"),
         ("ᵀ", "^T"), ("←", "<-"), ("η", "eta"), ("α", "alpha"), ("Σ", "sum"),
         ("½", "1/2 "), ("‖", "||"), ("²", "^2"), ("ℒ", "loss"), ("…", "..."), ("ε", "eps")]
# ... and in LaTeX (Markdown math is LaTeX too).  Superscripts are handled in latex_math().
LATEX = [("δ", r"\delta"), ("σ", r"\sigma"), ("⊙", r"\odot"), ("ᵀ", r"^{\top}"),
         ("←", r"\leftarrow"), ("η", r"\eta"), ("α", r"\alpha"), ("Σ", r"\sum"),
         ("½", r"\frac{1}{2}"), ("‖", r"\|"), ("²", "^{2}"), ("ℒ", r"\mathcal{L}"),
         ("∇", r"\nabla"), ("…", r"\ldots"), (":=", r"\mathrel{:=}")]
WORDS = {"ln": r"\ln", "tanh": r"\tanh", "softmax": r"\operatorname{softmax}",
         "relu": r"\operatorname{relu}"}


# demo.py's --trace path: its option types, the options check and the run.

def numbers(text):
    """argparse type of --x and --y: numbers separated by commas, such as 0.05,0.10."""
    try:
        values = [float(part) for part in text.split(",")]
    except ValueError:
        values = []
    if not values or not all(math.isfinite(v) for v in values):
        raise argparse.ArgumentTypeError(f"must be numbers separated by commas, such as "
                                         f"0.05,0.10 (--x=-1,0 for a minus sign first), "
                                         f"got {text!r}")
    return values


def digits(text):
    """argparse type of --digits: decimals shown, 1 to 15."""
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= 15:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to 15, got {text!r}")
    return n


def check_options(parser, argv, args):
    """Refuse, with parser.error (exit status 2), an option that does nothing here."""
    # Parsing again into a namespace that already holds a marker leaves the
    # marker wherever the command line did not set the option.
    unset = object()
    seen = parser.parse_args(argv, argparse.Namespace(**{name: unset for name in vars(args)}))
    given = sorted(name for name, value in vars(seen).items() if value is not unset)
    flag = {name: "--" + name.replace("_", "-") for name in given}
    for name in given:
        if args.trace and name not in USED_BY_TRACE:
            parser.error(f"{flag[name]} does nothing with --trace, which follows one example "
                         f"and trains nothing; leave it out")
        if args.trace and args.weights and name in SET_BY_WEIGHTS_FILE:
            parser.error(f"{flag[name]} does nothing with --weights, whose file sets the "
                         f"sizes, cost, activation and weights; leave it out")
        if not args.trace and name in TRACE_ONLY:
            parser.error(f"{flag[name]} works only with --trace")


def run(args):
    """Print the document for demo.py's options; return the exit status."""
    try:
        net, x, y, source = network_and_example(args)
    except ValueError as err:  # a bad --weights file, or an example that does not fit
        print(f"demo.py --trace: {err}", file=sys.stderr)
        return 2
    values = compute(net, x, y, args.eta)
    items = document(net, values, args.eta, args.digits, source,
                     key_command(args, x, y) if args.worksheet else None)
    symbols = can_show(render(items, args.format, args.worksheet, args.digits), sys.stdout)
    print(render(items, args.format, args.worksheet, args.digits, symbols))
    worst, g, n = gradient_check(net, x, y, values["nabla_w"], values["nabla_b"])
    if args.format == "text" and not args.worksheet:
        print(text_math("check: every entry of ∂C/∂w^l and ∂C/∂b^l from backprop (g) against "
                        "central differences (n), (C(p + ε) - C(p - ε)) / (2ε), ε = 1e-5:",
                        symbols))
        print(f"       largest |g - n| / max(|g|, |n|, 1e-4) = {worst:.1e} "
              f"(must be < 1e-6), at g = {g:.6e}, n = {n:.6e}")
    if not worst < CHECK_LIMIT:
        print(f"demo.py --trace: backprop and central differences differ by {worst:.1e} "
              f"relative (|g - n| = {abs(g - n):.1e} at g = {g:.1e}); not below 1e-6",
              file=sys.stderr)
        return 1
    return 0


def network_and_example(args):
    """The network, x and y (columns) and a line saying where the weights came from."""
    if args.weights:
        net = backprop.load(args.weights)  # a malformed file: ValueError naming the file
        source = f"the network saved in {args.weights}"
    x, y = args.x or DEFAULT_X, args.y or DEFAULT_Y
    if not args.weights:
        output = getattr(args, "output", "sigmoid")
        if output == "softmax" and not args.y:
            y = [0.0, 1.0]  # XOR's y = 1 as the second of two classes
        net = backprop.Network([len(x)] + args.hidden + [len(y)], seed=args.seed,
                               cost=args.cost, activation=args.activation, output=output)
        # The weights are used as shown, so that the sums can be redone by hand.
        for l in net.w:
            net.w[l] = [[round(v, args.digits) for v in row] for row in net.w[l]]
        source = f"weights drawn with seed {args.seed}, rounded to {args.digits} decimals"
    for name, v, n, what in (("x", x, net.sizes[0], "n_1 inputs"),
                             ("y", y, net.sizes[-1], "n_L outputs")):
        if len(v) != n:
            given = "" if getattr(args, name) else " (the default)"
            example = ["0.5"] * n if name == "x" else ["1"] + ["0"] * (n - 1)
            raise ValueError(f"{args.weights} holds a network with sizes {net.sizes}, so --{name} "
                             f"needs {n} numbers ({what}), got {len(v)}{given}; give it as "
                             f"--{name} {','.join(example)}")
    try:
        backprop.cost(net, column(x), column(y))  # the targets must suit the cost and output
    except ValueError as err:
        raise ValueError(f"--y {','.join(map(repr, y))} does not suit this network (sizes "
                         f"{net.sizes}, {net.cost} cost, {net.output} output): {err}") from None
    return net, column(x), column(y), source


def key_command(args, x, y):
    """The command that prints the answer key of this worksheet."""
    words = ["python3", "demo.py", "--trace"]
    if args.weights:
        words += ["--weights", args.weights]
    else:
        words += ["--hidden", ",".join(map(str, args.hidden)), "--cost", args.cost,
                  "--activation", args.activation, "--seed", str(args.seed)]
        if getattr(args, "output", "sigmoid") != "sigmoid":
            words += ["--output", args.output]
    words += ["--x=" + ",".join(repr(v) for (v,) in x), "--y=" + ",".join(repr(v) for (v,) in y),
              "--eta", repr(args.eta), "--digits", str(args.digits), "--format", args.format]
    return shlex.join(words)


# The numbers.

def compute(net, x, y, eta):
    """Every number of the document, by backprop.py's own functions."""
    z, a = backprop.forward(net, x)
    nabla_w, nabla_b = backprop.backprop(net, x, y)
    stepped = copy.deepcopy(net)
    for l in range(2, net.L + 1):
        stepped.w[l] = subtract(net.w[l], scale(eta, nabla_w[l]))  # w^l ← w^l − η ∂C/∂w^l
    weights_only = copy.deepcopy(stepped)
    for l in range(2, net.L + 1):
        stepped.b[l] = subtract(net.b[l], scale(eta, nabla_b[l]))  # b^l ← b^l − η ∂C/∂b^l
    sigma_prime = {l: apply(net.sigma_prime[l], z[l]) for l in z if net.sigma_prime[l]}
    return {"x": x, "y": y, "z": z, "a": a, "sigma_prime": sigma_prime,
            "C": backprop.cost(net, x, y), "nabla_w": nabla_w, "nabla_b": nabla_b,
            "delta": nabla_b,  # (D): ∂C/∂b^l = δ^l
            "new_w": stepped.w, "new_b": stepped.b, "C_new": backprop.cost(stepped, x, y),
            "C_new_w": backprop.cost(weights_only, x, y)}


def gradient_check(net, x, y, nabla_w, nabla_b):
    """(worst, g, n): the largest relative gap between backprop and central differences.

    The differences carry a rounding error of about 1e-10, a large part of an
    entry near 0, so entries below 1e-4 are measured against 1e-4.
    """
    num_w, num_b = backprop.numerical_gradient(net, x, y)
    pairs = [(g, n) for ours, theirs in ((nabla_w, num_w), (nabla_b, num_b)) for l in ours
             for g_row, n_row in zip(ours[l], theirs[l]) for g, n in zip(g_row, n_row)]
    return max((abs(g - n) / max(abs(g), abs(n), 1e-4), g, n) for g, n in pairs)


# The document: a list of items, each rendered as text, Markdown or LaTeX.
#   ("title", prose)  ("step", prose)  ("note", prose)  ("code", a command)
#   ("row", math, words, tag, ng, value, given)
# prose is words with the math between $ signs; math is written in the
# article's symbols; value is a matrix (list of rows) or one number; a
# worksheet blanks every value that is not given.

def document(net, v, eta, n_digits, source, key=None):
    """The items of the document for the values v of compute(); key: the answer key's command."""
    L, z, a, delta = net.L, v["z"], v["a"], v["delta"]
    items = [("title", f"One pass of backprop for $x = {flat(v['x'])}$, "
                       f"$y = {flat(v['y'])}$"),
             ("note", f"{describe(net)}; {source}; $η = {eta!r}$. Layers are numbered as "
                      f"in article 001, $a^1 = x$; Ng's layer $l$ is our layer $l + 1$, so our "
                      f"$z^2$ is his $z^[1]$ (lower case: one example).")]
    if key:
        items.append(("note", "Worksheet: fill in every blank; $x$, $y$, $w^l$, $b^l$ and $η$ "
                              "are given. The answer key is printed by"))
        items.append(("code", key))
    items.append(("step", "Given"))
    given = [eta] + [p for M in [v["x"], v["y"], *net.w.values(), *net.b.values()]
                     for row in M for p in row]
    if any(round(p, n_digits) != p for p in given):
        items.append(("note", f"Some given numbers have more than {n_digits} decimals: they "
                              f"are shown rounded and used in full (see `--digits`)."))
    items.append(("row", "x = a^1", "", "", "a^[0]", v["x"], True))
    items.append(("row", "y", "", "", "y", v["y"], True))
    for l in range(2, L + 1):
        items.append(("row", f"w^{l}", "", "", f"W^[{l - 1}]", net.w[l], True))
        items.append(("row", f"b^{l}", "", "", f"b^[{l - 1}]", net.b[l], True))
    items.append(("row", "η", "", "", "α", eta, True))

    items.append(("step", "Step 1: the input layer, $a^1 = x$"))
    items.append(("step", f"Step 2: forward, $l = 2, …, L = {L}$"))
    for l in range(2, L + 1):
        items.append(("row", f"z^{l} = w^{l} a^{l - 1} + b^{l}", "", "", f"z^[{l - 1}]",
                      z[l], False))
        if l == L and net.output == "softmax":
            items.append(("row", f"a^{l} = softmax(z^{l})", "", "", f"a^[{l - 1}]", a[l], False))
        else:
            items.append(("row", f"a^{l} = σ(z^{l})", "", "", f"a^[{l - 1}]", a[l], False))
            items.append(("row", f"σ'(z^{l}) = {SIGMA_PRIME[activation(net, l)](l)}", "", "",
                          f"g'(z^[{l - 1}])", v["sigma_prime"][l], False))
    items.append(("row", f"C = {COST_FORMULA[cost_name(net)](L)}", "", "",
                  f"ℒ(a^[{L - 1}], y)", v["C"], False))

    items.append(("step", "Step 3: the output error by (A)" +
                  (", $δ^L = ∇_a C ⊙ σ'(z^L)$" if net.output == "sigmoid" else "")))
    if net.cost == "quadratic":
        items.append(("row", f"∇_a C = a^{L} - y", "", "", f"da^[{L - 1}]",
                      subtract(a[L], v["y"]), False))
        items.append(("row", f"δ^{L} = (a^{L} - y) ⊙ σ'(z^{L})", "", "(A)", f"dz^[{L - 1}]",
                      delta[L], False))
    else:
        items.append(("row", f"δ^{L} = a^{L} - y", "", "(A)", f"dz^[{L - 1}]", delta[L], False))
        items.append(("note", CANCELS[net.output].format(L=L)))

    items.append(("step", "Step 4: backward by (B), $l = L - 1, …, 2$" if L > 2 else
                  "Step 4: no hidden layer, so no (B)"))
    for l in range(L - 1, 1, -1):
        items.append(("row", f"(w^{l + 1})ᵀ δ^{l + 1}", "", "", f"da^[{l - 1}]",
                      matmul(transpose(net.w[l + 1]), delta[l + 1]), False))
        items.append(("row", f"δ^{l} = ((w^{l + 1})ᵀ δ^{l + 1}) ⊙ σ'(z^{l})", "", "(B)",
                      f"dz^[{l - 1}]", delta[l], False))

    items.append(("step", "Step 5: the gradients by (C) and (D)"))
    for l in range(2, L + 1):
        items.append(("row", f"∂C/∂w^{l} = δ^{l} (a^{l - 1})ᵀ", "", "(C)", f"dW^[{l - 1}]",
                      v["nabla_w"][l], False))
        items.append(("row", f"∂C/∂b^{l} = δ^{l}", "", "(D)", f"db^[{l - 1}]",
                      v["nabla_b"][l], False))

    items.append(("step", f"Step 6: one step of gradient descent, $η = {eta!r}$"))
    for l in range(2, L + 1):
        items.append(("row", f"w^{l} ← w^{l} - η ∂C/∂w^{l}", "", "",
                      f"W^[{l - 1}] := W^[{l - 1}] - α dW^[{l - 1}]", v["new_w"][l], False))
        items.append(("row", f"b^{l} ← b^{l} - η ∂C/∂b^{l}", "", "",
                      f"b^[{l - 1}] := b^[{l - 1}] - α db^[{l - 1}]", v["new_b"][l], False))
    items.append(("row", "C", "with the new weights and biases", "", f"ℒ(a^[{L - 1}], y)",
                  v["C_new"], False))
    items.append(("row", "C", "with the new weights, the biases kept", "", f"ℒ(a^[{L - 1}], y)",
                  v["C_new_w"], False))
    return items


def activation(net, l):
    return net.activation if l < net.L else "sigmoid"


def cost_name(net):
    return "softmax" if net.output == "softmax" else net.cost


def describe(net):
    """Such as: sizes [2, 2, 2], quadratic cost, σ = sigmoid in every layer."""
    if net.L == 2:
        layers = "$σ$ = sigmoid" if net.output == "sigmoid" else "softmax output"
    elif net.activation == "sigmoid" and net.output == "sigmoid":
        layers = "$σ$ = sigmoid in every layer"
    else:
        last = "sigmoid" if net.output == "sigmoid" else "softmax"
        hidden = "layer 2" if net.L == 3 else f"layers 2 to {net.L - 1}"
        layers = f"$σ$ = {net.activation} in {hidden}, {last} output"
    return f"Sizes {net.sizes}, {net.cost.replace('_', '-')} cost, {layers}"


# σ'(z^l) written with a^l, so that it can be computed by hand from the row above.
SIGMA_PRIME = {"sigmoid": lambda l: f"a^{l} ⊙ (1 - a^{l})",
               "tanh": lambda l: f"1 - a^{l} ⊙ a^{l}",
               "relu": lambda l: f"1 if z^{l}_j > 0, else 0"}
COST_FORMULA = {"quadratic": lambda L: f"½‖y - a^{L}‖²",
                "cross_entropy": lambda L: f"-Σ_j [y_j ln a^{L}_j + (1 - y_j) ln(1 - a^{L}_j)]",
                "softmax": lambda L: f"-Σ_j y_j ln a^{L}_j"}
CANCELS = {"sigmoid": "Cross-entropy: $∇_a C = (a^{L} - y) / (a^{L} (1 - a^{L}))$ and "
                      "$σ'(z^{L}) = a^{L} (1 - a^{L})$, so $σ'(z^{L})$ cancels and (A) "
                      "leaves $a^{L} - y$.",
           "softmax": "Softmax output: each $a^{L}_j$ depends on every $z^{L}_k$, so there is "
                      "no $σ'(z^{L})$; the softmax Jacobian times $∇_a C = -y / a^{L}$ (entry "
                      "by entry) leaves $a^{L} - y$."}


# Rendering.

def render(items, fmt, worksheet, n_digits, symbols=True):
    """The document as one string; symbols=False spells δ, σ, ∂ ... in ASCII (text only)."""
    if fmt not in FORMATS:
        raise ValueError(f"render: format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    lines = [r"% needs \usepackage{amsmath} in the preamble"] if fmt == "latex" else []
    for kind, *rest in items:
        if kind == "row":
            lines += ROW[fmt](*rest, worksheet, n_digits, symbols)
        elif kind == "code":
            lines += {"text": ["  " + rest[0]], "markdown": ["```", rest[0], "```", ""],
                      "latex": [r"\begin{verbatim}", rest[0], r"\end{verbatim}", ""]}[fmt]
        else:
            lines += HEADING[fmt](kind, prose(rest[0], fmt, symbols))
    return "\n".join(lines).rstrip("\n")


def text_heading(kind, words):
    if kind == "step":
        return [words[0].lower() + words[1:]]
    return textwrap.wrap(words, 96, break_long_words=False, break_on_hyphens=False)


def markdown_heading(kind, words):
    return {"title": [f"## {words}", ""], "note": [words, ""], "step": [f"### {words}", ""]}[kind]


def latex_heading(kind, words):
    return {"title": [rf"\section*{{{words}}}", ""], "note": [words, ""],
            "step": [rf"\subsection*{{{words}}}", ""]}[kind]


def text_row(math_, words, tag, ng, value, given, worksheet, n_digits, symbols):
    label = text_math(math_, symbols) + (f" {words}" if words else "")
    head = f"  {label:<38} {tag:<4} Ng: {text_math(ng, symbols)}".rstrip()
    blank = worksheet and not given
    M = value if isinstance(value, list) else [[value]]
    cells = [["_" * (n_digits + 3) if blank else number(v, n_digits) for v in row] for row in M]
    width = max(len(c) for row in cells for c in row)
    if not isinstance(value, list):
        return [head, f"      {cells[0][0]}"]
    return [head] + ["      [ " + "  ".join(c.rjust(width) for c in row) + " ]" for row in cells]


def markdown_row(math_, words, tag, ng, value, given, worksheet, n_digits, symbols):
    return ["$$" + latex_row(math_, words, tag, ng, value, given, worksheet, n_digits) + "$$", ""]


def latex_display_row(math_, words, tag, ng, value, given, worksheet, n_digits, symbols):
    return [r"\[ " + latex_row(math_, words, tag, ng, value, given, worksheet, n_digits) + r" \]",
            ""]


def latex_row(math_, words, tag, ng, value, given, worksheet, n_digits):
    blank = rf"\boxed{{\vphantom{{1}}\hspace{{{(n_digits + 3) / 2}em}}}}"  # a box to write in
    cell = (lambda v: blank) if worksheet and not given else (lambda v: number(v, n_digits))
    if isinstance(value, list):
        shown = (r"\begin{bmatrix} " + r" \\ ".join(" & ".join(cell(v) for v in row)
                                                    for row in value) + r" \end{bmatrix}")
    else:
        shown = cell(value)
    words = rf"\ \text{{{words}}}" if words else ""
    tag = rf" \tag{{{tag[1:-1]}}}" if tag else ""
    return (f"{latex_math(math_)}{words} = {shown} \\quad \\text{{Ng: }} {latex_math(ng)}"
            f"{tag}")


ROW = {"text": text_row, "markdown": markdown_row, "latex": latex_display_row}
HEADING = {"text": text_heading, "markdown": markdown_heading, "latex": latex_heading}


def prose(words, fmt, symbols):
    """Words with math between $ signs (and code between backquotes), for fmt."""
    parts = re.split(r"(\$[^$]*\$|`[^`]*`)", words)
    out = []
    for part in parts:
        if part.startswith("$"):
            out.append(text_math(part[1:-1], symbols) if fmt == "text"
                       else "$" + latex_math(part[1:-1]) + "$")
        elif part.startswith("`"):
            out.append({"text": part[1:-1], "markdown": part,
                        "latex": r"\texttt{" + latex_escape(part[1:-1]) + "}"}[fmt])
        else:
            out.append({"text": part, "markdown": part, "latex": latex_escape(part)}[fmt])
    return "".join(out)


def text_math(math_, symbols):
    """Math in the article's symbols, or in ASCII spellings of them."""
    if symbols:
        return math_
    for symbol, spelling in ASCII:
        math_ = math_.replace(symbol, spelling)
    return math_


def latex_math(math_):
    """Math in the article's symbols, as LaTeX (and so as Markdown math)."""
    math_ = re.sub(r"∂C/∂([wb])\^(\d+)", r"\\frac{\\partial C}{\\partial \1^{\2}}", math_)
    math_ = re.sub(r"\b(" + "|".join(WORDS) + r")\b", lambda m: WORDS[m.group(1)], math_)
    math_ = re.sub(r"\^(\[\d+\]|\d+)", r"^{\1}", math_)
    for symbol, command in LATEX:
        math_ = re.sub(re.escape(symbol) + "(?=[a-zA-Z])", lambda m: command + " ", math_)
        math_ = math_.replace(symbol, command)  # a space only before a letter: \eta C, \eta^2
    return re.sub(r"\b if \b|, else ", lambda m: r"\text{" + m.group(0) + "}", math_)


def latex_escape(words):
    """Plain words for LaTeX: its special characters made literal."""
    special = {"\\": r"\textbackslash{}", "_": r"\_", "&": r"\&", "%": r"\%", "#": r"\#",
               "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
               "$": r"\$"}
    return "".join(special.get(ch, ch) for ch in words)


def number(v, n_digits):
    """v to n_digits decimals; a value that rounds to 0 shows no minus sign."""
    text = f"{v:.{n_digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def flat(M):
    """A column as (0.05, 0.1)."""
    return "(" + ", ".join(repr(v) for (v,) in M) + ")"


def can_show(text, stream):
    """True if stream's encoding has every character of text."""
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True

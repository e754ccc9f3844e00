"""One pass of backprop for one example, written out as a handout: a worksheet or its key.

    python3 handout.py                                   x = 1,0, y = 1, a 2-2-1 network
    python3 handout.py --weights examples/mazur.json --x 0.05,0.10 --y 0.01,0.99
    python3 handout.py --worksheet --class 30 --format latex > class.tex

Article 001's five steps and a sixth, w^l ← w^l − η ∂C/∂w^l: each number with
its symbol, its equation's tag and Andrew Ng's name for one example.  The
numbers are backprop.py's own, and central differences check every gradient.
"""
import argparse
import math
import random
import re
import sys
import textwrap

import backprop
import pictures
from exercise import say
from matrix import apply, column, matmul, scale, subtract, transpose

FORMATS = ("text", "markdown", "latex")
OPTIONS = ("--x", "--y", "--weights", "--hidden", "--seed", "--cost", "--activation", "--output",
           "--eta", "--digits", "--format", "--worksheet", "--class", "--svg")
# The article's symbols in LaTeX; exercise.say() spells them for a terminal that cannot show them.
LATEX = [("δ", r"\delta"), ("σ", r"\sigma"), ("⊙", r"\odot"), ("ᵀ", r"^{\top}"), ("←", r"\leftarrow"),
         ("η", r"\eta"), ("α", r"\alpha"), ("Σ", r"\sum"), ("½", r"\frac{1}{2}"), ("‖", r"\|"),
         ("²", "^{2}"), ("ℒ", r"\mathcal{L}"), ("∇", r"\nabla"), ("…", r"\ldots"), ("−", "-"),
         (":=", r"\mathrel{:=}")]
WORDS = {"ln": r"\ln", "tanh": r"\tanh", "softmax": r"\operatorname{softmax}", "relu": r"\operatorname{relu}"}
PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[a4paper, margin=2cm]{geometry}
\usepackage{amsmath, graphicx, tikz}
\setlength{\parindent}{0pt}
\newsavebox{\row}  % a value wider than the line is shrunk to fit it
\newcommand{\fit}[1]{\sbox{\row}{$\displaystyle #1$}\ifdim\wd\row>\linewidth
  \resizebox{\linewidth}{!}{\usebox{\row}}\else\usebox{\row}\fi}
\newcommand{\blank}{\fbox{\rule[-1ex]{0pt}{3.6ex}\hspace{4.5em}}}  % a box to write in
\begin{document}"""

def main(argv=None, prog="handout.py"):
    args = parse_args(sys.argv[1:] if argv is None else argv, prog)
    try:
        variants = [example(args, k) for k in (range(1, args.count + 1) if args.count else [None])]
    except ValueError as err:  # a bad --weights file, or an example that does not fit
        print(f"{prog}: {err}", file=sys.stderr)
        return 2
    pages, worst = [], 0.0
    for k, (net, x, y, source) in zip(range(1, len(variants) + 1), variants):
        v = compute(net, x, y, args.eta)
        items = document(net, v, args, source, k if args.count else None)
        if args.format == "latex":  # the network with its numbers, after the given ones
            picture = pictures.network_tikz(net, v["a"], v["z"], v["delta"], args.digits, args.worksheet)
            items.insert(items.index(("step", "Step 1: the input layer, $a^1 = x$")),
                         ("raw", "\\begin{center}\n" + picture + "\\end{center}"))
        pages.append(render(items, args))
        if args.svg:
            path = re.sub(r"(\.svg)?$", f"-{k}.svg" if args.count else ".svg", args.svg, count=1)
            try:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(pictures.network_svg(net, v["a"], v["z"], v["delta"], args.digits,
                                                 args.worksheet))
            except OSError as err:
                print(f"{prog}: --svg {path}: cannot write it: {err.strerror}", file=sys.stderr)
                return 2
        gap = backprop.gradient_check(net, x, y)
        worst = max(worst, gap)
        if args.format == "text" and not args.worksheet:
            pages[-1] += ("\ncheck: every ∂C/∂w^l and ∂C/∂b^l from backprop against central "
                          f"differences: largest relative gap {gap:.1e} (below 1e-6 is right)")
    between = {"text": "\n\n", "markdown": "\n\n---\n\n", "latex": "\n\\clearpage\n"}[args.format]
    text = between.join(pages)
    say(f"{PREAMBLE}\n{text}\n\\end{{document}}" if args.format == "latex" else text)
    if not worst < 1e-6:
        print(f"{prog}: backprop and central differences differ by {worst:.1e}, not below 1e-6",
              file=sys.stderr)
        return 1
    return 0

def parse_args(argv, prog):
    parser = argparse.ArgumentParser(
        prog=prog, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="One pass of backprop for one example, written out with every number: the "
                    "answer key,\nor with --worksheet the same document with every computed "
                    "value blank.  Nothing is trained.")
    add = parser.add_argument
    add("--x", type=numbers, help="the input x, such as 0.05,0.10 (default: 1,0); n_1 follows")
    add("--y", type=numbers, help="the target y, such as 0.01,0.99 (default: 1); n_L follows")
    add("--weights", metavar="FILE", help="the network written by backprop.save(net, FILE)")
    add("--hidden", type=sizes, default=[2], help="hidden layer sizes, such as 2 or 3,2 (default: 2)")
    add("--seed", type=int, default=0, help="the seed of the weights (default: 0)")
    add("--cost", choices=backprop.COSTS, default="cross_entropy", help="(default: cross_entropy)")
    add("--activation", choices=list(backprop.ACTIVATIONS), default="sigmoid",
        help="of the hidden layers (default: sigmoid)")
    add("--output", choices=backprop.OUTPUTS, default="sigmoid", help="(default: sigmoid)")
    add("--eta", type=float, default=0.5, help="the learning rate of step 6 (default: 0.5)")
    add("--digits", type=lambda t: whole(t, 1, 15), default=4,
        help="decimals shown, and of the drawn weights (default: 4)")
    add("--format", choices=FORMATS, default="text",
        help="markdown and latex (a whole document) write the math for notes and slides")
    add("--worksheet", action="store_true", help="leave every computed value blank")
    add("--class", dest="count", metavar="N", type=lambda t: whole(t, 1, 500),
        help="N variants, numbered 1 to N, each with its own weights and example drawn from "
             "--seed and its number, each on its own page (LaTeX) or under its own heading")
    add("--svg", metavar="FILE", help="also write the network with its numbers as an SVG picture")
    args = parser.parse_args(argv)
    given = {a.split("=")[0].lstrip("-").replace("-", "_") for a in argv if a.startswith("--")}
    if args.weights:
        for name in sorted(given & {"hidden", "seed", "cost", "activation", "output", "class"}):
            parser.error(f"--{name} does nothing with --weights, whose file sets the sizes, "
                         f"cost, activations and weights; leave it out")
    if not math.isfinite(args.eta) or args.eta <= 0:
        parser.error(f"argument --eta: must be a number > 0, such as 0.5, got {args.eta!r}")
    return args

def numbers(text):
    """argparse type of --x and --y: numbers separated by commas, such as 0.05,0.10."""
    try:
        values = [float(part) for part in text.split(",")]
    except ValueError:
        values = [math.nan]
    if not all(map(math.isfinite, values)):
        raise argparse.ArgumentTypeError(f"must be numbers separated by commas, such as 0.05,0.10 "
                                         f"(--x=-1,0 for a minus sign first), got {text!r}")
    return values

def sizes(text):
    if not all(part.isdigit() and int(part) >= 1 for part in text.split(",")):
        raise argparse.ArgumentTypeError(f"must be layer sizes >= 1 separated by commas, such as "
                                         f"2 or 3,2, got {text!r}")
    return [int(part) for part in text.split(",")]

def whole(text, low=1, high=None):
    if not (text.isdigit() and low <= int(text) <= (high or int(text))):
        bounds = f"from {low} to {high}" if high else f">= {low}"
        raise argparse.ArgumentTypeError(f"must be a whole number {bounds}, got {text!r}")
    return int(text)

def example(args, k=None):
    """(net, x, y, source) for the options, or for variant k of a class set.

    The drawn weights are rounded to --digits decimals, so that the numbers
    shown are the numbers used and every sum can be redone by hand.
    """
    x, y = args.x or [1.0, 0.0], args.y or ([0.0, 1.0] if args.output == "softmax" else [1.0])
    if args.weights:
        net, source = backprop.load(args.weights), f"the network saved in {args.weights}"
    else:
        seed = args.seed if k is None else 1000 * args.seed + k
        rng = random.Random(seed)
        if k is not None:  # each variant its own example too, in round numbers
            x = args.x or [round(rng.uniform(-1, 1), 2) for _ in x]
            hot = rng.randrange(len(y))
            y = args.y or ([float(j == hot) for j in range(len(y))] if args.output == "softmax"
                           else [round(rng.uniform(0, 1), 2) for _ in y])
        net = backprop.Network([len(x)] + args.hidden + [len(y)], seed=seed, cost=args.cost,
                               activation=args.activation, output=args.output)
        for l in net.w:
            net.w[l] = [[round(v, args.digits) for v in row] for row in net.w[l]]
        source = f"weights drawn with seed {seed}, rounded to {args.digits} decimals"
    for name, v, n in (("x", x, net.sizes[0]), ("y", y, net.sizes[-1])):
        if len(v) != n:
            raise ValueError(f"the network has sizes {net.sizes}, so --{name} needs {n} numbers, "
                             f"got {len(v)}; give it as --{name} {','.join(['0.5'] * n)}")
    try:
        backprop.cost(net, column(x), column(y))  # the targets must suit the cost and output
    except ValueError as err:
        raise ValueError(f"--y {','.join(map(str, y))} does not suit this network: {err}") from None
    return net, column(x), column(y), source

def compute(net, x, y, eta):
    """Every number of the document, by backprop.py's own functions."""
    z, a = backprop.forward(net, x)
    nabla_w, nabla_b = backprop.backprop(net, x, y)
    new = backprop.Network(net.sizes, cost=net.cost, activation=net.activation, output=net.output)
    new.w = {l: subtract(net.w[l], scale(eta, nabla_w[l])) for l in net.w}  # w^l ← w^l − η ∂C/∂w^l
    new.b = dict(net.b)
    kept = backprop.cost(new, x, y)  # the new weights with the old biases, as in Mazur's post
    new.b = {l: subtract(net.b[l], scale(eta, nabla_b[l])) for l in net.b}  # b^l ← b^l − η ∂C/∂b^l
    return {"x": x, "y": y, "z": z, "a": a, "C": backprop.cost(net, x, y), "delta": nabla_b,
            "sigma_prime": {l: apply(net.sigma_prime[l], z[l]) for l in z if net.sigma_prime[l]},
            "nabla_w": nabla_w, "nabla_b": nabla_b, "new_w": new.w, "new_b": new.b,
            "C_new": backprop.cost(new, x, y), "C_kept": kept}  # δ^l is ∂C/∂b^l, by (D)


# The document: a list of items ("title" | "step" | "note", prose) or ("row", math,
# words, tag, Ng's name, value, given), rendered as text, Markdown or LaTeX.  prose
# has its math between $ signs; math is in the article's symbols; a worksheet blanks
# each value that is not given.

def document(net, v, args, source, variant=None):
    L, z, a, delta, items = net.L, v["z"], v["a"], v["delta"], []

    def row(math_, value, ng="", tag="", given=False, words=""):
        items.append(("row", math_, words, tag, ng, value, given))

    kind = "Worksheet" if args.worksheet else "Answer key"
    items += [("title", f"{kind}{f', variant {variant}' if variant else ''}: one pass of backprop "
                        f"for $x = {flat(v['x'])}$, $y = {flat(v['y'])}$"),
              ("note", f"{describe(net)}; {source}; $η = {args.eta!r}$. Layers are numbered as in "
                       f"article 001, $a^1 = x$; Ng numbers the input layer 0 and writes x, z, a, "
                       f"dz, da for one example in lower case (W, dW stay capital), so our $z^2$ "
                       f"is his $z^[1]$.")]
    if args.worksheet:
        items.append(("note", "Fill in every blank: $x$, $y$, $w^l$, $b^l$ and $η$ are given."))
    if any(round(p, args.digits) != p for M in [v["x"], v["y"], *net.w.values(), *net.b.values()]
           for row in M for p in row) or round(args.eta, args.digits) != args.eta:
        items.append(("note", f"Some given numbers have more than {args.digits} decimals: they are "
                              f"shown rounded and used in full (see --digits)."))
    items.append(("step", "Given"))
    row("x = a^1", v["x"], "a^[0]", given=True)
    row("y", v["y"], "y", given=True)
    for l in range(2, L + 1):
        row(f"w^{l}", net.w[l], f"W^[{l - 1}]", given=True)
        row(f"b^{l}", net.b[l], f"b^[{l - 1}]", given=True)
    row("η", args.eta, "α", given=True)
    items += [("step", "Step 1: the input layer, $a^1 = x$"), ("step", f"Step 2: forward, $l = 2, …, L = {L}$")]
    for l in range(2, L + 1):
        row(f"z^{l} = w^{l} a^{l - 1} + b^{l}", z[l], f"z^[{l - 1}]")
        if l == L and net.output == "softmax":
            row(f"a^{l} = softmax(z^{l})", a[l], f"a^[{l - 1}]")
        else:
            row(f"a^{l} = σ(z^{l})", a[l], f"a^[{l - 1}]")
            row(f"σ'(z^{l}) = {SIGMA_PRIME[net.activation if l < L else 'sigmoid'].format(l=l)}",
                v["sigma_prime"][l], f"g'(z^[{l - 1}])")
    row(f"C = {COST['softmax' if net.output == 'softmax' else net.cost].format(L=L)}", v["C"],
        f"ℒ(a^[{L - 1}], y)")
    items.append(("step", "Step 3: the output error by (A)" + ", $δ^L = ∇_a C ⊙ σ'(z^L)$" *
                  (net.output == "sigmoid")))
    if net.cost == "quadratic":
        row(f"∇_a C = a^{L} - y", subtract(a[L], v["y"]), f"da^[{L - 1}]")
        row(f"δ^{L} = (a^{L} - y) ⊙ σ'(z^{L})", delta[L], f"dz^[{L - 1}]", "(A)")
    else:
        row(f"δ^{L} = a^{L} - y", delta[L], f"dz^[{L - 1}]", "(A)")
        items.append(("note", CANCELS[net.output].format(L=L)))
    items.append(("step", "Step 4: backward by (B), $l = L - 1, …, 2$" if L > 2 else
                  "Step 4: no hidden layer, so no (B)"))
    for l in range(L - 1, 1, -1):
        row(f"(w^{l + 1})ᵀ δ^{l + 1}", matmul(transpose(net.w[l + 1]), delta[l + 1]), f"da^[{l - 1}]")
        row(f"δ^{l} = ((w^{l + 1})ᵀ δ^{l + 1}) ⊙ σ'(z^{l})", delta[l], f"dz^[{l - 1}]", "(B)")
    items.append(("step", "Step 5: the gradients by (C) and (D)"))
    for l in range(2, L + 1):
        row(f"∂C/∂w^{l} = δ^{l} (a^{l - 1})ᵀ", v["nabla_w"][l], f"dW^[{l - 1}]", "(C)")
        row(f"∂C/∂b^{l} = δ^{l}", v["nabla_b"][l], f"db^[{l - 1}]", "(D)")
    items.append(("step", f"Step 6: one step of gradient descent, $η = {args.eta!r}$"))
    for l in range(2, L + 1):
        row(f"w^{l} ← w^{l} - η ∂C/∂w^{l}", v["new_w"][l], f"W^[{l - 1}] := W^[{l - 1}] - α dW^[{l - 1}]")
        row(f"b^{l} ← b^{l} - η ∂C/∂b^{l}", v["new_b"][l], f"b^[{l - 1}] := b^[{l - 1}] - α db^[{l - 1}]")
    row("C", v["C_new"], words="with the new weights and biases")
    row("C", v["C_kept"], words="with the new weights, the biases kept")
    return items

def describe(net):
    """Such as: sizes [2, 2, 1], cross-entropy cost, tanh in the hidden layers, sigmoid output."""
    hidden = f"{net.activation} in the hidden layers, " if net.L > 2 else ""
    return f"Sizes {net.sizes}, {net.cost.replace('_', '-')} cost, {hidden}{net.output} output"

SIGMA_PRIME = {"sigmoid": "a^{l} ⊙ (1 - a^{l})", "tanh": "1 - a^{l} ⊙ a^{l}",
               "relu": "1 if z^{l}_j > 0, else 0"}  # σ'(z^l) from the row above it
COST = {"quadratic": "½‖y - a^{L}‖²", "softmax": "-Σ_j y_j ln a^{L}_j",
        "cross_entropy": "-Σ_j [y_j ln a^{L}_j + (1 - y_j) ln(1 - a^{L}_j)]"}
CANCELS = {"sigmoid": "Cross-entropy: $∇_a C = (a^{L} - y) / (a^{L} (1 - a^{L}))$ and "
                      "$σ'(z^{L}) = a^{L} (1 - a^{L})$, so $σ'(z^{L})$ cancels and (A) leaves "
                      "$a^{L} - y$.",
           "softmax": "Softmax output: each $a^{L}_j$ depends on every $z^{L}_k$, so there is no "
                      "$σ'(z^{L})$; the softmax Jacobian times $∇_a C = -y / a^{L}$ leaves "
                      "$a^{L} - y$."}

def render(items, args):
    """The items as one string in args.format."""
    out, fmt, blank = [], args.format, "_" * (args.digits + 3)
    for kind, *rest in items:
        if kind == "raw":
            out.append(rest[0])
        elif kind != "row":
            words = prose(rest[0], fmt)
            out += {"text": [words[0].lower() + words[1:]] if kind == "step" else
                    textwrap.wrap(words, 96, break_long_words=False, break_on_hyphens=False),
                    "markdown": [{"title": "## ", "step": "### ", "note": ""}[kind] + words, ""],
                    "latex": [{"title": "\\section*{%s}", "step": "\\subsection*{%s}",
                               "note": "%s\n"}[kind] % words]}[fmt]
        if kind != "row":
            continue
        math_, words, tag, ng, value, given = rest
        M, hide = (value if isinstance(value, list) else [[value]]), args.worksheet and not given
        if fmt == "text":
            cells = [[blank if hide else number(e, args.digits) for e in row] for row in M]
            width = max(len(c) for row in cells for c in row)
            label = f"{math_} {words}".strip()
            out.append(f"  {label:<38} {tag:<4} {'Ng: ' + ng if ng else ''}".rstrip())
            out += [("      [ {} ]" if isinstance(value, list) else "      {}").format(
                "  ".join(c.rjust(width) for c in row)) for row in cells]
            continue
        box = "\\blank" if fmt == "latex" else f"\\boxed{{\\vphantom{{1}}\\hspace{{{args.digits / 2 + 2}em}}}}"
        cells = [[box if hide else number(e, args.digits) for e in row] for row in M]
        gap = " \\\\[2.5ex] " if hide else " \\\\ "  # room between boxes stacked in a column
        shown = ("\\begin{bmatrix} " + gap.join(" & ".join(row) for row in cells) +
                 " \\end{bmatrix}") if isinstance(value, list) else cells[0][0]
        head = latex_math(math_) + (f"\\ \\text{{{words}}}" if words else "")
        ng = f"\\text{{Ng: }} {latex_math(ng)}" if ng else ""
        if fmt == "markdown":
            out += [f"$${head} = {shown}" + f" \\qquad {ng}" * bool(ng) +
                    f" \\tag{{{tag[1:-1]}}}" * bool(tag) + "$$", ""]
        else:  # one line a row, shrunk if it is wider than the page
            out.append(f"\\fit{{{head} = {shown}" + f" \\qquad {ng}" * bool(ng) +
                       f" \\qquad \\text{{{tag}}}" * bool(tag) + "}\\par\\smallskip")
    return "\n".join(out)

def prose(words, fmt):
    """Words with math between $ signs, for fmt: math in LaTeX, the rest escaped."""
    parts = re.split(r"(\$[^$]*\$)", words)
    if fmt == "text":
        return "".join(part.strip("$") for part in parts)
    return "".join("$" + latex_math(part[1:-1]) + "$" if part.startswith("$") else
                   latex_escape(part) if fmt == "latex" else part for part in parts)

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
    special = {"\\": r"\textbackslash{}", "_": r"\_", "&": r"\&", "%": r"\%", "#": r"\#", "{": r"\{",
               "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "$": r"\$"}
    return "".join(special.get(ch, ch) for ch in words)

def number(v, digits):
    """v to digits decimals; a value that rounds to 0 shows no minus sign."""
    text = f"{v:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text

def flat(M):
    """A column as (0.05, 0.1)."""
    return "(" + ", ".join(repr(v) for (v,) in M) + ")"

if __name__ == "__main__":
    sys.exit(main())

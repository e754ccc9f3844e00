"""Backpropagation learns XOR: the first thing to run.

    python demo.py            train a 2-4-1 network on XOR and show what it learned
    python demo.py --trace    one example through the five steps, equations (A) to (D)
    python demo.py -h         the options and their defaults

Layers are numbered as in article 001: layer 1 is the input, layer L the
output.  Andrew Ng (article 004) counts the input as layer 0, so his layer l
is our layer l + 1: our a^1 = x is his A^[0], our z^2 his Z^[1].
"""
import argparse
import math
import os
import sys
import time

import backprop
from matrix import add, apply, column, hadamard, matmul, subtract, transpose

XOR = [([0, 0], [0]), ([0, 1], [1]), ([1, 0], [1]), ([1, 1], [0])]
TRACE_X, TRACE_Y = [1, 0], [1]  # the example that --trace follows
SHADES = " .:-=+*#%@"          # a^L from 0 (blank) to 1 (@), one character per 0.1
GRID_ROWS, GRID_COLS = 13, 25  # terminal cells are about twice as tall as wide


def main(argv=None):
    args = parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        # The trace prints the article's δ, σ, ⊙ and ᵀ; a terminal that cannot
        # show them gets '?' instead of a UnicodeEncodeError.
        sys.stdout.reconfigure(errors="replace")
    net = backprop.Network([2] + args.hidden + [1], seed=args.seed,
                           cost=args.cost, activation=args.activation)
    if args.trace:
        return trace(net, column(TRACE_X), column(TRACE_Y))
    print(f"settings: sizes={net.sizes} cost={args.cost} activation={args.activation} "
          f"eta={args.eta} epochs={args.epochs} batch_size={args.batch_size} seed={args.seed}")
    start = time.perf_counter()
    try:
        costs = backprop.train(net, XOR, args.epochs, args.eta, args.batch_size, seed=args.seed)
    except ArithmeticError as err:  # train's own message says at which epoch and what to try
        return fail(str(err))
    seconds = time.perf_counter() - start
    show_costs(costs)
    wrong = show_truth_table(net)
    show_grid(net)
    print(f"trained in {seconds:.3f} s")
    if wrong:
        return fail(f"the network did not learn XOR: {wrong} of 4 cases are not on the right "
                    f"side of 0.5; try another --seed, more --epochs or another --eta")
    return 0


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="demo.py", formatter_class=argparse.ArgumentDefaultsHelpFormatter,
        description="Train a small network on XOR with backprop.py and show what it learned.")
    parser.add_argument("--hidden", type=hidden_sizes, default="4",
                        help="hidden layer sizes: 4, or 8,8 for two hidden layers")
    parser.add_argument("--epochs", type=positive_int, default=500,
                        help="passes over the four XOR examples")
    parser.add_argument("--eta", type=learning_rate, default=4.0, help="learning rate")
    parser.add_argument("--batch-size", type=positive_int, default=4,
                        help="examples per gradient step (4: all of XOR at once)")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed for the first weights and for the shuffling")
    parser.add_argument("--cost", choices=("cross_entropy", "quadratic"),
                        default="cross_entropy", help="cost function C")
    parser.add_argument("--activation", choices=("sigmoid", "tanh", "relu"), default="sigmoid",
                        help="activation of the hidden layers (the output is always sigmoid)")
    parser.add_argument("--trace", action="store_true",
                        help="do not train: show steps 1 to 5 of backprop for x = [1, 0], "
                             "y = [1] through the untrained network, and check the gradients")
    return parser.parse_args(argv)


# argparse types: a bad value ends with the usage message and exit status 2.

def positive_int(text):
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text!r}")
    return n


def hidden_sizes(text):
    try:
        return [positive_int(part) for part in text.split(",")]
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"must be layer sizes >= 1 separated by commas, "
                                         f"such as 4 or 8,8, got {text!r}") from None


def learning_rate(text):
    try:
        eta = float(text)
    except ValueError:
        eta = math.nan
    if not (math.isfinite(eta) and eta > 0):
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, such as 0.5, "
                                         f"got {text!r}")
    return eta


def fail(reason):
    """Print reason as one line on stderr; return exit status 1."""
    print(f"demo.py: {reason}", file=sys.stderr)
    return 1


# The default run: the fall of the cost, the truth table, the picture.

def show_costs(costs):
    """The mean cost at about ten epochs, each with a bar as long as the cost."""
    epochs = len(costs)
    checkpoints = sorted({max(1, epochs * k // 10) for k in range(11)})
    top = max(costs[epoch - 1] for epoch in checkpoints) or 1.0
    print(f"epoch  mean cost  (40 # = {top:.4f})")
    for epoch in checkpoints:
        c = costs[epoch - 1]
        print(f"{epoch:>5}  {c:9.4f}  {'#' * round(40 * c / top)}".rstrip())


def show_truth_table(net):
    """Print each XOR case beside the network's output; return how many are wrong."""
    print("x1 x2 | y | a^L    | right?")
    wrong = 0
    for x, (y,) in XOR:
        (out,) = backprop.predict(net, x)
        right = out > 0.5 if y == 1 else out < 0.5
        wrong += not right
        print(f" {x[0]}  {x[1]} | {y} | {out:.4f} | {'yes' if right else 'NO'}")
    return wrong


def show_grid(net):
    """a^L over the unit square, x1 across and x2 up, the four examples marked by y."""
    marks = {(x1 * (GRID_COLS - 1), x2 * (GRID_ROWS - 1)): str(y) for (x1, x2), (y,) in XOR}
    for i in range(GRID_ROWS - 1, -1, -1):  # the top line is x2 = 1
        line = ""
        for j in range(GRID_COLS):
            (out,) = backprop.predict(net, [j / (GRID_COLS - 1), i / (GRID_ROWS - 1)])
            line += marks.get((j, i)) or SHADES[min(int(out * len(SHADES)), len(SHADES) - 1)]
        label = {GRID_ROWS - 1: "x2=1", 0: "x2=0"}.get(i, "")
        print(f"{label:>4} |{line}|")
    print(f"      x1=0{'x1=1':>{GRID_COLS - 4}}")
    print(f'legend: "{SHADES}" shades a^L from 0 to 1; 0 and 1 mark the examples by target y')


# --trace: the five steps of article 001 for one example.

def trace(net, x, y):
    """Steps 1 to 5 for the example (x, y), every quantity labelled; return the exit code."""
    print(f"trace: x = {TRACE_X}, y = {TRACE_Y} through the untrained network {net.sizes}, "
          f"{net.cost} cost, {net.activation} hidden layers")
    print("Ng's layer l is our layer l+1: our a^1 = x is his A^[0], our z^2 his Z^[1]")
    z, a = trace_forward(net, x)
    delta = trace_errors(net, y, z, a)
    print("step 5: the gradients by (C) and (D), from backprop.backprop(net, x, y)")
    nabla_w, nabla_b = backprop.backprop(net, x, y)
    for l in range(2, net.L + 1):
        show(f"∂C/∂w^{l} = δ^{l} (a^{l - 1})ᵀ", "(C)", f"dW^[{l - 1}]", nabla_w[l])
        show(f"∂C/∂b^{l} = δ^{l}", "(D)", f"db^[{l - 1}]", nabla_b[l])
    return check_gradients(net, x, y, delta, nabla_w, nabla_b)


def trace_forward(net, x):
    """Steps 1 and 2: a^1 = x, then z^l and a^l for l = 2..L; return z and a."""
    z, a = {}, {}
    print("step 1: the input layer")
    a[1] = x
    show("a^1 = x", "", "A^[0]", a[1])
    print(f"step 2: forward, l = 2, 3, ..., L = {net.L}")
    for l in range(2, net.L + 1):
        z[l] = add(matmul(net.w[l], a[l - 1]), net.b[l])
        show(f"z^{l} = w^{l} a^{l - 1} + b^{l}", "", f"Z^[{l - 1}]", z[l])
        a[l] = apply(net.sigma[l], z[l])
        show(f"a^{l} = σ(z^{l})", "", f"A^[{l - 1}]", a[l])
    return z, a


def trace_errors(net, y, z, a):
    """Steps 3 and 4: δ^L by (A), then δ^l by (B) for l = L-1..2; return δ."""
    L, delta = net.L, {}
    print("step 3: the output error by (A), δ^L = ∇_a C ⊙ σ'(z^L)")
    if net.cost == "quadratic":
        delta[L] = hadamard(subtract(a[L], y), apply(net.sigma_prime[L], z[L]))
        show(f"δ^{L} = (a^{L} - y) ⊙ σ'(z^{L})", "(A)", f"dZ^[{L - 1}]", delta[L])
    else:
        delta[L] = subtract(a[L], y)
        show(f"δ^{L} = a^{L} - y", "(A)", f"dZ^[{L - 1}]", delta[L])
        print(f"    (cross-entropy: ∇_a C = (a^{L} - y) / (a^{L} (1 - a^{L})) and "
              f"σ'(z^{L}) = a^{L} (1 - a^{L}), so σ'(z^{L}) cancels)")
    print("step 4: backward by (B), l = L-1, L-2, ..., 2")
    for l in range(L - 1, 1, -1):  # range stops before 1
        delta[l] = hadamard(matmul(transpose(net.w[l + 1]), delta[l + 1]),
                            apply(net.sigma_prime[l], z[l]))
        show(f"δ^{l} = ((w^{l + 1})ᵀ δ^{l + 1}) ⊙ σ'(z^{l})", "(B)", f"dZ^[{l - 1}]", delta[l])
    return delta


def check_gradients(net, x, y, delta, nabla_w, nabla_b):
    # By (D), backprop's ∂C/∂b^l must be the δ^l computed above.
    gap = max(abs(d - g) for d, g in zip(entries(delta), entries(nabla_b)))
    print(f"check: δ^l above = backprop's nabla_b[l] for l = 2..{net.L}: "
          f"{'yes' if gap <= 1e-12 else 'NO'} (largest difference {gap:.1e})")
    if gap > 1e-12:
        return fail(f"backprop's nabla_b[l] differs from delta^l by (A) and (B) by {gap:.1e}")
    # Central differences of C know nothing of (A) to (D): an independent check.
    # Their rounding error is about 1e-10, a large part of an entry near 0, so
    # entries smaller than 1e-4 are measured against 1e-4.
    num_w, num_b = backprop.numerical_gradient(net, x, y)
    worst, g, n = max((abs(g - n) / max(abs(g), abs(n), 1e-4), g, n) for g, n in
                      zip(entries(nabla_w) + entries(nabla_b), entries(num_w) + entries(num_b)))
    print("check: largest relative difference |g - n| / max(|g|, |n|, 1e-4) over all entries,")
    print(f"       g from backprop, n from numerical_gradient: {worst:.1e} (must be < 1e-6)")
    print(f"       found at g = {g:.6e}, n = {n:.6e}")
    if not worst < 1e-6:
        return fail(f"backprop and numerical_gradient differ by {worst:.1e} relative, "
                    f"|g - n| = {abs(g - n):.1e} at g = {g:.1e}; not below 1e-6")
    return 0


def entries(grads):
    """Every number of a dict {l: matrix}, l = 2..L in order, as one flat list."""
    return [v for l in sorted(grads) for row in grads[l] for v in row]


def show(equation, tag, ng_name, M):
    """One labelled quantity, then its rows to 4 decimals."""
    print(f"  {equation:<32}{tag:<5}Ng: {ng_name}")
    for row in M:
        text = " ".join(f"{v:8.4f}" for v in row)
        print("      [" + text.replace("-0.0000", " 0.0000") + " ]")  # no sign on a rounded 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        # The reader piped the output into head, say, which closed early:
        # send the rest nowhere instead of printing a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)

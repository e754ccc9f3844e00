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
import handout

XOR = [([0, 0], [0]), ([0, 1], [1]), ([1, 0], [1]), ([1, 1], [0])]
SHADES = " .:-=+*#%@"          # a^L from 0 (blank) to 1 (@), one character per 0.1
GRID_ROWS, GRID_COLS = 13, 25  # terminal cells are about twice as tall as wide


def main(argv=None):
    args = parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        # The trace prints the article's δ, σ, ⊙ and ᵀ; a terminal that cannot
        # show them gets '?' instead of a UnicodeEncodeError.
        sys.stdout.reconfigure(errors="replace")
    if args.trace:
        return handout.run(args)
    net = backprop.Network([2] + args.hidden + [1], seed=args.seed,
                           cost=args.cost, activation=args.activation)
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
    parser.add_argument("--eta", type=learning_rate, default=4.0,
                        help="learning rate η (with --trace: the η of the one update shown)")
    parser.add_argument("--batch-size", type=positive_int, default=4,
                        help="examples per gradient step (4: all of XOR at once)")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed for the first weights and for the shuffling")
    parser.add_argument("--cost", choices=("cross_entropy", "quadratic"),
                        default="cross_entropy", help="cost function C")
    parser.add_argument("--activation", choices=("sigmoid", "tanh", "relu"), default="sigmoid",
                        help="activation of the hidden layers (the output is always sigmoid)")
    trace = parser.add_argument_group(
        "trace", "one pass of backprop for one example, written out with every number; "
                 "nothing is trained (see handout.py)")
    trace.add_argument("--trace", action="store_true",
                       help="do not train: show steps 1 to 5 of backprop and one update for "
                            "the example --x, --y, and check the gradients")
    trace.add_argument("--x", type=handout.numbers,
                       help="the input x, such as 0.05,0.10 (default: 1,0); n_1 follows")
    trace.add_argument("--y", type=handout.numbers,
                       help="the target y, such as 0.01,0.99 (default: 1); n_L follows")
    trace.add_argument("--weights", metavar="FILE",
                       help="start from a network written by backprop.save(net, FILE)")
    trace.add_argument("--format", choices=handout.FORMATS, default="text",
                       help="markdown and latex write the math for notes and slides")
    trace.add_argument("--worksheet", action="store_true",
                       help="leave every computed value blank; without it: the answer key")
    trace.add_argument("--digits", type=handout.digits, default=4,
                       help="decimals shown (and of the seeded weights)")
    args = parser.parse_args(argv)
    handout.check_options(parser, argv, args)  # an option that does nothing here: exit 2
    return args


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


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        # The reader piped the output into head, say, which closed early:
        # send the rest nowhere instead of printing a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)

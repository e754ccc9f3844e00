"""Backpropagation learns XOR, then the playground's data sets: the first thing to run.

    python3 demo.py                  train a 2-4-1 network on XOR and show what it learned
    python3 demo.py --data spiral    learn a spiral from 80% of its points, test on the rest
    python3 demo.py --data my.csv    your own data: numeric feature columns, the label last
    python3 demo.py --watch          the map redrawn as the network learns (on a terminal)
    python3 demo.py --trace          one example through the five steps, equations (A) to (D)
    python3 demo.py -h               the options, and the defaults of each data set

Layers are numbered as in article 001: layer 1 is the input, layer L the
output.  Andrew Ng (article 004) counts the input as layer 0, so his layer l
is our layer l + 1: our a^1 = x is his A^[0], our z^2 his Z^[1].
"""
import argparse
import math
import os
import random
import sys
import time

import backprop
import datasets
import handout
from matrix import column, transpose

XOR = [([0, 0], [0]), ([0, 1], [1]), ([1, 0], [1]), ([1, 1], [0])]
SHADES = " .:-=+*#%@"          # a^L from 0 (blank) to 1 (@), one character per 0.1
GRID_ROWS, GRID_COLS = 13, 25  # terminal cells are about twice as tall as wide
MAP_ROWS, MAP_COLS = 21, 41    # the other data sets get a finer map than XOR's four points
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # several classes: class 0 is A, class 1 is B, ...
SURE = 0.8                     # the winning a^L_j from which its letter is upper case
# The options that take their default from the data set (datasets.DEFAULTS).
DATA_OPTIONS = ("hidden", "activation", "eta", "epochs", "batch_size", "test_fraction", "noise")
# XOR's eta for each hidden activation when --eta is not given.  σ' is at
# most 1/4 for sigmoid and 1 for tanh, so tanh takes a quarter of sigmoid's
# step; a big step leaves relu units with z <= 0 for every example, dead.
# Each learns XOR for at least 9 of seeds 0..9 (test_demo.py).
XOR_ETA = {"sigmoid": 4.0, "tanh": 1.0, "relu": 0.5}


def main(argv=None):
    if hasattr(sys.stdout, "reconfigure"):
        # The trace spells δ, σ, ⊙ and ᵀ in ASCII where the terminal cannot show
        # them; anything else it cannot show becomes '?', not a UnicodeEncodeError.
        sys.stdout.reconfigure(errors="replace")
    args = parse_args(argv)
    if args.trace:
        return handout.run(args)
    return learn(args)


def learn(args):
    """Train on --data and show what the network learned; return the exit status."""
    try:
        data = prepare(args)
    except ValueError as err:  # a bad CSV file, or data that does not fit the options
        return usage_error(str(err))
    examples, classes, train, test, scaling = data
    output = "softmax" if len(classes) > 2 else "sigmoid"
    net = backprop.Network([len(train[0][0])] + args.hidden + [len(train[0][1])], seed=args.seed,
                           cost=args.cost, activation=args.activation, output=output)
    batch_size = min(args.batch_size, len(train))
    show_settings(args, net, batch_size)
    if args.data != "xor":
        show_data(args, examples, classes, train, test, scaling)
    if batch_size < args.batch_size:
        print(f"note: batch_size {args.batch_size} is more than the {len(train)} training "
              f"examples, so each step takes all {len(train)}")
    def picture():
        return draw_map(net, examples, classes, scaling, args.data == "xor")

    start = time.perf_counter()
    try:
        if args.watch and sys.stdout.isatty():
            costs = train_watching(net, train, args, batch_size, picture)
        else:
            costs = backprop.train(net, train, args.epochs, args.eta, batch_size, seed=args.seed)
    except ArithmeticError as err:  # train's own message says at which epoch and what to try
        return fail(str(err))
    except KeyboardInterrupt:
        print("\n".join(picture()))
        print(f"demo.py: stopped by Ctrl-C after {time.perf_counter() - start:.1f} s of "
              f"training; the map shows the network as it was then", file=sys.stderr)
        return 130
    seconds = time.perf_counter() - start
    show_costs(costs)
    wrong = show_truth_table(net) if args.data == "xor" else None
    accuracy = None if args.data == "xor" else show_accuracy(net, train, test, args)
    print("\n".join(picture()))
    print(f"trained in {seconds:.3f} s")
    why = shortfall(net, costs, train, args, wrong, accuracy)
    return fail(why) if why else 0


def shortfall(net, costs, train, args, wrong, accuracy):
    """None for a run that reached its threshold, else the line that says why it did not."""
    if args.data == "xor":
        if not wrong:
            return None
        return (f"the network did not learn XOR: {wrong} of 4 cases are not on the right side "
                f"of 0.5; {diagnose(net, costs, train, args)}")
    if accuracy["test"] >= args.threshold:
        return None
    if accuracy["train"] >= args.threshold:
        why = overfitted(accuracy)
    elif args.noise is not None and args.noise > datasets.NOISE[args.data]:
        why = (f"--noise {args.noise}, above the {datasets.NOISE[args.data]} of {args.data}, "
               f"makes the classes overlap, and the training part reached only "
               f"{accuracy['train']:.1%}: try less --noise")
    else:
        why = diagnose(net, costs, train, args)
    return (f"test accuracy {accuracy['test']:.1%} is below the {args.threshold:.0%} that "
            f"{args.data} needs: {why}")


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="demo.py", formatter_class=HelpFormatter, epilog=defaults_table(),
        description="Train a small network with backprop.py on XOR or another data set,\n"
                    "and show what it learned.")
    # The options that default to argparse.SUPPRESS are left out of args when
    # not given; fill_defaults then takes them from the data set.
    parser.add_argument("--data", type=data_name, default="xor",
                        help=f"{'|'.join(datasets.NAMES)}, or PATH.csv: your own file, numeric "
                             f"feature columns and the label last, a header row optional")
    parser.add_argument("--noise", type=noise_level, default=argparse.SUPPRESS,
                        help="standard deviation of the jitter added to each coordinate of a "
                             "generated set (default: the table below)")
    parser.add_argument("--test-fraction", type=test_fraction, default=argparse.SUPPRESS,
                        help="the part of the examples kept apart to test with; xor trains on "
                             "all four (default: the table below)")
    parser.add_argument("--hidden", type=hidden_sizes, default=argparse.SUPPRESS,
                        help="hidden layer sizes: 4, or 8,8 for two hidden layers "
                             "(default: the table below)")
    parser.add_argument("--activation", choices=list(backprop.ACTIVATIONS),
                        default=argparse.SUPPRESS,
                        help="activation of the hidden layers; the output layer is sigmoid for "
                             "two classes, softmax for more (default: the table below)")
    parser.add_argument("--eta", type=learning_rate, default=argparse.SUPPRESS,
                        help="learning rate eta (with --trace: the eta of the one update shown) "
                             "(default: the table below)")
    parser.add_argument("--epochs", type=positive_int, default=argparse.SUPPRESS,
                        help="passes over the training examples (default: the table below)")
    parser.add_argument("--batch-size", type=positive_int, default=argparse.SUPPRESS,
                        help="examples per gradient step, at most all the training examples "
                             "(default: the table below)")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed for the data, the split, the first weights and the shuffling")
    parser.add_argument("--cost", choices=backprop.COSTS, default="cross_entropy",
                        help="cost function C (with several classes: cross_entropy only)")
    parser.add_argument("--watch", action="store_true",
                        help="on a terminal, redraw the map and the cost every few epochs as "
                             "the network learns (each redraw restarts the shuffling, so the "
                             "numbers differ a little from a run without it); elsewhere it "
                             "changes nothing")
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
    fill_defaults(parser, args)
    return args


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """-h shows each option's default, and the table of data sets as laid out."""


def defaults_table():
    """The end of -h: the settings each data set gives the options left out."""
    rows = [("data", "hidden", "activation", "eta", "epochs", "batch", "test", "noise", "reach")]
    for name in datasets.NAMES + ("PATH.csv",):
        d = datasets.DEFAULTS["csv" if name == "PATH.csv" else name]
        noise = "-" if name in ("xor", "PATH.csv") else f"{datasets.NOISE[name]:g}"
        rows.append((name, ",".join(map(str, d["hidden"])), d["activation"], str(d["eta"]),
                     str(d["epochs"]), str(d["batch_size"]),
                     "-" if name == "xor" else f"{d['test_fraction']:g}", noise,
                     f"{d['threshold']:.0%}"))
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    table = ["  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip()
             for row in rows]
    return "\n".join(
        ["each data set's defaults, for the options not given:"] + table +
        ["batch is --batch-size, test is --test-fraction, and reach is the test accuracy",
         "that gives exit status 0 (else 1, with the reason).  xor keeps no test part: it",
         "trains on its four points and must get all four right; its eta is "
         f"{XOR_ETA['tanh']} with",
         f"--activation tanh and {XOR_ETA['relu']} with relu.  The features of a CSV file are "
         "scaled",
         "to mean 0 and sd 1 over its training part before training."])


def fill_defaults(parser, args):
    """Give each option left out the data set's default; refuse one that would do nothing."""
    args.given = {name for name in DATA_OPTIONS if name in vars(args)}  # typed, not defaults
    csv = args.data not in datasets.NAMES
    if "activation" not in args.given:  # first, as XOR's eta depends on it
        args.activation = datasets.DEFAULTS["csv" if csv else args.data]["activation"]
    defaults = data_defaults(args)
    defaults["noise"] = None if csv else datasets.NOISE[args.data]
    for name, value in defaults.items():
        if name not in vars(args):
            setattr(args, name, value)
    if "noise" in args.given and csv:
        parser.error(f"--noise does nothing to {args.data}, which is read as it is; it "
                     f"jitters the generated data sets")
    if "noise" in args.given and args.data == "xor":
        parser.error("--noise does nothing to xor, which is exactly its four points; "
                     "try --data moons --noise 0.2")
    if "test_fraction" in args.given and args.data == "xor":
        parser.error("--test-fraction does nothing with xor, which trains on its four points "
                     "and tests them all; try --data circle --test-fraction 0.5")


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


def number(text):
    """float(text), or nan when text is not a number: nan fails every range check below."""
    try:
        return float(text)
    except ValueError:
        return math.nan


def learning_rate(text):
    eta = number(text)
    if not (math.isfinite(eta) and eta > 0):
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, such as 0.5, "
                                         f"got {text!r}")
    return eta


def data_name(text):
    if text in datasets.NAMES or text.lower().endswith(".csv"):
        return text
    raise argparse.ArgumentTypeError(f"must be one of {', '.join(datasets.NAMES)} or a file "
                                     f"name ending in .csv, got {text!r}")


def noise_level(text):
    noise = number(text)
    if not (math.isfinite(noise) and noise >= 0):
        raise argparse.ArgumentTypeError(f"must be a number >= 0, such as 0.2, got {text!r}")
    return noise


def test_fraction(text):
    fraction = number(text)
    if not 0 < fraction < 1:
        raise argparse.ArgumentTypeError(f"must be a number between 0 and 1, such as 0.2, "
                                         f"got {text!r}")
    return fraction


def fail(reason):
    """Print reason as one line on stderr; return exit status 1."""
    print(f"demo.py: {reason}", file=sys.stderr)
    return 1


def usage_error(reason):
    """Print reason as one line on stderr; return exit status 2, as for a bad option."""
    print(f"demo.py: {reason}", file=sys.stderr)
    return 2


# The data: generated or read, split, and for a CSV file scaled.

def prepare(args):
    """(examples, classes, train, test, scaling) for --data; ValueError if it cannot be used.

    scaling is None, or the training part's (means, sds): the network then
    sees each feature x_i as (x_i - mean_i) / sd_i.
    """
    if args.data in datasets.NAMES:
        examples, classes = datasets.generate(args.data, args.noise, seed=args.seed)
    else:
        examples, classes = datasets.read_csv(args.data)  # a bad file: its name, line, fault
    if len(classes) > 2 and args.cost == "quadratic":
        raise ValueError(f"--cost quadratic: {args.data} has {len(classes)} classes, which take "
                         f"a softmax output, and softmax goes with the cross_entropy cost only")
    if args.data == "xor":
        return examples, classes, examples, [], None  # the truth table tests all four
    train, test = datasets.split(examples, args.test_fraction, seed=args.seed)
    if not test:
        raise ValueError(f"--test-fraction {args.test_fraction} of the {len(examples)} examples "
                         f"in {args.data} leaves none to test with; give a larger one, such as "
                         f"--test-fraction 0.5")
    if args.data in datasets.NAMES:
        return examples, classes, train, test, None
    train, test, means, sds = datasets.scale(train, test)
    return examples, classes, train, test, (means, sds)


def network_input(x, scaling):
    """The point x as the network sees it: scaled as the training part was, if at all."""
    if scaling is None:
        return x
    means, sds = scaling
    return [(v - mean) / (sd if sd > 0 else 1.0) for v, mean, sd in zip(x, means, sds)]


# What the run prints: settings, the fall of the cost, how right it is, a map.

def show_settings(args, net, batch_size):
    """One line with every setting: enough to repeat the run."""
    line = (f"settings: sizes={net.sizes} cost={args.cost} activation={args.activation} "
            f"eta={args.eta} epochs={args.epochs} batch_size={batch_size} seed={args.seed}")
    if args.data != "xor":
        noise = "" if args.noise is None else f" noise={args.noise}"
        line += f" data={args.data}{noise} test_fraction={args.test_fraction}"
    if net.output != "sigmoid":
        line += f" output={net.output}"
    print(line)


def show_data(args, examples, classes, train, test, scaling):
    """What the examples are, how they were split, and how a CSV file's were scaled."""
    named = "" if classes == [str(k) for k in range(len(classes))] else f" ({', '.join(classes)})"
    print(f"data: {len(examples)} examples, {len(examples[0][0])} features, {len(classes)} "
          f"classes{named}; {len(train)} to train on, {len(test)} kept apart to test with")
    if scaling:
        means, sds = scaling
        print(f"inputs: scaled for training as (x_i - mean_i) / sd_i, with the training part's "
              f"means {[round(m, 4) for m in means]} and sds {[round(s, 4) for s in sds]}")


def show_costs(costs):
    """The mean cost at about ten epochs, each with a bar as long as the cost."""
    epochs = len(costs)
    checkpoints = sorted({max(1, epochs * k // 10) for k in range(11)})
    top = max(costs[epoch - 1] for epoch in checkpoints) or 1.0
    wide = max(len("mean cost"), len(f"{top:.4f}"))  # a large cost keeps the columns aligned
    print(f"epoch  {'mean cost':>{wide}}  (40 # = {top:.4f})")
    for epoch in checkpoints:
        c = costs[epoch - 1]
        print(f"{epoch:>5}  {c:{wide}.4f}  {'#' * round(40 * c / top)}".rstrip())


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


def show_accuracy(net, train, test, args):
    """Print the accuracy on the training and the test part; return both, keyed by part."""
    accuracy = {"train": datasets.accuracy(net, train), "test": datasets.accuracy(net, test)}
    print(f"accuracy: {accuracy['train']:.1%} of the {len(train)} training examples, "
          f"{accuracy['test']:.1%} of the {len(test)} test examples ({args.data} needs "
          f"{args.threshold:.0%} on test)")
    return accuracy


def draw_map(net, examples, classes, scaling, xor):
    """The network's answer over the plane of x1 (across) and x2 (up), as lines of text.

    Two classes: the shade of a^L, as for XOR.  Several: the letter of the
    class j with the largest a^L_j, upper case where a^L_j >= SURE.  Each
    example is marked by its class's digit.
    """
    features = len(examples[0][0])
    if features != 2:
        return [f"map: left out, since the examples have {features} features and a map shows 2"]
    if len(classes) > 10:
        return [f"map: left out, since it marks each class by a digit and there are "
                f"{len(classes)} classes"]
    rows, cols = (GRID_ROWS, GRID_COLS) if xor else (MAP_ROWS, MAP_COLS)
    left, right, bottom, top = (0, 1, 0, 1) if xor else datasets.box(examples)
    marks = {}
    for (x1, x2), y in examples:
        cell = (round((x1 - left) / (right - left) * (cols - 1)),
                round((x2 - bottom) / (top - bottom) * (rows - 1)))
        marks[cell] = str(y.index(max(y)) if len(y) > 1 else y[0])
    labels = {rows - 1: f"x2={top:.3g}", 0: f"x2={bottom:.3g}"}
    wide = max(len(label) for label in labels.values())
    lines = []
    for i in range(rows - 1, -1, -1):  # the top line is x2 = top
        line = ""
        for j in range(cols):
            x = [left + (right - left) * j / (cols - 1), bottom + (top - bottom) * i / (rows - 1)]
            line += marks.get((j, i)) or shade(backprop.predict(net, network_input(x, scaling)))
        lines.append(f"{labels.get(i, ''):>{wide}} |{line}|")
    first = f"x1={left:.3g}"
    lines.append(" " * (wide + 2) + first + f"{f'x1={right:.3g}':>{cols - len(first)}}")
    return lines + legend(classes)


def shade(a):
    """One character for the network's output a (flat list) at a point of the map."""
    if len(a) == 1:
        return SHADES[min(int(a[0] * len(SHADES)), len(SHADES) - 1)]
    j = a.index(max(a))
    return LETTERS[j] if a[j] >= SURE else LETTERS[j].lower()


def legend(classes):
    """The lines that say what the map's characters mean."""
    named = classes != [str(k) for k in range(len(classes))]
    if len(classes) == 2:
        names = f" (0 is {classes[0]}, 1 is {classes[1]})" if named else ""
        return [f'legend: "{SHADES}" shades a^L from 0 to 1; 0 and 1 mark the examples by '
                f'target y{names}']
    letters = " ".join(LETTERS[:len(classes)])
    digits = " ".join(str(k) for k in range(len(classes)))
    names = (" (" + ", ".join(f"{k} is {c}" for k, c in enumerate(classes)) + ")") if named else ""
    return [f"legend: {letters} is the class j with the largest a^L_j, upper case where "
            f"a^L_j >= {SURE}, lower case below;",
            f"        {digits} mark the examples of each class{names}"]


def train_watching(net, train, args, batch_size, picture):
    """train() a few epochs at a time, redrawing the map and the cost in place in between.

    For a terminal only: the ANSI code ESC[nA moves the cursor n lines up to
    draw over the last picture, ESC[K and ESC[J clear what was there.  Each
    call of train restarts its shuffling, from a seed drawn from --seed.
    """
    seeds = random.Random(args.seed)
    every = max(1, args.epochs // 25)
    costs, height = [], 0
    try:
        while len(costs) < args.epochs:
            costs += backprop.train(net, train, min(every, args.epochs - len(costs)), args.eta,
                                    batch_size, seed=seeds.randrange(2 ** 32))
            frame = picture() + [f"epoch {len(costs)} of {args.epochs}: mean cost "
                                 f"{costs[-1]:.4f}"]
            up = f"\x1b[{height}A" if height else ""
            print(up + "\n".join(line + "\x1b[K" for line in frame), flush=True)
            height = len(frame)
    finally:  # at the end, or on Ctrl-C or an error: clear the picture for what follows
        if height:
            print(f"\x1b[{height}A\x1b[J", end="", flush=True)
    return costs


# Why a run did not learn.

def diagnose(net, costs, train, args):
    """What the costs say went wrong in a run that did not learn, and what to try."""
    usual = data_defaults(args)
    if len(costs) < 10:
        return (f"{len(costs)} epochs are too few (the cost went from {costs[0]:.4f} to "
                f"{costs[-1]:.4f}): try --epochs {usual['epochs']}, the default")
    if args.activation == "sigmoid" and net.L > 3:
        ratio = fading(net, train, args)
        if ratio < 0.1:
            return (f"the gradient vanishes on its way back, as (B) multiplies delta by "
                    f"sigma'(z) <= 1/4 in each of the {net.L - 2} hidden layers (before "
                    f"training, |dC/dw^2| was 1/{1 / ratio:.0f} of |dC/dw^{net.L}|): try "
                    f"--activation tanh or --epochs {4 * args.epochs}")
    smaller = (f"--eta {usual['eta']}, the default" if args.eta > usual["eta"]
               else f"--eta {args.eta / 4:g}")
    tail = costs[len(costs) // 2:]
    steps = list(zip(tail, tail[1:]))
    rises = sum(later - earlier for earlier, later in steps if later > earlier)
    falls = sum(earlier - later for earlier, later in steps if later < earlier)
    span = f"over epochs {len(costs) - len(tail) + 1} to {len(costs)}"
    if rises > 0.01 * tail[0] and rises > falls / 4:
        return (f"the cost rose and fell {span} (up {rises:.3g} in all, down {falls:.3g}), so "
                f"the steps are too big: try {smaller}")
    if tail[0] - tail[-1] > 0.01 * tail[0]:
        more = (f"--epochs {usual['epochs']}, the default" if args.epochs < usual["epochs"]
                else f"--epochs {4 * args.epochs}")
        return (f"the cost was still falling when the epochs ran out ({tail[0]:.4f} to "
                f"{tail[-1]:.4f} {span}): try {more}")
    flat = f"the cost stayed flat {span}, at {tail[-1]:.4f}"
    dead, units = dead_units(net, train)
    if dead == units:
        return (f"{flat}: all {units} relu units are dead, with z <= 0 for every training "
                f"example, where relu' = 0 and (B) passes them no error; big steps kill "
                f"them: try {smaller}")
    if dead:
        return (f"{flat}: {dead} of the {units} relu units {'is' if dead == 1 else 'are'} "
                f"dead, with z <= 0 for every "
                f"training example, where relu' = 0 and (B) passes them no error: try another "
                f"--seed or more --hidden units")
    if args.eta < usual["eta"]:
        return (f"{flat}: steps of eta {args.eta} are too small: try --eta {usual['eta']}, "
                f"the default")
    return f"{flat}: try --epochs {4 * args.epochs} or another --seed"


def data_defaults(args):
    """The settings --data gives an option left out (XOR's eta after the activation)."""
    defaults = dict(datasets.DEFAULTS[args.data if args.data in datasets.NAMES else "csv"])
    if args.data == "xor":
        defaults["eta"] = XOR_ETA.get(args.activation, defaults["eta"])
    return defaults


def dead_units(net, train):
    """(dead, units): hidden relu units with z <= 0 for every training example, of all."""
    units = sum(net.sizes[1:-1])
    if net.activation != "relu":
        return 0, units
    alive = set()
    for x, y in train:
        z, a = backprop.forward(net, column(x))
        alive |= {(l, j) for l in range(2, net.L) for j, (v,) in enumerate(z[l]) if v > 0}
    return units - len(alive), units


def fading(net, train, args):
    """Mean |∂C/∂w^2| over mean |∂C/∂w^L| before training: how far (B) shrank δ."""
    start = backprop.Network(net.sizes, seed=args.seed, cost=net.cost,
                             activation=net.activation, output=net.output)
    nabla_w, nabla_b = backprop.backprop_batch(start, transpose([x for x, y in train]),
                                               transpose([y for x, y in train]))
    size = {l: sum(abs(v) for row in nabla_w[l] for v in row) / sum(map(len, nabla_w[l]))
            for l in (2, net.L)}
    return size[2] / size[net.L]


def overfitted(accuracy):
    """Why a network right on its training part can miss the threshold on the test part."""
    return (f"the training part reached {accuracy['train']:.1%}, so the network learned its "
            f"points more than the shape they come from: try fewer --epochs or --hidden units")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C outside training, which learn() handles itself
        print("demo.py: stopped by Ctrl-C", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        # The reader piped the output into head, say, which closed early:
        # send the rest nowhere instead of printing a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)

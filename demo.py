"""Backpropagation learns XOR, then the playground's data sets: the first thing to run.

    python3 demo.py                  train a 2-4-1 network on XOR and show what it learned
    python3 demo.py --data spiral    learn a spiral from 80% of its points, test on the rest
    python3 demo.py --data my.csv    your own data: numeric feature columns, the label last
    python3 demo.py --watch          the map redrawn as the network learns (on a terminal)
    python3 demo.py --svg pictures   also write network.svg, map.svg and cost.svg there
    python3 demo.py --trace          one example through the five steps (handout.py's options)
    python3 demo.py -h               the options, and the defaults of each data set

Layers are numbered as in article 001: layer 1 is the input, layer L the output.
"""
import argparse
import math
import os
import random
import shutil
import sys
import time

import backprop
import datasets
import handout
import pictures
from matrix import transpose

SHADES = " .:-=+*#%@"   # a^L from 0 (blank) to 1 (@), one character per 0.1
LETTERS = "ABCDEFGHIJ"  # several classes: the class j with the largest a^L_j, A for class 0
SURE = 0.8              # the largest a^L_j from which its letter is upper case
OPTIONS = ("hidden", "activation", "eta", "epochs", "batch_size", "test_fraction", "noise")

def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if "--trace" in argv:  # one example and no training: the handout's document
        return handout.main([arg for arg in argv if arg != "--trace"], prog="demo.py --trace")
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")  # a character the terminal lacks becomes '?'
    return learn(parse_args(argv))

def parse_args(argv):
    """The options; each one left out takes the data set's default (datasets.DEFAULTS)."""
    parser = argparse.ArgumentParser(
        prog="demo.py", formatter_class=argparse.RawDescriptionHelpFormatter, epilog=table(),
        description="Train a small network with backprop.py on XOR or another data set, and show "
                    "what it learned.")
    add = parser.add_argument
    add("--data", default="xor", type=data_name, help=f"{'|'.join(datasets.NAMES)}, or PATH.csv: "
        f"numeric feature columns and the label last (default: xor)")
    add("--noise", type=number(">= 0, such as 0.2", lambda v: v >= 0),
        help="the sd of the jitter of a generated set's points")
    add("--test-fraction", type=number("between 0 and 1", lambda v: 0 < v < 1),
        help="the part of the examples kept apart to test with")
    add("--hidden", type=handout.sizes, help="hidden layer sizes: 4, or 8,8 for two hidden layers")
    add("--activation", choices=list(backprop.ACTIVATIONS), help="of the hidden layers; the output "
        "layer is a sigmoid for two classes, a softmax for more")
    add("--eta", type=number("> 0, such as 0.5", lambda v: v > 0), help="the learning rate")
    add("--epochs", type=handout.whole, help="passes over the training examples")
    add("--batch-size", type=handout.whole, help="examples in each step of gradient descent")
    add("--seed", type=int, default=0, help="of the data, the split, the weights and the "
                                             "shuffling (default: 0)")
    add("--cost", choices=backprop.COSTS, default="cross_entropy", help="(default: cross_entropy)")
    add("--watch", action="store_true", help="on a terminal, redraw the map as the network learns")
    add("--svg", metavar="DIR", help="write DIR/network.svg, DIR/map.svg and DIR/cost.svg")
    add("--trace", action="store_true", help="no training: one example through the five steps, "
        "with handout.py's options (python3 handout.py -h)")
    args, extra = parser.parse_known_args(argv)
    for arg in extra:
        option = arg.split("=")[0]
        parser.error(f"{option} works only with --trace, as in python3 demo.py --trace {arg} ..."
                     if option in handout.OPTIONS else f"unrecognized arguments: {' '.join(extra)}")
    csv = args.data not in datasets.NAMES
    for name in ("noise", "test_fraction"):
        if getattr(args, name) is not None and (args.data == "xor" or csv and name == "noise"):
            flag = "--" + name.replace("_", "-")
            parser.error(f"{flag} does nothing with {args.data}, which " + (
                "is read as it is" if csv else "is its four points, all for training") +
                f"; try --data moons {flag} 0.2")
    row = datasets.DEFAULTS["csv" if csv else args.data]
    args.activation = args.activation or row["activation"]
    for name in OPTIONS:  # the one table of defaults
        if getattr(args, name) is None:
            setattr(args, name, row["eta"][args.activation] if name == "eta" else
                    datasets.NOISE.get(args.data) if name == "noise" else row[name])
    args.threshold = row["threshold"]
    return args

def table():
    """The end of -h: the settings each data set gives the options left out."""
    rows = [("data", "hidden", "activation", "eta: sigmoid/tanh/relu", "epochs", "batch", "test",
             "noise", "reach")]
    for name in datasets.NAMES + ("PATH.csv",):
        d = datasets.DEFAULTS["csv" if name == "PATH.csv" else name]
        rows.append((name, ",".join(map(str, d["hidden"])), d["activation"],
                     "/".join(f"{d['eta'][a]:g}" for a in ("sigmoid", "tanh", "relu")),
                     str(d["epochs"]), str(d["batch_size"]), f"{d['test_fraction']:g}",
                     f"{datasets.NOISE.get(name, 0):g}", f"{d['threshold']:.0%}"))
    widths = [max(map(len, column)) for column in zip(*rows)]
    return "\n".join(["each data set's defaults, for the options not given:"] + [
        "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows] + [
        "batch is --batch-size, test is --test-fraction, and reach is the test accuracy that",
        "gives exit status 0 (xor: all four right).  A CSV file's features are scaled to mean",
        "0 and sd 1 over its training part."])

def number(words, test):
    """An argparse type: a finite number that passes test, else 'must be a number {words}'."""
    def read(text):
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and test(value)):
            raise argparse.ArgumentTypeError(f"must be a number {words}, got {text!r}")
        return value
    return read

def data_name(text):
    if text in datasets.NAMES or text.lower().endswith(".csv"):
        return text
    raise argparse.ArgumentTypeError(f"must be one of {', '.join(datasets.NAMES)} or a file name "
                                     f"ending in .csv, got {text!r}")

def learn(args):
    """Train on --data and show what the network learned; return the exit status."""
    try:
        examples, classes, train, test, scaling = prepare(args)
    except ValueError as err:  # a bad CSV file, or data that does not fit the options
        return say(err, 2)
    if args.svg:  # the folder before training, so that a long run cannot end where it cannot write
        try:
            os.makedirs(args.svg, exist_ok=True)
        except OSError as err:
            return say(f"--svg {args.svg}: cannot make that folder: {err.strerror}", 2)
    net = backprop.Network([len(train[0][0])] + args.hidden + [len(train[0][1])], seed=args.seed,
                           cost=args.cost, activation=args.activation,
                           output="softmax" if len(classes) > 2 else "sigmoid")
    batch_size = min(args.batch_size, len(train))
    print(f"settings: sizes={net.sizes} cost={args.cost} activation={args.activation} "
          f"eta={args.eta} epochs={args.epochs} batch_size={batch_size} seed={args.seed}" + (
              "" if args.data == "xor" else f" data={args.data}" + f" noise={args.noise}" *
              (args.noise is not None) + f" test_fraction={args.test_fraction}") +
          f" output={net.output}" * (net.output != "sigmoid"))
    if args.data != "xor":
        named = f" ({', '.join(classes)})" * (classes != [str(k) for k in range(len(classes))])
        print(f"data: {len(examples)} examples, {len(examples[0][0])} features, {len(classes)} "
              f"classes{named}; {len(train)} to train on, {len(test)} kept apart to test with")
    if scaling:
        print(f"inputs: scaled for training as (x_i - mean_i) / sd_i, with the training part's "
              f"means {[round(m, 4) for m in scaling[0]]} and sds {[round(s, 4) for s in scaling[1]]}")
    if batch_size < args.batch_size:
        print(f"note: batch_size {args.batch_size} is more than the {len(train)} training "
              f"examples, so each step takes all {len(train)}")
    picture = lambda: draw_map(net, examples, classes, scaling, args.data == "xor")  # noqa: E731
    sys.stdout.flush()  # the settings before a long run, even into a pipe
    start = time.perf_counter()
    try:
        if args.watch and sys.stdout.isatty():
            costs = train_watching(net, train, args, batch_size, picture)
        else:
            costs = backprop.train(net, train, args.epochs, args.eta, batch_size, seed=args.seed)
    except ArithmeticError as err:  # train's own message says at which epoch and what to try
        return say(err, 1)
    except KeyboardInterrupt:
        print("\n".join(picture()))
        return say(f"stopped by Ctrl-C after {time.perf_counter() - start:.1f} s of training; "
                   f"the map shows the network as it was then", 130)
    seconds = time.perf_counter() - start
    show_costs(costs)
    if args.data == "xor":
        print("x1 x2 | y | a^L    | right?")
        answers = [backprop.predict(net, x)[0] for x, y in datasets.XOR]
        for (x, (y,)), out in zip(datasets.XOR, answers):
            print(f" {x[0]}  {x[1]} | {y} | {out:.4f} | {'yes' if (out > 0.5) == y else 'NO'}")
        wrong = sum((out > 0.5) != y for (x, (y,)), out in zip(datasets.XOR, answers))
    else:
        right = {"train": datasets.accuracy(net, train), "test": datasets.accuracy(net, test)}
        print(f"accuracy: {right['train']:.1%} of the {len(train)} training examples, "
              f"{right['test']:.1%} of the {len(test)} test examples ({args.data} needs "
              f"{args.threshold:.0%} on test)")
    print("\n".join(picture()))
    print(f"trained in {seconds:.3f} s")
    if args.svg:
        write_pictures(args.svg, net, examples, classes, test, scaling, costs)
    if args.data == "xor" and wrong:
        return say(f"the network did not learn XOR: {wrong} of 4 cases are not on the right "
                   f"side of 0.5; {diagnose(net, costs, train, args)}", 1)
    if args.data != "xor" and right["test"] < args.threshold:
        why = (f"the training part reached {right['train']:.1%}, so the network learned its "
               f"points more than the shape they come from: try fewer --epochs or --hidden units"
               if right["train"] >= args.threshold else diagnose(net, costs, train, args))
        return say(f"test accuracy {right['test']:.1%} is below the {args.threshold:.0%} "
                   f"that {args.data} needs: {why}", 1)
    return 0

def say(reason, status):
    """Print reason as one line on stderr; return the exit status."""
    print(f"demo.py: {reason}", file=sys.stderr)
    return status

def prepare(args):
    """(examples, classes, train, test, scaling) for --data, or ValueError saying why not.

    scaling is None, or the training part's (means, sds) when the network
    sees each feature x_i as (x_i - mean_i) / sd_i, as for a CSV file.
    """
    if args.data in datasets.NAMES:
        examples, classes = datasets.generate(args.data, args.noise, seed=args.seed)
    else:
        examples, classes = datasets.read_csv(args.data)
    if len(classes) > 2 and args.cost == "quadratic":
        raise ValueError(f"--cost quadratic: {args.data} has {len(classes)} classes, which take a "
                         f"softmax output, and softmax goes with the cross_entropy cost only")
    if args.data == "xor":
        return examples, classes, examples, [], None  # the truth table tests all four
    train, test = datasets.split(examples, args.test_fraction, seed=args.seed)
    if not test:
        raise ValueError(f"--test-fraction {args.test_fraction} of the {len(examples)} examples "
                         f"in {args.data} leaves none to test with; give a larger one, such as 0.5")
    if args.data in datasets.NAMES:
        return examples, classes, train, test, None
    train, test, means, sds = datasets.scale(train, test)
    return examples, classes, train, test, (means, sds)

def show_costs(costs):
    """The mean cost at about ten epochs, each with a bar as long as the cost."""
    epochs = sorted({max(1, len(costs) * k // 10) for k in range(11)})
    top = max(costs[epoch - 1] for epoch in epochs) or 1.0
    wide = max(len("mean cost"), len(f"{top:.4f}"))  # a large cost keeps the columns aligned
    print(f"epoch  {'mean cost':>{wide}}  (40 # = {top:.4f})")
    for c, epoch in ((costs[epoch - 1], epoch) for epoch in epochs):
        print(f"{epoch:>5}  {c:{wide}.4f}  {'#' * round(40 * c / top)}".rstrip())

def outputs(net, box, scaling, rows, cols):
    """The network's outputs at the centres of rows x cols cells of box, top row first."""
    left, right, bottom, top = box
    return [[backprop.predict(net, seen([left + (right - left) * (j + 0.5) / cols,
                                         top - (top - bottom) * (i + 0.5) / rows], scaling))
             for j in range(cols)] for i in range(rows)]

def seen(x, scaling):
    """The point x as the network sees it: scaled as the training part was, if at all."""
    return x if scaling is None else [(v - m) / (sd or 1.0) for v, m, sd in zip(x, *scaling)]

def draw_map(net, examples, classes, scaling, xor):
    """The network's answer over the plane of x1 (across) and x2 (up), as lines of text.

    Two classes: the shade of a^L.  Several: the letter of the class j with the
    largest a^L_j, upper case where a^L_j >= SURE.  Digits mark the examples.
    """
    if len(examples[0][0]) != 2 or len(classes) > len(LETTERS):
        return [f"map: left out, since it shows 2 features and at most {len(LETTERS)} classes"]
    rows, cols = (13, 25) if xor else (21, 41)  # a terminal's cells are twice as tall as wide
    box = (0, 1, 0, 1) if xor else datasets.box(examples)
    def cell(v, low, high, n):  # which of n equal cells of [low, high] holds v
        return min(int((v - low) / (high - low) * n), n - 1)
    marks = {(rows - 1 - cell(x2, box[2], box[3], rows), cell(x1, box[0], box[1], cols)):
             str(datasets.label(y)) for (x1, x2), y in examples}
    labels = {0: f"x2={box[3]:.3g}", rows - 1: f"x2={box[2]:.3g}"}
    wide, lines = max(map(len, labels.values())), []
    for i, row in enumerate(outputs(net, box, scaling, rows, cols)):
        lines.append(f"{labels.get(i, ''):>{wide}} |" +
                     "".join(marks.get((i, j)) or shade(a) for j, a in enumerate(row)) + "|")
    first = f"x1={box[0]:.3g}"
    lines.append(" " * (wide + 2) + first + f"{f'x1={box[1]:.3g}':>{cols - len(first)}}")
    named = ", ".join(f"{k} is {c}" for k, c in enumerate(classes))
    named = f" ({named})" * (classes != [str(k) for k in range(len(classes))])
    if len(classes) == 2:
        return lines + [f'legend: "{SHADES}" shades a^L from 0 to 1; 0 and 1 mark the examples '
                        f'by target y{named}']
    return lines + [f"legend: {' '.join(LETTERS[:len(classes)])} is the class j with the largest "
                    f"a^L_j, upper case where a^L_j >= {SURE}, lower case below;",
                    f"        {' '.join(map(str, range(len(classes))))} mark the examples of each "
                    f"class{named}"]

def shade(a):
    """One character for the network's output a (a flat list) at a point of the map."""
    if len(a) == 1:
        return SHADES[min(int(a[0] * len(SHADES)), len(SHADES) - 1)]
    j = datasets.label(a)
    return LETTERS[j] if a[j] >= SURE else LETTERS[j].lower()

def train_watching(net, train, args, batch_size, picture):
    """train() a few epochs at a time, drawing the map and the cost in place in between.

    The first frame comes before any step, then one about every 0.1 s.  ESC[nA
    moves the cursor n lines up to draw over the last frame; each line is cut
    to the terminal's width, so that none wraps and the count of lines holds.
    """
    seeds, costs, height, chunk = random.Random(args.seed), [], 0, 1
    try:
        while True:
            width = shutil.get_terminal_size().columns - 1
            status = f"epoch {len(costs)} of {args.epochs}" + (f": mean cost {costs[-1]:.4f}" if costs else "")
            frame = [line[:width] + "\x1b[K" for line in picture() + [status]]
            print(f"\x1b[{height}A" * bool(height) + "\n".join(frame), flush=True)
            height = len(frame)
            if len(costs) == args.epochs:
                return costs
            start = time.perf_counter()
            costs += backprop.train(net, train, min(chunk, args.epochs - len(costs)), args.eta,
                                    batch_size, seed=seeds.randrange(2 ** 32))
            chunk = chunk * 2 if time.perf_counter() - start < 0.05 else max(1, chunk // 2)
    finally:  # at the end, on Ctrl-C or on an error: clear the frame for what follows
        print(f"\x1b[{height}A\x1b[J" * bool(height), end="", flush=True)

def write_pictures(folder, net, examples, classes, test, scaling, costs):
    """DIR/network.svg (the trained weights), map.svg and cost.svg, drawn by pictures.py."""
    files = {"network.svg": pictures.network_svg(net), "cost.svg": pictures.cost_svg(costs)}
    if len(examples[0][0]) == 2:
        box, tested = datasets.box(examples), {tuple(x) for x, y in test}
        points = [(x[0], x[1], datasets.label(y), tuple(seen(x, scaling)) in tested,
                   datasets.label(backprop.predict(net, seen(x, scaling))) != datasets.label(y))
                  for x, y in examples]
        files["map.svg"] = pictures.map_svg(outputs(net, box, scaling, 60, 60), box, points, classes)
    for name, text in files.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(text)
    print(f"pictures: {', '.join(os.path.join(folder, name) for name in files)}")

def diagnose(net, costs, train, args):
    """What the run shows went wrong, and only what that supports trying."""
    usual = datasets.DEFAULTS.get(args.data, datasets.DEFAULTS["csv"])
    if min(net.sizes[1:-1], default=2) < 2:
        return (f"a hidden layer of 1 unit passes on one number, so the output can only change "
                f"along one direction of the inputs, which {args.data} does not fit: try "
                f"--hidden {','.join(map(str, usual['hidden']))}")
    if len(costs) < 10:
        return (f"{len(costs)} epochs are too few to see where the cost goes ({costs[0]:.4f} to "
                f"{costs[-1]:.4f}): try --epochs {usual['epochs']}, the default")
    dead, units = dead_units(net, train)
    tail = costs[len(costs) // 2:]
    span = f"over epochs {len(costs) - len(tail) + 1} to {len(costs)}"
    rises = sum(max(later - earlier, 0) for earlier, later in zip(tail, tail[1:]))
    fall = tail[0] - tail[-1]
    if units and dead == units:
        return (f"all {units} relu units are dead, with z <= 0 for every training example, where "
                f"relu' = 0 and (B) passes them no error; big steps kill them: try a smaller "
                f"--eta than {args.eta:g}, or another --seed")
    if rises > 0.01 * tail[0] and rises > fall:
        return (f"the cost rose and fell {span} (up {rises:.3g} in all, down {fall:.3g} from "
                f"first to last), so the steps are too big: try a smaller --eta than {args.eta:g}")
    if fall > 0.01 * tail[0]:
        return (f"the cost was still falling when the epochs ran out ({tail[0]:.4f} to "
                f"{tail[-1]:.4f} {span}): try more --epochs, such as {4 * args.epochs}")
    flat = f"the cost stayed flat {span}, at {tail[-1]:.4f}"
    if dead:
        return (f"{flat}, and {dead} of the {units} relu units {'is' if dead == 1 else 'are'} "
                f"dead (z <= 0 for every training example, so (B) passes them no error): try "
                f"another --seed or more --hidden units")
    if args.activation == "sigmoid" and net.L > 3 and fading(net, train, args.seed) < 0.1:
        return (f"{flat}: the gradient vanishes on its way back, as (B) multiplies delta by "
                f"sigma'(z) <= 1/4 in each of the {net.L - 2} hidden layers: try --activation tanh")
    if args.eta < usual["eta"][args.activation]:
        return (f"{flat}: steps of eta {args.eta:g} move the weights too little: try a larger "
                f"--eta, such as {usual['eta'][args.activation]:g}, the default")
    return (f"{flat}, where the gradient is too small to move the weights far in {args.epochs} "
            f"epochs: try more --epochs, such as {4 * args.epochs}, or another --seed")

def dead_units(net, train):
    """(dead, units): the hidden relu units with z <= 0 for every training example, of all."""
    units = sum(net.sizes[1:-1]) if net.activation == "relu" else 0
    alive = set()
    for x, y in train if units else []:
        z = backprop.forward(net, [[v] for v in x])[0]
        alive |= {(l, j) for l in range(2, net.L) for j, (v,) in enumerate(z[l]) if v > 0}
    return units - len(alive), units

def fading(net, train, seed):
    """Mean |∂C/∂w^2| over mean |∂C/∂w^L| before training: how far (B) shrank δ."""
    start = backprop.Network(net.sizes, seed=seed, cost=net.cost, activation=net.activation,
                             output=net.output)
    nabla_w = backprop.backprop_batch(start, transpose([x for x, y in train]),
                                      transpose([y for x, y in train]))[0]
    size = {l: sum(abs(v) for row in nabla_w[l] for v in row) / sum(map(len, nabla_w[l]))
            for l in (2, net.L)}
    return size[2] / max(size[net.L], 1e-300)

if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C outside training, which learn() handles itself
        sys.exit(say("stopped by Ctrl-C", 130))
    except BrokenPipeError:  # piped into head, which closed early: the rest goes nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)

"""Backpropagation, line for line with equations (A), (B), (C) and (D).

Layers are numbered as in article 001: layer 1 is the input, layer L the
output.  Whatever is indexed by a layer is a dict keyed by l, so w[2] is
w^2 and w[1] does not exist.

    n_l       net.sizes[l - 1]   neurons in layer l
    w^l, b^l  w[l], b[l]         weights into layer l (n_l x n_(l-1), w[l][j][k] = w^l_jk), biases (n_l x 1)
    z^l, a^l  z[l], a[l]         weighted input w^l a^(l-1) + b^l, activation σ(z^l), a^1 = x
    δ^l       delta[l]           the error ∂C/∂z^l of layer l (n_l x 1)
    ∂C/∂w^l   nabla_w[l]         shaped like w^l; ∂C/∂b^l is nabla_b[l]
    ⊙, ᵀ      hadamard, transpose, from matrix.py

backprop() takes the five steps of the algorithm:

    1. a^1 = x
    2. for l = 2, 3, ..., L:    z^l = w^l a^(l-1) + b^l  and  a^l = σ(z^l)
    3. (A)                      δ^L = ∇_a C ⊙ σ'(z^L)
    4. for l = L-1, ..., 2:     (B)  δ^l = ((w^(l+1))ᵀ δ^(l+1)) ⊙ σ'(z^l)
    5. for l = 2, 3, ..., L:    (C)  ∂C/∂w^l = δ^l (a^(l-1))ᵀ  and  (D)  ∂C/∂b^l = δ^l

Nielsen's book calls (A) to (D) BP1, BP2, BP4 and BP3.  backprop_batch() is
the same loop for m examples at once, in Andrew Ng's notation.  Each public
function checks its arguments in its first line; the checks are at the end.
"""
import copy
import json
import math
import random
from itertools import chain
from numbers import Integral, Real

from matrix import add, apply, hadamard, matmul, row_sums, scale, subtract, transpose
from matrix import _show  # the short repr of a value in a message, with a hint for numpy

COSTS = ("cross_entropy", "quadratic")
OUTPUTS = ("sigmoid", "softmax")

class Network:
    """The state of a network: sizes, weights w[l], biases b[l], and σ, σ' of each layer.

    w^l_jk starts as a draw from N(0, 1/n_(l-1)), or N(0, 2/n_(l-1)) for relu,
    so that z^l starts on the steep part of σ however wide layer l - 1 is;
    biases start at 0, or at 0.1 in relu layers so that no unit starts dead.
    """

    def __init__(self, sizes, seed=None, cost="cross_entropy", activation="sigmoid",
                 output="sigmoid"):
        _check_settings(sizes, cost, activation, output)
        self.sizes, self.L = list(sizes), len(sizes)
        self.cost, self.activation, self.output = cost, activation, output
        rng = random.Random(seed)  # its own generator: the caller's random numbers are left alone
        gain, bias = (2.0, 0.1) if activation == "relu" else (1.0, 0.0)
        self.w, self.b, self.sigma, self.sigma_prime = {}, {}, {}, {}
        for l in range(2, self.L + 1):
            n, n_prev = sizes[l - 1], sizes[l - 2]
            self.w[l] = [[rng.gauss(0.0, math.sqrt(gain / n_prev)) for _ in range(n_prev)]
                         for _ in range(n)]
            self.b[l] = [[bias if l < self.L else 0.0] for _ in range(n)]
            self.sigma[l], self.sigma_prime[l] = ACTIVATIONS[activation]
        if output == "softmax":  # no σ' entry by entry: each a^L_j depends on all of z^L
            self.sigma[self.L], self.sigma_prime[self.L] = None, None
        else:
            self.sigma[self.L], self.sigma_prime[self.L] = sigmoid, sigmoid_prime

    def __repr__(self):
        return (f"Network({self.sizes}, cost={self.cost!r}, activation={self.activation!r}, "
                f"output={self.output!r})")

def backprop(net, x, y):
    """The gradient of C for one example, by the five steps and (A) to (D).

    x is an n_1 x 1 column and y an n_L x 1 column; returns (nabla_w, nabla_b).
    For cross-entropy, ∇_a C = (a^L − y) / (a^L (1 − a^L)) and σ'(z^L) =
    a^L (1 − a^L) cancel, leaving δ^L = a^L − y, exact even where a^L rounds
    to 0 or 1; a softmax output gives the same δ^L (docs/derivation.md).
    """
    _check_example("backprop", net, x, y)
    L, w, b, sigma_prime = net.L, net.w, net.b, net.sigma_prime
    z, a, delta, nabla_w, nabla_b = {}, {}, {}, {}, {}

    # 1. the activation of the input layer
    a[1] = x

    # 2. forward: l = 2, 3, ..., L
    for l in range(2, L + 1):
        z[l] = add(matmul(w[l], a[l - 1]), b[l])   # z^l = w^l a^(l-1) + b^l
        a[l] = activate(net, l, z[l])              # a^l = σ(z^l)

    # 3. the output error δ^L by (A)
    if net.cost == "quadratic":
        delta[L] = hadamard(subtract(a[L], y), apply(sigma_prime[L], z[L]))  # (A), ∇_a C = a^L − y
    elif net.cost == "cross_entropy":
        delta[L] = subtract(a[L], y)  # (A), cross-entropy: σ'(z^L) cancels, leaving a^L − y
    else:
        raise _no_equation_A("backprop", net.cost)

    # 4. backward: δ^l by (B) for l = L-1, L-2, ..., 2 (range stops before 1)
    for l in range(L - 1, 1, -1):
        delta[l] = hadamard(matmul(transpose(w[l + 1]), delta[l + 1]), apply(sigma_prime[l], z[l]))  # (B)

    # 5. the gradient by (C) and (D), l = 2, 3, ..., L
    for l in range(2, L + 1):
        nabla_w[l] = matmul(delta[l], transpose(a[l - 1]))  # (C)
        nabla_b[l] = delta[l]                               # (D)
    return nabla_w, nabla_b

def backprop_batch(net, X, Y):
    """The mean of backprop() over m examples, as one loop in Andrew Ng's notation.

    The examples are the m columns of X (n_1 x m) and Y (n_L x m), and so of
    Z, A and dZ; dW = 1/m dZ Aᵀ and db = 1/m Σ dZ average the m gradients.
    Ng numbers the input layer 0: his W^[l] is our w[l + 1], his X = A^[0].
    """
    _check_example("backprop_batch", net, X, Y, m=None)
    L, w, b, sigma_prime = net.L, net.w, net.b, net.sigma_prime
    m = len(X[0])  # the number of examples, one per column
    ones = [[1.0] * m]  # b 1ᵀ repeats the column b in each of the m columns (numpy broadcasts)
    Z, A, dZ, dW, db = {}, {}, {}, {}, {}

    A[1] = X                                                     # Ng: A^[0] = X
    for l in range(2, L + 1):
        Z[l] = add(matmul(w[l], A[l - 1]), matmul(b[l], ones))   # Ng: Z = W A + b
        A[l] = activate(net, l, Z[l])                            # Ng: A = g(Z)

    if net.cost == "quadratic":
        dZ[L] = hadamard(subtract(A[L], Y), apply(sigma_prime[L], Z[L]))  # (A)  Ng: dZ = (A − Y) ⊙ g'(Z)
    elif net.cost == "cross_entropy":
        dZ[L] = subtract(A[L], Y)                                         # (A)  Ng: dZ = A − Y
    else:
        raise _no_equation_A("backprop_batch", net.cost)

    for l in range(L - 1, 1, -1):
        dZ[l] = hadamard(matmul(transpose(w[l + 1]), dZ[l + 1]), apply(sigma_prime[l], Z[l]))  # (B)  Ng: dZ = Wᵀ dZ ⊙ g'(Z)

    for l in range(2, L + 1):
        dW[l] = matmul(scale(1 / m, dZ[l]), transpose(A[l - 1]))  # (C)  Ng: dW = 1/m dZ Aᵀ
        db[l] = scale(1 / m, row_sums(dZ[l]))                     # (D)  Ng: db = 1/m Σ dZ
    return dW, db

def activate(net, l, z):
    """a^l = σ(z^l), σ on each entry; at a softmax output, the softmax of each column."""
    return softmax(z) if net.sigma[l] is None else apply(net.sigma[l], z)

def forward(net, x):
    """Steps 1 and 2 for x (a column, or m of them): the dicts (z, a), with a[1] = x."""
    _check_example("forward", net, x, m=None)
    return _forward(net, x)

def _forward(net, x):
    ones = [[1.0] * len(x[0])]
    z, a = {}, {1: x}
    for l in range(2, net.L + 1):
        z[l] = add(matmul(net.w[l], a[l - 1]), matmul(net.b[l], ones))  # z^l = w^l a^(l-1) + b^l
        a[l] = activate(net, l, z[l])                                   # a^l = σ(z^l)
    return z, a

def feedforward(net, x):
    """a^L, the n_L x 1 output column, for the input column x."""
    _check_example("feedforward", net, x)
    return _forward(net, x)[1][net.L]

def cost(net, x, y):
    """The cost C of one example (x, y columns); for m columns, their mean.

    quadratic:      C = ½ ‖y − a^L‖²
    cross_entropy:  C = −Σ_j [y_j ln a^L_j + (1 − y_j) ln(1 − a^L_j)], or −Σ_j y_j ln a^L_j at a softmax
    Cross-entropy is taken from z^L, never as ln 0: ln σ(z) = −softplus(−z),
    ln(1 − σ(z)) = −softplus(z), and at a softmax ln a_j = z_j − ln Σ_k e^(z_k).
    """
    _check_example("cost", net, x, y, m=None)
    return _cost(net, x, y)

def _cost(net, x, y):
    z, a = _forward(net, x)
    total = 0.0
    for z_L, a_L, y_L in zip(transpose(z[net.L]), transpose(a[net.L]), transpose(y)):
        if net.cost == "quadratic":
            total += 0.5 * sum((y_j - a_j) ** 2 for a_j, y_j in zip(a_L, y_L))
        elif net.cost == "cross_entropy" and net.output == "softmax":
            top = max(z_L)
            log_sum = top + math.log(sum(math.exp(z_j - top) for z_j in z_L))
            total += sum(y_j * (log_sum - z_j) for z_j, y_j in zip(z_L, y_L))
        elif net.cost == "cross_entropy":
            total += sum(y_j * softplus(-z_j) + (1 - y_j) * softplus(z_j)
                         for z_j, y_j in zip(z_L, y_L))
        else:
            raise ValueError(f"cost: the cost {net.cost!r} has no formula: add the branch "
                             f"elif net.cost == {net.cost!r}: to cost(), with its C")
    return total / len(x[0])

def numerical_gradient(net, x, y, eps=1e-5):
    """∂C/∂w^l and ∂C/∂b^l by central differences (C(p + ε) − C(p − ε)) / 2ε: no (A) to (D)."""
    _check_example("numerical_gradient", net, x, y, eps=eps)
    net, nabla_w, nabla_b = copy.deepcopy(net), {}, {}  # a copy to move p in: net is left alone
    for params, nabla in ((net.w, nabla_w), (net.b, nabla_b)):
        for l in range(2, net.L + 1):
            nabla[l] = [[0.0] * len(row) for row in params[l]]
            for j, row in enumerate(params[l]):
                for k, p in enumerate(row):
                    row[k] = p + eps
                    c_plus = _cost(net, x, y)
                    row[k] = p - eps
                    c_minus = _cost(net, x, y)
                    row[k] = p
                    nabla[l][j][k] = (c_plus - c_minus) / (2 * eps)
    return nabla_w, nabla_b

def gradient_check(net, x, y):
    """The largest |g − n| / max(|g|, |n|, 1e-4), g from backprop, n from central differences,
    which carry about 1e-10 of rounding (hence 1e-4).  Below 1e-6, backprop is right."""
    pairs = zip(backprop(net, x, y), numerical_gradient(net, x, y))
    return max(abs(g - n) / max(abs(g), abs(n), 1e-4) for ours, theirs in pairs for l in ours
               for g_row, n_row in zip(ours[l], theirs[l]) for g, n in zip(g_row, n_row))

def train(net, data, epochs, eta, batch_size=1, seed=None):
    """Mini-batch gradient descent; returns the mean cost over data after each epoch.

    data is a list of (x, y) pairs of flat lists, such as ([0, 1], [1]).  Each epoch
    shuffles a copy of data with random.Random(seed) and takes for each batch the step
    w^l ← w^l − η ∂C/∂w^l, b^l ← b^l − η ∂C/∂b^l (backprop() for one example,
    backprop_batch() for more); then the mean cost of all data.  It changes only net.
    """
    _check_training(net, data, epochs, eta, batch_size)
    examples = list(data)  # our own list to shuffle, so data keeps its order
    X_all, Y_all = transpose([x for x, y in data]), transpose([y for x, y in data])
    rng = random.Random(seed)
    costs = []
    for epoch in range(1, epochs + 1):
        rng.shuffle(examples)
        for k in range(0, len(examples), batch_size):
            X = transpose([x for x, y in examples[k:k + batch_size]])  # one example per column
            Y = transpose([y for x, y in examples[k:k + batch_size]])
            nabla_w, nabla_b = backprop(net, X, Y) if len(X[0]) == 1 else backprop_batch(net, X, Y)
            for l in range(2, net.L + 1):
                net.w[l] = subtract(net.w[l], scale(eta, nabla_w[l]))  # w^l ← w^l − η ∂C/∂w^l
                net.b[l] = subtract(net.b[l], scale(eta, nabla_b[l]))  # b^l ← b^l − η ∂C/∂b^l
        costs.append(_cost(net, X_all, Y_all))
        _check_diverged(net, costs[-1], epoch, eta)
    return costs

def predict(net, x):
    """The n_L outputs, a flat list, for the flat list x."""
    _check_flat("predict", net, "x", x)
    return [a_j for (a_j,) in _forward(net, [[v] for v in x])[1][net.L]]

def save(net, path):
    """Write net to the file path as JSON: its settings, and w and b keyed by layer."""
    _check_network("save", net)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"sizes": net.sizes, "cost": net.cost, "activation": net.activation,
                   "output": net.output, "w": net.w, "b": net.b}, f, indent=1)

def load(path):
    """The network save() wrote to path, to the last bit; the file is data, never run."""
    try:
        with open(path, encoding="utf-8") as f:
            record = json.load(f, parse_constant=_not_finite)
        net = Network(record["sizes"], cost=record["cost"], activation=record["activation"],
                      output=record["output"])
        net.w, net.b = ({int(l): M for l, M in record[key].items()} for key in "wb")
        _check_network("load", net, finite=True)
    except OSError as err:
        raise ValueError(f"load: cannot read {path}: {err.strerror}") from None
    except (ValueError, LookupError, TypeError, AttributeError) as err:
        why = (str(err).removeprefix("Network: ").removeprefix("load: ") if type(err) is ValueError
               else "it needs the keys sizes, cost, activation, output, w, b")
        raise ValueError(f"load: {path} is not a network written by save(): {why}") from None
    return net


# σ and σ' of each activation, softplus and softmax; each is finite for any z.

def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), never forming e^(−z) for z < 0, where it could overflow."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)

def sigmoid_prime(z):
    """σ'(z) = σ(z) (1 − σ(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)

def tanh_prime(z):
    """tanh'(z) = 1 − tanh(z)²."""
    return 1.0 - math.tanh(z) ** 2

def relu(z):
    """relu(z) = max(0, z)."""
    return z if z > 0 else 0.0

def relu_prime(z):
    """relu'(z) = 1 for z > 0, else 0 (the kink at 0 takes 0)."""
    return 1.0 if z > 0 else 0.0

ACTIVATIONS = {"sigmoid": (sigmoid, sigmoid_prime), "tanh": (math.tanh, tanh_prime),
               "relu": (relu, relu_prime)}  # name: (σ, σ') for the hidden layers

def softplus(t):
    """ln(1 + e^t), which the cost takes where it would otherwise take ln 0."""
    return max(t, 0.0) + math.log1p(math.exp(-abs(t)))

def softmax(Z):
    """Each column of Z as probabilities, e^(z_j) / Σ_k e^(z_k), with the largest z_k
    taken from each z_j first: the same a, and no e^(z_j − max) above 1 to overflow."""
    columns = []
    for z in transpose(Z):
        top = max(z)
        e = [math.exp(z_j - top) for z_j in z]
        total = sum(e)
        columns.append([e_j / total for e_j in e])
    return transpose(columns)


# The checks each public function calls in its first line: ValueError naming
# the function, what it expected and what came.  The code above trusts them.

def _check_settings(sizes, cost, activation, output):
    if not isinstance(sizes, (list, tuple)) or len(sizes) < 2:
        hint = f"; list({sizes!r}) makes the list" if isinstance(sizes, range) else ""
        raise ValueError(f"Network: sizes must be a list of at least 2 layer sizes (input and "
                         f"output), such as [2, 4, 1], got {_show(sizes)}{hint}")
    for l, n in enumerate(sizes, start=1):
        if not isinstance(n, Integral) or isinstance(n, bool) or n < 1:
            raise ValueError(f"Network: each size must be a positive int, but layer {l} has "
                             f"size {n!r} in sizes {sizes!r}")
    for name, value, choices in (("cost", cost, COSTS), ("activation", activation, ACTIVATIONS),
                                 ("output", output, OUTPUTS)):
        if value not in choices:
            raise ValueError(f"Network: {name} must be one of {', '.join(map(repr, choices))}, "
                             f"got {value!r}")
    if output == "softmax" and (cost != "cross_entropy" or sizes[-1] < 2):
        raise ValueError(f"Network: this code takes a softmax output only with the cross-entropy "
                         f"cost, with which (A) is a^L - y, and at least 2 output neurons, one "
                         f"per class; got cost {cost!r} and sizes {list(sizes)}")

def _check_network(where, net, finite=False):
    """net is a Network whose w[l] is n_l x n_(l-1) and b[l] n_l x 1 (of finite numbers, if asked)."""
    if not isinstance(net, Network):
        raise ValueError(f"{where}: the first argument must be a Network, such as "
                         f"Network([2, 4, 1]), got {_show(net)}; the order is {where}(net, ...)")
    n, w, b = net.sizes, net.w, net.b
    for l in range(2, net.L + 1):
        try:  # a quick look at each layer's first row; matmul looks at the others
            if (len(w[l]) == n[l - 1] and len(w[l][0]) == n[l - 2] and len(b[l]) == n[l - 1]
                    and len(b[l][0]) == 1 and not finite):
                continue
        except (TypeError, LookupError):
            pass
        for name, params, cols in (("w", w, n[l - 2]), ("b", b, 1)):
            if type(params) is not dict or sorted(params) != list(range(2, net.L + 1)):
                raise ValueError(f"{where}: net.{name} must be a dict keyed by layer number "
                                 f"(2 to L = {net.L}), as Network makes it, got {_show(params)}")
            shape = f"n_{l} x n_{l - 1}" if name == "w" else f"n_{l} x 1"
            _check_matrix(where, f"{name}[{l}]", params[l], n[l - 1], cols, n, shape)

def _check_example(where, net, x, y=None, m=1, eps=1e-5):
    """x is n_1 x m, y (if given) n_L x m of targets; m=None takes any m; 0 < eps < 1."""
    _check_network(where, net)
    names = "XY" if where == "backprop_batch" else "xy"
    m = _check_matrix(where, names[0], x, net.sizes[0], m, net.sizes)
    if y is not None:
        _check_matrix(where, names[1], y, net.sizes[-1], m, net.sizes)
        _check_targets(where, net, y)
    if not (isinstance(eps, Real) and 0 < eps < 1):
        raise ValueError(f"{where}: eps must be a number between 0 and 1, got {eps!r}")

def _check_matrix(where, name, M, rows, cols, sizes, shape=""):
    """M is rows x cols (any cols if None) of finite numbers; returns its cols."""
    try:  # a quick look: fsum is finite if every entry is, unless the sum overflows (see below)
        if cols == 1 and type(M) is list and len(M) == rows:  # a column: (v,) refuses a longer row
            if math.isfinite(math.fsum([v for (v,) in M])):
                return 1
        elif (type(M) is list and len(M) == rows and set(map(type, M)) == {list} and M[0]
              and set(map(len, M)) == {cols or len(M[0])}):
            if math.isfinite(math.fsum(chain.from_iterable(M))):
                return len(M[0])
    except (TypeError, ValueError, OverflowError):
        pass
    want = f"{rows}x{cols or 'm'}" + f" ({shape})" * bool(shape)
    kind = "column" if cols == 1 else "matrix"
    if type(M) is list and M and all(isinstance(v, Real) for v in M):
        form = (f"column({_show(M)}) makes the column" if cols == 1 else
                f"[{_show(M)}] is the 1xm matrix, one column per example" if rows == 1 else
                f"write {rows} rows, one per neuron, each with one entry per example")
        raise ValueError(f"{where}: {name} must be a {want} {kind} for sizes {sizes}, got the "
                         f"flat list {_show(M)}; {form}")
    if type(M) is not list or not M or set(map(type, M)) != {list}:
        raise ValueError(f"{where}: {name} must be {want} for sizes {sizes}, got {_show(M)}, "
                         f"not a list of rows")
    lengths = sorted(set(map(len, M)))
    if len(M) != rows or len(lengths) > 1 or lengths[0] != (cols or lengths[0]) or not lengths[0]:
        got = f"{len(M)}x{lengths[0]}" if len(lengths) == 1 else f"rows of lengths {lengths}"
        raise ValueError(f"{where}: {name} must be {want} for sizes {sizes}, got {got}")
    for i, j in ((i, j) for i, row in enumerate(M) for j in range(len(row))):
        if not _is_finite(M[i][j]):
            raise ValueError(f"{where}: {name}[{i}][{j}] must be a finite number, "
                             f"got {_show(M[i][j])}")
    return lengths[0]  # every entry is finite, though their sum overflowed, as 1e308 + 1e308 does

def _check_targets(where, net, Y):
    """Each target lies in [0, 1]; at a softmax output, each column of Y sums to 1."""
    for v in chain.from_iterable(Y):
        if not 0 <= v <= 1:
            raise ValueError(f"{where}: each target must lie in [0, 1], the range of a^L, got {v!r}")
    for j, total in enumerate(map(math.fsum, zip(*Y)) if net.output == "softmax" else ()):
        if abs(total - 1) > 1e-9:
            raise ValueError(f"{where}: with a softmax output each target column must sum to 1 "
                             f"(one-hot, such as [0, 1, 0]), but column {j} sums to {total!r}")

def _check_flat(where, net, name, v, n=None):
    """v is a flat list of n finite numbers (n_1 when not given)."""
    _check_network(where, net)
    n = n or net.sizes[0]
    if type(v) is not list or len(v) != n or not all(map(_is_finite, v)):
        raise ValueError(f"{where}: {name} must be a flat list of {n} finite numbers, such as "
                         f"{[0] * n}, got {_show(v)}")

def _check_training(net, data, epochs, eta, batch_size):
    for name, value in (("epochs", epochs), ("batch_size", batch_size)):
        if not isinstance(value, Integral) or isinstance(value, bool) or value < 1:
            raise ValueError(f"train: {name} must be an int >= 1, got {value!r}")
    if not (_is_finite(eta) and eta > 0):
        raise ValueError(f"train: eta must be a finite number > 0, such as 0.5, got {eta!r}")
    if not isinstance(data, (list, tuple)) or not data:
        raise ValueError(f"train: data must be a non-empty list of (x, y) pairs, got {_show(data)}")
    _check_diverged(net, 0.0, 0, eta)  # before any step: the weights it starts from
    for k, pair in enumerate(data):
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2 and type(pair[1]) is list):
            raise ValueError(f"train: data[{k}] must be an (x, y) pair of flat lists, such as "
                             f"{([0] * net.sizes[0], [0] * net.sizes[-1])}, got {_show(pair)}")
        _check_flat("train", net, f"data[{k}]'s x", pair[0])
        _check_flat("train", net, f"data[{k}]'s y", pair[1], net.sizes[-1])
        _check_targets(f"train: data[{k}]'s y", net, [[v] for v in pair[1]])

def _check_diverged(net, mean_cost, epoch, eta):
    """Stop once a weight, a bias or the cost is inf, nan or beyond 1e154, where the
    product of two such numbers is inf and no later step could be trusted."""
    blown = [f"{name}[{l}]" for name, params in (("w", net.w), ("b", net.b)) for l in params
             if not all(abs(v) <= 1e154 for v in chain.from_iterable(params[l]))]
    if blown and epoch == 0:
        raise ValueError(f"train: the network holds inf, nan or numbers beyond 1e154 before "
                         f"any step, in {', '.join(blown)}; make a new Network")
    if blown or not math.isfinite(mean_cost):
        raise ArithmeticError(f"train: gradient descent diverged in epoch {epoch}: "
                              f"{', '.join(blown) or 'the mean cost'} went to inf, nan or beyond "
                              f"1e154. The steps were too large: try a smaller eta than {eta!r}, "
                              f"a tenth of it and then a tenth again until the cost falls")

def _no_equation_A(where, cost_name):
    return ValueError(f"{where}: the cost {cost_name!r} has no (A) line: add the branch "
                      f"elif net.cost == {cost_name!r}: to step 3 of backprop and of "
                      f"backprop_batch, with delta^L = grad_a C (.) sigma'(z^L) for that cost, "
                      f"then compare with numerical_gradient")

def _not_finite(name):
    raise ValueError(f"{name} is not a finite number")

def _is_finite(v):
    return isinstance(v, Real) and abs(v) <= 1.7976931348623157e308  # not inf, nan or a huge int

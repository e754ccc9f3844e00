"""Backpropagation, line for line with equations (A), (B), (C) and (D).

Layers are numbered as in article 001: layer 1 is the input, layer L the
output, and l always means that layer number.

    symbol      Python              meaning
    n_l         net.sizes[l - 1]    number of neurons in layer l
    w^l         w[l]                weights into layer l, n_l x n_(l-1); w[l][j][k] = w^l_jk
    b^l         b[l]                biases of layer l, n_l x 1
    z^l         z[l]                weighted input w^l a^(l-1) + b^l, n_l x 1
    a^l         a[l]                activation σ(z^l); a^1 = x
    δ^l         delta[l]            error of layer l, ∂C/∂z^l, n_l x 1
    ∂C/∂w^l     nabla_w[l]          same shape as w^l
    ∂C/∂b^l     nabla_b[l]          same shape as b^l
    ⊙, ᵀ        hadamard, transpose entry-by-entry product, transpose

Every container indexed by a layer is a dict keyed by l, so w[2] is w^2 and
w[1] does not exist.  backprop() takes the five steps of the algorithm:

    1. a^1 = x
    2. for l = 2, 3, ..., L:    z^l = w^l a^(l-1) + b^l  and  a^l = σ(z^l)
    3. (A)                      δ^L = ∇_a C ⊙ σ'(z^L)
    4. for l = L-1, ..., 2:     (B)  δ^l = ((w^(l+1))ᵀ δ^(l+1)) ⊙ σ'(z^l)
    5. for l = 2, 3, ..., L:    (C)  ∂C/∂w^l = δ^l (a^(l-1))ᵀ  and  (D)  ∂C/∂b^l = δ^l

Nielsen's English book calls (A) to (D) BP1, BP2, BP4 and BP3: its BP3 is
the bias equation.  Hidden layers use
the network's activation (sigmoid, tanh or relu); the output layer is a
sigmoid, or a softmax for several classes.  backprop_batch() is the same
loop for m examples at once in Andrew Ng's notation, whose layer l is our
layer l + 1.
"""
import copy
import json
import math
import random
import sys
from numbers import Integral, Real

from matrix import (add, apply, column, hadamard, matmul, row_sums, scale,
                    subtract, transpose)

COSTS = ("cross_entropy", "quadratic")
OUTPUTS = ("sigmoid", "softmax")


class Network:
    """The state of a network: its sizes, weights w[l] and biases b[l].

    Network([2, 4, 1]) has 2 inputs, one hidden layer of 4 and 1 output.
    Each w^l_jk starts as a draw from a normal distribution with mean 0 and
    standard deviation 1/sqrt(n_(l-1)), or sqrt(2/n_(l-1)) for relu, so that
    z^l starts on the steep part of σ whatever the width of layer l - 1.
    Biases start at 0, or at 0.1 in relu layers, so that no relu unit starts
    with σ'(z) = 0 for an input of zeros.  The same seed gives the same
    weights.

    >>> net = Network([2, 4, 1], seed=0)
    >>> net.L, len(net.w[2]), len(net.w[2][0]), len(net.b[3])
    (3, 4, 2, 1)
    """

    def __init__(self, sizes, seed=None, cost="cross_entropy", activation="sigmoid",
                 output="sigmoid"):
        _check_network_args(sizes, cost, activation, output)
        self.sizes = list(sizes)
        self.L = L = len(sizes)
        self.cost, self.activation, self.output = cost, activation, output
        rng = random.Random(seed)
        gain, bias = (2.0, 0.1) if activation == "relu" else (1.0, 0.0)
        self.w, self.b, self.sigma, self.sigma_prime = {}, {}, {}, {}
        for l in range(2, L + 1):
            n, n_prev = sizes[l - 1], sizes[l - 2]
            sd = math.sqrt(gain / n_prev)
            self.w[l] = [[rng.gauss(0.0, sd) for _ in range(n_prev)] for _ in range(n)]
            self.b[l] = [[bias if l < L else 0.0] for _ in range(n)]
            self.sigma[l], self.sigma_prime[l] = ACTIVATIONS[activation]
        if output == "softmax":  # a^L = softmax(z^L) needs all of z^L: see activate()
            self.sigma[L], self.sigma_prime[L] = None, None
        else:
            self.sigma[L], self.sigma_prime[L] = sigmoid, sigmoid_prime

    def __repr__(self):
        return (f"Network({self.sizes}, cost={self.cost!r}, activation={self.activation!r}, "
                f"output={self.output!r})")


def backprop(net, x, y):
    """The gradient of C for one example, by the five steps and (A) to (D).

    x is an n_1 x 1 column and y an n_L x 1 column.  Returns (nabla_w,
    nabla_b), dicts keyed by l = 2..L like net.w and net.b.

    For the quadratic cost ∇_a C = a^L − y and (A) is used as written.  For
    cross-entropy with a sigmoid output, ∇_a C = (a^L − y) / (a^L (1 − a^L))
    and σ'(z^L) = a^L (1 − a^L) cancel, leaving δ^L = a^L − y, exact even
    where a^L rounds to 0 or 1.  A softmax output with C = −Σ_j y_j ln a^L_j
    gives the same δ^L = a^L − y (README.md derives both).
    """
    _check_columns("backprop", net, x, y)
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
    """The mean over m examples of backprop(), computed as one matrix loop.

    The m examples are the columns of X (n_1 x m) and Y (n_L x m).  This is
    Andrew Ng's vectorized form: Z, A and dZ hold one column per example, and
    dW = 1/m dZ Aᵀ, db = 1/m Σ dZ average the m gradients.  His layer l is
    our layer l + 1: his W^[l] is our w[l + 1] and his X = A^[0] is A[1].
    """
    _check_columns("backprop_batch", net, X, Y, m=None, names="XY")
    L, w, b, sigma_prime = net.L, net.w, net.b, net.sigma_prime
    m = len(X[0])  # the number of examples, one per column
    ones = [[1.0] * m]  # b 1ᵀ repeats the column b in each of m columns (numpy broadcasts)
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
    """a^l = σ(z^l) for layer l: σ on each entry of z, or softmax at a softmax output.

    z may be one column or m columns (one per example).
    """
    if net.sigma[l] is None:
        return softmax(z)
    return apply(net.sigma[l], z)


def forward(net, x):
    """Steps 1 and 2 for the column x: the dicts (z, a), keyed by l, with a[1] = x.

    x may also hold m examples, one per column (n_1 x m); then so do z[l]
    and a[l].

    >>> net = Network([2, 1])
    >>> net.w[2], net.b[2] = [[1.0, -1.0]], [[0.5]]
    >>> forward(net, [[3], [3]])[0]
    {2: [[0.5]]}
    """
    _check_columns("forward", net, x, m=None)
    ones = [[1.0] * len(x[0])]  # b 1ᵀ repeats the column b in each of the m columns
    z, a = {}, {1: x}
    for l in range(2, net.L + 1):
        z[l] = add(matmul(net.w[l], a[l - 1]), matmul(net.b[l], ones))   # z^l = w^l a^(l-1) + b^l
        a[l] = activate(net, l, z[l])                                    # a^l = σ(z^l)
    return z, a


def feedforward(net, x):
    """a^L, the output column, for the input column x (n_1 x 1).

    >>> net = Network([2, 1])
    >>> net.w[2], net.b[2] = [[1.0, -1.0]], [[0.0]]
    >>> feedforward(net, [[3], [3]])
    [[0.5]]
    """
    _check_columns("feedforward", net, x)
    z, a = forward(net, x)
    return a[net.L]


def cost(net, x, y):
    """The cost C of one example (x, y), both columns; for m columns, their mean cost.

    quadratic:      C = ½ ‖y − a^L‖²
    cross_entropy:  C = −Σ_j [y_j ln a^L_j + (1 − y_j) ln(1 − a^L_j)]  (sigmoid output)
                    C = −Σ_j y_j ln a^L_j                              (softmax output)

    Cross-entropy is computed from z^L, never taking ln 0: for a sigmoid,
    ln σ(z) = −softplus(−z) and ln(1 − σ(z)) = −softplus(z); for a softmax,
    ln a_j = z_j − ln Σ_k e^(z_k).

    >>> net = Network([1, 1])
    >>> net.w[2], net.b[2] = [[0.0]], [[0.0]]
    >>> round(cost(net, [[5]], [[1]]), 6)   # a^L = 0.5, C = −ln 0.5
    0.693147
    """
    _check_columns("cost", net, x, y, m=None)
    z, a = forward(net, x)
    total = 0.0
    for z_L, a_L, y_L in zip(transpose(z[net.L]), transpose(a[net.L]), transpose(y)):  # each example
        if net.cost == "quadratic":
            total += 0.5 * sum((y_j - a_j) ** 2 for a_j, y_j in zip(a_L, y_L))
        elif net.cost == "cross_entropy" and net.output == "softmax":
            top = max(z_L)
            log_total = top + math.log(sum(math.exp(z_j - top) for z_j in z_L))
            total += sum(y_j * (log_total - z_j) for z_j, y_j in zip(z_L, y_L))
        elif net.cost == "cross_entropy":
            total += sum(y_j * softplus(-z_j) + (1 - y_j) * softplus(z_j)
                         for z_j, y_j in zip(z_L, y_L))
        else:
            raise ValueError(f"cost: the cost {net.cost!r} has no formula: add the branch "
                             f"elif net.cost == {net.cost!r}: to cost(), with its C")
    return total / len(x[0])


def numerical_gradient(net, x, y, eps=1e-5):
    """∂C/∂w^l and ∂C/∂b^l by central differences, (C(p + ε) − C(p − ε)) / 2ε.

    Slow, two costs per parameter, and independent of (A) to (D): the check
    that backprop() is right.  Returns (nabla_w, nabla_b) like backprop().
    """
    _check_columns("numerical_gradient", net, x, y)
    if not (isinstance(eps, Real) and 0 < eps < 1):
        raise ValueError(f"numerical_gradient: eps must be a number between 0 and 1, got {eps!r}")
    probe = copy.deepcopy(net)  # net itself is left as it was
    nabla_w, nabla_b = {}, {}
    for params, nabla in ((probe.w, nabla_w), (probe.b, nabla_b)):
        for l in range(2, net.L + 1):
            nabla[l] = [[0.0] * len(row) for row in params[l]]
            for i, row in enumerate(params[l]):
                for j, p in enumerate(row):
                    row[j] = p + eps
                    c_plus = cost(probe, x, y)
                    row[j] = p - eps
                    c_minus = cost(probe, x, y)
                    row[j] = p
                    nabla[l][i][j] = (c_plus - c_minus) / (2 * eps)
    return nabla_w, nabla_b


def train(net, data, epochs, eta, batch_size=1, seed=None):
    """Mini-batch gradient descent; returns the mean cost over data after each epoch.

    data is a list of (x, y) pairs of flat lists, such as ([0, 1], [1]).
    Each epoch shuffles a copy of data with random.Random(seed), cuts it
    into batches of batch_size examples, and for each batch takes the step

        w^l ← w^l − η ∂C/∂w^l,   b^l ← b^l − η ∂C/∂b^l

    with the gradient of backprop() for a batch of one example, or the mean
    gradient of backprop_batch() for more.  Once the epoch's steps are
    taken, the mean cost of all of data is computed with the new weights,
    in one pass with an example in each column.  Changes net; data is left
    as it was.

    >>> net = Network([2, 1], seed=0)
    >>> costs = train(net, [([0, 1], [1]), ([1, 0], [0])], epochs=50, eta=1.0)
    >>> len(costs), costs[-1] < costs[0]
    (50, True)
    """
    _check_training(net, data, epochs, eta, batch_size)
    examples = list(data)  # our own list to shuffle, so data keeps its order
    X_all = transpose([x for x, y in data])  # all of data, one example per column
    Y_all = transpose([y for x, y in data])
    rng = random.Random(seed)
    costs = []
    for epoch in range(1, epochs + 1):
        rng.shuffle(examples)
        for k in range(0, len(examples), batch_size):
            batch = examples[k:k + batch_size]
            X = transpose([x for x, y in batch])  # one example per column
            Y = transpose([y for x, y in batch])
            nabla_w, nabla_b = backprop(net, X, Y) if len(batch) == 1 else backprop_batch(net, X, Y)
            for l in range(2, net.L + 1):
                net.w[l] = subtract(net.w[l], scale(eta, nabla_w[l]))  # w^l ← w^l − η ∂C/∂w^l
                net.b[l] = subtract(net.b[l], scale(eta, nabla_b[l]))  # b^l ← b^l − η ∂C/∂b^l
        costs.append(cost(net, X_all, Y_all))
        _check_finite(net, costs[-1], epoch, eta)
    return costs


def predict(net, x):
    """The n_L outputs of the network, a flat list, for the flat list x.

    >>> net = Network([2, 1])
    >>> net.w[2], net.b[2] = [[1.0, -1.0]], [[0.0]]
    >>> predict(net, [3, 3])
    [0.5]
    """
    _check_network("predict", net)
    _check_flat("predict", "x", x, net.sizes[0])
    return [a_j for (a_j,) in feedforward(net, column(x))]


def save(net, path):
    """Write net to the file path as JSON: its settings and w, b keyed by layer number.

    load(path) gives back a network with the same outputs to the last bit:
    JSON keeps the shortest digits that read back as the same float.
    """
    _check_network("save", net)
    record = {"sizes": net.sizes, "cost": net.cost, "activation": net.activation,
              "output": net.output, "w": {str(l): net.w[l] for l in net.w},
              "b": {str(l): net.b[l] for l in net.b}}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(record, f, indent=1)
        f.write("\n")


def load(path):
    """The network saved in the file path by save(); ValueError if the file is not one.

    The file is read as JSON data only: nothing in it is run.
    """
    try:
        with open(path, encoding="utf-8") as f:
            record = json.load(f, parse_constant=_refuse_constant)
    except OSError as err:
        raise ValueError(f"load: cannot read {path}: {err.strerror}") from None
    except ValueError as err:  # not JSON, not UTF-8, or NaN/Infinity in it
        raise ValueError(f"load: {path} is not a network written by save(): {err}") from None
    keys = ("sizes", "cost", "activation", "output", "w", "b")
    if not isinstance(record, dict) or any(key not in record for key in keys):
        raise ValueError(f"load: {path} is not a network written by save(): it needs the keys "
                         f"{', '.join(keys)}")
    try:
        net = Network(record["sizes"], cost=record["cost"], activation=record["activation"],
                      output=record["output"])
    except ValueError as err:
        raise ValueError(f"load: {path}: {err}") from None
    for name, params, layers in (("w", record["w"], net.w), ("b", record["b"], net.b)):
        if not isinstance(params, dict) or sorted(params) != sorted(map(str, layers)):
            raise ValueError(f"load: {path}: {name} must have the layer numbers "
                             f"{', '.join(map(str, layers))} as keys")
        for l in layers:
            layers[l] = params[str(l)]
            cols = net.sizes[l - 2] if name == "w" else 1
            _check_matrix(f"load: {path}", f"{name}[{l}]", layers[l], net.sizes[l - 1], cols,
                          net.sizes)
    return net


# Miscellaneous functions: σ and σ' for each activation, softplus, softmax.

def sigmoid(z):
    """σ(z) = 1 / (1 + e^(-z)), without overflow for any z.

    >>> sigmoid(0)
    0.5
    >>> sigmoid(-1000), sigmoid(1000)
    (0.0, 1.0)
    """
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)  # for z < 0, e^z cannot overflow where e^(-z) could
    return e / (1.0 + e)


def sigmoid_prime(z):
    """σ'(z) = σ(z) (1 − σ(z)).

    >>> sigmoid_prime(0)
    0.25
    """
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh_prime(z):
    """tanh'(z) = 1 − tanh(z)².

    >>> tanh_prime(0)
    1.0
    """
    t = math.tanh(z)
    return 1.0 - t * t


def relu(z):
    """relu(z) = max(0, z).

    >>> relu(-2), relu(3)
    (0.0, 3)
    """
    return z if z > 0 else 0.0


def relu_prime(z):
    """relu'(z) = 1 for z > 0, else 0 (the kink at 0 takes 0).

    >>> relu_prime(-2), relu_prime(3)
    (0.0, 1.0)
    """
    return 1.0 if z > 0 else 0.0


# name: (σ, σ') for the hidden layers
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (math.tanh, tanh_prime),
    "relu": (relu, relu_prime),
}


def softplus(t):
    """ln(1 + e^t), without overflow for any t: the cost uses it, never ln 0.

    >>> round(softplus(0), 6)
    0.693147
    >>> softplus(-1000), softplus(1000)
    (0.0, 1000.0)
    """
    return max(t, 0.0) + math.log1p(math.exp(-abs(t)))


def softmax(Z):
    """Each column of Z made into probabilities: a_j = e^(z_j) / Σ_k e^(z_k).

    The largest z of the column is taken from each z_j first, which leaves
    a unchanged and keeps every e^(z_j − max) within [0, 1]: no overflow.

    >>> [round(a_j, 4) for (a_j,) in softmax([[0.0], [1000.0], [1000.0]])]
    [0.0, 0.5, 0.5]
    """
    columns = []
    for z in transpose(Z):
        top = max(z)
        e = [math.exp(z_j - top) for z_j in z]
        total = sum(e)
        columns.append([e_j / total for e_j in e])
    return transpose(columns)


# Checks at the boundary.  Each returns nothing when all is well, and else
# raises a ValueError naming the function, what was expected and what came.

def _check_network_args(sizes, cost, activation, output):
    if not isinstance(sizes, (list, tuple)) or len(sizes) < 2:
        hint = f"; list({sizes!r}) makes the list" if isinstance(sizes, range) else _numpy(sizes)
        raise ValueError(f"Network: sizes must be a list of at least 2 layer sizes (input and "
                         f"output), such as [2, 4, 1], got {_show(sizes)}{hint}")
    for l, n in enumerate(sizes, start=1):
        if not isinstance(n, Integral) or isinstance(n, bool) or n < 1:
            raise ValueError(f"Network: each size must be a positive int, but layer {l} "
                             f"has size {n!r} in sizes {sizes!r}")
    for name, value, choices in (("cost", cost, COSTS), ("activation", activation, ACTIVATIONS),
                                 ("output", output, OUTPUTS)):
        if value not in choices:
            raise ValueError(f"Network: {name} must be one of "
                             f"{', '.join(map(repr, choices))}, got {value!r}")
    if output == "softmax" and (cost != "cross_entropy" or sizes[-1] < 2):
        raise ValueError(f"Network: a softmax output needs the cross-entropy cost, with which "
                         f"(A) is a^L - y, and at least 2 output neurons, one per class; got "
                         f"cost {cost!r} and sizes {list(sizes)}")


def _check_network(where, net):
    """net is a Network whose w[l] is n_l x n_(l-1) and b[l] is n_l x 1."""
    if not isinstance(net, Network):
        raise ValueError(f"{where}: the first argument must be a Network, such as "
                         f"Network([2, 4, 1]), got {_show(net)}; the order is {where}(net, ...)")
    n, w, b = net.sizes, net.w, net.b
    for l in range(2, net.L + 1):
        try:  # a quick look at the first row; matmul checks the others
            if (len(w[l]) == n[l - 1] and len(w[l][0]) == n[l - 2]
                    and len(b[l]) == n[l - 1] and len(b[l][0]) == 1):
                continue
        except (TypeError, KeyError, IndexError):
            pass
        for name, params in (("w", w), ("b", b)):
            if type(params) is not dict:
                raise ValueError(f"{where}: net.{name} must be a dict keyed by layer number "
                                 f"(2 to L = {net.L}), as Network makes it, got {_show(params)}")
        for name, M, cols in (("w", w.get(l), n[l - 2]), ("b", b.get(l), 1)):
            if not _has_shape(M, n[l - 1], cols):
                raise ValueError(f"{where}: {name}[{l}] must be n_{l} x "
                                 f"{f'n_{l - 1}' if name == 'w' else 1} = {n[l - 1]}x{cols} "
                                 f"for sizes {n}, got {_describe(M)}")


def _check_columns(where, net, X, Y=None, m=1, names="xy"):
    """X is n_1 x m and Y, if given, n_L x m of targets; m = None takes any m."""
    _check_network(where, net)
    _check_matrix(where, names[0], X, net.sizes[0], m, net.sizes)
    if Y is not None:
        _check_matrix(where, names[1], Y, net.sizes[-1], len(X[0]), net.sizes)
        _check_targets(where, net, Y)


def _check_matrix(where, name, M, rows, cols, sizes):
    """M is rows x cols (any number of cols if None) of finite numbers."""
    try:  # one quick look: fsum is finite only if every entry is a finite number
        if cols == 1:  # a column, the most common case: (v,) refuses a longer row
            fine = (type(M) is list and len(M) == rows
                    and math.isfinite(math.fsum([v for (v,) in M])))
        else:
            fine = _has_shape(M, rows, cols) and math.isfinite(math.fsum(map(math.fsum, M)))
        if fine:
            return
    except (TypeError, ValueError, OverflowError):
        pass
    want = f"{rows}x{cols or 'm'}"
    if type(M) is list and M and all(isinstance(v, Real) for v in M):
        form = (f"column({_show(M)}) makes the column" if cols == 1 else
                f"[{_show(M)}] is the 1xm matrix, one column per example" if rows == 1 else
                f"write {rows} rows, one per neuron, each with one entry per example")
        raise ValueError(f"{where}: {name} must be a {want} {'column' if cols == 1 else 'matrix'}"
                         f" for sizes {sizes}, got the flat list {_show(M)}; {form}")
    if not _has_shape(M, rows, cols):
        raise ValueError(f"{where}: {name} must be {want} for sizes {sizes}, got {_describe(M)}")
    for i, row in enumerate(M):
        for j, v in enumerate(row):
            if not _is_finite(v):
                raise ValueError(f"{where}: {name}[{i}][{j}] must be a finite number, "
                                 f"got {_show(v)}")
    # every entry is finite, though their sum overflowed, as 1e308 + 1e308 does


def _has_shape(M, rows, cols):
    """True when M is a list of rows lists, each cols long (any length if cols is None)."""
    return (type(M) is list and len(M) == rows and set(map(type, M)) == {list}
            and len(M[0]) > 0 and set(map(len, M)) == {cols or len(M[0])})


def _describe(M):
    """The shape of M for an error message, or what keeps it from having one."""
    if type(M) is not list or not M or set(map(type, M)) != {list}:
        return f"{_show(M)}, not a list of rows{_numpy(M)}"
    lengths = sorted(set(map(len, M)))
    return f"{len(M)}x{lengths[0]}" if len(lengths) == 1 else f"rows of lengths {lengths}"


def _check_targets(where, net, Y):
    """Each target lies in [0, 1]; with a softmax output, each column of Y sums to 1."""
    for row in Y:
        for v in row:
            if not 0 <= v <= 1:
                raise ValueError(f"{where}: each target must lie in [0, 1], the range of a^L, "
                                 f"got {v!r}")
    if net.output == "softmax":
        for j, total in enumerate(map(math.fsum, zip(*Y))):
            if abs(total - 1) > 1e-9:
                raise ValueError(f"{where}: with a softmax output each target column must sum "
                                 f"to 1 (one-hot, such as [0, 1, 0]), but column {j} sums to "
                                 f"{total!r}")


def _check_flat(where, name, v, n):
    if type(v) is not list or len(v) != n or not all(map(_is_finite, v)):
        raise ValueError(f"{where}: {name} must be a flat list of {n} finite numbers, "
                         f"such as {[0] * n}, got {_show(v)}{_numpy(v)}")


def _check_training(net, data, epochs, eta, batch_size):
    _check_network("train", net)
    for name, value in (("epochs", epochs), ("batch_size", batch_size)):
        if not isinstance(value, Integral) or isinstance(value, bool) or value < 1:
            raise ValueError(f"train: {name} must be an int >= 1, got {value!r}")
    if not (_is_finite(eta) and eta > 0):
        raise ValueError(f"train: eta must be a finite number > 0, such as 0.5, got {eta!r}")
    if not isinstance(data, (list, tuple)) or not data:
        raise ValueError(f"train: data must be a non-empty list of (x, y) pairs, got "
                         f"{_show(data)}")
    blown = _blown_up(net)
    if blown:
        raise ValueError(f"train: the network holds inf, nan or numbers beyond 1e154 before "
                         f"any step, in {', '.join(blown)}; make a new Network")
    for k, pair in enumerate(data):
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2
                and not isinstance(pair[0], Real) and not isinstance(pair[1], Real)):
            raise ValueError(f"train: data[{k}] must be an (x, y) pair of flat lists, such as "
                             f"{([0] * net.sizes[0], [0] * net.sizes[-1])}, got {_show(pair)}")
        _check_flat("train", f"data[{k}]'s x", pair[0], net.sizes[0])
        _check_flat("train", f"data[{k}]'s y", pair[1], net.sizes[-1])
        _check_targets(f"train: data[{k}]'s y", net, column(pair[1]))


def _check_finite(net, mean_cost, epoch, eta):
    """Stop training once a weight, a bias or the cost has blown up."""
    blown = _blown_up(net)
    what = [f"{', '.join(blown)} went to inf, nan or beyond 1e154"] if blown else []
    if not math.isfinite(mean_cost):
        what.append(f"the mean cost is {mean_cost}")
    if what:
        raise ArithmeticError(f"train: gradient descent diverged in epoch {epoch}: "
                              f"{'; '.join(what)}. The steps were too large: try a smaller "
                              f"eta than {eta!r}, a tenth of it and then a tenth again "
                              f"until the cost falls")


def _blown_up(net):
    """The names of the weights and biases holding inf, nan or a number beyond 1e154.

    Past 1e154 (about the square root of the largest float) the product of
    two such numbers is inf, so no later step could be trusted.
    """
    return [f"{name}[{l}]" for name, params in (("w", net.w), ("b", net.b)) for l in params
            if not all(abs(v) <= 1e154 for row in params[l] for v in row)]


def _no_equation_A(where, cost_name):
    return ValueError(f"{where}: the cost {cost_name!r} has no (A) line: add the branch "
                      f"elif net.cost == {cost_name!r}: to step 3 of backprop and of "
                      f"backprop_batch, with delta^L = grad_a C (.) sigma'(z^L) for that cost, "
                      f"then compare with numerical_gradient")


def _refuse_constant(name):
    raise ValueError(f"{name} is not a finite number")


def _numpy(v):
    return "; call .tolist() on a numpy array first" if hasattr(v, "tolist") else ""


def _is_finite(v):
    # a real number, and not inf, nan or an int too big to be a float
    return isinstance(v, Real) and abs(v) <= sys.float_info.max


def _show(v):
    """A short repr of v for an error message."""
    text = repr(v)
    return text if len(text) <= 60 else text[:57] + "..."

"""Backpropagation, line for line with equations (A), (B), (C) and (D).

Throughout, layers are numbered as in the derivation: layer 1 is the input,
layer L the output, and l always means the article's layer number.

    symbol      Python                  meaning
    L           net.L                   number of layers
    n_l         net.sizes[l - 1]        number of neurons in layer l
    w^l         w[l], net.w[l]          weights into layer l, n_l x n_(l-1), l = 2..L
    b^l         b[l], net.b[l]          biases of layer l, n_l x 1
    z^l         z[l]                    weighted input, z^l = w^l a^(l-1) + b^l, n_l x 1
    a^l         a[l]                    activation, a^l = σ(z^l); a^1 = x
    σ, σ'       sigma[l], sigma_prime[l]  activation of layer l and its derivative
    δ^l         delta[l]                error of layer l, δ^l = ∂C/∂z^l, n_l x 1
    ⊙           hadamard(A, B)          entry-by-entry product
    ᵀ           transpose(A)            transpose
    C           cost(net, x, y)         cost of one example (x, y)
    ∂C/∂w^l     nabla_w[l]              same shape as w^l
    ∂C/∂b^l     nabla_b[l]              same shape as b^l
    η           eta                     learning rate

Every container indexed by a layer is a dict keyed by l, so w[2] is w^2 and
w[1] does not exist.  The four equations:

    (A)  δ^L = ∇_a C ⊙ σ'(z^L)
    (B)  δ^l = ((w^(l+1))ᵀ δ^(l+1)) ⊙ σ'(z^l)
    (C)  ∂C/∂w^l = δ^l (a^(l-1))ᵀ
    (D)  ∂C/∂b^l = δ^l

Nielsen's English book calls these BP1, BP2, BP4 and BP3: there BP3 is the
bias equation and BP4 the weight equation.  backprop() follows the five
steps of the algorithm:

    1. set a^1 = x
    2. for l = 2, 3, ..., L: z^l = w^l a^(l-1) + b^l and a^l = σ(z^l)
    3. δ^L by (A)
    4. for l = L-1, L-2, ..., 2: δ^l by (B)
    5. ∂C/∂w^l by (C) and ∂C/∂b^l by (D)

Hidden layers 2..L-1 use the activation chosen for the network (sigmoid,
tanh or relu); the output layer L is always a sigmoid.  backprop_batch() is
the same loop over m examples at once, in Andrew Ng's notation, where his
layer l is our layer l + 1.
"""
import copy
import math
import random
import sys

from matrix import (add, apply, column, hadamard, matmul, row_sums, scale,
                    shape, subtract, transpose)

COSTS = ("cross_entropy", "quadratic")


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


def softplus(t):
    """ln(1 + e^t), without overflow for any t.

    The cross-entropy cost uses it, since ln σ(z) = −softplus(−z) and
    ln(1 − σ(z)) = −softplus(z): the cost never takes ln 0.

    >>> round(softplus(0), 6)
    0.693147
    >>> softplus(-1000), softplus(1000)
    (0.0, 1000.0)
    """
    return max(t, 0.0) + math.log1p(math.exp(-abs(t)))


# name: (σ, σ') for the hidden layers
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (math.tanh, tanh_prime),
    "relu": (relu, relu_prime),
}


class Network:
    """The state of a network: its sizes, weights w[l] and biases b[l].

    sizes lists n_1, n_2, ..., n_L, so Network([2, 4, 1]) has 2 inputs, one
    hidden layer of 4 and 1 output.  Weights start random: each w^l_jk is
    drawn from a normal distribution with mean 0 and standard deviation
    1/sqrt(n_(l-1)), or sqrt(2/n_(l-1)) for relu, so that z^l starts on the
    steep part of σ whatever the width of layer l - 1.  Biases start at 0,
    or at 0.1 in relu layers, so that no relu unit starts with σ'(z) = 0 for
    an input of zeros.  The same seed always gives the same weights.

    >>> net = Network([2, 4, 1], seed=0)
    >>> net.L, shape(net.w[2]), shape(net.b[3])
    (3, (4, 2), (1, 1))
    """

    def __init__(self, sizes, seed=None, cost="cross_entropy", activation="sigmoid"):
        _check_sizes(sizes)
        if cost not in COSTS:
            raise ValueError(f"Network: cost must be one of {_choices(COSTS)}, got {cost!r}")
        if activation not in ACTIVATIONS:
            raise ValueError(f"Network: activation must be one of {_choices(ACTIVATIONS)}, "
                             f"got {activation!r}")
        self.sizes = list(sizes)
        self.L = L = len(sizes)
        self.cost = cost
        self.activation = activation
        rng = random.Random(seed)
        gain, bias = (2.0, 0.1) if activation == "relu" else (1.0, 0.0)
        self.w, self.b, self.sigma, self.sigma_prime = {}, {}, {}, {}
        for l in range(2, L + 1):
            n, n_prev = sizes[l - 1], sizes[l - 2]
            sd = math.sqrt(gain / n_prev)
            self.w[l] = [[rng.gauss(0.0, sd) for _ in range(n_prev)] for _ in range(n)]
            if l < L:
                self.b[l] = [[bias] for _ in range(n)]
                self.sigma[l], self.sigma_prime[l] = ACTIVATIONS[activation]
            else:
                self.b[l] = [[0.0] for _ in range(n)]
                self.sigma[l], self.sigma_prime[l] = sigmoid, sigmoid_prime

    def __repr__(self):
        return (f"Network({self.sizes}, cost={self.cost!r}, "
                f"activation={self.activation!r})")


def feedforward(net, x):
    """a^L for the input column x (n_1 x 1): step 2 of the algorithm.

    >>> net = Network([2, 1])
    >>> net.w[2], net.b[2] = [[1.0, -1.0]], [[0.0]]
    >>> feedforward(net, [[3], [3]])
    [[0.5]]
    """
    _check_example("feedforward", net, x)
    a = x
    for l in range(2, net.L + 1):
        a = apply(net.sigma[l], add(matmul(net.w[l], a), net.b[l]))  # a^l = σ(w^l a^(l-1) + b^l)
    return a


def cost(net, x, y):
    """The cost C of one example (x, y), both columns.

    quadratic:      C = ½ ‖y − a^L‖²
    cross_entropy:  C = −Σ_j [y_j ln a^L_j + (1 − y_j) ln(1 − a^L_j)]

    Cross-entropy is computed from z^L, as Σ_j [y_j softplus(−z_j) +
    (1 − y_j) softplus(z_j)], which is the same number but never ln 0.

    >>> net = Network([1, 1])
    >>> net.w[2], net.b[2] = [[0.0]], [[0.0]]
    >>> round(cost(net, [[5]], [[1]]), 6)   # a^L = 0.5, C = −ln 0.5
    0.693147
    """
    _check_example("cost", net, x, y)
    a = x
    for l in range(2, net.L + 1):
        z = add(matmul(net.w[l], a), net.b[l])
        a = apply(net.sigma[l], z)
    if net.cost == "quadratic":
        return 0.5 * sum((y_j - a_j) ** 2 for (a_j,), (y_j,) in zip(a, y))
    return sum(y_j * softplus(-z_j) + (1 - y_j) * softplus(z_j)
               for (z_j,), (y_j,) in zip(z, y))


def backprop(net, x, y):
    """The gradient of C for one example, by the five steps and (A) to (D).

    x is an n_1 x 1 column and y an n_L x 1 column.  Returns
    (nabla_w, nabla_b), dicts keyed by l = 2..L like net.w and net.b, with
    nabla_w[l] = ∂C/∂w^l and nabla_b[l] = ∂C/∂b^l.  (Nielsen's network.py
    returns the pair the other way round, (nabla_b, nabla_w).)

    For the quadratic cost, ∇_a C = a^L − y and (A) is used as written.  For
    cross-entropy, ∇_a C = (a^L − y) / (a^L (1 − a^L)) while the output
    sigmoid has σ'(z^L) = a^L (1 − a^L): the two cancel, leaving
    δ^L = a^L − y, which stays exact even where a^L rounds to 0 or 1.
    """
    _check_example("backprop", net, x, y)
    L, w, b, sigma, sigma_prime = net.L, net.w, net.b, net.sigma, net.sigma_prime
    z, a, delta, nabla_w, nabla_b = {}, {}, {}, {}, {}

    # 1. the activation of the input layer
    a[1] = x

    # 2. forward: l = 2, 3, ..., L
    for l in range(2, L + 1):
        z[l] = add(matmul(w[l], a[l - 1]), b[l])   # z^l = w^l a^(l-1) + b^l
        a[l] = apply(sigma[l], z[l])               # a^l = σ(z^l)

    # 3. the output error δ^L by (A)
    if net.cost == "quadratic":
        delta[L] = hadamard(subtract(a[L], y), apply(sigma_prime[L], z[L]))  # (A), ∇_a C = a^L − y
    else:
        delta[L] = subtract(a[L], y)  # (A), cross-entropy: σ'(z^L) cancels, leaving a^L − y

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
    our layer l + 1, so his W^[l] is our w[l + 1] and his X = A^[0] is A[1].
    Returns (nabla_w, nabla_b) like backprop().
    """
    m = _check_batch("backprop_batch", net, X, Y)
    L, w, b, sigma, sigma_prime = net.L, net.w, net.b, net.sigma, net.sigma_prime
    Z, A, dZ, dW, db = {}, {}, {}, {}, {}
    ones = [[1.0] * m]  # b 1ᵀ repeats the column b in each of m columns (numpy broadcasts)

    A[1] = X                                                     # Ng: A^[0] = X
    for l in range(2, L + 1):
        Z[l] = add(matmul(w[l], A[l - 1]), matmul(b[l], ones))   # Ng: Z = W A + b
        A[l] = apply(sigma[l], Z[l])                             # Ng: A = g(Z)

    if net.cost == "quadratic":
        dZ[L] = hadamard(subtract(A[L], Y), apply(sigma_prime[L], Z[L]))  # (A)  Ng: dZ = (A − Y) ⊙ g'(Z)
    else:
        dZ[L] = subtract(A[L], Y)                                         # (A)  Ng: dZ = A − Y

    for l in range(L - 1, 1, -1):
        dZ[l] = hadamard(matmul(transpose(w[l + 1]), dZ[l + 1]), apply(sigma_prime[l], Z[l]))  # (B)  Ng: dZ = Wᵀ dZ ⊙ g'(Z)

    for l in range(2, L + 1):
        dW[l] = matmul(scale(1 / m, dZ[l]), transpose(A[l - 1]))  # (C)  Ng: dW = 1/m dZ Aᵀ
        db[l] = scale(1 / m, row_sums(dZ[l]))                     # (D)  Ng: db = 1/m Σ dZ
    return dW, db


def numerical_gradient(net, x, y, eps=1e-5):
    """∂C/∂w^l and ∂C/∂b^l by central differences, (C(p + ε) − C(p − ε)) / 2ε.

    Slow, one pair of costs per parameter, and independent of (A) to (D):
    the check that backprop() is right.  Returns (nabla_w, nabla_b) like
    backprop().  net is left as it was.
    """
    _check_example("numerical_gradient", net, x, y)
    if not (_is_real(eps) and 0 < eps < 1):
        raise ValueError(f"numerical_gradient: eps must be a number between 0 and 1, got {eps!r}")
    probe = copy.deepcopy(net)
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
    """Mini-batch gradient descent; returns the mean cost after each epoch.

    data is a list of (x, y) pairs of flat lists, such as ([0, 1], [1]).
    Each epoch shuffles a copy of data with random.Random(seed), cuts it
    into batches of batch_size examples, and for each batch takes the step

        w^l ← w^l − η ∂C/∂w^l,   b^l ← b^l − η ∂C/∂b^l

    with the gradients averaged over the batch by backprop_batch().  Changes
    net; data is left as it was.

    >>> net = Network([2, 1], seed=0)
    >>> costs = train(net, [([0, 1], [1]), ([1, 0], [0])], epochs=50, eta=1.0)
    >>> len(costs), costs[-1] < costs[0]
    (50, True)
    """
    examples = _check_training(net, data, epochs, eta, batch_size)
    rng = random.Random(seed)
    costs = []
    for epoch in range(1, epochs + 1):
        rng.shuffle(examples)  # our own list of the pairs, so data keeps its order
        for k in range(0, len(examples), batch_size):
            batch = examples[k:k + batch_size]
            X = transpose([x for x, y in batch])  # one example per column
            Y = transpose([y for x, y in batch])
            nabla_w, nabla_b = backprop_batch(net, X, Y)
            for l in range(2, net.L + 1):
                net.w[l] = subtract(net.w[l], scale(eta, nabla_w[l]))  # w^l ← w^l − η ∂C/∂w^l
                net.b[l] = subtract(net.b[l], scale(eta, nabla_b[l]))  # b^l ← b^l − η ∂C/∂b^l
        costs.append(_mean_cost(net, examples))
        _check_finite(net, costs[-1], epoch, eta)
    return costs


def predict(net, x):
    """The n_L outputs of the network, a flat list, for the flat list x.

    >>> net = Network([2, 1])
    >>> net.w[2], net.b[2] = [[1.0, -1.0]], [[0.0]]
    >>> predict(net, [3, 3])
    [0.5]
    """
    _check_flat("predict", "x", x, net.sizes[0])
    return [a_j for (a_j,) in feedforward(net, column(x))]


# Checks at the boundary: each names the function, what was expected and what came.

def _check_sizes(sizes):
    if not isinstance(sizes, (list, tuple)) or len(sizes) < 2:
        raise ValueError(f"Network: sizes must list at least 2 layer sizes, such as [2, 4, 1], "
                         f"got {sizes!r}")
    for l, n in enumerate(sizes, start=1):
        if type(n) is not int or n < 1:
            raise ValueError(f"Network: each size must be a positive int, but layer {l} "
                             f"has size {n!r} in sizes {sizes!r}")


def _check_example(where, net, x, y=None):
    """Check x (n_1 x 1) and, if given, y (n_L x 1)."""
    _check_matrix(where, "x", x, net, net.sizes[0], 1)
    if y is not None:
        _check_matrix(where, "y", y, net, net.sizes[-1], 1)
        _check_targets(where, net, [v for (v,) in y])


def _check_batch(where, net, X, Y):
    """Check X (n_1 x m) and Y (n_L x m); return m."""
    m = _check_matrix(where, "X", X, net, net.sizes[0], None)
    _check_matrix(where, "Y", Y, net, net.sizes[-1], m)
    _check_targets(where, net, [v for row in Y for v in row])
    return m


def _check_matrix(where, name, M, net, rows, cols):
    """Check that M is rows x cols (any cols if None) of finite numbers; return its cols."""
    want = f"{rows}x{cols or 'm'}"
    try:
        n, m = shape(M)
    except ValueError:
        if type(M) is list and M and all(map(_is_real, M)):
            raise ValueError(f"{where}: {name} must be a {want} column for sizes {net.sizes}, "
                             f"got the flat list {M!r}; column({M!r}) makes the column") from None
        raise ValueError(f"{where}: {name} must be a {want} matrix (a list of rows) for "
                         f"sizes {net.sizes}, got {_show(M)}") from None
    if n != rows or (cols is not None and m != cols):
        raise ValueError(f"{where}: {name} must be {want} for sizes {net.sizes}, got {n}x{m}")
    try:
        # one fast pass: the sum is a finite number only if every entry is
        # (a column's entries are summed in one call, not one call per row)
        finite = math.isfinite(sum([v for (v,) in M]) if m == 1 else sum(map(sum, M)))
    except (TypeError, OverflowError):
        finite = False
    if not finite:
        for i, row in enumerate(M):
            for j, v in enumerate(row):
                if not _is_finite(v):
                    raise ValueError(f"{where}: {name}[{i}][{j}] must be a finite number, "
                                     f"got {v!r}")
    return m


def _check_targets(where, net, targets):
    """With cross-entropy, check that every target (a flat iterable) lies in [0, 1]."""
    if net.cost == "cross_entropy":
        for v in targets:
            if not 0 <= v <= 1:
                raise ValueError(f"{where}: with the cross-entropy cost each target must "
                                 f"lie in [0, 1], got {v!r}")


def _check_flat(where, name, v, n):
    if type(v) is not list or len(v) != n or not all(map(_is_finite, v)):
        raise ValueError(f"{where}: {name} must be a flat list of {n} finite numbers, "
                         f"such as {[0] * n}, got {v!r}")


def _check_training(net, data, epochs, eta, batch_size):
    """Check train's arguments; return a new list of the (x, y) pairs."""
    if type(epochs) is not int or epochs < 1:
        raise ValueError(f"train: epochs must be an int >= 1, got {epochs!r}")
    if not (_is_finite(eta) and eta > 0):
        raise ValueError(f"train: eta must be a finite number > 0, such as 0.5, got {eta!r}")
    if type(batch_size) is not int or batch_size < 1:
        raise ValueError(f"train: batch_size must be an int >= 1, got {batch_size!r}")
    if not isinstance(data, (list, tuple)) or not data:
        raise ValueError(f"train: data must be a non-empty list of (x, y) pairs, got {data!r}")
    blown = _blown_up(net)
    if blown:
        raise ValueError(f"train: the network holds inf, nan or numbers beyond 1e154 before "
                         f"any step, in {', '.join(blown)}; make a new Network")
    example = ([0] * net.sizes[0], [0] * net.sizes[-1])
    for k, pair in enumerate(data):
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2
                and type(pair[0]) is list and type(pair[1]) is list):
            raise ValueError(f"train: data[{k}] must be an (x, y) pair of flat lists, "
                             f"such as {example}, got {_show(pair)}")
        _check_flat("train", f"data[{k}]'s x", pair[0], net.sizes[0])
        _check_flat("train", f"data[{k}]'s y", pair[1], net.sizes[-1])
        _check_targets(f"train: data[{k}]'s y", net, pair[1])
    return [(list(x), list(y)) for x, y in data]


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


def _mean_cost(net, examples):
    return sum(cost(net, column(x), column(y)) for x, y in examples) / len(examples)


def _is_real(v):
    return isinstance(v, (int, float))


def _is_finite(v):
    # abs(v) <= max float: False for inf and nan, and for ints too big to be floats
    return isinstance(v, (int, float)) and abs(v) <= sys.float_info.max


def _show(v):
    """A short repr of v for an error message."""
    text = repr(v)
    return text if len(text) <= 60 else text[:57] + "..."


def _choices(names):
    return ", ".join(repr(name) for name in names)

"""Tests: each name states a fact about backprop.py, the proofs first."""
import copy
import inspect
import json
import math
import random

import pytest

import backprop
from backprop import (Network, backprop as backprop_one, backprop_batch, cost, feedforward,
                      gradient_check, numerical_gradient, predict, train)
from matrix import add, apply, column, hadamard, matmul, scale, shape, subtract, transpose

XOR = [([0, 0], [0]), ([0, 1], [1]), ([1, 0], [1]), ([1, 1], [0])]
COMBINATIONS = [(c, a) for c in backprop.COSTS for a in backprop.ACTIVATIONS]

def random_example(sizes, seed, one_hot=False):
    rng = random.Random(seed)
    x = [[rng.uniform(-1, 1)] for _ in range(sizes[0])]
    y = [[float(j == 1) if one_hot else rng.random()] for j in range(sizes[-1])]
    return x, y

def largest_gap(G, N):
    """The largest |g - n| over every entry of two gradients of the same layers and shapes."""
    assert sorted(G) == sorted(N) and all(shape(G[l]) == shape(N[l]) for l in G)
    return max(abs(g - n) for l in G for g_row, n_row in zip(G[l], N[l]) for g, n in zip(g_row, n_row))

def mean(matrices):
    total = matrices[0]
    for M in matrices[1:]:
        total = add(total, M)
    return scale(1 / len(matrices), total)


# The proofs: backprop agrees with the definition of the gradient, by hand and by machine.

@pytest.mark.parametrize("sizes", [[2, 1], [2, 3, 1], [3, 4, 4, 2]], ids=["2-1", "2-3-1", "3-4-4-2"])
@pytest.mark.parametrize("cost_name, activation", COMBINATIONS)
def test_backprop_matches_central_differences(sizes, cost_name, activation):
    # (A)-(D) give the same gradient as (C(p + ε) − C(p − ε)) / 2ε, entry by entry
    net = Network(sizes, seed=3, cost=cost_name, activation=activation)
    x, y = random_example(sizes, seed=4)
    z, a = backprop.forward(net, x)
    assert all(abs(v) > 1e-3 for l in range(2, net.L) for (v,) in z[l]), "a z near relu's kink"
    assert gradient_check(net, x, y) < 1e-6

@pytest.mark.parametrize("sizes", [[2, 3], [2, 4, 3], [3, 4, 4, 5]], ids=["2-3", "2-4-3", "3-4-4-5"])
@pytest.mark.parametrize("activation", list(backprop.ACTIVATIONS))
def test_softmax_backprop_matches_central_differences(sizes, activation):
    # with a softmax output and C = −Σ y_j ln a_j, δ^L = a^L − y is still (A)
    net = Network(sizes, seed=3, activation=activation, output="softmax")
    assert gradient_check(net, *random_example(sizes, seed=4, one_hot=True)) < 1e-6

def test_gradient_check_catches_a_wrong_equation(monkeypatch):
    # a (C) that uses a^l for a^(l-1) is caught: the check can fail
    net, (x, y) = Network([2, 3, 3, 1], seed=1), random_example([2, 3, 3, 1], seed=2)
    source = inspect.getsource(backprop.backprop).replace("transpose(a[l - 1])", "transpose(a[l])")
    namespace = dict(vars(backprop))
    exec(source, namespace)
    monkeypatch.setattr(backprop, "backprop", namespace["backprop"])
    assert gradient_check(net, x, y) > 0.1

def hand_worked_network(cost_name):
    net = Network([2, 2, 1], cost=cost_name)
    net.w[2], net.b[2] = [[2, -1], [1, -0.5]], [[0], [0]]
    net.w[3], net.b[3] = [[2, -2]], [[0]]
    return net

def test_hand_worked_2_2_1_example_with_cross_entropy():
    # x = (1, 2), y = 1; w^2 = [[2, -1], [1, -0.5]], w^3 = [[2, -2]], every b = 0:
    #   z^2 = (2 - 2, 1 - 1) = (0, 0), a^2 = σ(0) = (0.5, 0.5); z^3 = 1 - 1 = 0, a^3 = 0.5
    #   C = −ln 0.5 = 0.693147
    #   (A) δ^3 = a^3 − y = −0.5
    #   (B) δ^2 = (w^3)ᵀ δ^3 ⊙ σ'(z^2) = (2·−0.5, −2·−0.5) ⊙ (0.25, 0.25) = (−0.25, 0.25)
    #   (C) ∂C/∂w^3 = δ^3 (a^2)ᵀ = [[−0.25, −0.25]], ∂C/∂w^2 = δ^2 xᵀ = [[−0.25, −0.5], [0.25, 0.5]]
    #   (D) ∂C/∂b^3 = −0.5, ∂C/∂b^2 = (−0.25, 0.25)
    net, x, y = hand_worked_network("cross_entropy"), [[1], [2]], [[1]]
    assert feedforward(net, x) == [[0.5]] and cost(net, x, y) == pytest.approx(0.693147, abs=1e-6)
    assert backprop_one(net, x, y) == ({3: [[-0.25, -0.25]], 2: [[-0.25, -0.5], [0.25, 0.5]]},
                                       {3: [[-0.5]], 2: [[-0.25], [0.25]]})

def test_hand_worked_2_2_1_example_with_the_quadratic_cost():
    # the same network with C = ½‖y − a^3‖² = ½ (1 − 0.5)² = 0.125:
    #   (A) δ^3 = (a^3 − y) ⊙ σ'(z^3) = −0.5 · 0.25 = −0.125
    #   (B) δ^2 = (2·−0.125, −2·−0.125) ⊙ (0.25, 0.25) = (−0.0625, 0.0625)
    net, x, y = hand_worked_network("quadratic"), [[1], [2]], [[1]]
    assert cost(net, x, y) == 0.125
    assert backprop_one(net, x, y) == ({3: [[-0.0625, -0.0625]], 2: [[-0.0625, -0.125], [0.0625, 0.125]]},
                                       {3: [[-0.125]], 2: [[-0.0625], [0.0625]]})

@pytest.mark.parametrize("cost_name", backprop.COSTS)
def test_output_delta_is_the_literal_equation_A(cost_name):
    # δ^L = ∇_a C ⊙ σ'(z^L), with ∇_a C = (a − y) / (a (1 − a)) for cross-entropy and a − y
    # for the quadratic cost; backprop's δ^L is its ∂C/∂b^L by (D)
    net, x, y = Network([3, 4, 2], seed=5, cost=cost_name), [[0.3], [-0.8], [0.5]], [[1], [0.25]]
    z, a = backprop.forward(net, x)
    if cost_name == "cross_entropy":
        grad_a = [[(a_j - y_j) / (a_j * (1 - a_j))] for (a_j,), (y_j,) in zip(a[3], y)]
    else:
        grad_a = subtract(a[3], y)
    literal = hadamard(grad_a, apply(backprop.sigmoid_prime, z[3]))
    assert largest_gap({3: backprop_one(net, x, y)[1][3]}, {3: literal}) < 1e-15

@pytest.mark.parametrize("output", backprop.OUTPUTS)
@pytest.mark.parametrize("cost_name, activation", COMBINATIONS)
def test_batch_gradient_is_the_mean_of_the_example_gradients(cost_name, activation, output):
    # Ng's dW = 1/m dZ Aᵀ and db = 1/m Σ dZ average the m one-example gradients
    if output == "softmax" and cost_name == "quadratic":
        return
    net = Network([3, 4, 4, 3], seed=6, cost=cost_name, activation=activation, output=output)
    examples = [random_example(net.sizes, seed, one_hot=output == "softmax") for seed in range(5)]
    X = transpose([[v for (v,) in x] for x, y in examples])
    Y = transpose([[v for (v,) in y] for x, y in examples])
    singles = [backprop_one(net, x, y) for x, y in examples]
    for batch, k in zip(backprop_batch(net, X, Y), (0, 1)):
        assert largest_gap(batch, {l: mean([s[k][l] for s in singles]) for l in batch}) < 1e-15

def test_ng_layer_by_layer_order_gives_the_same_numbers_as_the_order_of_001():
    # 004 goes dz, dW, db, da at each layer from the output down; 001 finds every δ first
    for sizes, activation, output in (([3, 4, 4, 2], "tanh", "sigmoid"),
                                      ([2, 5, 3, 3], "relu", "softmax")):
        net = Network(sizes, seed=3, activation=activation, output=output)
        x, y = [[0.3], [-0.7], [0.9]][:sizes[0]], [[0.0]] * (sizes[-1] - 1) + [[1.0]]
        z, a = backprop.forward(net, x)
        nabla_w, nabla_b, dz = {}, {}, subtract(a[net.L], y)
        for l in range(net.L, 1, -1):
            nabla_w[l], nabla_b[l] = matmul(dz, transpose(a[l - 1])), dz    # dW = dz aᵀ, db = dz
            if l > 2:
                da = matmul(transpose(net.w[l]), dz)                         # da = Wᵀ dz
                dz = hadamard(da, apply(net.sigma_prime[l - 1], z[l - 1]))   # dz = da ⊙ g'(z)
        assert (nabla_w, nabla_b) == backprop_one(net, x, y)

def test_softmax_jacobian_contracted_with_grad_C_leaves_a_minus_y():
    # J_kj = ∂a_k/∂z_j = a_k ([k = j] − a_j), checked by central differences of softmax, and
    # Σ_k ∂C/∂a_k J_kj = a_j − y_j for C = −Σ_k y_k ln a_k with Σ_k y_k = 1 (docs/derivation.md)
    z, y, eps = [[0.3], [-1.2], [2.0], [0.1]], [0.0, 0.0, 1.0, 0.0], 1e-6
    a = [v for (v,) in backprop.softmax(z)]
    J = [[a[k] * ((k == j) - a[j]) for j in range(4)] for k in range(4)]
    for j in range(4):
        up, down = ([[v + s * eps * (i == j)] for i, (v,) in enumerate(z)] for s in (1, -1))
        for k, (p, m) in enumerate(zip(backprop.softmax(up), backprop.softmax(down))):
            assert abs((p[0] - m[0]) / (2 * eps) - J[k][j]) < 1e-8
    delta = [sum(-y[k] / a[k] * J[k][j] for k in range(4)) for j in range(4)]
    assert max(abs(delta[j] - (a[j] - y[j])) for j in range(4)) < 1e-12

def test_000s_equation_6_has_matching_shapes_only_read_as_B():
    # δ^(l+1) (w^l)ᵀ as written cannot be multiplied for sizes [2, 3, 2]; ((w^l)ᵀ δ^(l+1)) ⊙
    # a^l(1 − a^l), with 000's w^l = our w[l+1], is (B)
    net, x, y = Network([2, 3, 2], seed=0), [[0.5], [0.2]], [[1.0], [0.0]]
    z, a = backprop.forward(net, x)
    delta_3 = subtract(a[3], y)
    with pytest.raises(ValueError):
        matmul(delta_3, transpose(net.w[3]))
    read = hadamard(matmul(transpose(net.w[3]), delta_3), apply(lambda v: v * (1 - v), a[2]))
    assert largest_gap({2: read}, {2: backprop_one(net, x, y)[1][2]}) < 1e-15


# Training.

def test_train_takes_the_step_w_minus_eta_times_the_gradient_and_returns_the_mean_cost():
    # one batch of all the data: one epoch is one step w^l ← w^l − η ∂C/∂w^l, then C of all
    net = Network([2, 3, 1], seed=0)
    X, Y = transpose([x for x, y in XOR]), transpose([y for x, y in XOR])
    nabla_w, nabla_b = backprop_batch(net, X, Y)
    expected = subtract(net.w[2], scale(0.5, nabla_w[2])), subtract(net.b[3], scale(0.5, nabla_b[3]))
    costs = train(net, XOR, epochs=1, eta=0.5, batch_size=4)
    assert largest_gap({2: net.w[2], 3: net.b[3]}, {2: expected[0], 3: expected[1]}) < 1e-15
    assert costs == [pytest.approx(sum(cost(net, column(x), column(y)) for x, y in XOR) / 4)]

def test_train_shuffles_a_copy_of_data_each_epoch_with_its_seed():
    # batch_size 1: the steps follow random.Random(seed).shuffle of a copy; data keeps its order
    data = copy.deepcopy(XOR)
    nets = [Network([2, 3, 1], seed=0) for _ in range(3)]
    for net, seed in zip(nets, (1, 1, 2)):
        train(net, data, epochs=1, eta=1.0, seed=seed)
    assert data == XOR and nets[0].w == nets[1].w != nets[2].w
    order, by_hand = list(XOR), Network([2, 3, 1], seed=0)
    random.Random(1).shuffle(order)
    for x, y in order:
        nabla_w, nabla_b = backprop_one(by_hand, column(x), column(y))
        for l in (2, 3):
            by_hand.w[l] = subtract(by_hand.w[l], nabla_w[l])
            by_hand.b[l] = subtract(by_hand.b[l], nabla_b[l])
    assert by_hand.w == nets[0].w

def test_softmax_network_learns_three_separated_classes():
    # a test-sized run: three clusters, each learned by the softmax output
    data = [([x1 + d, x2 + d], [int(k == c) for k in range(3)])
            for c, (x1, x2) in enumerate([(0, 0), (2, 0), (0, 2)]) for d in (-0.2, 0, 0.2)]
    net = Network([2, 6, 3], seed=0, activation="tanh", output="softmax")
    costs = train(net, data, epochs=60, eta=0.5, batch_size=3, seed=0)
    assert costs[-1] < 0.2 * costs[0]
    assert all(max(range(3), key=predict(net, x).__getitem__) == y.index(1) for x, y in data)

@pytest.mark.parametrize("shuffle_seed", range(4))
def test_divergence_stops_training_naming_the_epoch_and_a_smaller_eta(shuffle_seed):
    # eta = 1e300 drives the weights beyond 1e154 whatever the shuffle; train says so
    net = Network([2, 4, 1], seed=0, activation="relu")
    with pytest.raises(ArithmeticError, match=r"diverged in epoch 1: .* try a smaller eta than 1e\+300"):
        train(net, XOR, epochs=10, eta=1e300, seed=shuffle_seed)
    net = Network([2, 4, 1], seed=0)
    net.w[3] = [[1.0, math.nan, 0.0, 0.0]]
    with pytest.raises(ValueError, match=r"holds inf, nan or numbers beyond 1e154 before any step, in w\[3\]"):
        train(net, XOR, epochs=1, eta=0.5)


# The network, the first weights, save and load.

def test_weights_are_keyed_by_layer_2_to_L_and_the_same_seed_gives_the_same_weights():
    # w[l] is n_l x n_(l-1) and b[l] n_l x 1 for l = 2..L; a private Random(seed) each time
    random.seed(123)
    state = random.getstate()
    net, again, other = (Network([3, 5, 4, 2], seed=s) for s in (7, 7, 8))
    assert random.getstate() == state and (net.w, net.b) == (again.w, again.b) and net.w != other.w
    assert sorted(net.w) == sorted(net.b) == [2, 3, 4]
    assert all(shape(net.w[l]) == (net.sizes[l - 1], net.sizes[l - 2]) for l in net.w)
    assert all(shape(net.b[l]) == (net.sizes[l - 1], 1) for l in net.b)
    relu = Network([2, 3, 3, 1], activation="relu")
    assert relu.sigma[2] is relu.sigma[3] is backprop.relu and relu.sigma[4] is backprop.sigmoid

@pytest.mark.parametrize("activation, sd, bias", [("sigmoid", 1 / 20, 0.0), ("tanh", 1 / 20, 0.0),
                                                  ("relu", math.sqrt(2 / 400), 0.1)])
def test_first_weights_have_mean_0_and_a_spread_set_by_the_layer_before(activation, sd, bias):
    # w^l_jk ~ N(0, 1/n_(l-1)), or N(0, 2/n_(l-1)) for relu; hidden biases 0 (0.1 for relu)
    net = Network([400, 50, 3], seed=0, activation=activation)
    weights = [v for row in net.w[2] for v in row]  # 20000 draws
    m = sum(weights) / len(weights)
    spread = math.sqrt(sum((v - m) ** 2 for v in weights) / len(weights))
    assert abs(m) < 0.05 * sd and abs(spread / sd - 1) < 0.03
    assert {v for (v,) in net.b[2]} == {bias} and {v for (v,) in net.b[3]} == {0.0}

@pytest.mark.parametrize("kwargs", [{}, dict(cost="quadratic", activation="tanh"),
                                    dict(activation="relu", output="softmax")])
def test_load_gives_back_the_saved_network_to_the_last_bit(tmp_path, kwargs):
    # JSON keeps the shortest digits that read back as the same float
    net = Network([3, 5, 4, 2], seed=9, **kwargs)
    train(net, [([0.1, 0.2, 0.3], [1, 0])], epochs=3, eta=0.7)
    backprop.save(net, tmp_path / "net.json")
    again = backprop.load(tmp_path / "net.json")
    assert repr(again) == repr(net) and (again.w, again.b) == (net.w, net.b)
    assert json.loads((tmp_path / "net.json").read_text())["w"].keys() == {"2", "3", "4"}

GOOD = '"sizes": [2, 1], "cost": "cross_entropy", "activation": "sigmoid", "output": "sigmoid"'

@pytest.mark.parametrize("text, says", [
    (None, "cannot read"), ("", "is not a network written by save()"),
    ("[1, 2]", "it needs the keys sizes, cost, activation, output, w, b"),
    ("{%s, \"w\": {\"2\": [[NaN, 1]]}, \"b\": {\"2\": [[0]]}}" % GOOD, "NaN is not a finite number"),
    ("{%s, \"w\": {\"3\": [[0, 1]]}, \"b\": {\"2\": [[0]]}}" % GOOD, "net.w must be a dict keyed by layer"),
    ("{%s, \"w\": {\"2\": [[0, 1, 2]]}, \"b\": {\"2\": [[0]]}}" % GOOD, "w[2] must be 1x2 (n_2 x n_1)"),
    ("{%s, \"w\": {\"2\": [[\"__import__('os')\", 1]]}, \"b\": {\"2\": [[0]]}}" % GOOD,
     "w[2][0][0] must be a finite number"),
    (("{%s, \"w\": {\"2\": [[0, 1]]}, \"b\": {\"2\": [[0]]}}" % GOOD).replace("cross_entropy", "hinge"),
     "cost must be one of"),
], ids=["missing", "empty", "not-a-dict", "nan", "layers", "shape", "string", "cost"])
def test_load_refuses_a_malformed_file_naming_it_and_running_nothing(tmp_path, text, says):
    # a ValueError that names the file and what is wrong; the file is data, never code
    path = tmp_path / "bad.json"
    if text is not None:
        path.write_text(text)
    with pytest.raises(ValueError) as e:
        backprop.load(path)
    assert str(e.value).startswith(f"load: ") and str(path) in str(e.value) and says in str(e.value)


# Checks at the door: one test per kind of message, asserting what it must contain.

NET = Network([2, 3, 1], seed=0)
X1 = [[0.5], [0.5]]

@pytest.mark.parametrize("call, says", [
    (lambda: Network([2]), "sizes must be a list of at least 2 layer sizes (input and output), such as [2, 4, 1]"),
    (lambda: Network(range(2, 5)), "list(range(2, 5)) makes the list"),
    (lambda: Network([2, 0, 1]), "layer 2 has size 0"),
    (lambda: Network([2, 1], cost="log"), "cost must be one of 'cross_entropy', 'quadratic', got 'log'"),
    (lambda: Network([2, 1], activation="softmax"), "activation must be one of 'sigmoid', 'tanh', 'relu'"),
    (lambda: Network([2, 3], output="softmax", cost="quadratic"), "this code takes a softmax output only with the cross-entropy cost"),
    (lambda: backprop_one(X1, NET, [[1]]), "the first argument must be a Network, such as Network([2, 4, 1]), "
                                           "got [[0.5], [0.5]]; the order is backprop(net, ...)"),
    (lambda: feedforward(NET, [0.5, 0.5]), "x must be a 2x1 column for sizes [2, 3, 1], got the flat list "
                                           "[0.5, 0.5]; column([0.5, 0.5]) makes the column"),
    (lambda: backprop_batch(NET, [[0, 1], [1, 0]], [0, 1]), "[[0, 1]] is the 1xm matrix, one column per example"),
    (lambda: backprop_batch(NET, [0, 1, 1, 0], [[0, 1]]), "write 2 rows, one per neuron, each with one entry"),
    (lambda: feedforward(NET, [[0.5, 0.5]]), "x must be 2x1 for sizes [2, 3, 1], got 1x2"),
    (lambda: backprop_batch(NET, [[0, 1], [1]], [[0, 1]]), "X must be 2xm for sizes [2, 3, 1], got rows of lengths [1, 2]"),
    (lambda: backprop_batch(NET, [[0, 1], [1, 0]], [[1, 1, 0]]), "Y must be 1x2 for sizes [2, 3, 1], got 1x3"),
    (lambda: feedforward(NET, "x"), "x must be 2x1 for sizes [2, 3, 1], got 'x', not a list of rows"),
    (lambda: cost(NET, [[0.5], [math.nan]], [[1]]), "cost: x[1][0] must be a finite number, got nan"),
    (lambda: backprop_one(NET, [[0.5], [10 ** 400]], [[1]]), "x[1][0] must be a finite number"),
    (lambda: backprop_one(NET, X1, [[2]]), "each target must lie in [0, 1], the range of a^L, got 2"),
    (lambda: backprop_one(Network([2, 3], output="softmax"), X1, [[1], [1], [0]]),
     "each target column must sum to 1 (one-hot, such as [0, 1, 0]), but column 0 sums to 2"),
    (lambda: numerical_gradient(NET, X1, [[1]], eps=0), "eps must be a number between 0 and 1"),
    (lambda: predict(NET, [[0.5], [0.5]]), "predict: x must be a flat list of 2 finite numbers, such as [0, 0]"),
    (lambda: train(NET, [], 1, 0.5), "data must be a non-empty list of (x, y) pairs"),
    (lambda: train(NET, XOR, 0, 0.5), "epochs must be an int >= 1, got 0"),
    (lambda: train(NET, XOR, 1, math.inf), "eta must be a finite number > 0, such as 0.5, got inf"),
    (lambda: train(NET, [([0, 1], 1)], 1, 0.5), "data[0] must be an (x, y) pair of flat lists, such as ([0, 0], [0])"),
    (lambda: train(NET, [([0, 1], [1]), ([0], [1])], 1, 0.5), "data[1]'s x must be a flat list of 2 finite numbers"),
    (lambda: train(NET, [([0, 1], [3])], 1, 0.5), "train: data[0]'s y: each target must lie in [0, 1]"),
])
def test_bad_input_is_a_value_error_saying_what_was_expected_and_what_came(call, says):
    # each entry point checks its arguments before any arithmetic, in one call
    with pytest.raises(ValueError) as e:
        call()
    assert says in str(e.value)

def test_a_weight_set_by_hand_in_the_wrong_shape_is_named_with_its_layer_and_shape():
    # w[3] must be n_3 x n_2 = 1x3 for sizes [2, 3, 1]; b[2] a column; net.w a dict of layers
    for name, value, says in (("w", {2: NET.w[2], 3: [[1, 2]]}, "feedforward: w[3] must be 1x3 (n_3 x n_2)"),
                              ("b", {2: [0.1] * 3, 3: [[0]]}, "feedforward: b[2] must be a 3x1 (n_2 x 1) column"),
                              ("w", [[1, 2]], "net.w must be a dict keyed by layer number (2 to L = 3)")):
        net = copy.deepcopy(NET)
        setattr(net, name, value)
        with pytest.raises(ValueError) as e:
            feedforward(net, X1)
        assert says in str(e.value)

def test_a_cost_with_no_formula_or_no_equation_A_is_an_error_saying_what_to_add(monkeypatch):
    # a cost added to COSTS alone must not silently be measured or differentiated as another
    monkeypatch.setattr(backprop, "COSTS", backprop.COSTS + ("hinge",))
    net = Network([2, 2, 1], seed=0, cost="hinge")
    with pytest.raises(ValueError, match=r"the cost 'hinge' has no formula: add the branch elif net.cost == 'hinge'"):
        cost(net, X1, [[1]])
    for call in (lambda: backprop_one(net, X1, [[1]]), lambda: backprop_batch(net, X1, [[1]])):
        with pytest.raises(ValueError, match=r"has no \(A\) line: add the branch .* to step 3"):
            call()

def test_every_real_number_is_accepted_and_finite_inputs_whose_sum_overflows_too():
    # Fraction is a numbers.Real as numpy's numbers are; 1e308 + 1e308 overflows, each is finite
    from fractions import Fraction as F
    net = Network([2, 2, 1], seed=0)
    assert predict(net, [F(1, 2), 1]) == predict(net, [0.5, 1.0])
    train(net, [([F(1, 2), 1], [F(1, 3)])], epochs=1, eta=F(1, 10))
    wide = Network([2, 1])
    wide.w[2] = [[1.0, -0.5]]
    assert backprop_one(wide, [[1e308], [1e308]], [[0]]) == ({2: [[1e308, 1e308]]}, {2: [[1.0]]})

def test_cost_and_gradient_stay_finite_when_the_output_saturates():
    # z^L = ±2000 rounds a^L to 0 or 1; cross-entropy is then ≈ |z|, never ln 0
    for cost_name in ("quadratic", "cross_entropy"):
        net = Network([1, 1], cost=cost_name)
        net.w[2] = [[1000.0]]
        for x, y in [([[2]], [[0]]), ([[-2]], [[1]])]:
            assert math.isfinite(cost(net, x, y))
            assert all(math.isfinite(g[2][0][0]) for g in backprop_one(net, x, y))
    assert cost(net, [[2]], [[0]]) == pytest.approx(2000.0)
    assert [backprop.sigmoid(-1000), backprop.sigmoid(1000), backprop.softplus(1000)] == [0.0, 1.0, 1000.0]
    assert backprop.softmax([[1000.0], [-1000.0], [1000.0]]) == [[0.5], [0.0], [0.5]]

def test_no_function_changes_its_arguments():
    # x, y, X, Y and the network come back as they went in (train changes only net), though
    # numerical_gradient moves each weight and bias in turn and puts it back
    net, x, y, X, Y = Network([2, 3, 1], seed=0), [[0.5], [0.25]], [[1]], [[0, 1], [1, 0]], [[1, 0]]
    kept = copy.deepcopy((net.w, net.b, x, y, X, Y))
    feedforward(net, x), cost(net, x, y), backprop_one(net, x, y), gradient_check(net, x, y)
    backprop_batch(net, X, Y), predict(net, [0.5, 0.25]), backprop.forward(net, X)
    assert (net.w, net.b, x, y, X, Y) == kept

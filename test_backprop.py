"""Tests: each name states a fact about matrix.py or backprop.py."""
import copy
import doctest
import inspect
import json
import math
import os
import random
import re
import subprocess
import sys

import pytest

import backprop

import matrix
from backprop import (Network, backprop as backprop_one, backprop_batch, cost,
                      feedforward, numerical_gradient, predict, train)
from matrix import (add, apply, column, hadamard, matmul, row_sums, scale, shape,
                    subtract, transpose)

XOR = [([0, 0], [0]), ([0, 1], [1]), ([1, 0], [1]), ([1, 1], [0])]
COMBINATIONS = [(c, a) for c in backprop.COSTS for a in backprop.ACTIVATIONS]


def max_relative_difference(G, N):
    """The largest |g - n| / max(|g|, |n|, 1e-4) over every entry of two gradients.

    The two must have the same layers and shapes first.  Central differences
    carry about 1e-10 of rounding error, a large part of an entry near 0, so
    entries smaller than 1e-4 are measured against 1e-4.
    """
    assert sorted(G) == sorted(N)
    assert all(shape(G[l]) == shape(N[l]) for l in G), "the gradients differ in shape"
    return max(abs(g - n) / max(abs(g), abs(n), 1e-4)
               for l in G for g_row, n_row in zip(G[l], N[l]) for g, n in zip(g_row, n_row))


def random_example(sizes, seed):
    rng = random.Random(seed)
    x = [[rng.uniform(-1, 1)] for _ in range(sizes[0])]
    y = [[rng.random()] for _ in range(sizes[-1])]
    return x, y


def hidden_z(net, x):
    """z^l for the hidden layers l = 2..L-1."""
    z, a = backprop.forward(net, x)
    return {l: z[l] for l in range(2, net.L)}


# matrix.py

def triple_sum(A, B):
    return [[sum(A[i][k] * B[k][j] for k in range(len(B))) for j in range(len(B[0]))]
            for i in range(len(A))]


@pytest.mark.parametrize("n, k, m", [(1, 1, 1), (3, 1, 5), (4, 2, 1), (2, 3, 20), (2, 3, 30),
                                     (5, 5, 5), (3, 2, 4), (2, 6, 3)])
def test_matmul_equals_the_triple_sum_on_every_shape(n, k, m):
    # matmul takes different routes by shape; every route gives Σ_k A[i][k] B[k][j]
    rng = random.Random(n * 100 + k * 10 + m)
    A = [[rng.randint(-9, 9) for _ in range(k)] for _ in range(n)]
    B = [[rng.randint(-9, 9) for _ in range(m)] for _ in range(k)]
    assert matmul(A, B) == triple_sum(A, B)


def test_matmul_error_names_operation_and_both_shapes():
    # the message names the operation, both shapes and the rule
    with pytest.raises(ValueError) as e:
        matmul([[1, 2, 3], [4, 5, 6]], [[1], [2]])
    assert str(e.value) == ("matmul: A is 2x3 and B is 2x1; "
                            "A's columns (3) must equal B's rows (2)")


@pytest.mark.parametrize("op", [hadamard, add, subtract])
def test_entrywise_operations_need_equal_shapes(op):
    # A ⊙ B, A + B and A − B are defined only for matrices of the same shape
    with pytest.raises(ValueError) as e:
        op([[1], [2]], [[1], [2], [3]])
    assert str(e.value) == (f"{op.__name__}: A is 2x1 and B is 3x1; "
                            f"{op.__name__} needs A and B of the same shape")


def test_entrywise_operations_and_transpose_compute_their_formulas():
    # each result checked entry by entry against its index formula
    A, B = [[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]
    assert hadamard(A, B) == [[7, 16, 27], [40, 55, 72]]
    assert add(A, B) == [[8, 10, 12], [14, 16, 18]]
    assert subtract(A, B) == [[-6, -6, -6], [-6, -6, -6]]
    assert scale(-2, A) == [[-2, -4, -6], [-8, -10, -12]]
    assert apply(lambda v: v * v, A) == [[1, 4, 9], [16, 25, 36]]
    assert transpose(A) == [[1, 4], [2, 5], [3, 6]]
    assert transpose([[1], [2], [3]]) == [[1, 2, 3]]
    assert row_sums(A) == [[6], [15]]
    assert column([1.5, 2]) == [[1.5], [2]]
    assert shape(A) == (2, 3)


@pytest.mark.parametrize("bad, says", [
    ([[1, 2], [3]], "A is ragged: its rows must be equally long, but A[0] has length 2 "
                    "and A[1] has length 1"),
    ([], "must be a matrix (a non-empty list of rows), got []"),
    ([[]], "has empty rows"),
    (5, "must be a matrix (a non-empty list of rows), got 5"),
    ("ab", "must be a matrix"),
    ([1, 2, 3], "A[0] is 1, not a row (a list of numbers); a column vector is written "
                "[[1], [2], [3]], not [1, 2, 3]"),
    ([[1], None], "A[1] is None, not a row"),
], ids=["ragged", "empty", "empty-rows", "number", "string", "flat-list", "None-row"])
def test_shape_rejects_what_is_not_a_matrix(bad, says):
    # ragged, empty or non-list input is a ValueError that says what is wrong
    with pytest.raises(ValueError) as e:
        shape(bad)
    assert says in str(e.value)
    assert str(e.value).startswith("shape: ")


@pytest.mark.parametrize("op", [add, subtract, hadamard])
def test_entry_by_entry_operations_refuse_a_tuple_for_a_row_as_shape_does(op):
    with pytest.raises(ValueError, match=rf"{op.__name__}: B\[0\] is \(3, 4\), not a row"):
        op([[1, 2]], [(3, 4)])


def test_scale_refuses_a_tuple_for_a_row_as_shape_does():
    with pytest.raises(ValueError, match=r"scale: A\[0\] is \(1,\), not a row"):
        scale(0.5, [(1,), (2,)])


@pytest.mark.parametrize("call, says", [
    (lambda: add([["1"]], [["2"]]), "add: A[0][0] is '1', not a number"),
    (lambda: add([[1], [2]], [[1], [[2]]]), "add: B[1][0] is [2], not a number"),
    (lambda: add([["1", "2"]], [["3", "4"]]), "add: A[0][0] is '1', not a number"),
    (lambda: subtract([[1, 2]], [[1, "x"]]), "subtract: B[0][1] is 'x', not a number"),
    (lambda: hadamard([[2]], [["a"]]), "hadamard: B[0][0] is 'a', not a number"),
    (lambda: scale(2, [["a"]]), "scale: A[0][0] is 'a', not a number"),
    (lambda: scale(0.5, [[1], ["a"]]), "scale: A[1][0] is 'a', not a number"),
    (lambda: scale("2", [[1]]), "scale: c must be a number, got '2'"),
    (lambda: matmul([["a"], [2]], [[2, 3]]), "matmul: A[0][0] is 'a', not a number"),
    (lambda: matmul([[2]], [["a", 1]]), "matmul: B[0][0] is 'a', not a number"),
    (lambda: matmul([[1, 2]], [[1], [None]]), "matmul: B[1][0] is None, not a number"),
    (lambda: matmul([[1, 2]], [["ab"] * 16, [1] * 16]), "matmul: B[0][0] is 'ab', not a number"),
    (lambda: matmul([[1, 2], [3, 4]], [[1, 2], ["a", 4]]), "matmul: B[1][0] is 'a'"),
    (lambda: row_sums([[1, "2"]]), "row_sums: A[0][1] is '2', not a number"),
    (lambda: column([1, "2"]), "column: values[1] is '2', not a number"),
])
def test_an_entry_that_is_not_a_number_is_a_type_error_naming_it(call, says):
    # '1' + '2' or 2 * 'a' would give a silent result; each must be refused instead
    with pytest.raises(TypeError) as e:
        call()
    assert says in str(e.value)


def test_column_rejects_a_column_and_an_empty_list():
    # column() takes a flat list; handing it a column is a mistake worth naming
    with pytest.raises(ValueError, match=r"is it a column already\?"):
        column([[1], [2]])
    with pytest.raises(ValueError, match="non-empty flat list"):
        column([])


def test_apply_needs_a_function():
    # apply(f, A) with f not callable fails at once, naming f
    with pytest.raises(TypeError, match="apply: f must be a function"):
        apply(2, [[1]])


def test_matrix_functions_do_not_mutate_arguments():
    # every function returns new lists and leaves its arguments as they were
    A, B, C = [[1, 2], [3, 4]], [[5, 6], [7, 8]], [[1], [2]]
    kept = copy.deepcopy((A, B, C))
    results = [transpose(A), transpose(C), matmul(A, B), matmul(C, [[1, 2]]), matmul(A, C),
               hadamard(A, B), add(A, B), subtract(A, B), scale(3, A), apply(abs, A),
               row_sums(A), column([1, 2])]
    assert (A, B, C) == kept
    for result in results:
        for row in result:
            assert all(row is not r for r in A + B + C)


def test_matrix_doctests_pass():
    # the examples in matrix.py's docstrings are run, so they cannot go stale
    result = doctest.testmod(matrix)
    assert result.attempted >= 10 and result.failed == 0


# backprop.py: the network

def test_weights_are_keyed_by_layer_2_to_L_with_shape_n_l_by_n_l_minus_1():
    # w[l] is w^l, n_l x n_(l-1); b[l] is n_l x 1; there is no w[1]
    net = Network([3, 5, 4, 2], seed=0)
    assert net.L == 4 and net.sizes == [3, 5, 4, 2]
    assert sorted(net.w) == sorted(net.b) == [2, 3, 4]
    for l in range(2, net.L + 1):
        assert shape(net.w[l]) == (net.sizes[l - 1], net.sizes[l - 2])
        assert shape(net.b[l]) == (net.sizes[l - 1], 1)


def test_same_seed_gives_same_weights_and_leaves_the_global_generator_alone():
    # Network uses its own random.Random(seed), never the module-level generator
    random.seed(123)
    state = random.getstate()
    a, b, c = Network([2, 4, 1], seed=7), Network([2, 4, 1], seed=7), Network([2, 4, 1], seed=8)
    assert random.getstate() == state
    assert (a.w, a.b) == (b.w, b.b)
    assert a.w != c.w


def test_output_layer_is_sigmoid_whatever_the_hidden_activation():
    # activation sets σ for layers 2..L-1 only
    net = Network([2, 3, 3, 1], activation="relu")
    assert net.sigma[2] is net.sigma[3] is backprop.relu
    assert net.sigma[4] is backprop.sigmoid
    assert net.sigma_prime[4] is backprop.sigmoid_prime


@pytest.mark.parametrize("kwargs, says", [
    (dict(sizes=[2]), "sizes must be a list of at least 2 layer sizes (input and output), such "
                      "as [2, 4, 1], got [2]"),
    (dict(sizes=5), "such as [2, 4, 1], got 5"),
    (dict(sizes=range(2, 5)), "got range(2, 5); list(range(2, 5)) makes the list"),
    (dict(sizes=[2, 0, 1]), "layer 2 has size 0"),
    (dict(sizes=[2, 1.5]), "layer 2 has size 1.5"),
    (dict(sizes=[2, True]), "layer 2 has size True"),
    (dict(sizes=[2, 1], cost="log"), "cost must be one of 'cross_entropy', 'quadratic', got 'log'"),
    (dict(sizes=[2, 1], activation="softmax"),
     "activation must be one of 'sigmoid', 'tanh', 'relu', got 'softmax'"),
    (dict(sizes=[2, 3], output="linear"), "output must be one of 'sigmoid', 'softmax', got 'linear'"),
    (dict(sizes=[2, 3], output="softmax", cost="quadratic"),
     "a softmax output needs the cross-entropy cost, with which (A) is a^L - y, and at least 2 "
     "output neurons, one per class; got cost 'quadratic' and sizes [2, 3]"),
    (dict(sizes=[2, 1], output="softmax"), "got cost 'cross_entropy' and sizes [2, 1]"),
])
def test_network_rejects_bad_arguments_listing_what_is_allowed(kwargs, says):
    # a wrong size, cost or activation is a ValueError naming the choices
    with pytest.raises(ValueError) as e:
        Network(**kwargs)
    assert says in str(e.value)


def test_feedforward_gives_an_n_L_by_1_column_and_predict_a_flat_list():
    # feedforward takes and gives columns; predict takes and gives flat lists
    net = Network([3, 4, 2], seed=1)
    a = feedforward(net, [[0.1], [0.2], [0.3]])
    assert shape(a) == (2, 1)
    assert predict(net, [0.1, 0.2, 0.3]) == [a[0][0], a[1][0]]


# backprop.py: the gradient

SHAPES = [[2, 1], [2, 3, 1], [3, 4, 4, 2]]


@pytest.mark.parametrize("sizes", SHAPES, ids=["2-1", "2-3-1", "3-4-4-2"])
@pytest.mark.parametrize("cost_name, activation", COMBINATIONS)
def test_backprop_matches_central_differences(sizes, cost_name, activation):
    # (A)-(D) give the same gradient as (C(p + ε) − C(p − ε)) / 2ε, entry by entry
    net = Network(sizes, seed=3, cost=cost_name, activation=activation)
    x, y = random_example(sizes, seed=4)
    if activation == "relu":
        near = [abs(v) for z in hidden_z(net, x).values() for (v,) in z if abs(v) < 1e-3]
        assert not near, f"a z^l lies within 1e-3 of relu's kink: {near}"
    difference = max(max_relative_difference(g, n)
                     for g, n in zip(backprop_one(net, x, y), numerical_gradient(net, x, y)))
    assert difference < 1e-6


def test_numerical_gradient_leaves_the_network_as_it_was():
    # every perturbed weight and bias is put back
    net = Network([2, 3, 1], seed=0)
    before = copy.deepcopy((net.w, net.b))
    numerical_gradient(net, [[0.5], [-0.5]], [[1]])
    assert (net.w, net.b) == before


def test_gradients_are_keyed_like_the_weights():
    # nabla_w[l] has the shape of w^l and nabla_b[l] the shape of b^l
    net = Network([3, 4, 4, 2], seed=0)
    nabla_w, nabla_b = backprop_one(net, *random_example(net.sizes, 0))
    for l in range(2, net.L + 1):
        assert shape(nabla_w[l]) == shape(net.w[l])
        assert shape(nabla_b[l]) == shape(net.b[l])


def test_hand_worked_2_2_1_example():
    # A 2-2-1 sigmoid network with round weights, worked with a pencil:
    #   x = (1, 2), y = 1
    #   w^2 = [[2, -1], [1, -0.5]], b^2 = 0   ->  z^2 = (2 - 2, 1 - 1) = (0, 0)
    #   a^2 = σ(0) = (0.5, 0.5)
    #   w^3 = [[2, -2]], b^3 = 0              ->  z^3 = 1 - 1 = 0, a^3 = 0.5
    #   C = −ln 0.5 = 0.693147
    #   (A) cross-entropy: δ^3 = a^3 − y = −0.5
    #   (B) δ^2 = (w^3)ᵀ δ^3 ⊙ σ'(z^2) = (2·−0.5, −2·−0.5) ⊙ (0.25, 0.25) = (−0.25, 0.25)
    #   (C) ∂C/∂w^3 = δ^3 (a^2)ᵀ = [[−0.25, −0.25]]
    #       ∂C/∂w^2 = δ^2 xᵀ = [[−0.25, −0.5], [0.25, 0.5]]
    #   (D) ∂C/∂b^3 = −0.5, ∂C/∂b^2 = (−0.25, 0.25)
    net = Network([2, 2, 1])
    net.w[2], net.b[2] = [[2, -1], [1, -0.5]], [[0], [0]]
    net.w[3], net.b[3] = [[2, -2]], [[0]]
    x, y = [[1], [2]], [[1]]
    assert feedforward(net, x) == [[0.5]]
    assert cost(net, x, y) == pytest.approx(0.693147, abs=1e-6)
    nabla_w, nabla_b = backprop_one(net, x, y)
    assert nabla_w == {3: [[-0.25, -0.25]], 2: [[-0.25, -0.5], [0.25, 0.5]]}
    assert nabla_b == {3: [[-0.5]], 2: [[-0.25], [0.25]]}


def test_hand_worked_2_2_1_example_with_the_quadratic_cost():
    # The same network and example with C = ½‖y − a^3‖²:
    #   C = ½ (1 − 0.5)² = 0.125
    #   (A) δ^3 = (a^3 − y) ⊙ σ'(z^3) = −0.5 · 0.25 = −0.125
    #   (B) δ^2 = (2·−0.125, −2·−0.125) ⊙ (0.25, 0.25) = (−0.0625, 0.0625)
    #   (C) ∂C/∂w^3 = [[−0.0625, −0.0625]], ∂C/∂w^2 = [[−0.0625, −0.125], [0.0625, 0.125]]
    net = Network([2, 2, 1], cost="quadratic")
    net.w[2], net.b[2] = [[2, -1], [1, -0.5]], [[0], [0]]
    net.w[3], net.b[3] = [[2, -2]], [[0]]
    x, y = [[1], [2]], [[1]]
    assert cost(net, x, y) == 0.125
    nabla_w, nabla_b = backprop_one(net, x, y)
    assert nabla_w == {3: [[-0.0625, -0.0625]], 2: [[-0.0625, -0.125], [0.0625, 0.125]]}
    assert nabla_b == {3: [[-0.125]], 2: [[-0.0625], [0.0625]]}


@pytest.mark.parametrize("cost_name", backprop.COSTS)
def test_output_delta_is_the_literal_equation_A(cost_name):
    # δ^L = ∇_a C ⊙ σ'(z^L), where for cross-entropy ∇_a C = (a − y) / (a (1 − a))
    # and for the quadratic cost ∇_a C = a − y; backprop gives δ^L as nabla_b[L] by (D)
    net = Network([3, 4, 2], seed=5, cost=cost_name)
    x, y = [[0.3], [-0.8], [0.5]], [[1], [0.25]]
    z, a = backprop.forward(net, x)
    z_L, a_L = z[3], a[3]
    if cost_name == "cross_entropy":
        grad_a = [[(a - t) / (a * (1 - a))] for (a,), (t,) in zip(a_L, y)]
    else:
        grad_a = subtract(a_L, y)
    literal = hadamard(grad_a, apply(backprop.sigmoid_prime, z_L))
    delta_L = backprop_one(net, x, y)[1][3]
    for (d,), (expected,) in zip(delta_L, literal):
        assert d == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("cost_name, activation", COMBINATIONS)
def test_batch_gradient_is_mean_of_example_gradients(cost_name, activation):
    # Ng's dW = 1/m dZ Aᵀ and db = 1/m Σ dZ average the m single-example gradients
    net = Network([3, 4, 4, 2], seed=6, cost=cost_name, activation=activation)
    examples = [random_example(net.sizes, seed) for seed in range(5)]
    X = [[x[i][0] for x, y in examples] for i in range(3)]
    Y = [[y[i][0] for x, y in examples] for i in range(2)]
    batch_w, batch_b = backprop_batch(net, X, Y)
    singles = [backprop_one(net, x, y) for x, y in examples]
    for l in range(2, net.L + 1):
        mean_w = scale(1 / 5, [list(map(sum, zip(*rows))) for rows in
                               zip(*[s[0][l] for s in singles])])
        mean_b = scale(1 / 5, [list(map(sum, zip(*rows))) for rows in
                               zip(*[s[1][l] for s in singles])])
        assert max_relative_difference({l: batch_w[l]}, {l: mean_w}) < 1e-12
        assert max_relative_difference({l: batch_b[l]}, {l: mean_b}) < 1e-12


def test_batch_of_one_repeated_example_equals_single_example():
    # the mean of m copies of one gradient is that gradient
    net = Network([2, 3, 1], seed=1)
    x, y = [[0.2], [0.7]], [[1]]
    X, Y = [[0.2] * 4, [0.7] * 4], [[1] * 4]
    single, batch = backprop_one(net, x, y), backprop_batch(net, X, Y)
    for s, b in zip(single, batch):
        assert max_relative_difference(s, b) < 1e-12


def test_backprop_source_tags_each_equation_A_to_D_and_the_five_steps():
    # a reader finds each step as a block comment and each equation on its own tagged line
    source = inspect.getsource(backprop_one)
    for step in ["# 1. ", "# 2. ", "# 3. ", "# 4. ", "# 5. "]:
        assert source.count(step) == 1, step
    tagged = {tag: [line.strip() for line in source.splitlines() if f"# ({tag})" in line]
              for tag in "ABCD"}
    assert len(tagged["A"]) == 2  # one line for each cost
    assert tagged["B"] == ["delta[l] = hadamard(matmul(transpose(w[l + 1]), delta[l + 1]), "
                           "apply(sigma_prime[l], z[l]))  # (B)"]
    assert tagged["C"] == ["nabla_w[l] = matmul(delta[l], transpose(a[l - 1]))  # (C)"]
    assert tagged["D"][0].startswith("nabla_b[l] = delta[l]")
    assert source.index("# 1. ") < source.index("# 2. ") < source.index("# (A)") \
        < source.index("# (B)") < source.index("# (C)") < source.index("# (D)")


def test_backprop_doctests_pass():
    # the examples in backprop.py's docstrings are run, so they cannot go stale
    result = doctest.testmod(backprop)
    assert result.attempted >= 10 and result.failed == 0


# backprop.py: numbers that stay finite

def test_sigmoid_softplus_and_derivatives_stay_finite_far_from_zero():
    # e^(-z) is never formed for z << 0, so nothing overflows at |z| = 1000 and beyond
    for z in [-1e308, -1000.0, -745.0, 0.0, 745.0, 1000.0, 1e308]:
        for f in [backprop.sigmoid, backprop.sigmoid_prime, backprop.softplus,
                  backprop.tanh_prime, backprop.relu]:
            assert math.isfinite(f(z)), (f.__name__, z)
    assert backprop.sigmoid(-1000) == 0.0 and backprop.sigmoid(1000) == 1.0
    assert backprop.softplus(1000) == 1000.0


@pytest.mark.parametrize("cost_name", backprop.COSTS)
def test_cost_and_gradient_stay_finite_when_the_output_saturates(cost_name):
    # z^L = ±2000 makes a^L round to exactly 0 or 1; cross-entropy is then ≈ |z|, not ln 0
    net = Network([1, 1], cost=cost_name)
    net.w[2] = [[1000.0]]
    for x, y in [([[2]], [[0]]), ([[-2]], [[1]]), ([[2]], [[1]])]:
        c = cost(net, x, y)
        assert math.isfinite(c)
        nabla_w, nabla_b = backprop_one(net, x, y)
        assert math.isfinite(nabla_w[2][0][0]) and math.isfinite(nabla_b[2][0][0])
    if cost_name == "cross_entropy":
        assert cost(net, [[2]], [[0]]) == pytest.approx(2000.0)


def test_finite_inputs_whose_sum_overflows_are_accepted():
    # 1e308 + 1e308 is inf, yet each entry is finite: the quick look must not refuse them
    net = Network([2, 1])
    net.w[2], net.b[2] = [[1.0, -0.5]], [[0.0]]    # z = 0.5e308, so a^L = 1 and δ^L = 1 for y = 0
    big = [[1e308], [1e308]]
    assert feedforward(net, big) == [[1.0]]
    assert backprop_one(net, big, [[0]]) == ({2: [[1e308, 1e308]]}, {2: [[1.0]]})
    assert backprop_batch(net, [[1e308] * 2] * 2, [[0, 0]]) == ({2: [[1e308, 1e308]]}, {2: [[1.0]]})


# backprop.py: training

def test_train_returns_the_mean_cost_of_each_epoch():
    # one float per epoch, the mean of cost() over the data after that epoch
    net = Network([2, 3, 1], seed=0)
    costs = train(net, XOR, epochs=3, eta=0.5, seed=0)
    assert len(costs) == 3 and all(isinstance(c, float) for c in costs)
    mean = sum(cost(net, column(x), column(y)) for x, y in XOR) / len(XOR)
    assert costs[-1] == pytest.approx(mean, rel=1e-12)


def test_train_takes_the_step_w_minus_eta_times_the_gradient():
    # with one batch of all the data, one epoch is one step w^l ← w^l − η ∂C/∂w^l
    net = Network([2, 3, 1], seed=0)
    X, Y = transpose([x for x, y in XOR]), transpose([y for x, y in XOR])
    nabla_w, nabla_b = backprop_batch(net, X, Y)
    expected_w = subtract(net.w[2], scale(0.5, nabla_w[2]))
    expected_b = subtract(net.b[3], scale(0.5, nabla_b[3]))
    train(net, XOR, epochs=1, eta=0.5, batch_size=4)
    assert max_relative_difference({2: net.w[2]}, {2: expected_w}) < 1e-12
    assert max_relative_difference({3: net.b[3]}, {3: expected_b}) < 1e-12


def test_train_leaves_the_data_as_it_was():
    # train shuffles a copy; the caller's list and pairs keep their order and values
    data = copy.deepcopy(XOR)
    train(Network([2, 2, 1], seed=0), data, epochs=5, eta=0.5, seed=1)
    assert data == XOR


def test_same_seed_gives_the_same_training():
    # the same network seed and shuffle seed give the same costs and weights
    runs = []
    for _ in range(2):
        net = Network([2, 3, 1], seed=4)
        runs.append((train(net, XOR, epochs=20, eta=1.0, batch_size=2, seed=9), net.w, net.b))
    assert runs[0] == runs[1]


def test_divergence_stops_training_naming_the_epoch_and_a_smaller_eta():
    # a huge eta drives the weights to inf or nan; train says so instead of going on
    net = Network([2, 4, 1], seed=0, activation="relu")
    with pytest.raises(ArithmeticError) as e:
        train(net, XOR, epochs=10, eta=1e300, batch_size=4, seed=0)
    message = str(e.value)
    assert "diverged in epoch 1" in message
    assert "try a smaller eta than 1e+300" in message


# backprop.py: input checks at every entry point

NET = Network([2, 3, 1], seed=0)
GOOD_X, GOOD_Y = [[0.5], [0.5]], [[1]]


@pytest.mark.parametrize("call, says", [
    (lambda: feedforward(NET, [0.5, 0.5]),
     "feedforward: x must be a 2x1 column for sizes [2, 3, 1], got the flat list [0.5, 0.5]; "
     "column([0.5, 0.5]) makes the column"),
    (lambda: feedforward(NET, [[0.5], [0.5], [0.5]]),
     "feedforward: x must be 2x1 for sizes [2, 3, 1], got 3x1"),
    (lambda: feedforward(NET, [[0.5, 0.5]]), "feedforward: x must be 2x1 for sizes [2, 3, 1], got 1x2"),
    (lambda: feedforward(NET, [[0.5], [float("nan")]]),
     "feedforward: x[1][0] must be a finite number, got nan"),
    (lambda: feedforward(NET, [[0.5], ["1"]]), "feedforward: x[1][0] must be a finite number, got '1'"),
    (lambda: feedforward(NET, [[0.5], [10 ** 400]]), "feedforward: x[1][0] must be a finite number"),
    (lambda: feedforward(NET, "x"),
     "feedforward: x must be 2x1 for sizes [2, 3, 1], got 'x', not a list of rows"),
    (lambda: cost(NET, GOOD_X, [1]), "cost: y must be a 1x1 column"),
    (lambda: cost(NET, GOOD_X, [[2]]),
     "cost: each target must lie in [0, 1], the range of a^L, got 2"),
    (lambda: backprop_one(NET, GOOD_X, [[1], [0]]), "backprop: y must be 1x1 for sizes [2, 3, 1], got 2x1"),
    (lambda: backprop_one(NET, [[1], [float("inf")]], GOOD_Y), "backprop: x[1][0] must be a finite"),
    (lambda: numerical_gradient(NET, GOOD_X, GOOD_Y, eps=0), "numerical_gradient: eps must be"),
    (lambda: backprop_batch(NET, [[0, 1], [1, 0]], [[1, 1, 0]]),
     "backprop_batch: Y must be 1x2 for sizes [2, 3, 1], got 1x3"),
    (lambda: backprop_batch(NET, [[0, 1]], [[1, 1]]), "backprop_batch: X must be 2xm"),
    (lambda: backprop_batch(NET, [0, 1, 1, 0], [[0, 1, 1, 0]]),
     "got the flat list [0, 1, 1, 0]; write 2 rows, one per neuron, each with one entry per example"),
    (lambda: backprop_batch(NET, [[0, 1], [1]], [[0, 1]]),
     "backprop_batch: X must be 2xm for sizes [2, 3, 1], got rows of lengths [1, 2]"),
    (lambda: backprop_batch(NET, [[0, 1], [1, float("nan")]], [[1, 0]]),
     "backprop_batch: X[1][1] must be a finite number, got nan"),
    (lambda: predict(NET, [[0.5], [0.5]]), "predict: x must be a flat list of 2 finite numbers"),
    (lambda: predict(NET, [0.5]), "predict: x must be a flat list of 2 finite numbers, such as [0, 0], got [0.5]"),
    (lambda: train(NET, [], 1, 0.5), "train: data must be a non-empty list of (x, y) pairs"),
    (lambda: train(NET, XOR, 0, 0.5), "train: epochs must be an int >= 1, got 0"),
    (lambda: train(NET, XOR, 1, 0), "train: eta must be a finite number > 0"),
    (lambda: train(NET, XOR, 1, float("inf")), "train: eta must be a finite number > 0"),
    (lambda: train(NET, XOR, 1, 0.5, batch_size=0), "train: batch_size must be an int >= 1, got 0"),
    (lambda: train(NET, [([0, 1], [1]), ([0], [1])], 1, 0.5),
     "train: data[1]'s x must be a flat list of 2 finite numbers"),
    (lambda: train(NET, [([0, 1], 1)], 1, 0.5),
     "train: data[0] must be an (x, y) pair of flat lists, such as ([0, 0], [0]), got ([0, 1], 1)"),
    (lambda: train(NET, [([0, 1], [1, 0])], 1, 0.5), "train: data[0]'s y must be a flat list of 1"),
    (lambda: train(NET, [([0, 1], [3])], 1, 0.5),
     "train: data[0]'s y: each target must lie in [0, 1], the range of a^L, got 3"),
    (lambda: backprop_batch(NET, [[0, 1], [1, 0]], [[1, -0.5]]),
     "backprop_batch: each target must lie in [0, 1], the range of a^L, got -0.5"),
    (lambda: train(NET, [[0, 1]], 1, 0.5), "train: data[0] must be an (x, y) pair of flat lists"),
])
def test_bad_input_is_a_value_error_saying_what_was_expected_and_what_came(call, says):
    # each entry point checks its arguments before any arithmetic
    with pytest.raises(ValueError) as e:
        call()
    assert says in str(e.value)


@pytest.mark.parametrize("shuffle_seed", range(6))
def test_a_huge_eta_is_always_stopped_whatever_the_shuffle(shuffle_seed):
    # eta = 1e300 may leave the cost finite but huge (1e299); the weights still blow up
    net = Network([2, 4, 1], seed=0, activation="relu")
    with pytest.raises(ArithmeticError, match="diverged in epoch 1"):
        train(net, XOR, epochs=10, eta=1e300, seed=shuffle_seed)


def test_train_refuses_a_network_that_already_holds_nan():
    # weights that are not finite before training are named, not blamed on eta
    net = Network([2, 2, 1], seed=0)
    net.w[3] = [[1.0, float("nan")]]
    with pytest.raises(ValueError, match=r"holds inf, nan or numbers beyond 1e154 before any "
                                         r"step, in w\[3\]"):
        train(net, XOR, epochs=1, eta=0.5)


def test_no_function_changes_its_arguments():
    # x, y, X, Y and the network come back as they went in (train changes only net)
    net = Network([2, 3, 1], seed=0)
    x, y, X, Y = [[0.5], [0.25]], [[1]], [[0, 1], [1, 0]], [[1, 0]]
    kept = copy.deepcopy((net.w, net.b, x, y, X, Y))
    feedforward(net, x), cost(net, x, y), backprop_one(net, x, y)
    backprop_batch(net, X, Y), numerical_gradient(net, x, y), predict(net, [0.5, 0.25])
    assert (net.w, net.b, x, y, X, Y) == kept


# backprop.py: forward, the first weights, shuffling

def test_forward_gives_z_and_a_keyed_by_layer_with_a1_equal_to_x():
    # forward is steps 1 and 2: a[1] = x, then z^l = w^l a^(l-1) + b^l and a^l = σ(z^l)
    net = Network([3, 4, 2], seed=1, activation="tanh")
    x = [[0.1], [0.2], [0.3]]
    z, a = backprop.forward(net, x)
    assert sorted(z) == [2, 3] and sorted(a) == [1, 2, 3] and a[1] == x
    for l in (2, 3):
        assert z[l] == add(matmul(net.w[l], a[l - 1]), net.b[l])
        assert a[l] == apply(net.sigma[l], z[l])
    assert a[3] == feedforward(net, x)


@pytest.mark.parametrize("activation, sd, bias", [("sigmoid", 1 / 20, 0.0), ("tanh", 1 / 20, 0.0),
                                                  ("relu", math.sqrt(2 / 400), 0.1)])
def test_first_weights_have_mean_0_and_spread_set_by_the_width_of_the_layer_before(
        activation, sd, bias):
    # w^l_jk ~ N(0, 1/n_(l-1)), or N(0, 2/n_(l-1)) for relu; hidden biases 0 (0.1 for relu)
    net = Network([400, 50, 3], seed=0, activation=activation)
    weights = [v for row in net.w[2] for v in row]  # 20000 draws
    mean = sum(weights) / len(weights)
    spread = math.sqrt(sum((v - mean) ** 2 for v in weights) / len(weights))
    assert abs(mean) < 0.05 * sd and abs(spread / sd - 1) < 0.03
    assert {v for (v,) in net.b[2]} == {bias} and {v for (v,) in net.b[3]} == {0.0}


def test_train_shuffles_each_epoch_with_its_seed():
    # with batch_size 1 the order of the steps changes the weights: two seeds, two orders
    nets = [Network([2, 3, 1], seed=0) for _ in range(3)]
    train(nets[0], XOR, epochs=1, eta=1.0, batch_size=1, seed=1)
    train(nets[1], XOR, epochs=1, eta=1.0, batch_size=1, seed=1)
    train(nets[2], XOR, epochs=1, eta=1.0, batch_size=1, seed=2)
    assert nets[0].w == nets[1].w != nets[2].w
    # and the order is random.Random(seed).shuffle of a copy of data, once per epoch
    order = list(XOR)
    random.Random(1).shuffle(order)
    by_hand = Network([2, 3, 1], seed=0)
    for x, y in order:
        nabla_w, nabla_b = backprop_one(by_hand, column(x), column(y))
        for l in (2, 3):
            by_hand.w[l] = subtract(by_hand.w[l], scale(1.0, nabla_w[l]))
            by_hand.b[l] = subtract(by_hand.b[l], scale(1.0, nabla_b[l]))
    assert max_relative_difference(by_hand.w, nets[0].w) < 1e-12


# backprop.py: a softmax output for several classes

SOFTMAX_SHAPES = [[2, 3], [2, 4, 3], [3, 4, 4, 5]]


@pytest.mark.parametrize("sizes", SOFTMAX_SHAPES, ids=["2-3", "2-4-3", "3-4-4-5"])
@pytest.mark.parametrize("activation", list(backprop.ACTIVATIONS))
def test_softmax_backprop_matches_central_differences(sizes, activation):
    # with a softmax output and C = −Σ y_j ln a_j, δ^L = a^L − y is still (A)
    net = Network(sizes, seed=3, activation=activation, output="softmax")
    x = random_example(sizes, seed=4)[0]
    y = [[1.0 if j == 1 else 0.0] for j in range(sizes[-1])]
    if activation == "relu":
        assert all(abs(v) > 1e-3 for z in hidden_z(net, x).values() for (v,) in z)
    difference = max(max_relative_difference(g, n)
                     for g, n in zip(backprop_one(net, x, y), numerical_gradient(net, x, y)))
    assert difference < 1e-6


@pytest.mark.parametrize("activation", list(backprop.ACTIVATIONS))
def test_softmax_batch_gradient_is_the_mean_of_the_example_gradients(activation):
    # Ng's dZ = A − Y holds for a softmax output too, one column per example
    net = Network([3, 4, 3], seed=5, activation=activation, output="softmax")
    rng = random.Random(6)
    xs = [[rng.uniform(-1, 1) for _ in range(3)] for _ in range(4)]
    ys = [[1.0 if j == k % 3 else 0.0 for j in range(3)] for k in range(4)]
    dW, db = backprop_batch(net, transpose(xs), transpose(ys))
    singles = [backprop_one(net, column(x), column(y)) for x, y in zip(xs, ys)]
    for l in (2, 3):
        mean_w = scale(1 / 4, [[sum(g[0][l][i][j] for g in singles) for j in range(len(dW[l][0]))]
                               for i in range(len(dW[l]))])
        mean_b = scale(1 / 4, [[sum(g[1][l][i][0] for g in singles)] for i in range(len(db[l]))])
        assert max_relative_difference({l: dW[l]}, {l: mean_w}) < 1e-12
        assert max_relative_difference({l: db[l]}, {l: mean_b}) < 1e-12


def test_softmax_outputs_are_probabilities_and_stay_finite_for_huge_z():
    # a^L sums to 1; subtracting the largest z keeps e^z from overflowing at z = ±1000
    net = Network([1, 3], output="softmax")
    net.w[3 - 1] = [[1000.0], [-1000.0], [999.0]]
    a = feedforward(net, [[1]])
    assert math.isclose(sum(v for (v,) in a), 1.0) and a[1][0] == 0.0
    c = cost(net, [[1]], [[0], [1], [0]])  # the class the network calls impossible
    assert c == pytest.approx(2000 + math.log(1 + math.exp(-1)))  # ln Σ e^z − z_2
    nabla_w, nabla_b = backprop_one(net, [[1]], [[0], [1], [0]])
    assert all(math.isfinite(v) for row in nabla_w[2] for v in row)
    assert backprop.softmax([[1.0, 0.0], [1.0, 0.0]]) == [[0.5, 0.5], [0.5, 0.5]]


def test_softmax_targets_must_be_columns_that_sum_to_1():
    # one-hot (or probabilities) only: a^L sums to 1, so must y
    net = Network([2, 3], output="softmax")
    with pytest.raises(ValueError, match="each target column must sum to 1 .* sums to 2"):
        backprop_one(net, [[0], [1]], [[1], [1], [0]])
    with pytest.raises(ValueError, match="column 1 sums to 0"):
        backprop_batch(net, [[0, 1], [1, 0]], [[1, 0], [0, 0], [0, 0]])


def test_softmax_network_learns_three_separated_classes():
    # a small test-sized run: three clusters, each learned by the softmax output
    data = [([x1 + d, x2 + d], [1 if k == c else 0 for k in range(3)])
            for c, (x1, x2) in enumerate([(0, 0), (2, 0), (0, 2)]) for d in (-0.2, 0, 0.2)]
    net = Network([2, 6, 3], seed=0, activation="tanh", output="softmax")
    costs = train(net, data, epochs=60, eta=0.5, batch_size=3, seed=0)
    assert costs[-1] < 0.2 * costs[0]
    assert all(max(range(3), key=predict(net, x).__getitem__) == y.index(1) for x, y in data)


# backprop.py: save and load

@pytest.mark.parametrize("kwargs", [dict(), dict(cost="quadratic", activation="tanh"),
                                    dict(activation="relu", output="softmax")])
def test_load_gives_back_the_saved_network_to_the_last_bit(tmp_path, kwargs):
    # JSON keeps the shortest digits that read back as the same float: an exact round trip
    sizes = [3, 5, 4, 2] if kwargs.get("output") else [3, 5, 4, 1]
    net = Network(sizes, seed=9, **kwargs)
    train(net, [([0.1, 0.2, 0.3], [1, 0][:sizes[-1]])], epochs=3, eta=0.7)
    path = tmp_path / "net.json"
    backprop.save(net, path)
    again = backprop.load(path)
    assert (again.sizes, again.cost, again.activation, again.output) == \
           (net.sizes, net.cost, net.activation, net.output)
    assert again.w == net.w and again.b == net.b
    assert predict(again, [0.3, -0.1, 0.7]) == predict(net, [0.3, -0.1, 0.7])
    assert json.loads(path.read_text())["w"].keys() == {"2", "3", "4"}


@pytest.mark.parametrize("text, says", [
    (None, "cannot read"),
    ("", "is not a network written by save()"),
    ("[1, 2]", "it needs the keys sizes, cost, activation, output, w, b"),
    ('{"sizes": [2, 1], "cost": "cross_entropy", "activation": "sigmoid", "output": "sigmoid",'
     ' "w": {"2": [[NaN, 1]]}, "b": {"2": [[0]]}}', "NaN is not a finite number"),
    ('{"sizes": [2, 1], "cost": "hinge", "activation": "sigmoid", "output": "sigmoid",'
     ' "w": {"2": [[0, 1]]}, "b": {"2": [[0]]}}', "cost must be one of"),
    ('{"sizes": [2, 1], "cost": "cross_entropy", "activation": "sigmoid", "output": "sigmoid",'
     ' "w": {"3": [[0, 1]]}, "b": {"2": [[0]]}}', "w must have the layer numbers 2 as keys"),
    ('{"sizes": [2, 1], "cost": "cross_entropy", "activation": "sigmoid", "output": "sigmoid",'
     ' "w": {"2": [[0, 1, 2]]}, "b": {"2": [[0]]}}', "w[2] must be 1x2 for sizes [2, 1], got 1x3"),
    ('{"sizes": [2, 1], "cost": "cross_entropy", "activation": "sigmoid", "output": "sigmoid",'
     ' "w": {"2": [["__import__(\'os\')", 1]]}, "b": {"2": [[0]]}}', "must be a finite number"),
], ids=["missing", "empty", "not-a-dict", "nan", "cost", "layers", "shape", "string"])
def test_load_refuses_a_malformed_file_naming_it_and_running_nothing(tmp_path, text, says):
    # a ValueError that names the file and what is wrong; the file is data, never code
    path = tmp_path / "bad.json"
    if text is not None:
        path.write_text(text)
    with pytest.raises(ValueError) as e:
        backprop.load(path)
    assert str(e.value).startswith(f"load: ") and str(path) in str(e.value)
    assert says in str(e.value)


# backprop.py: mistakes a reader makes, each answered where it is made

def test_a_flat_Y_for_m_examples_gets_the_form_that_works_and_that_form_works():
    # the hint for four XOR targets is [[0, 1, 1, 0]], a 1 x m matrix, not column(...)
    net = Network([2, 3, 1], seed=0)
    X = [[0, 0, 1, 1], [0, 1, 0, 1]]
    with pytest.raises(ValueError) as e:
        backprop_batch(net, X, [0, 1, 1, 0])
    assert "[[0, 1, 1, 0]] is the 1xm matrix" in str(e.value) and "column(" not in str(e.value)
    backprop_batch(net, X, [[0, 1, 1, 0]])


def test_a_cost_with_no_formula_in_cost_is_an_error_saying_what_to_add(monkeypatch):
    # a cost added to COSTS only must not silently be measured as cross-entropy
    monkeypatch.setattr(backprop, "COSTS", backprop.COSTS + ("hinge",))
    net = Network([2, 2, 1], seed=0, cost="hinge")
    with pytest.raises(ValueError, match=r"cost: the cost 'hinge' has no formula: add the "
                                         r"branch elif net.cost == 'hinge': to cost\(\)"):
        cost(net, [[0], [1]], [[1]])


def test_a_cost_with_no_equation_A_line_is_an_error_saying_which_line_to_add(monkeypatch):
    # a cost added to COSTS and cost() only must not silently get the cross-entropy δ^L
    monkeypatch.setattr(backprop, "COSTS", backprop.COSTS + ("hinge",))
    net = Network([2, 2, 1], seed=0, cost="hinge")
    for call in (lambda: backprop_one(net, [[0], [1]], [[1]]),
                 lambda: backprop_batch(net, [[0], [1]], [[1]])):
        with pytest.raises(ValueError, match=r"the cost 'hinge' has no \(A\) line: add the "
                                             r"branch elif net.cost == 'hinge': to step 3"):
            call()


@pytest.mark.parametrize("cost_name", backprop.COSTS)
def test_targets_outside_0_1_are_refused_for_either_cost(cost_name):
    # a^L = σ(z^L) lies in (0, 1): a target of 3 could never be reached
    net = Network([2, 1], cost=cost_name)
    with pytest.raises(ValueError, match=r"each target must lie in \[0, 1\], the range of a\^L, got 3"):
        train(net, [([0, 1], [3.0])], epochs=1, eta=0.1)


def test_every_real_number_is_accepted_at_every_entry_point():
    # Fraction is a numbers.Real like numpy's ints and floats: accepted the same way everywhere
    from fractions import Fraction as F
    net = Network([2, 2, 1], seed=0)
    half = F(1, 2)
    expected = predict(net, [0.5, 1.0])
    assert predict(net, [half, 1]) == expected
    assert column([half, 1]) == [[half], [1]]
    backprop_one(net, [[half], [1]], [[half]])
    backprop_batch(net, [[half, 1], [1, 0]], [[half, 1]])
    train(net, [([half, 1], [F(1, 3)])], epochs=1, eta=F(1, 10))
    assert Network([True + 1, 1]).sizes == [2, 1]


def test_numpy_numbers_are_accepted_and_a_numpy_array_gets_a_hint():
    np = pytest.importorskip("numpy")
    net = Network([2, 1], seed=0)
    assert predict(net, [np.int64(1), np.float64(0.5)]) == predict(net, [1, 0.5])
    assert column([np.int64(1), np.int64(2)]) == [[1], [2]]
    assert Network([np.int64(2), 1]).L == 2
    for call in (lambda: predict(net, np.array([1.0, 0.5])), lambda: column(np.array([1, 2])),
                 lambda: feedforward(net, np.array([[1.0], [0.5]]))):
        with pytest.raises(ValueError, match=r"call \.tolist\(\) on a numpy array first"):
            call()


def test_arguments_in_the_wrong_order_are_named_as_such():
    # backprop(x, net, y) is caught at the door, not as an AttributeError deep inside
    net = Network([2, 1], seed=0)
    with pytest.raises(ValueError, match=r"backprop: the first argument must be a Network, .* "
                                         r"got \[\[1\], \[0\]\]; the order is backprop\(net, \.\.\.\)"):
        backprop_one([[1], [0]], net, [[1]])


def test_a_weight_of_the_wrong_shape_is_named_with_its_layer_and_the_shape_it_must_have():
    # w[3] set by hand for sizes [2, 3, 1] must be 1x3, not 1x2
    net = Network([2, 3, 1], seed=0)
    net.w[3] = [[1, 2]]
    with pytest.raises(ValueError, match=r"feedforward: w\[3\] must be n_3 x n_2 = 1x3 for sizes "
                                         r"\[2, 3, 1\], got 1x2"):
        feedforward(net, [[0], [1]])
    net = Network([2, 3, 1], seed=0)
    net.b[2] = [0.1, 0.1, 0.1]
    with pytest.raises(ValueError, match=r"backprop: b\[2\] must be n_2 x 1 = 3x1"):
        backprop_one(net, [[0], [1]], [[1]])
    net = Network([2, 3, 1], seed=0)
    net.w = [[1, 2]]   # the layers' dict replaced by one matrix
    with pytest.raises(ValueError, match=r"predict: net.w must be a dict keyed by layer number "
                                         r"\(2 to L = 3\), as Network makes it, got \[\[1, 2\]\]"):
        predict(net, [0, 1])

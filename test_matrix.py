"""Tests: each name states a fact about matrix.py."""
import copy
import doctest
import random

import pytest

import matrix
from matrix import add, apply, column, hadamard, matmul, row_sums, scale, shape, subtract, transpose

def triple_sum(A, B):
    return [[sum(A[i][k] * B[k][j] for k in range(len(B))) for j in range(len(B[0]))]
            for i in range(len(A))]

@pytest.mark.parametrize("n, k, m", [(1, 1, 1), (3, 1, 5), (4, 2, 1), (2, 3, 30), (5, 5, 5),
                                     (1, 4, 1), (2, 6, 3)])
def test_matmul_equals_the_triple_sum_on_every_road(n, k, m):
    # w a (m = 1), δ aᵀ (k = 1) and the long road all give Σ_k A[i][k] B[k][j]
    rng = random.Random(n * 100 + k * 10 + m)
    A = [[rng.randint(-9, 9) for _ in range(k)] for _ in range(n)]
    B = [[rng.randint(-9, 9) for _ in range(m)] for _ in range(k)]
    assert matmul(A, B) == triple_sum(A, B)

def test_entrywise_operations_and_transpose_compute_their_formulas():
    # each result checked against its index formula, for a column, a row and a matrix
    A, B = [[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]
    assert hadamard(A, B) == [[7, 16, 27], [40, 55, 72]]
    assert add(A, B) == [[8, 10, 12], [14, 16, 18]] and subtract(A, B) == [[-6] * 3] * 2
    assert hadamard([[2], [3]], [[4], [5]]) == [[8], [15]]
    assert scale(-2, A) == [[-2, -4, -6], [-8, -10, -12]] and scale(0.5, [[2], [4]]) == [[1], [2]]
    assert apply(lambda v: v * v, A) == [[1, 4, 9], [16, 25, 36]] and apply(abs, [[-1]]) == [[1]]
    assert transpose(A) == [[1, 4], [2, 5], [3, 6]]
    assert transpose([[1], [2], [3]]) == [[1, 2, 3]] and transpose([[1, 2, 3]]) == [[1], [2], [3]]
    assert row_sums(A) == [[6], [15]] and column([1.5, 2]) == [[1.5], [2]] and shape(A) == (2, 3)

@pytest.mark.parametrize("call, says", [
    (lambda: matmul([[1, 2, 3], [4, 5, 6]], [[1], [2]]),
     "matmul: A is 2x3 and B is 2x1; A's columns (3) must equal B's rows (2)"),
    (lambda: matmul([[1], [2]], [[1, 2], [3, 4]]), "matmul: A is 2x1 and B is 2x2"),
    (lambda: matmul([[1, 2], [3]], [[1], [2]]), "matmul: A is ragged: its rows have lengths [1, 2]"),
    (lambda: matmul([[1, 2]], [[1], [2, 3]]), "matmul: B is ragged"),
    (lambda: hadamard([[1], [2]], [[1], [2], [3]]),
     "hadamard: A is 2x1 and B is 3x1; hadamard needs A and B of the same shape"),
    (lambda: add([[1, 2]], [[1, 2], [3, 4]]), "add: A is 1x2 and B is 2x2"),
    (lambda: subtract([[1], [2]], [[1], [2, 3]]), "subtract: B is ragged"),
    (lambda: transpose([[1], [2, 3]]), "transpose: A is ragged"),
    (lambda: apply(abs, [[1], [2, 3]]), "apply: A is ragged"),
    (lambda: scale(2, [1, 2]), "scale: A must be a non-empty list of rows"),
    (lambda: row_sums([]), "row_sums: A must be a non-empty list of rows"),
])
def test_a_shape_that_does_not_fit_is_a_value_error_naming_the_operation_and_the_shapes(call, says):
    # every operation checks the shapes it combines: nothing is cut short by zip
    with pytest.raises(ValueError) as e:
        call()
    assert says in str(e.value)

@pytest.mark.parametrize("bad, says", [
    ([[1, 2], [3]], "is ragged: its rows have lengths [1, 2], got [[1, 2], [3]]"),
    ([], "must be a non-empty list of rows"), ([[]], "must be a non-empty list of rows"),
    (5, "got 5"), ("ab", "got 'ab'"), ([1, 2, 3], "a column is [[1], [2]], got [1, 2, 3]"),
    ([[1], None], "got [[1], None]"), ([(1, 2)], "got [(1, 2)]"),
], ids=["ragged", "empty", "empty-rows", "number", "string", "flat-list", "None-row", "tuple-row"])
def test_shape_refuses_what_is_not_a_matrix_saying_why(bad, says):
    # ragged, empty or non-list input is a ValueError that shows what came
    with pytest.raises(ValueError) as e:
        shape(bad)
    assert str(e.value).startswith("shape: A ") and says in str(e.value)

def test_column_refuses_a_column_and_an_empty_list_and_names_numpy():
    # column() takes a flat list; a column handed to it is a mistake worth naming
    for bad in ([[1], [2]], [], (1, 2)):
        with pytest.raises(ValueError, match="column: values must be a non-empty flat list"):
            column(bad)
    np = pytest.importorskip("numpy")
    with pytest.raises(ValueError, match=r"call \.tolist\(\) on a numpy array first"):
        column(np.array([1, 2]))

def test_matrix_functions_do_not_mutate_arguments_and_return_new_rows():
    # every function returns new lists and leaves its arguments as they were
    A, B, C, R = [[1, 2], [3, 4]], [[5, 6], [7, 8]], [[1], [2]], [[1, 2]]
    kept = copy.deepcopy((A, B, C, R))
    results = [transpose(A), transpose(C), transpose(R), matmul(A, B), matmul(C, R),
               matmul(A, C), hadamard(A, B), hadamard(C, C), add(A, B), subtract(C, C),
               scale(3, A), scale(3, C), apply(abs, A), apply(abs, C), row_sums(A), column([1, 2])]
    assert (A, B, C, R) == kept
    for result in results:
        assert all(row is not r for row in result for r in A + B + C + R)

def test_matrix_doctests_pass():
    # the examples in matrix.py's docstring are run, so they cannot go stale
    result = doctest.testmod(matrix)
    assert result.attempted >= 2 and result.failed == 0

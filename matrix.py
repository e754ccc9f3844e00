"""Matrices as plain lists of rows, for backpropagation by hand.

A matrix is a list of rows, each row a list of numbers: [[1, 2], [3, 4]].
A column vector with n entries is the n x 1 matrix [[v1], [v2], ..., [vn]].
Every function returns new lists and never changes its arguments.

    shape(A)         (rows, cols)
    transpose(A)     Aᵀ
    matmul(A, B)     A B
    hadamard(A, B)   A ⊙ B, entry by entry
    add(A, B)        A + B
    subtract(A, B)   A − B
    scale(c, A)      c A
    apply(f, A)      f(A[i][j]) for every entry
    column(values)   the n x 1 column of a flat list
    row_sums(A)      the n x 1 column of the sums of A's rows

A shape mismatch raises ValueError naming the operation and both shapes.
An entry that is not a number raises TypeError wherever there is
arithmetic, rather than giving a silent result such as '1' + '2' = '12'.

Most of what backprop multiplies is a column (z^l, a^l, δ^l), so columns
take a faster road: (v,) reads a row's one entry and refuses a longer row
in the same step.  Anything else takes a quick look at its shapes; only
when a look fails does the code below it check every shape and say what is
wrong.
"""
import operator
from itertools import repeat
from numbers import Real


def shape(A):
    """The pair (rows, cols) of the matrix A.

    >>> shape([[1, 2, 3], [4, 5, 6]])
    (2, 3)
    """
    return _shape("shape", "A", A)


def transpose(A):
    """The transpose Aᵀ: Aᵀ[j][i] = A[i][j].

    >>> transpose([[1, 2, 3]])
    [[1], [2], [3]]
    """
    try:
        if type(A) is list and len(A[0]) == 1:
            return [[v for (v,) in A]]  # a column; (v,) refuses a row of more entries
        if type(A) is list and len(A) == 1 and type(A[0]) is list and A[0]:
            return [[v] for v in A[0]]  # a single row
    except (TypeError, ValueError, IndexError):
        pass  # the general case below checks A and says what is wrong
    _shape("transpose", "A", A)
    return [list(col) for col in zip(*A)]


def matmul(A, B):
    """The product A B: (AB)[i][j] = Σ_k A[i][k] B[k][j].

    >>> matmul([[1, 2], [3, 4]], [[5], [6]])
    [[17], [39]]
    >>> matmul([[1], [2]], [[3, 4]])
    [[3, 4], [6, 8]]
    """
    try:
        if type(A) is type(B) is list and len(A[0]) == 1 and len(B) == 1:
            # A column times a row, as in (C), δ (a)ᵀ: entry jk is the single
            # product δ_j a_k, seven times faster written out than as a sum.
            # 2 * 'a' is 'aa', so the entries are summed first: sum() refuses
            # a str or a list.
            col, row = [d for (d,) in A], B[0]
            sum(col), sum(row)
            return [[d * v for v in row] for d in col]
        if type(A) is type(B) is list and len(B[0]) == 1:
            # A matrix times a column, as in w^l a^(l-1): one dot product per
            # row.  Taking B's entries by (v,) once is faster than zip(*B).
            col = [v for (v,) in B]
            if set(map(len, A)) == {len(col)}:
                return [[sum(map(operator.mul, row, col))] for row in A]
    except (TypeError, ValueError, IndexError):
        pass  # the general case below checks A and B and says what is wrong
    (n, k), (k_b, m) = _shape("matmul", "A", A), _shape("matmul", "B", B)
    if k != k_b:
        raise ValueError(f"matmul: A is {n}x{k} and B is {k_b}x{m}; "
                         f"A's columns ({k}) must equal B's rows ({k_b})")
    try:
        if 8 * k <= m and k * k <= m:
            # B has a few long rows, as Aᵀ does in dW = 1/m dZ Aᵀ (k examples,
            # m inputs): row i of AB is Σ_k A[i][k] (row k of B), so whole rows
            # are scaled, in C by map(mul, repeat(a), b_row), and summed.  The
            # bench finds this faster than n m sums of k products once
            # 8 k <= m and k² <= m.
            return [list(map(sum, zip(*[map(operator.mul, repeat(a), b_row)
                                        for a, b_row in zip(row, B)])))
                    for row in A]
        cols = list(zip(*B))
        return [[sum(map(operator.mul, row, col)) for col in cols] for row in A]
    except TypeError:  # sum() refuses a str or a list, so no non-number slips through
        raise _not_numbers("matmul", A=A, B=B) from None


def hadamard(A, B):
    """The entry-by-entry product A ⊙ B: (A ⊙ B)[i][j] = A[i][j] B[i][j].

    >>> hadamard([[1], [2]], [[3], [4]])
    [[3], [8]]
    """
    return _entrywise("hadamard", operator.mul, A, B)


def add(A, B):
    """The sum A + B: (A + B)[i][j] = A[i][j] + B[i][j].

    >>> add([[1, 2]], [[10, 20]])
    [[11, 22]]
    """
    return _entrywise("add", operator.add, A, B)


def subtract(A, B):
    """The difference A − B: (A − B)[i][j] = A[i][j] − B[i][j].

    >>> subtract([[5], [7]], [[1], [2]])
    [[4], [5]]
    """
    return _entrywise("subtract", operator.sub, A, B)


def scale(c, A):
    """The multiple c A: (cA)[i][j] = c A[i][j].

    >>> scale(2, [[1, 2], [3, 4]])
    [[2, 4], [6, 8]]
    """
    if not (type(c) is float or isinstance(c, Real)):  # a float first: it is the usual c
        raise TypeError(f"scale: c must be a number, got {c!r}")
    try:
        if type(c) is float and type(A) is list and type(A[0]) is list and len(A[0]) == 1:
            # a column, as ∂C/∂b^l is in b^l ← b^l − η ∂C/∂b^l; with a float
            # c no entry needs a check, since 2.0 * 'a' is an error already
            return [[c * v] for (v,) in A]
    except (TypeError, ValueError, IndexError):
        pass
    _shape("scale", "A", A)
    try:
        C = [[c * v for v in row] for row in A]
    except TypeError:
        raise _not_numbers("scale", A=A) from None
    # 2.0 * 'a' is an error already, but 2 * 'a' is 'aa': only an int c needs the check
    return C if type(c) is float else _numbers("scale", C, A)


def apply(f, A):
    """f applied to every entry: apply(f, A)[i][j] = f(A[i][j]).

    >>> apply(abs, [[-1, 2], [3, -4]])
    [[1, 2], [3, 4]]
    """
    if not callable(f):
        raise TypeError(f"apply: f must be a function of one number, got {f!r}")
    try:
        if type(A) is list and len(A[0]) == 1:
            return [[f(v)] for (v,) in A]  # a column; (v,) refuses a row of more entries
    except (TypeError, ValueError, IndexError):
        pass  # the general case below checks A and says what is wrong
    _shape("apply", "A", A)
    return [list(map(f, row)) for row in A]


def column(values):
    """The n x 1 column [[v1], ..., [vn]] of the flat list [v1, ..., vn].

    >>> column([1, 2, 3])
    [[1], [2], [3]]
    """
    if type(values) is not list or not values:
        raise ValueError(f"column: values must be a non-empty flat list of numbers, "
                         f"got {_show(values)}{_numpy_hint(values)}")
    for i, v in enumerate(values):
        if type(v) is list:
            raise ValueError(f"column: values must be a flat list of numbers, but values[{i}] "
                             f"is the list {_show(v)}; is it a column already?")
        if not isinstance(v, Real):
            raise TypeError(f"column: values[{i}] is {v!r}, not a number")
    return [[v] for v in values]


def row_sums(A):
    """The n x 1 column of the sums of A's rows: s[i][0] = Σ_j A[i][j].

    >>> row_sums([[1, 2], [3, 4]])
    [[3], [7]]
    """
    _shape("row_sums", "A", A)
    try:
        return [[sum(row)] for row in A]
    except TypeError:
        raise _not_numbers("row_sums", A=A) from None


# The checks behind the functions above.  Each is a fast test that valid
# input passes; the message saying what is wrong is built only once it fails.

def _shape(op, name, A):
    """(rows, cols) of A, or a ValueError saying which rule A breaks."""
    try:
        if type(A) is list and type(A[0]) is list and A[0] and len(set(map(len, A))) == 1:
            return len(A), len(A[0])
    except (IndexError, TypeError):  # A is [], or a row has no length
        pass
    raise ValueError(_shape_error(op, name, A))


def _shape_error(op, name, A):
    if type(A) is not list or not A:
        return (f"{op}: {name} must be a matrix (a non-empty list of rows), "
                f"got {_show(A)}{_numpy_hint(A)}")
    for i, row in enumerate(A):
        if type(row) is not list:
            hint = ("; a column vector is written [[1], [2], [3]], not [1, 2, 3]"
                    if isinstance(row, Real) else "")
            return f"{op}: {name}[{i}] is {_show(row)}, not a row (a list of numbers){hint}"
    if not A[0]:
        return f"{op}: {name} has empty rows; a matrix needs at least one column"
    i = next(i for i, row in enumerate(A) if len(row) != len(A[0]))
    return (f"{op}: {name} is ragged: its rows must be equally long, but "
            f"{name}[0] has length {len(A[0])} and {name}[{i}] has length {len(A[i])}")


def _entrywise(op, f, A, B):
    """[[f(A[i][j], B[i][j]) ...]] for A and B of the same shape."""
    try:
        if type(A) is type(B) is list and len(A) == len(B) and len(A[0]) == 1:
            # two columns; (a,) and (b,) refuse a row of more entries
            values = [f(a, b) for (a,), (b,) in zip(A, B)]
            sum(values)  # '1' + '2' is '12', not an error: sum() refuses a str or a list
            return [[v] for v in values]
        if (type(A) is type(B) is list and len(A) == len(B) and type(A[0]) is type(B[0]) is list
                and A[0] and set(map(len, A)) == set(map(len, B)) == {len(A[0])}):
            # two matrices whose rows all have A[0]'s length
            C = [list(map(f, ra, rb)) for ra, rb in zip(A, B)]
            sum(map(sum, C))  # as above, for every row
            return C
    except (TypeError, ValueError, IndexError):
        pass
    # something is wrong: find what, and say it
    (n, m), (n_b, m_b) = _shape(op, "A", A), _shape(op, "B", B)
    if (n, m) != (n_b, m_b):
        raise ValueError(f"{op}: A is {n}x{m} and B is {n_b}x{m_b}; "
                         f"{op} needs A and B of the same shape")
    raise _not_numbers(op, A=A, B=B)


def _numbers(op, C, A, B=None):
    """C, once it is sure to hold numbers only.

    '1' + '2' and 2 * 'a' give a str, not an error; sum() refuses a str or a
    list, so summing C is one fast test that every entry of C is a number.
    """
    try:
        sum(map(sum, C))
    except TypeError:
        raise _not_numbers(op, A=A, B=B) from None
    return C


def _not_numbers(op, **matrices):
    """The TypeError to raise for the first entry that is not a number."""
    for name, M in matrices.items():
        for i, row in enumerate(M or []):
            for j, v in enumerate(row):
                if not isinstance(v, Real):
                    return TypeError(f"{op}: {name}[{i}][{j}] is {v!r}, not a number")
    return TypeError(f"{op}: every entry must be a number (int or float)")


def _numpy_hint(v):
    return "; call .tolist() on a numpy array first" if hasattr(v, "tolist") else ""


def _show(v):
    """A short repr of v for an error message."""
    text = repr(v)
    return text if len(text) <= 40 else text[:37] + "..."

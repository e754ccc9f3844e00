"""Matrices as plain lists of rows, for backpropagation by hand.

A matrix is a list of rows, each row a list of numbers: [[1, 2], [3, 4]].
A column vector with n entries is the n x 1 matrix [[v1], [v2], ..., [vn]].
Every function returns new lists and never changes its arguments. A shape
mismatch raises ValueError naming the operation and both shapes; an entry
that is not a number raises TypeError wherever there is arithmetic, rather
than giving a silent result such as '1' + '2' = '12'. (shape and transpose
only count and move entries, so they leave them unchecked.)

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
"""
import operator


def shape(A):
    """The pair (rows, cols) of the matrix A.

    >>> shape([[1, 2, 3], [4, 5, 6]])
    (2, 3)
    >>> shape([[1], [2]])
    (2, 1)
    """
    return _shape("shape", "A", A)


def transpose(A):
    """The transpose Aᵀ: Aᵀ[j][i] = A[i][j].

    >>> transpose([[1, 2, 3]])
    [[1], [2], [3]]
    """
    if _shape("transpose", "A", A)[1] == 1:
        return [[v for (v,) in A]]  # a column: zip(*A) would make an iterator per row
    return [list(col) for col in zip(*A)]


def matmul(A, B):
    """The product A B: (AB)[i][j] = Σ_k A[i][k] B[k][j].

    >>> matmul([[1, 2], [3, 4]], [[5], [6]])
    [[17], [39]]
    >>> matmul([[1], [2]], [[3, 4]])
    [[3, 4], [6, 8]]
    """
    (n, k), (k_b, m) = _shape("matmul", "A", A), _shape("matmul", "B", B)
    if k != k_b:
        raise ValueError(f"matmul: A is {n}x{k} and B is {k_b}x{m}; "
                         f"A's columns ({k}) must equal B's rows ({k_b})")
    # Four ways to the same sums, the fastest for each shape in plain Python.
    try:
        if k == 1:
            # a column times a row, as in δ aᵀ: each entry is a single product
            _sum_all(A)  # 2 * 'a' is 'aa', not an error, so the entries
            _sum_all(B)  # are checked before they are multiplied
            return [[d * v for v in B[0]] for (d,) in A]
        if m == 1:
            # a matrix times a column, as in w a: one dot product per row
            col = [v for (v,) in B]  # B's entries; zip(*B) would make an iterator per row
            return [[sum(map(operator.mul, row, col))] for row in A]
        if k * k <= m:
            # few long rows in B, as in dZ Aᵀ: row i of AB is Σ_k A[i][k] (row k of B)
            return [list(map(sum, zip(*[[a * v for v in brow] for a, brow in zip(row, B)])))
                    for row in A]
        cols = list(zip(*B))
        return [[sum(map(operator.mul, row, col)) for col in cols] for row in A]
    except TypeError:
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
    if not _is_number(c):
        raise TypeError(f"scale: c must be a number, got {c!r}")
    _shape("scale", "A", A)
    try:
        _sum_all(A)  # c * v could repeat a str, so check first
    except TypeError:
        raise _not_numbers("scale", A=A) from None
    return [[c * v for v in row] for row in A]


def apply(f, A):
    """f applied to every entry: apply(f, A)[i][j] = f(A[i][j]).

    >>> apply(abs, [[-1, 2], [3, -4]])
    [[1, 2], [3, 4]]
    """
    if not callable(f):
        raise TypeError(f"apply: f must be a function of one number, got {f!r}")
    if _shape("apply", "A", A)[1] == 1:
        return [[f(v)] for (v,) in A]  # a column: the same, faster
    return [list(map(f, row)) for row in A]


def column(values):
    """The n x 1 column [[v1], ..., [vn]] of the flat list [v1, ..., vn].

    >>> column([1, 2, 3])
    [[1], [2], [3]]
    """
    if type(values) is not list or not values:
        raise ValueError(f"column: values must be a non-empty flat list of numbers, "
                         f"got {_show(values)}")
    for i, v in enumerate(values):
        if type(v) is list:
            raise ValueError(f"column: values must be a flat list of numbers, but values[{i}] "
                             f"is the list {_show(v)}; is it a column already?")
        if not _is_number(v):
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


# The checks behind the functions above.

def _shape(op, name, A):
    """(rows, cols) of A, or a ValueError saying which rule A breaks."""
    if type(A) is not list or not A:
        raise ValueError(f"{op}: {name} must be a matrix (a non-empty list of rows), "
                         f"got {_show(A)}")
    try:
        lengths = set(map(len, A))
    except TypeError:
        i = next(i for i, row in enumerate(A) if not hasattr(row, "__len__"))
        hint = ("; a column vector is written [[1], [2], [3]], not [1, 2, 3]"
                if _is_number(A[i]) else "")
        raise ValueError(f"{op}: {name}[{i}] is {_show(A[i])}, not a row "
                         f"(a list of numbers){hint}") from None
    cols = len(A[0])
    if len(lengths) > 1:
        i = next(i for i, row in enumerate(A) if len(row) != cols)
        raise ValueError(f"{op}: {name} is ragged: its rows must be equally long, but "
                         f"{name}[0] has length {cols} and {name}[{i}] has length {len(A[i])}")
    if cols == 0:
        raise ValueError(f"{op}: {name} has empty rows; a matrix needs at least one column")
    return len(A), cols


def _entrywise(op, f, A, B):
    """[[f(A[i][j], B[i][j]) ...]] for A and B of the same shape."""
    (n, m), (n_b, m_b) = _shape(op, "A", A), _shape(op, "B", B)
    if (n, m) != (n_b, m_b):
        raise ValueError(f"{op}: A is {n}x{m} and B is {n_b}x{m_b}; "
                         f"{op} needs A and B of the same shape")
    try:
        if m == 1:
            C = [[f(a, b)] for (a,), (b,) in zip(A, B)]  # a column: the same, faster
        else:
            C = [list(map(f, ra, rb)) for ra, rb in zip(A, B)]
        # A str or list entry either raises above or leaves a str or list in C
        # ('a' + 'b', 2 * 'a'), which _sum_all refuses.
        _sum_all(C)
    except TypeError:
        raise _not_numbers(op, A=A, B=B) from None
    return C


def _sum_all(A):
    """The sum of A's entries; TypeError if one is not a number (str, list, None)."""
    if len(A[0]) == 1:
        return sum([v for (v,) in A])  # a column: one sum, not one per row
    return sum(map(sum, A))


def _not_numbers(op, **matrices):
    """The TypeError to raise for the first entry that is not a number."""
    for name, M in matrices.items():
        for i, row in enumerate(M):
            for j, v in enumerate(row):
                if not _is_number(v):
                    return TypeError(f"{op}: {name}[{i}][{j}] is {v!r}, not a number")
    return TypeError(f"{op}: every entry must be a number (int or float)")


def _is_number(v):
    return isinstance(v, (int, float))


def _show(v):
    """A short repr of v for an error message."""
    text = repr(v)
    return text if len(text) <= 40 else text[:37] + "..."

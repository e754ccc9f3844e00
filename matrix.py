"""Matrices as plain lists of rows, for backpropagation by hand.

A matrix is a list of rows of numbers; a column is n x 1, [[v1], ..., [vn]].
No function changes its arguments; shapes that do not fit raise ValueError
naming both; the entries are trusted to be numbers (backprop.py checks them).

    >>> matmul([[1, 2], [3, 4]], [[5], [6]]), hadamard([[1], [2]], [[3], [4]]), transpose([[1, 2]])
    ([[17], [39]], [[3], [8]], [[1], [2]])
    >>> shape([[1, 2, 3], [4, 5, 6]]), scale(2, [[1, 2]]), row_sums([[1, 2], [3, 4]])
    ((2, 3), [[2, 4]], [[3], [7]])
"""
from itertools import repeat
from operator import add as plus, mul, sub

_NOT_A_COLUMN = (TypeError, ValueError, IndexError, KeyError)  # what a short road meets off a column

def shape(A, op="shape", name="A"):
    """(rows, cols) of A; op and name are what a ValueError names if A is no matrix."""
    rows = type(A) is list and A and set(map(type, A)) == {list} and A[0]
    if rows and len(set(map(len, A))) == 1:
        return len(A), len(A[0])
    why = (f"is ragged: its rows have lengths {sorted(set(map(len, A)))}" if rows else
           "must be a non-empty list of rows, such as [[1, 2], [3, 4]]; a column is [[1], [2]]")
    raise ValueError(f"{op}: {name} {why}, got {_show(A)}")

def transpose(A):
    """Aᵀ: Aᵀ[j][i] = A[i][j]."""
    try:
        if len(A[0]) == 1:
            return [[v for (v,) in A]]  # a column, as a^(l-1) is in (C)
        if len(A) == 1 and A[0]:
            return [[v] for v in A[0]]  # a row, as w^L is for one output
    except _NOT_A_COLUMN:
        pass
    shape(A, "transpose", "A")
    return [list(col) for col in zip(*A)]

def matmul(A, B):
    """A B: (AB)[i][j] = Σ_k A[i][k] B[k][j]."""
    try:
        if len(B[0]) == 1:  # w a: one dot product per row of w (bench: 2x the long road for 4x2 w)
            col = [v for (v,) in B]
            if set(map(len, A)) == {len(col)}:
                return [[sum(map(mul, row, col))] for row in A]
        elif len(B) == 1:  # δ aᵀ: entry jk is the one product δ_j a_k (bench: 8x the sums)
            return [[d * v for v in B[0]] for (d,) in A]
    except _NOT_A_COLUMN:
        pass
    (n, k), (k_b, m) = shape(A, "matmul", "A"), shape(B, "matmul", "B")
    if k != k_b:
        raise ValueError(f"matmul: A is {n}x{k} and B is {k_b}x{m}; "
                         f"A's columns ({k}) must equal B's rows ({k_b})")
    if 8 * k <= m:  # dZ Aᵀ: row i is Σ_k dZ[i][k] Aᵀ[k], k long rows scaled and summed (bench: 1.2x)
        return [list(map(sum, zip(*[map(mul, repeat(d), a_row) for d, a_row in zip(row, B)])))
                for row in A]
    cols = list(zip(*B))
    return [[sum(map(mul, row, col)) for col in cols] for row in A]

def hadamard(A, B):
    """A ⊙ B, the entry-by-entry product: (A ⊙ B)[i][j] = A[i][j] B[i][j]."""
    return _entrywise("hadamard", mul, A, B)

def add(A, B):
    """A + B, entry by entry."""
    return _entrywise("add", plus, A, B)

def subtract(A, B):
    """A − B, entry by entry."""
    return _entrywise("subtract", sub, A, B)

def scale(c, A):
    """c A: (cA)[i][j] = c A[i][j]."""
    try:
        if len(A[0]) == 1:
            return [[c * v] for (v,) in A]  # a column, as ∂C/∂b^l is
    except _NOT_A_COLUMN:
        pass
    shape(A, "scale", "A")
    return [[c * v for v in row] for row in A]

def apply(f, A):
    """f on every entry: apply(f, A)[i][j] = f(A[i][j])."""
    try:
        if len(A[0]) == 1:
            return [[f(v)] for (v,) in A]  # a column, as z^l is
    except _NOT_A_COLUMN:
        pass
    shape(A, "apply", "A")
    return [list(map(f, row)) for row in A]

def column(values):
    """The n x 1 column [[v1], ..., [vn]] of the flat list [v1, ..., vn]."""
    if type(values) is not list or not values or list in map(type, values):
        raise ValueError(f"column: values must be a non-empty flat list of numbers, such as "
                         f"[1, 2, 3], got {_show(values)}")
    return [[v] for v in values]

def row_sums(A):
    """The n x 1 column of the sums of A's rows, Σ_j A[i][j]: Ng's Σ over the m examples."""
    shape(A, "row_sums", "A")
    return [[sum(row)] for row in A]

def _entrywise(op, f, A, B):  # [[f(A[i][j], B[i][j]) ...]] for A and B of one shape
    try:
        if len(A) == len(B) and len(A[0]) == len(B[0]) == 1:
            return [[f(a, b)] for (a,), (b,) in zip(A, B)]  # two columns, as in (A) and (B)
        if len(A) == len(B) and A[0] and set(map(len, A)) == set(map(len, B)) == {len(A[0])}:
            return [list(map(f, ra, rb)) for ra, rb in zip(A, B)]  # rows all of one length, as w's
    except _NOT_A_COLUMN:
        pass
    (n, m), (n_b, m_b) = shape(A, op, "A"), shape(B, op, "B")
    if (n, m) != (n_b, m_b):
        raise ValueError(f"{op}: A is {n}x{m} and B is {n_b}x{m_b}; "
                         f"{op} needs A and B of the same shape")
    return [list(map(f, ra, rb)) for ra, rb in zip(A, B)]

def _show(v):
    """repr(v) cut short for a message, with a hint for a numpy array."""
    text = repr(v) if len(repr(v)) <= 60 else repr(v)[:57] + "..."
    return text + ("; call .tolist() on a numpy array first" if hasattr(v, "tolist") else "")

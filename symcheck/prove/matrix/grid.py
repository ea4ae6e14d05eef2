"""Block grids: the value of a matrix expression as a grid of typed polynomials.

A plain matrix is a 1×1 grid; a `BlockMatrix` a grid with a row and a column partition
(dimension keys). Owns blockwise sums and products (`add_grids`, `multiply_grids`) and
splitting a multiple of the identity (or zero) into a given partition (`repartition`), so
that I + [[A, B], [C, D]] works. A partition that cannot match raises OutsideMatrixProver.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy

from .errors import OutsideMatrixProver
from .ncalg import NCPoly, ScalarField, dim_key


@dataclass
class Grid:
    """A block matrix of typed polynomials: blocks[i][j] maps rows[i] to cols[j]."""
    rows: list           # row partition (dimension keys)
    cols: list           # column partition
    blocks: list         # blocks[i][j]: NCPoly of type rows[i] → cols[j]

    @classmethod
    def single(cls, poly: NCPoly) -> "Grid":
        """The 1×1 grid of one polynomial."""
        return cls([poly.src], [poly.dst], [[poly]])

    def is_single(self) -> bool:
        """Is this a plain matrix (one block)?"""
        return len(self.rows) == 1 and len(self.cols) == 1

    def poly(self) -> NCPoly:
        """The one block of a plain matrix; OutsideMatrixProver for a block matrix."""
        if not self.is_single():
            raise OutsideMatrixProver("a block matrix is used where a single block is needed")
        return self.blocks[0][0]

    def total(self) -> tuple:
        """The total (rows, cols) of the grid as dimension keys."""
        return dim_key(sympy.Add(*self.rows)), dim_key(sympy.Add(*self.cols))


def scalar_identity_coefficient(poly: NCPoly):
    """c when poly = c·I (or 0 with c = None meaning zero), else raise."""
    if not poly.terms:
        return None
    if poly.src == poly.dst and set(poly.terms) == {()}:
        return poly.terms[()]
    raise OutsideMatrixProver("a general matrix would have to be split into blocks")


def repartition(grid: Grid, rows: list, cols: list, fld: ScalarField) -> Grid:
    """Split a 1×1 grid holding c·I or 0 into the given partition."""
    if grid.rows == rows and grid.cols == cols:
        return grid
    if not grid.is_single():
        raise OutsideMatrixProver("block partitions do not match")
    c = scalar_identity_coefficient(grid.blocks[0][0])
    if c is not None and rows != cols:
        raise OutsideMatrixProver("a multiple of the identity split into non-square blocks")
    blocks = [[NCPoly.identity(r, fld, c) if (c is not None and i == j) else NCPoly.zero(r, q)
               for j, q in enumerate(cols)] for i, r in enumerate(rows)]
    return Grid(list(rows), list(cols), blocks)


def add_grids(a: Grid, b: Grid, fld: ScalarField) -> Grid:
    """a + b blockwise, splitting a multiple of the identity into the other's partition."""
    if a.rows != b.rows or a.cols != b.cols:
        if a.is_single():
            a = repartition(a, b.rows, b.cols, fld)
        else:
            b = repartition(b, a.rows, a.cols, fld)
    return Grid(a.rows, a.cols, [[x + y for x, y in zip(ra, rb)] for ra, rb in zip(a.blocks, b.blocks)])


def multiply_grids(a: Grid, b: Grid, fld: ScalarField) -> Grid:
    """a · b blockwise, splitting a multiple of the identity into the other's partition."""
    if a.cols != b.rows:
        if a.is_single() and len(b.rows) > 1:
            a = repartition(a, b.rows, b.rows, fld)
        elif b.is_single() and len(a.cols) > 1:
            b = repartition(b, a.cols, a.cols, fld)
        else:
            raise OutsideMatrixProver("block partitions do not match in a product")
    blocks = []
    for i in range(len(a.rows)):
        row = []
        for j in range(len(b.cols)):
            acc = NCPoly.zero(a.rows[i], b.cols[j])
            for k in range(len(a.cols)):
                acc = acc + a.blocks[i][k] * b.blocks[k][j]
            row.append(acc)
        blocks.append(row)
    return Grid(a.rows, b.cols, blocks)


__all__ = ["Grid", "scalar_identity_coefficient", "repartition", "add_grids", "multiply_grids"]

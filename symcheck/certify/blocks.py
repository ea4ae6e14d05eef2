"""The checker's block inverses: (M)⁻¹ of a block matrix as a grid of the certificate's letters.

A certificate letter of kind `inverse` may say that it is block [i, j] of the inverse of a
block matrix (`inverse_of_grid`: the row and column partitions of M and every block as a
polynomial, and `block`). The checker

* binds the claim's (M)⁻¹, with M translated by its own translator, to the letters whose
  `inverse_of_grid` equals that grid block by block, one letter for every block, each of
  type cols[i] × rows[j] (M⁻¹ maps the rows' space back to the columns');
* checks each letter's transpose: the transpose of block (i, j) of M⁻¹ is block (j, i) of
  (Mᵀ)⁻¹, so the transpose letter must declare exactly that (itself when Mᵀ = M and i = j);
* grants M·Z − I and Z·M − I block by block (I cut into the partitions): that is what
  Z = M⁻¹ means wherever M is invertible, which is where the claim promises anything.

Grids are plain lists of lists of `ncpoly.NCPoly` here (no import of the translator).
"""
from __future__ import annotations

import sympy

from .ncpoly import Dim, Rejected, identity, parse_dim, zero


def read_block_letters(ctx, raw_letters: list) -> dict:
    """name -> (rows, cols, blocks, (i, j)) for every letter that declares itself a block of an inverse."""
    out = {}
    for raw in raw_letters:
        spec = raw.get("inverse_of_grid")
        if spec is None:
            continue
        name, where = raw["name"], f"inverse_of_grid of {raw['name']}"
        if raw.get("kind") != "inverse" or raw.get("inverse_of") is not None:
            raise Rejected(f"letter {name}: a block of an inverse must be an inverse letter inverting nothing else")
        rows = [parse_dim(r, ctx.dims_by_id) for r in spec["rows"]]
        cols = [parse_dim(c, ctx.dims_by_id) for c in spec["cols"]]
        blocks = [[ctx.poly(b, where) for b in row] for row in spec["blocks"]]
        if len(rows) < 1 or len(cols) < 1 or len(blocks) != len(rows) or any(len(r) != len(cols) for r in blocks):
            raise Rejected(f"{where}: the blocks do not make a grid")
        for i, row in enumerate(blocks):
            for j, b in enumerate(row):
                if b.rows != rows[i] or b.cols != cols[j]:
                    raise Rejected(f"{where}: block ({i}, {j}) does not fit the partitions")
        i, j = raw.get("block", [None, None])
        if not (isinstance(i, int) and isinstance(j, int) and 0 <= i < len(cols) and 0 <= j < len(rows)):
            raise Rejected(f"letter {name}: block {raw.get('block')!r} is not a block of the inverse")
        out[name] = (rows, cols, blocks, (i, j))
    return out


def _same_grid(spec: tuple, rows: list, cols: list, blocks: list) -> bool:
    r, c, b, _ = spec
    return r == rows and c == cols and all(x.equals(y) for row_a, row_b in zip(b, blocks) for x, y in zip(row_a, row_b))


def transpose_blocks(alphabet, rows: list, cols: list, blocks: list) -> tuple:
    """(rows, cols, blocks) of the transpose of a grid."""
    return (list(cols), list(rows),
            [[alphabet.transpose(blocks[i][j]) for i in range(len(rows))] for j in range(len(cols))])


def _find(table: dict, rows, cols, blocks, i: int, j: int) -> str | None:
    for name, spec in table.items():
        if spec[3] == (i, j) and _same_grid(spec, rows, cols, blocks):
            return name
    return None


def bind_block_inverse(ctx, rows: list, cols: list, blocks: list) -> list:
    """The letters of the inverse of the grid, block (i, j) of type cols[i] × rows[j], with their transposes checked."""
    if sum_key(rows) != sum_key(cols):
        raise Rejected("the inverse of a block matrix that is not square")
    table = ctx.block_letters
    rows_t, cols_t, blocks_t = transpose_blocks(ctx.alphabet, rows, cols, blocks)
    out = []
    for i, c in enumerate(cols):
        row = []
        for j, r in enumerate(rows):
            name = _find(table, rows, cols, blocks, i, j)
            if name is None:
                raise Rejected(f"the certificate has no letter for block ({i}, {j}) of the inverse of a block matrix")
            let = ctx.alphabet[name]
            if let.rows != c or let.cols != r:
                raise Rejected(f"block inverse letter {name} does not have the type of block ({i}, {j})")
            t = let.transpose
            spec = table.get(t)
            if spec is None or spec[3] != (j, i) or not _same_grid(spec, rows_t, cols_t, blocks_t):
                raise Rejected(f"the transpose {t} of block inverse letter {name} is not block ({j}, {i}) "
                               "of the inverse of the transposed block matrix")
            row.append(name)
        out.append(row)
    return out


def sum_key(dims: list) -> str:
    """The total of a partition, as a comparable key."""
    return Dim.of(sympy.Add(*[d.expr for d in dims])).key


def block_inverse_relations(fld, alphabet, rows: list, cols: list, blocks: list, letters: list) -> list:
    """M·Z − I and Z·M − I block by block, for the letters Z of M⁻¹."""
    z = [[alphabet.letter_poly(n, fld) for n in row] for row in letters]
    out = []
    for left, right, outer, inner_count in ((blocks, z, rows, len(cols)), (z, blocks, cols, len(rows))):
        for i, a in enumerate(outer):
            for j, b in enumerate(outer):
                acc = zero(a, b)
                for k in range(inner_count):
                    acc = acc.add(left[i][k].mul(right[k][j]))
                if i == j:
                    acc = acc.sub(identity(a, fld))
                if not acc.is_zero():
                    out.append(acc)
    return out


def diagonal_blocks(rows: list, cols: list, blocks: list) -> list:
    """The diagonal blocks of a grid for its trace (tr [[A, B], [C, D]] = tr A + tr D): each must be square."""
    if len(rows) != len(cols) or any(r != c for r, c in zip(rows, cols)):
        raise Rejected("the trace of a block matrix whose diagonal blocks are not square")
    return [blocks[i][i] for i in range(len(rows))]


__all__ = ["read_block_letters", "diagonal_blocks", "bind_block_inverse", "block_inverse_relations", "transpose_blocks"]

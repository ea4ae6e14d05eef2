"""Block matrices beyond sums and products: the inverse of a block matrix, the trace of a grid.

Owns two rules of the matrix prover's translator:

* `block_inverse_grid`: (M)⁻¹ for a block matrix M (a `Grid` with row partition r and
  column partition c, square in total) is a grid of new letters Z, block (i, j) of type
  c[i] × r[j], with the premises M·Z − I and Z·M − I taken block by block (I cut into
  the partitions). Its transpose is the inverse of Mᵀ, block (j, i) transposed: the
  letters of (Mᵀ)⁻¹ are linked as the transposes of Z's (Z's own when Mᵀ = M as grids).
  This is what Z = M⁻¹ means wherever M is invertible, the claim's promise (CONTRACT §2);
  no block of M needs to be invertible for the letters to exist.
* `grid_trace_blocks`: the diagonal blocks of a grid whose diagonal blocks are square,
  so that tr [[A, B], [C, D]] = tr A + tr D.

And one way to close a target (`through_block_inverse`): for the letters Z of M⁻¹,
D = Z·(M·D) − (Z·M − I)·D and D = (D·M)·Z − D·(M·Z − I) blockwise, so a grid D with
M·D (or D·M) in the ideal is itself in it. That is how a candidate inverse written in
blocks (§9.1.3 of the Matrix Cookbook) is proved: its product with M reduces to I.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy

from .errors import OutsideMatrixProver
from .grid import Grid
from .ncalg import Letter, NCPoly, dim_key
from .ncgb import add_representation
from .premise import Premise


@dataclass
class BlockInverse:
    """The letters of M⁻¹ for a block matrix M: letters[i][j] is block (i, j), of type M.cols[i] × M.rows[j]."""

    matrix: Grid
    letters: list
    right: list     # right[k][j]: premise (M·Z − I) block (k, j)
    left: list      # left[i][k]: premise (Z·M − I) block (i, k)


def grid_key(g: Grid) -> tuple:
    """A hashable identity of a grid: its partitions and every block's key."""
    return (tuple(g.rows), tuple(g.cols), tuple(tuple(b.key() for b in row) for row in g.blocks))


def transpose_grid(t, g: Grid) -> Grid:
    """The transpose of a grid: blocks transposed and swapped."""
    return Grid(list(g.cols), list(g.rows),
                [[g.blocks[i][j].transpose(t.alphabet) for i in range(len(g.rows))] for j in range(len(g.cols))])


def _identity_blocks(parts: list, fld) -> list:
    return [[NCPoly.identity(a, fld) if i == j else NCPoly.zero(a, b) for j, b in enumerate(parts)]
            for i, a in enumerate(parts)]


def _product(a: list, b: list, rows: list, cols: list, inner: int) -> list:
    out = []
    for i, r in enumerate(rows):
        row = []
        for j, c in enumerate(cols):
            acc = NCPoly.zero(r, c)
            for k in range(inner):
                acc = acc + a[i][k] * b[k][j]
            row.append(acc)
        out.append(row)
    return out


def block_inverse_grid(t, g: Grid, meaning: sympy.Basic) -> Grid:
    """The grid of letters standing for g⁻¹ (g a block matrix, square in total), created with premises on first use."""
    rows, cols = g.total()
    if dim_key(rows) != dim_key(cols):
        raise OutsideMatrixProver("inverse of a block matrix that is not square")
    record = _block_inverse(t, g, meaning)
    fld = t.field
    return Grid(list(g.cols), list(g.rows),
                [[NCPoly.letter(t.alphabet, z, fld) for z in row] for row in record.letters])


def _block_inverse(t, g: Grid, meaning) -> BlockInverse:
    key = grid_key(g)
    found = t.block_inverses.get(key)
    if found is not None:
        return found
    gt = transpose_grid(t, g)
    symmetric = grid_key(gt) == key
    shown = _show_grid(t, g)
    base = t.unique_name(f"Zb{len(t.block_inverses) + 1}")
    letters = [[t.alphabet.add(Letter(t.unique_name(f"{base}_{i + 1}{j + 1}"), c, r, None, "inverse",
                                      note=f"block ({i + 1}, {j + 1}) of the inverse of {shown}"))
                for j, r in enumerate(g.rows)] for i, c in enumerate(g.cols)]
    record = _record(t, g, letters, base)
    t.block_inverses[key] = record
    if symmetric:
        for i, row in enumerate(letters):
            for j, z in enumerate(row):
                t.alphabet.link_transposes(z, letters[j][i])
        return record
    shown_t = _show_grid(t, gt)
    letters_t = [[t.alphabet.add(Letter(t.unique_name(f"{base}_{j + 1}{i + 1}^T"), r, c, None, "inverse",
                                        note=f"block ({i + 1}, {j + 1}) of the inverse of {shown_t} "
                                             f"(the transpose of block ({j + 1}, {i + 1}) of {base})"))
                  for j, c in enumerate(g.cols)] for i, r in enumerate(g.rows)]
    for i, row in enumerate(letters):
        for j, z in enumerate(row):
            t.alphabet.link_transposes(z, letters_t[j][i])
    t.block_inverses[grid_key(gt)] = _record(t, gt, letters_t, base + "^T")
    return record


def _record(t, g: Grid, letters: list, base: str) -> BlockInverse:
    """The premises M·Z − I and Z·M − I, block by block, for the letters Z of g⁻¹."""
    fld = t.field
    z = [[NCPoly.letter(t.alphabet, a, fld) for a in row] for row in letters]
    mz = _product(g.blocks, z, g.rows, g.rows, len(g.cols))
    zm = _product(z, g.blocks, g.cols, g.cols, len(g.rows))
    right, left = [], []
    for name, prod, parts, out in (("inverse-right", mz, g.rows, right), ("inverse-left", zm, g.cols, left)):
        ident = _identity_blocks(parts, fld)
        for i, row in enumerate(prod):
            out.append([])
            for j, block in enumerate(row):
                rel = block - ident[i][j]
                out[-1].append(rel)
                if not rel.is_zero():
                    t.premises.append(Premise(rel, name, f"{name} of the block inverse {base}, block ({i + 1}, {j + 1})"))
    return BlockInverse(g, letters, right, left)


def _show_grid(t, g: Grid) -> str:
    return "[" + "; ".join(", ".join(b.show(t.alphabet) for b in row) for row in g.blocks) + "]"


def grid_trace_blocks(g: Grid) -> list:
    """The diagonal blocks of a grid, each square; OutsideMatrixProver when the partitions do not allow a trace."""
    if g.is_single():
        return [g.blocks[0][0]]
    if len(g.rows) != len(g.cols) or any(dim_key(r) != dim_key(c) for r, c in zip(g.rows, g.cols)):
        raise OutsideMatrixProver("trace of a block matrix whose diagonal blocks are not square")
    return [g.blocks[i][i] for i in range(len(g.rows))]


# ---------------------------------------------------------------------------
# Closing a grid of targets through a block inverse
# ---------------------------------------------------------------------------


def _hypothesis_index(session, poly: NCPoly) -> tuple | None:
    """(index, sign) of the session hypothesis equal to ±poly, else None."""
    key, neg = poly.key(), (-poly).key()
    for k, h in enumerate(session.hypotheses):
        hk = h.key()
        if hk == key:
            return k, 1
        if hk == neg:
            return k, -1
    return None


def through_block_inverse(session, t, diff: Grid, close) -> list | None:
    """Representations of every block of `diff` from M·diff (or diff·M) in the ideal, for a block inverse M⁻¹.

    `close(poly)` reduces a polynomial to 0 (completing the basis as needed) and returns its
    representation, or None. Tried only for block inverses whose letters occur in diff.
    """
    used = {i for row in diff.blocks for b in row for i in b.letters_used()}
    for record in list(t.block_inverses.values()):
        if not used & {z for row in record.letters for z in row}:
            continue
        candidate = _candidate(t, diff, record)
        for side in ("left", "right"):
            reps = None if candidate is None else _check_candidate(session, t, diff, record, candidate, side, close)
            if reps is None:
                reps = _through(session, t, diff, record, side, close)
            if reps is not None:
                return reps
    return None


def _candidate(t, diff: Grid, record: BlockInverse) -> tuple | None:
    """(σ, R) when diff = σ·(Z − R) with σ = ±1 and R free of Z's letters: the claim says M⁻¹ = R."""
    if len(diff.rows) != len(record.letters) or len(diff.cols) != len(record.letters[0]):
        return None
    zs = {z for row in record.letters for z in row}
    sigma, rest = None, []
    for i, row in enumerate(diff.blocks):
        rest.append([])
        for j, block in enumerate(row):
            c = block.terms.get((record.letters[i][j],))
            if c is None or not (c.is_one() or (-c).is_one()):
                return None
            s = 1 if c.is_one() else -1
            if sigma not in (None, s):
                return None
            sigma = s
            r = block - NCPoly.letter(t.alphabet, record.letters[i][j], t.field).scale(c)
            if r.letters_used() & zs:
                return None
            rest[-1].append(r.scale(t.field.const(-s)))      # block = σ(Z_ij − R_ij)
    return sigma, rest


def _check_candidate(session, t, diff: Grid, record: BlockInverse, candidate: tuple, side: str, close):
    """Z − R = −Z·(M·R − I) + (Z·M − I)·R (left) or −(R·M − I)·Z + R·(M·Z − I) (right), for σ(Z − R) = diff."""
    sigma, r = candidate
    m, fld = record.matrix, t.field
    if side == "left":
        parts, inner_count, relations = m.rows, len(m.cols), record.left
        product = _product(m.blocks, r, m.rows, m.rows, inner_count)       # (M·R)[k][j]
    else:
        parts, inner_count, relations = m.cols, len(m.rows), record.right
        product = _product(r, m.blocks, m.cols, m.cols, inner_count)       # (R·M)[i][k]
    ident = _identity_blocks(parts, fld)
    closed = []
    for a, row in enumerate(product):
        closed.append([])
        for b, block in enumerate(row):
            rel = block - ident[a][b]
            rep = close(_as_scalar(t, rel) if rel.src == 1 and rel.dst == 1 else t.atoms.extract_loops(rel))
            if rep is None:
                return None
            closed[-1].append(rep)
    hyp = [[None if rel.is_zero() else _hypothesis_index(session, rel) for rel in row] for row in relations]
    if any(h is None and not relations[i][k].is_zero() for i, row in enumerate(hyp) for k, h in enumerate(row)):
        return None
    minus = fld.const(-sigma)
    reps = []
    for i in range(len(diff.rows)):
        row = []
        for j in range(len(diff.cols)):
            out: dict = {}
            if side == "left":
                for k in range(len(parts)):
                    add_representation(out, closed[k][j], minus, (record.letters[i][k],), ())
                for k in range(inner_count):
                    _subtract(out, hyp[i][k], r[k][j].scale(minus), fld, before=True)
            else:
                for k in range(len(parts)):
                    add_representation(out, closed[i][k], minus, (), (record.letters[k][j],))
                for k in range(inner_count):
                    _subtract(out, hyp[k][j], r[i][k].scale(minus), fld, before=False)
            row.append(out)
        reps.append(row)
    return reps


def _through(session, t, diff: Grid, record: BlockInverse, side: str, close) -> list | None:
    m, fld = record.matrix, t.field
    one = fld.one
    if side == "left":
        if [dim_key(r) for r in diff.rows] != [dim_key(c) for c in m.cols]:
            return None
        product = _product(m.blocks, diff.blocks, m.rows, diff.cols, len(m.cols))    # (M·D)[k][j]
        relations = record.left                                                        # (Z·M − I)[i][k]
    else:
        if [dim_key(c) for c in diff.cols] != [dim_key(r) for r in m.rows]:
            return None
        product = _product(diff.blocks, m.blocks, diff.rows, m.cols, len(m.rows))    # (D·M)[i][k]
        relations = record.right                                                       # (M·Z − I)[k][j]
    inner = [[None] * len(row) for row in product]
    for a, row in enumerate(product):
        for b, block in enumerate(row):
            rep = close(_as_scalar(t, block) if block.src == 1 and block.dst == 1 else t.atoms.extract_loops(block))
            if rep is None:
                return None
            inner[a][b] = rep
    hyp = [[None if rel.is_zero() else _hypothesis_index(session, rel) for rel in row] for row in relations]
    if any(h is None and not relations[i][k].is_zero() for i, row in enumerate(hyp) for k, h in enumerate(row)):
        return None
    reps = []
    for i in range(len(diff.rows)):
        row = []
        for j in range(len(diff.cols)):
            out: dict = {}
            if side == "left":
                # D_ij = Σ_k Z_ik·(M·D)_kj − Σ_k (Z·M − I)_ik·D_kj
                for k in range(len(m.rows)):
                    add_representation(out, inner[k][j], one, (record.letters[i][k],), ())
                for k in range(len(m.cols)):
                    _subtract(out, hyp[i][k], diff.blocks[k][j], fld, before=True)
            else:
                # D_ij = Σ_k (D·M)_ik·Z_kj − Σ_k D_ik·(M·Z − I)_kj
                for k in range(len(m.cols)):
                    add_representation(out, inner[i][k], one, (), (record.letters[k][j],))
                for k in range(len(m.rows)):
                    _subtract(out, hyp[k][j], diff.blocks[i][k], fld, before=False)
            row.append(out)
        reps.append(row)
    return reps


def _as_scalar(t, block: NCPoly) -> NCPoly:
    """A 1×1 block as c·I₁, every word its own trace atom (a 1×1 matrix is a scalar)."""
    c = t.field.zero
    for w, coeff in block.terms.items():
        c = c + coeff * t.atoms.trace(1, w)
    return NCPoly.identity(1, t.field, c)


def _subtract(out: dict, hyp, block: NCPoly, fld, before: bool) -> None:
    """out −= (relation)·block (before) or block·(relation), the relation being ±hypothesis."""
    if hyp is None or block.is_zero():
        return
    k, sign = hyp
    rep = {}
    for w, c in block.terms.items():
        rep[((), k, w) if before else (w, k, ())] = c * fld.const(-sign)
    add_representation(out, rep, fld.one)


__all__ = ["BlockInverse", "block_inverse_grid", "grid_trace_blocks", "through_block_inverse", "transpose_grid",
           "grid_key"]

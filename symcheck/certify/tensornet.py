"""The checker's own comparison of traces by their index networks (no prover code).

tr(w) is Σ over index values of a product of entries. Written out, a closed word of
the certificate's letters is a network: a node per matrix letter with a row leg and a
column leg, an index per summation variable (with its dimension), the identity and
diag(x) joining indices, J leaving them free, a Hadamard product running each of its
components between the same two indices, diagof(M) closing M on one index. Letters
are read through their transposes (a node of Aᵀ is a node of A with its legs swapped;
a letter that is its own transpose has interchangeable legs). Two traces with
isomorphic networks are the same sum up to renaming its variables, hence equal.

Isomorphism is decided by comparing canonical forms: the least serialisation over
every order of the nodes that keeps nodes of one name together (and both leg orders of
a symmetric node). A network with too many orders is not compared (False: the checker
then simply does not identify the two traces).
"""
from __future__ import annotations

import math
from itertools import permutations, product

from .ncpoly import Dim

ONE = Dim.of(1)
MAX_ORDERS = 20000


class _Net:
    def __init__(self):
        self.up: list = []
        self.dim: list = []
        self.nodes: list = []      # (name, symmetric, legs)

    def new(self, dim: Dim) -> int:
        self.up.append(len(self.up))
        self.dim.append(dim)
        return len(self.up) - 1

    def root(self, i: int) -> int:
        while self.up[i] != i:
            i = self.up[i]
        return i

    def join(self, a: int, b: int) -> None:
        a, b = self.root(a), self.root(b)
        if a != b:
            self.up[b] = a


def _network(ctx, vertex: Dim, word: tuple) -> _Net:
    alphabet, table = ctx.alphabet, ctx.structures
    net = _Net()

    def run(w, start, end):
        if not w:
            net.join(start, end)
            return
        at = start
        for k, name in enumerate(w):
            nxt = end if k + 1 == len(w) else net.new(alphabet[name].cols)
            put(name, at, nxt)
            at = nxt

    def put(name, r, c):
        kind = table.kind(name) if table is not None else None
        if kind == "had":
            for part in table.of[name][1]:
                run(part.word, r, c)
        elif kind == "diag":
            net.join(r, c)
            run(table.of[name][1][0].word, r, net.new(ONE))
        elif kind == "diagof":
            run(table.of[name][1][0].word, r, r)
        elif kind == "diagofT":
            run(table.of[name][1][0].word, c, c)
        elif kind == "ones":
            pass
        else:
            t = alphabet[name].transpose
            if t == name:
                net.nodes.append((name, True, (r, c)))
            elif name < t:
                net.nodes.append((name, False, (r, c)))
            else:
                net.nodes.append((t, False, (c, r)))

    start = net.new(vertex)
    run(tuple(word), start, start)
    return net


def _canonical(net: _Net):
    """(free dimensions, least serialisation), or None when there are too many orders to try."""
    nodes = [(name, sym, tuple(None if net.dim[net.root(i)] == ONE else net.root(i) for i in legs))
             for name, sym, legs in net.nodes]
    used = {leg for _, _, legs in nodes for leg in legs if leg is not None}
    roots = {net.root(i) for i in range(len(net.up))}
    free = tuple(sorted(net.dim[r].key for r in roots if r not in used and net.dim[r] != ONE))
    groups: dict = {}
    for k, (name, _, _) in enumerate(nodes):
        groups.setdefault(name, []).append(k)
    names = sorted(groups)
    symmetric = [k for k, (_, sym, _) in enumerate(nodes) if sym]
    orders = math.prod(math.factorial(len(groups[n])) for n in names) * 2 ** len(symmetric)
    if orders > MAX_ORDERS:
        return None
    best = None
    for choice in product(*[permutations(groups[n]) for n in names]):
        order = [k for block in choice for k in block]
        for flips in product((False, True), repeat=len(symmetric)):
            flipped = {k for k, f in zip(symmetric, flips) if f}
            numbers: dict = {}
            text = []
            for k in order:
                name, _, legs = nodes[k]
                if k in flipped:
                    legs = legs[::-1]
                coded = []
                for leg in legs:
                    if leg is None:
                        coded.append("1")
                        continue
                    if leg not in numbers:
                        numbers[leg] = len(numbers)
                    coded.append(f"{numbers[leg]}:{net.dim[leg].key}")
                text.append((name, tuple(coded)))
            text = tuple(text)
            if best is None or text < best:
                best = text
    return free, best


def _cached(ctx, vertex: Dim, word: tuple):
    cache = ctx.__dict__.setdefault("_network_forms", {})
    key = (vertex.key, tuple(word))
    if key not in cache:
        cache[key] = _canonical(_network(ctx, vertex, word))
    return cache[key]


def same_network(ctx, a: tuple, b: tuple) -> bool:
    """tr(a) = tr(b) because their index networks are isomorphic; a, b are (vertex Dim, closed word)."""
    ca = _cached(ctx, *a)
    return ca is not None and ca == _cached(ctx, *b)


__all__ = ["same_network"]

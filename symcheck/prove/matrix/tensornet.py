"""Traces of words with structured letters, named by their index networks (tensor networks).

tr(w) is a sum over index values of a product of entries. For a closed word with
Hadamard products, diagonals and ones (`structured`), that sum is described by a
network: a node per matrix letter (its row and column legs), an index per summation
variable (with its dimension), I and diag identifying indices, J leaving them
independent, a Hadamard product running every component between the same two
indices. Two traces whose networks are isomorphic are equal for every size and every
value (rename the summation variables). So xᵀ(A∘B)y, tr(diag(x) A diag(y) Bᵀ) and
Σᵢⱼ xᵢ Aᵢⱼ Bᵢⱼ yⱼ get one atom, as do tr(Aᵀ(B∘C)) and tr((A∘B)ᵀC), and tr(diag(x)) = 1ᵀx.

Owns:

* `trace_rule(structures, vertex, word)`: the two rules applied before naming —
  tr(w₁ ⊗ … ⊗ w_k) = Π tr(wᵢ) for square components, and tr(vec(U)ᵀ vec(W)) = tr(UᵀW);
* `network_key(structures, vertex, word)`: a canonical key of the network (None when it
  is too large to canonicalise), found by colour refinement and then the least
  serialisation over the orderings the refinement leaves open.

A key is only used to give equal traces one atom; two different keys say nothing.
The independent checker compares networks with its own code (`certify.tensornet`).
"""
from __future__ import annotations

from itertools import permutations, product

import sympy

from .ncalg import dim_key

MAX_ORDERINGS = 5000


class _Network:
    """Index classes (union-find) with dimensions, and tensor nodes with legs."""

    def __init__(self):
        self.parent: list = []
        self.dims: list = []
        self.nodes: list = []          # (label, symmetric, [index, index])

    def index(self, dim) -> int:
        self.parent.append(len(self.parent))
        self.dims.append(dim_key(dim))
        return len(self.parent) - 1

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _build(structures, vertex, word) -> _Network | None:
    alphabet = structures.alphabet
    net = _Network()

    def chain(w, start: int, end: int) -> bool:
        if not w:
            net.union(start, end)
            return True
        current = start
        for k, letter in enumerate(w):
            nxt = end if k == len(w) - 1 else net.index(alphabet[letter].cols)
            if not place(letter, current, nxt):
                return False
            current = nxt
        return True

    def place(letter: int, r: int, c: int) -> bool:
        s = structures.structure.get(letter)
        kind = s.kind if s is not None else None
        if kind == "had":
            return all(chain(q.word, r, c) for q in s.parts)
        if kind == "diag":
            net.union(r, c)
            return chain(s.parts[0].word, r, net.index(1))
        if kind == "diagof":
            return chain(s.parts[0].word, r, r)
        if kind == "diagofT":
            return chain(s.parts[0].word, c, c)
        if kind == "ones":
            return True
        let = alphabet[letter]
        t = let.transpose
        if t == letter:
            net.nodes.append((let.name, True, [r, c]))
        elif let.name <= alphabet[t].name:
            net.nodes.append((let.name, False, [r, c]))
        else:
            net.nodes.append((alphabet[t].name, False, [c, r]))
        return True

    start = net.index(vertex)
    if not chain(tuple(word), start, start):
        return None
    return net


def _serialise(order, sym_flips, legs_of, labels, dims) -> tuple:
    numbering: dict = {}
    out = []
    for node, flip in zip(order, sym_flips):
        legs = legs_of[node][::-1] if flip else legs_of[node]
        coded = []
        for leg in legs:
            if leg is None:
                coded.append(-1)
                continue
            if leg not in numbering:
                numbering[leg] = len(numbering)
            coded.append(numbering[leg])
        out.append((labels[node], tuple(coded)))
    by_number = sorted(numbering.items(), key=lambda kv: kv[1])
    return tuple(out), tuple(sympy.sstr(dims[i]) for i, _ in by_number)


def _refine(n_nodes, labels, legs_of, dims) -> list:
    """Colour classes of the nodes after a few rounds of refinement by neighbouring labels."""
    colour = [labels[i] for i in range(n_nodes)]
    for _ in range(4):
        incident: dict = {}
        for i in range(n_nodes):
            for pos, leg in enumerate(legs_of[i]):
                if leg is not None:
                    incident.setdefault(leg, []).append((colour[i], pos))
        new = []
        for i in range(n_nodes):
            around = tuple(tuple(sorted(map(str, incident[leg]))) if leg is not None else ()
                           for leg in legs_of[i])
            new.append(str((colour[i], around, tuple(sympy.sstr(dims[leg]) if leg is not None else "1"
                                                    for leg in legs_of[i]))))
        if len(set(new)) == len(set(colour)):
            colour = new
            break
        colour = new
    return colour


def _component_key(nodes: list, legs_of: dict, labels: dict, symmetric: dict, dims: dict):
    colour = _refine(len(nodes), [labels[n] for n in nodes], [legs_of[n] for n in nodes], dims)
    classes: dict = {}
    for k, n in enumerate(nodes):
        classes.setdefault(colour[k], []).append(n)
    keys = sorted(classes)
    count = 1
    for k in keys:
        for i in range(2, len(classes[k]) + 1):
            count *= i
    sym_nodes = [n for n in nodes if symmetric[n]]
    count *= 2 ** len(sym_nodes)
    if count > MAX_ORDERINGS:
        return None
    best = None
    for perms in product(*[permutations(classes[k]) for k in keys]):
        order = [n for p in perms for n in p]
        for flips in product((False, True), repeat=len(sym_nodes)):
            flip_of = dict(zip(sym_nodes, flips))
            code = _serialise(order, [flip_of.get(n, False) for n in order], legs_of, labels, dims)
            if best is None or code < best:
                best = code
    return best


def network_key(structures, vertex, word):
    """A canonical key of tr(word)'s network: (product of free dimensions, sorted component keys), or None."""
    net = _build(structures, vertex, word)
    if net is None:
        return None
    legs_of, labels, symmetric = {}, {}, {}
    used = set()
    for k, (label, sym, legs) in enumerate(net.nodes):
        roots = [net.find(i) for i in legs]
        legs_of[k] = [None if net.dims[r] == 1 else r for r in roots]
        labels[k] = label
        symmetric[k] = sym
        used |= {r for r in roots}
    classes = {net.find(i) for i in range(len(net.parent))}
    free = sorted(sympy.sstr(net.dims[r]) for r in classes if r not in used and net.dims[r] != 1)
    dims = {r: net.dims[r] for r in classes}
    # connected components of the nodes through shared indices
    parent = list(range(len(net.nodes)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_at: dict = {}
    for k in legs_of:
        for leg in legs_of[k]:
            if leg is None:
                continue
            if leg in first_at:
                parent[find(k)] = find(first_at[leg])
            else:
                first_at[leg] = k
    groups: dict = {}
    for k in legs_of:
        groups.setdefault(find(k), []).append(k)
    components = []
    for nodes in groups.values():
        key = _component_key(nodes, legs_of, labels, symmetric, dims)
        if key is None:
            return None
        components.append(key)
    return (tuple(free), tuple(sorted(components)))


def trace_rule(structures, vertex, word):
    """[(coefficient 1, [(vertex, word), ...])] for the two trace rules, or None when neither applies.

    tr(w₁ ⊗ … ⊗ w_k) = Π tr(wᵢ) (every component square); tr(vec(U)ᵀ vec(W)) = tr(UᵀW)."""
    alphabet = structures.alphabet
    if len(word) == 1:
        s = structures.structure.get(word[0])
        if s is not None and s.kind == "kron" and all(q.src == q.dst for q in s.parts):
            return [(q.src, q.word) for q in s.parts]
    if len(word) == 2:
        for a, b in (word, word[::-1]):
            sa, sb = structures.structure.get(a), structures.structure.get(b)
            if sa is not None and sb is not None and sa.kind == "vecT" and sb.kind == "vec" \
                    and sa.parts[0].src == sb.parts[0].src and sa.parts[0].dst == sb.parts[0].dst:
                u, w = sa.parts[0], sb.parts[0]
                return [(u.dst, alphabet.transpose_word(u.word) + w.word)]
    return None


def has_network(structures, word) -> bool:
    """Does the word hold a letter whose trace is read through its network (Hadamard, diag, diagof, ones)?"""
    return any(structures.structure.get(i) is not None and
               structures.structure[i].kind in ("had", "diag", "diagof", "diagofT", "ones") for i in word)


__all__ = ["network_key", "trace_rule", "has_network", "MAX_ORDERINGS"]

"""What has been declared: the names a formula is read against (`Decl`, `Declarations`).

This is data only. `declarations.py` fills it from declaration text; the parser and the
SymPy builder look names up in it. Keeping it apart from the reader is what lets the
reader use the parser (for names, sizes and relations) without an import cycle.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .names import NameRef


@dataclass
class Decl:
    """One declared name."""
    name: str                      # canonical spelling (NameRef.text)
    kind: str                      # scalar, matrix, function, density, data, identity, dimension
    rows: object = None            # SymPy dimension expressions for matrices
    cols: object = None
    sign: str | None = None
    integer: bool = False
    properties: tuple = ()
    sequence: bool = False
    line: int = 0
    noise_sd: str | None = None    # for a Gaussian noise vector: the name of its standard deviation


@dataclass
class Declarations:
    """The result of `parse_declarations`; pass it to `parse_formula`."""
    decls: dict = field(default_factory=dict)        # canonical name -> Decl
    dims: dict = field(default_factory=dict)         # dimension name -> positive integer Symbol
    symbols: dict = field(default_factory=dict)      # canonical name -> Symbol / MatrixSymbol / Function
    assumptions: list = field(default_factory=list)  # Q predicates and relations for Problem.build
    identity_size: object = None                     # default size of a bare I, from `I: identity n`

    def lookup(self, name: str) -> Decl | None:
        """The declaration of exactly this name, or None."""
        return self.decls.get(name)

    def symbol(self, name: str):
        """The SymPy object declared for this name, or None."""
        return self.symbols.get(name)

    def names(self) -> list[str]:
        """Every declared name, in declaration order."""
        return list(self.decls)

    def governing(self, ref: NameRef) -> Decl | None:
        """The declaration that decides how `ref` behaves: its own, or its nearest declared parent's (w for ŵ, w_t)."""
        decl = self.lookup(ref.text)
        if decl is not None:
            return decl
        for parent in ref.parents():
            decl = self.lookup(parent.text)
            if decl is not None:
                return decl
        return None

    def merged(self, other: "Declarations") -> "Declarations":
        """These declarations with `other`'s added (other wins on a clash)."""
        out = Declarations(dict(self.decls), dict(self.dims), dict(self.symbols), list(self.assumptions),
                           self.identity_size)
        out.decls.update(other.decls)
        out.dims.update(other.dims)
        out.symbols.update(other.symbols)
        out.assumptions.extend(a for a in other.assumptions if a not in out.assumptions)
        out.identity_size = other.identity_size or self.identity_size
        return out


__all__ = ["Decl", "Declarations"]

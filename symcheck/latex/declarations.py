"""Declarations: which names are matrices, vectors, scalars or functions, their shapes and assumptions.

One entry per line (or comma-separated on one line, as in `--declare`):

    X: matrix n×d          y: vector n          lambda: scalar > 0
    A: symmetric n×n       U: orthogonal n×n    P: idempotent n×n
    I: identity            k: integer >= 0      w, b, x: scalar
    w: vector d, sequence  f: function          n > d
    p: density             D: data

Produces SymPy objects (MatrixSymbol with its shape, real Symbols, dimension symbols as
positive integers) and assumptions in the Claim vocabulary (Q predicates and relations).
Words are table-driven (`KIND_WORDS`, `PROPERTY_WORDS`, `SIGN_WORDS`, ...).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy
from sympy import Eq, MatMul, MatrixSymbol, Q, Symbol

from ..model import relations
from .errors import DEFAULT_LIMITS, Limits, ParseError, read_safely
from .name_reader import read_name
from .parser import parse_dimension, parse_relation_text
from .scope import Decl, Declarations

KIND_WORDS = {
    "matrix": "matrix", "mat": "matrix", "vector": "vector", "vec": "vector", "scalar": "scalar",
    "real": "scalar", "number": "scalar", "integer": "integer", "int": "integer", "natural": "natural",
    "function": "function", "fn": "function", "func": "function", "identity": "identity",
    "dimension": "dimension", "dim": "dimension", "size": "dimension",
    "density": "density", "pdf": "density", "data": "data",
}
# Matrix properties: word -> Q predicate name ('idempotent' is the relation P·P = P and 'skew' the relation
# Sᵀ = −S, not predicates).
PROPERTY_WORDS = {
    "symmetric": "symmetric", "orthogonal": "orthogonal", "idempotent": "idempotent",
    "diagonal": "diagonal", "invertible": "invertible", "nonsingular": "invertible",
    "pd": "positive_definite", "spd": "positive_definite", "positive-definite": "positive_definite",
    "upper-triangular": "upper_triangular", "lower-triangular": "lower_triangular", "square": "square",
    "skew-symmetric": "skew", "skew": "skew", "antisymmetric": "skew", "anti-symmetric": "skew",
}
PHRASES = {"positive definite": "positive-definite", "symmetric positive definite": "spd",
           "upper triangular": "upper-triangular", "lower triangular": "lower-triangular",
           "row vector": "rowvector", "column vector": "vector", "skew symmetric": "skew-symmetric"}
SIGN_WORDS = {"positive": "positive", "nonnegative": "nonnegative", "non-negative": "nonnegative",
              "negative": "negative", "nonpositive": "nonpositive", "non-positive": "nonpositive",
              "nonzero": "nonzero", "non-zero": "nonzero"}
FLAG_WORDS = {"sequence": "sequence", "indexed": "sequence", "iterate": "sequence", "iterates": "sequence",
              "rowvector": "row"}
# A constraint `> 0` written after the kind: (relation, value) -> sign word.
SIGN_CONSTRAINTS = {(">", 0): "positive", (">=", 0): "nonnegative", ("<", 0): "negative",
                    ("<=", 0): "nonpositive", ("!=", 0): "nonzero"}
SIGN_ASSUMPTIONS = {"positive": dict(positive=True), "nonnegative": dict(nonnegative=True),
                    "negative": dict(negative=True), "nonpositive": dict(nonpositive=True),
                    "nonzero": dict(nonzero=True)}
# Comparisons written as LaTeX commands or Unicode symbols (model/relations.py), rewritten as `<=`, `!=`, ...
_REL_SPELLINGS = re.compile("|".join(
    [re.escape(c) + r"(?![A-Za-z])" for c in sorted(relations.commands(relations.COMPARISON), key=len, reverse=True)]
    + [re.escape(c) for c in relations.symbols(relations.COMPARISON) if not c.isascii()]))
_REL_RE = re.compile(r"(>=|<=|!=|==|>|<|=)")
_BARE_SIGN = re.compile(r"(\\?[A-Za-z]+|[^\W\d_])\s*(>=|<=|!=|>|<)\s*0")


def parse_declarations(text: str, limits: Limits = DEFAULT_LIMITS) -> Declarations:
    """Read a declaration block (one entry per line, or comma-separated entries, `-` bullets allowed)."""
    if not isinstance(text, str):
        raise ParseError(f"expected declaration text, got {type(text).__name__}")
    if len(text) > limits.max_length:
        raise ParseError(f"declarations too long ({len(text)} characters, limit {limits.max_length})", text[:200], 0)

    def run():
        entries, relations = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            _read_line(line, number, entries, relations)
        return _build(entries, relations, limits)
    return read_safely(text, run, limits)


def parse_declare_option(text: str, limits: Limits = DEFAULT_LIMITS) -> Declarations:
    """The one-line CLI form, e.g. `X: n×d, y: n, lambda>0` (same entries, separated by commas or `;`)."""
    return parse_declarations(text.replace(";", "\n"), limits)


# ---------------------------------------------------------------- reading entries

@dataclass
class _Entry:
    names: list
    spec: str
    line: int
    source: str
    offset: int


def _read_line(line: str, number: int, entries: list, relations: list) -> None:
    body = line.strip()
    if not body or body.startswith("#") or body.startswith("%"):
        return
    body = re.sub(r"^([-*+]|\d+[.)])\s+", "", body)   # Markdown bullets
    body = body.strip("$ ").rstrip(".")
    pending: list = []
    for piece, offset in _split_top(body, ","):
        if not piece.strip():
            continue
        if ":" in piece:
            names, spec = piece.split(":", 1)
            pending += [n.strip() for n in names.split()] if names.strip() else []
            entries.append(_Entry(pending, spec.strip(), number, line, line.find(piece)))
            pending = []
        elif _REL_RE.search(_normalize_relations(piece)):
            bare = _BARE_SIGN.fullmatch(_normalize_relations(piece).strip())
            if bare and not pending:  # `lambda>0`: a scalar with a sign
                entries.append(_Entry([bare.group(1)], f"scalar {bare.group(2)} 0", number, line, line.find(piece)))
                continue
            if pending:
                raise ParseError(f"names {', '.join(pending)} have no kind (write `{pending[0]}: scalar`)", line, 0,
                                 line_offset=number - 1)
            relations.append((piece.strip(), number, line))
        elif _is_spec_continuation(piece) and entries and entries[-1].line == number and not pending:
            entries[-1].spec += " " + piece.strip()  # `w: vector d, sequence`
        else:
            pending.append(piece.strip())
    if pending:
        entries.append(_Entry(pending, "scalar", number, line, 0))


def _is_spec_continuation(piece: str) -> bool:
    words = piece.strip().lower().split()
    if words and words[0] == "sd":
        return True
    known = {**KIND_WORDS, **PROPERTY_WORDS, **SIGN_WORDS, **FLAG_WORDS, "noise": 1, "definite": 1}
    return bool(words) and all(w in known for w in words)


def _split_top(text: str, sep: str):
    """Split at `sep` outside (), [], {}; yields (piece, offset)."""
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == sep and depth == 0:
            yield text[start:i], start
            start = i + 1
    yield text[start:], start


def _normalize_relations(text: str) -> str:
    return _REL_SPELLINGS.sub(lambda match: relations.SPELLINGS[match.group(0)], text)


def _canonical(name: str, entry: _Entry) -> str:
    if re.fullmatch(r"[A-Za-z]+", name):
        return name  # plain words: 'lambda' is \lambda, 'Loss' is a name
    try:
        return read_name(name).text
    except ParseError as exc:
        raise ParseError(f"cannot read the name {name!r}: {exc.reason}", entry.source, max(0, entry.offset),
                         line_offset=entry.line - 1) from None


@dataclass
class _Spec:
    kind: str | None = None
    shape: list = field(default_factory=list)
    sign: str | None = None
    properties: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    integer: bool = False
    noise_sd: str | None = None


def _read_spec(entry: _Entry) -> _Spec:
    spec = _Spec()
    text = _normalize_relations(entry.spec)
    match = re.search(r"(>=|<=|!=|>|<)\s*(-?\d+)\s*$", text)
    if match:
        sign = SIGN_CONSTRAINTS.get((match.group(1), int(match.group(2))))
        if sign is None:
            raise _spec_error(entry, f"only comparisons with 0 can follow a kind, not {match.group(0)!r}")
        spec.sign, text = sign, text[:match.start()]
    noise = re.search(r"\bsd\s*=?\s*(\\?[A-Za-z]+)", text)
    if noise:
        spec.noise_sd, text = noise.group(1).lstrip("\\"), text[:noise.start()] + text[noise.end():]
    text = re.sub(r"\\in\b|∈", " ", text)
    text = re.sub(r"\\mathbb\s*\{\s*R\s*\}|\\R\b|ℝ|\bR(?=\s*\^)", " ", text)
    lowered = text.lower()
    for phrase, word in PHRASES.items():
        lowered = re.sub(r"\b" + phrase + r"\b", word, lowered)
    keep = []
    for raw, low in zip(_words(text, lowered), _words(lowered, lowered)):
        if low in KIND_WORDS:
            spec.kind = KIND_WORDS[low]
        elif low in PROPERTY_WORDS:
            spec.properties.append(PROPERTY_WORDS[low])
        elif low in SIGN_WORDS:
            spec.sign = SIGN_WORDS[low]
        elif low == "noise":
            spec.kind, spec.noise_sd = "vector", spec.noise_sd or "sigma"
        elif low in FLAG_WORDS:
            spec.flags.append(FLAG_WORDS[low])
        else:
            keep.append(raw)
    shape_text = " ".join(keep).strip()
    if shape_text.startswith("^"):
        shape_text = shape_text[1:].strip()
    if shape_text.startswith("{") and shape_text.endswith("}"):
        shape_text = shape_text[1:-1]
    if shape_text:
        parts = [p.strip() for p in re.split(r"\\times|×|(?<=[\w)}])\s*[x*]\s*(?=[\w(\\{])", shape_text)]
        if not all(parts) or len(parts) > 2:
            raise _spec_error(entry, f"cannot read the shape {shape_text!r} (write n×d, n x d or n)")
        spec.shape = parts
    if spec.kind in ("integer", "natural"):
        spec.integer = True
        spec.sign = spec.sign or ("nonnegative" if spec.kind == "natural" else None)
        spec.kind = "scalar"
    return spec


def _words(text: str, lowered: str) -> list:
    """Whitespace-separated words, with `n x d` kept together as a shape."""
    compact = re.sub(r"\s*(\\times|×)\s*", "×", text)
    compact = re.sub(r"(?<=[\w)}])\s+x\s+(?=[\w(\\{])", "×", compact)
    return [w for w in re.split(r"[\s,]+", compact) if w]


def _spec_error(entry: _Entry, message: str) -> ParseError:
    return ParseError(message, entry.source, max(0, entry.source.find(entry.spec)), line_offset=entry.line - 1)


# ---------------------------------------------------------------- building SymPy objects

def _build(entries: list, relations: list, limits: Limits) -> Declarations:
    out = Declarations()
    specs = [(entry, _read_spec(entry)) for entry in entries]
    for entry, spec in specs:  # dimensions first: every name used in a shape
        for part in spec.shape:
            for dim in re.findall(r"[A-Za-z]\w*", part):
                out.dims.setdefault(dim, Symbol(dim, integer=True, positive=True))
        if spec.kind == "dimension":
            for name in entry.names:
                out.dims.setdefault(name, Symbol(name, integer=True, positive=True))
    for entry, spec in specs:
        for raw_name in entry.names:
            name = _canonical(raw_name, entry)
            decl = _declare(name, spec, entry, out)
            out.decls[name] = decl
            _make_symbol(decl, out)
    for text, number, line in relations:
        out.assumptions.append(_relation(text, number, line, out, limits))
    return out


def _dimension(text: str, entry: _Entry, out: Declarations):
    """A dimension expression such as `n`, `3`, `n+d`, `(n+d)`, `2n`: a polynomial in dimension symbols."""
    clean = text.strip().strip("{}")
    if not re.fullmatch(r"[\w\s+\-*()]+", clean):
        raise _spec_error(entry, f"cannot read the dimension {text!r}")
    try:
        return parse_dimension(clean, out.dims)
    except ParseError as exc:
        raise _spec_error(entry, f"cannot read the dimension {text!r}: {exc.reason}") from None


def _square_for_skew(name: str, rows, cols, spec: _Spec, entry: _Entry) -> None:
    if "skew" in spec.properties and sympy.simplify(rows - cols) != 0:
        raise _spec_error(entry, f"a skew-symmetric matrix is square, e.g. `{name}: skew-symmetric n×n`")


def _declare(name: str, spec: _Spec, entry: _Entry, out: Declarations) -> Decl:
    kind = spec.kind
    shape = [_dimension(p, entry, out) for p in spec.shape]
    if kind is None:
        kind = "matrix" if len(shape) == 2 or spec.properties else ("vector" if shape else "scalar")
    if kind == "vector":
        if len(shape) != 1:
            raise _spec_error(entry, f"a vector needs one size, e.g. `{name}: vector n`")
        rows, cols = (shape[0], sympy.S.One) if "row" not in spec.flags else (sympy.S.One, shape[0])
        _square_for_skew(name, rows, cols, spec, entry)
        return Decl(name, "matrix", rows, cols, spec.sign, False, tuple(spec.properties), "sequence" in spec.flags,
                    entry.line, spec.noise_sd)
    if kind == "matrix":
        if len(shape) == 1 and spec.properties:
            shape = shape * 2  # `A: symmetric n` is n×n
        if len(shape) != 2:
            raise _spec_error(entry, f"a matrix needs a shape, e.g. `{name}: matrix n×d`")
        _square_for_skew(name, shape[0], shape[1], spec, entry)
        return Decl(name, "matrix", shape[0], shape[1], None, False, tuple(spec.properties),
                    "sequence" in spec.flags, entry.line)
    if kind == "identity":
        if shape:
            out.identity_size = shape[0]
        return Decl(name, "identity", shape[0] if shape else None, shape[0] if shape else None, line=entry.line)
    if shape:
        raise _spec_error(entry, f"a {kind} has no shape; did you mean `{name}: matrix ...`?")
    if spec.properties:
        raise _spec_error(entry, f"{', '.join(spec.properties)} needs a matrix")
    return Decl(name, kind, None, None, spec.sign, spec.integer, (), "sequence" in spec.flags, entry.line)


def _make_symbol(decl: Decl, out: Declarations) -> None:
    if decl.kind == "matrix":
        mat = MatrixSymbol(decl.name, decl.rows, decl.cols)
        out.symbols[decl.name] = mat
        for prop in decl.properties:
            if prop == "idempotent":
                out.assumptions.append(Eq(MatMul(mat, mat), mat, evaluate=False))
            elif prop == "skew":
                out.assumptions.append(Eq(mat.T, -mat, evaluate=False))
            elif prop != "square":
                out.assumptions.append(getattr(Q, prop)(mat))
    elif decl.kind == "scalar":
        if decl.name in out.dims:
            out.symbols[decl.name] = out.dims[decl.name]
            return
        flags = dict(real=True, **SIGN_ASSUMPTIONS.get(decl.sign, {}))
        if decl.integer:
            flags["integer"] = True
        sym = Symbol(decl.name, **flags)
        out.symbols[decl.name] = sym
        if decl.integer:
            out.assumptions.append(Q.integer(sym))
        if decl.sign:
            out.assumptions.append(getattr(Q, decl.sign)(sym))
    elif decl.kind == "function":
        out.symbols[decl.name] = sympy.Function(decl.name, real=True)
    elif decl.kind == "data":  # observed data (D in p(w | D)): an opaque symbol
        out.symbols[decl.name] = Symbol(decl.name, real=True)
    elif decl.kind == "dimension":
        out.symbols[decl.name] = out.dims[decl.name]


def _relation(text: str, number: int, line: str, out: Declarations, limits: Limits):
    try:
        rel = parse_relation_text(text, out, limits=limits)
    except ParseError as exc:
        raise ParseError(exc.reason, line, max(0, line.find(text)) + max(0, exc.offset),
                         line_offset=number - 1) from None
    return rel.as_sympy()


__all__ = ["Decl", "Declarations", "parse_declarations", "parse_declare_option"]

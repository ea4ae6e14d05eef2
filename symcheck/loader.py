"""Loading claim files (CONTRACT §1): find them, import them, collect their Claims in order.

A file that fails to import becomes one `LoadError` naming the file and line; it
never stops the other files from loading. `load_claim_file` runs the file's code in
the calling process: the runner calls it only inside a worker (symcheck.runner), and
the parent sees each claim as a plain `ClaimInfo`.
"""
from __future__ import annotations

import importlib.util
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from .build_memo import memoized_matrix_doit
from .claim import Claim


@dataclass
class LoadError:
    file: str
    message: str
    line: int | None = None


@dataclass
class ClaimFile:
    file: str
    claims: list[Claim]
    error: LoadError | None = None


@dataclass
class ClaimInfo:
    """What a process that does not import a claim file knows of one of its claims (JSON-ready)."""

    index: int               # position in the file's definition order
    name: str
    line: int | None = None
    expect: str | None = None
    source: str | None = None

    @classmethod
    def of(cls, index: int, claim: Claim) -> "ClaimInfo":
        """The info of a loaded claim; fields that are not of the documented types are shown as text."""
        def text(value):
            return None if value is None else str(value)
        return cls(index, str(claim.name), claim.line if isinstance(claim.line, int) else None,
                   text(claim.expect), text(claim.source))

    @classmethod
    def from_json(cls, data: dict) -> "ClaimInfo":
        """Rebuilt from the JSON a worker sent; raises ValueError when it is not well formed."""
        if not isinstance(data, dict) or not isinstance(data.get("index"), int) or \
                not isinstance(data.get("name"), str):
            raise ValueError("not a claim description")
        line = data.get("line")
        expect, source = data.get("expect"), data.get("source")
        return cls(data["index"], data["name"], line if isinstance(line, int) else None,
                   expect if isinstance(expect, str) else None, source if isinstance(source, str) else None)


def find_claim_files(paths: list[str]) -> list[Path]:
    """Each PATH is a file or a folder searched recursively for *.py; a missing path raises FileNotFoundError."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*.py"))
                         if "__pycache__" not in p.parts and p.name != "__init__.py")
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(raw)
    unique, seen = [], set()
    for p in found:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def collect_claims(namespace: dict) -> list[Claim]:
    """Module-level Claims and Claims inside module-level lists/tuples, in definition order, each once."""
    claims: list[Claim] = []
    seen: set[int] = set()
    for value in list(namespace.values()):
        items = value if isinstance(value, (list, tuple)) else [value]
        for item in items:
            if isinstance(item, Claim) and id(item) not in seen:
                seen.add(id(item))
                claims.append(item)
    return claims


def load_claim_file(path: Path | str) -> ClaimFile:
    path = Path(path)
    shown = str(path)
    module_name = f"symcheck_claims_{abs(hash(str(path.resolve())))}"
    try:
        spec = importlib.util.spec_from_file_location(module_name, path)
        if spec is None or spec.loader is None:
            return ClaimFile(shown, [], LoadError(shown, "not a Python file"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        try:
            with memoized_matrix_doit():  # the same expressions, built once (symcheck.build_memo)
                spec.loader.exec_module(module)
        finally:
            sys.modules.pop(module_name, None)
    except SyntaxError as exc:
        return ClaimFile(shown, [], LoadError(shown, f"SyntaxError: {exc.msg}", exc.lineno))
    except BaseException as exc:  # noqa: BLE001 - any failure of a user's file is reported, not raised
        if isinstance(exc, KeyboardInterrupt):
            raise
        line = _line_in(path, exc)
        message = f"{type(exc).__name__}: {exc}{_shape_hint(exc)}"
        return ClaimFile(shown, [], LoadError(shown, message, line))
    claims = collect_claims(vars(module))
    names: dict[str, int] = {}
    for claim in claims:
        names[claim.name] = names.get(claim.name, 0) + 1
    for claim in claims:
        if names[claim.name] > 1:
            claim.problems.append(f"claim name {claim.name!r} is used {names[claim.name]} times in this file")
    return ClaimFile(shown, claims)


def _shape_hint(exc: BaseException) -> str:
    """SymPy's ShapeError omits the operands; name the matrices of the failing operation and their shapes."""
    if type(exc).__name__ != "ShapeError":
        return ""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return ""
    operands = [v for v in tb.tb_frame.f_locals.values() if hasattr(v, "shape") and hasattr(v, "is_Matrix")]
    if len(operands) < 2:
        return ""
    return " (" + " with ".join(f"{o} ({o.shape[0]}×{o.shape[1]})" for o in operands[:2]) + ")"


def _line_in(path: Path, exc: BaseException) -> int | None:
    """The deepest traceback line that lies in the claim file itself."""
    target = str(path.resolve())
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        try:
            if str(Path(frame.filename).resolve()) == target:
                line = frame.lineno
        except OSError:
            continue
    return line

"""Certificate files: one JSON document per proved claim, self-contained.

A file holds the claim itself (sides, relation, assumptions and layout as srepr
text) next to the certificate, so `symcheck check-proof FILE` can rebuild the
claim with the safe srepr reader without importing the claim file:

    {"format": "symcheck-proof-file/1", "file": "claims/ridge.py", "name": "...",
     "claim": {"lhs": srepr, "rhs": srepr, "relation": "==", "assume": [srepr, ...], "layout": "numerator"},
     "method": "...", "certificate": {...}}

Files are named `<claim file stem>__<claim name slug>.json` (a counter is added
when two names slug the same).

Reading a file trusts nothing: its size and JSON nesting are bounded before it is
parsed (`bounds`), it must be UTF-8 JSON, and every field the checker uses must have
the right type; anything else raises `CertificateFileError` with the reason.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import sympy

from ..claim import Claim
from ..model import relations
from .bounds import MAX_FILE_BYTES, MAX_JSON_DEPTH, json_depth
from .srepr_reader import read_srepr

FILE_FORMAT = "symcheck-proof-file/1"


def _srepr(expr) -> str:
    return sympy.srepr(expr, order="none")  # the claim's own argument order, so it rebuilds equal


def claim_json(claim) -> dict:
    """The claim as JSON: sides and assumptions as srepr text, relation, layout."""
    return {"lhs": _srepr(claim.lhs), "rhs": _srepr(claim.rhs), "relation": claim.relation,
            "assume": [_srepr(a) for a in claim.assume], "layout": getattr(claim, "layout", "numerator")}


LAYOUTS = ("numerator", "denominator")


class CertificateFileError(ValueError):
    """A certificate file that cannot even be read as one; the message says why."""


def claim_from_json(data: dict, name: str = "") -> Claim:
    """The claim of a certificate file, rebuilt without evaluating any text (raises UnsafeSrepr or
    CertificateFileError)."""
    if not isinstance(data, dict):
        raise CertificateFileError("the claim must be a JSON object")
    for key in ("lhs", "rhs"):
        if not isinstance(data.get(key), str):
            raise CertificateFileError(f"the claim's {key} must be srepr text (a string)")
    relation, layout = data.get("relation", "=="), data.get("layout", "numerator")
    if relation not in relations.COMPARISONS:
        raise CertificateFileError(f"the claim's relation must be one of {', '.join(relations.COMPARISONS)}")
    if layout not in LAYOUTS:
        raise CertificateFileError(f"the claim's layout must be one of {', '.join(LAYOUTS)}")
    assume = data.get("assume", [])
    if not isinstance(assume, list) or not all(isinstance(a, str) for a in assume):
        raise CertificateFileError("the claim's assume must be a list of srepr strings")
    if not isinstance(name, str):
        raise CertificateFileError("the claim's name must be a string")
    return Claim(name, read_srepr(data["lhs"]), read_srepr(data["rhs"]), relation=relation,
                 assume=[read_srepr(a) for a in assume], layout=layout)


def slug(text: str) -> str:
    """A file-name-safe form of a claim name."""
    text = re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_")
    return text[:80] or "claim"


def document(file: str, claim, method: str, certificate: dict) -> dict:
    """The certificate file's document: format, file, claim name, the claim as JSON, method, certificate."""
    return {"format": FILE_FORMAT, "file": file, "name": claim.name, "claim": claim_json(claim),
            "method": method, "certificate": certificate}


def claims_of(results: list) -> dict:
    """(file, name) -> Claim for the files of proved results (the files being run are imported again)."""
    from ..loader import load_claim_file

    found = {}
    for file in sorted({r.file for r in results if r.status == "proved" and r.certificate is not None}):
        for claim in load_claim_file(file).claims:
            found.setdefault((file, claim.name), claim)
    return found


def write_certificates(results: list, directory: str, claims: dict | None = None) -> list:
    """One file per proved result with a certificate; returns the paths written.

    A result's claim comes from its `claim_data` (claim_json, made by the worker that
    decided it: the runner's way, no claim file is imported here), else from `claims`
    ((file, name) -> Claim), else from importing the results' files (trusted callers only).
    """
    if claims is None and any(getattr(r, "claim_data", None) is None for r in results
                              if r.status == "proved" and r.certificate is not None):
        claims = claims_of(results)
    claims = claims or {}
    out_dir = Path(directory)
    out_dir.mkdir(parents=True, exist_ok=True)
    written, used = [], set()
    for r in results:
        claim = claims.get((r.file, r.name))
        data = getattr(r, "claim_data", None)
        if r.status != "proved" or r.certificate is None or (claim is None and data is None):
            continue
        base = f"{slug(Path(r.file).stem)}__{slug(r.name)}"
        name, k = base, 1
        while name in used:
            k += 1
            name = f"{base}_{k}"
        used.add(name)
        path = out_dir / f"{name}.json"
        doc = document(r.file, claim, r.method, r.certificate) if data is None else \
            {"format": FILE_FORMAT, "file": r.file, "name": r.name, "claim": data, "method": r.method,
             "certificate": r.certificate}
        path.write_text(json.dumps(doc, indent=1) + "\n")
        written.append(str(path))
    return written


def read_document(path: str) -> dict:
    """A certificate file's JSON, within the size and nesting bounds (raises CertificateFileError)."""
    try:
        size = os.stat(path).st_size
        if size > MAX_FILE_BYTES:
            raise CertificateFileError(f"the file is {size} bytes, more than {MAX_FILE_BYTES}")
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise CertificateFileError(f"cannot read the file: {exc.strerror or exc}") from exc
    if len(raw) > MAX_FILE_BYTES:
        raise CertificateFileError(f"the file is more than {MAX_FILE_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CertificateFileError(f"not UTF-8 text (byte {exc.start})") from exc
    if json_depth(text) > MAX_JSON_DEPTH:
        raise CertificateFileError(f"JSON nested more than {MAX_JSON_DEPTH} deep")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise CertificateFileError(f"not JSON: {str(exc).splitlines()[0][:120]}") from exc
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
        raise CertificateFileError(f"not a symcheck proof file (format {FILE_FORMAT})")
    if not isinstance(data.get("claim"), dict):
        raise CertificateFileError("no claim (a JSON object) in the file")
    if not isinstance(data.get("certificate"), dict):
        raise CertificateFileError("no certificate (a JSON object) in the file")
    if not isinstance(data.get("name", ""), str):
        raise CertificateFileError("the name must be a string")
    return data


__all__ = ["write_certificates", "claims_of", "read_document", "claim_from_json", "claim_json", "document", "FILE_FORMAT",
           "CertificateFileError"]

"""The certificate a matrix proof emits (format: docs/certificates.md) and its human steps.

Owns the JSON shape only: letters with shapes and meanings, hypotheses with kind
and origin, each target lhs − rhs with its representation Σ c·a·h·b, the scalar
rewrites (traces, 1×1 words), the denominators proved nonzero, and a `steps`
list for `symcheck explain`. Everything is exact text; nothing here computes.
"""
from __future__ import annotations

import sympy

from .ncalg import Alphabet, NCPoly, safe_identifier

FORMAT = "symcheck-ncgb/1"


def word_json(alphabet: Alphabet, word) -> list:
    """A word as the names of its letters."""
    return [alphabet[i].name for i in word]


def poly_json(alphabet: Alphabet, poly: NCPoly) -> dict:
    """A typed polynomial as JSON: its type and its terms, largest word first."""
    terms = sorted(poly.terms.items(), key=lambda kv: alphabet.word_key(kv[0]), reverse=True)
    return {"rows": sympy.sstr(poly.src), "cols": sympy.sstr(poly.dst),
            "terms": [[c.exact_str(), word_json(alphabet, w)] for w, c in terms]}


def hypothesis_json(alphabet: Alphabet, hypotheses: list, k: int, h) -> dict:
    """A premise; a lifted one also says which letter, which component, and the combination lifted into it."""
    out = {"index": k, "kind": h.kind, "origin": h.origin, "poly": poly_json(alphabet, h.poly)}
    lift = getattr(h, "lift", None)
    if lift:
        index = {id(p): i for i, p in enumerate(hypotheses)}
        terms = [{"coeff": c.exact_str(), "left": word_json(alphabet, a), "hyp": index[id(base)],
                  "right": word_json(alphabet, b)} for a, base, b, c in lift["rep"]]
        out["lift"] = {"letter": alphabet[lift["letter"]].name, "terms": terms}
        if "to" in lift:
            out["lift"]["to"] = alphabet[lift["to"]].name
        else:
            out["lift"].update({"component": lift["component"], "transposed": lift["transposed"]})
    return out


def structure_json(alphabet: Alphabet, table, i: int) -> dict | None:
    """What a structured letter is (`structured`): its kind and components (docs/certificates.md)."""
    s = table.structure.get(i) if table is not None else None
    if s is None:
        return None
    out = {"kind": s.kind, "parts": [{"rows": sympy.sstr(q.src), "cols": sympy.sstr(q.dst),
                                      "word": word_json(alphabet, q.word)} for q in s.parts]}
    if s.kind == "ones":
        out["rows"], out["cols"] = sympy.sstr(s.extra[0]), sympy.sstr(s.extra[1])
    if s.kind == "func":
        out["function"] = s.extra[0]
        out["argument"] = poly_json(alphabet, table.func_poly[s])
    return out


def block_inverse_json(alphabet: Alphabet, block_inverses: dict) -> dict:
    """letter index -> {inverse_of_grid, block} for each letter standing for a block of the inverse of a block matrix."""
    out = {}
    for record in block_inverses.values():
        g = record.matrix
        grid = {"rows": [sympy.sstr(r) for r in g.rows], "cols": [sympy.sstr(c) for c in g.cols],
                "blocks": [[poly_json(alphabet, b) for b in row] for row in g.blocks]}
        for i, row in enumerate(record.letters):
            for j, z in enumerate(row):
                out[z] = {"inverse_of_grid": grid, "block": [i, j]}
    return out


def letters_json(alphabet: Alphabet, inverse_poly: dict, pinv_poly: dict | None = None, structures=None,
                 block_inverses: dict | None = None) -> list:
    """Every letter with its type, kind, meaning (srepr), transpose and what it inverts or pseudo-inverts."""
    out = []
    pinv_poly = pinv_poly or {}
    blocks = block_inverse_json(alphabet, block_inverses or {})
    for i, let in enumerate(alphabet.letters):
        out.append({
            "name": let.name, "rows": sympy.sstr(let.rows), "cols": sympy.sstr(let.cols),
            "kind": let.kind, "meaning": sympy.srepr(let.meaning, order="none") if let.meaning is not None else None,
            "transpose": alphabet[let.transpose].name, "note": let.note,
            "inverse_of": poly_json(alphabet, inverse_poly[i]) if i in inverse_poly else None,
        })
        if i in pinv_poly:
            out[-1]["pinv_of"] = poly_json(alphabet, pinv_poly[i])
        structure = structure_json(alphabet, structures, i)
        if structure is not None:
            out[-1]["structure"] = structure
        out[-1].update(blocks.get(i, {}))
    return out


def terms_json(alphabet: Alphabet, rep: dict) -> list:
    """A representation Σ c·a·h_k·b as JSON terms (coefficient, left word, premise number, right word)."""
    items = sorted(rep.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[0][2]))
    return [{"coeff": c.exact_str(), "left": word_json(alphabet, a), "hyp": k,
             "right": word_json(alphabet, b)} for (a, k, b), c in items]


def explain_steps(alphabet: Alphabet, hypotheses: list, targets: list, rep_list: list,
                  denominators: list, stats: dict) -> list:
    """Short sentences a student can follow; the exact data is in the other fields."""
    steps = []
    for let in alphabet.letters:
        if let.kind == "inverse":
            steps.append(f"Let {let.name} stand for {let.note}.")
    used = sorted({k for rep in rep_list for (_, k, _) in rep})
    if used:
        steps.append("Relations used: " + "; ".join(
            f"{hypotheses[k].poly.show(alphabet)} = 0 ({hypotheses[k].origin})" for k in used) + ".")
    for target, rep in zip(targets, rep_list):
        where = "" if target["block"] == [0, 0] and len(targets) == 1 else f" (block {target['block']})"
        steps.append(f"Show lhs - rhs = {target['shown']} is 0{where}.")
        if not rep:
            steps.append("Both sides expand to the same polynomial.")
            continue
        parts = []
        for (a, k, b), c in sorted(rep.items(), key=lambda kv: kv[0][1])[:6]:
            left = f"{'*'.join(alphabet[i].name for i in a)}·" if a else ""
            right = f"·{'*'.join(alphabet[i].name for i in b)}" if b else ""
            coef = c.text()
            coef = "" if coef == "1" else ("-" if coef == "-1" else f"({coef})")
            parts.append(f"{coef}{left}[{hypotheses[k].origin}]{right}")
        more = f" + {len(rep) - 6} more terms" if len(rep) > 6 else ""
        steps.append("It equals " + " + ".join(parts) + more +
                     ", a combination of the relations, each 0; expanding it gives back lhs - rhs exactly.")
    for d in denominators:
        steps.append(f"The coefficient denominator {d['text']} is nonzero: {d['reason']}.")
    steps.append(f"Found by noncommutative Gröbner basis completion: {stats.get('s_polynomials', 0)} "
                 f"S-polynomials, basis of {stats.get('basis_size', 0)} elements.")
    return steps


def generator_json(translator, gen, safe) -> dict:
    """A field generator; an atom (`atoms`) also says which scalar it stands for."""
    out = {"id": sympy.sstr(safe), "name": gen.name, "srepr": sympy.srepr(gen)}
    info = translator.atoms.by_symbol.get(gen)
    if info is not None:
        out["atom"] = translator.atoms.json(info)
    return out


def build(translator, hypotheses: list, targets: list, rep_list: list, denominators: list,
          stats: dict, rewrites: list | None = None, induction: dict | None = None) -> dict:
    """The `symcheck-ncgb/1` certificate of a closed proof: letters, field, premises, targets, representations, denominators."""
    alphabet = translator.alphabet
    cert = {
        "format": FORMAT,
        "method": "noncommutative Groebner basis",
        "field": {
            "generators": [generator_json(translator, g, safe)
                           for g, safe in zip(translator.field.gens, translator.field.safe_gens)],
            "substitutions": {x.name: f"{safe_identifier(s.name)}**2" for x, s in translator.sqrt_symbols.items()},
        },
        "letters": letters_json(alphabet, translator.inverse_poly, translator.pinv_poly,
                                getattr(translator.atoms, "structures", None), translator.block_inverses),
        "hypotheses": [hypothesis_json(alphabet, hypotheses, k, h) for k, h in enumerate(hypotheses)],
        "targets": [{"block": t["block"], "lhs": t["lhs"], "rhs": t["rhs"], "target": t["target"],
                     "terms": terms_json(alphabet, rep)} for t, rep in zip(targets, rep_list)],
        "rewrites": rewrites or [],
        "denominators": denominators,
        "existence": "holds wherever every inverse letter's matrix is invertible and every claim denominator is nonzero",
        "stats": stats,
        "steps": explain_steps(alphabet, hypotheses, targets, rep_list, denominators, stats),
    }
    steps = translator.determinants.steps_json()
    if steps:
        cert["determinants"] = steps
    if induction is not None:
        cert["induction"] = induction
    return cert


__all__ = ["build", "poly_json", "terms_json", "letters_json", "FORMAT"]

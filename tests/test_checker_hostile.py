"""Certificate files are untrusted input: every hostile file is one `rejected:` line, and the next file is checked.

Each test writes hostile files followed by a real, valid certificate file and runs
`symcheck check-proof` on all of them: every hostile file must give exactly one
line starting with `rejected: <its path>:`, the valid file must still be accepted,
and nothing may print a traceback.
"""
from __future__ import annotations

import copy
import faulthandler
import json
import os
import signal
import time

import pytest

from symcheck.certify import bounds as limits
from symcheck.certify.ncpoly import Field, Rejected
from symcheck.certify.srepr_reader import UnsafeSrepr, read_srepr
from symcheck.certify.store import document
from symcheck.cli import main
from symcheck.cli import proofs

from test_checker import PUSH_THROUGH, certificate

TOWER = "Pow(Pow(Pow(Pow(Integer(2), Integer(1000)), Integer(1000)), Integer(1000)), Integer(1000))"


@pytest.fixture(scope="module")
def good_doc() -> dict:
    return document("claims/x.py", PUSH_THROUGH, "noncommutative Groebner basis", certificate(PUSH_THROUGH))


def with_claim(doc: dict, **fields) -> dict:
    out = copy.deepcopy(doc)
    out["claim"].update(fields)
    return out


def with_certificate(doc: dict, **fields) -> dict:
    out = copy.deepcopy(doc)
    out["certificate"].update(fields)
    return out


def hostile_files(doc: dict) -> dict:
    """name -> file content (str or bytes)."""
    target = doc["certificate"]["targets"][0]
    return {
        "huge_int": json.dumps(with_claim(doc, lhs="Integer(" + "9" * 4000 + ")")),
        "huge_int_string": json.dumps(with_claim(doc, lhs="Integer('" + "7" * 3000 + "')")),
        "tower": json.dumps(with_claim(doc, lhs=TOWER, rhs=TOWER)),
        "symbolic_tower": json.dumps(with_claim(
            doc, lhs="Pow(Pow(Pow(Symbol('x'), Integer(1000)), Integer(1000)), Integer(1000))")),
        "coefficient_tower": json.dumps(with_certificate(doc, targets=[dict(target, terms=[
            {"coeff": "(((2**1000)**1000)**1000)**1000", "left": [], "hyp": 0, "right": []}])])),
        "coefficient_polynomial_tower": json.dumps(with_certificate(doc, targets=[dict(target, terms=[
            {"coeff": "(((lambda_ + 1)**1000)**1000)**1000", "left": [], "hyp": 0, "right": []}])])),
        "float_exponent": json.dumps(with_claim(doc, lhs="Float('1e99999999999', precision=53)")),
        "float_precision": json.dumps(with_claim(doc, lhs="Float('0.1', precision=100000000)")),
        "float_digits": json.dumps(with_claim(doc, lhs="Float('0." + "3" * 5000 + "')")),
        "deep_json": "[" * 100_000 + "]" * 100_000,
        "deep_json_objects": '{"a": ' * 50_000 + "1" + "}" * 50_000,
        "deep_srepr": json.dumps(with_claim(doc, lhs="Add(" * 5000 + "Integer(1)" + ")" * 5000)),
        "deep_minus": json.dumps(with_claim(doc, lhs="-" * 200_000 + "1")),
        "deep_coefficient": json.dumps(with_certificate(doc, targets=[dict(target, terms=[
            {"coeff": "(" * 5000 + "1" + ")" * 5000, "left": [], "hyp": 0, "right": []}])])),
        "huge_file": '{"format": "' + "x" * (limits.MAX_FILE_BYTES + 10) + '"}',
        "not_json": "this is not JSON {",
        "empty": "",
        "binary": bytes(range(256)) * 64,
        "json_list": json.dumps([doc]),
        "wrong_format": json.dumps(dict(doc, format="made-up/1")),
        "claim_not_object": json.dumps(dict(doc, claim="Integer(1)")),
        "claim_sides_not_text": json.dumps(with_claim(doc, lhs=1, rhs=[2])),
        "claim_relation": json.dumps(with_claim(doc, relation="=>")),
        "claim_assume_not_list": json.dumps(with_claim(doc, assume="Q.positive(x)")),
        "name_not_text": json.dumps(dict(doc, name={"a": 1})),
        "certificate_not_object": json.dumps(dict(doc, certificate="proof")),
        "letters_wrong_types": json.dumps(with_certificate(doc, letters=[{"name": 3}, 7, None])),
        "targets_wrong_types": json.dumps(with_certificate(doc, targets=[{"block": "x", "terms": 5}])),
        "terms_wrong_types": json.dumps(with_certificate(doc, targets=[dict(target, terms=[[1, 2], "t", None])])),
        "hypotheses_wrong_types": json.dumps(with_certificate(doc, hypotheses={"0": 1})),
        "generators_wrong_types": json.dumps(with_certificate(doc, field={"generators": [1, "x"]})),
        "eval_in_srepr": json.dumps(with_claim(doc, lhs="__import__('os').system('echo pwned')")),
        "eval_in_coefficient": json.dumps(with_certificate(doc, targets=[dict(target, terms=[
            {"coeff": "__import__('os').getpid()", "left": [], "hyp": 0, "right": []}])])),
        "trace_power": json.dumps(with_claim(doc, lhs="Pow(Add(Trace(MatrixSymbol(Str('A'), Integer(3), Integer(3))), "
                                                      "Trace(MatrixSymbol(Str('B'), Integer(3), Integer(3)))), Integer(9000))",
                                                 rhs="Integer(0)")),
        "matrix_power": json.dumps(with_claim(
            doc, lhs="MatPow(MatAdd(MatrixSymbol(Str('A'), Symbol('n'), Symbol('n')), MatrixSymbol(Str('B'), Symbol('n'), "
                     "Symbol('n'))), Integer(9000))",
            rhs="MatPow(MatAdd(MatrixSymbol(Str('B'), Symbol('n'), Symbol('n')), MatrixSymbol(Str('A'), Symbol('n'), "
                "Symbol('n'))), Integer(9000))")),
        "huge_identity": json.dumps(with_claim(doc, lhs="Identity(Integer(" + "9" * 900 + "))",
                                               rhs="Identity(Integer(" + "9" * 900 + "))")),
        "huge_explicit_evaluation": json.dumps({
            **doc, "claim": {"lhs": "MatMul(Integer(2), Identity(Integer(" + "9" * 900 + ")))",
                             "rhs": "MatAdd(Identity(Integer(" + "9" * 900 + ")), Identity(Integer(" + "9" * 900 + ")))",
                             "relation": "==", "assume": [], "layout": "numerator"},
            "certificate": {"format": "symcheck-ground/1", "kind": "exact evaluation"}}),
    }


def run_check_proof(tmp_path, capsys, files: dict, good: dict, extra_args=()) -> tuple[int, list[str]]:
    paths = []
    for name, content in files.items():
        path = tmp_path / f"{name}.json"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        paths.append(str(path))
    good_path = tmp_path / "zz_good.json"
    good_path.write_text(json.dumps(good))
    status = main(["check-proof", *extra_args, *paths, str(good_path)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    lines = captured.out.splitlines()
    assert len(lines) == len(paths) + 1, captured.out
    for path, line in zip(paths, lines):
        assert line.startswith(f"rejected: {path}: "), line
    assert lines[-1].startswith(f"accepted  {good_path}"), lines[-1]
    return status, lines


def test_every_hostile_file_is_one_rejected_line_and_the_next_file_is_checked(tmp_path, capsys, good_doc):
    status, lines = run_check_proof(tmp_path, capsys, hostile_files(good_doc), good_doc)
    assert status == 1
    assert "pwned" not in "\n".join(lines)


@pytest.mark.parametrize("name", ["tower", "coefficient_tower", "huge_int", "deep_json", "binary", "huge_file"])
def test_each_class_of_hostile_file_alone_is_rejected_with_its_reason(tmp_path, capsys, good_doc, name):
    content = hostile_files(good_doc)[name]
    _, lines = run_check_proof(tmp_path, capsys, {name: content}, good_doc)
    reason = lines[0].split(": ", 2)[2]
    assert reason and "\n" not in reason


def test_a_missing_file_is_one_rejected_line(tmp_path, capsys, good_doc):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(good_doc))
    missing = tmp_path / "missing.json"
    assert main(["check-proof", str(missing), str(good)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"rejected: {missing}: ") and lines[1].startswith("accepted")


def test_control_characters_from_a_file_never_reach_the_terminal(tmp_path, capsys, good_doc):
    doc = with_claim(good_doc, lhs="Symbol('\x1b]0;owned\x07\x1b[31m\\nx')")
    doc["name"] = "evil\x1b[2J\nname"
    _, lines = run_check_proof(tmp_path, capsys, {}, good_doc)
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(doc))
    main(["check-proof", str(path)])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and len(out.splitlines()) == 1


# ---- the worker: a crash, a signal or a hang in the checker is one line too ------------------------

def _dies_on_bad(path: str):
    if "bad" in os.path.basename(path):
        faulthandler.disable()  # pytest's handler would dump the stack of this forked child
        os.kill(os.getpid(), signal.SIGFPE)  # what an exponent tower did to GMP before the bounds
    return proofs.FileVerdict(True, "accepted", "ok")


def _hangs_on_bad(path: str):
    if "bad" in os.path.basename(path):
        time.sleep(60)
    return proofs.FileVerdict(True, "accepted", "ok")


def _raises_on_bad(path: str):
    if "bad" in os.path.basename(path):
        raise RuntimeError("boom\nsecond line")
    return proofs.FileVerdict(True, "accepted", "ok")


def _eats_memory_on_bad(path: str):
    if "bad" in os.path.basename(path):
        hog = bytearray(4 * proofs.CHECK_MEMORY_BYTES)  # past the worker's address-space limit
        return proofs.FileVerdict(True, str(len(hog)))
    return proofs.FileVerdict(True, "accepted", "ok")


@pytest.mark.parametrize("behaviour, words", [(_dies_on_bad, "worker died"), (_hangs_on_bad, "no answer within"),
                                              (_raises_on_bad, "RuntimeError: boom"),
                                              (_eats_memory_on_bad, "memory")])
def test_a_worker_that_dies_hangs_raises_or_eats_memory_is_one_rejected_line(tmp_path, capsys, monkeypatch,
                                                                               behaviour, words):
    monkeypatch.setattr(proofs, "check_file", behaviour)
    bad, good = tmp_path / "bad.json", tmp_path / "good.json"
    bad.write_text("{}")
    good.write_text("{}")
    assert main(["check-proof", "--timeout", "2", str(bad), str(good)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"rejected: {bad}: ") and words in lines[0], lines[0]
    assert lines[1].startswith(f"accepted  {good}")


# ---- the readers on their own ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [TOWER, "Integer(" + "9" * 1500 + ")", "Pow(Rational(1, 3), Integer(-5000))",
                                  "Float('1e5000')", "Float('1.0', precision=10**6)", "Float('inf')",
                                  "Mul(" + ", ".join(["Integer(" + "9" * 900 + ")"] * 3) + ")",
                                  "Pow(Symbol('x'), Integer(100000))", "Add(" * 300 + "Integer(1)" + ")" * 300])
def test_the_srepr_reader_refuses_numbers_and_nesting_past_the_bounds(text):
    with pytest.raises(UnsafeSrepr):
        read_srepr(text)


def test_the_srepr_reader_still_reads_ordinary_numbers():
    assert read_srepr("Float('0.1', precision=53)") == read_srepr("Float('0.100000000000000', precision=53)")
    assert read_srepr("Pow(Integer(2), Integer(100))") == 2 ** 100
    assert read_srepr("Rational(-7, 3)") == read_srepr("Rational(14, -6)")


@pytest.mark.parametrize("text", ["((2**1000)**1000)**1000", "(((x + 1)**100)**100)**100", "(" * 400 + "1" + ")" * 400,
                                  "x" * (limits.MAX_TEXT + 1)])
def test_coefficient_text_past_the_bounds_is_rejected_before_it_is_computed(text):
    import sympy

    x = sympy.Symbol("x")
    with pytest.raises(Rejected):
        Field([x], ["x"]).coeff(text)

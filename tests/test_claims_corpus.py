"""Static checks of the claims corpus in claims/: it imports, it is well formed, and it covers the seeds.

These tests do not run the engines. They check what a claim file promises on its
own: every claim has a source and an expectation; names are unique per file;
claims expected `error` are really ill-typed for general dimensions and all
others are well typed; closed numeric claims agree with exact arithmetic; every
row of SEED-CLAIMS.md and every claim the issues ask for is covered by named
claims with the right expectations (checked against the table below, not assumed).
"""
from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest
import sympy
from sympy.matrices.expressions import MatrixExpr, MatrixSymbol

from symcheck import Claim
from symcheck.model.problem import Problem
from symcheck.model.shapes import IllTyped, NotSupported

ROOT = Path(__file__).resolve().parent.parent
CLAIMS_DIR = ROOT / "claims"
SEED_CLAIMS_CANDIDATES = [ROOT.parent / "shared" / "SEED-CLAIMS.md", ROOT / "docs" / "SEED-CLAIMS.md"]
CLAIM_FILES = sorted(p for p in CLAIMS_DIR.glob("*.py") if not p.name.startswith("_"))

# Seed verdict words → the `expect` values that must appear among the row's claims.
VERDICT_WORDS = {"true": "proved", "false": "refuted", "ill-typed": "error"}


def _claims_of(namespace: dict) -> list[Claim]:
    """Module-level Claims and Claims inside module-level lists/tuples, in definition order (CONTRACT §1)."""
    found: list[Claim] = []
    for value in namespace.values():
        if isinstance(value, Claim):
            found.append(value)
        elif isinstance(value, (list, tuple)):
            found.extend(v for v in value if isinstance(v, Claim))
    return found


_LOADED: dict[str, list[Claim]] = {}


def load(stem: str) -> list[Claim]:
    """The claims of claims/<stem>.py; skips the test when that file is not in this checkout.

    Claim files land in the repository only once the engines meet their expectations,
    so a check about a file that is not there yet is skipped, not failed.
    """
    if not (CLAIMS_DIR / f"{stem}.py").exists():
        pytest.skip(f"claims/{stem}.py is not in this checkout")
    if stem not in _LOADED:
        _LOADED[stem] = _claims_of(runpy.run_path(str(CLAIMS_DIR / f"{stem}.py")))
    return _LOADED[stem]


def by_name(stem: str) -> dict[str, Claim]:
    return {c.name: c for c in load(stem)}


# ---------------------------------------------------------------------------
# Coverage table: each SEED-CLAIMS.md row (topic, first characters of the claim)
# → the claims (file stem, claim name) that state it.
# ---------------------------------------------------------------------------
VC, LS, MN, RI, MAP, AUG, GD = ("vector_calculus", "least_squares", "min_norm", "ridge", "map_ridge",
                                "augmented_data", "gradient_descent")
HAT, RELU, MULTI, BP, MM, ILL = ("hat_matrix", "relu_elbow", "multi_neuron", "backprop", "max_min", "ill_typed")
CL = "classic_identities"

SEED_ROWS: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("vector calculus (a)", "∂(xᵀc)/∂x = cᵀ (numerator la"): [(VC, "(a) d(x^T c)/dx = c^T")],
    ("(b)", "∂‖x‖²/∂x = 2xᵀ (the problem "): [
        (VC, "(b) d||x||^2/dx = 2 x^T"), (VC, "(b) as OCR'd: d||x||/dx = 2 x^T")],
    ("(c)", "∂(Ax)/∂x = A"): [(VC, "(c) d(Ax)/dx = A")],
    ("(d)", "∂(xᵀAx)/∂x = xᵀ(A + Aᵀ); a f"): [
        (VC, "(d) d(x^T A x)/dx = x^T (A + A^T)"), (ILL, "seed 000 (d): d(x^T A x)/dx = (A^T + A) x^T")],
    ("(e)", "equals 2xᵀA exactly when A i"): [
        (VC, "(e) symmetric A: d(x^T A x)/dx = 2 x^T A"), (VC, "(e) general A: d(x^T A x)/dx = 2 x^T A")],
    ("GD", "wₜ = wₜ₋₁ − η(FᵀFwₜ₋₁ − Fᵀy)"): [
        (GD, "w - eta F^T (F w - y) = (I - eta F^T F) w + eta F^T y")],
    ("GD", "‖wₜ‖ = ‖wₜ₋₁(I − ηFᵀF)‖ + η‖"): [
        (ILL, "seed 000 GD: ||w_t|| = ||w_{t-1} (I - eta F^T F)|| + eta ||F^T y||"),
        (GD, "||(I - eta F^T F) w + eta F^T y|| = ||(I - eta F^T F) w|| + eta ||F^T y||")],
    ("GD", "√(‖Λ‖²) = ‖Λ‖²"): [(GD, "seed 000: sqrt(||Lam||^2) = ||Lam||^2")],
    ("least squares", "(XᵀX)⁻¹Xᵀy = VΣ⁺Uᵀy with X ="): [
        (LS, "(X^T X)^-1 X^T y = V S^+ U^T y for X = U S V^T"),
        (LS, "(X^T X)^-1 = V (S^T S)^-1 V^T for X = U S V^T"),
        (LS, "(S^T S)^-1 S^T = S^+ (Penrose equations)")],
    ("min-norm", "w = Xᵀ(XXᵀ)⁻¹y; X·Xᵀ(XXᵀ)⁻¹ "): [
        (MN, "X w_mn = y for w_mn = X^T (X X^T)^-1 y"), (MN, "X X^T (X X^T)^-1 = I (right inverse)")],
    ("ridge", "(XᵀX + λI)⁻¹Xᵀy; per singula"): [
        (RI, "(X^T X + lam I) w_r = X^T y"),
        (RI, "S = diag(s1, s2): (S^T S + lam I)^-1 S^T = diag(s1/(s1^2+lam), s2/(s2^2+lam))"),
        (RI, "lim_{lam->0} sigma/(sigma^2 + lam) = 1/sigma"), (RI, "lim_{lam->oo} sigma/(sigma^2 + lam) = 0")],
    ("MAP", "posterior ∝ exp(−‖y − Xw‖²/("): [
        (MAP, "X^T (X w_r - y)/lam + w_r = 0 at w_r = (X^T X + lam I)^-1 X^T y"),
        (MAP, "2 lam f(w) = ||y - Xw||^2 + lam ||w||^2")],
    ("MAP (chatbot)", "objective written (1/2λ)‖y −"): [
        (MAP, "chatbot: 2 lam ((1/2lam)||y - Xw||^2 + (lam/2)||w||^2) = ||y - Xw||^2 + lam ||w||^2")],
    ("augmented data", "X̂ = [X; √λ I], ŷ = [y; 0]: "): [
        (AUG, "||yhat - Xhat w||^2 = ||y - Xw||^2 + lam ||w||^2"), (AUG, "Xhat^T Xhat = X^T X + lam I")],
    ("augmented data (seed 002)", "X̂ᵀŷ = … = XᵀX"): [(ILL, "seed 002: Xhat^T yhat = X^T X")],
    ("general prior", "X̂ = [X; Γ], X̂ᵀX̂ = XᵀX + Γ"): [
        (AUG, "[X; Gamma]^T [X; Gamma] = X^T X + Gamma^T Gamma"),
        (AUG, "(Xhat^T Xhat)^-1 Xhat^T yhat = (X^T X + Sigma^-1)^-1 X^T y when Gamma^T Gamma = Sigma^-1")],
    ("fake features", "X̃ = [X, √λ I]: X̃X̃ᵀ = XXᵀ "): [
        (AUG, "Xtil Xtil^T = X X^T + lam I"), (AUG, "first d coordinates of eta* = X^T (X X^T + lam I)^-1 y")],
    ("push-through", "Xᵀ(XXᵀ + λI)⁻¹ = (XᵀX + λI)⁻"): [
        (RI, "push-through: X^T (X X^T + lam I)^-1 = (X^T X + lam I)^-1 X^T")],
    ("push-through (chatbot proof line)", "Xᵀ(XXᵀ + λI) = (XᵀX + λI)⁻¹("): [
        (RI, "chatbot step: X^T (X X^T + lam I) = (X^T X + lam I)^-1 (X^T X + lam I) X^T")],
    ("limits", "λ → ∞: w → 0; λ → 0: OLS for"): [
        (RI, "lim_{lam->oo} (X^T X + lam I)^-1 X^T y = 0"),
        (RI, "lim_{lam->0} (X^T X + lam I)^-1 X^T y = (X^T X)^-1 X^T y (X^T X invertible)"),
        (RI, "lim_{lam->0} X^T (X X^T + lam I)^-1 y = X^T (X X^T)^-1 y (X X^T invertible)")],
    ("ReLU elbow", "elbow e = −b/w; dℓ/dφ = φ − "): [
        (RELU, "(a)(i) the elbow e = -b/w is where wx + b = 0"), (RELU, "(a)(ii) dl/dphi = phi - y"),
        (RELU, "(a)(iii) dl/dw = (phi - y) x 1[wx + b > 0]"), (RELU, "(a)(iv) dl/db = (phi - y) 1[wx + b > 0]")],
    ("ReLU elbow", "dℓ/dφ = 0 when the unit is i"): [
        (RELU, "(a)(ii) seeds 000/002: inactive unit => dl/dphi = 0"),
        (RELU, "(a)(ii) seeds 000/002: dl/dphi = (phi - y) if wx + b > 0 else 0")],
    ("elbow update", "after one SGD step with rate"): [
        (RELU, "active unit: -(b - lam dl/db)/(w - lam dl/dw) = -(b - lam d)/(w - lam d x) with d = wx + b - y"),
        (RELU, "e' - e = lam d (w - b x)/(w (w - lam d x))")],
    ("elbow update (students)", "e′ = −(b − ∂ℓ/∂b)/(w − ∂ℓ/∂w"): [
        (RELU, "student: e' = -(b - dl/db)/(w - dl/dw) (no step size)"),
        (RELU, "student: e' = (-b + x dl/db)/(w - x dl/dw)"), (RELU, "student: e' = (w - lam x)/(b - lam) (d = 1)")],
    ("elbow cases, φ − y = 1, active point", "w > 0, x < 0: moves right; w"): [
        (RELU, "(b)(iii) w > 0, x < 0: the elbow moves right"), (RELU, "(b)(iv) w < 0, x > 0: the elbow moves left")],
    ("elbow cases", "w > 0, x > 0 and w < 0, x < "): [
        (RELU, "(b)(ii) seed 002: w > 0, x > 0: the elbow always moves left"),
        (RELU, "(b)(ii) 'always right': w > 0, x > 0: the elbow always moves right"),
        (RELU, "w < 0, x < 0: the elbow always moves right"), (RELU, "w < 0, x < 0: the elbow always moves left")],
    ("multi-neuron", "eᵢ′ = (λδW2ᵢ − bᵢ)/(W1ᵢ − λδ"): [
        (MULTI, "(d) e_i' = (lam d W2_i - b_i)/(W1_i - lam d W2_i x)"),
        (MULTI, "(d) e_i' = (e_i + alpha)/(1 - alpha x) with alpha = lam d W2_i/W1_i")],
    ("multi-neuron (chatbot)", "α = λ(f(x) − y)W1ᵢ/W1ᵢ"): [
        (MULTI, "chatbot: e_i' = (e_i + alpha)/(1 - alpha x) with alpha = lam d W1_i/W1_i")],
    ("multi-neuron (student)", "∂L/∂wᵢ = w2ᵢ[Φ(w1ᵢx + b) − y"): [
        (MULTI, "seed 000: dl/dW1_1 = W2_1 (phi(z_1) - y) x")],
    ("expected loss", "L = (1/n)‖(H − I)ε‖² with H "): [
        (HAT, "H t - t = (H - I) eps for t = X w* + eps"), (HAT, "(I - H)^2 = I - H"),
        (HAT, "tr(I - H) = n - d"), (HAT, "sigma^2 tr((H - I)^T (H - I))/n = sigma^2 (n - d)/n")],
    ("expected loss (student)", "E[L] = σ²/n + tr(…)"): [
        (HAT, "seed 001: sigma^2/n + tr((H - I)^T (H - I)) = sigma^2 (n - d)/n")],
    ("overparameterized", "ŵ = Xᵀ(XXᵀ)⁻¹t; a step XᵀX(X"): [
        (MN, "X^T X w_hat - X^T t = 0 for w_hat = X^T (X X^T)^-1 t"),
        (MN, "seed 001 step: X^T X (X^T (X X^T)^-1 t) = X^T (X X^T)^-1 t")],
    ("backprop (numeric)", "z = W₁x = [8, 1, −6]ᵀ; ∂L/∂W"): [
        (BP, "z = W1 x = (8, 1, -6)"), (BP, "dL/dW1 = zbar x^T = [[-4,-12,-4],[6,18,6],[0,0,0]]"),
        (BP, "||zbar x^T||_F^2 = ||x||^2 ||zbar||^2"), (BP, "||dL/dW1||_F^2 = 572"), (BP, "||dL/dW2||_F^2 = 195")],
    ("max/min", "max(x₁, x₂) = ½(x₁ + x₂) + ½"): [
        (MM, "max(x1, x2) = (x1 + x2)/2 + |x1 - x2|/2"), (MM, "min(x1, x2) = (x1 + x2)/2 - |x1 - x2|/2")],
    ("gradient", "∇ ½‖Xθ − Y‖² = Xᵀ(Xθ − Y)"): [(GD, "grad (1/2)||X theta - Y||^2 = X^T (X theta - Y)")],
    ("scalar GD", "θ⁽ᵏ⁾ = θ⁽⁰⁾(1 − α)ᵏ on ½θ²; "): [
        (GD, "theta0 (1 - alpha)^(k+1) = theta0 (1 - alpha)^k - alpha theta0 (1 - alpha)^k"),
        (GD, "alpha > 2 => |1 - alpha| > 1")],
    ("error recursion", "θᵏ⁺¹ − θ* = (I − αXᵀX)(θᵏ − "): [
        (GD, "theta - alpha X^T (X theta - Y) - theta* = (I - alpha X^T X)(theta - theta*)"),
        (GD, "(V V^T - alpha V Sigma^2 V^T)^k = V (I - alpha Sigma^2)^k V^T")],
    ("error recursion (student)", "a term +αXXᵀθ*"): [
        (ILL, "seed 003 (21): theta - alpha X^T X theta + alpha X^T Y = theta - alpha X^T X theta + alpha X X^T theta*")],
    ("error recursion (student)", "ζᵏ = ζ⁰(I − αXᵀX); ‖ζᵏ‖² = ζ"): [
        (ILL, "seed 003 (23): zeta_k = zeta0 (I - alpha X^T X)"),
        (GD, "seed 003 (27): ||zeta_k||^2 = zeta0^T V^T (I - alpha Sigma^2)^(2k) V zeta0")],
    ("step size", "α > 2/σ₁² ⇒|1 − ασ₁²|> 1"): [(GD, "alpha > 2/sigma1^2 => |1 - alpha sigma1^2| > 1")],
}

# The hand-checked seed verdict of each row, as the expectations its claims must include.
SEED_ROW_VERDICTS: dict[tuple[str, str], str] = {
    ("(b)", "∂‖x‖²/∂x = 2xᵀ (the problem "): "true / false",
    ("(d)", "∂(xᵀAx)/∂x = xᵀ(A + Aᵀ); a f"): "true / ill-typed",
    ("(e)", "equals 2xᵀA exactly when A i"): "true; false for general A",
    ("GD", "‖wₜ‖ = ‖wₜ₋₁(I − ηFᵀF)‖ + η‖"): "ill-typed / false",
    ("GD", "√(‖Λ‖²) = ‖Λ‖²"): "false",
    ("MAP (chatbot)", "objective written (1/2λ)‖y −"): "false step",
    ("augmented data (seed 002)", "X̂ᵀŷ = … = XᵀX"): "ill-typed",
    ("push-through (chatbot proof line)", "Xᵀ(XXᵀ + λI) = (XᵀX + λI)⁻¹("): "false step",
    ("ReLU elbow", "dℓ/dφ = 0 when the unit is i"): "false",
    ("elbow update (students)", "e′ = −(b − ∂ℓ/∂b)/(w − ∂ℓ/∂w"): "false",
    ("elbow cases", "w > 0, x > 0 and w < 0, x < "): "false as stated",
    ("multi-neuron (chatbot)", "α = λ(f(x) − y)W1ᵢ/W1ᵢ"): "false",
    ("multi-neuron (student)", "∂L/∂wᵢ = w2ᵢ[Φ(w1ᵢx + b) − y"): "false",
    ("expected loss (student)", "E[L] = σ²/n + tr(…)"): "false",
    ("overparameterized", "ŵ = Xᵀ(XXᵀ)⁻¹t; a step XᵀX(X"): "true / false step",
    ("error recursion (student)", "a term +αXXᵀθ*"): "ill-typed",
    ("error recursion (student)", "ζᵏ = ζ⁰(I − αXᵀX); ‖ζᵏ‖² = ζ"): "ill-typed / false",
}  # every other row: "true"

# Claims the issues ask for ("Claims this issue must bring to claims/"), each → claims stating it.
ISSUE_CLAIMS: dict[str, list[tuple[str, str]]] = {
    "#3 numeric elbows": [(RELU, "(b)(ii) w = 1, b = 0, x = 2, lam = 1/10: e' = 1/8"),
                          (RELU, "(b)(iii) w = 1, b = 2, x = -1, lam = 1/10: e' = -19/11"),
                          (RELU, "(b)(iv) w = -1, b = 2, x = 1, lam = 1/10: e' = 19/11")],
    "#3 scalar GD divergence": [(GD, "alpha > 2 => |1 - alpha| > 1"), (GD, "twin: alpha > 1 => |1 - alpha| > 1")],
    "#3 numeric backprop": [(BP, "||x||^2 ||zbar||^2 = 572"), (BP, "||ybar||^2 ||h||^2 = 3 * 65 = 195")],
    "#4 ridge SVD form": [(RI, "(X^T X + lam I)^-1 X^T = V (S^T S + lam I)^-1 S^T U^T for X = U S V^T")],
    "#4 GD rewrite and error recursion": [
        (GD, "w - eta F^T (F w - y) = (I - eta F^T F) w + eta F^T y"),
        (GD, "theta - alpha X^T (X theta - Y) - theta* = (I - alpha X^T X)(theta - theta*)")],
    "#4 hat matrix": [(HAT, "(I - H)^2 = I - H"), (HAT, "tr(I - H) = n - d")],
    "#4 fake features top-d coordinates": [
        (AUG, "first d coordinates of eta* = (X^T X + lam I)^-1 X^T y")],
    "#4 Woodbury": [(CL, "Woodbury: (A + P C R)^-1 = A^-1 - A^-1 P (C^-1 + R A^-1 P)^-1 R A^-1"),
                    (CL, "Woodbury with + : (A + P C R)^-1 = A^-1 + A^-1 P (C^-1 + R A^-1 P)^-1 R A^-1")],
    "#5 vector calculus (e) both ways": [(VC, "(e) symmetric A: d(x^T A x)/dx = 2 x^T A"),
                                        (VC, "(e) general A: d(x^T A x)/dx = 2 x^T A")],
    "#5 backprop gradient dL/dW1 = zbar x^T": [(BP, "dL/dW = g x^T for L = g^T W x (gradient shaped like W)")],
    "#5 MAP = ridge, wrong lambda refuted": [
        (MAP, "X^T (X w - y)/sigma^2 + w/tau^2 = 0 at w = (X^T X + (sigma^2/tau^2) I)^-1 X^T y"),
        (MAP, "wrong lambda: stationary at w = (X^T X + (tau^2/sigma^2) I)^-1 X^T y")],
    "#5 CSC413 gradient claims": [(BP, "dL/dx = W1^T zbar1 + W2^T zbar2 + W4^T ybar"),
                                  (MN, "seed 001: grad (1/n)||X w - t||^2 = (1/n) X^T (X w - t)")],
}


def _expects_for(verdict: str) -> set[str]:
    words = re.findall(r"true|false|ill-typed", verdict)
    return {VERDICT_WORDS[w] for w in words}


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("path", CLAIM_FILES, ids=lambda p: p.name)
def test_file_imports_and_its_claims_are_well_formed(path):
    claims = load(path.stem)
    assert claims, f"{path.name} defines no Claim"
    names = [c.name for c in claims]
    duplicates = {n for n in names if names.count(n) > 1}
    assert not duplicates, f"duplicate claim names in {path.name}: {sorted(duplicates)}"
    for c in claims:
        assert not c.problems, f"{path.name}: {c.name!r}: {c.problems}"
        assert c.expect in ("proved", "refuted", "error"), f"{path.name}: {c.name!r} has expect={c.expect!r}"
        assert c.source and c.source.strip(), f"{path.name}: {c.name!r} has no source"


@pytest.mark.parametrize("path", CLAIM_FILES, ids=lambda p: p.name)
def test_only_claims_expected_error_are_ill_typed(path):
    """The general-dimension shape checker agrees with every `expect`: `error` ⇔ ill-typed."""
    for c in load(path.stem):
        try:
            Problem.build(c.lhs, c.rhs, c.relation, c.assume, c.layout, c.name)
            ill_typed, why = False, ""
        except IllTyped as exc:
            ill_typed, why = True, str(exc)
        except NotSupported:  # well formed, beyond symcheck yet (a higher-order tensor): unknown, not an error
            ill_typed, why = False, ""
        assert ill_typed == (c.expect == "error"), f"{path.name}: {c.name!r} expect={c.expect} but {why or 'well typed'}"


def _is_closed_numeric(expr) -> bool:
    if isinstance(expr, sympy.MatrixBase):
        return all(_is_closed_numeric(e) for e in expr)
    if isinstance(expr, MatrixExpr) or expr.has(MatrixSymbol, sympy.Derivative, sympy.Limit):
        return False
    return not expr.free_symbols


def _exact_value(expr):
    if isinstance(expr, sympy.MatrixBase):
        return sympy.Matrix(expr).applyfunc(lambda e: sympy.nsimplify(sympy.sympify(e).doit()))
    return sympy.nsimplify(sympy.sympify(expr).doit())


RELATIONS = {"==": sympy.Eq, "!=": sympy.Ne, "<": sympy.Lt, "<=": sympy.Le, ">": sympy.Gt, ">=": sympy.Ge}


def test_closed_numeric_claims_agree_with_exact_arithmetic():
    """Claims with only numbers (the backprop figures, numeric elbows) are checked here, exactly."""
    if not CLAIM_FILES:
        pytest.skip("no claim files in this checkout")
    checked = 0
    for path in CLAIM_FILES:
        for c in load(path.stem):
            if c.expect == "error" or not (_is_closed_numeric(c.lhs) and _is_closed_numeric(c.rhs)):
                continue
            lhs, rhs = _exact_value(c.lhs), _exact_value(c.rhs)
            if isinstance(lhs, sympy.MatrixBase) or isinstance(rhs, sympy.MatrixBase):
                assert c.relation in ("==", "!=")
                holds = (sympy.Matrix(lhs) == sympy.Matrix(rhs)) == (c.relation == "==")
            else:
                holds = bool(RELATIONS[c.relation](lhs, rhs))
            assert holds == (c.expect == "proved"), f"{path.name}: {c.name!r}: lhs={lhs}, rhs={rhs}"
            checked += 1
    if {BP, RELU} <= {p.stem for p in CLAIM_FILES}:
        assert checked >= 20, f"only {checked} closed numeric claims found"


def test_every_topic_file_has_true_claims_and_false_twins():
    """Soundness both ways: each topic states right claims and wrong ones to be refuted."""
    for path in CLAIM_FILES:
        if path.stem == ILL:
            continue
        expects = {c.expect for c in load(path.stem)}
        assert {"proved", "refuted"} <= expects, f"{path.name} has only {expects}"


def test_ill_typed_file_holds_only_error_claims():
    assert {c.expect for c in load(ILL)} == {"error"}


def test_classic_identities_has_a_dozen_true_and_a_dozen_false():
    claims = load(CL)
    assert sum(c.expect == "proved" for c in claims) >= 12
    assert sum(c.expect == "refuted" for c in claims) >= 12


def _resolve(refs):
    out = []
    for stem, name in refs:
        table = by_name(stem)
        assert name in table, f"{stem}.py has no claim named {name!r}"
        out.append(table[name])
    return out


@pytest.mark.parametrize("row", list(SEED_ROWS), ids=lambda r: f"{r[0]} :: {r[1]}")
def test_seed_row_is_covered_with_its_verdicts(row):
    claims = _resolve(SEED_ROWS[row])
    needed = _expects_for(SEED_ROW_VERDICTS.get(row, "true"))
    got = {c.expect for c in claims}
    assert needed <= got, f"row {row}: seed verdict needs {needed}, mapped claims expect {got}"


@pytest.mark.parametrize("item", list(ISSUE_CLAIMS), ids=str)
def test_issue_claims_are_present(item):
    assert _resolve(ISSUE_CLAIMS[item])


def _seed_claims_rows(text: str) -> list[tuple[tuple[str, str], str]]:
    """(topic, first 28 characters of the claim) and the verdict of every table row."""
    rows = []
    for line in text.splitlines():
        if not line.startswith("|") or line.startswith("|---") or line.startswith("| topic"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        topic, verdict, claim = cells[0], cells[-1], "|".join(cells[1:-1])  # |x| inside a claim splits cells
        rows.append(((topic, claim[:28]), verdict))
    return rows


def test_table_matches_seed_claims_md():
    """Every row of SEED-CLAIMS.md is in the coverage table, with the same verdict (when the spec is at hand)."""
    spec = next((p for p in SEED_CLAIMS_CANDIDATES if p.exists()), None)
    if spec is None:
        pytest.skip("SEED-CLAIMS.md is not available on this machine")
    rows = _seed_claims_rows(spec.read_text(encoding="utf-8"))
    assert len(rows) >= 40
    missing = [key for key, _ in rows if key not in SEED_ROWS]
    assert not missing, f"SEED-CLAIMS rows without claims: {missing}"
    for key, verdict in rows:
        assert _expects_for(verdict) == _expects_for(SEED_ROW_VERDICTS.get(key, "true")), (key, verdict)
    assert len(SEED_ROWS) == len(rows), "the table has rows that SEED-CLAIMS.md does not"

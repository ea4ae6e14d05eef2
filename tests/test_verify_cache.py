"""The obligation cache: an edited derivation re-checks only what changed, and a hit never crosses declarations."""
from dataclasses import replace

import sympy

from symcheck.verify import ObligationCache, obligation_key, read_derivation, verify_text
from symcheck.verify import check as check_module
from symcheck.worker import Done, TimedOut

QUADRATIC = """
```symcheck
A: matrix n×n
x: vector n
X: matrix n×d
y: vector n
lambda: scalar > 0
```

$$\\frac{\\partial}{\\partial x} x^T A x = x^T A^T + x^T A = 2 x^T A$$

$$X^T (X X^T + \\lambda I_n)^{-1} y = (X^T X + \\lambda I_d)^{-1} X^T y$$
"""


def _statuses(result):
    return [(s.line, s.status) for s in result.steps]


def _count_tasks(monkeypatch):
    """Wrap run_warm so the test sees how many obligations went to workers."""
    sent = []
    real = check_module.run_warm

    def counting(fn, tasks, **kw):
        tasks = list(tasks)
        sent.append(len(tasks))
        return real(fn, tasks, **kw)
    monkeypatch.setattr(check_module, "run_warm", counting)
    return sent


def _without_seconds(doc):
    doc = dict(doc, seconds=0)
    doc["steps"] = [dict(s, seconds=0) for s in doc["steps"]]
    return doc


def test_a_second_check_of_the_same_text_sends_nothing_to_workers(monkeypatch):
    sent = _count_tasks(monkeypatch)
    cache = ObligationCache()
    first = verify_text(QUADRATIC, timeout=10, cache=cache)
    second = verify_text(QUADRATIC, timeout=10, cache=cache)
    assert sent == [3, 0]
    assert _statuses(first) == _statuses(second) == [(10, "proved"), (10, "refuted"), (12, "proved")]
    assert _without_seconds(first.to_json()) == _without_seconds(second.to_json())
    assert second.steps[1].counterexample.to_json() == first.steps[1].counterexample.to_json()


def test_after_a_one_step_edit_only_that_step_is_checked_and_the_result_equals_a_fresh_check(monkeypatch):
    cache = ObligationCache()
    verify_text(QUADRATIC, timeout=10, cache=cache)
    edited = QUADRATIC.replace("= 2 x^T A$$", "= x^T (A + A^T)$$")
    sent = _count_tasks(monkeypatch)
    cached = verify_text(edited, timeout=10, cache=cache)
    assert sent == [1]
    fresh = verify_text(edited, timeout=10)
    assert _statuses(cached) == _statuses(fresh) == [(10, "proved"), (10, "proved"), (12, "proved")]


def test_a_hit_never_crosses_declarations():
    """The same formula is refuted for a general A and proved for a symmetric A: the cache must keep both apart."""
    general = "```symcheck\nA: matrix n×n\nx: vector n\n```\n\n$$x^T A^T + x^T A = 2 x^T A$$\n"
    symmetric = general.replace("A: matrix n×n", "A: symmetric n×n")
    cache = ObligationCache()
    assert _statuses(verify_text(general, timeout=10, cache=cache)) == [(6, "refuted")]
    assert _statuses(verify_text(symmetric, timeout=10, cache=cache)) == [(6, "proved")]
    assert _statuses(verify_text(general, timeout=10, cache=cache)) == [(6, "refuted")]


def test_keys_depend_on_layout_timeout_and_hypotheses_but_not_on_fresh_dummies():
    text = ("```symcheck\nX: matrix n×d\nlambda: scalar > 0\n```\n\n"
            "$$X (X^T X + \\lambda I)^{-1} = (X X^T + \\lambda I)^{-1} X$$\n")
    one, two = read_derivation(text), read_derivation(text)   # each reading makes its own dummy symbols
    ob1, ob2 = one.plans[0].obligations[0], two.plans[0].obligations[0]
    key = obligation_key(ob1, one.assumptions, "numerator", 8)
    assert key == obligation_key(ob2, two.assumptions, "numerator", 8)
    assert key != obligation_key(ob1, one.assumptions, "denominator", 8)
    assert key != obligation_key(ob1, one.assumptions, "numerator", 9)
    assert key != obligation_key(ob1, [], "numerator", 8)
    hypothesis = sympy.Eq(ob1.lhs, ob1.rhs, evaluate=False)
    assert key != obligation_key(replace(ob1, hypotheses=[hypothesis]), one.assumptions, "numerator", 8)
    assert key != obligation_key(replace(ob1, relation="!="), one.assumptions, "numerator", 8)


def test_the_cache_is_bounded_and_forgets_the_least_recently_used():
    cache = ObligationCache(size=2)
    cache.put("a", {"status": "proved"}, 0.1)
    cache.put("b", {"status": "proved"}, 0.1)
    assert cache.get("a") is not None          # a is now the most recently used
    cache.put("c", {"status": "proved"}, 0.1)
    assert len(cache) == 2 and cache.get("b") is None and cache.get("a") and cache.get("c")


def test_answers_from_running_out_of_time_are_not_kept(monkeypatch):
    def timing_out(fn, tasks, **kw):
        for index, _ in enumerate(list(tasks)):
            yield index, TimedOut(1.0), 1.0
    monkeypatch.setattr(check_module, "run_warm", timing_out)
    cache = ObligationCache()
    result = verify_text(QUADRATIC, timeout=1, cache=cache)
    assert {s.status for s in result.steps} == {"unknown"} and len(cache) == 0
    assert not check_module._worth_keeping(Done({"status": "unknown"}), 0.9, 1.0)
    assert check_module._worth_keeping(Done({"status": "unknown"}), 0.1, 1.0)
    assert check_module._worth_keeping(Done({"status": "proved"}), 0.9, 1.0)


def _key_of_huge_power():
    text = "```symcheck\nx: scalar > 0\n```\n\n$$x + 2^{10^{10^{10}}} = 2^{10^{10^{10}}} + x$$\n"
    derivation = read_derivation(text)
    return obligation_key(derivation.plans[0].obligations[0], derivation.assumptions, "numerator", 8)


def test_a_key_is_written_without_evaluating_anything():
    """srepr/str order the terms of a sum, which evaluates 2^(10^(10^10)) forever: keys must not print."""
    from symcheck.worker import run_one
    outcome, _ = run_one(_key_of_huge_power, timeout=30)
    assert isinstance(outcome, Done) and len(outcome.value) == 64

"""tests/conftest.py's rule for pytest-xdist: the tests sharing a fixture wider than one test run on one worker.

A module- or session-scoped fixture (the mutation judge of the claims suite, a LocalCluster, a running
`symcheck serve`, a browser, an executed notebook) is meant to be built once; xdist's per-test scheduling
would build it again on every worker that runs one of its tests.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import UNUSED_PLUGINS, shared_fixture_groups  # tests/conftest.py

pytest_plugins = ["pytester"]

CONFTEST = Path(__file__).resolve().parent / "conftest.py"


def test_tests_are_grouped_by_the_wide_fixture_instance_they_share(pytester):
    pytester.makeconftest("""
        import pytest
        @pytest.fixture(scope="session")
        def server():
            return object()
    """)
    pytester.makepyfile(
        test_a="""
            import pytest
            @pytest.fixture(scope="module")
            def costly():
                return object()
            @pytest.fixture(scope="module", params=[1, 2])
            def example(request):
                return request.param
            @pytest.fixture
            def cheap():
                return 1
            def test_one(costly): pass
            def test_two(costly, cheap): pass
            def test_alone(cheap, tmp_path): pass
            def test_example(example): pass
            def test_example_again(example): pass
            def test_web(server): pass
        """,
        test_b="""
            import pytest
            @pytest.fixture(scope="module")
            def costly():
                return object()
            def test_one(costly): pass
            def test_web_too(server, costly): pass
            def test_builtin_only(tmp_path_factory): pass
        """)
    items, _ = pytester.inline_genitems()
    groups = {item.nodeid: group for item, group in shared_fixture_groups(items, pytester.path).items()}
    assert "test_a.py::test_alone" not in groups  # function-scoped fixtures and pytest's own are not shared work
    assert "test_b.py::test_builtin_only" not in groups
    assert groups["test_a.py::test_one"] == groups["test_a.py::test_two"]
    assert groups["test_a.py::test_example[1]"] == groups["test_a.py::test_example_again[1]"]
    assert groups["test_a.py::test_example[2]"] == groups["test_a.py::test_example_again[2]"]
    assert len({groups["test_a.py::test_one"], groups["test_a.py::test_example[1]"],
                groups["test_a.py::test_example[2]"]}) == 3  # one instance each: three groups
    # the session fixture joins test_a's web test with test_b's, and test_b's module fixture joins test_b's tests
    assert groups["test_a.py::test_web"] == groups["test_b.py::test_web_too"] == groups["test_b.py::test_one"]
    assert groups["test_a.py::test_one"] != groups["test_b.py::test_one"]  # same name, another module
    # xdist's loadgroup reads each group back from the node id it writes (`nodeid@group`) as the unit of work
    scheduler = pytest.importorskip("xdist.scheduler")
    loadgroup = scheduler.LoadGroupScheduling.__new__(scheduler.LoadGroupScheduling)
    for nodeid, group in groups.items():
        assert loadgroup._split_scope(f"{nodeid}@{group}") == group, (nodeid, group)


def test_under_xdist_a_module_fixture_is_built_once(pytester):
    """`pytest -n 2 --dist loadgroup` with this folder's conftest: a shared fixture is built on one worker, once
    (a parametrized one once per parameter: the group's name must survive xdist's reading of `@group` node ids)."""
    pytester.makeconftest(f"exec(compile(open({str(CONFTEST)!r}).read(), __file__, 'exec'))\n")
    log = pytester.path / "built.log"
    pytester.makepyfile(test_shared=textwrap.dedent(f"""
        import os
        import pytest
        @pytest.fixture(scope="module")
        def costly():
            with open({str(log)!r}, "a") as handle:
                handle.write(os.environ.get("PYTEST_XDIST_WORKER", "-") + "\\n")
            return 1
        @pytest.mark.parametrize("k", range(8))
        def test_uses_it(costly, k):
            assert costly == 1
        @pytest.fixture(scope="module", params=["a", "b"])
        def example(request):
            with open({str(log)!r}, "a") as handle:
                handle.write(os.environ.get("PYTEST_XDIST_WORKER", "-") + " " + request.param + "\\n")
            return request.param
        def test_example(example):
            assert example in "ab"
        def test_example_again(example):
            assert example in "ab"
        @pytest.mark.parametrize("k", range(8))
        def test_independent(k):
            assert k >= 0
    """))
    result = pytester.runpytest_subprocess("-n", "2", "--dist", "loadgroup", "-p", "no:symcheck",
                                           "-p", "no:cacheprovider", *UNUSED_PLUGINS)
    result.assert_outcomes(passed=20)
    built = sorted(line.split(" ", 1)[1:] for line in log.read_text().splitlines())
    assert built == [[], ["a"], ["b"]], log.read_text()  # costly once, each parameter of example once

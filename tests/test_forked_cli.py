"""tests/forked_cli.py runs `python -m symcheck ...` in a fork of the test process: what it returns must be what a
new interpreter returns (status, stdout, stderr), whatever the test process changed in itself."""
import json
import subprocess
import sys
import time
import warnings

import pytest

from forked_cli import new_interpreter, run_module  # tests/forked_cli.py

CHECKS = [
    ["--help"],
    ["no-such-command"],
    ["check", "--ref", "-b/w", "--declare", "b, w: scalar", "-b/w"],
    ["check", "--ref", "-b/w", "--declare", "b, w: scalar", "--json", "b/w"],
    ["check", "--ref", "-b/w", "--declare", "b, w: scalar", "-"],
]


@pytest.mark.parametrize("args", CHECKS, ids=" ".join)
def test_a_fork_says_what_a_new_interpreter_says(args):
    stdin = "-b/w\n" if args[-1] == "-" else None
    forked, fresh = run_module("symcheck", args, input=stdin, timeout=120), new_interpreter("symcheck", args, input=stdin, timeout=120)
    assert (forked.returncode, forked.stderr) == (fresh.returncode, fresh.stderr)
    if "--json" in args:  # the same document but for the time it took
        assert _untimed(json.loads(forked.stdout)) == _untimed(json.loads(fresh.stdout))
    else:
        assert forked.stdout == fresh.stdout


def _untimed(doc: dict) -> dict:
    return {key: value for key, value in doc.items() if key != "seconds"}


def test_what_a_test_changed_in_its_process_does_not_reach_the_command(tmp_path):
    """A test that lifted the digit limit of str(), set warnings to errors or left the folder elsewhere: the
    command still runs with a new interpreter's settings, in the folder it is given."""
    doc = tmp_path / "big.md"
    doc.write_text("# big\n```symcheck\na: scalar\n```\n\n$$a + 10^{4400} = a$$\n", encoding="utf-8")
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            forked = run_module("symcheck", ["verify", "big.md", "--json"], cwd=tmp_path, timeout=120)
    finally:
        sys.set_int_max_str_digits(old)
    fresh = new_interpreter("symcheck", ["verify", "big.md", "--json"], cwd=tmp_path, timeout=120)
    assert forked.returncode == fresh.returncode == 1, forked.stderr
    step, again = json.loads(forked.stdout)["steps"][0], json.loads(fresh.stdout)["steps"][0]
    assert step["counterexample"] == again["counterexample"] and step["status"] == again["status"] == "refuted"


def test_a_command_past_its_time_is_killed_with_what_it_started(tmp_path):
    folder = tmp_path / "claims"
    folder.mkdir()
    (folder / "slow.py").write_text("import time\ntime.sleep(60)\n")
    start = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired):
        run_module("symcheck", ["run", str(folder), "--timeout", "100"], timeout=2)
    assert time.monotonic() - start < 30
    left = subprocess.run(["pgrep", "-f", str(folder)], capture_output=True, text=True)
    assert left.stdout.strip() == "", "a process of the killed command is still running"

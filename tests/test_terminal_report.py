"""Drawing on a terminal with rich (symcheck.report.terminal): plain text when piped, user text never markup."""
import io

from symcheck.report.terminal import ProgressDisplay, write_table
from symcheck.report.text import format_result, format_summary
from symcheck.runner import Result


def test_a_piped_table_is_plain_aligned_text_with_the_totals_apart():
    out = io.StringIO()
    write_table(out, ["question", "correct", "total"], [["ridge", "181", "200"], ["g", "2", "3"]],
                numeric=[False, True, True], footer=["all", "183", "203"])
    lines = out.getvalue().splitlines()
    assert "\x1b" not in out.getvalue()
    assert lines[0].split() == ["question", "correct", "total"] and set(lines[1]) == {"─"}
    assert lines[2].split() == ["ridge", "181", "200"] and set(lines[4]) == {"─"}
    assert lines[5].split() == ["all", "183", "203"]
    assert lines[2].index("181") + 3 == lines[3].index("2") + 1  # numbers right-aligned
    assert len({len(line) for line in lines[:2]}) == 1


def test_cells_from_users_are_never_markup_and_lose_control_characters():
    out = io.StringIO()
    write_table(out, ["question", "n"], [["[bold red]q1[/] :smile: \x1b[31m\x07", "1"]], numeric=[False, True])
    text = out.getvalue()
    assert "[bold red]q1[/] :smile: [31m" in text and "\x1b" not in text and "\x07" not in text


def test_a_forced_progress_bar_shows_count_rate_and_eta_without_colour():
    out = io.StringIO()
    with ProgressDisplay(out, unit="answers", transient=False, force=True, every=0) as bar:
        for done in range(1, 5):
            bar.update(done, 4, "[red]label[/red]")
    text = out.getvalue()
    assert "4/4" in text and "answers/s" in text and "ETA" in text and "[red]label[/red]" in text
    assert "\x1b[3" not in text  # no colour: forced on something that is not a terminal


def test_the_plain_run_report_is_unchanged_and_a_known_gap_gets_its_own_mark():
    from symcheck.known_gaps import Gap
    met = Result("c.py", "push-through", "proved", "noncommutative Groebner basis", 0.0123, "proved")
    assert format_result(met) == "  ✓ proved   push-through  [noncommutative Groebner basis, 0.012s]"
    gap = Result("c.py", "hadamard", "unknown", "search", 1.5, "proved", detail="no rule")
    gap.known_gap = Gap("c.py::hadamard", "no Hadamard rules", "claims/KNOWN_GAPS.txt")
    assert format_result(gap).splitlines()[0] == \
        "  x unknown  hadamard   (expected proved; known gap: no Hadamard rules)  [search, 1.500s]"
    passed = Result("c.py", "closed", "proved", "m", 0.1, "proved")
    passed.known_gap = Gap("c.py::closed", "was open", "claims/KNOWN_GAPS.txt")
    assert "XPASS: known gap now decided — remove it from claims/KNOWN_GAPS.txt: c.py::closed" in format_result(passed)
    summary = {"proved": 1, "refuted": 0, "unknown": 1, "error": 0, "ok": 1, "not_ok": 1, "known_gap": 0,
               "known_gap_passed": 0}
    assert format_summary(summary) == "1 proved, 0 refuted, 1 unknown, 0 error; 1 ok, 1 not ok"

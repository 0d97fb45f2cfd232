"""The loader as a library: all problems at once, the report, valid additions.

Each kind of rejection, with its exact place and message, is a case in
tests/corpus/ (see test_corpus.py).
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from macros.data import schema
from macros.data.load import check, cross_check, load
from macros.data.model import Dataset, Market, PartialDate, Resolution, Resolved, Sequence, Snapshot
from macros.data.problems import DataError, Loc
from macros.data.schema import collect
from macros.data.yamlsrc import parse

LIST = """\
id: demo
title: A demo list
made_on: 2024-10-11
predictions:
  - id: first
    claim: Something happens.
    p: 0.6
  - id: second
    claim: Something else happens.
    p: "20%"
"""

CARD = """\
id: demo-card
predictions: demo
work: schut-2023
date: 2025-01
outcomes:
  first: true
  second: ambiguous
"""

WORK = """\
works:
  - id: only
    title: The only work
    authors: [A. Person]
    year: 2024
"""

L = "data/predictions/demo.yaml"
C = "data/scorecards/demo-card.yaml"


def test_every_problem_reported_at_once(data_copy):
    root = data_copy(
        {
            L: LIST.replace("p: 0.6", "p: 60").replace("title:", "titel:"),
            "data/works.yaml": WORK + "    tier: 9\n",
            "data/markets.yaml": "markets: [\n",
        }
    )
    _, problems = check(root / "data", root / "docs")
    assert len({problem.loc.path for problem in problems}) == 3
    assert len(problems) == 5
    assert problems == sorted(problems), "reported in file, line and column order"


def test_load_raises_with_report(data_copy):
    root = data_copy({L: LIST.replace("p: 0.6", "p: 60")})
    with pytest.raises(DataError) as caught:
        load(root / "data", root / "docs")
    report = caught.value.report()
    assert report.splitlines()[-1] == "1 problem in the data"
    assert "Traceback" not in report


def test_valid_additions_load(data_copy):
    root = data_copy({L: LIST, C: CARD})
    dataset = load(root / "data", root / "docs")
    card = dataset.scorecard("demo-card")
    assert [j.prediction for j in card.outcomes] == ["first", "second"]
    assert dataset.prediction_list("demo").predictions[1].p * 5 == 1


def test_real_data_is_clean():
    from conftest import DATA, DOCS

    dataset, problems = check(DATA, DOCS)
    assert problems == []
    assert dataset is not None and [page.part for page in dataset.pages] == [14]


def date(text: str) -> PartialDate:
    year, month, day = [*map(int, text.split("-")), None, None][:3]
    return PartialDate(year, month, day)


def _market(snapshots: list[str], resolved: str) -> Market:
    taken = tuple(
        Snapshot(date(when), Fraction(1, 2), loc=Loc("m.yaml", line, 15)) for line, when in enumerate(snapshots)
    )
    at = Loc("m.yaml", 40, 13)
    resolution = Resolution(Resolved.NO, date(resolved), loc=at, key_locs={"date": at})
    return Market("m", "Will it?", "Manifold", taken, resolution=resolution)


AFTER = ": a market has no price after it resolves"


@pytest.mark.parametrize(
    ("snapshots", "resolved", "problem"),
    [
        (["2024-10-11"], "2024-10-11", None),  # priced on the day it resolved
        (["2024-10-11"], "2025-01", None),
        (["2024-10-11", "2025-01-20"], "2025-01", None),  # within the month it resolved
        (["2024-10"], "2024-10-01", None),
        (["2024-10-11"], "2024-10-10", "resolved on 2024-10-10, before its snapshot of 2024-10-11 (line 0)"),
        (
            ["2024-09", "2025-03-01", "2025-02"],
            "2025-01-31",
            "resolved on 2025-01-31, before its snapshot of 2025-03-01 (line 1)",
        ),
        (["2026"], "2025-12", "resolved on 2025-12, before its snapshot of 2026 (line 0)"),
    ],
)
def test_no_snapshot_after_a_market_resolved(snapshots, resolved, problem):
    data = Dataset(Sequence("S", "A", 1, ()), (), (), (), (), (_market(snapshots, resolved),))
    found = [(p.loc, p.message) for p in cross_check(data) if p.loc.path == "m.yaml"]
    assert found == ([(Loc("m.yaml", 40, 13), f"market 'm' {problem}{AFTER}")] if problem else [])


@pytest.mark.parametrize(
    ("written", "outcome", "note", "evidence"),
    [
        ("false", "false", None, None),
        ("{outcome: ambiguous}", "ambiguous", None, None),
        ('{outcome: true, note: "  Seen in section 4.  "}', "true", "Seen in section 4.", None),
        ("{outcome: false, evidence: https://example.org/p#s4}", "false", None, "https://example.org/p#s4"),
        (
            "\n    outcome: true\n    note: It does.\n    evidence: http://example.org/x\n    # a comment",
            "true",
            "It does.",
            "http://example.org/x",
        ),
        ("{outcome: true, note: }", "true", None, None),  # an empty optional key means none
    ],
)
def test_an_outcome_with_its_reason(written, outcome, note, evidence):
    node, problems = parse("card.yaml", f"outcomes:\n  first: {written}\n")
    assert problems == [] and node is not None
    ((_, value),) = node.items
    judged, problems = collect(schema.Outcomes().read(value))
    assert problems == []
    (judgement,) = judged
    assert (judgement.prediction, judgement.outcome.value, judgement.note, judgement.evidence) == (
        "first",
        outcome,
        note,
        evidence,
    )
    assert judgement.loc == Loc("card.yaml", 2, 3)
    # Written back as JSON in the form it was given: the bare value when there is no reason.
    shown = schema.Outcomes().to_json(judged)["first"]
    if note is None and evidence is None:
        assert shown == {"true": True, "false": False}.get(outcome, outcome)
    else:
        assert shown == {"outcome": {"true": True, "false": False}.get(outcome, outcome)} | (
            {"note": note} if note else {}
        ) | ({"evidence": evidence} if evidence else {})


def test_reading_again_with_nothing_changed_gives_the_same_dataset(data_copy):
    root = data_copy({})
    first = load(root / "data", root / "docs")
    assert load(root / "data", root / "docs") is first


def test_reading_again_checks_the_whole_again_after_a_record_changed(data_copy):
    root = data_copy({})
    assert check(root / "data", root / "docs")[1] == []
    works = root / "data" / "works.yaml"
    written = works.read_text(encoding="utf-8")
    works.write_text(written + written[written.index("\n  - id:") :], encoding="utf-8")
    _, problems = check(root / "data", root / "docs")
    assert problems
    assert all(problem.message.startswith("duplicate work ") for problem in problems)


def test_reading_again_places_a_hosted_part_where_it_now_is(data_copy):
    hosted = "---\npart: 14\n---\n\n# Again\n"
    root = data_copy({"docs/again.md": hosted})
    _, problems = check(root / "data", root / "docs")
    assert [(problem.loc.path, problem.loc.line) for problem in problems] == [("docs/parts/eis-xiv.md", 2)]
    # The same part on the same page, a line further down: the same record, at a new place.
    (root / "docs" / "parts" / "eis-xiv.md").write_text(
        "---\n" + "description: moved\n" + (root / "docs" / "parts" / "eis-xiv.md").read_text().removeprefix("---\n")
    )
    _, problems = check(root / "data", root / "docs")
    assert [(problem.loc.path, problem.loc.line) for problem in problems] == [("docs/parts/eis-xiv.md", 3)]

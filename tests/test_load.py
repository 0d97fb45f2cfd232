"""Every rejection the loader makes, with the exact place and message."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.load import check, load
from macros.problems import DataError

PROBABILITY = 'a probability (a number from 0 to 1, or a percent such as "60%")'

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

SEQUENCE = """\
title: A sequence
author: A. Person
planned_parts: 12
parts:
  - part: 14
    title: Fourteen
    date: 2024-10-11
"""

L = "data/predictions/demo.yaml"
C = "data/scorecards/demo-card.yaml"
REAL_CARD = "data/scorecards/may-2024-scaling-monosemanticity.yaml"


def _list(**replace: str) -> str:
    text = LIST
    for old, new in replace.items():
        text = text.replace(old.replace("_", " "), new)
    return text


CASES: list[tuple[str, dict[str, str | None], list[str]]] = [
    # YAML itself
    (
        "syntax error",
        {L: LIST + "about: [unclosed\n"},
        [f"{L}:12:1: YAML syntax error: did not find expected ',' or ']'"],
    ),
    (
        "bad indentation",
        {L: LIST.replace("    p: 0.6", "   p: 0.6")},
        [f"{L}:7:4: YAML syntax error: did not find expected '-' indicator"],
    ),
    (
        "duplicate key",
        {L: LIST.replace("made_on:", "title: Again\nmade_on:")},
        [f"{L}:3:1: duplicate key 'title' (first at line 2)"],
    ),
    (
        "anchor and alias",
        {L: LIST.replace("title: A demo list", "title: &t A demo list\nabout: *t")},
        [f"{L}:2:8: anchor '&t' is not allowed", f"{L}:3:8: alias '*t' is not allowed; write the value out"],
    ),
    (
        "explicit tag",
        {L: LIST.replace("p: 0.6", "p: !!float 0.6")},
        [f"{L}:7:8: tag 'tag:yaml.org,2002:float' is not allowed"],
    ),
    (
        "yaml 1.1 boolean",
        {L: LIST, C: CARD.replace("first: true", "first: yes")},
        [f"{C}:6:10: 'yes' is a YAML 1.1 boolean: write true or false, or quote it if you mean text"],
    ),
    (
        "yaml 1.1 boolean on",
        {L: LIST, C: CARD.replace("second: ambiguous", "second: on")},
        [f"{C}:7:11: 'on' is a YAML 1.1 boolean: write true or false, or quote it if you mean text"],
    ),
    ("empty file", {L: ""}, [f"{L}:1:1: file is empty"]),
    ("comment-only file", {L: "# nothing yet\n"}, [f"{L}:1:1: file is empty"]),
    (
        "two documents",
        {L: LIST + "---\nid: other\n"},
        [f"{L}:11:1: a second YAML document; a data file holds exactly one"],
    ),
    ("top level is a list", {L: "- id: demo\n"}, [f"{L}:1:1: expected a prediction list, found a list"]),
    (
        "deep nesting",
        {L: LIST + "about: " + "[" * 40 + "]" * 40 + "\n"},
        [f"{L}:11:8: expected text, found a list", f"{L}:11:23: nested more than 16 levels deep"],
    ),
    (
        "file too large",
        {L: LIST + "# " + "x" * (1024 * 1024) + "\n"},
        [f"{L}:1:1: file is {len(LIST) + 3 + 1024 * 1024} bytes; the limit is 1048576"],
    ),
    (
        "control character",
        {L: LIST.replace("Something happens.", "Some\x07thing")},
        [f"{L}:6:16: character U+0007 is not allowed in YAML"],
    ),
    # keys and types
    (
        "unknown key with hint",
        {L: LIST.replace("title:", "titel:")},
        [
            f"{L}:2:1: unknown key 'titel' (did you mean 'title'?)",
            f"{L}:1:1: missing required key 'title' in a prediction list",
        ],
    ),
    (
        "unknown key without hint",
        {L: LIST + "colour: blue\n"},
        [f"{L}:11:1: unknown key 'colour' (expected one of: id, title, made_on, made_in, source, about, predictions)"],
    ),
    (
        "missing required key",
        {L: LIST.replace("    claim: Something else happens.\n", "")},
        [f"{L}:8:5: missing required key 'claim' in a prediction"],
    ),
    (
        "quoted probability",
        {L: LIST.replace("p: 0.6", 'p: "0.6"')},
        [
            (
                f'{L}:7:8: expected {PROBABILITY}, found the text "0.6": '
                'write 0.6 without quotes, or a percent such as "60%"'
            )
        ],
    ),
    (
        "percent without sign",
        {L: LIST.replace("p: 0.6", "p: 60")},
        [f'{L}:7:8: probability 60 is outside 0 to 1 (for a percent write "60%")'],
    ),
    (
        "probability above one",
        {L: LIST.replace("p: 0.6", "p: 1.5")},
        [f'{L}:7:8: probability 1.5 is outside 0 to 1 (for a percent write "1.5%")'],
    ),
    ("negative probability", {L: LIST.replace("p: 0.6", "p: -0.1")}, [f"{L}:7:8: probability -0.1 is outside 0 to 1"]),
    ("percent above 100", {L: LIST.replace('p: "20%"', 'p: "120%"')}, [f"{L}:10:8: 120% is more than 100%"]),
    (
        "nan",
        {L: LIST.replace("p: 0.6", "p: .nan")},
        [f"{L}:7:8: '.nan' is not a finite number; expected {PROBABILITY}"],
    ),
    (
        "inf",
        {L: LIST.replace("p: 0.6", "p: .inf")},
        [f"{L}:7:8: '.inf' is not a finite number; expected {PROBABILITY}"],
    ),
    (
        "boolean probability",
        {L: LIST.replace("p: 0.6", "p: true")},
        [f'{L}:7:8: expected a probability (a number from 0 to 1, or a percent such as "60%"), found the boolean true'],
    ),
    (
        "list where text expected",
        {L: LIST.replace("title: A demo list", "title: [A, demo]")},
        [f"{L}:2:8: expected text, found a list"],
    ),
    (
        "empty required value",
        {L: LIST.replace("title: A demo list", "title:")},
        [f"{L}:2:7: expected text, found an empty value"],
    ),
    (
        "escaped control character",
        {L: LIST.replace("title: A demo list", 'title: "A demo \\a list"')},
        [f"{L}:2:8: text contains the control character U+0007"],
    ),
    (
        "text direction override",
        {L: LIST.replace("title: A demo list", 'title: "A demo \\u202e list"')},
        [f"{L}:2:8: text contains the control character U+202E"],
    ),
    ("blank text", {L: LIST.replace("title: A demo list", 'title: "  "')}, [f"{L}:2:8: text is blank"]),
    (
        "predictions not a list",
        {L: LIST.split("predictions:")[0] + "predictions: none\n"},
        [f"{L}:4:14: expected a list of a prediction, found the text 'none'"],
    ),
    (
        "empty predictions",
        {L: LIST.split("predictions:")[0] + "predictions: []\n"},
        [f"{L}:4:14: the list needs at least 1 item"],
    ),
    (
        "quoted part number",
        {L: LIST.replace("made_on: 2024-10-11", 'made_on: 2024-10-11\nmade_in: "14"')},
        [f'{L}:4:10: expected a part number (1 or more), found the text "14"'],
    ),
    (
        "fractional part number",
        {L: LIST.replace("made_on: 2024-10-11", "made_on: 2024-10-11\nmade_in: 14.0")},
        [f"{L}:4:10: expected a part number (1 or more), found the number 14.0"],
    ),
    (
        "id not a slug",
        {L: LIST.replace("  - id: first", "  - id: First_One")},
        [f"{L}:5:9: 'First_One' is not a valid id: use lowercase letters, digits and single hyphens"],
    ),
    (
        "url with another scheme",
        {L: LIST + "source: javascript:alert(1)\n"},
        [f"{L}:11:9: 'javascript:alert(1)' is not a web address starting with https:// or http://"],
    ),
    (
        "outcome quoted",
        {L: LIST, C: CARD.replace("first: true", 'first: "true"')},
        [f'{C}:6:10: expected true or false or ambiguous, found the text "true"'],
    ),
    (
        "outcome misspelt",
        {L: LIST, C: CARD.replace("second: ambiguous", "second: unclear")},
        [f"{C}:7:11: expected true or false or ambiguous, found the text 'unclear'"],
    ),
    # dates
    (
        "impossible date",
        {L: LIST.replace("2024-10-11", "2023-02-29")},
        [f"{L}:3:10: '2023-02-29' is not a real date: February 2023 has no day 29"],
    ),
    ("month 13", {L: LIST.replace("2024-10-11", "2024-13")}, [f"{L}:3:10: '2024-13' has no month 13"]),
    (
        "date format",
        {L: LIST.replace("2024-10-11", "11/10/2024")},
        [f"{L}:3:10: '11/10/2024' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"],
    ),
    # identity and references
    (
        "file stem differs from id",
        {"data/predictions/other.yaml": LIST},
        ["data/predictions/other.yaml:1:5: id 'demo' differs from the file name 'other.yaml'"],
    ),
    (
        "duplicate prediction id",
        {L: LIST.replace("id: second", "id: first")},
        [f"{L}:8:9: duplicate prediction in list 'demo' 'first' (first at line 5)"],
    ),
    (
        "duplicate work id",
        {"data/works.yaml": WORK + WORK.removeprefix("works:\n"), REAL_CARD: None},
        ["data/works.yaml:6:9: duplicate work 'only' (first at line 2)"],
    ),
    (
        "duplicate part",
        {"data/sequence.yaml": SEQUENCE + SEQUENCE.split("parts:\n")[1], REAL_CARD: None},
        ["data/sequence.yaml:8:11: duplicate part '14' (first at line 5)"],
    ),
    (
        "unknown list",
        {L: LIST, C: CARD.replace("predictions: demo", "predictions: dem")},
        [f"{C}:2:14: predictions: no prediction list with id 'dem' (did you mean 'demo'?)"],
    ),
    (
        "unknown work",
        {L: LIST, C: CARD.replace("work: schut-2023", "work: schut-2032")},
        [f"{C}:3:7: work: no work with id 'schut-2032' (did you mean 'schut-2023'?)"],
    ),
    (
        "unknown prediction",
        {L: LIST, C: CARD.replace("first: true", "first: true\n  third: false")},
        [f"{C}:7:3: list 'demo' has no prediction 'third'"],
    ),
    (
        "missing outcome",
        {L: LIST, C: CARD.replace("  second: ambiguous\n", "")},
        [f"{C}:6:3: no outcome for 'second' of list 'demo'"],
    ),
    (
        "prediction named twice",
        {L: LIST, C: CARD.replace("second: ambiguous", "second: ambiguous\n  first: false")},
        [f"{C}:8:3: duplicate key 'first' (first at line 6)"],
    ),
    (
        "unknown part",
        {L: LIST.replace("made_on: 2024-10-11", "made_on: 2024-10-11\nmade_in: 99")},
        [f"{L}:4:10: made_in: part 99 is not in data/sequence.yaml"],
    ),
    (
        "hosted page for an unknown part",
        {"docs/extra.md": "---\npart: 99\n---\n\nText.\n"},
        ["docs/extra.md:2:7: part 99 is not in data/sequence.yaml"],
    ),
    (
        "hosted page with its own title",
        {"docs/extra.md": "---\npart: 13\ntitle: Mine\n---\n"},
        ["docs/extra.md:3:1: a hosted part takes its title from data/sequence.yaml; remove 'title'"],
    ),
    (
        "two pages for one part",
        {"docs/extra.md": "---\npart: 14\n---\n"},
        ["docs/parts/eis-xiv.md:2:7: duplicate hosted page for part '14' (first at docs/extra.md:2:7)"],
    ),
    (
        "bad front matter",
        {"docs/extra.md": "---\npart: [14\n---\n"},
        ["docs/extra.md:3:1: YAML syntax error: did not find expected ',' or ']'"],
    ),
    # tiers and works
    (
        "four tiers",
        {
            "data/tiers.yaml": "tiers:\n"
            + "".join(f"  - tier: {n}\n    name: T{n}\n    summary: S.\n" for n in (1, 2, 3, 4))
        },
        ["data/tiers.yaml:1:1: there must be exactly 5 tiers, numbered 1 to 5 (missing: 5)"],
    ),
    (
        "tier out of range",
        {"data/works.yaml": WORK + "    tier: 6\n", REAL_CARD: None},
        ["data/works.yaml:6:11: 6 is out of range: expected 1 to 5"],
    ),
    (
        "argued tier repeats tier",
        {"data/works.yaml": WORK + "    tier: 3\n    tier_argued: 3\n", REAL_CARD: None},
        ["data/works.yaml:7:18: work 'only': tier_argued repeats its tier 3"],
    ),
    # files
    ("missing file", {"data/markets.yaml": None}, ["data/markets.yaml:1:1: required data file is missing"]),
    (
        "stray file",
        {"data/work.yaml": WORK},
        ["data/work.yaml:1:1: not a data file this site reads (did you mean 'works.yaml'?)"],
    ),
    (
        "wrong extension",
        {"data/predictions/demo.yml": LIST},
        ["data/predictions/demo.yml:1:1: not a data file: expected a .yaml file here"],
    ),
]


def _expect_problems(root: Path, expected: list[str]) -> None:
    _, problems = check(root / "data", root / "docs")
    assert [str(problem) for problem in problems] == sorted(expected, key=_order)


def _order(line: str) -> tuple[str, int, int]:
    path, line_no, col, _ = line.split(":", 3)
    return path, int(line_no), int(col)


@pytest.mark.parametrize(("files", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_rejection(data_copy, files, expected):
    _expect_problems(data_copy(files), expected)


def test_invalid_utf8(data_copy):
    root = data_copy({})
    (root / L).write_bytes(LIST.encode() + b"about: caf\xe9\n")
    _expect_problems(root, [f"{L}:11:11: not valid UTF-8 (byte 0xe9)"])


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

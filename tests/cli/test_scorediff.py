"""The pull-request score table: pure comparisons, and the command on two real commits."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from macros.cli.scorediff import Change, changes, markdown
from macros.data.problems import Loc, Problem


def card(
    ident: str,
    score: str,
    brier: str | None = "0.1",
    judged: int = 2,
    happened: int = 1,
    of: str = "l",
    work: str = "w",
) -> dict[str, object]:
    return {
        "id": ident,
        "predictions": of,
        "work": work,
        "score": score,
        "brier": brier,
        "judged": judged,
        "happened": happened,
    }


def plist(ident: str, size: int, best: str, worst: str) -> dict[str, object]:
    return {"id": ident, "size": size, "best": best, "worst": worst, "scorecards": []}


BASE = {"scorecards": [card("a", "-0.74"), card("gone", "0.5")], "lists": [plist("l", 2, "1.5", "-0.5")]}
M = "\u2212"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (BASE, []),
        # The same values written differently are no change.
        ({**BASE, "scorecards": [card("a", "-0.740", brier="1/10"), card("gone", "0.50")]}, []),
        (
            {**BASE, "scorecards": [card("a", "-0.34", happened=2), card("gone", "0.5")]},
            [
                Change("changed", "scorecard", "a", "score", "-0.74", "-0.34", "l", "w"),
                Change("changed", "scorecard", "a", "happened", "1", "2", "l", "w"),
            ],
        ),
        (
            {**BASE, "scorecards": [card("a", "-0.74")]},
            [
                Change("removed", "scorecard", "gone", "score", "0.5", None, "l", "w"),
                Change("removed", "scorecard", "gone", "brier", "0.1", None, "l", "w"),
                Change("removed", "scorecard", "gone", "judged", "2", None, "l", "w"),
                Change("removed", "scorecard", "gone", "happened", "1", None, "l", "w"),
            ],
        ),
        # A new scorecard carries the list it judges and the work it judges it against.
        (
            {**BASE, "scorecards": [*BASE["scorecards"], card("b", "0", brier=None, judged=0, happened=0, of="m")]},
            [
                Change("new", "scorecard", "b", "score", None, "0", "m", "w"),
                Change("new", "scorecard", "b", "judged", None, "0", "m", "w"),
                Change("new", "scorecard", "b", "happened", None, "0", "m", "w"),
            ],
        ),
        (
            {**BASE, "lists": [plist("l", 2, "1.5", "-0.5"), plist("new", 1, "0.9", "-0.1")]},
            [
                Change("new", "list", "new", "size", None, "1"),
                Change("new", "list", "new", "best", None, "0.9"),
                Change("new", "list", "new", "worst", None, "-0.1"),
            ],
        ),
        (
            {**BASE, "scorecards": [card("a", "-0.74", brier="1/3"), card("gone", "0.5")]},
            [Change("changed", "scorecard", "a", "brier", "0.1", "1/3", "l", "w")],
        ),
        # A scorecard that now judges another work: labelled as it is now.
        (
            {**BASE, "scorecards": [card("a", "-0.70", work="w2"), card("gone", "0.5")]},
            [Change("changed", "scorecard", "a", "score", "-0.74", "-0.70", "l", "w2")],
        ),
    ],
)
def test_changes(head, expected):
    assert changes(BASE, head) == expected


@pytest.mark.parametrize(
    ("figure", "before", "after", "delta"),
    [
        ("score", "-0.74", "-0.34", "+0.40"),
        ("score", "0.26", "-0.74", f"{M}1.00"),
        ("score", "0.5", "0.505", "+0.01"),
        # Too small to show at two places: the exact difference instead of "+0.00".
        ("score", "0.5", "0.501", "+0.001"),
        ("score", "0.5", "0.496", f"{M}0.004"),
        ("best", "6.35", "7.35", "+1.00"),
        ("worst", "-1.65", "-1.75", f"{M}0.10"),
        ("brier", "0.02226", "0.08226", "+0.060"),
        ("brier", "0.1", "1/3", "+0.233"),
        ("brier", "0.25", "0.2", f"{M}0.050"),
        ("brier", "0.02226", "0.02249", "+0.00023"),
        ("brier", "1/3", "0.3334", "+1/15000"),
        ("judged", "3", "4", "+1"),
        ("happened", "4", "2", f"{M}2"),
        ("size", "8", "9", "+1"),
    ],
)
def test_delta_as_shown(figure, before, after, delta):
    kind = "list" if figure in ("size", "best", "worst") else "scorecard"
    assert Change("changed", kind, "a", figure, before, after).delta == delta


@pytest.mark.parametrize(
    ("status", "figure", "before", "after", "shown"),
    [
        ("changed", "score", "-0.74", "0.26", (f"{M}0.74", "+0.26")),
        ("changed", "score", "0", "1.5", ("0.00", "+1.50")),
        ("changed", "brier", "0.02226", "0.2436", ("0.022", "0.244")),
        # Both round to the same figure: each side shows its exact value too.
        ("changed", "brier", "0.02226", "0.02249", ("0.022 (exactly 0.02226)", "0.022 (exactly 0.02249)")),
        ("changed", "score", "0.5", "0.501", ("+0.50 (exactly 0.5)", "+0.50 (exactly 0.501)")),
        ("changed", "worst", "-1.65", "-1.651", (f"{M}1.65 (exactly {M}1.65)", f"{M}1.65 (exactly {M}1.651)")),
        ("changed", "brier", "1/3", "0.3334", ("0.333 (exactly 1/3)", "0.333 (exactly 0.3334)")),
        # A scorecard with nothing judged has no Brier score; one absent altogether has no figures.
        ("changed", "brier", None, "0.5", ("n/a", "0.500")),
        ("new", "brier", None, "0.5", ("\u2014", "0.500")),
        ("removed", "score", "-0.1", None, (f"{M}0.10", "\u2014")),
        ("changed", "judged", "3", "4", ("3", "4")),
    ],
)
def test_figures_as_readers_see_them(status, figure, before, after, shown):
    change = Change(status, "list" if figure == "worst" else "scorecard", "a", figure, before, after)
    assert (change.shown_before, change.shown_after) == shown


@pytest.mark.parametrize(
    ("change", "label"),
    [
        (Change("new", "scorecard", "c", "score", None, "1", "l", "w"), "scorecard `c` (list `l`, work `w`)"),
        # A report without them (an older revision's) still names the scorecard.
        (Change("removed", "scorecard", "c", "score", "1", None), "scorecard `c`"),
        (Change("new", "list", "l", "size", None, "1"), "list `l`"),
    ],
)
def test_label(change, label):
    assert change.label == label


@pytest.mark.parametrize(
    ("head", "base_missing", "table"),
    [
        (BASE, False, ["No scorecard or list changes any figure."]),
        (
            {**BASE, "scorecards": [card("a", "-0.34", happened=2), card("gone", "0.5")]},
            False,
            [
                "1 scorecard affected.",
                "",
                "| | Scorecard or list | Figure | Before | After | Change |",
                "|---|---|---|---|---|---|",
                f"| changed | scorecard `a` (list `l`, work `w`) | score | {M}0.74 | {M}0.34 | +0.40 |",
                "|  |  | happened | 1 | 2 | +1 |",
            ],
        ),
        (
            {
                "scorecards": [card("a", "-0.74", brier="0.10001"), card("gone", "0.5"), card("n", "1.5", of="m")],
                "lists": [plist("l", 3, "2.5", "-0.5"), plist("m", 2, "1.8", "-0.2")],
            },
            False,
            [
                "2 scorecards and 2 lists affected.",
                "",
                "| | Scorecard or list | Figure | Before | After | Change |",
                "|---|---|---|---|---|---|",
                (
                    "| changed | scorecard `a` (list `l`, work `w`) | Brier score "
                    "| 0.100 (exactly 0.1) | 0.100 (exactly 0.10001) | +0.00001 |"
                ),
                "| new | scorecard `n` (list `m`, work `w`) | score | \u2014 | +1.50 |  |",
                "|  |  | Brier score | \u2014 | 0.100 |  |",
                "|  |  | judged | \u2014 | 2 |  |",
                "|  |  | happened | \u2014 | 1 |  |",
                "| changed | list `l` | predictions | 2 | 3 | +1 |",
                "|  |  | best possible | +1.50 | +2.50 | +1.00 |",
                "| new | list `m` | predictions | \u2014 | 2 |  |",
                "|  |  | best possible | \u2014 | +1.80 |  |",
                f"|  |  | worst possible | \u2014 | {M}0.20 |  |",
            ],
        ),
        (
            {"scorecards": [card("a", "-0.74")], "lists": []},
            True,
            [
                "The base revision has no scores to compare with, so every figure is listed as new.",
                "",
                "1 scorecard affected.",
                "",
                "| | Scorecard or list | Figure | Before | After | Change |",
                "|---|---|---|---|---|---|",
                f"| new | scorecard `a` (list `l`, work `w`) | score | \u2014 | {M}0.74 |  |",
                "|  |  | Brier score | \u2014 | 0.100 |  |",
                "|  |  | judged | \u2014 | 2 |  |",
                "|  |  | happened | \u2014 | 1 |  |",
            ],
        ),
    ],
)
def test_markdown_table(head, base_missing, table):
    found = changes(None if base_missing else BASE, head)
    assert markdown(found, base_missing=base_missing) == "\n".join(["### Score changes", "", *table]) + "\n"


@pytest.mark.parametrize(
    ("problem", "command"),
    [
        (
            Problem(Loc("data/works.yaml", 6, 11), "6 is out of range"),
            "::error file=data/works.yaml,line=6,col=11::6 is out of range",
        ),
        (
            Problem(Loc("data/a,b:c.yaml", 1, 1), "100% sure\nno"),
            "::error file=data/a%2Cb%3Ac.yaml,line=1,col=1::100%25 sure%0Ano",
        ),
    ],
)
def test_annotation(problem, command):
    assert problem.annotation() == command


def _git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def _diff(repo: Path, *revisions: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "macros", "diff", *revisions], cwd=repo, capture_output=True, text=True, timeout=120
    )


# A frozen data set of its own, so that the expected tables follow from it and
# not from the site's data.  Scores: 0.1 - 0.2 = -0.1; Brier (0.01 + 0.04) / 2.
TIERS = "tiers:\n" + "".join(
    f'  - tier: {n}\n    name: Tier {n}\n    colour: "#5b6168"\n    summary: Tier {n}.\n' for n in range(1, 6)
)
FIXTURE_DATA = {
    "sequence.yaml": "title: A Sequence\nauthor: An Author\nplanned_parts: 1\n"
    "parts:\n  - part: 1\n    title: One\n    date: 2024-01\n",
    "tiers.yaml": TIERS,
    "works.yaml": "works:\n  - id: paper\n    title: A Paper\n    authors: Some One\n    year: 2024\n"
    "  - id: later\n    title: A Later Paper\n    authors: Someone Else\n    year: 2025\n",
    "markets.yaml": "markets: []\n",
    "predictions/forecasts.yaml": "id: forecasts\ntitle: Forecasts\nmade_on: 2024-01\npredictions:\n"
    "  - id: likely\n    claim: Likely.\n    p: 0.9\n"
    '  - id: unlikely\n    claim: Unlikely.\n    p: "20%"\n',
    "scorecards/forecasts-paper.yaml": "id: forecasts-paper\npredictions: forecasts\nwork: paper\ndate: 2024-06\n"
    "outcomes:\n  likely: true\n  unlikely: false\n",
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A clone of this repository with the working tree's macros and the fixture data committed on top."""
    clone = tmp_path / "repo"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    for folder in ("macros", "data", "docs"):
        shutil.rmtree(clone / folder, ignore_errors=True)
    shutil.copytree(ROOT / "macros", clone / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    for name, content in FIXTURE_DATA.items():
        (clone / "data" / name).parent.mkdir(parents=True, exist_ok=True)
        (clone / "data" / name).write_text(content, encoding="utf-8")
    _git(clone, "add", "-A")
    _git(clone, "commit", "-q", "--allow-empty", "-m", "the working tree's code, the fixture data")
    return clone


TABLE_HEAD = ["| | Scorecard or list | Figure | Before | After | Change |", "|---|---|---|---|---|---|"]


def test_a_resolved_prediction_shows_in_the_table(repo):
    card_file = repo / "data/scorecards/forecasts-paper.yaml"
    card_file.write_text(card_file.read_text().replace("unlikely: false", "unlikely: true"))
    _git(repo, "commit", "-q", "-am", "the unlikely event happened after all")

    result = _diff(repo, "HEAD~1", "HEAD")
    assert result.returncode == 0, result.stderr
    # A miss at 20% becomes a hit: the score moves by exactly 0.2 + 0.8.
    assert result.stdout.splitlines()[2:] == [
        "1 scorecard affected.",
        "",
        *TABLE_HEAD,
        (
            "| changed | scorecard `forecasts-paper` (list `forecasts`, work `paper`) "
            "| score | \u22120.10 | +0.90 | +1.00 |"
        ),
        "|  |  | Brier score | 0.025 | 0.325 | +0.300 |",
        "|  |  | happened | 1 | 2 | +1 |",
    ]
    # The working tree is the default head; nothing changed since the last commit.
    assert "No scorecard or list changes any figure." in _diff(repo, "HEAD").stdout


def test_a_new_scorecard_shows_its_list_and_work(repo):
    (repo / "data/scorecards/forecasts-later.yaml").write_text(
        "id: forecasts-later\npredictions: forecasts\nwork: later\ndate: 2025-06\n"
        "outcomes:\n  likely: ambiguous\n  unlikely: true\n"
    )
    result = _diff(repo, "HEAD")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[2:] == [
        "1 scorecard affected.",
        "",
        *TABLE_HEAD,
        "| new | scorecard `forecasts-later` (list `forecasts`, work `later`) | score | \u2014 | +0.80 |  |",
        "|  |  | Brier score | \u2014 | 0.640 |  |",
        "|  |  | judged | \u2014 | 1 |  |",
        "|  |  | happened | \u2014 | 1 |  |",
    ]


def test_a_base_with_broken_data_lists_everything_as_new(repo):
    (repo / "data/markets.yaml").write_text("markets: [\n")
    _git(repo, "commit", "-q", "-am", "break the markets file")
    (repo / "data/markets.yaml").write_text(FIXTURE_DATA["markets.yaml"])
    result = _diff(repo, "HEAD")
    assert result.returncode == 0
    assert "has no scores to compare with" in result.stdout
    assert "1 scorecard and 1 list affected." in result.stdout
    assert "| new | list `forecasts` | predictions | \u2014 | 2 |  |" in result.stdout
    assert "data/markets.yaml:2:1: YAML syntax error" in result.stderr


def test_an_unknown_revision_is_an_error(repo):
    result = _diff(repo, "no-such-branch")
    assert result.returncode != 0
    assert "'no-such-branch' is neither a scores file nor a git revision" in result.stderr


def test_only_the_base_data_is_read_and_an_absolute_symlink_anywhere_breaks_nothing(repo):
    # Outside data/, the base holds an absolute symlink (which a whole-tree
    # extract refuses) and code that could not run; inside, a link out.
    (repo / "elsewhere").symlink_to("/etc/hostname")
    (repo / "data/outside").symlink_to("/etc/hostname")
    (repo / "macros/__main__.py").write_text("raise SystemExit('the base revision code ran')\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "links out of the tree, and code that must not run")
    _git(repo, "checkout", "-q", "HEAD~1", "--", "macros")
    (repo / "data/outside").unlink()  # never a data file: left out of the base's data as well
    card_file = repo / "data/scorecards/forecasts-paper.yaml"
    card_file.write_text(card_file.read_text().replace("unlikely: false", "unlikely: true"))
    result = _diff(repo, "HEAD")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "1 scorecard affected." in result.stdout
    assert "| changed | scorecard `forecasts-paper`" in result.stdout

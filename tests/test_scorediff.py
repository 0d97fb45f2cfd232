"""The pull-request score table: pure comparisons, and the command on two real commits."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SITE
from macros.problems import Loc, Problem
from macros.scorediff import Change, changes, markdown


def card(ident: str, score: str, brier: str = "0.1", judged: int = 2, happened: int = 1) -> dict[str, object]:
    return {"id": ident, "score": score, "brier": brier, "judged": judged, "happened": happened}


def plist(ident: str, size: int, best: str, worst: str) -> dict[str, object]:
    return {"id": ident, "size": size, "best": best, "worst": worst, "scorecards": []}


BASE = {"scorecards": [card("a", "-0.74"), card("gone", "0.5")], "lists": [plist("l", 2, "1.5", "-0.5")]}


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (BASE, []),
        (
            {**BASE, "scorecards": [card("a", "-0.34", happened=2), card("gone", "0.5")]},
            [
                Change("changed", "scorecard", "a", "score", "-0.74", "-0.34"),
                Change("changed", "scorecard", "a", "happened", "1", "2"),
            ],
        ),
        (
            {**BASE, "scorecards": [card("a", "-0.74")]},
            [
                Change("removed", "scorecard", "gone", "score", "0.5", None),
                Change("removed", "scorecard", "gone", "brier", "0.1", None),
                Change("removed", "scorecard", "gone", "judged", "2", None),
                Change("removed", "scorecard", "gone", "happened", "1", None),
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
            [Change("changed", "scorecard", "a", "brier", "0.1", "1/3")],
        ),
    ],
)
def test_changes(head, expected):
    assert changes(BASE, head) == expected


@pytest.mark.parametrize(
    ("before", "after", "delta"),
    [
        ("-0.74", "-0.34", "+0.4"),
        ("0.26", "-0.74", "\u22121"),
        ("3", "4", "+1"),
        ("0.1", "1/3", "+7/30"),
        ("1", "1", "0"),
    ],
)
def test_delta_is_exact(before, after, delta):
    assert Change("changed", "scorecard", "a", "score", before, after).delta == delta


def test_markdown_table():
    found = changes(BASE, {**BASE, "scorecards": [card("a", "-0.34"), card("gone", "0.5")]})
    assert markdown(found) == (
        "### Score changes\n\n1 scorecard or list affected.\n\n"
        "| | Scorecard or list | Figure | Before | After | Change |\n"
        "|---|---|---|---|---|---|\n"
        "| changed | scorecard `a` | score | \u22120.74 | \u22120.34 | +0.4 |\n"
    )
    assert markdown([]) == "### Score changes\n\nNo scorecard or list changes any figure.\n"
    assert "has no scores to compare with" in markdown(changes(None, BASE), base_missing=True)


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


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A clone of this repository with the working tree's macros and data committed on top."""
    clone = tmp_path / "repo"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    for folder in ("macros", "data", "docs"):
        subprocess.run(["rm", "-rf", str(clone / folder)], check=True)
        # The fixture site's data and docs, so the figures below stay what they are.
        source = ROOT if folder == "macros" else SITE
        subprocess.run(["cp", "-r", str(source / folder), str(clone / folder)], check=True)
    _git(clone, "add", "-A")
    _git(clone, "commit", "-q", "--allow-empty", "-m", "the working tree")
    return clone


def test_a_resolved_prediction_shows_in_the_table(repo):
    card_file = repo / "data/scorecards/may-2024-scaling-monosemanticity.yaml"
    card_file.write_text(card_file.read_text().replace("  sparse-peft: false", "  sparse-peft: true"))
    _git(repo, "commit", "-q", "-am", "sparse-peft happened after all")

    result = _diff(repo, "HEAD~1", "HEAD")
    assert result.returncode == 0, result.stderr
    # sparse-peft flips from a miss to a hit: the rule moves the score by exactly 1.
    assert result.stdout.splitlines()[2:] == [
        "1 scorecard or list affected.",
        "",
        "| | Scorecard or list | Figure | Before | After | Change |",
        "|---|---|---|---|---|---|",
        "| changed | scorecard `may-2024-scaling-monosemanticity` | score | \u22120.74 | 0.26 | +1 |",
        "| changed | scorecard `may-2024-scaling-monosemanticity` | brier | 0.02226 | 0.08226 | +0.06 |",
        "| changed | scorecard `may-2024-scaling-monosemanticity` | happened | 3 | 4 | +1 |",
    ]
    # The working tree is the default head; nothing changed since the last commit.
    assert "No scorecard or list changes any figure." in _diff(repo, "HEAD").stdout


def test_a_base_with_broken_data_lists_everything_as_new(repo):
    (repo / "data/markets.yaml").write_text("markets: [\n")
    _git(repo, "commit", "-q", "-am", "break the markets file")
    (repo / "data/markets.yaml").write_text((SITE / "data/markets.yaml").read_text())
    result = _diff(repo, "HEAD")
    assert result.returncode == 0
    assert "has no scores to compare with" in result.stdout
    assert "| new | scorecard `may-2024-scaling-monosemanticity` | score | — | \u22120.74 |  |" in result.stdout
    assert "data/markets.yaml:2:1: YAML syntax error" in result.stderr


def test_an_unknown_revision_is_an_error(repo):
    result = _diff(repo, "no-such-branch")
    assert result.returncode != 0
    assert "'no-such-branch' is neither a scores file nor a git revision" in result.stderr

"""The benchmark runs end to end at a tiny size; its figures are never asserted."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from bench import synth
from bench.report import format_report
from conftest import ROOT, score_card
from macros.data.load import load
from macros.data.model import Outcome
from macros.site.steps import STEPS

pytestmark = pytest.mark.slow

VARIANTS = ("eis", "eis_warm", "plain", "material")
BENCH = [sys.executable, "-m", "bench", "--posts", "2,3", "--runs", "1", "--lighthouse-runs", "0"]
BENCH += ["--serve-flags=--dirty --no-strict"]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    out = tmp_path_factory.mktemp("bench") / "results.json"
    done = subprocess.run(
        [*BENCH, "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(out.read_text()), done.stdout


def test_every_variant_is_built_and_timed(results):
    figures, _ = results
    assert [size["posts"] for size in figures["sizes"]] == [2, 3]
    for size in figures["sizes"]:
        # Each post and each list has a page, beside the site's own pages.
        assert size["pages"] > 2 * size["posts"]
        assert size["predictions"] == size["posts"] * synth.PREDICTIONS_PER_LIST
        for variant in VARIANTS:
            assert size["builds"][variant]["wall"] > 0 and size["builds"][variant]["cpu"] > 0
        for form in ("raw", "gzip"):
            assert size["macro_bytes_per_post"][form]["max"] > 0
        # The macros' CPU by step, cold and warm: each step timed, and the warm build paints no card.
        assert set(size["steps"]) == {"eis", "eis_warm"}
        assert list(size["steps"]["eis"]) == list(STEPS)
        assert size["steps"]["eis"]["rendering"] > 0 and size["steps"]["eis"]["data"] > 0


def test_command_line_scores_are_exact(results):
    figures, _ = results
    cli = figures["cli"]
    assert cli["exact"] and cli["mismatched"] == []
    assert cli["scorecards"] == 3
    assert Decimal(cli["sum"]) == Decimal(cli["expected_sum"])


def test_preview_rebuild_and_downloads_are_measured(results):
    figures, _ = results
    preview = figures["preview"]
    assert preview["flags"] == ["--dirty", "--no-strict"]
    assert len(preview["runs"]) == 1 and 0 < preview["rebuild"] <= preview["edit_to_reload"]
    download = figures["real_pages"]["part_xiv_download"]
    assert download["offsite"] == [] and download["bytes"] > download["html_bytes"] > 0
    assert set(figures["real_pages"]["macro_bytes"]) == {"parts/eis-xiv.md", "ledger.md", "tiers.md", "badges.md"}


def test_report_lists_every_target(results):
    figures, printed = results
    names = [target["name"] for target in figures["targets"]]
    assert "build vs default Material, 3 posts (x)" in names and "preview rebuild (s)" in names
    assert "macros' share of a warm build, CPU" in names and "preview, save to reload (s)" in names
    assert "The macros' CPU by step at 3 posts" in printed
    assert all(isinstance(target["met"], bool) for target in figures["targets"])
    assert printed.startswith(format_report(figures))


def test_synthetic_scores_follow_the_rule(tmp_path: Path):
    made = synth.generate(tmp_path / "site", 2)
    data = load(made.root / "data", made.root / "docs")
    assert made.scores
    # The project's own scorecards come along; the synthetic ones are those it worked out.
    for card in (data.scorecard(card_id) for card_id in made.scores):
        plist = data.prediction_list(card.predictions)
        # The author's rule by hand: 1 - p for what happened, -p for what did not, ambiguous left out.
        by_rule = sum(
            (
                1 - p.p if card.outcome_of(p.id) is Outcome.HAPPENED else -p.p
                for p in plist.predictions
                if card.outcome_of(p.id) in (Outcome.HAPPENED, Outcome.DID_NOT)
            ),
            Fraction(0),
        )
        assert Fraction(made.scores[card.id]) == by_rule == score_card(data, card).score, card.id


def test_synthetic_sequence_is_the_same_at_every_run(tmp_path: Path):
    made = synth.generate(tmp_path / "site", 2)
    assert len(made.posts) == 2 and made.predictions == 20
    assert set(made.scores) == {"synthetic-1000-card", "synthetic-1001-card"}
    # Generating again gives the same sequence: runs are comparable.
    again = synth.generate(tmp_path / "again", 2)
    assert again.scores == made.scores
    assert [p.read_text() for p in again.posts] == [p.read_text() for p in made.posts]


def test_link_check_is_timed_against_a_revision():
    done = subprocess.run(
        [sys.executable, "-m", "bench.linkcheck", "--against", "HEAD", "--posts", "2", "--runs", "1", "--builds", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("check_site on ") and lines[0].endswith(
        "of 2 posts, median of 1 runs, each in a fresh process:"
    )
    assert lines[5].startswith("this tree / HEAD (")
    # Both revisions read every document of the same site and find references in it.
    reports = [re.fullmatch(r".+: (\d+) documents, (\d+) links, (\d+) problems", line) for line in lines[6:8]]
    assert all(reports) and reports[0][1] == reports[1][1] != "0"
    assert all(int(report[2]) > 0 for report in reports)
    assert "whole builds of 2 posts, median of 1:" in lines

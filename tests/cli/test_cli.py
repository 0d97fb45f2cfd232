"""``python -m macros check`` and ``scores`` on the frozen fixture site (project/test_site.py: the real one)."""

from __future__ import annotations

import json

from conftest import CacheFile, run_cli


def test_check_clean_fixture_data(data_copy):
    result = run_cli("check", cwd=data_copy({}))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "ok: 14 parts, 5 tiers, 9 works, 2 prediction lists (18 predictions), 1 scorecard, 1 market"
    ]
    assert result.stderr == ""


def test_scores_json_exact_strings(data_copy):
    result = run_cli("scores", "--json", cwd=data_copy({}))
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    (card,) = scores["scorecards"]
    points = card.pop("points")
    assert card == {
        "id": "may-2024-scaling-monosemanticity",
        "predictions": "may-2024",
        "work": "scaling-monosemanticity",
        "score": "-0.74",
        "brier": "0.02226",
        "judged": 10,
        "happened": 3,
        "ambiguous": 0,
        "verdict": "less",
        # The list's scale: none of its events happening, or all ten.
        "worst": "-3.74",
        "best": "6.26",
        "expected": "0",
        "right_side": 10,
        "disagreement": "right side, negative",
    }
    assert list(points.items())[:2] == [("eye-test", "0.01"), ("streetlight-edits", "0.05")]
    lists = {entry["id"]: entry for entry in scores["lists"]}
    assert lists["eis-xiv"] == {
        "id": "eis-xiv",
        "size": 8,
        "scorecards": [],
        "latest": None,
        "best": "6.35",
        "worst": "-1.65",
        "expected": "0",
    }
    assert lists["may-2024"]["scorecards"] == ["may-2024-scaling-monosemanticity"]
    assert lists["may-2024"]["latest"] == "may-2024-scaling-monosemanticity"


def test_scores_text(data_copy):
    result = run_cli("scores", cwd=data_copy({}))
    assert result.returncode == 0
    assert "scorecard may-2024-scaling-monosemanticity: score -0.74 (3 of 10 happened)" in result.stdout


def test_check_reports_every_problem_and_fails(data_copy):
    root = data_copy(
        {
            "data/markets.yaml": "markets:\n  - id: m\n    question: Q?\n    platform: P\n    snapshots:\n"
            "      - {date: 2024-02-30, p: 0.5}\n      - {date: 2024-03-01, p: '0.5'}\n",
            "data/tiers.yaml": "tiers: yes\n",
        }
    )
    result = run_cli("check", "--data", "data", cwd=root)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "data/markets.yaml:6:16: '2024-02-30' is not a real date: February 2024 has no day 30",
        (
            'data/markets.yaml:7:31: expected a probability (a number from 0 to 1, or a percent such as "60%"), '
            'found the text "0.5": write 0.5 without quotes, or a percent such as "60%"'
        ),
        "data/tiers.yaml:1:8: 'yes' is a YAML 1.1 boolean: write true or false, or quote it if you mean text",
        "3 problems found",
    ]


def test_scores_refuses_bad_data(data_copy):
    root = data_copy({"data/works.yaml": None})
    result = run_cli("scores", "--json", "--data", str(root / "data"), cwd=root)
    assert result.returncode == 1 and result.stdout == ""
    assert "works.yaml:1:1: required data file is missing" in result.stderr


def test_missing_data_directory(tmp_path):
    result = run_cli("check", "--data", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert result.returncode == 1
    assert "nowhere:1:1: data directory not found" in result.stderr


def test_check_annotates_problems_on_github_actions(data_copy):
    works = "works:\n  - id: only\n    title: T\n    authors: A\n    year: 2024\n    tier: 6\n"
    root = data_copy({"data/works.yaml": works, "data/scorecards/may-2024-scaling-monosemanticity.yaml": None})
    plain = run_cli("check", cwd=root)
    annotated = run_cli("check", cwd=root, GITHUB_ACTIONS="true")
    assert plain.returncode == annotated.returncode == 1
    assert plain.stdout == ""
    assert "::error file=data/works.yaml,line=6,col=11::6 is out of range: expected 1 to 5" in annotated.stdout
    assert annotated.stderr == plain.stderr


def test_check_keeps_each_pages_findings_in_the_build_cache_and_says_the_same(data_copy):
    page = "# Broken\n\nA badge {{ tier_badge(9) }} and {{ tier_badg(1) }}.\n\n{{ cite('nowhere') }}\n"
    root = data_copy({"docs/broken.md": page})
    cold = run_cli("check", cwd=root)
    assert cold.returncode == 1
    assert "docs/broken.md:3:12: tier_badge(9)" in cold.stderr
    cache = CacheFile(root / ".cache" / "eis")
    kept = cache.names("page-checks")
    assert kept
    # Without the whole answer kept (test_answers.py), each page's findings are read back.
    cache.forget("answers")
    assert run_cli("check", cwd=root).stderr == cold.stderr
    # An entry altered by hand is read again, not trusted.
    for name in kept:
        cache.alter("page-checks", name, lambda entry: entry.replace(b"tier_badge(9)", b"tier_badge(8)"))
    cache.forget("answers")
    assert run_cli("check", cwd=root).stderr == cold.stderr
    # Without a cache, the same; an edited page is read afresh.
    assert run_cli("check", cwd=root, EIS_CACHE_DIR="").stderr == cold.stderr
    (root / "docs" / "broken.md").write_text(page.replace("(9)", "(1)"), encoding="utf-8")
    fixed = run_cli("check", cwd=root)
    assert "tier_badge(9)" not in fixed.stderr and "2 problems found" in fixed.stderr

"""bench/sidebyside.py: a revision's builds against the working tree's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench import sidebyside, synth
from bench.__main__ import Sample
from conftest import ROOT


def test_the_report_gives_each_share_against_the_reference_and_after_over_before():
    builds = {
        "before": Sample(12.0, 15.0),
        "after": Sample(9.0, 12.0),
        "reference": Sample(10.0, 10.0),
        "before warm": Sample(6.0, 6.0),
        "after warm": Sample(4.5, 5.0),
    }
    steps = {name: {"cards": 2.0, "data": 0.5} for name in ("before", "after", "before warm", "after warm")}
    shown = sidebyside.report("main", 1000, 3, builds, steps).splitlines()
    assert shown[0] == "1000 posts, medians of 3 runs; before is main, after the working tree"
    rows = {line.split()[0]: line.split()[1:] for line in shown[3:6]}
    assert rows["before"] == ["12.00", "15.00", "+20.0%", "+50.0%"]
    assert rows["after"] == ["9.00", "12.00", "-10.0%", "+20.0%"]
    assert rows["reference"] == ["10.00", "10.00"]
    assert "after / before: wall 0.75x, CPU 0.80x" in shown
    assert "after / before warm: wall 0.75x, CPU 0.83x" in shown
    all_row = next(line for line in shown if line.startswith("all "))
    assert all_row.split()[1:] == ["2.50"] * 4


@pytest.mark.slow
def test_the_revision_side_builds_the_same_pages_with_the_revision_code(tmp_path: Path):
    revision = tmp_path / "revision"
    for name in sidebyside.CODE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, revision / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, revision / name)
    (revision / "macros" / "revision_marker.py").write_text("# only in the revision\n", encoding="utf-8")
    made = sidebyside.projects(revision, 1, tmp_path / "scratch")
    before, after, reference = made["before"], made["after"], made["reference"]
    assert (before / "macros" / "revision_marker.py").is_file()
    assert not (after / "macros" / "revision_marker.py").exists()
    for side in (before, after):
        pages = sorted(path.relative_to(side).as_posix() for path in (side / "docs").rglob("*.md"))
        assert pages == sorted(path.relative_to(after).as_posix() for path in (after / "docs").rglob("*.md"))
    assert "- eis:" not in (reference / "mkdocs.yml").read_text(encoding="utf-8")
    synthetic = sorted((reference / "docs" / synth.POSTS_DIR).glob("*.md"))
    assert synthetic and not any("{{" in path.read_text(encoding="utf-8") for path in synthetic)

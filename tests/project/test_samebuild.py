"""bench/samebuild.py: two builds of a site compared file by file."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench import samebuild
from conftest import ROOT


def test_differences_name_changed_files_and_files_on_one_side(tmp_path):
    before, after = tmp_path / "before", tmp_path / "after"
    for root in (before, after):
        (root / "a").mkdir(parents=True)
        (root / "a" / "same.html").write_bytes(b"same")
    (before / "a" / "page.html").write_bytes(b"<p>1</p>")
    (after / "a" / "page.html").write_bytes(b"<p>2</p>")
    (before / "gone.txt").write_text("x")
    (after / "new.txt").write_text("x")
    assert list(samebuild.differences(before, after)) == [
        "a/page.html: differs",
        "gone.txt: only in the revision's build",
        "new.txt: only in the working tree's build",
    ]


def _tree_copy(folder: Path) -> Path:
    """What a fixture build reads from a tree: its code, theme, settings and the fixture site."""
    for name in ("macros", "overrides"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "tests" / "fixtures" / "site", folder / "tests" / "fixtures" / "site")
    return folder


@pytest.mark.slow
def test_two_builds_of_one_tree_are_the_same_and_an_edit_is_found(tmp_path):
    assert samebuild.compare_trees(ROOT, ROOT, ["fixture"], tmp_path / "same") == {"fixture": []}
    edited = _tree_copy(tmp_path / "edited")
    page = edited / "tests" / "fixtures" / "site" / "docs" / "scoring.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    found = samebuild.compare_trees(ROOT, edited, ["fixture"], tmp_path / "edit")
    assert "scoring/index.html: differs" in found["fixture"]
    assert all(line.endswith(": differs") for line in found["fixture"])


@pytest.mark.slow
def test_the_command_checks_out_a_revision_and_reports_each_site():
    done = subprocess.run(
        [sys.executable, "-m", "bench.samebuild", "HEAD", "--sites", "fixture"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout.startswith("fixture site: ")
    assert ("byte-identical" in done.stdout) == (done.returncode == 0)
    listed = subprocess.run(["git", "-C", str(ROOT), "worktree", "list"], capture_output=True, text=True, check=True)
    assert "samebuild-" not in listed.stdout  # the checkout is removed

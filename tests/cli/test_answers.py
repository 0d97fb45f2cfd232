"""``check`` and ``scores`` answered again from the build's cache (macros/cli/answers.py) only for the same project."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from conftest import CacheFile, run_cli
from macros.cli import answers
from macros.data.problems import Loc, Problem
from macros.site.cache import Store
from macros.site.siteconfig import SiteSettings

BROKEN_PAGE = "# Broken\n\nA badge {{ tier_badge(9) }}.\n"


def _kept(root: Path) -> list[str]:
    return CacheFile(root / ".cache" / "eis").names(answers.CACHE_KIND)


def _said(result):
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize("command", [("check",), ("scores",), ("scores", "--json")])
def test_an_answer_kept_is_the_answer_worked_out_cold(data_copy, command):
    root = data_copy({})
    cold = run_cli(*command, cwd=root, EIS_CACHE_DIR="")
    assert cold.returncode == 0, cold.stderr
    assert not (root / ".cache").exists()
    first = run_cli(*command, cwd=root)
    assert len(_kept(root)) == 1
    again = run_cli(*command, cwd=root)
    assert _said(cold) == _said(first) == _said(again)


def test_problems_come_back_the_same_and_follow_every_edit(data_copy):
    root = data_copy({"docs/broken.md": BROKEN_PAGE})
    cold = run_cli("check", cwd=root, EIS_CACHE_DIR="")
    assert cold.returncode == 1 and "docs/broken.md:3:12: tier_badge(9)" in cold.stderr
    assert _said(run_cli("check", cwd=root)) == _said(cold)
    assert _said(run_cli("check", cwd=root, GITHUB_ACTIONS="true")) == _said(
        run_cli("check", cwd=root, GITHUB_ACTIONS="true", EIS_CACHE_DIR="")
    )
    assert _said(run_cli("check", cwd=root)) == _said(cold)

    # A page's text, a data file's bytes, a stray file: each reaches the answer.
    (root / "docs" / "broken.md").write_text(BROKEN_PAGE.replace("(9)", "(1)"), encoding="utf-8")
    fixed = run_cli("check", cwd=root)
    assert fixed.returncode == 0, fixed.stderr
    works = root / "data" / "works.yaml"
    works.write_text(works.read_text(encoding="utf-8").replace("tier: 3", "tier: 7", 1), encoding="utf-8")
    assert "is out of range" in run_cli("check", cwd=root).stderr
    (root / "data" / "notes.txt").write_text("", encoding="utf-8")
    assert "data/notes.txt:1:1: not a data file this site reads" in run_cli("check", cwd=root).stderr
    # Paths in messages as the command was run: from elsewhere, they name the project's folder.
    elsewhere = run_cli("check", "--data", "project/data", cwd=root.parent)
    assert _said(elsewhere) == _said(run_cli("check", "--data", "project/data", cwd=root.parent, EIS_CACHE_DIR=""))
    assert "project/data/notes.txt:1:1" in elsewhere.stderr


@pytest.mark.parametrize("damage", ["altered", "not an answer"])
def test_a_damaged_answer_is_worked_out_again_not_trusted(data_copy, damage):
    root = data_copy({"docs/broken.md": BROKEN_PAGE})
    cold = run_cli("check", cwd=root)
    cache = CacheFile(root / ".cache" / "eis")
    (name,) = _kept(root)
    if damage == "altered":
        cache.alter(answers.CACHE_KIND, name, lambda entry: entry.replace(b"tier_badge(9)", b"tier_badge(8)"))
    else:
        # Whole as the store sees it (its digest is right), but not what this code writes.
        store = Store(root / ".cache" / "eis")
        store.put(answers.CACHE_KIND, name, b'[[], "yes", 1]')
        store.flush()
    assert _said(run_cli("check", cwd=root)) == _said(cold)
    assert answers.Answer.decode(cache.content(answers.CACHE_KIND, name)) is not None


def test_an_answer_comes_back_from_its_entry_as_it_was():
    answer = answers.Answer((Problem(Loc("docs/é.md", 3, 11), "tier_badge(9): «9»"),), True, "")
    assert answers.Answer.decode(answer.encode()) == answer
    passed = answers.Answer((), False, "ok: 1 part")
    assert answers.Answer.decode(passed.encode()) == passed
    for entry in (b"", b"{}", b"[[], false]", b'[[["p", "1", 1, "m"]], true, ""]', b'[[], 0, ""]', b"[[], false, 1]"):
        assert answers.Answer.decode(entry) is None, entry


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, text in {
        "data/works.yaml": "works: []\n",
        "data/predictions/a.yaml": "id: a\n",
        "docs/index.md": "# Home\n",
        "docs/img/figure.png": "PNG",
        "overrides/main.html": "",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _key(command=("check",), data=Path("data"), docs=Path("docs"), settings=None):
    settings = settings or SiteSettings({"variable_start_string": "{{"}, frozenset({"x"}), Path("overrides"), True)
    return answers.answer_key(command, data, docs, settings)


def test_the_key_holds_everything_the_answer_is_read_from(project, monkeypatch):
    base = _key()
    assert base is not None and _key() == base
    settings = SiteSettings({"variable_start_string": "{{"}, frozenset({"x"}), Path("overrides"), True)
    changed = {
        "command": _key(("scores",)),
        "data given otherwise": _key(data=project / "data"),
        "docs given otherwise": _key(docs=project / "docs"),
        "syntax": _key(settings=dataclasses.replace(settings, syntax={"variable_start_string": "[["})),
        "extra": _key(settings=dataclasses.replace(settings, extra=frozenset({"y"}))),
        "theme": _key(settings=dataclasses.replace(settings, theme_dir=None)),
        "directory urls": _key(settings=dataclasses.replace(settings, use_directory_urls=False)),
    }
    edits = {
        "a data file's bytes": lambda: (project / "data/works.yaml").write_text("works: [] \n"),
        "a data file's name": lambda: (project / "data/predictions/a.yaml").rename(project / "data/predictions/b.yaml"),
        "an empty folder in data": lambda: (project / "data/scorecards").mkdir(),
        "a hidden file in data": lambda: (project / "data/.draft.yaml").write_text(""),
        "a page's text": lambda: (project / "docs/index.md").write_text("# Home!\n"),
        "a new file in docs": lambda: (project / "docs/img/other.svg").write_text(""),
        "a theme file's name": lambda: (project / "overrides/extra.js").write_text(""),
    }
    for what, found in changed.items():
        assert found is not None and found != base, what
    for what, edit in edits.items():
        before = _key()
        edit()
        assert _key() not in (None, before), what
    # Only the page's bytes are read; a picture's are not, so they are not in the key.
    before = _key()
    (project / "docs/img/figure.png").write_text("GIF")
    assert _key() == before
    # Where the command runs shapes the messages' paths, however the folders are given.
    absolute = dataclasses.replace(settings, theme_dir=project / "overrides")
    here = _key(data=project / "data", docs=project / "docs", settings=absolute)
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    assert _key(data=project / "data", docs=project / "docs", settings=absolute) not in (None, here)


def test_the_key_follows_the_code(project, monkeypatch):
    base = _key()
    monkeypatch.setattr(answers, "package_code", lambda: "other code")
    other = _key()
    assert other != base
    monkeypatch.setattr(answers.sys, "version", "another Python")
    assert _key() not in (base, other)


@pytest.mark.parametrize("odd", ["link", "fifo"])
def test_a_project_the_key_cannot_describe_is_answered_afresh(project, odd):
    if odd == "link":
        os.symlink(project / "data/works.yaml", project / "data/more.yaml")
    else:
        os.mkfifo(project / "docs/pipe")
    assert _key() is None


def test_an_answer_worked_out_while_a_file_changed_is_not_kept(data_copy, monkeypatch, capsys):
    from macros.cli import main

    root = data_copy({})
    work_out = main._answer

    def while_an_author_saves(*args):
        answer = work_out(*args)
        (root / "docs" / "index.md").write_text("# Saved meanwhile\n", encoding="utf-8")
        return answer

    monkeypatch.setattr(main, "_answer", while_an_author_saves)
    assert main.main(["check"]) == 0
    assert _kept(root) == []
    monkeypatch.setattr(main, "_answer", work_out)
    assert main.main(["check"]) == 0
    assert len(_kept(root)) == 1
    capsys.readouterr()

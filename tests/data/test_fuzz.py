"""Mangled data files: the loader reports located problems, never crashes.

Three levels: one file through the YAML reader and its schema (fast, many
examples); the whole data directory through ``check`` with one file
mangled as text or as a YAML tree (cross-checks and the model included);
and arbitrary bytes.  Whatever the loader accepts must also score and
render.  Hypothesis' deadline bounds the time of every example.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import DATA, Links, OnPage, check_with, copy_project, score_card
from macros.compute import scoring
from macros.data import load, schema, yamlsrc
from trees import ACTIONS, mutate, places

FILES = sorted(path for path in DATA.rglob("*.yaml"))
SPECS = {**load.SINGLE_FILES}


def spec_for(path: Path) -> schema.Record:
    if path.parent.name in load.FOLDERS:
        return load.FOLDERS[path.parent.name]
    return SPECS[path.name]


ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
# Control characters and direction overrides, which must be refused wherever they land.
CONTROL = st.text(alphabet=st.sampled_from("\x00\x07\x1b\x7f\x85\u2028\u202e\ufeff\t\r"), min_size=1, max_size=3)


@st.composite
def mangled(draw: st.DrawFn) -> tuple[Path, str]:
    path = draw(st.sampled_from(FILES))
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "truncate", "retype", "swap"]))
        index = draw(st.integers(0, max(len(lines) - 1, 0)))
        if action == "delete" and lines:
            del lines[index]
        elif action == "duplicate" and lines:
            lines.insert(index, lines[index])
        elif action == "insert":
            junk = draw(ANY_TEXT | CONTROL)
            lines.insert(index, junk)
        elif action == "truncate":
            text = "\n".join(lines)
            cut = draw(st.integers(0, len(text)))
            lines = text[:cut].split("\n")
        elif action == "retype" and lines and ":" in lines[index]:
            key, _, _ = lines[index].partition(":")
            value = draw(st.sampled_from(["", "yes", "[]", "{}", ".nan", "-1", "'0.5'", "*a", "&a x", "!!str 1", "|"]))
            lines[index] = f"{key}: {value}"
        elif action == "swap" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
    return path, "\n".join(lines)


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(mangled())
def test_mangled_file_gives_located_problems_or_a_value(case):
    path, text = case
    shown = path.relative_to(DATA.parent).as_posix()
    node, problems = yamlsrc.parse(shown, text)
    value = schema.INVALID
    if node is not None:
        value, more = schema.collect(spec_for(path).read(node))
        problems += more
    line_count = text.count("\n") + 1
    for problem in problems:
        assert problem.loc.path == shown
        assert 1 <= problem.loc.line <= line_count + 1, problem
        assert problem.loc.col >= 1 and problem.message
    assert problems or value is not schema.INVALID


@settings(max_examples=100, deadline=2000)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(raw):
    text, problems = yamlsrc.decode("data/x.yaml", raw)
    if text is not None:
        node, problems = yamlsrc.parse("data/x.yaml", text)
        if node is not None:
            schema.collect(schema.LIST_FILE.read(node))
    assert all(problem.loc.line >= 1 for problem in problems)


REPLACEMENTS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    CONTROL,
    st.sampled_from(["", "yes", "60%", "-5%", "2024-02-30", "2024-13", "javascript:alert(1)", "<b>x</b>", "{{ 7*7 }}"]),
    st.lists(st.integers(0, 3), max_size=2),
    st.dictionaries(st.sampled_from(["id", "p", "tier", "x"]), st.integers(0, 2), max_size=2),
)


@st.composite
def mangled_tree(draw: st.DrawFn) -> tuple[Path, str]:
    """A real file with fields deleted, duplicated or retyped, written back as YAML."""
    path = draw(st.sampled_from(FILES))
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(list(places(tree))))
        action = draw(st.sampled_from(ACTIONS))
        mutate(tree, where, action, draw(REPLACEMENTS) if action == "retype" else None)
    return path, yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("fuzz"))


def _check_with(project: Path, path: Path, text: str) -> None:
    dataset, problems = check_with(project, path, text)
    shown = path.relative_to(DATA.parent).as_posix()
    event("accepted" if not problems else "rejected")
    line_count = text.count("\n") + 1
    for problem in problems:
        # A mangled file may leave others dangling (a scorecard whose list
        # broke), so problems may sit in any file, but always at a real place.
        assert problem.loc.line >= 1 and problem.loc.col >= 1 and problem.message, problem
        if problem.loc.path == shown:
            assert problem.loc.line <= line_count + 1, problem
    if not problems:
        assert dataset is not None
        _score_and_render(dataset)


def _score_and_render(dataset: Any) -> None:
    """Accepted data must score and render without an error."""
    for card in dataset.scorecards:
        score_card(dataset, card)
    for plist in dataset.lists:
        scoring.list_range(plist)
    renderer = OnPage(dataset, Links())
    for block in ("ledger", "works_table", "tier_ladder", "tier_sections", "sequence_index", "unplaced_works"):
        assert str(getattr(renderer, block)())
    for market in dataset.markets:
        assert str(renderer.market_card(market.id))


# The project copy is shared by every example; each restores the file it mangles.
whole_data = settings(
    max_examples=300, deadline=3000, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)


@whole_data
@given(case=mangled())
def test_whole_data_with_a_mangled_file(project, case):
    _check_with(project, *case)


@whole_data
@given(case=mangled_tree())
def test_whole_data_with_a_retyped_tree(project, case):
    _check_with(project, *case)

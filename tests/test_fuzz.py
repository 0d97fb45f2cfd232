"""Mangled data files: the loader reports located problems, never crashes."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA
from macros import load, schema, yamlsrc

FILES = sorted(path for path in DATA.rglob("*.yaml"))
SPECS = {**load.SINGLE_FILES}


def spec_for(path: Path) -> schema.Record:
    if path.parent.name in load.FOLDERS:
        return load.FOLDERS[path.parent.name]
    return SPECS[path.name]


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
            junk = draw(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30))
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

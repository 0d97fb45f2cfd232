"""Round-trip editing of data files: lines added, every other byte kept, files replaced all at once or not at all."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, SITE
from macros.data import roundtrip


# Folders, not their files: the real data is read when the test runs, never at import.
@pytest.mark.parametrize("folder", [SITE / "data", ROOT / "data"], ids=["fixture", "real"])
def test_every_data_file_comes_back_byte_for_byte(folder):
    sources = sorted(folder.rglob("*.yaml"))
    assert sources
    texts = {path: path.read_text(encoding="utf-8") for path in sources}
    assert [path for path, text in texts.items() if roundtrip.dump(roundtrip.load(text)) != text] == []


LIST = """\
items:
  - name: a
    note: >-
      folded
      text
  # between the entries
  - name: b   # its own comment

# before the end
end: true
"""


def test_an_entry_goes_after_the_last_one_before_the_lines_that_followed_it():
    document = roundtrip.load(LIST)
    roundtrip.append(document["items"], roundtrip.mapping(("name", "c")))
    roundtrip.insert_before(document["items"], 1, roundtrip.mapping(("name", "ab")))
    roundtrip.add_key(document["items"][0], "p", Decimal("0.40"))
    new = roundtrip.dump(document)
    assert new == LIST.replace("      text\n", "      text\n    p: 0.40\n  - name: ab\n").replace(
        "  - name: b   # its own comment\n", "  - name: b   # its own comment\n  - name: c\n"
    )
    roundtrip.check_only_inserted(LIST, new, 3)


def test_new_values_are_written_as_the_data_writes_them():
    document = roundtrip.load("a: 1\n")
    roundtrip.add_key(
        document,
        "b",
        roundtrip.mapping(("outcome", roundtrip.quoted("yes")), ("date", dt.date(2025, 1, 2)), ("p", Decimal("0.10"))),
    )
    assert roundtrip.dump(document) == 'a: 1\nb:\n  outcome: "yes"\n  date: 2025-01-02\n  p: 0.10\n'


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("a: 1\nb: 2\n", "a: 1\nb: 3\n", "line 2 ('b: 2') would change"),
        ("a: 1\nb: 2\n", "a: 1\n", "line 2 ('b: 2') would change"),
        ("a: 1\n", "a: 1\nb: 2\nc: 3\n", "2 lines would be added where 1 were meant"),
        ("a: 1", "a: 1\nb: 2\n", "the file does not end with a newline"),
    ],
)
def test_anything_but_the_lines_meant_is_refused(old, new, message):
    with pytest.raises(roundtrip.EditRefused, match=message.replace("(", r"\(").replace(")", r"\)")):
        roundtrip.check_only_inserted(old, new, 1)


def test_files_are_replaced_together_and_a_new_file_never_overwrites(tmp_path: Path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.md"
    old.write_bytes(b"before\n")
    old.chmod(0o640)
    roundtrip.replace_files([(old, b"after\n"), (new, b"page\n")], new=[new])
    assert old.read_bytes() == b"after\n" and new.read_bytes() == b"page\n"
    assert old.stat().st_mode & 0o777 == 0o640
    with pytest.raises(FileExistsError):
        roundtrip.replace_files([(old, b"again\n"), (new, b"other\n")], new=[new])
    assert old.read_bytes() == b"after\n" and new.read_bytes() == b"page\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["new.md", "old.yaml"]  # no temporary file left


# -- any layout an author may write -------------------------------------------------------

_market = st.fixed_dictionaries(
    {
        "gap": st.booleans(),  # a blank line before it
        "comment": st.booleans(),  # a comment line before it
        "snapshots": st.integers(1, 3),
        "eol": st.booleans(),  # an end-of-line comment on its last price
        "note": st.sampled_from([None, "folded", "plain"]),  # a note after the snapshots
    }
)


def _markets_file(markets: list[dict[str, Any]], trailer: bool) -> tuple[str, list[int], list[int]]:
    """The file, and for each market the line after its last snapshot and the line after its last own line."""
    lines = ["markets:"]
    after_snapshots, after_market = [], []
    for number, market in enumerate(markets):
        if market["gap"]:
            lines.append("")
        if market["comment"]:
            lines.append(f"  # market {number}")
        lines += [f"  - id: m{number}", "    question: Q?", "    platform: Manifold", "    snapshots:"]
        for day in range(1, market["snapshots"] + 1):
            lines += [f"      - date: 2024-01-0{day}", "        p: 0.5"]
        if market["eol"]:
            lines[-1] += "  # the last price"
        after_snapshots.append(len(lines))
        if market["note"] == "folded":
            lines += ["    note: >-", "      folded", "      text"]
        elif market["note"] == "plain":
            lines.append("    note: plain text")
        after_market.append(len(lines))
    if trailer:
        lines += ["", "# the end"]
    return "\n".join(lines) + "\n", after_snapshots, after_market


@settings(max_examples=150, deadline=None)
@given(st.lists(_market, min_size=1, max_size=4), st.booleans(), st.data())
def test_new_lines_land_right_after_the_entry_they_extend(markets, trailer, data):
    text, after_snapshots, after_market = _markets_file(markets, trailer)
    which = data.draw(st.integers(0, len(markets) - 1))
    resolve = data.draw(st.booleans())
    document = roundtrip.load(text)
    node = document["markets"][which]
    if resolve:
        new_lines = ["    resolution:", '      outcome: "no"', "      date: 2025-01-01"]
        roundtrip.add_key(
            node, "resolution", roundtrip.mapping(("outcome", roundtrip.quoted("no")), ("date", dt.date(2025, 1, 1)))
        )
        at = after_market[which]
    else:
        new_lines = ["      - date: 2025-01-01", "        p: 0.25"]
        roundtrip.append(node["snapshots"], roundtrip.mapping(("date", dt.date(2025, 1, 1)), ("p", Decimal("0.25"))))
        at = after_snapshots[which]
    old_lines = text.split("\n")
    assert roundtrip.dump(document) == "\n".join(old_lines[:at] + new_lines + old_lines[at:])

"""The bad-input corpus: each case breaks the real data in one way.

A case in ``tests/corpus/`` is a text file: ``#`` lines saying what is
wrong, an ``-- expect --`` section with the exact messages, then one
``-- path --`` section per file laid over a copy of the project
(``-- delete path --`` removes one).  A few cases need bytes no text file
should hold (a huge file, bad UTF-8, a raw control character); they are
built below.  Every case runs the check as ``python -m macros check``
would; a sample also runs the whole site build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import DATA, copy_project, mkdocs_build, pages
from macros.cli.main import main

CORPUS = Path(__file__).parent.parent / "corpus"
_SECTION = re.compile(r"^-- (?:(delete) )?(.+?) --$")
_LIST = DATA / "predictions" / "eis-xiv.yaml"
_LIST_PATH = "data/predictions/eis-xiv.yaml"


@dataclass(frozen=True)
class Case:
    name: str
    expect: tuple[str, ...]
    files: dict[str, str | bytes | None] = field(default_factory=dict)


def read_case(path: Path) -> Case:
    expect: list[str] = []
    files: dict[str, str | bytes | None] = {}
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        section = _SECTION.match(line)
        if section and section.group(2) == "expect":
            current = expect
        elif section and section.group(1):
            files[section.group(2)] = None
            current = None
        elif section:
            current = []
            files[section.group(2)] = current  # type: ignore[assignment]
        elif current is not None:
            current.append(line)
        elif not line.startswith("#"):
            raise ValueError(f"{path.name}: text outside a section: {line!r}")
    for name, lines in files.items():
        if isinstance(lines, list):
            files[name] = "".join(f"{line}\n" for line in lines)
    assert expect, f"{path.name} has no expected messages"
    return Case(path.stem, tuple(expect), files)


def _generated() -> list[Case]:
    listing = _LIST.read_text(encoding="utf-8")
    padding = "# " + "x" * (1024 * 1024) + "\n"
    first_claim = next(n for n, line in enumerate(listing.splitlines(), 1) if "claim:" in line)
    claim_line = listing.splitlines()[first_claim - 1]
    value_column = claim_line.index("claim:") + len("claim: ") + 1
    claim_at = f"{_LIST_PATH}:{first_claim}"
    return [
        Case(
            "file-too-large",
            (f"{_LIST_PATH}:1:1: file is {len((listing + padding).encode())} bytes; the limit is 1048576",),
            {_LIST_PATH: listing + padding},
        ),
        Case(
            "invalid-utf8",
            (f"{claim_at}:{value_column}: not valid UTF-8 (byte 0xe9)",),
            {
                _LIST_PATH: listing.replace(claim_line, claim_line.replace("claim: ", "claim: \udce9"), 1).encode(
                    "utf-8", "surrogateescape"
                )
            },
        ),
        Case(
            "raw-control-character",
            (f"{claim_at}:{value_column}: character U+0007 is not allowed in YAML",),
            {_LIST_PATH: listing.replace(claim_line, claim_line.replace("claim: ", "claim: \x07"), 1)},
        ),
        *(
            Case(
                f"odd-line-break-{name}",
                (f"{claim_at}:{value_column + 1}: character U+{ord(char):04X} ({name}) is not allowed",),
                {_LIST_PATH: listing.replace(claim_line, claim_line.replace("claim: ", f"claim: a{char}b"), 1)},
            )
            for char, name in (("\x85", "next line"), ("\u2028", "line separator"), ("\u2029", "paragraph separator"))
        ),
        Case(
            "nul-byte",
            (f"{claim_at}:{value_column}: character U+0000 is not allowed in YAML",),
            {_LIST_PATH: listing.replace(claim_line, claim_line.replace("claim: ", "claim: \x00"), 1)},
        ),
    ]


CASES = sorted([read_case(path) for path in CORPUS.glob("*.txt")] + _generated(), key=lambda case: case.name)


def _kind(case: Case) -> str:
    """The kind of data file a case breaks: a file of its own (data/works.yaml), or a folder (data/scorecards/)."""
    return re.sub(r"^(data/[^/]+/).*", r"\1", next(iter(case.files), ""))


# The whole build is slower, and it reports what the check reports through one
# path: it runs on the first case of each kind of data file.
BUILD_SAMPLE = list({_kind(case): case for case in reversed(CASES) if case.files}.values())


def broken_project(case: Case, tmp_path: Path) -> Path:
    """A copy of the project with the case's files laid over it."""
    root = copy_project(tmp_path)
    for name, content in case.files.items():
        path = root / name
        if content is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def test_corpus_is_large_and_varied():
    assert len(CASES) >= 40
    # A file of its own kind (data/works.yaml), or the folder of a kind (data/scorecards/).
    kinds = {_kind(case) for case in CASES}
    for kind in (
        "data/sequence.yaml",
        "data/tiers.yaml",
        "data/works.yaml",
        "data/markets.yaml",
        "data/predictions/",
        "data/scorecards/",
    ):
        assert kind in kinds


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_check_reports_exactly(case, tmp_path, monkeypatch, capsys):
    # The command line's own entry point, in the project as an author runs it
    # (tests/cli/test_cli.py runs it as a process).
    monkeypatch.chdir(broken_project(case, tmp_path))
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    returned = main(["check"])
    out, err = capsys.readouterr()
    count = len(case.expect)
    assert returned == 1
    assert out == ""
    assert err.splitlines() == [*case.expect, f"{count} problem{'s' if count != 1 else ''} found"]


@pytest.mark.parametrize("case", BUILD_SAMPLE, ids=[case.name for case in BUILD_SAMPLE])
def test_build_fails_and_publishes_nothing(case, tmp_path):
    site = tmp_path / "site"
    result = mkdocs_build(broken_project(case, tmp_path), site)
    assert result.returncode != 0
    for message in case.expect:
        assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not site.exists() or pages(site) == {}, "a page was published from broken data"

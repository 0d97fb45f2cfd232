"""The documents for people working on the site name only what exists.

Every ``python -m`` command in README.md, ARCHITECTURE.md, SECURITY.md,
ENGINES.md and bench/README.md runs a module that exists (and, for
``python -m macros``, a command it has); every path in their code names a
file or folder of the repository; every relative link and its anchor
resolve.  Their ``make`` targets are checked with the workflows'
(tests/project/test_workflows.py).
"""

from __future__ import annotations

import functools
import importlib.util
import re
import subprocess
import sys

import pytest

from conftest import DOCUMENTS, ROOT

COMMAND = re.compile(r"python -m ([A-Za-z_][\w.]*)((?: [a-z][\w|-]*)*)")
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
CODE_BLOCK = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} (.+)$", re.M)


def _text(document: str) -> str:
    return (ROOT / document).read_text(encoding="utf-8")


@functools.cache
def _subcommands(*prefix: str) -> frozenset[str] | None:
    """The commands ``python -m macros PREFIX`` takes, from its help; None if it takes none."""
    shown = subprocess.run(
        [sys.executable, "-m", "macros", *prefix, "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert shown.returncode == 0, f"python -m macros {' '.join(prefix)} --help: {shown.stderr}"
    choices = re.search(r"\{([\w,-]+)\}", shown.stdout)
    return frozenset(choices.group(1).split(",")) if choices else None


def wrong_commands(text: str) -> list[str]:
    wrong = []
    for match in COMMAND.finditer(text):
        module, words = match.group(1), match.group(2).split()
        if importlib.util.find_spec(module) is None:
            wrong.append(f"python -m {module}: no such module")
            continue
        if module != "macros":
            continue
        prefix: list[str] = []
        for word in words:
            known = _subcommands(*prefix)
            if known is None:
                break  # the rest are arguments
            unknown = [each for each in word.split("|") if each not in known]
            if unknown:
                wrong.append(f"python -m macros {' '.join([*prefix, word])}: no command {' '.join(unknown)}")
                break
            prefix.append(word.split("|")[0])
    return wrong


def _top_level() -> set[str]:
    """The repository's top-level files and folders, as git knows them."""
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return {line.split("/", 1)[0] for line in listed.splitlines()}


def _code(text: str) -> list[str]:
    """Every word inside the document's code: spans and blocks."""
    blocks = CODE_BLOCK.findall(text)
    spans = [span for _, span in CODE_SPAN.findall(CODE_BLOCK.sub("", text))]
    return [word.strip(".,;:()") for chunk in [*blocks, *spans] for word in chunk.split()]


def wrong_paths(text: str, top: set[str]) -> list[str]:
    wrong = []
    for word in _code(text):
        first = word.split("/", 1)[0]
        if first not in top or "://" in word:
            continue
        # <name> stands for any name, as in docs/parts/<name>.md.
        pattern = re.sub(r"<[^>]+>", "*", word.rstrip("/"))
        if not list(ROOT.glob(pattern)):
            wrong.append(f"{word}: no such path in the repository")
    return wrong


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def wrong_links(document: str, text: str) -> list[str]:
    wrong = []
    for target in LINK.findall(CODE_BLOCK.sub("", text)):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        path, _, anchor = target.partition("#")
        linked = (ROOT / document).parent / path if path else ROOT / document
        if not linked.exists():
            wrong.append(f"{target}: no such file")
        elif anchor and anchor not in {_anchor(h) for h in HEADING.findall(linked.read_text(encoding="utf-8"))}:
            wrong.append(f"{target}: no such heading")
    return wrong


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_command_path_and_link_is_real(document):
    text = _text(document)
    assert wrong_commands(text) + wrong_paths(text, _top_level()) + wrong_links(document, text) == []


def test_each_document_is_linked_from_the_readme():
    readme = _text("README.md")
    for document in DOCUMENTS[1:]:
        assert f"]({document})" in readme, f"README.md does not lead to {document}"


def test_the_readme_is_a_front_door():
    assert len(_text("README.md").splitlines()) <= 150


def test_the_checks_find_what_does_not_exist():
    text = (
        "`python -m macros chek` and `python -m macros.gone`, `python -m macros check`\n"
        "`macros/site/hook.py`, `docs/parts/<name>.md`, `docs/nowhere/<name>.md`\n"
        "```sh\ncat overrides/hooks/eis.py\n```\n"
        "[a](ARCHITECTURE.md#the-events-in-order) [b](ARCHITECTURE.md#no-such) [c](GONE.md)\n"
    )
    assert wrong_commands(text) == ["python -m macros chek: no command chek", "python -m macros.gone: no such module"]
    assert wrong_paths(text, _top_level()) == [
        "overrides/hooks/eis.py: no such path in the repository",
        "macros/site/hook.py: no such path in the repository",
        "docs/nowhere/<name>.md: no such path in the repository",
    ]
    assert wrong_links("README.md", text) == ["ARCHITECTURE.md#no-such: no such heading", "GONE.md: no such file"]

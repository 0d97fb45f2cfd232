"""Every module, file and function a comment or docstring in macros/ names exists.

A name is checked by what it is written as:

- a module, ``macros.x.y`` (and any attribute after it): imported, then looked up;
- a path under one of the repository's folders, ``macros/...``, ``docs/...``: the
  file or folder exists in the repository, or in the built site for a file the
  build writes (``data/works.json``); ``<id>`` and ``*`` stand for any name;
- a file of the code, ``plugin.py``, ``whatif.js``: a file of that name exists;
- ``module.function`` or ``Class.method``, where the first name is a module or a
  top-level class or function of ``macros``: it is there (or, for a module name
  that is also another library's, such as ``html``, in that library);
- a call, ``name()``: something of that name is defined in ``macros`` or is a builtin.

Other words in backticks (YAML keys, literal text, numbers) are not names of code.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import functools
import glob
import importlib
import importlib.util
import io
import os
import re
import sys
import tokenize
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

import pytest

from conftest import ROOT

FOLDERS = ("macros", "overrides", "docs", "data", "tests", "bench")
PATH = re.compile(rf"(?<![\w/.<-])(?:{'|'.join(FOLDERS)})/[^\s`'\"),;:]*")
MODULE = re.compile(r"(?<![\w./-])macros(?:\.[A-Za-z_]\w*)+")
FILE = re.compile(r"(?<![\w/.-])[A-Za-z_][\w-]*\.(?:py|js|css)\b")
DOTTED = re.compile(r"(?<![\w./:-])([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)+)")
CALL = re.compile(r"(?<![\w.:])([A-Za-z_]\w*)\(\)")
# The last part of a dotted word that makes it a file name, not an attribute.
EXTENSIONS = {"py", "js", "css", "html", "yaml", "yml", "json", "md", "txt", "png", "svg", "xml", "toml"}
# Never looked in for a file of the code: what tools and builds make.
SKIPPED_TOP = {".git", ".venv", ".venv-engines", ".cache", "site", "build", "test-artifacts"}
SKIPPED = {"node_modules", "__pycache__"}


class Text(NamedTuple):
    where: str  # path:line
    text: str


def texts() -> Iterator[Text]:
    """Every comment and docstring of macros/, with its place."""
    for path in sorted((ROOT / "macros").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        shown = path.relative_to(ROOT).as_posix()
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                yield Text(f"{shown}:{token.start[0]}", token.string)
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                docstring = ast.get_docstring(node, clean=False)
                if docstring:
                    yield Text(f"{shown}:{node.body[0].lineno}", docstring)


def _modules() -> dict[str, ModuleType]:
    import macros

    found = {"macros": macros}
    for path in (ROOT / "macros").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__main__":
            continue  # importing it runs the command line
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = importlib.import_module(name)
    return found


MODULES = _modules()


def _definitions() -> tuple[dict[str, list[Any]], set[str]]:
    """Each top-level name of macros' modules, by name; and every name defined anywhere in macros."""
    top: dict[str, list[Any]] = {}
    for name, module in MODULES.items():
        top.setdefault(name.rsplit(".", 1)[-1], []).append(module)
        for key, value in vars(module).items():
            if getattr(value, "__module__", None) == name:
                top.setdefault(key, []).append(value)
    defined: set[str] = set()
    for path in (ROOT / "macros").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                defined.add(node.name)
    return top, defined


TOP, DEFINED = _definitions()


def _has(owner: Any, name: str) -> tuple[bool, Any]:
    if hasattr(owner, name):
        return True, getattr(owner, name)
    if isinstance(owner, ModuleType) and hasattr(owner, "__path__"):
        try:  # a submodule not imported yet: html.parser
            return True, importlib.import_module(f"{owner.__name__}.{name}")
        except ImportError:
            return False, None
    if isinstance(owner, type):
        fields = {field.name for field in dataclasses.fields(owner)} if dataclasses.is_dataclass(owner) else set()
        hints = {key for klass in owner.__mro__ for key in getattr(klass, "__annotations__", {})}
        if name in fields | hints:
            return True, None  # a field without a default: nothing to look further into
    return False, None


def resolves(head: Any, rest: list[str]) -> bool:
    owner = head
    for name in rest:
        if owner is None:
            return True
        found, owner = _has(owner, name)
        if not found:
            return False
    return True


def _module_reference(text: str) -> bool:
    parts = text.split(".")
    for cut in range(len(parts), 0, -1):
        module = MODULES.get(".".join(parts[:cut]))
        if module is not None:
            return resolves(module, parts[cut:])
    return False


@functools.cache
def _elsewhere(name: str) -> list[ModuleType]:
    """A module of that name outside macros (``html.unescape`` is the standard library's), if there is one."""
    try:
        return [importlib.import_module(name)] if importlib.util.find_spec(name) is not None else []
    except ImportError:
        return []


def _code_files() -> set[str]:
    names: set[str] = set()
    for folder, subfolders, files in os.walk(ROOT):
        skipped = SKIPPED | (SKIPPED_TOP if Path(folder) == ROOT else set())
        subfolders[:] = [name for name in subfolders if name not in skipped]
        names.update(files)
    return names


def _exists(path: str, site: Path) -> bool:
    # A placeholder such as <id> names any file; so does *.
    pattern = re.sub(r"<[^>]+>", "*", path.rstrip("./"))
    return any(glob.glob(pattern, root_dir=root) for root in (ROOT, site))


def wrong_names(site: Path) -> list[str]:
    """Each name in a comment or docstring of macros/ that names nothing, with its place."""
    files = _code_files()
    wrong = []
    for where, text in texts():
        for match in MODULE.finditer(text):
            if not _module_reference(match.group(0)):
                wrong.append(f"{where}: {match.group(0)} is no module, or has no such name")
        for match in PATH.finditer(text):
            if not _exists(match.group(0), site):
                wrong.append(f"{where}: {match.group(0)} is in neither the repository nor the built site")
        for match in FILE.finditer(text):
            if match.group(0) not in files:
                wrong.append(f"{where}: there is no file {match.group(0)}")
        for match in DOTTED.finditer(text):
            head, rest = match.group(1), match.group(2).split(".")[1:]
            if head == "macros" or head not in TOP or rest[-1] in EXTENSIONS:
                continue  # a module path (checked above), someone else's name, or a file name
            if not any(resolves(candidate, rest) for candidate in [*TOP[head], *_elsewhere(head)]):
                wrong.append(f"{where}: {match.group(0)} names nothing in macros")
        for match in CALL.finditer(text):
            name = match.group(1)
            if name not in DEFINED and name not in TOP and not hasattr(builtins, name):
                wrong.append(f"{where}: {name}() is defined nowhere in macros")
    return wrong


def test_every_name_in_the_comments_of_macros_exists(real_site_dir):
    assert wrong_names(real_site_dir) == []


def test_the_check_finds_names_that_do_not_exist(real_site_dir, monkeypatch):
    stale = [
        Text("x.py:1", "``python -m macros.enginediff A B`` compares two builds."),
        Text("x.py:2", "overrides/hooks/eis.py hands MkDocs the methods"),
        Text("x.py:3", "the same as in ``templates.read_pages``"),
        Text("x.py:4", "written by ``publish.py`` and ``gone.py``"),
        Text("x.py:5", "see paint_everything() and Dataset.latest_scorecard"),
        Text("x.py:6", "one file a list, data/predictions/<id>.yaml, and data/nowhere/<id>.yaml"),
        Text("x.py:7", "published as data/works.json; mkdocs.plugins, page.meta, html.parser are not ours"),
    ]
    monkeypatch.setattr(sys.modules[__name__], "texts", lambda: iter(stale))
    assert wrong_names(real_site_dir) == [
        "x.py:1: macros.enginediff is no module, or has no such name",
        "x.py:2: overrides/hooks/eis.py is in neither the repository nor the built site",
        "x.py:3: templates.read_pages names nothing in macros",
        "x.py:4: there is no file gone.py",
        "x.py:5: paint_everything() is defined nowhere in macros",
        "x.py:6: data/nowhere/<id>.yaml is in neither the repository nor the built site",
    ]


@pytest.mark.parametrize("text", ["macros.site.plugin.EisSite.on_config", "macros.render.PageContext.for_page"])
def test_a_module_path_may_go_on_into_its_names(text):
    assert _module_reference(text)

"""Run as a program: the site's core with MkDocs, mkdocs-macros and Material impossible to import.

Imports every module of ``macros/`` but the MkDocs adapters, loads the real
data and renders every macro with every value the data gives each of its
parameters, then prints what it did as JSON.  tests/site/test_enginefree.py
runs it in a fresh interpreter, so nothing imported before can hide a
dependency.
"""

from __future__ import annotations

import importlib
import importlib.abc
import inspect
import itertools
import json
import pkgutil
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

ENGINES = ("mkdocs", "mkdocs_macros", "material")
# The modules that exist to plug the core into MkDocs, mkdocs-macros and Material's search.
ADAPTERS = ("macros.site.pagecheck", "macros.site.plugin", "macros.site.searchtext")
ROOT = Path(__file__).resolve().parent.parent


class NoEngines(importlib.abc.MetaPathFinder):
    """Refuses the engines, as an environment without them installed would."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> None:
        if fullname.split(".")[0] in ENGINES:
            raise ModuleNotFoundError(f"No module named {fullname!r} (the engines are blocked)", name=fullname)
        return None


def core_modules() -> list[str]:
    """Every module and subpackage of the macros package but the adapters."""
    import macros

    # Not __main__: importing it runs the command line.
    names = [info.name for info in pkgutil.walk_packages(macros.__path__, "macros.") if info.name != "macros.__main__"]
    return sorted(name for name in names if name not in ADAPTERS)


def arguments(data: Any) -> dict[str, list[Any]]:
    """For each macro parameter name, every value the data gives it."""
    return {
        "part": [part.part for part in data.sequence.parts],
        "ref": [tier.tier for tier in data.tiers] + [work.id for work in data.works],
        "tier": [tier.tier for tier in data.tiers],
        "work_id": [work.id for work in data.works],
        "list_id": [plist.id for plist in data.lists],
        "scorecard_id": [card.id for card in data.scorecards],
        "scorecard": [None] + [card.id for card in data.scorecards],
        "market_id": [market.id for market in data.markets],
        "date": [snapshot.date.iso() for market in data.markets for snapshot in market.snapshots],
    }


def calls(function: Any, values: dict[str, list[Any]], data: Any) -> Iterator[tuple[Any, ...]]:
    """Every argument tuple to call a macro with; a required parameter the data says nothing about is an error."""
    parameters = list(inspect.signature(function).parameters.values())
    names = [parameter.name for parameter in parameters]
    if names[:2] == ["list_id", "prediction_id"]:
        # The one parameter whose values depend on another's.
        for plist in data.lists:
            for prediction in plist.predictions:
                yield plist.id, prediction.id
        return
    choices = []
    for parameter in parameters:
        given = list(values.get(parameter.name, []))
        if parameter.default is not inspect.Parameter.empty:
            given = [parameter.default, *given]
        if not given:
            raise TypeError(f"{function.__name__}{inspect.signature(function)}: no values for {parameter.name!r}")
        choices.append(given)
    yield from itertools.product(*choices)


def main() -> int:
    sys.meta_path.insert(0, NoEngines())
    sys.path.insert(0, str(ROOT))
    report: dict[str, Any] = {"blocked": [], "imported": [], "rendered": {}}
    for engine in ENGINES:
        try:
            importlib.import_module(engine)
        except ModuleNotFoundError:
            report["blocked"].append(engine)
    for adapter in ADAPTERS:  # proof that the block bites where the engines are used
        try:
            importlib.import_module(adapter)
        except ModuleNotFoundError:
            report["blocked"].append(adapter)
    for name in core_modules():
        importlib.import_module(name)
        report["imported"].append(name)

    from macros.data.load import load
    from macros.data.problems import MacroMisuse
    from macros.render import PageContext, bind, generated_pages, pages
    from macros.site.sitelinks import PageLinks

    data = load(ROOT / "data", ROOT / "docs")
    # The URL of each file is MkDocs' to give (pagecheck.site_urls); to render, any URL does.
    sources = [
        path.relative_to(folder).as_posix()
        for folder in (ROOT / "docs", ROOT / "overrides")  # the theme's scripts are copied beside the pages
        for path in folder.rglob("*")
        if path.is_file()
    ]
    urls = {src: src for src in [*sources, *generated_pages(data)]}

    def links(part: int | None) -> PageLinks:
        return PageLinks("parts/x/", urls, "https://example.org/", part)

    build = PageContext(data, links(None))
    values = arguments(data)
    for name, macro in bind(build).items():
        count = 0
        for args in calls(macro, values, data):
            parameters = list(inspect.signature(macro).parameters)
            part = args[parameters.index("part")] if "part" in parameters else None
            page = bind(build.for_page(links(part)))
            try:
                output = page[name](*args)
            except MacroMisuse:
                continue  # a combination the data does not allow, said as an author would be told
            if not str(output).strip():
                raise AssertionError(f"{name}{args} rendered nothing")
            count += 1
        report["rendered"][name] = count
    # What the build adds around each part, and the pages it makes from data.
    for page in data.pages:
        on_page = build.for_page(links(page.part))
        for block in pages.part_blocks(on_page, page.part):
            if not str(block).strip():
                raise AssertionError(f"part {page.part}: an empty block")
        pages.page_description(on_page, page.src_path, page.part)
    report["generated_pages"] = len(generated_pages(data))
    report["engines_loaded"] = sorted(name for name in sys.modules if name.split(".")[0] in ENGINES)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

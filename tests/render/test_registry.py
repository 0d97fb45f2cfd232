"""The table of macros: plain functions of the subject modules, entered by ``@macro`` and bound to one page."""

from __future__ import annotations

import ast
import dataclasses
import functools
import inspect
import itertools
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, DOCS, ROOT, Links, OnPage
from macros.data.load import load
from macros.data.problems import MacroMisuse
from macros.render import MACROS, SUBJECTS, PageContext, bind, bind_checks, macro, macro_names, registry
from tinydata import dataset

RENDER = ROOT / "macros" / "render"


def test_every_macro_is_a_function_of_a_subject_module_taking_the_page_first():
    subjects = {module.__name__ for module in SUBJECTS}
    assert macro_names() == tuple(sorted(MACROS))
    for name, function in MACROS.items():
        assert inspect.isfunction(function) and function.__name__ == name
        assert function.__module__ in subjects, name
        assert getattr(inspect.getmodule(function), name) is function
        assert next(iter(inspect.signature(function).parameters)) == "page", name


def test_bind_gives_every_macro_drawing_on_one_page():
    page = PageContext(dataset(), Links())
    bound = bind(page)
    assert tuple(bound) == macro_names()
    assert all(call.func is MACROS[name] and call.args == (page,) for name, call in bound.items())
    # What an author may pass: the page is not one of a bound macro's parameters.
    assert "page" not in inspect.signature(bound["part_label"]).parameters


def test_each_page_starts_with_nothing_used():
    r = OnPage(dataset(), Links(current_part=None))
    r.tier_ladder()
    r.page.cited["a-work"] = None
    assert r.for_page(Links()).page.cited == {}
    assert r.for_page(Links()).page.index is r.page.index


def test_a_second_macro_of_the_same_name_is_refused(monkeypatch):
    monkeypatch.setattr(registry, "MACROS", dict(MACROS))

    def part_label(page: PageContext) -> None:
        raise AssertionError("never called")

    with pytest.raises(ValueError, match="two macros named 'part_label'"):
        macro(part_label)  # type: ignore[arg-type]


def _render_imports() -> dict[str, set[str]]:
    """Each module of macros/render -> the modules of macros/render it imports."""
    found: dict[str, set[str]] = {}
    for path in RENDER.glob("*.py"):
        name = path.stem
        tree = ast.parse(path.read_text(encoding="utf-8"))
        uses: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "macros.render":
                    uses.update(alias.name for alias in node.names if (RENDER / f"{alias.name}.py").is_file())
                elif node.module.startswith("macros.render."):
                    uses.add(node.module.removeprefix("macros.render."))
        found[name] = uses - {name}
    return found


def test_the_render_modules_import_each_other_in_one_order():
    imports = _render_imports()
    imports.pop("__init__")  # the package imports every subject, for its macros
    order = list(TopologicalSorter(imports).static_order())  # raises CycleError on a cycle
    assert set(order) >= set(imports)


def test_no_class_of_render_subclasses_another_and_nothing_is_found_by_dir():
    classes: dict[str, list[str]] = {}
    for path in RENDER.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                classes[node.name] = [ast.unparse(base) for base in node.bases]
            assert not (isinstance(node, ast.Call) and ast.unparse(node.func) == "dir"), path
    assert not {(name, base) for name, bases in classes.items() for base in bases if base in classes}


def test_the_package_exports_only_public_names():
    import macros.render

    assert all(not name.startswith("_") for name in macros.render.__all__)
    assert all(Path(module.__file__ or "").parent == RENDER for module in SUBJECTS)


def _values(data: Any) -> dict[str, list[Any]]:
    """For each parameter name, the values the data has and some it has not."""
    return {
        "part": [None, *(part.part for part in data.sequence.parts), 99, "x"],
        "ref": [*(tier.tier for tier in data.tiers), *(work.id for work in data.works), "nope", 9, 2.5],
        "tier": [*(tier.tier for tier in data.tiers), 9],
        "work_id": [*(work.id for work in data.works), "nope"],
        "list_id": [*(plist.id for plist in data.lists), "nope"],
        "prediction_id": [*(prediction.id for plist in data.lists for prediction in plist.predictions), "nope"],
        "scorecard_id": [*(card.id for card in data.scorecards), "nope"],
        "scorecard": [None, *(card.id for card in data.scorecards), "nope"],
        "market_id": [*(market.id for market in data.markets), "nope"],
        "date": [*(snap.date.iso() for market in data.markets for snap in market.snapshots), "1999-01-01"],
        "words": [None, 1200],
        "summaries": [True, False],
    }


def _outcome(call: Any, args: tuple[Any, ...]) -> str | None:
    """The MacroMisuse's message, None when the call succeeds."""
    try:
        call(*args)
    except MacroMisuse as error:
        return str(error)
    return None


def _every_call(data: Any, names: tuple[str, ...]) -> list[tuple[str, tuple[Any, ...]]]:
    values = _values(data)
    found = []
    for name in names:
        parameters = list(inspect.signature(MACROS[name]).parameters)[1:]
        for args in itertools.product(*(values[parameter] for parameter in parameters)):
            found.append((name, args))
    return found


@pytest.mark.parametrize("current_part", [14, None], ids=["part", "not-a-part"])
def test_a_check_raises_exactly_what_its_macro_would_and_draws_nothing(current_part, monkeypatch):
    data = load(DATA, DOCS)
    drawn: list[str] = []
    for name, function in list(MACROS.items()):
        # A drawing that records itself: a check never calls it.
        monkeypatch.setitem(MACROS, name, _recording(function, drawn))
    none = dataclasses.replace(data, sequence=dataclasses.replace(data.sequence, parts=()))
    calls = [(data, name, args) for name, args in _every_call(data, macro_names())] + [(none, "newest_part", ())]
    failing = set()
    for dataset_, name, args in calls:
        links = Links(current_part=current_part)
        checked = _outcome(bind_checks(PageContext(dataset_, links))[name], args)
        assert not drawn, (name, args)
        ran = _outcome(bind(PageContext(dataset_, links))[name], args)
        drawn.clear()
        assert checked == ran, (name, args)
        if ran is not None:
            failing.add(name)
    # Every kind of mistake is among those tried.
    assert {"prob", "market_p", "market_p_when", "prediction_table", "newest_part", "tier_badge"} <= failing


def _recording(function: Any, drawn: list[str]) -> Any:
    @functools.wraps(function)
    def drawing(*args: Any, **kwargs: Any) -> Any:
        drawn.append(function.__name__)
        return function(*args, **kwargs)

    return drawing

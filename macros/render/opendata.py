"""The data as open JSON: one file per data file, each with its JSON Schema.

Every JSON document mirrors its YAML file, key for key (each kind in
``schema.py`` writes its own values), so it validates against the same
schema.  Lists and scorecards also carry the figures the site computes
(``computed``, from ``scoring``), and so have schemas of their own.
Probabilities are JSON numbers written with their exact decimal digits;
computed figures are exact strings (``fmt.exact``).

Pure: the build writes what ``site_files`` returns.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup

from macros.compute import scoring
from macros.data import model, schema
from macros.data.schema import ExactNumber, schema_url
from macros.render import fmt
from macros.render.base import forecast_citation, list_page_path
from macros.render.html import columns, el, join, table
from macros.render.jsonschema_gen import INDEX_SCHEMA, all_schemas, scored_of

DATA_DIR = "data/"
INDEX = DATA_DIR + "index.json"


@dataclass(frozen=True)
class Published:
    """One JSON file of the open data."""

    path: str  # relative to the site's root: data/works.json
    schema: str  # the schema's file name
    source: str  # what it is made from: data/works.yaml
    description: str
    document: Any  # JSON-ready: dicts, lists, text, numbers, ExactNumber; None where only the listing was asked for


def figures_json(figures: Any, *, of_data: bool = True) -> dict[str, Any]:
    """A figures object of ``scoring`` as JSON: every figure, or only those its data file does not hold."""
    return {
        field.name: _figure(getattr(figures, field.name))
        for field in dataclasses.fields(figures)
        if of_data or not field.metadata["of_data"]
    }


def _figure(value: Any) -> Any:
    if isinstance(value, Fraction):
        return fmt.exact(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {key: _figure(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_figure(item) for item in value]
    return value  # ids and counts; None


# -- the published files -------------------------------------------------------------


def _single(kind: schema.DataFile, value: Any, document: bool) -> Published:
    name = kind.source.removeprefix(DATA_DIR).removesuffix(".yaml")
    written = kind.spec.to_json(value) if document else None
    return Published(f"{DATA_DIR}{name}.json", kind.schema_name, kind.source, kind.summary, written)


def _scored(
    spec: schema.Record, record: Any, figures: Callable[[], Any] | None, folder: str, description: str
) -> Published:
    """A list or scorecard: its data, then what the site computes from it (``figures``, None for the listing only)."""
    scored = scored_of(spec)
    assert scored is not None
    document = None
    if figures is not None:
        document = spec.to_json(record)
        document["computed"] = figures_json(figures(), of_data=False)
    path = f"{DATA_DIR}{folder}/{record.id}"
    return Published(f"{path}.json", scored.schema_name, f"{path}.yaml", description, document)


# A page's URL from the site's root (``ledger/eis-xiv/``) by its docs source path; None if the site has no such page.
PageUrl = Callable[[str], str | None]


def _no_pages(src_path: str) -> str | None:
    return None


def forecasts_json(data: model.Dataset, plist: model.PredictionList, site_url: str | None, page_url: PageUrl) -> Any:
    """Each forecast of a list in order: its id, its place, its short citation and the address of its permalink."""
    page = page_url(list_page_path(plist.id))
    return [
        {
            "id": prediction.id,
            "position": position,
            "citation": forecast_citation(data, plist, position),
            "url": urljoin(site_url or "/", page) + "#" + prediction.id if page is not None else None,
        }
        for position, prediction in enumerate(plist.predictions, start=1)
    ]


def published(
    data: model.Dataset, site_url: str | None = None, page_url: PageUrl = _no_pages, *, documents: bool = True
) -> list[Published]:
    """Every data file as JSON, in a fixed order: single files, then lists, then scorecards by id.

    ``page_url`` places the list pages, for each forecast's address; without it the addresses are null.
    Without ``documents``, only what lists the files: nothing is computed.
    """
    files = [
        _single(schema.file_of(schema.SEQUENCE_FILE), data.sequence, documents),
        _single(schema.file_of(schema.TIERS_FILE), data.tiers, documents),
        _single(schema.file_of(schema.WORKS_FILE), data.works, documents),
        _single(schema.file_of(schema.MARKETS_FILE), data.markets, documents),
    ]
    for plist in sorted(data.lists, key=lambda lst: lst.id):
        said = f"The prediction list '{plist.id}' with its computed figures: {plist.title}"
        figures = functools.partial(scoring.list_figures, data, plist) if documents else None
        listed = _scored(schema.LIST_FILE, plist, figures, "predictions", said)
        if documents:
            listed.document["computed"]["forecasts"] = forecasts_json(data, plist, site_url, page_url)
        files.append(listed)
    for card in sorted(data.scorecards, key=lambda c: c.id):
        said = f"The scorecard '{card.id}' with its computed score: list '{card.predictions}' against '{card.work}'"
        scored = functools.partial(scoring.scorecard_figures, data, card) if documents else None
        files.append(_scored(schema.SCORECARD_FILE, card, scored, "scorecards", said))
    return files


def index(files: list[Published], site_url: str | None) -> Published:
    entries = [
        {
            "path": item.path,
            "schema": schema_url(item.schema, site_url),
            "source": item.source,
            "description": " ".join(item.description.split()),
        }
        for item in files
    ]
    return Published(INDEX, INDEX_SCHEMA, DATA_DIR, "The list of every published data file.", {"files": entries})


# -- writing JSON -------------------------------------------------------------------


def dumps(value: Any) -> str:
    """Deterministic JSON text: keys in the given order, two-space indent, exact numbers, final newline."""
    return _dumps(value, "") + "\n"


def _dumps(value: Any, indent: str) -> str:
    inner = indent + "  "
    if isinstance(value, ExactNumber):
        return str(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{_json_string(str(key))}: {_dumps(item, inner)}" for key, item in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + _dumps(item, inner) for item in value) + f"\n{indent}]"
    if isinstance(value, str):
        return _json_string(value)
    if value is None or isinstance(value, bool):
        return _JSON_CONSTANTS[value]
    if isinstance(value, int):
        return int.__repr__(value)  # as json writes any int
    raise TypeError(f"not written as JSON: {value!r}")  # floats would lose exactness


# What json.dumps(..., ensure_ascii=False) writes, without making an encoder for each of a file's values.
_json_string = json.encoder.encode_basestring
_JSON_CONSTANTS = {None: "null", True: "true", False: "false"}


def site_files(data: model.Dataset, site_url: str | None, page_url: PageUrl = _no_pages) -> dict[str, str]:
    """Every file of the open data and its schemas: path in the site -> text."""
    out = {f"schemas/{name}": dumps(document) for name, document in all_schemas(site_url).items()}
    files = published(data, site_url, page_url)
    for item in [*files, index(files, site_url)]:
        out[item.path] = dumps(item.document)
    return out


# -- the page that lists them ----------------------------------------------------------


def _path(path: str) -> Markup:
    """A file name in code that may break after a slash, never inside a name."""
    return el("code", join((part for part in path.split("/")), Markup("/<wbr>")))


def files_table(data: model.Dataset, href: Callable[[str], str]) -> Markup:
    """A table of the published files; ``href`` makes a site path relative to the current page."""
    files = published(data, documents=False)
    rows = []
    for item in [index(files, None), *files]:
        rows.append(
            el(
                "tr",
                el("td", el("a", _path(item.path.removeprefix(DATA_DIR)), href=href(item.path)), class_="eis-wide"),
                el("td", item.description, class_="eis-wide"),
                el("td", el("a", _path(item.schema), href=href(f"schemas/{item.schema}"))),
                el("td", _path(item.source)),
            )
        )
    head = columns("eis-data-files")
    return table(head, rows, "eis-data-files", caption="Every data file the site publishes")

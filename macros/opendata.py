"""The data as open JSON: one file per data file, each with its JSON Schema.

Every JSON document mirrors its YAML file, key for key, so it validates
against the same schema.  Scorecards also carry the figures the site
computes (``computed``), and so have a schema of their own.  Probabilities
are JSON numbers written with their exact decimal digits; computed scores
are exact strings (``fmt.exact``).

Pure but for ``publish``, which writes the files into a built site.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from markupsafe import Markup

from . import fmt, model, schema, scoring
from .html import el, head_row, join, table
from .jsonschema_gen import (
    INDEX_SCHEMA,
    SCORED_SCHEMA,
    FileKind,
    all_schemas,
    choice_value,
    file_kind,
    schema_url,
)

DATA_DIR = "data/"
INDEX = DATA_DIR + "index.json"


class ExactNumber(str):
    """A number's exact decimal text, written into JSON as a number, digit for digit."""


@dataclass(frozen=True)
class Published:
    """One JSON file of the open data."""

    path: str  # relative to the site's root: data/works.json
    schema: str  # the schema's file name
    source: str  # what it is made from: data/works.yaml
    description: str
    document: Any  # JSON-ready: dicts, lists, text, numbers, ExactNumber


# -- model values to JSON ----------------------------------------------------------


def _probability(kind: schema.Probability, p: Any) -> ExactNumber:
    text = fmt.exact(p)
    if "/" in text:  # the loader reads decimals only, so this never happens
        raise ValueError(f"probability {text} has no exact decimal")
    return ExactNumber(text)


def _choice(kind: schema.Choice, member: Enum) -> str | bool:
    return choice_value(str(member.value))


def _list_of(kind: schema.ListOf, values: Any) -> list[Any]:
    return [value_json(kind.item, value) for value in values]


def _outcomes(kind: schema.Outcomes, judgements: Any) -> dict[str, Any]:
    outcome = schema.Choice(model.Outcome)
    return {judgement.prediction: _choice(outcome, judgement.outcome) for judgement in judgements}


def _record(kind: schema.Record, record: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in kind.fields:
        value = getattr(record, field.name)
        if value is not None:  # an optional key left out stays out
            out[field.name] = value_json(field.kind, value)
    return out


# Exact types, as in jsonschema_gen: a new kind needs its own entry.
_WRITERS: dict[type[schema.Kind], Callable[[Any, Any], Any]] = {
    schema.Text: lambda kind, value: str(value),
    schema.Slug: lambda kind, value: str(value),
    schema.Url: lambda kind, value: str(value),
    schema.Colour: lambda kind, value: str(value),
    schema.Integer: lambda kind, value: int(value),
    schema.Probability: _probability,
    schema.Date: lambda kind, value: value.iso(),
    schema.Choice: _choice,
    schema.Authors: lambda kind, value: [str(name) for name in value],
    schema.ListOf: _list_of,
    schema.Outcomes: _outcomes,
    schema.Record: _record,
}


def value_json(kind: schema.Kind, value: Any) -> Any:
    """A model value, read by ``kind``, as the JSON that mirrors its YAML."""
    writer = _WRITERS.get(type(kind))
    if writer is None:
        raise TypeError(f"no JSON form for the kind {type(kind).__name__}: add it to macros/opendata.py")
    return writer(kind, value)


def _whole_file(spec: schema.Record, value: Any) -> dict[str, Any]:
    """A file whose one key holds a list (tiers, works, markets) stands for that list."""
    if len(spec.fields) == 1 and isinstance(value, tuple):
        (field,) = spec.fields
        return {field.name: value_json(field.kind, value)}
    return _record(spec, value)


def computed(data: model.Dataset, card: model.Scorecard) -> dict[str, Any]:
    result = scoring.score_card(data, card)
    return {
        "score": fmt.exact(result.score),
        "brier": fmt.exact(result.brier) if result.brier is not None else None,
        "judged": result.judged,
        "happened": result.happened,
        "ambiguous": result.ambiguous,
        "verdict": result.verdict.value,
    }


# -- the published files -------------------------------------------------------------


def _single(kind: FileKind, value: Any) -> Published:
    name = kind.source.removeprefix(DATA_DIR).removesuffix(".yaml")
    return Published(
        f"{DATA_DIR}{name}.json", kind.schema_name, kind.source, kind.summary, _whole_file(kind.spec, value)
    )


def published(data: model.Dataset) -> list[Published]:
    """Every data file as JSON, in a fixed order: single files, then lists, then scorecards by id."""
    files = [
        _single(file_kind(schema.SEQUENCE_FILE), data.sequence),
        _single(file_kind(schema.TIERS_FILE), data.tiers),
        _single(file_kind(schema.WORKS_FILE), data.works),
        _single(file_kind(schema.MARKETS_FILE), data.markets),
    ]
    lists = file_kind(schema.LIST_FILE)
    for plist in sorted(data.lists, key=lambda lst: lst.id):
        files.append(
            Published(
                f"{DATA_DIR}predictions/{plist.id}.json",
                lists.schema_name,
                f"{DATA_DIR}predictions/{plist.id}.yaml",
                f"The prediction list '{plist.id}': {plist.title}",
                _record(lists.spec, plist),
            )
        )
    cards = file_kind(schema.SCORECARD_FILE)
    for card in sorted(data.scorecards, key=lambda c: c.id):
        document = _record(cards.spec, card)
        document["computed"] = computed(data, card)
        files.append(
            Published(
                f"{DATA_DIR}scorecards/{card.id}.json",
                SCORED_SCHEMA,
                f"{DATA_DIR}scorecards/{card.id}.yaml",
                f"The scorecard '{card.id}' with its computed score: list '{card.predictions}' against '{card.work}'",
                document,
            )
        )
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
        items = [
            f"{inner}{json.dumps(str(key), ensure_ascii=False)}: {_dumps(item, inner)}" for key, item in value.items()
        ]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + _dumps(item, inner) for item in value) + f"\n{indent}]"
    if isinstance(value, float) or (value is not None and not isinstance(value, (str, int, bool))):
        raise TypeError(f"not written as JSON: {value!r}")  # floats would lose exactness
    return json.dumps(value, ensure_ascii=False)


def site_files(data: model.Dataset, site_url: str | None) -> dict[str, str]:
    """Every file of the open data and its schemas: path in the site -> text."""
    out = {f"schemas/{name}": dumps(document) for name, document in all_schemas(site_url).items()}
    files = published(data)
    for item in [*files, index(files, site_url)]:
        out[item.path] = dumps(item.document)
    return out


# -- the page that lists them ----------------------------------------------------------


def _path(path: str) -> Markup:
    """A file name in code that may break after a slash, never inside a name."""
    return el("code", join((part for part in path.split("/")), Markup("/<wbr>")))


def files_table(data: model.Dataset, href: Callable[[str], str]) -> Markup:
    """A table of the published files; ``href`` makes a site path relative to the current page."""
    files = published(data)
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
    head = head_row("File", "What it holds", "Schema", "Made from")
    return table(head, rows, "eis-data-files", caption="Every data file the site publishes")

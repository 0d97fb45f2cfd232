"""JSON Schemas (draft 2020-12) of the data files and of their published JSON.

Each kind in ``schema.py`` writes its own schema; this module only puts
the files' schemas together, adds the figures the site computes (read from
the fields of ``scoring``'s figure classes) and the index.

Pure: no MkDocs, no I/O.
"""

from __future__ import annotations

import copy
import dataclasses
import enum
import types
import typing
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from macros.compute import scoring
from macros.data import schema
from macros.data.schema import JSON, schema_url

DIALECT = "https://json-schema.org/draft/2020-12/schema"
INDEX_SCHEMA = "index.schema.json"

_ABOUT = (
    " Generated from the site's own data specs (macros/data/schema.py). Files are read as YAML 1.2:"
    " unquoted dates are strings, and a year alone is a number. Probabilities are numbers from"
    ' 0 to 1 or percent strings such as "60%"; in the published JSON they are numbers written with'
    " their exact decimal digits, so read them as decimals, not floats, to keep them exact."
    " The site's loader also checks what a schema cannot: real calendar dates, unique ids and"
    " references between files."
)


def file_schema(kind: schema.DataFile, site_url: str | None) -> JSON:
    """The schema of one kind of data file, and of its JSON copy on the site."""
    body = kind.spec.json_schema()
    title = body.pop("title")
    return {
        "$schema": DIALECT,
        "$id": schema_url(kind.schema_name, site_url),
        "title": f"{title}: {kind.source}",
        "description": kind.summary + _ABOUT,
        **body,
    }


# -- the computed figures ------------------------------------------------------------

# What fmt.exact writes: a decimal that ends, or p/q.
_EXACT = r"^-?[0-9]+(\.[0-9]+)?$|^-?[0-9]+/[0-9]+$"


def _type_schema(hint: Any) -> JSON:
    """The JSON Schema of a figure of this Python type, as ``opendata.figures_json`` writes it."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_type_schema(arg) for arg in args if arg is not type(None)] + [{"type": "null"}]}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(args[0])}
    if origin is dict:
        return {"type": "object", "additionalProperties": _type_schema(args[1])}
    if hint is Fraction:
        return {"type": "string", "pattern": _EXACT}
    if hint is int:
        return {"type": "integer", "minimum": 0}  # every whole figure is a count
    if hint is str:
        return {"type": "string", "minLength": 1}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"enum": [member.value for member in hint]}
    raise TypeError(f"no JSON Schema for a figure of type {hint!r}")


def figures_schema(figures: type[Any], *, of_data: bool, description: str) -> JSON:
    """The schema of a figures class's JSON: every figure, or only those the data file does not hold."""
    hints = typing.get_type_hints(figures)
    properties = {
        field.name: _type_schema(hints[field.name]) | {"description": field.metadata["doc"]}
        for field in dataclasses.fields(figures)
        if of_data or not field.metadata["of_data"]
    }
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


_FORECASTS: JSON = {
    "type": "array",
    "description": "Each forecast of the list, in its order, with its short citation and its permalink.",
    "items": {
        "type": "object",
        "properties": {
            "id": {"type": "string", "minLength": 1, "description": "The prediction's id."},
            "position": {"type": "integer", "minimum": 1, "description": "Its place in the list, from 1."},
            "citation": {"type": "string", "minLength": 1, "description": "How to cite it: EIS XIV, forecast 4."},
            "url": {
                "anyOf": [{"type": "string", "format": "uri"}, {"type": "null"}],
                "description": "The address of its entry on its list's page; null where the site has no such page.",
            },
        },
        "required": ["id", "position", "citation", "url"],
        "additionalProperties": False,
    },
}


@dataclass(frozen=True)
class Scored:
    """A data file published with the figures computed from it, under ``computed``."""

    schema_name: str
    spec: schema.Record
    figures: type[Any]
    title: str
    extra: JSON = dataclasses.field(default_factory=dict)  # computed properties beyond the figures'


SCORED = (
    Scored(
        "prediction-list-scored.schema.json",
        schema.LIST_FILE,
        scoring.ListFigures,
        "A prediction list with its computed figures: data/predictions/<id>.json",
        {"forecasts": _FORECASTS},
    ),
    Scored(
        "scorecard-scored.schema.json",
        schema.SCORECARD_FILE,
        scoring.ScorecardFigures,
        "A scorecard with its computed figures: data/scorecards/<id>.json",
    ),
)
_SCORED_OF = {id(scored.spec): scored for scored in SCORED}


def scored_of(spec: schema.Record) -> Scored | None:
    """How a file read by ``spec`` is published with figures; None if it is published as it is."""
    return _SCORED_OF.get(id(spec))


def scored_schema(scored: Scored, site_url: str | None) -> JSON:
    """A data file as the site publishes it: its keys, plus the ``computed`` figures."""
    document = copy.deepcopy(file_schema(schema.file_of(scored.spec), site_url))
    document["$id"] = schema_url(scored.schema_name, site_url)
    document["title"] = scored.title
    document["description"] = (
        f"{scored.spec.description.capitalize()} as published on the site: the keys of its YAML file, plus the"
        " figures computed from it. Figures that are not whole numbers are exact strings: a decimal, or p/q"
        " when no decimal ends." + _ABOUT
    )
    computed = figures_schema(scored.figures, of_data=False, description="Figures the site computes from the data.")
    computed["properties"].update(copy.deepcopy(scored.extra))
    computed["required"] = [*computed["required"], *scored.extra]
    document["properties"]["computed"] = computed
    document["required"] = [*document["required"], "computed"]
    return document


def index_schema(site_url: str | None) -> JSON:
    """The schema of ``data/index.json``, the list of published files."""
    text = {"type": "string", "minLength": 1}
    entry: JSON = {
        "type": "object",
        "properties": {
            "path": text | {"description": "The file, relative to the site's root."},
            "schema": text | {"format": "uri", "description": "The address of the file's JSON Schema."},
            "source": text | {"description": "The YAML file in the repository it is made from."},
            "description": text | {"description": "What the file holds, in one line."},
        },
        "required": ["path", "schema", "source", "description"],
        "additionalProperties": False,
    }
    return {
        "$schema": DIALECT,
        "$id": schema_url(INDEX_SCHEMA, site_url),
        "title": "The index of the site's open data: data/index.json",
        "description": "Every data file the site publishes, with its schema and its source.",
        "type": "object",
        "properties": {"files": {"type": "array", "items": entry}},
        "required": ["files"],
        "additionalProperties": False,
    }


def all_schemas(site_url: str | None) -> dict[str, JSON]:
    """Every schema the site publishes, by file name, in a fixed order."""
    schemas = {kind.schema_name: file_schema(kind, site_url) for kind in schema.FILES}
    schemas.update((scored.schema_name, scored_schema(scored, site_url)) for scored in SCORED)
    schemas[INDEX_SCHEMA] = index_schema(site_url)
    return schemas

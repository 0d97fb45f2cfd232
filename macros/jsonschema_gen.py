"""JSON Schemas (draft 2020-12) of the data files, generated from the specs.

``schema.py`` is the one description of the data format; this module
translates its kinds into JSON Schema so that an editor can check a data
file as it is typed.  Each schema describes a file as an editor reads it:
YAML 1.2 core types, so an unquoted ``2024-05-21`` is a string and an
unquoted ``2024`` a number.  A schema may be more lenient than the loader
(it cannot see that February has no 30th, or that an id refers to nothing),
but never stricter: what the loader accepts, the schema accepts.

Pure: no MkDocs, no I/O.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import model, schema, scoring

DIALECT = "https://json-schema.org/draft/2020-12/schema"
# mkdocs.yml's default site_url: where the schemas are published for good,
# and so what the editor modelines in data/ point at.
PUBLISHED_URL = "https://eis-sequence.github.io/eis-site/"
SCHEMA_DIR = "schemas/"
MODELINE_PREFIX = "# yaml-language-server: $schema="
# ``# yaml-language-server: $schema=URL``, as the YAML language server reads it.
MODELINE = re.compile(r"^#\s*yaml-language-server\s*:\s*\$schema=(\S*)")

JSON = dict[str, Any]


@dataclass(frozen=True)
class FileKind:
    """One kind of data file: its spec, its schema's file name and where it lives."""

    schema_name: str
    spec: schema.Record
    source: str  # the YAML file, or its pattern in a folder: data/predictions/<id>.yaml
    summary: str  # one line saying what such a file holds


FILE_KINDS = (
    FileKind(
        "sequence.schema.json",
        schema.SEQUENCE_FILE,
        "data/sequence.yaml",
        "The sequence: its title, author, number of planned parts and every part with its date.",
    ),
    FileKind(
        "tiers.schema.json",
        schema.TIERS_FILE,
        "data/tiers.yaml",
        "The five tiers of rigor, each with its name and summary.",
    ),
    FileKind(
        "works.schema.json",
        schema.WORKS_FILE,
        "data/works.yaml",
        "Every work cited, with its authors, year, link and tier.",
    ),
    FileKind(
        "prediction-list.schema.json",
        schema.LIST_FILE,
        "data/predictions/<id>.yaml",
        "One list of predictions, each with its claim and probability.",
    ),
    FileKind(
        "scorecard.schema.json",
        schema.SCORECARD_FILE,
        "data/scorecards/<id>.yaml",
        "One scorecard: a prediction list judged against a work, with an outcome per prediction.",
    ),
    FileKind(
        "markets.schema.json",
        schema.MARKETS_FILE,
        "data/markets.yaml",
        "Prediction markets cited in the sequence, with dated snapshots of their probability.",
    ),
)
SCORED_SCHEMA = "scorecard-scored.schema.json"
INDEX_SCHEMA = "index.schema.json"


def file_kind(spec: schema.Record) -> FileKind:
    """The kind of data file that ``spec`` reads."""
    for kind in FILE_KINDS:
        if kind.spec is spec:
            return kind
    raise LookupError(f"no schema for the spec of {spec.description}")


def schema_url(name: str, site_url: str | None = PUBLISHED_URL) -> str:
    """A schema's address: the site's URL, then ``schemas/`` and its file name."""
    base = site_url or "/"
    return (base if base.endswith("/") else base + "/") + SCHEMA_DIR + name


def modeline(spec: schema.Record) -> str:
    """The first line of a data file read by ``spec``, for editors that know the YAML language server."""
    return MODELINE_PREFIX + schema_url(file_kind(spec).schema_name)


# -- the kinds -------------------------------------------------------------------

# What Text refuses: control characters other than tab and line feed, and the
# text direction overrides (see schema.Text).
_CONTROL = r"\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069"
# At least one character that is neither space nor control, and no control anywhere.
_TEXT = rf"^[^{_CONTROL}]*[^\s{_CONTROL}][^{_CONTROL}]*$"
# The loader strips the text and lowercases the scheme; the host may not be empty.
_URL = rf"^\s*[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#{_CONTROL}]+[^\s{_CONTROL}]*\s*$"
# "60%", " 12.5 % ", "007%": a percent from 0 to 100 (see schema._PERCENT).
_PERCENT = r"^\s*0*(100(\.0+)?|[0-9]{1,2}(\.[0-9]+)?)\s*%\s*$"
_YEAR = "(19[0-9]{2}|[2-9][0-9]{3})"
_DAY_OF_MONTH = (
    "(0[13578]|1[02])(-(0[1-9]|[12][0-9]|3[01]))?"
    "|(0[469]|11)(-(0[1-9]|[12][0-9]|30))?"
    "|02(-(0[1-9]|1[0-9]|2[0-9]))?"  # leap years are left to the loader
)
_DATE = rf"^{_YEAR}(-({_DAY_OF_MONTH}))?$"
FIRST_YEAR, LAST_YEAR = 1900, 9999


def _sentence(words: str) -> str:
    return words[:1].upper() + words[1:] + ("" if words.endswith(".") else ".")


def _text(kind: schema.Text) -> JSON:
    # A plain number is text too (a title may be 1984); YAML reads it as a number.
    return {"type": ["string", "number"], "pattern": _TEXT, "maxLength": schema.MAX_TEXT}


def _slug(kind: schema.Slug) -> JSON:
    # Digits alone are an id to the loader but a number to YAML (and "1e5" too).
    return {
        "anyOf": [
            {"type": "string", "pattern": schema.SLUG.pattern},
            {"type": "number", "minimum": 0},
        ]
    }


def _integer(kind: schema.Integer) -> JSON:
    out: JSON = {"type": "integer", "minimum": kind.low}
    if kind.high is not None:
        out["maximum"] = kind.high
    return out


def _probability(kind: schema.Probability) -> JSON:
    return {
        "anyOf": [
            {"type": "number", "minimum": 0, "maximum": 1},
            {"type": "string", "pattern": _PERCENT},
        ]
    }


def _date(kind: schema.Date) -> JSON:
    # A year alone, unquoted, is a number in YAML.
    return {
        "anyOf": [
            {"type": "string", "pattern": _DATE},
            {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
        ]
    }


def _url(kind: schema.Url) -> JSON:
    return {"type": "string", "format": "uri", "pattern": _URL, "maxLength": schema.MAX_TEXT}


def _colour(kind: schema.Colour) -> JSON:
    # Quoted in YAML, or "#" starts a comment; the contrast is left to the loader.
    return {"type": "string", "pattern": r"^\s*#[0-9a-fA-F]{6}\s*$"}


def choice_value(option: str) -> str | bool:
    """An option as YAML reads it: ``true`` and ``false`` are booleans."""
    return {"true": True, "false": False}.get(option, option)


def _choice(kind: schema.Choice) -> JSON:
    return {"enum": [choice_value(option) for option in kind.options]}


def _authors(kind: schema.Authors) -> JSON:
    name = kind_schema(schema.Text())
    return {"anyOf": [name, {"type": "array", "items": name, "minItems": 1}]}


def _list_of(kind: schema.ListOf) -> JSON:
    out: JSON = {"type": "array", "items": kind_schema(kind.item)}
    if kind.min_items:
        out["minItems"] = kind.min_items
    return out


def _outcomes(kind: schema.Outcomes) -> JSON:
    return {
        "type": "object",
        "propertyNames": {"pattern": schema.SLUG.pattern},
        "additionalProperties": _choice(schema.Choice(model.Outcome)),
    }


def _field(field: schema.Field) -> JSON:
    words = [field.doc, _sentence(field.kind.description)]
    if not field.required:
        words.append("Optional.")
    described: JSON = {"description": " ".join(word for word in words if word)}
    inner = kind_schema(field.kind)
    if field.required:
        return described | inner
    # "url:" with nothing after it means no url.
    return described | {"anyOf": [inner, {"type": "null"}]}


def _record(kind: schema.Record) -> JSON:
    return {
        "type": "object",
        "title": _sentence(kind.description).removesuffix("."),
        "properties": {field.name: _field(field) for field in kind.fields},
        "required": [field.name for field in kind.fields if field.required],
        "additionalProperties": False,
    }


# Exact types, not isinstance: a new kind, even a subclass, needs its own entry.
_MAPPERS: dict[type[schema.Kind], Callable[[Any], JSON]] = {
    schema.Text: _text,
    schema.Slug: _slug,
    schema.Integer: _integer,
    schema.Probability: _probability,
    schema.Date: _date,
    schema.Url: _url,
    schema.Colour: _colour,
    schema.Choice: _choice,
    schema.Authors: _authors,
    schema.ListOf: _list_of,
    schema.Outcomes: _outcomes,
    schema.Record: _record,
}


def kind_schema(kind: schema.Kind) -> JSON:
    """The JSON Schema of one kind of value."""
    mapper = _MAPPERS.get(type(kind))
    if mapper is None:
        raise TypeError(f"no JSON Schema for the kind {type(kind).__name__}: add it to macros/jsonschema_gen.py")
    return mapper(kind)


# -- whole files -------------------------------------------------------------------

_ABOUT = (
    " Generated from the site's own data specs (macros/schema.py). Files are read as YAML 1.2:"
    " unquoted dates are strings, and a year alone is a number. Probabilities are numbers from"
    ' 0 to 1 or percent strings such as "60%"; in the published JSON they are numbers written with'
    " their exact decimal digits, so read them as decimals, not floats, to keep them exact."
    " The site's loader also checks what a schema cannot: real calendar dates, unique ids and"
    " references between files."
)


def file_schema(kind: FileKind, site_url: str | None = PUBLISHED_URL) -> JSON:
    """The schema of one kind of data file, and of its JSON copy on the site."""
    body = kind_schema(kind.spec)
    title = body.pop("title")
    return {
        "$schema": DIALECT,
        "$id": schema_url(kind.schema_name, site_url),
        "title": f"{title}: {kind.source}",
        "description": kind.summary + _ABOUT,
        **body,
    }


_EXACT = r"^-?[0-9]+(\.[0-9]+)?$|^-?[0-9]+/[0-9]+$"


def computed_schema() -> JSON:
    """The figures the site computes for a scorecard, as published beside its data."""
    exact = {"type": "string", "pattern": _EXACT}
    count = {"type": "integer", "minimum": 0}
    properties: JSON = {
        "score": exact | {"description": "The score under the author's rule, exact: a decimal or p/q."},
        "brier": {
            "anyOf": [exact, {"type": "null"}],
            "description": "The Brier score of the judged predictions, exact; null when nothing was judged.",
        },
        "judged": count | {"description": "How many predictions were judged (true or false)."},
        "happened": count | {"description": "How many judged predictions happened."},
        "ambiguous": count | {"description": "How many outcomes are ambiguous and left out of every figure."},
        "verdict": {
            "enum": [verdict.value for verdict in scoring.Verdict],
            "description": "What the score's sign says of the work, against the forecast.",
        },
    }
    return {
        "type": "object",
        "description": "Figures computed by the site from the scorecard and its prediction list.",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def scored_schema(site_url: str | None = PUBLISHED_URL) -> JSON:
    """A scorecard as the site publishes it: its data, plus the ``computed`` figures."""
    scored = copy.deepcopy(file_schema(file_kind(schema.SCORECARD_FILE), site_url))
    scored["$id"] = schema_url(SCORED_SCHEMA, site_url)
    scored["title"] = "A scorecard with its computed figures: data/scorecards/<id>.json"
    scored["description"] = (
        "A scorecard as published on the site: the keys of its YAML file, plus the figures computed"
        " from it. Scores are exact strings: a decimal, or p/q when no decimal ends." + _ABOUT
    )
    scored["properties"]["computed"] = computed_schema()
    scored["required"] = [*scored["required"], "computed"]
    return scored


def index_schema(site_url: str | None = PUBLISHED_URL) -> JSON:
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


def all_schemas(site_url: str | None = PUBLISHED_URL) -> dict[str, JSON]:
    """Every schema the site publishes, by file name, in a fixed order."""
    schemas = {kind.schema_name: file_schema(kind, site_url) for kind in FILE_KINDS}
    schemas[SCORED_SCHEMA] = scored_schema(site_url)
    schemas[INDEX_SCHEMA] = index_schema(site_url)
    return schemas

"""The open data and its JSON Schemas: generated from the specs, true to the loader.

The schemas must be valid, must accept every real data file as an editor
reads it (YAML 1.2 core types), must reject what the loader rejects in the
common cases, and must never be stricter than the loader.  The JSON files
of the built site must validate against their schemas, keep every number
exact, and carry the same figures as ``scoring.py`` and ``scores --json``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conftest import DATA, DOCS, ROOT, SITE, Links, OnPage, check_with, copy_project, score_card
from macros.cli.main import scores_json
from macros.compute import scoring
from macros.data import load, model, schema
from macros.render import jsonschema_gen, opendata
from trees import ACTIONS, mutate, places

# -- YAML as an editor reads it ----------------------------------------------------


class CoreLoader(yaml.SafeLoader):
    """YAML 1.2 core types, as the YAML language server reads a file.

    PyYAML follows YAML 1.1: ``2024-05-21`` would be a date, ``yes`` a
    boolean, ``017`` octal.  Under the core schema the first two are text
    and the last is seventeen.
    """


def _int(loader: CoreLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


def _float(loader: CoreLoader, node: yaml.ScalarNode) -> float:
    text = str(loader.construct_scalar(node))
    if text.lstrip("+-").lower() == ".inf":
        return -math.inf if text.startswith("-") else math.inf
    if text.lower() == ".nan":
        return math.nan
    return float(text)


CoreLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
):
    CoreLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), _first)
CoreLoader.add_constructor("tag:yaml.org,2002:int", _int)
CoreLoader.add_constructor("tag:yaml.org,2002:float", _float)


def read_core(text: str) -> Any:
    return yaml.load(text, Loader=CoreLoader)


def test_core_loader_reads_yaml_1_2():
    document = read_core("a: 2024-05-21\nb: 2024\nc: yes\nd: 017\ne: 0x1f\nf: 1e5\ng: .5\nh: ~\ni: True\n")
    assert document == {
        "a": "2024-05-21",
        "b": 2024,
        "c": "yes",
        "d": 17,
        "e": 31,
        "f": 1e5,
        "g": 0.5,
        "h": None,
        "i": True,
    }


# -- the schemas ---------------------------------------------------------------------


def _published_url() -> str:
    """Where the site is published for good: mkdocs.yml's site_url when SITE_URL is not set."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    default = re.search(r'^site_url: !ENV \[SITE_URL, "([^"]+)"\]$', config, re.M)
    assert default is not None, "mkdocs.yml sets site_url from SITE_URL with a default"
    return default.group(1)


PUBLISHED_URL = _published_url()
SCHEMAS = jsonschema_gen.all_schemas(PUBLISHED_URL)


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(SCHEMAS[name])


def problems_of(name: str, document: Any) -> list[str]:
    return sorted(
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator(name).iter_errors(document)
    )


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_generated_schemas_are_valid(name):
    Draft202012Validator.check_schema(SCHEMAS[name])
    assert SCHEMAS[name]["$id"] == PUBLISHED_URL + "schemas/" + name
    assert SCHEMAS[name]["title"] and SCHEMAS[name]["description"]


def test_schema_names_and_ids():
    assert [kind.schema_name for kind in schema.FILES] == [
        "sequence.schema.json",
        "tiers.schema.json",
        "works.schema.json",
        "prediction-list.schema.json",
        "scorecard.schema.json",
        "markets.schema.json",
    ]
    assert schema.schema_url("x.json", "http://127.0.0.1:8000") == "http://127.0.0.1:8000/schemas/x.json"
    assert schema.schema_url("x.json", None) == "/schemas/x.json"


def test_descriptions_come_from_the_specs():
    works = SCHEMAS["works.schema.json"]
    work = works["properties"]["works"]["items"]
    assert work["required"] == [field.name for field in schema.WORK_RECORD.fields if field.required]
    assert work["additionalProperties"] is False
    assert work["properties"]["tier"]["description"].startswith("The tier the author places the work on.")
    assert "Optional." in work["properties"]["tier"]["description"]
    assert SCHEMAS["prediction-list.schema.json"]["title"] == "A prediction list: data/predictions/<id>.yaml"


# -- the real data files ---------------------------------------------------------------


def data_files(data_dir: Path = DATA) -> list[tuple[Path, schema.Record]]:
    files = [(data_dir / name, spec) for name, spec in load.SINGLE_FILES.items()]
    for folder, spec in load.FOLDERS.items():
        files += [(path, spec) for path in sorted((data_dir / folder).glob("*.yaml"))]
    return files


FILES = data_files()
FILE_IDS = [path.relative_to(SITE).as_posix() for path, _ in FILES]


@pytest.mark.parametrize(("path", "spec"), FILES, ids=FILE_IDS)
def test_real_yaml_validates_against_its_schema(path, spec):
    document = read_core(path.read_text(encoding="utf-8"))
    assert problems_of(schema.file_of(spec).schema_name, document) == []


@pytest.mark.parametrize(("path", "spec"), FILES, ids=FILE_IDS)
def test_real_yaml_starts_with_its_modeline(path, spec):
    expected = schema.modeline(spec, PUBLISHED_URL)
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    shown = path.relative_to(SITE).as_posix()
    assert first == expected, f"{shown} must start with the line:\n{expected}"


def _read(tmp_path: Path, name: str, text: str, spec: schema.Record) -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _, problems = load.read_file(path, spec)
    return [problem.message for problem in problems]


def test_modeline_may_be_absent_or_point_elsewhere_but_must_name_the_right_schema(tmp_path):
    spec = schema.LIST_FILE
    text = (DATA / "predictions" / "may-2024.yaml").read_text(encoding="utf-8")
    body = text.split("\n", 1)[1]
    assert _read(tmp_path, "a.yaml", text, spec) == []
    assert _read(tmp_path, "b.yaml", body, spec) == []
    local = "# yaml-language-server: $schema=../../site/schemas/prediction-list.schema.json\n"
    assert _read(tmp_path, "c.yaml", local + body, spec) == []
    wrong = text.replace("prediction-list.schema.json", "works.schema.json", 1)
    fix = schema.modeline(spec, PUBLISHED_URL)
    assert _read(tmp_path, "d.yaml", wrong, spec) == [
        f"the modeline names the schema 'works.schema.json', not this file's: write {fix}"
    ]
    assert _read(tmp_path, "e.yaml", "# yaml-language-server: $schema=\n" + body, spec) == [
        "the modeline names no schema: write the address of prediction-list.schema.json after $schema="
    ]


@pytest.mark.parametrize(
    ("address", "fixed"),
    [
        ("https://example.org/site/schemas/works.schema.json", "https://example.org/site/schemas/"),
        ("../../site/schemas/scorecard.schema.json", "../../site/schemas/"),
        ("https://example.org/site/schemas/", "https://example.org/site/schemas/"),
        ("https://example.org/site/schemas", "https://example.org/site/schemas/"),
        ("works.schema.json", ""),
    ],
)
def test_modeline_fix_keeps_the_authors_address(address, fixed):
    problems = schema.modeline_problems("f.yaml", schema.MODELINE_PREFIX + address, schema.LIST_FILE)
    assert [problem.message.rsplit("write ", 1)[1] for problem in problems] == [
        schema.MODELINE_PREFIX + fixed + "prediction-list.schema.json"
    ]


# -- what both reject --------------------------------------------------------------------

CARD = "scorecards/may-2024-scaling-monosemanticity.yaml"


def _set(*where: Any, value: Any) -> Callable[[Any], None]:
    def change(tree: Any) -> None:
        for step in where[:-1]:
            tree = tree[step]
        tree[where[-1]] = value

    return change


def _delete(*where: Any) -> Callable[[Any], None]:
    def change(tree: Any) -> None:
        for step in where[:-1]:
            tree = tree[step]
        del tree[where[-1]]

    return change


BROKEN = [
    ("unknown-key", "works.yaml", _set("works", 0, "titel", value="A title")),
    ("unknown-top-level-key", "sequence.yaml", _set("subtitle", value="More")),
    ("missing-required-key", "predictions/eis-xiv.yaml", _delete("predictions", 0, "claim")),
    ("missing-file-key", CARD, _delete("outcomes")),
    ("wrong-type-text-for-number", "sequence.yaml", _set("planned_parts", value="twelve")),
    ("wrong-type-list-for-text", "tiers.yaml", _set("tiers", 0, "name", value=["a", "b"])),
    ("wrong-type-quoted-year", "works.yaml", _set("works", 0, "year", value="2024")),
    ("integer-out-of-range", "tiers.yaml", _set("tiers", 0, "tier", value=6)),
    ("probability-above-one", "predictions/may-2024.yaml", _set("predictions", 0, "p", value=1.5)),
    ("probability-negative", "markets.yaml", _set("markets", 0, "snapshots", 0, "p", value=-0.1)),
    ("percent-above-100", "predictions/may-2024.yaml", _set("predictions", 0, "p", value="120%")),
    ("quoted-probability", "predictions/may-2024.yaml", _set("predictions", 0, "p", value="0.5")),
    ("boolean-probability", "predictions/may-2024.yaml", _set("predictions", 0, "p", value=True)),
    ("bad-slug", CARD, _set("work", value="Scaling_Monosemanticity")),
    ("bad-outcome-key", CARD, _set("outcomes", "Eye Test", value=True)),
    ("bad-date-month", "markets.yaml", _set("markets", 0, "snapshots", 0, "date", value="2024-13-01")),
    ("bad-date-form", "sequence.yaml", _set("parts", 0, "date", value="Feb 2023")),
    ("date-before-1900", CARD, _set("date", value="1899-12")),
    ("date-day-31-in-april", CARD, _set("date", value="2024-04-31")),
    ("outcome-misspelt", CARD, _set("outcomes", "eye-test", value="yes")),
    ("outcome-quoted", CARD, _set("outcomes", "eye-test", value="true")),
    ("choice-misspelt", "works.yaml", _set("works", 0, "tier_position", value="middle")),
    ("url-scheme", "works.yaml", _set("works", 0, "url", value="ftp://example.org/paper")),
    ("url-without-host", "works.yaml", _set("works", 0, "url", value="https:///paper")),
    ("blank-text", "works.yaml", _set("works", 0, "note", value="   ")),
    ("control-character", "works.yaml", _set("works", 0, "note", value="a\x07b")),
    ("direction-override", "works.yaml", _set("works", 0, "note", value="a\u202eb")),
    ("text-too-long", "works.yaml", _set("works", 0, "note", value="x" * (schema.MAX_TEXT + 1))),
    ("empty-list", "predictions/eis-xiv.yaml", _set("predictions", value=[])),
    ("empty-author-list", "works.yaml", _set("works", 0, "authors", value=[])),
    ("required-key-empty", "markets.yaml", _set("markets", 0, "question", value=None)),
    (
        "resolution-outcome-misspelt",
        "markets.yaml",
        _set("markets", 0, "resolution", value={"outcome": "yse", "date": "2025-01-15"}),
    ),
    (
        "resolution-without-date",
        "markets.yaml",
        _set("markets", 0, "resolution", value={"outcome": "no"}),
    ),
    ("top-level-list", "tiers.yaml", lambda tree: tree.__setitem__("tiers", {"tier": 1})),
    ("reason-unknown-key", CARD, _set("outcomes", "eye-test", value={"outcome": True, "notes": "A note."})),
    ("reason-without-outcome", CARD, _set("outcomes", "eye-test", value={"note": "A note."})),
    ("reason-outcome-misspelt", CARD, _set("outcomes", "eye-test", value={"outcome": "yes"})),
    ("reason-evidence-not-a-url", CARD, _set("outcomes", "eye-test", value={"outcome": True, "evidence": "p. 4"})),
    (
        "reason-note-too-long",
        CARD,
        _set("outcomes", "eye-test", value={"outcome": True, "note": "x" * (schema.MAX_NOTE + 1)}),
    ),
    ("reason-blank-note", CARD, _set("outcomes", "eye-test", value={"outcome": False, "note": " "})),
]


@pytest.mark.parametrize(("name", "file", "change"), BROKEN, ids=[case[0] for case in BROKEN])
def test_schema_rejects_what_the_loader_rejects(tmp_path, name, file, change):
    path = DATA / file
    spec = next(spec for candidate, spec in FILES if candidate == path)
    tree = read_core(path.read_text(encoding="utf-8"))
    change(tree)
    # JSON is YAML: the loader reads the very same document.
    assert _read(tmp_path, path.name, json.dumps(tree, ensure_ascii=False), spec) != [], "the loader accepts it"
    assert problems_of(schema.file_of(spec).schema_name, tree) != [], "the schema accepts it"


# -- never stricter than the loader: a property ---------------------------------------------


# Values the loader accepts somewhere, values it refuses, and values near the edges.
REPLACEMENTS = st.one_of(
    st.sampled_from(
        [
            None,
            True,
            False,
            0,
            1,
            5,
            7,
            1900,
            2024,
            9999,
            -1,
            0.0,
            0.5,
            1.0,
            1e-300,
            1.5,
            "60%",
            " 12.5 % ",
            "100%",
            "100.5%",
            "007%",
            "0.5",
            "2024",
            "2024-02",
            "2024-02-29",
            "2023-02-29",
            "2024-13",
            "1899",
            "https://example.org/x?y#z",
            "HTTP://EXAMPLE.ORG",
            "  https://example.org  ",
            "ftp://example.org",
            "over",
            "under",
            "yes",
            "no",
            "low",
            "high",
            "ambiguous",
            "true",
            "a-slug",
            "007",
            "Not A Slug",
            "",
            " ",
            "1984",
            "#1a237e",
            "#FFFFFF",
            "naïve 🦊",
            "line\nbreak\n",
            [],
            ["A. Person"],
            ["A. Person", 2024],
            {},
            {"id": "x"},
        ]
    ),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[Path, str]:
    """A real data file, read as YAML 1.2, with fields deleted, duplicated or retyped."""
    path, _ = draw(st.sampled_from(FILES))
    tree = read_core(path.read_text(encoding="utf-8"))
    if path.name == "markets.yaml" and draw(st.booleans()):
        # No real market has resolved yet: give one a resolution for the mutations to reach.
        outcome = draw(st.sampled_from(["yes", "no", "ambiguous"]))
        date = draw(st.sampled_from(["2024-10-11", "2024-10", "2025-01-15", "2026"]))
        tree["markets"][0]["resolution"] = {"outcome": outcome, "date": date}
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(list(places(tree))))
        action = draw(st.sampled_from([*ACTIONS, "retype"]))  # retyping finds the most edges
        mutate(tree, where, action, draw(REPLACEMENTS) if action == "retype" else None)
    style = draw(st.sampled_from(["yaml", "json"]))
    if style == "json":
        text = json.dumps(tree, ensure_ascii=False, indent=1)
    else:
        text = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)
    return path, text


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("opendata"))


@settings(
    max_examples=100,
    deadline=3000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=mutated())
def test_schema_is_never_stricter_than_the_loader(project, case):
    path, text = case
    dataset, problems = check_with(project, path, text)
    event("accepted" if not problems else "rejected")
    if problems:
        return
    assert dataset is not None
    spec = next(spec for candidate, spec in FILES if candidate == path)
    assert problems_of(schema.file_of(spec).schema_name, read_core(text)) == [], text


# -- the JSON of the built site ----------------------------------------------------------------


def read_json(path: Path) -> Any:
    # Decimals, so that a number written 0.15 is read as exactly 0.15.
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


@pytest.fixture(scope="module")
def site_index(built_site: Path) -> dict[str, Any]:
    return dict(read_json(built_site / opendata.INDEX))


def _site_validator(built_site: Path, schema_url: str) -> Draft202012Validator:
    name = schema_url.rsplit("/", 1)[-1]
    document = json.loads((built_site / "schemas" / name).read_text(encoding="utf-8"))
    assert document["$id"] == schema_url
    return Draft202012Validator(document)


def test_site_publishes_every_schema(built_site):
    published = sorted(path.name for path in (built_site / "schemas").glob("*.json"))
    assert published == sorted(SCHEMAS)
    for path in (built_site / "schemas").glob("*.json"):
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


def test_every_json_file_in_the_site_validates(built_site, site_index):
    entries = site_index["files"]
    on_disk = sorted(path.relative_to(built_site).as_posix() for path in (built_site / "data").rglob("*.json"))
    assert on_disk == sorted([opendata.INDEX, *(entry["path"] for entry in entries)])
    index_schema = next(iter(entries))["schema"].rsplit("/", 1)[0] + "/" + jsonschema_gen.INDEX_SCHEMA
    assert list(_site_validator(built_site, index_schema).iter_errors(site_index)) == []
    for entry in entries:
        document = read_json(built_site / entry["path"])
        errors = [error.message for error in _site_validator(built_site, entry["schema"]).iter_errors(document)]
        assert errors == [], entry["path"]
    sources = {entry["source"] for entry in entries}
    assert sources == {path.relative_to(SITE).as_posix() for path, _ in FILES}


def test_json_mirrors_each_yaml_file_and_keeps_numbers_exact(built_site, site_index, tmp_path):
    """Each JSON file, read back by the loader as the YAML file it mirrors, gives the same data."""
    data_dir = tmp_path / "data"
    for entry in site_index["files"]:
        text = (built_site / entry["path"]).read_text(encoding="utf-8")
        document = json.loads(text)
        if "computed" in document:  # what the site adds to a list or a scorecard
            del document["computed"]
            text = json.dumps(document, ensure_ascii=False)
        target = tmp_path / entry["source"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    assert load.load(data_dir, DOCS) == load.load(DATA, DOCS)


def test_probabilities_are_exact(built_site):
    data = load.load(DATA, DOCS)
    for plist in data.lists:
        document = read_json(built_site / f"data/predictions/{plist.id}.json")
        written = [Fraction(item["p"]) for item in document["predictions"]]
        assert written == [prediction.p for prediction in plist.predictions]
        assert all(isinstance(item["p"], Decimal) for item in document["predictions"])
    markets = read_json(built_site / "data/markets.json")["markets"]
    for market, document in zip(data.markets, markets, strict=True):
        assert [Fraction(snap["p"]) for snap in document["snapshots"]] == [snap.p for snap in market.snapshots]


def test_scorecard_figures_equal_the_scoring(built_site):
    data = load.load(DATA, DOCS)
    assert data.scorecards
    for card in data.scorecards:
        computed = read_json(built_site / f"data/scorecards/{card.id}.json")["computed"]
        result = score_card(data, card)
        assert Fraction(computed["score"]) == result.score
        assert (Fraction(computed["brier"]) if computed["brier"] is not None else None) == result.brier
        assert (computed["judged"], computed["happened"], computed["ambiguous"]) == (
            result.judged,
            result.happened,
            result.ambiguous,
        )
        assert computed["verdict"] == result.verdict.value
        points = {key: Fraction(value) if value is not None else None for key, value in computed["points"].items()}
        assert sum(value for value in points.values() if value is not None) == result.score
    for plist in data.lists:
        computed = read_json(built_site / f"data/predictions/{plist.id}.json")["computed"]
        span = scoring.list_range(plist)
        assert (Fraction(computed["best"]), Fraction(computed["worst"])) == (span.best, span.worst)
        assert computed["size"] == len(plist.predictions)
        assert sorted(computed["scorecards"]) == sorted(card.id for card in data.scorecards_of(plist.id))


def test_scores_json_carries_the_figures_the_open_data_does():
    """``scores --json`` and the open data give the same fields with the same values."""
    data = load.load(DATA, DOCS)
    documents = {item.source: item.document for item in opendata.published(data)}
    report = scores_json(data)
    for section, folder in (("scorecards", "scorecards"), ("lists", "predictions")):
        assert report[section], section
        for entry in report[section]:
            document = documents[f"data/{folder}/{entry['id']}.yaml"]
            published = {key: document[key] for key in entry if key not in document["computed"]}
            # Each forecast's address depends on where the site is served, which scores --json does not know.
            figures = {key: value for key, value in document["computed"].items() if key != "forecasts"}
            assert {**published, **figures} == entry


def test_data_page_links_every_file(built_site, site_index):
    page = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    for entry in site_index["files"]:
        assert f'href="{entry["path"].removeprefix("data/")}"' in page
        assert f'href="../schemas/{entry["schema"].rsplit("/", 1)[-1]}"' in page
    assert 'href="index.json"' in page and 'href="../schemas/index.schema.json"' in page


# -- writing --------------------------------------------------------------------------------


def test_json_text_is_deterministic_and_exact():
    document = {"b": [opendata.ExactNumber("0.15"), 1, True, None], "a": {}, "c": [], "d": 'naïve "q"'}
    assert opendata.dumps(document) == (
        '{\n  "b": [\n    0.15,\n    1,\n    true,\n    null\n  ],\n  "a": {},\n  "c": [],\n  "d": "naïve \\"q\\""\n}\n'
    )
    with pytest.raises(TypeError):
        opendata.dumps({"p": 0.15})


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200)
@given(_JSON)
def test_json_text_is_jsons_own_with_an_indent_of_two(value):
    assert opendata.dumps(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def test_computed_for_a_card_with_nothing_judged():
    data = load.load(DATA, DOCS)
    card = data.scorecards[0]
    ambiguous = [model.Judgement(j.prediction, model.Outcome.AMBIGUOUS) for j in card.outcomes]
    figures = opendata.figures_json(
        scoring.scorecard_figures(
            data, model.Scorecard(card.id, card.predictions, card.work, card.date, tuple(ambiguous))
        ),
        of_data=False,
    )
    assert figures == {
        "score": "0",
        "brier": None,
        "judged": 0,
        "happened": 0,
        "ambiguous": len(ambiguous),
        "verdict": "nothing judged",
        "worst": "-3.74",
        "best": "6.26",
        "expected": "0",
        "right_side": 0,
        "disagreement": "none",
        "points": dict.fromkeys((j.prediction for j in card.outcomes), None),
    }
    computed = SCHEMAS["scorecard-scored.schema.json"]["properties"]["computed"]
    assert list(Draft202012Validator(computed).iter_errors(figures)) == []


def test_data_files_macro_lists_every_file_with_its_schema():
    data = load.load(DATA, DOCS)
    table = str(OnPage(data, Links(depth=1, current_part=None)).data_files())
    assert table.startswith('<div class="eis-table-wrap"><table class="eis-data-files">')
    for item in opendata.published(data):
        assert f'<a href="../{item.path}">' in table
        assert f'<a href="../schemas/{item.schema}">' in table
        assert f"<code>{item.source.replace('/', '/<wbr>')}</code>" in table  # may break after a slash


def test_each_forecast_has_its_address_in_the_built_site(built_site):
    document = json.loads((built_site / "data" / "predictions" / "may-2024.json").read_text(encoding="utf-8"))
    assert document["computed"]["forecasts"][3] == {
        "id": "sparse-peft",
        "position": 4,
        "citation": "Anthropic's next SAE paper (May 2024), forecast 4",
        "url": "https://eis-sequence.github.io/eis-site/ledger/may-2024/#sparse-peft",
    }
    card = json.loads(
        (built_site / "data" / "scorecards" / "may-2024-scaling-monosemanticity.json").read_text(encoding="utf-8")
    )
    assert card["outcomes"]["sparse-peft"] == {
        "outcome": False,
        "note": "No sparse fine-tuning of the SAE's embeddings, & no test against <LoRA>.",
        "evidence": "https://transformer-circuits.pub/2024/scaling-monosemanticity/?part=2&view=full#discussion",
    }
    assert card["outcomes"]["eye-test"] is True


def test_forecasts_without_pages_have_no_address():
    data = load.load(DATA, DOCS)
    for item in opendata.published(data):
        for forecast in item.document.get("computed", {}).get("forecasts", []):
            assert forecast["url"] is None
    placed = opendata.published(data, "https://example.org/s/", lambda path: "ledger/x/")
    urls = [f["url"] for item in placed for f in item.document.get("computed", {}).get("forecasts", [])]
    assert urls and all(url.startswith("https://example.org/s/ledger/x/#") for url in urls)


def test_the_listing_alone_names_the_same_files_and_computes_nothing():
    data = load.load(DATA, DOCS)
    listed = opendata.published(data, documents=False)
    whole = opendata.published(data)
    assert [(item.path, item.schema, item.source, item.description) for item in listed] == [
        (item.path, item.schema, item.source, item.description) for item in whole
    ]
    assert all(item.document is None for item in listed)

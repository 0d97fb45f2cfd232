"""Data text can never become markup, wherever the site shows it.

Every free-text field of the data is found from the record specs, so a text
field added to the schema is covered without touching this file; so are
the titles and descriptions in the pages' front matter.  The site
is built twice: once with a plain marker in each field, once with the marker
and a payload of HTML, Markdown and Jinja metacharacters.  The two builds
must have the same elements and attributes, and the hostile one must show
each payload, literally, wherever the plain one shows its marker.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import markupsafe
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from mkdocs.config import load_config

from conftest import DATA, DOCS, ROOT, Links, OnPage, add_page, copy_project, mkdocs_build
from macros.data import load, schema
from macros.data.model import Dataset
from macros.render import badges, citation

PAYLOAD = (
    "<script>alert(1)</script> &amp; & \" ' | *bold* `code` _x_ [link](https://example.com) "
    "{{ 7*7 }} {% raw %} {%endraw%} <!-- ]]> | a | b | naïve 🦊"
)
MARKER = re.compile(r"txt\d{4}")
# Kinds whose values are checked against a fixed form (an id, a number, a
# date, a web address, a choice), so they can't hold a payload.  A new kind
# must be placed here or taught to `text_slots`: an unknown kind fails loudly.
VALIDATED = (
    schema.Slug,
    schema.Colour,
    schema.Integer,
    schema.Probability,
    schema.Date,
    schema.Url,
    schema.Choice,
    schema.Outcomes,
)
# Attributes whose values people read (or hear); the others hold ids, slugs and URLs.
SHOWN_ATTRIBUTES = {"title", "content", "aria-label", "alt", "placeholder", "value", "summary"}


def marker(index: int) -> str:
    # Equal widths: no marker is a prefix of another, and sorting by one sorts by the other.
    return f"txt{index:04d}"


def hostile_text(mark: str) -> str:
    # The marker ends the value too, so text made from a name's last word (a
    # citation's surname) is the same word in both builds.
    return f"{mark} {PAYLOAD} {mark}"


# -- the data's text fields ----------------------------------------------------


Slot = tuple[Any, Any]  # a loaded YAML container, and the key or index of one text value in it


def text_slots(kind: schema.Kind, container: Any, key: Any) -> Iterator[Slot]:
    """Where ``container[key]``, read as ``kind``, holds free text."""
    value = container[key]
    if value is None:
        return  # an optional field left empty
    if isinstance(kind, schema.Record):
        for field in kind.fields:
            if field.name in value:
                yield from text_slots(field.kind, value, field.name)
    elif isinstance(kind, schema.ListOf):
        for index in range(len(value)):
            yield from text_slots(kind.item, value, index)
    elif isinstance(kind, schema.Authors):
        # One name, or a list of names (see Authors.description).
        yield from text_slots(
            schema.ListOf(schema.Text()) if isinstance(value, list) else schema.Text(), container, key
        )
    elif isinstance(kind, schema.Text):
        yield container, key
    elif not isinstance(kind, VALIDATED):
        raise TypeError(f"{type(kind).__name__}: free text or validated? Add it to text_slots or VALIDATED")


def data_files(data_dir: Path) -> Iterator[tuple[Path, schema.Record]]:
    for name, spec in load.SINGLE_FILES.items():
        yield data_dir / name, spec
    for folder, spec in load.FOLDERS.items():
        for path in sorted((data_dir / folder).glob("*.yaml")):
            yield path, spec


def rewrite_text_fields(data_dir: Path, new_text: Callable[[int, Any], str]) -> int:
    """Replace text field number i (old value v) with ``new_text(i, v)``; how many fields there are."""
    count = 0
    for path, spec in data_files(data_dir):
        document = {"root": yaml.safe_load(path.read_text(encoding="utf-8"))}
        for container, key in text_slots(spec, document, "root"):
            container[key] = new_text(count, container[key])
            count += 1
        path.write_text(yaml.safe_dump(document["root"], allow_unicode=True, sort_keys=False), encoding="utf-8")
    return count


# Front matter is the author's text, and the theme prints it unescaped.
FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.S)
FRONT_MATTER_TEXT = ("title", "description")
TITLED_PAGE = "---\ntitle: A page titled in its front matter\ndescription: Its description.\n---\n\nBody text.\n"


def rewrite_front_matter(docs_dir: Path, new_text: Callable[[int, Any], str], start: int) -> int:
    """Like ``rewrite_text_fields``, for the pages' front matter, numbered from ``start``."""
    count = start
    for path in sorted(docs_dir.rglob("*.md")):
        source = path.read_text(encoding="utf-8")
        match = FRONT_MATTER.match(source)
        if match is None:
            continue
        meta = yaml.safe_load(match.group(1))
        for key in FRONT_MATTER_TEXT:
            if isinstance(meta.get(key), str):
                meta[key] = new_text(count, meta[key])
                count += 1
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        path.write_text(f"---\n{front}---\n{source[match.end() :]}", encoding="utf-8")
    return count - start


def test_yaml_round_trip_keeps_every_value(tmp_path):
    """The rewrite goes through PyYAML: dates, percents and numbers must read back the same."""
    project = copy_project(tmp_path)
    count = rewrite_text_fields(project / "data", lambda _, old: old)
    assert count > 0
    assert load.load(project / "data", project / "docs") == real_data()


# -- what a page is made of ---------------------------------------------------------


# A share image is named by a digest of its words, which the two builds write differently.
SHARE_IMAGE = re.compile(r"assets/cards/[0-9a-f]+\.png")


class Outline(HTMLParser):
    """A page as its elements (tag, attribute names) and the text around them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.structure: list[tuple[str, tuple[str, ...]]] = []
        self.texts = [""]  # texts[k + 1] follows structure[k]; texts[0] comes before any
        self.shown: list[str] = []  # values of SHOWN_ATTRIBUTES, in page order
        self.attribute_values: list[str] = []
        self.feed(html)
        self.close()

    def _event(self, name: str, attrs: tuple[str, ...] = ()) -> None:
        self.structure.append((name, attrs))
        self.texts.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ordered = sorted(attrs, key=lambda attr: attr[0])  # a repeated attribute stays in twice
        self._event(tag, tuple(name for name, _ in ordered))
        values = [(name, SHARE_IMAGE.sub("assets/cards/<card>.png", value or "")) for name, value in ordered]
        self.shown += [value for name, value in values if name in SHOWN_ATTRIBUTES]
        self.attribute_values += [value for _, value in values]

    def handle_endtag(self, tag: str) -> None:
        self._event("/" + tag)

    # A comment or declaration from data would be new markup just as a tag would.
    def handle_comment(self, data: str) -> None:
        self._event("<!--")

    def handle_decl(self, decl: str) -> None:
        self._event("<!")

    def unknown_decl(self, data: str) -> None:
        self._event("<![")

    def handle_pi(self, data: str) -> None:
        self._event("<?")

    def handle_data(self, data: str) -> None:
        self.texts[-1] += data

    def readable(self) -> list[str]:
        """Everything a reader sees or hears, in order: text, then shown attribute values."""
        return [normal(text) for text in self.texts + self.shown]

    def tables(self) -> list[list[int]]:
        """Cells per row, for every table in order."""
        shapes: list[list[int]] = []
        open_tables: list[list[int]] = []
        for name, _ in self.structure:
            if name == "table":
                open_tables.append([])
                shapes.append(open_tables[-1])
            elif name == "/table":
                open_tables.pop()
            elif name == "tr":
                open_tables[-1].append(0)
            elif name in ("td", "th"):
                open_tables[-1][-1] += 1
        return shapes

    def scripts(self) -> list[str]:
        return [self.texts[k + 1] for k, (name, _) in enumerate(self.structure) if name == "script"]

    def count(self, needle: str) -> int:
        """Occurrences in text and attribute values, markers aside (``txt0049``, twice in a hostile value)."""
        return sum(MARKER.sub(" ", value).count(needle) for value in self.texts + self.attribute_values)


def normal(text: str) -> str:
    return " ".join(text.split())


def differences(
    plain: Outline, marked: Outline, expect: Callable[[str], str] = str, see: Callable[[str], str] = str
) -> list[str]:
    """How two pages differ, beyond ``see(marked text) == expect(plain text)``; nothing if they don't."""
    if marked.structure != plain.structure:
        return [f"elements or attributes differ at {first_difference(plain.structure, marked.structure)}"]
    if marked.tables() != plain.tables():
        return [f"table shapes differ: {plain.tables()} != {marked.tables()}"]
    return [
        f"text {after!r} should read {expect(before)!r}"
        for before, after in zip(plain.readable(), marked.readable(), strict=True)
        if see(after) != expect(before)
    ]


def first_difference(plain: list[Any], marked: list[Any]) -> str:
    index = next(i for i, (a, b) in enumerate(zip([*plain, None], [*marked, None], strict=False)) if a != b)
    return f"{index}: {plain[max(index - 2, 0) : index + 3]} != {marked[max(index - 2, 0) : index + 3]}"


# -- the whole site, built twice --------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Builds:
    fields: int
    plain: dict[str, Outline]
    hostile: dict[str, Outline]


def build_with(tmp_path: Path, new_text: Callable[[int, Any], str]) -> tuple[int, dict[str, Outline]]:
    project = copy_project(tmp_path)
    add_page(project, "titled.md", TITLED_PAGE)
    count = rewrite_text_fields(project / "data", new_text)
    count += rewrite_front_matter(project / "docs", new_text, count)
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    pages = sorted(path for path in site.rglob("*") if path.suffix in (".html", ".svg"))
    return count, {path.relative_to(site).as_posix(): Outline(path.read_text(encoding="utf-8")) for path in pages}


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    count, plain = build_with(tmp_path_factory.mktemp("plain"), lambda index, _: marker(index))
    same_count, hostile = build_with(tmp_path_factory.mktemp("hostile"), lambda index, _: hostile_text(marker(index)))
    assert count == same_count and count > 0
    assert plain.keys() == hostile.keys()
    return Builds(count, plain, hostile)


# The payload as text, and as the tiers page's embed snippets must write it
# for readers to copy: Markdown-escaped in a link's label, HTML-escaped in
# an attribute (tests/site/test_publish.py checks the snippets render it back).
PAYLOAD_FORMS = (
    normal(PAYLOAD),
    badges.markdown_text(normal(PAYLOAD)),
    str(markupsafe.escape(normal(PAYLOAD))),
    citation.bibtex_text(normal(PAYLOAD)),  # in a part's BibTeX entry, for LaTeX to print as written
)
PAYLOAD_AROUND_MARKER = re.compile(rf"({MARKER.pattern}) (?:{'|'.join(re.escape(form) for form in PAYLOAD_FORMS)}) \1")


def without_payloads(text: str) -> str:
    return PAYLOAD_AROUND_MARKER.sub(r"\1", text)


def test_hostile_text_adds_no_markup_and_reads_as_written(builds):
    found = {
        name: differences(plain, builds.hostile[name], see=without_payloads) for name, plain in builds.plain.items()
    }
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_every_field_shows_its_whole_payload(builds):
    everywhere: set[str] = set()
    for name, plain in builds.plain.items():
        shown = set(MARKER.findall(" ".join(plain.readable())))
        page = " ".join(builds.hostile[name].readable())
        assert not sorted(mark for mark in shown if normal(hostile_text(mark)) not in page), name
        everywhere |= shown
    # Every field is on some page, so every field was checked.
    assert sorted({marker(index) for index in range(builds.fields)} - everywhere) == []


def test_no_template_ran_and_no_script_came_from_data(builds):
    for name, plain in builds.plain.items():
        hostile = builds.hostile[name]
        assert hostile.count("49") == plain.count("49"), name  # {{ 7*7 }} was never evaluated
        assert not any("alert(" in script for script in hostile.scripts()), name


# -- any text, through the renderer and Markdown ---------------------------------------

# Metacharacters of HTML, Markdown, its extensions and Jinja, with some words,
# whitespace and non-ASCII to put between them.
ALPHABET = "<>&\"'|*_`[]{}%#!\\~^=()-:;/. \n\tab7é🦊"


# Plain functions, not fixtures: Hypothesis would print a fixture's value with each failure.
@cache
def real_data() -> Dataset:
    return load.load(DATA, DOCS)


@cache
def site_markdown() -> markdown.Markdown:
    """A converter with the extensions and settings of mkdocs.yml."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])


@cache
def page_showing(value: str) -> Outline:
    """Part 14's page, with ``value`` as its title, a work's title, a list's title and a claim."""
    data = real_data()
    part = Links().current_part
    work, plist = data.works[0], data.lists[0]
    claim = dataclasses.replace(plist.predictions[0], claim=value)
    # Not made in a part: the ledger adds a full stop after the part's title
    # unless the title ends a sentence, which is wording, not escaping.
    plist = dataclasses.replace(plist, title=value, made_in=None, predictions=(claim, *plist.predictions[1:]))
    changed = dataclasses.replace(
        data,
        sequence=dataclasses.replace(
            data.sequence,
            parts=tuple(dataclasses.replace(p, title=value) if p.part == part else p for p in data.sequence.parts),
        ),
        works=(dataclasses.replace(work, title=value), *data.works[1:]),
        lists=(plist, *data.lists[1:]),
    )
    r = OnPage(changed, Links())
    blocks = [
        r.part_header(),
        Markup(f"Cited as {r.cite(work.id)} in {r.part_title()}, inline."),
        r.works_table(),
        r.ledger(),
    ]
    return Outline(site_markdown().reset().convert("\n\n".join(blocks)))


@settings(max_examples=200, deadline=None)
@given(value=st.text(ALPHABET, min_size=1, max_size=40).map(str.strip).filter(bool))
def test_any_text_renders_as_itself(value):
    found = differences(
        page_showing(marker(0)), page_showing(value), expect=lambda text: text.replace(marker(0), normal(value))
    )
    assert found == []

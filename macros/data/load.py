"""Loading ``data/`` (and the parts hosted in ``docs/``) into one Dataset.

Each file is read strictly on its own, then the whole is checked for
duplicates and references.  Every problem is reported, sorted by place;
the site build and the command line share this one entry point.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import functools
import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

import yaml

from macros.data import frontmatter, model, schema, yamlsrc
from macros.data.problems import DataError, Loc, Problem

SINGLE_FILES = {
    "sequence.yaml": schema.SEQUENCE_FILE,
    "tiers.yaml": schema.TIERS_FILE,
    "works.yaml": schema.WORKS_FILE,
    "markets.yaml": schema.MARKETS_FILE,
}
FOLDERS = {
    "predictions": schema.LIST_FILE,
    "scorecards": schema.SCORECARD_FILE,
}
TIER_COUNT = 5


def display_path(path: Path) -> str:
    """A path as an author would type it: relative to where they stand."""
    text = str(path)
    if not os.path.isabs(text) and ".." not in path.parts:  # as given: already relative to here
        return text if os.sep == "/" else path.as_posix()
    here = os.getcwd() + os.sep
    if text.startswith(here):  # the usual case, without relpath's cost
        inside = text[len(here) :]
        return inside if os.sep == "/" else Path(inside).as_posix()
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


class Kept(Protocol):
    """Where parsed files are kept between builds (the build's cache: macros/site/cache.py)."""

    def get(self, kind: str, name: str) -> bytes | None: ...

    def put(self, kind: str, name: str, content: bytes) -> None: ...


# The cache's name for data files read into located nodes.
CACHE_KIND = "data"


@functools.cache
def _reader_version() -> bytes:
    """What a parsed file depends on besides its text: the reader's code and PyYAML's."""
    digest = hashlib.sha256(Path(yamlsrc.__file__).read_bytes())
    digest.update(f"{yaml.__version__} {yamlsrc._Loader.__name__}".encode())
    return digest.digest()


def _parsed(shown: str, text: str, kept: Kept | None) -> tuple[yamlsrc.Node | None, list[Problem]]:
    """``yamlsrc.parse``, or what it gave for the same text before, if that was kept."""
    if kept is None:
        return yamlsrc.parse(shown, text)
    name = hashlib.sha256(_reader_version() + b"\0" + shown.encode() + b"\0" + text.encode()).hexdigest()
    entry = kept.get(CACHE_KIND, name)
    if entry is not None:
        # An entry this code did not write is parsed again and kept again.
        with contextlib.suppress(ValueError):
            return yamlsrc.load_parsed(shown, entry)
    node, problems = yamlsrc.parse(shown, text)
    kept.put(CACHE_KIND, name, yamlsrc.dump_parsed(node, problems).encode())
    return node, problems


# path -> (what the file and the reader looked like, what was read).  The
# preview rebuilds the site after every edit and reloads all the data;
# files that have not changed since are not parsed again.
_read: dict[Path, tuple[tuple[int, int, str, int], tuple[Any, list[Problem]]]] = {}


def read_file(path: Path, spec: schema.Record, kept: Kept | None = None) -> tuple[Any, list[Problem]]:
    """One data file through the strict reader and its record spec."""
    stat = path.stat()
    # The working directory shapes the paths in messages.
    seen = (stat.st_mtime_ns, stat.st_size, os.getcwd(), id(spec))
    cached = _read.get(path)
    if cached is None or cached[0] != seen:
        cached = _read[path] = (seen, _read_file(path, spec, kept))
    value, problems = cached[1]
    return value, list(problems)


def _read_file(path: Path, spec: schema.Record, kept: Kept | None) -> tuple[Any, list[Problem]]:
    shown = display_path(path)
    text, problems = yamlsrc.decode(shown, path.read_bytes())
    if text is None:
        return schema.INVALID, problems
    modeline = schema.modeline_problems(shown, text.split("\n", 1)[0], spec)
    node, problems = _parsed(shown, text, kept)
    if node is None:
        return schema.INVALID, modeline + problems
    value, more = schema.collect(spec.read(node))
    return value, modeline + problems + more


def load(data_dir: Path, docs_dir: Path | None = None, kept: Kept | None = None) -> model.Dataset:
    """The validated dataset, or ``DataError`` carrying every problem."""
    dataset, problems = check(data_dir, docs_dir, kept)
    if problems or dataset is None:
        raise DataError(problems)
    return dataset


def check(
    data_dir: Path, docs_dir: Path | None = None, kept: Kept | None = None
) -> tuple[model.Dataset | None, list[Problem]]:
    """Every data file read and checked, and the whole; ``kept`` holds files parsed by earlier builds."""
    problems: list[Problem] = []
    if not data_dir.is_dir():
        return None, [Problem(Loc(display_path(data_dir), 1, 1), "data directory not found")]

    singles: dict[str, Any] = {}
    for name, spec in SINGLE_FILES.items():
        path = data_dir / name
        if not path.is_file():
            problems.append(Problem(Loc(display_path(path), 1, 1), "required data file is missing"))
            singles[name] = schema.INVALID
            continue
        singles[name], found = read_file(path, spec, kept)
        problems += found

    folders: dict[str, list[Any]] = {}
    for folder, spec in FOLDERS.items():
        folders[folder] = []
        for path in _yaml_files(data_dir / folder, problems):
            record, found = read_file(path, spec, kept)
            problems += found
            if record is not schema.INVALID:
                if record.id != path.stem:
                    problems.append(
                        Problem(record.where("id"), f"id '{record.id}' differs from the file name '{path.name}'")
                    )
                folders[folder].append(record)

    problems += _stray_files(data_dir)
    pages, found = hosted_pages(docs_dir) if docs_dir is not None else ((), [])
    problems += found

    values = list(singles.values())
    if any(value is schema.INVALID for value in values):
        return None, sorted(set(problems))
    dataset = model.Dataset(
        sequence=singles["sequence.yaml"],
        tiers=tuple(sorted(singles["tiers.yaml"], key=lambda tier: tier.tier)),
        works=singles["works.yaml"],
        lists=tuple(folders["predictions"]),
        scorecards=tuple(folders["scorecards"]),
        markets=singles["markets.yaml"],
        pages=tuple(pages),
    )
    dataset, found = _cross_checked(dataset)
    return dataset, sorted(set(problems + found))


# The last dataset and what cross_check found in it.  A preview's rebuild
# after an edit to a post reads the very same records again (read_file and
# hosted_pages keep them), and the whole need not be checked again.
_last_checked: list[tuple[model.Dataset, list[Problem]]] = []


def _cross_checked(dataset: model.Dataset) -> tuple[model.Dataset, list[Problem]]:
    """``cross_check``'s problems, and the dataset: the last one, where it holds the same records."""
    if _last_checked and _same_records(_last_checked[0][0], dataset):
        last, found = _last_checked[0]
        return last, list(found)
    found = list(cross_check(dataset))
    _last_checked[:] = [(dataset, found)]
    return dataset, list(found)


def _same_records(old: model.Dataset, new: model.Dataset) -> bool:
    """Whether two datasets hold the same record objects, field by field (records are frozen)."""
    for field in dataclasses.fields(model.Dataset):
        before, now = getattr(old, field.name), getattr(new, field.name)
        if before is now or (field.name == "pages" and _page_places(before) == _page_places(now)):
            # An edited page's front matter is read again: the same part, page and place is the same record.
            continue
        if not isinstance(before, tuple) or not isinstance(now, tuple) or len(before) != len(now):
            return False
        if any(a is not b for a, b in zip(before, now, strict=True)):
            return False
    return True


def _page_places(pages: tuple[model.HostedPage, ...]) -> list[tuple[int, str, Loc]]:
    """Hosted parts as they are compared: a record's place is not part of its equality, but is of its messages."""
    return [(page.part, page.src_path, page.loc) for page in pages]


def _yaml_files(folder: Path, problems: list[Problem]) -> Iterator[Path]:
    if not folder.is_dir():
        return
    # Sorted, so that the output never depends on the file system's order;
    # scandir knows a file from a folder without asking for each.
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        if entry.name.endswith(".yaml") and len(entry.name) > len(".yaml") and entry.is_file():
            yield path
        else:
            problems.append(Problem(Loc(display_path(path), 1, 1), "not a data file: expected a .yaml file here"))


def _stray_files(data_dir: Path) -> Iterator[Problem]:
    for path in sorted(data_dir.iterdir()):
        if path.name.startswith(".") or path.name in SINGLE_FILES or path.name in FOLDERS:
            continue
        expected = list(SINGLE_FILES) + list(FOLDERS)
        close = difflib.get_close_matches(path.name, expected, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        yield Problem(Loc(display_path(path), 1, 1), f"not a data file this site reads{hint}")


def hosted_pages(docs_dir: Path) -> tuple[list[model.HostedPage], list[Problem]]:
    """Pages whose front matter says ``part: N``."""
    pages: list[model.HostedPage] = []
    problems: list[Problem] = []
    for path in sorted(docs_dir.rglob("*.md")):
        stat = path.stat()
        # As read_file: a preview's rebuild reads only the pages that changed.
        seen = (stat.st_mtime_ns, stat.st_size, os.getcwd(), docs_dir)
        cached = _hosted.get(path)
        if cached is None or cached[0] != seen:
            cached = _hosted[path] = (seen, _hosted_page(path, docs_dir))
        page, found = cached[1]
        problems += found
        if page is not None:
            pages.append(page)
    return pages, problems


# path -> (what the page file looked like, what its front matter says of a part).
_hosted: dict[Path, tuple[tuple[int, int, str, Path], tuple[model.HostedPage | None, list[Problem]]]] = {}


def _hosted_page(path: Path, docs_dir: Path) -> tuple[model.HostedPage | None, list[Problem]]:
    """The part a page's front matter hosts, if any, and the problems with it."""
    shown = display_path(path)
    text, problems = yamlsrc.decode(shown, path.read_bytes())
    if text is None:
        return None, problems
    front = frontmatter.split(frontmatter.as_read(text))
    if front.yaml is None:
        if "part" in front.meta:
            # MkDocs takes leading "key: value" lines as MultiMarkdown metadata: text, and gone from the page.
            problems.append(
                Problem(
                    Loc(shown, 1, 1),
                    "front matter goes between two lines of '---'; MkDocs reads 'part' here as text",
                )
            )
        return None, problems
    node, found = yamlsrc.parse(shown, front.yaml, line_offset=front.line_offset)
    problems += found
    if not isinstance(node, yamlsrc.Mapping):
        return None, problems
    keys = {key.text: (key, value) for key, value in node.items}
    if "part" not in keys:
        return None, problems
    written = keys["part"][1]
    part, found = schema.collect(schema.PART.read(written))
    problems += found
    if "title" in keys:
        problems.append(
            Problem(keys["title"][0].loc, "a hosted part takes its title from data/sequence.yaml; remove 'title'")
        )
    if part is not schema.INVALID and isinstance(written, yamlsrc.Scalar) and front.meta.get("part") != part:
        # YAML 1.1, which MkDocs reads front matter by, takes "010" as 8 and "09" as text.
        problems.append(
            Problem(
                written.loc,
                f"MkDocs reads part {written.text} as {front.meta.get('part')!r}, not {part}: "
                "write the number without a leading zero",
            )
        )
        return None, problems
    if part is schema.INVALID:
        return None, problems
    return model.HostedPage(part, path.relative_to(docs_dir).as_posix(), loc=written.loc), problems


def cross_check(data: model.Dataset) -> Iterator[Problem]:
    """Rules that span records and files: uniqueness and references."""
    yield from _duplicates(data.sequence.parts, "part", "part")
    yield from _duplicates(data.tiers, "tier", "tier")
    yield from _duplicates(data.works, "id", "work")
    yield from _duplicates(data.lists, "id", "prediction list")
    yield from _duplicates(data.scorecards, "id", "scorecard")
    yield from _duplicates(data.markets, "id", "market")
    yield from _duplicates(data.pages, "part", "hosted page for part")

    tier_numbers = {tier.tier for tier in data.tiers}
    missing_tiers = sorted(set(range(1, TIER_COUNT + 1)) - tier_numbers)
    if missing_tiers or len(data.tiers) != TIER_COUNT:
        where = data.tiers[0].loc if data.tiers else Loc("", 1, 1)
        yield Problem(
            Loc(where.path, 1, 1),
            f"there must be exactly {TIER_COUNT} tiers, numbered 1 to {TIER_COUNT}"
            + (f" (missing: {', '.join(map(str, missing_tiers))})" if missing_tiers else ""),
        )

    parts = {part.part for part in data.sequence.parts}
    works = {work.id for work in data.works}
    lists = {plist.id: plist for plist in data.lists}

    for work in data.works:
        if work.tier_argued is not None and work.tier_argued == work.tier:
            yield Problem(work.where("tier_argued"), f"work '{work.id}': tier_argued repeats its tier {work.tier}")
        if work.tier_position is not None and work.tier is None:
            yield Problem(work.where("tier_position"), f"work '{work.id}': tier_position needs a tier")

    for plist in data.lists:
        yield from _duplicates(plist.predictions, "id", "prediction", f" in list '{plist.id}'")
        for prediction in plist.predictions:
            if prediction.id in model.LIST_PAGE_SECTIONS:
                yield Problem(
                    prediction.where("id"),
                    f"prediction id '{prediction.id}' is the name of a section of its list's page; choose another",
                )
        yield from _part_ref(plist.made_in, parts, plist.where("made_in"), "made_in")

    for card in data.scorecards:
        yield from _ref(card.predictions, lists, card.where("predictions"), "prediction list", "predictions")
        yield from _ref(card.work, works, card.where("work"), "work", "work")
        yield from _part_ref(card.reported_in, parts, card.where("reported_in"), "reported_in")
        if card.predictions in lists:
            yield from _outcomes(card, lists[card.predictions])

    for market in data.markets:
        yield from _duplicates(market.snapshots, "date", "snapshot date", f" in market '{market.id}'")
        yield from _part_ref(market.cited_in, parts, market.where("cited_in"), "cited_in")
        if market.resolution is not None:
            yield from _resolution(market, market.resolution)

    for page in data.pages:
        if page.part not in parts:
            yield Problem(page.loc, f"part {page.part} is not in data/sequence.yaml")


def _duplicates(records: Iterable[Any], key: str, what: str, within: str = "") -> Iterator[Problem]:
    seen: dict[Any, Loc] = {}
    for record in records:
        value = getattr(record, key)
        here = record.where(key)
        if value in seen:
            shown = value.iso() if isinstance(value, model.PartialDate) else value
            first = seen[value]
            where = f"line {first.line}" if first.path == here.path else str(first)
            yield Problem(here, f"duplicate {what} '{shown}'{within} (first at {where})")
        else:
            seen[value] = here


def _ref(value: str, known: Iterable[str], loc: Loc, what: str, key: str) -> Iterator[Problem]:
    names = sorted(known)
    if value not in names:
        close = difflib.get_close_matches(value, names, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        yield Problem(loc, f"{key}: no {what} with id '{value}'{hint}")


def _part_ref(part: int | None, parts: set[int], loc: Loc, key: str) -> Iterator[Problem]:
    if part is not None and part not in parts:
        yield Problem(loc, f"{key}: part {part} is not in data/sequence.yaml")


def _outcomes(card: model.Scorecard, plist: model.PredictionList) -> Iterator[Problem]:
    ids = [prediction.id for prediction in plist.predictions]
    counts = Counter(judgement.prediction for judgement in card.outcomes)
    for judgement in card.outcomes:
        if judgement.prediction not in ids:
            close = difflib.get_close_matches(judgement.prediction, ids, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            yield Problem(judgement.loc, f"list '{plist.id}' has no prediction '{judgement.prediction}'{hint}")
    missing = [pid for pid in ids if counts[pid] == 0]
    if missing:
        yield Problem(
            card.where("outcomes"), f"no outcome for {', '.join(repr(pid) for pid in missing)} of list '{plist.id}'"
        )


def _resolution(market: model.Market, resolution: model.Resolution) -> Iterator[Problem]:
    """A snapshot is a price while the market trades, so none may come after it resolved.

    Dates known only to the month or year are compared as far as both are
    known: a snapshot of 2025-06-20 fits a resolution in 2025-06.
    """
    later = [snap for snap in market.snapshots if snap.date.surely_after(resolution.date)]
    if later:
        last = max(later, key=lambda snap: snap.date.sort_key())
        yield Problem(
            resolution.where("date"),
            f"market '{market.id}' resolved on {resolution.date.iso()}, before its snapshot of "
            f"{last.date.iso()} (line {last.where('date').line}): a market has no price after it resolves",
        )

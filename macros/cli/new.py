"""``python -m macros new scorecard|list|part``: the skeleton of a new data file (and a part's page).

Each command writes what an author would otherwise copy by hand, with every
id it can know already in place and the rest left blank: a key with
nothing after it, which the check reports as "still to fill" at its line
until it is filled.  They refuse to overwrite a file, refuse ids the data
does not have (with the closest ones), and write nothing when they refuse.
"""

from __future__ import annotations

import datetime as dt
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from macros.data import load, model, roundtrip, schema
from macros.data.model import UnknownReference
from macros.render import fmt
from macros.render.base import roman

COMMENT_WIDTH = 88
T = TypeVar("T")


class Refused(Exception):
    """The author asked for something the command will not write; nothing was written."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _comment(text: str, indent: str = "") -> list[str]:
    """``text`` as ``#`` comment lines, wrapped."""
    width = max(COMMENT_WIDTH - len(indent) - 2, 20)
    return [f"{indent}# {line}" for line in textwrap.wrap(_one_line(text), width)]


def modeline(data_dir: Path, spec: schema.Record) -> str:
    """The modeline of a new file: where the project's own data files find their schemas, with this kind's name.

    Taken from the first file in ``data/`` that has a modeline; a project
    without one gets the site-relative address.
    """
    for name in load.SINGLE_FILES:
        path = data_dir / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", errors="replace") as source:
            match = schema.MODELINE.match(source.readline())
        if match is not None and "/" in match.group(1):
            folder = match.group(1).rpartition("/")[0]
            return schema.MODELINE_PREFIX + folder + "/" + schema.file_of(spec).schema_name
    return schema.modeline(spec, None)


def _dataset(data_dir: Path, docs_dir: Path | None) -> model.Dataset:
    dataset, problems = load.check(data_dir, docs_dir)
    if dataset is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        raise Refused("the data cannot be read; fix the problems above first")
    return dataset


def _lookup(find: Callable[[str], T], key: str) -> T:
    """A record of the data by its id; refused, with the closest ids, if there is none."""
    try:
        return find(key)
    except UnknownReference as error:
        raise Refused(str(error)) from None


def _slug(value: str, what: str) -> str:
    if not schema.Slug.PATTERN.match(value):
        raise Refused(f"'{value}' is not a valid {what} id: use lowercase letters, digits and single hyphens")
    return value


def _fresh(path: Path) -> Path:
    if path.exists():
        raise Refused(f"{load.display_path(path)} already exists; it is left as it is")
    return path


def scorecard_text(plist: model.PredictionList, work: model.Work, on: dt.date, first_line: str) -> str:
    """A scorecard of ``plist`` against ``work``: every prediction in the list's order, its outcome blank."""
    lines = [
        first_line,
        f"# Outcomes of the {plist.id} predictions, judged against {_one_line(work.citation)}.",
        f"id: {plist.id}-{work.id}",
        f"predictions: {plist.id}",
        f"work: {work.id}",
        f"date: {on.isoformat()}",
        "# Optional: reported_in: the part that reports the result; note: a sentence of context.",
        "outcomes:",
        *_comment(
            "After each id write true (it happened), false (it did not) or ambiguous (left out of the score).", "  "
        ),
    ]
    for prediction in plist.predictions:
        lines += _comment(f"{fmt.percent(prediction.p)}: {prediction.claim}", "  ")
        lines.append(f"  {prediction.id}:")
    return "\n".join(lines) + "\n"


def list_text(list_id: str, on: dt.date, part: int | None, first_line: str) -> str:
    """A prediction list with one prediction to fill; more are added the same way."""
    lines = [
        first_line,
        "# Replace this line with one saying what the predictions are about.",
        f"id: {list_id}",
        "title:",
        f"made_on: {on.isoformat()}",
    ]
    optional = (
        "source: where the list was published, when not in a part hosted here; "
        "about: a sentence on what the predictions count as."
    )
    if part is not None:
        lines.append(f"made_in: {part}")
    else:
        optional = f"made_in: the part that made the list; {optional}"
    lines += [
        *_comment(f"Optional: {optional}"),
        "predictions:",
        "  # One entry per prediction, in the order the post gives them: an id, the claim in your own",
        '  # words, and its probability p (0.15, or "15%").',
        "  - id:",
        "    claim:",
        "    p:",
    ]
    return "\n".join(lines) + "\n"


def page_name(number: int) -> str:
    """The page of part ``number`` in ``docs/parts/``: ``eis-xv.md``, as Part XIV's is ``eis-xiv.md``."""
    return f"eis-{roman(number).lower()}.md"


def page_text(number: int) -> str:
    return (
        f"---\npart: {number}\n---\n\n"
        "<!-- The post's text goes here. Its title, byline, date and previous and next links come\n"
        "     from data/sequence.yaml; write no H1 title. See the authoring guide. -->\n"
    )


def sequence_with_part(text: str, dataset: model.Dataset, number: int, on: dt.date) -> str:
    """``data/sequence.yaml`` with an entry for part ``number`` added in order, its title blank."""
    document = roundtrip.load(text)
    parts = document["parts"]
    entry = roundtrip.mapping(("part", number), ("title", None), ("date", on))  # type: ignore[arg-type]
    lines = roundtrip.line_count([entry])
    later = [index for index, part in enumerate(dataset.sequence.parts) if part.part > number]
    if later:
        roundtrip.insert_before(parts, later[0], entry)
    else:
        roundtrip.append(parts, entry)
    new = roundtrip.dump(document)
    roundtrip.check_only_inserted(text, new, lines)
    return new


def new_scorecard(data_dir: Path, docs_dir: Path | None, list_id: str, work_id: str, on: dt.date) -> list[Path]:
    dataset = _dataset(data_dir, docs_dir)
    plist = _lookup(dataset.prediction_list, list_id)
    work = _lookup(dataset.work, work_id)
    path = _fresh(data_dir / "scorecards" / f"{list_id}-{work_id}.yaml")
    text = scorecard_text(plist, work, on, modeline(data_dir, schema.SCORECARD_FILE))
    roundtrip.replace_files([(path, text.encode("utf-8"))], new=[path])
    return [path]


def new_list(data_dir: Path, docs_dir: Path | None, list_id: str, on: dt.date, part: int | None) -> list[Path]:
    _slug(list_id, "list")
    dataset = _dataset(data_dir, docs_dir)
    numbers = sorted(known.part for known in dataset.sequence.parts)
    if part is not None and part not in numbers:
        raise Refused(f"no part {part} in data/sequence.yaml: its parts run from {numbers[0]} to {numbers[-1]}")
    path = _fresh(data_dir / "predictions" / f"{list_id}.yaml")
    text = list_text(list_id, on, part, modeline(data_dir, schema.LIST_FILE))
    roundtrip.replace_files([(path, text.encode("utf-8"))], new=[path])
    return [path]


def new_part(data_dir: Path, docs_dir: Path, number: int, on: dt.date) -> list[Path]:
    if number < 1:
        raise Refused(f"{number} is not a part number: parts are numbered from 1")
    dataset = _dataset(data_dir, docs_dir)
    known = {part.part: part for part in dataset.sequence.parts}
    if number in known:
        where = known[number].loc
        raise Refused(f"part {number} is already in {where.path} (line {where.line})")
    hosted = dataset.page_of(number)
    if hosted is not None:
        raise Refused(f"part {number} already has a page: {hosted.loc.path}")
    page = _fresh(docs_dir / "parts" / page_name(number))
    sequence = data_dir / "sequence.yaml"
    text = sequence.read_bytes().decode("utf-8")
    try:
        new = sequence_with_part(text, dataset, number, on)
    except roundtrip.EditRefused as error:
        raise Refused(f"{load.display_path(sequence)}: {error}; nothing written") from None
    page.parent.mkdir(parents=True, exist_ok=True)
    roundtrip.replace_files([(page, page_text(number).encode("utf-8")), (sequence, new.encode("utf-8"))], new=[page])
    return [page, sequence]

"""A synthetic sequence of N posts, written into a copy of the real project.

The copy keeps the real configuration, theme overrides, pages, macros and
data, and adds N parts to ``data/sequence.yaml``, N prediction lists of ten
predictions each, a scorecard for every list and a post for every part.
Each post is about 1,200 words of filler prose with the real macros in it:
tier badges, a citation, its list's prediction table and its score.  The
text is generated from a fixed seed, so every run builds the same site.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What a copy of the project needs in order to build; tests and tooling stay behind.
PROJECT_ENTRIES = ("mkdocs.yml", "overrides", "docs", "data", "macros")
PREDICTIONS_PER_LIST = 10
FIRST_PART = 1000
POSTS_DIR = "parts/synthetic"

# Filler vocabulary: ordinary English words, so the search index and the
# Markdown parser see text of a realistic shape.
_VOCABULARY = (
    "model feature circuit sparse autoencoder baseline evaluation method result paper claim "
    "evidence probe attack behaviour dataset layer neuron activation direction steering "
    "benchmark task safety research tool comparison practical useful rigorous hypothesis "
    "prediction outcome score author reader argument interpretation mechanism training "
    "fine-tuning unlearning anomaly detection adversarial robustness editing language vision "
    "toy realistic setting experiment control ablation metric failure success progress field "
    "community lab engineer scientist question answer review sequence the a an of to in on "
    "for with by from that this which while because although shows suggests finds tests "
    "measures compares improves fails explains predicts clearly rarely often strongly weakly "
    "carefully broadly narrowly directly"
)
_WORDS = tuple(_VOCABULARY.split())


@dataclass(frozen=True)
class Synthetic:
    """Where a synthetic project was written and what is in it."""

    root: Path
    posts: tuple[Path, ...]
    predictions: int
    # Each scorecard's score, worked out here from the probabilities as
    # written, in decimal: what `python -m macros scores` must print.
    scores: dict[str, Decimal]


def copy_project(target: Path) -> None:
    """The real project's buildable files, copied (never linked, so edits stay local)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_ENTRIES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)


def generate(target: Path, posts: int, seed: int = 2024) -> Synthetic:
    """Copy the project into ``target`` and add ``posts`` synthetic parts."""
    if posts < 1:
        raise ValueError("a synthetic sequence needs at least one post")
    copy_project(target)
    rng = random.Random(seed)
    works = _work_ids(target / "data" / "works.yaml")
    parts_yaml: list[str] = []
    written: list[Path] = []
    scores: dict[str, Decimal] = {}
    posts_dir = target / "docs" / POSTS_DIR
    posts_dir.mkdir(parents=True, exist_ok=True)
    for index in range(posts):
        number = FIRST_PART + index
        list_id = f"synthetic-{number}"
        parts_yaml.append(_part_entry(number, index, rng))
        probabilities = [_probability(rng) for _ in range(PREDICTIONS_PER_LIST)]
        outcomes = [rng.choices(("true", "false", "ambiguous"), weights=(4, 5, 1))[0] for _ in probabilities]
        listed = _prediction_list(list_id, number, index, probabilities, rng)
        _write(target / "data" / "predictions" / f"{list_id}.yaml", listed)
        work = works[index % len(works)]
        _write(
            target / "data" / "scorecards" / f"{list_id}-card.yaml", _scorecard(list_id, number, index, work, outcomes)
        )
        scores[f"{list_id}-card"] = _score(probabilities, outcomes)
        post = posts_dir / f"part-{number}.md"
        _write(post, _post(number, list_id, work, index, rng))
        written.append(post)
    with (target / "data" / "sequence.yaml").open("a", encoding="utf-8") as sequence:
        sequence.write("".join(parts_yaml))
    return Synthetic(target, tuple(written), posts * PREDICTIONS_PER_LIST, scores)


def _write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def _work_ids(works_yaml: Path) -> list[str]:
    ids = [
        line.split(":", 1)[1].strip()
        for line in works_yaml.read_text(encoding="utf-8").splitlines()
        if line.startswith("  - id:")
    ]
    if not ids:
        raise ValueError(f"{works_yaml}: no works to cite")
    return ids


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(_WORDS) for _ in range(words)]
    return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + "."


def _paragraph(rng: random.Random, words: int) -> Iterator[str]:
    left = words
    while left > 0:
        size = min(left, rng.randint(12, 24))
        left -= size
        yield _sentence(rng, size)


def _date(index: int) -> str:
    # One post every few days from 2025 on: later parts always come later.
    day = index * 3
    year, day = 2025 + day // 360, day % 360
    return f"{year}-{day // 30 + 1:02d}-{day % 30 + 1:02d}"


def _part_entry(number: int, index: int, rng: random.Random) -> str:
    title = f"Synthetic part {number}: {_sentence(rng, 6)[:-1]}"
    return (
        f"  - part: {number}\n"
        f"    title: {title!r}\n"
        f"    date: {_date(index)}\n"
        f"    summary: >-\n      {_sentence(rng, 22)}\n"
    )


def _probability(rng: random.Random) -> str:
    # Both spellings the loader accepts, and values that need exact arithmetic.
    if rng.random() < 0.3:
        return f'"{rng.randint(1, 99)}%"'
    return f"0.{rng.randint(1, 99):02d}".rstrip("0")


def _score(probabilities: list[str], outcomes: list[str]) -> Decimal:
    """The author's rule: 1 - p for what happened, -p for what did not, ambiguous left out."""
    total = Decimal(0)
    for written, outcome in zip(probabilities, outcomes, strict=True):
        text = written.strip('"')
        p = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
        if outcome == "true":
            total += 1 - p
        elif outcome == "false":
            total -= p
    return total


def _prediction_list(list_id: str, number: int, index: int, probabilities: list[str], rng: random.Random) -> str:
    lines = [
        "# yaml-language-server: $schema=https://eis-sequence.github.io/eis-site/schemas/prediction-list.schema.json",
        f"id: {list_id}",
        f"title: Forecasts of synthetic part {number}",
        f"made_on: {_date(index)}",
        f"made_in: {number}",
        "predictions:",
    ]
    for item, p in enumerate(probabilities):
        lines += [
            f"  - id: p{item:02d}",
            f"    claim: {_sentence(rng, rng.randint(12, 20))!r}",
            f"    p: {p}",
        ]
    return "\n".join(lines) + "\n"


def _scorecard(list_id: str, number: int, index: int, work: str, outcomes: list[str]) -> str:
    lines = [
        "# yaml-language-server: $schema=https://eis-sequence.github.io/eis-site/schemas/scorecard.schema.json",
        f"id: {list_id}-card",
        f"predictions: {list_id}",
        f"work: {work}",
        f"date: {_date(index)}",
        f"reported_in: {number}",
        "outcomes:",
    ]
    for item, outcome in enumerate(outcomes):
        lines.append(f"  p{item:02d}: {outcome}")
    return "\n".join(lines) + "\n"


def _post(number: int, list_id: str, work: str, index: int, rng: random.Random) -> str:
    """About 1,200 words in six sections, with the macros a real part uses."""
    tier = index % 5 + 1
    blocks = [f"---\npart: {number}\n---\n"]
    for section in range(6):
        blocks.append(f"## Section {section + 1}: {_sentence(rng, 4)[:-1]}\n")
        for _ in range(2):
            blocks.append(" ".join(_paragraph(rng, 95)) + "\n")
        if section == 0:
            blocks.append(
                f"The work discussed here is {{{{ cite('{work}') }}}} {{{{ tier_badge('{work}') }}}}, "
                f"and the bar it is held to is {{{{ tier_badge({tier}) }}}}.\n"
            )
        elif section == 2:
            blocks.append(f"{{{{ prediction_table('{list_id}') }}}}\n")
        elif section == 4:
            blocks.append(f"Judged against the work, these forecasts scored {{{{ score('{list_id}-card') }}}}.\n")
        elif section == 5:
            blocks.append("- " + "\n- ".join(_sentence(rng, 10) for _ in range(4)) + "\n")
    return "\n".join(blocks)

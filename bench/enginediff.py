"""Two builds of the site by two engines: the same pages, the same figures, and why any bytes differ.

``python -m bench.enginediff A B`` compares the site in directory A with
the one in B.  It fails when either has a page the other lacks, when a
page shows other figures (every number in its visible text, in order), or
when a file differs in a way no rule below explains.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

# A number as a reader sees it: signed (true minus or hyphen), with a
# decimal point, a fraction bar or thousands commas, and an optional percent.
_FIGURE = re.compile(r"[−+-]?\d+(?:[.,/]\d+)*%?")

# Lines that may differ between engines, and why.  Each pattern must match
# the differing line on both sides.
EXPLAINED = (
    (
        re.compile(r'^\s*<meta name="generator" content="[^"]*">\s*$'),
        "the generator tag names the engine and its version",
    ),
)


@dataclass(frozen=True)
class LineDifference:
    path: str
    line: int  # 1-based, in the first build
    first: str
    second: str
    reason: str | None  # None: no rule explains it


@dataclass
class Comparison:
    pages: tuple[str, ...]  # the HTML pages both builds wrote
    only_first: tuple[str, ...]
    only_second: tuple[str, ...]
    identical: int  # files with the same bytes in both
    figures: int  # figures on all pages of the first build
    figure_differences: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    differences: list[LineDifference] = field(default_factory=list)

    @property
    def unexplained(self) -> list[LineDifference]:
        return [difference for difference in self.differences if difference.reason is None]

    @property
    def ok(self) -> bool:
        return not (self.only_first or self.only_second or self.figure_differences or self.unexplained)


def files(site: Path) -> dict[str, bytes]:
    """Every file of a build, by its path in the site."""
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def figures(html: str) -> list[str]:
    """Every number in the page's visible text, in order (scripts and styles are not seen)."""
    tree = LexborHTMLParser(html, scripting=True)
    tree.strip_tags(["script", "style", "noscript", "template"])
    body = tree.body
    return _FIGURE.findall(body.text(separator=" ")) if body is not None else []


def _reason(first: str, second: str) -> str | None:
    for pattern, reason in EXPLAINED:
        if pattern.match(first) and pattern.match(second):
            return reason
    return None


def line_differences(path: str, first: bytes, second: bytes) -> list[LineDifference]:
    """The lines that differ, paired by position; a file whose line count differs is one unexplained difference."""
    first_lines = first.decode("utf-8", errors="replace").split("\n")
    second_lines = second.decode("utf-8", errors="replace").split("\n")
    if len(first_lines) != len(second_lines):
        counts = f"{len(first_lines)} lines", f"{len(second_lines)} lines"
        return [LineDifference(path, 1, *counts, None)]
    return [
        LineDifference(path, number, a, b, _reason(a, b))
        for number, (a, b) in enumerate(zip(first_lines, second_lines, strict=True), start=1)
        if a != b
    ]


def compare(first_site: Path, second_site: Path) -> Comparison:
    first, second = files(first_site), files(second_site)
    pages = tuple(path for path in first if path.endswith(".html") and path in second)
    comparison = Comparison(
        pages=pages,
        only_first=tuple(sorted(set(first) - set(second))),
        only_second=tuple(sorted(set(second) - set(first))),
        identical=sum(1 for path in first if second.get(path) == first[path]),
        figures=0,
    )
    for page in pages:
        shown = figures(first[page].decode("utf-8")), figures(second[page].decode("utf-8"))
        comparison.figures += len(shown[0])
        if shown[0] != shown[1]:
            comparison.figure_differences[page] = shown
    for path in first:
        if path in second and first[path] != second[path]:
            comparison.differences.extend(line_differences(path, first[path], second[path]))
    return comparison


def _shorten(line: str, width: int = 100) -> str:
    line = line.strip()
    return line if len(line) <= width else line[: width - 1] + "…"


def report(comparison: Comparison, names: tuple[str, str]) -> str:
    first, second = names
    lines = [f"pages: {len(comparison.pages)} in both"]
    for name, only in ((first, comparison.only_first), (second, comparison.only_second)):
        for path in only:
            lines.append(f"  only in {name}: {path}")
    if comparison.figure_differences:
        for page, (shown_first, shown_second) in comparison.figure_differences.items():
            lines.append(
                f"figures differ on {page}: {first} {' '.join(shown_first)} / {second} {' '.join(shown_second)}"
            )
    else:
        lines.append(f"figures: the same on every page ({comparison.figures} in all)")
    differing = sorted({difference.path for difference in comparison.differences})
    lines.append(f"files: {comparison.identical} identical, {len(differing)} differ")
    by_reason: dict[str, list[LineDifference]] = {}
    for difference in comparison.differences:
        if difference.reason is not None:
            by_reason.setdefault(difference.reason, []).append(difference)
    for reason, found in by_reason.items():
        paths = sorted({difference.path for difference in found})
        variants = sorted({(_shorten(d.first), _shorten(d.second)) for d in found})
        lines.append(f"  {len(paths)} files, {len(found)} lines: {reason}")
        for a, b in variants:
            lines.append(f"    {first}: {a}")
            lines.append(f"    {second}: {b}")
        lines.append(f"    in {', '.join(paths)}")
    for difference in comparison.unexplained:
        lines.append(f"  {difference.path}:{difference.line}: unexplained difference")
        lines.append(f"    {first}: {_shorten(difference.first)}")
        lines.append(f"    {second}: {_shorten(difference.second)}")
    lines.append("same pages and figures" if comparison.ok else "the builds differ")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.enginediff", description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path, help="a built site")
    parser.add_argument("second", type=Path, help="the same site built by another engine")
    parser.add_argument("--names", default="", help="what to call the two builds, e.g. MkDocs,ProperDocs")
    args = parser.parse_args(argv)
    for site in (args.first, args.second):
        if not site.is_dir():
            parser.error(f"{site}: no such directory")
    named = [name.strip() for name in args.names.split(",") if name.strip()]
    names = (named[0], named[1]) if len(named) == 2 else (str(args.first), str(args.second))
    comparison = compare(args.first, args.second)
    print(report(comparison, names))
    return 0 if comparison.ok else 1


if __name__ == "__main__":
    sys.exit(main())

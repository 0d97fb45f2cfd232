"""Command line: ``python -m macros check``, ``scores``, ``diff``, ``links``, ``markets refresh`` and ``new``."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from macros.cli import answers, markets
from macros.data.numbers import counted
from macros.site.cache import CacheSettings, Store
from macros.site.siteconfig import SiteSettings, cache_dir, read_config, site_settings

if TYPE_CHECKING:
    from macros.data.model import Dataset

# Each command imports what only it uses when it runs (the score table and git
# archives for `diff`, the link checker for `links`, the skeletons for `new`, the
# page check once the data are sound), so none waits for the others' imports.


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m macros",
        description=(
            "Check the sequence's data, print its scores, check a built site's links, "
            "refresh the market prices and write the skeletons of new data files."
        ),
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("check", "validate data/ and report every problem"),
        ("scores", "print every scorecard's score and every list's range"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("--data", type=Path, default=Path("data"), help="data directory (default: data)")
        command.add_argument(
            "--docs",
            type=Path,
            default=None,
            help="docs directory with the hosted parts (default: docs beside the data directory)",
        )
        if name == "scores":
            command.add_argument("--json", action="store_true", help="one JSON object with exact decimal strings")
    links = commands.add_parser("links", help="check every internal link and anchor of a built site")
    links.add_argument("site", type=Path, metavar="SITE_DIR", help="the directory mkdocs build wrote")
    links.add_argument(
        "--base-url",
        default=None,
        help="where the site is served (default: site_url in ./mkdocs.yml, which honours SITE_URL)",
    )
    diff = commands.add_parser("diff", help="a Markdown table of the score changes from BASE to HEAD")
    diff.add_argument("base", metavar="BASE", help="a git revision, or a file written by 'scores --json'")
    diff.add_argument(
        "head", metavar="HEAD", nargs="?", default=None, help="the same, for the new side (default: this working tree)"
    )
    _authoring_commands(commands)
    args = parser.parse_args(argv)
    if args.command == "markets":
        return markets.refresh(args.data, args.api, args.on or dt.date.today(), args.timeout)
    if args.command == "new":
        return _new(args)
    if args.command == "diff":
        base = _report(args.base)
        head = _report(args.head) if args.head is not None else _report_here()
        if head is None:
            print(f"error: no scores for {args.head or 'the working tree'}", file=sys.stderr)
            return 1
        from macros.cli import scorediff

        print(scorediff.markdown(scorediff.changes(base, head), base_missing=base is None), end="")
        return 0
    if args.command == "links":
        if not args.site.is_dir():
            parser.error(f"no directory {args.site}")
        base_url = args.base_url if args.base_url is not None else _configured_site_url(parser)
        return _links(args.site, base_url)

    docs = args.docs if args.docs is not None else args.data.parent / "docs"
    config_file = args.data.parent / "mkdocs.yml"
    config = read_config(config_file)
    kept = CacheSettings.from_environment(cache_dir(config_file, config)).store(config_file.parent)
    settings = site_settings(config_file, config)
    asked = [args.command] + (["--json"] if args.command == "scores" and args.json else [])
    # The whole answer, when nothing it is read from has changed since it was kept (answers.py).
    entry = answers.answer_key(asked, args.data, docs, settings) if kept else None
    answer = answers.recall(kept, entry)
    if answer is None:
        answer = _answer(args, docs, config_file, kept, settings)
        # Kept only if nothing changed while it was worked out (an editor saving meanwhile).
        if entry is not None and answers.answer_key(asked, args.data, docs, settings) == entry:
            answers.keep(kept, entry, answer)
        kept.close()
    for problem in answer.problems:
        print(problem, file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in answer.problems:
            print(problem.annotation())
    if answer.failed:
        count = len(answer.problems)
        print(f"{counted(count, 'problem')} found", file=sys.stderr)
        return 1
    print(answer.output)
    return 0


def _answer(
    args: argparse.Namespace, docs: Path, config_file: Path, kept: Store, settings: SiteSettings
) -> answers.Answer:
    """What ``check`` or ``scores`` finds and prints, worked out from the project."""
    from macros.data.load import check

    # The data become some 150,000 objects that live until the command ends; at
    # Python's default thresholds the collector walks them over and over (a
    # third of the data check's time at 10,000 predictions). Cycles are
    # still collected, less often.
    gc.set_threshold(20_000, 20, 20)

    dataset, problems = check(args.data, docs if docs.is_dir() else None, kept or None)
    if args.command == "check" and dataset is not None and not problems and docs.is_dir():
        # The pages' macro calls need sound data to be tried against.
        from macros.site.pagecheck import page_problems

        problems = sorted(page_problems(docs, dataset, config_file, kept, args.data, settings))
    if problems or dataset is None:
        return answers.Answer(tuple(problems), True, "")
    if args.command == "check":
        output = _summary(dataset)
    elif args.json:
        output = json.dumps(scores_json(dataset), indent=2, ensure_ascii=False)
    else:
        output = _scores_text(dataset)
    return answers.Answer((), False, output)


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def _site_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--data", type=Path, default=Path("data"), help="data directory (default: data)")
    command.add_argument(
        "--docs", type=Path, default=None, help="docs directory (default: docs beside the data directory)"
    )


def _authoring_commands(commands: Any) -> None:
    """``markets refresh`` and ``new scorecard|list|part``: the commands that write to data/ and docs/."""
    market_command = commands.add_parser("markets", help="keep data/markets.yaml current")
    refresh = market_command.add_subparsers(dest="action", required=True).add_parser(
        "refresh", help="append each Manifold market's price as a snapshot, or its resolution once resolved"
    )
    refresh.add_argument(
        "--api", metavar="BASE", default=markets.DEFAULT_API, help=f"Manifold's API (default: {markets.DEFAULT_API})"
    )
    refresh.add_argument(
        "--on", metavar="YYYY-MM-DD", type=_day, default=None, help="the snapshots' date (default: today)"
    )
    refresh.add_argument(
        "--timeout",
        type=float,
        default=markets.TIMEOUT,
        help=f"seconds to wait for each market (default: {markets.TIMEOUT:g})",
    )
    refresh.add_argument("--data", type=Path, default=Path("data"), help="data directory (default: data)")

    new = commands.add_parser("new", help="write the skeleton of a scorecard, a prediction list or a part")
    kinds = new.add_subparsers(dest="kind", required=True)
    scorecard = kinds.add_parser("scorecard", help="data/scorecards/<list>-<work>.yaml, its outcomes blank")
    scorecard.add_argument("list", help="the id of the prediction list judged")
    scorecard.add_argument("work", help="the id of the work it is judged against (in data/works.yaml)")
    plist = kinds.add_parser("list", help="data/predictions/<id>.yaml, its title and first prediction blank")
    plist.add_argument("id", help="the new list's id: lowercase letters, digits and single hyphens")
    plist.add_argument("--part", type=int, default=None, help="the part that makes the list (made_in)")
    part = kinds.add_parser("part", help="the part's page in docs/parts/ and its entry in data/sequence.yaml")
    part.add_argument("number", type=int, help="the new part's number")
    for command, what in ((scorecard, "the scorecard's date"), (plist, "made_on"), (part, "the part's date")):
        command.add_argument("--date", metavar="YYYY-MM-DD", type=_day, default=None, help=f"{what} (default: today)")
        _site_options(command)


def _new(args: argparse.Namespace) -> int:
    from macros.cli import new

    docs = args.docs if args.docs is not None else args.data.parent / "docs"
    on = args.date or dt.date.today()
    try:
        if args.kind == "scorecard":
            written = new.new_scorecard(args.data, docs if docs.is_dir() else None, args.list, args.work, on)
        elif args.kind == "list":
            written = new.new_list(args.data, docs if docs.is_dir() else None, args.id, on, args.part)
        else:
            written = new.new_part(args.data, docs, args.number, on)
    except new.Refused as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    print("Fill in the blanks, then run: python -m macros check")
    return 0


def _report(source: str) -> dict[str, Any] | None:
    """A ``scores --json`` report: read from a file, or worked out from a revision's data.

    Only the revision's ``data/`` is read from git, not its whole tree, and
    it is scored by this code, so the table shows what changed in the data.
    """
    import subprocess
    import tempfile

    if source.endswith(".json") and Path(source).is_file():
        return dict(json.loads(Path(source).read_text(encoding="utf-8")))
    revision = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{source}^{{commit}}"], capture_output=True, check=False
    )
    if revision.returncode != 0:
        sys.exit(f"error: {source!r} is neither a scores file nor a git revision")
    commit = revision.stdout.decode().strip()
    archive = subprocess.run(["git", "archive", "--format=tar", commit, "--", "data"], capture_output=True, check=False)
    if archive.returncode != 0:
        print(f"note: {source} has no data/ to score: {archive.stderr.decode().strip()}", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory() as tree:
        _extract(archive.stdout, Path(tree))
        # Run where the data lies, so that messages name data/...; this package from where it is.
        package = str(Path(__file__).resolve().parents[2])
        paths = os.pathsep.join([package, *filter(None, [os.environ.get("PYTHONPATH")])])
        result = subprocess.run(
            [sys.executable, "-m", "macros", "scores", "--json"],
            cwd=tree,
            env={**os.environ, "PYTHONPATH": paths},
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        print(f"note: {source} has no scores:\n{result.stderr}", file=sys.stderr)
        return None
    return dict(json.loads(result.stdout))


def _extract(archive: bytes, into: Path) -> None:
    """The files of a tar archive from git; a link that would point outside it (an absolute one) is left out."""
    import tarfile

    def safe(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
        try:
            return tarfile.data_filter(member, path)
        except tarfile.FilterError:
            return None

    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter=safe)


def _report_here() -> dict[str, Any] | None:
    from macros.data.load import check

    dataset, problems = check(Path("data"), Path("docs") if Path("docs").is_dir() else None)
    if problems or dataset is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        return None
    return scores_json(dataset)


def _configured_site_url(parser: argparse.ArgumentParser) -> str:
    config = Path("mkdocs.yml")
    if not config.is_file():
        parser.error("no mkdocs.yml here to read site_url from: give --base-url")
    # MkDocs' own loader, for the !ENV tag; imported here so scores never needs MkDocs.
    from mkdocs.utils.yaml import yaml_load

    with config.open(encoding="utf-8") as source:
        return str(yaml_load(source).get("site_url") or "/")


def _links(site: Path, base_url: str) -> int:
    from macros.site.linkcheck import check_site

    report = check_site(site, base_url)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if report.problems:
        count = len(report.problems)
        print(
            f"{counted(count, 'broken link')} in {report.documents} pages, {report.links} links checked",
            file=sys.stderr,
        )
        return 1
    print(f"ok: {report.documents} pages, {report.links} links checked")
    return 0


def _summary(data: Dataset) -> str:
    predictions = sum(len(plist.predictions) for plist in data.lists)
    return (
        f"ok: {counted(len(data.sequence.parts), 'part')}, {counted(len(data.tiers), 'tier')}, "
        f"{counted(len(data.works), 'work')}, {counted(len(data.lists), 'prediction list')} "
        f"({counted(predictions, 'prediction')}), {counted(len(data.scorecards), 'scorecard')}, "
        f"{counted(len(data.markets), 'market')}"
    )


def scores_json(data: Dataset) -> dict[str, list[dict[str, Any]]]:
    """Every figure of every scorecard and list, as the open data writes them."""
    from macros.compute import scoring
    from macros.render.opendata import figures_json

    cards = [scoring.scorecard_figures(data, card) for card in sorted(data.scorecards, key=lambda c: c.id)]
    lists = [scoring.list_figures(data, plist) for plist in sorted(data.lists, key=lambda p: p.id)]
    return {"scorecards": [figures_json(card) for card in cards], "lists": [figures_json(plist) for plist in lists]}


def _scores_text(data: Dataset) -> str:
    scores = scores_json(data)
    lines = []
    for card in scores["scorecards"]:
        lines.append(
            f"scorecard {card['id']}: score {card['score']} ({card['happened']} of {card['judged']} "
            f"happened), Brier {card['brier']}  [{card['predictions']} vs {card['work']}]"
        )
    for plist in scores["lists"]:
        judged = ", ".join(plist["scorecards"]) or "no scorecard"
        lines.append(
            f"list {plist['id']}: {plist['size']} predictions, best {plist['best']}, worst {plist['worst']}; {judged}"
        )
    return "\n".join(lines)

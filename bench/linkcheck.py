"""The link check of this tree against a revision's, side by side: ``python -m bench.linkcheck --against REV``.

Writes a synthetic sequence (bench/synth.py), builds it once, then times
``check_site`` on the built site with the link check of this tree and with
that of REV (its ``macros/`` from git), each run in a fresh process so that
nothing one run read is kept for the next, interleaved, and prints the
median CPU and wall seconds of each and their ratio.  ``--builds N`` also
times N whole builds of the sequence with each revision's ``macros/`` and
``overrides/``, CPU counted with the build's child processes; ``--preview
N`` times the preview's rebuild after one post changes, at N posts.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import preview, synth
from bench.__main__ import Sample, build, median

ROOT = synth.ROOT
# What differs between two revisions of the site's code: the macros, the theme, and
# the configuration that names the plugin (a hook before the plugin existed).
CODE = ("macros", "overrides", "mkdocs.yml")
PREVIEW_FLAGS = ["--dirty", "--no-strict"]
# Run in a fresh interpreter with the code's directory first on the path.
_TIME_CHECK = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
try:
    from macros.site.linkcheck import check_site
except ModuleNotFoundError:  # a revision from before macros/ was split by stage
    from macros.linkcheck import check_site
cpu, wall = time.process_time(), time.perf_counter()
report = check_site(Path(sys.argv[2]), sys.argv[3])
print(json.dumps({"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall,
                  "documents": report.documents, "links": report.links, "problems": len(report.problems)}))
"""


def checkout(revision: str, target: Path) -> Path:
    """The site's code at ``revision``, from git, into ``target``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, *CODE], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def with_code(project: Path, code: Path, target: Path) -> Path:
    """A copy of ``project`` (without its built site) running the code in ``code``."""
    shutil.copytree(project, target, ignore=shutil.ignore_patterns("site", *CODE))
    for name in CODE:
        if (code / name).is_dir():
            shutil.copytree(code / name, target / name)
        else:
            shutil.copy2(code / name, target / name)
    return target


def time_check(code: Path, site: Path, base_url: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _TIME_CHECK, str(code), str(site), base_url],
        cwd=code,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the link check of {code} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def site_url() -> str:
    from mkdocs.utils.yaml import yaml_load

    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as config:
        return str(yaml_load(config).get("site_url") or "/")


def _row(label: str, sample: Sample) -> str:
    return f"{label:<30}  {sample.cpu:>7.2f}  {sample.wall:>7.2f}"


def _ratio(label: str, new: Sample, old: Sample) -> str:
    return f"{label:<30}  {new.cpu / old.cpu:>6.2f}x  {new.wall / old.wall:>6.2f}x"


def _table(title: str, labels: tuple[str, str], samples: dict[str, list[Sample]]) -> list[str]:
    old, new = (median(samples[label]) for label in labels)
    return [
        title,
        f"{'code':<30}  {'CPU s':>7}  {'wall s':>7}",
        f"{'-' * 30}  {'-' * 7}  {'-' * 7}",
        _row(labels[0], old),
        _row(labels[1], new),
        _ratio(f"{labels[1]} / {labels[0]}", new, old),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.linkcheck", description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", required=True, help="the git revision to compare with, e.g. main")
    parser.add_argument("--posts", type=int, default=1000, help="posts in the synthetic sequence (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of the link check per revision; medians reported")
    parser.add_argument("--builds", type=int, default=0, help="whole builds per revision (default 0: none)")
    parser.add_argument("--preview", type=int, default=0, metavar="POSTS", help="time preview rebuilds at this size")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects and print where")
    args = parser.parse_args(argv)
    if args.posts < 1 or args.runs < 1:
        parser.error("posts and runs must be at least 1")
    revision = subprocess.run(
        ["git", "rev-parse", "--short", args.against], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    labels = (f"{args.against} ({revision})", "this tree")
    workdir = Path(tempfile.mkdtemp(prefix="eis-bench-links-"))
    try:
        codes = dict(zip(labels, (checkout(args.against, workdir / "old-code"), ROOT), strict=True))
        print(f"writing and building {args.posts} posts ...", file=sys.stderr)
        project = synth.generate(workdir / "new", args.posts).root
        build(project)
        site = project / "site"
        base_url = site_url()
        documents = [path for path in site.rglob("*") if path.suffix in (".html", ".svg")]
        megabytes = sum(path.stat().st_size for path in documents) / 1e6
        checks: dict[str, list[Sample]] = {label: [] for label in labels}
        reports: dict[str, set[tuple[int, int, int]]] = {label: set() for label in labels}
        # Interleaved, so a slow spell of the machine hits both alike.
        for _ in range(args.runs):
            for label in labels:
                result = time_check(codes[label], site, base_url)
                checks[label].append(Sample(result["wall"], result["cpu"]))
                reports[label].add((result["documents"], result["links"], result["problems"]))
        lines = _table(
            f"check_site on {len(documents)} documents ({megabytes:.1f} MB) of {args.posts} posts, "
            f"median of {args.runs} runs, each in a fresh process:",
            labels,
            checks,
        )
        for label in labels:
            for found in sorted(reports[label]):
                lines.append(f"{label}: {found[0]} documents, {found[1]} links, {found[2]} problems")
        if args.builds:
            print(f"building {args.posts} posts {args.builds} times with each revision ...", file=sys.stderr)
            projects = {labels[0]: with_code(project, codes[labels[0]], workdir / "old"), labels[1]: project}
            builds: dict[str, list[Sample]] = {label: [] for label in labels}
            for _ in range(args.builds):
                for label in labels:
                    builds[label].append(build(projects[label])[0])
            lines += ["", *_table(f"whole builds of {args.posts} posts, median of {args.builds}:", labels, builds)]
        if args.preview:
            print(f"preview rebuilds at {args.preview} posts ...", file=sys.stderr)
            small = synth.generate(workdir / "preview-new", args.preview).root
            smalls = {labels[0]: with_code(small, codes[labels[0]], workdir / "preview-old"), labels[1]: small}
            lines += ["", f"preview rebuild after editing one post at {args.preview} posts, {args.runs} runs:"]
            for label in labels:
                measured = preview.rebuilds(smalls[label], PREVIEW_FLAGS, args.runs)
                lines.append(
                    f"{label}: {measured['rebuild']:.2f} s from noticing the edit to reloading, "
                    f"{measured['edit_to_reload']:.2f} s from saving it, {measured['cpu']:.2f} s CPU "
                    f"(the server process; min/max rebuild "
                    f"{min(run['rebuild'] for run in measured['runs']):.2f}/"
                    f"{max(run['rebuild'] for run in measured['runs']):.2f})"
                )
        print("\n".join(lines))
    finally:
        if args.keep:
            print(f"projects kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

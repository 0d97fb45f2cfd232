"""The performance benchmark: ``python -m bench`` (``make bench``).

For each size N it writes a synthetic sequence of N posts into a temporary
directory (bench/synth.py) and builds it three ways:

- ``eis``: the real configuration, theme and macros, cold (an empty
  cache: every share card painted, every page read) and then warm (a
  second build with nothing changed, as after a clone with CI's cache or
  at an author's second build), with the macros' CPU by step;
- ``plain``: the same configuration and the same pages with every macro
  replaced by what it rendered, and no macros plugin, so the difference
  is the macros' own cost;
- ``material``: the same plain pages under Material's defaults, where
  every page's navigation lists every other page.

Then, on the largest N, the command line (``check``, ``scores --json``,
whose scores must equal the ones the generator worked out in decimal), the
preview server's rebuild after one post changes, and the
bytes macros add to pages; on the real site, the bytes a reader downloads
for Part XIV and Lighthouse's scores.  Timings are whole processes (wall
clock and CPU from ``os.wait4``), medians over ``--runs``; nothing here is
asserted by the tests, which only run it at a tiny N.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench import preview, synth
from bench.capture import TARGET as CAPTURE_TARGET
from bench.report import Targets, format_report
from macros.render.whatif import PARTS
from macros.site.cache import CACHE_DIR
from macros.site.cards import CARDS_DIR
from macros.site.steps import STEPS, STEPS_ENV

BENCH = Path(__file__).resolve().parent
DEFAULT_JSON = BENCH / "results.json"
# Builds are checked as CI checks them; the default-Material one has no
# strict validation of its own to pass.
BUILD = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", "site"]
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1"}
REAL_PAGES = ("parts/eis-xiv.md", "ledger.md", "tiers.md", "badges.md")
VARIANTS = ("eis", "eis_warm", "plain", "material")
_MACRO_CALL = re.compile(r"\{\{.*?\}\}", re.S)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


@dataclass(frozen=True)
class Sample:
    """One whole process: wall-clock and CPU (user + system) seconds."""

    wall: float
    cpu: float


def run_timed(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[Sample, str]:
    """Run a command to its end; its own resource usage, not the benchmark's."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **QUIET_ENV, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} in {cwd} failed ({process.returncode}):\n{output[-3000:]}")
    return Sample(wall, usage.ru_utime + usage.ru_stime), output


def median(samples: Sequence[Sample]) -> Sample:
    return Sample(statistics.median(s.wall for s in samples), statistics.median(s.cpu for s in samples))


def build(project: Path, cold: bool = True) -> tuple[Sample, dict[str, float]]:
    """A build into an empty site folder, and the macros' CPU by step (none without macros).

    Cold, the build's cache is emptied first; warm, what the last build
    kept is there.
    """
    shutil.rmtree(project / "site", ignore_errors=True)
    if cold:
        shutil.rmtree(project / CACHE_DIR, ignore_errors=True)
    steps = project / "bench-steps.json"
    steps.unlink(missing_ok=True)
    sample, _ = run_timed(BUILD, project, {STEPS_ENV: str(steps)})
    found = json.loads(steps.read_text(encoding="utf-8")) if steps.is_file() else {}
    steps.unlink(missing_ok=True)
    return sample, found


# -- the three variants ---------------------------------------------------------


def capture(project: Path, into: Path) -> None:
    """Build once with bench/capture.py added, keeping every page's Markdown as the macros left it."""
    shutil.copy(BENCH / "capture.py", project / "bench_capture.py")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    if re.search(r"^hooks:", config, re.M):
        raise RuntimeError("mkdocs.yml has hooks of its own; the capture hook expects none")
    (project / "mkdocs-capture.yml").write_text(config + "\nhooks:\n  - bench_capture.py\n")
    shutil.rmtree(project / "site", ignore_errors=True)
    run_timed(
        [*BUILD[:-2], "--config-file", "mkdocs-capture.yml", "--site-dir", "site"], project, {CAPTURE_TARGET: str(into)}
    )
    (project / "mkdocs-capture.yml").unlink()
    (project / "bench_capture.py").unlink()


def plain_variant(eis: Path, captured: Path, target: Path) -> Path:
    """The eis project with rendered pages, the files the macros wrote, and no macros."""
    shutil.copytree(eis, target, ignore=shutil.ignore_patterns("site", "docs", ".cache"))
    shutil.copytree(eis / "docs", target / "docs", ignore=shutil.ignore_patterns("*.md"))
    shutil.copytree(captured, target / "docs", dirs_exist_ok=True)
    for written in _macro_written_files(eis / "site"):
        destination = target / "docs" / written.relative_to(eis / "site")
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(written, destination)
    config = (target / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\n  - macros:\n(?:      .*\n)+", "\n", config)
    config = re.sub(r"\n(?:  # .*\n)*  - eis:\n(?:      .*\n)+", "\n", config)
    styles = _page_styles(eis)
    config += f"\nextra:\n  eis_styles: {json.dumps(styles)}\n"
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target


def material_variant(plain: Path, target: Path) -> Path:
    """The same pages under Material's defaults: every page in the navigation of every other."""
    target.mkdir(parents=True)
    shutil.copytree(plain / "docs", target / "docs")
    config = (plain / "mkdocs.yml").read_text(encoding="utf-8")
    extensions = re.search(r"^markdown_extensions:\n(?:[ -].*\n)+", config, re.M)
    if extensions is None:
        raise RuntimeError("mkdocs.yml has no markdown_extensions to share")
    (target / "mkdocs.yml").write_text(
        "site_name: Synthetic sequence\ntheme:\n  name: material\nplugins:\n  - search\n" + extensions.group(0),
        encoding="utf-8",
    )
    return target


def _macro_written_files(site: Path) -> list[Path]:
    """What on_post_build wrote (badges, feed, open data, schemas, share images, explorer parts): no theme asset."""
    names = ["badges", "data", "schemas", "feed.xml", CARDS_DIR, PARTS]
    found: list[Path] = []
    for name in names:
        path = site / name
        found += [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path] if path.exists() else []
    return [p for p in found if p.suffix != ".html"]


def _page_styles(project: Path) -> str:
    sys.path.insert(0, str(project))
    try:
        from macros.data.load import load
        from macros.site.plugin import STYLESHEET
        from macros.site.publish import page_styles

        stylesheet = (project / "overrides" / STYLESHEET).read_text(encoding="utf-8")
        return page_styles(stylesheet, load(project / "data", project / "docs"))
    finally:
        sys.path.remove(str(project))


# -- what macros add to a page ----------------------------------------------------


def macro_bytes(project: Path, captured: Path, sources: Sequence[str]) -> dict[str, dict[str, int]]:
    """Bytes each page gains from macro output: its rendered Markdown against its source without the calls.

    As written, and compressed as GitHub Pages sends it (gzip), which is
    what a reader downloads.
    """
    gained = {}
    for source in sources:
        written = _MACRO_CALL.sub("", _FRONT_MATTER.sub("", (project / "docs" / source).read_text(encoding="utf-8")))
        rendered = _FRONT_MATTER.sub("", (captured / source).read_text(encoding="utf-8"))
        gained[source] = {
            "raw": len(rendered.encode()) - len(written.encode()),
            "gzip": _gzipped(rendered) - _gzipped(written),
        }
    return gained


def _gzipped(text: str) -> int:
    return len(gzip.compress(text.encode(), compresslevel=6, mtime=0))


# -- the command line on 10,000 predictions ----------------------------------------


def cli(project: Path, expected: dict[str, Decimal], runs: int) -> dict[str, Any]:
    checks = [run_timed([sys.executable, "-m", "macros", "check"], project)[0] for _ in range(runs)]
    scored = []
    for _ in range(runs):
        sample, output = run_timed([sys.executable, "-m", "macros", "scores", "--json"], project)
        scored.append(sample)
    printed = {card["id"]: Decimal(card["score"]) for card in json.loads(output)["scorecards"]}
    wrong = sorted(card for card, score in expected.items() if printed.get(card) != score)
    return {
        "check": asdict(median(checks)),
        "scores": asdict(median(scored)),
        "scorecards": len(expected),
        "exact": not wrong,
        "mismatched": wrong[:10],
        "sum": str(sum((printed.get(card, Decimal(0)) for card in expected), Decimal(0))),
        "expected_sum": str(sum(expected.values(), Decimal(0))),
    }


# -- the run -----------------------------------------------------------------------


def measure_size(posts: int, workdir: Path, runs: int) -> dict[str, Any]:
    root = workdir / f"n{posts}"
    made = synth.generate(root / "eis", posts)
    captured = root / "captured"
    capture(made.root, captured)
    plain = plain_variant(made.root, captured, root / "plain")
    material = material_variant(plain, root / "material")
    timings: dict[str, list[Sample]] = {name: [] for name in VARIANTS}
    steps: dict[str, list[dict[str, float]]] = {"eis": [], "eis_warm": []}
    # Interleaved, so a slow spell of the machine hits every variant alike.
    for _ in range(runs):
        for name, project, cold in (
            ("eis", made.root, True),
            ("eis_warm", made.root, False),
            ("plain", plain, True),
            ("material", material, True),
        ):
            sample, found = build(project, cold)
            timings[name].append(sample)
            if name in steps:
                steps[name].append(found)
    gained = macro_bytes(made.root, captured, [p.relative_to(made.root / "docs").as_posix() for p in made.posts])
    pages = sum(1 for _ in (made.root / "site").rglob("index.html"))
    return {
        "posts": posts,
        "pages": pages,
        "predictions": made.predictions,
        "builds": {name: asdict(median(samples)) for name, samples in timings.items()},
        # The macros' CPU seconds by step (macros/site/steps.py), medians: cold and warm.
        "steps": {
            name: {step: statistics.median(run.get(step, 0.0) for run in found) for step in STEPS}
            for name, found in steps.items()
        },
        "runs": {name: [asdict(s) for s in samples] for name, samples in timings.items()},
        "macro_bytes_per_post": {
            form: {
                "median": int(statistics.median(page[form] for page in gained.values())),
                "max": max(page[form] for page in gained.values()),
            }
            for form in ("raw", "gzip")
        },
        "_project": str(made.root),
        "_scores": made.scores,
    }


def real_site(workdir: Path) -> tuple[Path, dict[str, dict[str, int]]]:
    """The project as it is, built (with the capture hook) for page bytes and Lighthouse."""
    project = workdir / "real"
    synth.copy_project(project)
    captured = workdir / "real-captured"
    capture(project, captured)
    return project / "site", macro_bytes(project, captured, REAL_PAGES)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", default="100,1000", help="sizes to build, comma-separated (default 100,1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement; medians are reported")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help=f"where to write the figures ({DEFAULT_JSON})")
    parser.add_argument("--serve-flags", default="", help="flags `make serve` gives mkdocs serve, measured alike")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page; 0 skips it")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects and print where")
    args = parser.parse_args(argv)
    sizes = sorted({int(size) for size in args.posts.split(",")})
    if sizes[0] < 1 or args.runs < 1:
        parser.error("sizes and runs must be at least 1")

    workdir = Path(tempfile.mkdtemp(prefix="eis-bench-"))
    try:
        results: dict[str, Any] = {"machine": machine(), "sizes": []}
        for posts in sizes:
            variants = "cold, warm, macros rendered out and default Material"
            print(f"building {posts} posts {variants}, {args.runs} runs each ...", file=sys.stderr)
            results["sizes"].append(measure_size(posts, workdir, args.runs))
        largest = results["sizes"][-1]
        print(f"command line on {largest['predictions']} predictions ...", file=sys.stderr)
        results["cli"] = cli(Path(largest["_project"]), largest["_scores"], args.runs)
        print(f"preview rebuilds at {largest['posts']} posts ...", file=sys.stderr)
        results["preview"] = preview.rebuilds(Path(largest["_project"]), args.serve_flags.split(), args.runs)
        results["preview"]["posts"] = largest["posts"]
        site, gained = real_site(workdir)
        results["real_pages"] = {"macro_bytes": gained, "part_xiv_download": preview.download(site, "parts/eis-xiv/")}
        if args.lighthouse_runs:
            from bench.lighthouse import audit_site

            print("Lighthouse ...", file=sys.stderr)
            results["lighthouse"] = [asdict(a) for a in audit_site(site, runs=args.lighthouse_runs)]
        for size in results["sizes"]:
            del size["_project"], size["_scores"]
        results["targets"] = Targets.judge(results)
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
        print(format_report(results))
        print(f"\nwritten to {args.json}")
    finally:
        if args.keep:
            print(f"projects kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


def machine() -> dict[str, Any]:
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "cpus": os.cpu_count(),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "versions": _versions(),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "markdown")}


if __name__ == "__main__":
    sys.exit(main())

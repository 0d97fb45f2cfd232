"""A revision's builds against the working tree's, in one run: ``python -m bench.sidebyside REV``.

For a change to the build path, the figures before and after it measured
on the same machine in the same minutes.  One synthetic sequence of
``--posts`` posts (bench/synth.py) is written from the working tree and
copied; the copy's code (``macros/``, ``overrides/``, mkdocs.yml) is
replaced by revision ``REV``'s, checked out with ``git worktree add
--detach``, so both build the same pages.  The macros rendered out
(``python -m bench``'s ``plain`` build, captured from the working tree)
are the reference the macros' share is measured against.  Each run builds
the revision cold, the working tree cold and the reference, and with
``--warm`` each side again with its cache kept, interleaved so that a
slow spell of the machine hits every side alike; it prints medians, the
ratio of after to before and the macros' CPU by step.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench import synth
from bench.__main__ import Sample, build, capture, median, plain_variant
from bench.samebuild import checkout, remove_checkout
from macros.site.steps import STEPS

# What a revision's build is made of besides the content: its code.
CODE = ("macros", "overrides", "mkdocs.yml")


def projects(revision_tree: Path, posts: int, scratch: Path) -> dict[str, Path]:
    """The revision's project, the working tree's and the reference, with the same pages."""
    after = synth.generate(scratch / "after", posts).root
    before = scratch / "before"
    shutil.copytree(after, before)
    for name in CODE:
        target, source = before / name, revision_tree / name
        if target.is_dir():
            shutil.rmtree(target)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    captured = scratch / "captured"
    capture(after, captured)
    return {"before": before, "after": after, "reference": plain_variant(after, captured, scratch / "reference")}


def measure(made: dict[str, Path], runs: int, warm: bool) -> tuple[dict[str, Sample], dict[str, dict[str, float]]]:
    """Medians of each build, and of each side's macros' CPU by step."""
    plan = [("before", True), ("after", True), ("reference", True)]
    if warm:
        plan += [("before", False), ("after", False)]
    samples: dict[str, list[Sample]] = {}
    steps: dict[str, list[dict[str, float]]] = {}
    for run in range(runs):
        print(f"run {run + 1} of {runs} ...", file=sys.stderr)
        for side, cold in plan:
            name = side if cold else f"{side} warm"
            sample, found = build(made[side], cold)
            samples.setdefault(name, []).append(sample)
            if side != "reference":
                steps.setdefault(name, []).append(found)
    medians = {name: median(found) for name, found in samples.items()}
    step_medians = {
        name: {step: statistics.median(run.get(step, 0.0) for run in found) for step in STEPS}
        for name, found in steps.items()
    }
    return medians, step_medians


def report(revision: str, posts: int, runs: int, builds: dict[str, Sample], steps: dict[str, dict[str, float]]) -> str:
    reference = builds["reference"]
    lines = [
        f"{posts} posts, medians of {runs} runs; before is {revision}, after the working tree",
        "",
        f"{'build':<14}{'wall s':>9}{'CPU s':>9}{'macros wall':>13}{'macros CPU':>12}",
    ]
    for name, sample in builds.items():
        share = "" if name == "reference" else f"{_share(sample.wall, reference.wall):>13}"
        cpu_share = "" if name == "reference" else f"{_share(sample.cpu, reference.cpu):>12}"
        lines.append(f"{name:<14}{sample.wall:>9.2f}{sample.cpu:>9.2f}{share}{cpu_share}")
    lines.append("")
    for kind in ("", " warm"):
        before, after = builds.get(f"before{kind}"), builds.get(f"after{kind}")
        if before is not None and after is not None:
            lines.append(
                f"after / before{kind}: wall {after.wall / before.wall:.2f}x, CPU {after.cpu / before.cpu:.2f}x"
            )
    lines += ["", "The macros' CPU by step, seconds:", f"{'step':<13}" + "".join(f"{name:>14}" for name in steps)]
    for step in (*STEPS, "all"):
        row = [sum(found.values()) if step == "all" else found.get(step, 0.0) for found in steps.values()]
        lines.append(f"{step:<13}" + "".join(f"{value:>14.2f}" for value in row))
    return "\n".join(lines)


def _share(seconds: float, reference: float) -> str:
    return f"{(seconds - reference) / reference * 100:+.1f}%"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sidebyside", description=__doc__.split("\n\n")[0])
    parser.add_argument("revision", help="the git revision to measure against the working tree, e.g. main")
    parser.add_argument("--posts", type=int, default=1000, help="synthetic posts (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build; medians are reported (default 3)")
    parser.add_argument("--warm", action="store_true", help="also build each side again with its cache kept")
    args = parser.parse_args(argv)
    if args.posts < 1 or args.runs < 1:
        parser.error("posts and runs must be at least 1")
    scratch = Path(tempfile.mkdtemp(prefix="sidebyside-"))
    tree = scratch / "tree"
    try:
        checkout(args.revision, tree)
        made = projects(tree, args.posts, scratch)
        builds, steps = measure(made, args.runs, args.warm)
    finally:
        remove_checkout(tree)
        shutil.rmtree(scratch, ignore_errors=True)
    print(report(args.revision, args.posts, args.runs, builds, steps))
    return 0


if __name__ == "__main__":
    sys.exit(main())

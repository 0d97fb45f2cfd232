"""Whether a change left the built site byte for byte as it was: ``python -m bench.samebuild REV``.

Builds the real site and the frozen fixture site (tests/fixtures/site) twice,
from git revision ``REV`` (checked out with ``git worktree add --detach``
into a temporary folder) and from the working tree, then lists every file
that differs or exists on one side only.  Both builds run with the same
SOURCE_DATE_EPOCH, no build cache (``EIS_CACHE_DIR=``) and mkdocs.yml's own
site_url, each importing the ``macros`` package of its own tree.  Exit
status 0 when every site is the same, 1 when one differs, 2 when a build
fails.  A tool for people changing ``macros/``: the site never runs it.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITES = ("real", "fixture")
# Any fixed instant: the sitemap's dates are the only thing it changes.
EPOCH = "1700000000"


class BuildFailed(Exception):
    pass


def project_of(tree: Path, site: str, scratch: Path) -> Path:
    """The folder to build ``site`` from in ``tree``: the tree itself, or the fixture composed as the tests do."""
    if site == "real":
        return tree
    project = scratch / "project"
    shutil.copytree(tree / "tests" / "fixtures" / "site", project)
    for name in ("macros", "overrides"):
        (project / name).symlink_to(tree / name)
    shutil.copy(tree / "mkdocs.yml", project / "site.yml")
    return project


def build(tree: Path, site: str, out: Path) -> Path:
    """``site`` as built from ``tree`` into ``out/site``."""
    out.mkdir(parents=True, exist_ok=True)
    project = project_of(tree, site, out)
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    env.update(
        SOURCE_DATE_EPOCH=EPOCH,
        EIS_CACHE_DIR="",
        NO_MKDOCS_2_WARNING="1",
        # The tree's own package before the editable install of the working tree's.
        PYTHONPATH=os.pathsep.join([str(tree), *filter(None, [os.environ.get("PYTHONPATH")])]),
    )
    site_dir = out / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site_dir)]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildFailed(f"building the {site} site from {tree} failed:\n{result.stderr}")
    return site_dir


def differences(before: Path, after: Path) -> Iterator[str]:
    """Every file that differs between two built sites, as ``path: why``, sorted."""
    found = {
        path.relative_to(root).as_posix()
        for root in (before, after)
        for path in root.rglob("*")
        if path.is_file() or path.is_symlink()
    }
    for name in sorted(found):
        old, new = before / name, after / name
        if not old.is_file():
            yield f"{name}: only in the working tree's build"
        elif not new.is_file():
            yield f"{name}: only in the revision's build"
        elif not filecmp.cmp(old, new, shallow=False):
            yield f"{name}: differs"


def checkout(revision: str, folder: Path) -> None:
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--quiet", "--detach", str(folder), revision],
        check=True,
        capture_output=True,
        text=True,
    )


def remove_checkout(folder: Path) -> None:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)], capture_output=True)


def compare_trees(before: Path, after: Path, sites: Sequence[str], where: Path) -> dict[str, list[str]]:
    """Site name -> its differing files, between its builds from two trees (built under ``where``)."""
    found: dict[str, list[str]] = {}
    for site in sites:
        old = build(before, site, where / f"before-{site}")
        new = build(after, site, where / f"after-{site}")
        found[site] = list(differences(old, new))
    return found


def compare(revision: str, sites: Sequence[str], keep: Path | None = None) -> dict[str, list[str]]:
    """Site name -> its differing files, between ``revision``'s build and the working tree's."""
    scratch = Path(tempfile.mkdtemp(prefix="samebuild-"))
    tree = scratch / "tree"
    try:
        checkout(revision, tree)
        return compare_trees(tree, ROOT, sites, keep if keep is not None else scratch)
    finally:
        remove_checkout(tree)
        shutil.rmtree(scratch, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.samebuild", description=__doc__.split("\n\n")[0])
    parser.add_argument("revision", help="the git revision to compare the working tree with, e.g. main or HEAD")
    parser.add_argument("--sites", default=",".join(SITES), help=f"which sites, comma-separated (default {SITES})")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep the builds")
    args = parser.parse_args(argv)
    sites = [site for site in args.sites.split(",") if site]
    unknown = [site for site in sites if site not in SITES]
    if unknown:
        parser.error(f"unknown site {unknown[0]!r}; known: {', '.join(SITES)}")
    try:
        found = compare(args.revision, sites, args.keep.resolve() if args.keep else None)
    except BuildFailed as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as error:
        print(f"error: {' '.join(error.cmd)}: {error.stderr.strip()}", file=sys.stderr)
        return 2
    for site, differing in found.items():
        if differing:
            print(f"{site} site: {len(differing)} files differ from {args.revision}'s build")
            for line in differing:
                print(f"  {line}")
        else:
            print(f"{site} site: byte-identical to {args.revision}'s build")
    return 1 if any(found.values()) else 0


if __name__ == "__main__":
    sys.exit(main())

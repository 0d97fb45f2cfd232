"""No test module reads the live data/ or docs/ when it is imported: bad data fails tests, it never stops collection.

A fresh interpreter imports every test module with an audit hook that
refuses to open or list anything under data/ or docs/ (Python raises an
audit event for each ``open``, ``os.scandir`` and ``os.listdir``), so a module
that reads them at import fails there, and is named.  Reading them in a
fixture or a test is what the hook allows, since it is gone once the
modules are imported.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PROGRAM = r"""
import importlib.util
import os
import sys
from pathlib import Path

root = Path(sys.argv[1])
guarded = [str(root / "data"), str(root / "docs")]


# Not an OSError: pathlib's globbing passes over a folder it may not read; and code may catch Exception.
class ReadAtImport(BaseException):
    pass


def refuse(event, args):
    if event not in ("open", "os.scandir", "os.listdir") or not args or isinstance(args[0], int) or args[0] is None:
        return
    path = os.path.abspath(os.fsdecode(args[0]))
    if any(path == top or path.startswith(top + os.sep) for top in guarded):
        raise ReadAtImport(f"reads {os.path.relpath(path, root)} at import")


sys.path[:0] = [str(root / "tests"), str(root)]
sys.addaudithook(refuse)
for file in sys.argv[2:]:
    path = Path(file)
    name = "probe_" + "_".join(path.with_suffix("").parts[-3:])
    spec = importlib.util.spec_from_file_location(name, path)
    module = sys.modules[name] = importlib.util.module_from_spec(spec)  # as pytest imports it: dataclasses look it up
    try:
        spec.loader.exec_module(module)
    except ReadAtImport as error:
        print(f"{path}: {error}")
"""


def imported(*modules: Path) -> list[str]:
    """What each module read of data/ or docs/ as it was imported, one line a module that did."""
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(ROOT), *map(str, modules)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.splitlines()


def test_no_test_module_reads_the_live_site_at_import():
    modules = sorted((ROOT / "tests").rglob("test_*.py"))
    assert len(modules) > 20
    assert imported(*modules) == []


def test_a_module_that_reads_the_live_site_at_import_is_named(tmp_path):
    reads_data = tmp_path / "test_reads_data.py"
    reads_data.write_text("from conftest import ROOT\nfrom macros.data.load import load\nDATA = load(ROOT / 'data')\n")
    lists_docs = tmp_path / "test_lists_docs.py"
    lists_docs.write_text("from conftest import ROOT\nPAGES = sorted((ROOT / 'docs').rglob('*.md'))\n")
    fine = tmp_path / "test_fine.py"
    fine.write_text("from conftest import ROOT\nDATA = ROOT / 'data'\n")
    assert imported(reads_data, lists_docs, fine) == [
        f"{reads_data}: reads data/sequence.yaml at import",
        f"{lists_docs}: reads docs at import",
    ]

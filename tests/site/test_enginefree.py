"""The core of the site (data, scoring, rendering) works with no MkDocs, mkdocs-macros or Material installed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, Links, OnPage
from enginefree import ADAPTERS, ENGINES
from macros.data.load import load

PROGRAM = Path(__file__).parent.parent / "enginefree.py"


def test_every_macro_renders_the_real_data_without_the_engines():
    # A fresh interpreter: modules this one has imported cannot hide a dependency.
    result = subprocess.run(
        [sys.executable, str(PROGRAM)], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["blocked"] == [*ENGINES, *ADAPTERS]  # the block bites
    assert report["engines_loaded"] == []
    modules = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in (ROOT / "macros").rglob("*.py")
    } - {"macros", "macros.__main__"}
    assert set(report["imported"]) == modules - set(ADAPTERS)
    assert {"macros.data.load", "macros.compute.scoring", "macros.render", "macros.site.csp"} <= set(report["imported"])
    macros = OnPage(load(ROOT / "data", ROOT / "docs"), Links()).macros
    assert set(report["rendered"]) == set(macros)
    assert all(count >= 1 for count in report["rendered"].values()), report["rendered"]
    assert report["generated_pages"] >= 1

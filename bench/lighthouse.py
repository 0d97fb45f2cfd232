"""Run Google Lighthouse against pages of an already-built static site, fully offline.

The site is served from a background thread on 127.0.0.1; Lighthouse (pinned in bench/package.json) drives Debian's
Chromium with the default mobile preset. Usage: ``python -m bench.lighthouse SITE_DIR [--runs N]``.
It is served as GitHub Pages serves it (gzip, cache headers), by bench/hosting.py.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.hosting import serve

LIGHTHOUSE_PAGES = ("parts/eis-xiv/", "ledger/", "tiers/")

BENCH_DIR = Path(__file__).resolve().parent
LIGHTHOUSE_BIN = BENCH_DIR / "node_modules" / ".bin" / "lighthouse"
# npm writes this hidden copy of the lock at the end of every install: it dates the last `npm ci`.
INSTALLED_LOCK = BENCH_DIR / "node_modules" / ".package-lock.json"
DEFAULT_CHROME = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The machine is offline: keep Chromium from phoning home so only the page's own requests happen. Even with
# --disable-background-networking, Debian's build (it ships Google API keys) still looks up accounts.google.com,
# clients2.google.com and update.googleapis.com; the resolver rule fails every name but ours at once, without DNS.
# Lighthouse still lists a page's offsite requests (as failed), so they are reported, not hidden.
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run"
    " --disable-background-networking --disable-component-update --disable-sync"
    " --host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'"
)
# Nothing may ever fetch a browser build; puppeteer-core should not try, but say so anyway.
NO_DOWNLOAD_ENV = {"PUPPETEER_SKIP_DOWNLOAD": "1", "PUPPETEER_SKIP_CHROMIUM_DOWNLOAD": "1"}
# Not network traffic: inline and in-memory resources show up in Lighthouse's request list too.
LOCAL_SCHEMES = ("data", "blob", "about", "chrome", "chrome-extension")
STDERR_TAIL = 2000

log = logging.getLogger("bench.lighthouse")


@dataclass(frozen=True)
class PageAudit:
    page: str
    performance: int
    accessibility: int
    best_practices: int
    seo: int
    transferred_bytes: int
    requests: int
    offsite_requests: tuple[str, ...]
    failed_audits: tuple[str, ...]


def chrome_path() -> str:
    return os.environ.get("CHROME_PATH", DEFAULT_CHROME)


def _require_tools() -> None:
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        raise RuntimeError(f"{' and '.join(missing)} not on PATH: install Node.js (e.g. apt-get install nodejs npm)")
    chrome = chrome_path()
    if not os.access(chrome, os.X_OK):
        raise RuntimeError(f"Chromium not found at {chrome} (apt-get install chromium, or set CHROME_PATH)")


def _needs_install() -> bool:
    if not LIGHTHOUSE_BIN.exists() or not INSTALLED_LOCK.exists():
        return True
    return (BENCH_DIR / "package-lock.json").stat().st_mtime > INSTALLED_LOCK.stat().st_mtime


def ensure_installed() -> Path:
    """Install the pinned Lighthouse from the lock file if needed; return its binary."""
    _require_tools()
    if _needs_install():
        # --ignore-scripts: no dependency needs one, and it rules out any download at install time.
        cmd = ["npm", "ci", "--prefix", str(BENCH_DIR), "--ignore-scripts", "--no-audit", "--no-fund"]
        done = subprocess.run(cmd, env={**os.environ, **NO_DOWNLOAD_ENV}, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"npm ci failed ({done.returncode}):\n{done.stderr[-STDERR_TAIL:]}")
    if not LIGHTHOUSE_BIN.exists():
        raise RuntimeError(f"npm ci finished but {LIGHTHOUSE_BIN} is missing")
    return LIGHTHOUSE_BIN


def run_lighthouse(binary: Path, url: str) -> dict[str, Any]:
    """One Lighthouse run on url; return the parsed JSON report."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        report = Path(tmp) / "report.json"
        cmd = [
            str(binary),
            url,
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            # Off explicitly: it would prompt, and report errors over the network.
            "--no-enable-error-reporting",
            f"--chrome-flags={CHROME_FLAGS}",
        ]
        env = {**os.environ, **NO_DOWNLOAD_ENV, "CHROME_PATH": chrome_path()}
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"lighthouse failed on {url} ({done.returncode}):\n{done.stderr[-STDERR_TAIL:]}")
        data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        raise RuntimeError(f"lighthouse could not audit {url}: {data['runtimeError']}")
    return data


def _score(report: dict[str, Any], category: str) -> int:
    score: float | None = report["categories"][category]["score"]
    if score is None:
        # A null score means the run broke part-way (e.g. no paint); a 0 would hide that.
        raise RuntimeError(f"lighthouse gave no {category} score for {report['finalDisplayedUrl']}")
    return round(score * 100)


def _network_urls(report: dict[str, Any]) -> list[str]:
    items = report["audits"]["network-requests"]["details"]["items"]
    return [item["url"] for item in items if urlsplit(item["url"]).scheme not in LOCAL_SCHEMES]


def _failed_audits(report: dict[str, Any]) -> list[str]:
    failed: list[str] = []
    for category in CATEGORIES[1:]:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            # Informative, manual and not-applicable audits have no score: they cannot fail.
            label = f"{audit['id']}: {audit['title']}"
            if audit["score"] is not None and audit["score"] < 1 and label not in failed:
                failed.append(label)
    return failed


def page_audit(page: str, base_url: str, report: dict[str, Any]) -> PageAudit:
    urls = _network_urls(report)
    return PageAudit(
        page=page,
        performance=_score(report, "performance"),
        accessibility=_score(report, "accessibility"),
        best_practices=_score(report, "best-practices"),
        seo=_score(report, "seo"),
        transferred_bytes=round(report["audits"]["total-byte-weight"]["numericValue"]),
        requests=len(urls),
        offsite_requests=tuple(url for url in urls if not url.startswith(base_url)),
        failed_audits=tuple(_failed_audits(report)),
    )


def _median(values: Sequence[int]) -> int:
    return round(statistics.median(values))


def _union(groups: Sequence[tuple[str, ...]]) -> tuple[str, ...]:
    # Keeps first-seen order so the table reads the same from run to run.
    return tuple(dict.fromkeys(item for group in groups for item in group))


def combine(runs: Sequence[PageAudit]) -> PageAudit:
    """Median of the numbers over runs; anything offsite or failed in any run is kept."""
    return PageAudit(
        page=runs[0].page,
        performance=_median([r.performance for r in runs]),
        accessibility=_median([r.accessibility for r in runs]),
        best_practices=_median([r.best_practices for r in runs]),
        seo=_median([r.seo for r in runs]),
        transferred_bytes=_median([r.transferred_bytes for r in runs]),
        requests=_median([r.requests for r in runs]),
        offsite_requests=_union([r.offsite_requests for r in runs]),
        failed_audits=_union([r.failed_audits for r in runs]),
    )


def audit_site(site_dir: Path, pages: Sequence[str] = LIGHTHOUSE_PAGES, runs: int = 1) -> list[PageAudit]:
    """Audit each page `runs` times, one Lighthouse at a time (parallel runs would skew the timings)."""
    if runs < 1:
        raise ValueError(f"runs must be at least 1, not {runs}")
    if not (site_dir / "index.html").is_file():
        raise RuntimeError(f"{site_dir} does not look like a built site (no index.html)")
    binary = ensure_installed()
    results: list[PageAudit] = []
    with serve(site_dir) as base_url:
        for page in pages:
            page_runs = []
            for run in range(1, runs + 1):
                started = time.monotonic()
                page_runs.append(page_audit(page, base_url, run_lighthouse(binary, base_url + page)))
                log.info("%s run %d/%d: %.1f s", page, run, runs, time.monotonic() - started)
            results.append(combine(page_runs))
    return results


def format_table(audits: Sequence[PageAudit]) -> str:
    header = ("page", "perf", "a11y", "bp", "seo", "KiB", "requests", "offsite")
    rows = [header] + [
        (
            a.page,
            str(a.performance),
            str(a.accessibility),
            str(a.best_practices),
            str(a.seo),
            f"{a.transferred_bytes / 1024:.1f}",
            str(a.requests),
            str(len(a.offsite_requests)),
        )
        for a in audits
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join(_format_row(row, widths) for row in rows)


def _format_row(row: Sequence[str], widths: Sequence[int]) -> str:
    # Page names left-aligned, numbers right-aligned.
    cells = [row[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True)]
    return "  ".join(cells)


def format_details(audits: Sequence[PageAudit]) -> str:
    lines: list[str] = []
    for a in audits:
        lines += [f"{a.page} offsite: {url}" for url in a.offsite_requests]
        lines += [f"{a.page} failed: {audit}" for audit in a.failed_audits]
    return "\n".join(lines) or "no failed audits, no offsite requests"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run Lighthouse (mobile preset) on pages of a built site, offline.")
    parser.add_argument("site_dir", type=Path, help="the built site, e.g. from `mkdocs build --site-dir`")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is reported (default 1)")
    parser.add_argument("--page", action="append", dest="pages", help="page to audit (repeatable)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    try:
        audits = audit_site(args.site_dir, args.pages or LIGHTHOUSE_PAGES, runs=args.runs)
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(format_table(audits))
    print()
    print(format_details(audits))
    return 0


if __name__ == "__main__":
    sys.exit(main())

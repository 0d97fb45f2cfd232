"""What an author and a reader wait for: the preview's rebuild, and a page's download."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.hosting import serve

CHROMIUM = "/usr/bin/chromium"
RELOADED = "Reloading browsers"
STARTUP_TIMEOUT = 600.0
REBUILD_TIMEOUT = 120.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _cpu_seconds(pid: int) -> float:
    """User + system time of a running process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_for(condition: Any, timeout: float, what: str, log: Path, server: subprocess.Popen[bytes]) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped while waiting for {what}; its log:\n{log.read_text()[-3000:]}")
        if time.perf_counter() > deadline:
            raise RuntimeError(f"timed out waiting for {what}; server log:\n{log.read_text()[-3000:]}")
        time.sleep(0.005)


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", "replace"))
    except OSError:
        return ""


def rebuilds(project: Path, flags: list[str], runs: int) -> dict[str, Any]:
    """Edit one post under ``mkdocs serve`` and time until the browsers are told to reload.

    The clock starts as the file is written and stops when the server logs
    that the rebuilt site is live; the post is then fetched to check it
    carries the edit.  CPU is the server process's own over that span.
    """
    post = sorted((project / "docs" / "parts" / "synthetic").glob("*.md"))[0]
    url_path = post.relative_to(project / "docs").with_suffix("").as_posix() + "/"
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log = project / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": base}
    # Live reload stays on: it is what an author runs.
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *flags]
    original = post.read_text(encoding="utf-8")
    samples: list[tuple[float, float]] = []
    with log.open("w") as sink:
        server = subprocess.Popen(command, cwd=project, env=env, stdout=sink, stderr=subprocess.STDOUT)
        try:
            _wait_for(
                lambda: "Serving on" in log.read_text() and _fetch(base + url_path),
                STARTUP_TIMEOUT,
                "the server",
                log,
                server,
            )
            # One rebuild to warm up, as an author's first edit is never the one that matters.
            for attempt in range(runs + 1):
                reloads = log.read_text().count(RELOADED)
                token = f"edited{secrets.token_hex(4)}"
                cpu = _cpu_seconds(server.pid)
                start = time.perf_counter()
                post.write_text(f"{original}\nThis sentence was {token}.\n", encoding="utf-8")
                _wait_for(
                    lambda before=reloads: log.read_text().count(RELOADED) > before,
                    REBUILD_TIMEOUT,
                    "the rebuild",
                    log,
                    server,
                )
                wall = time.perf_counter() - start
                spent = _cpu_seconds(server.pid) - cpu
                if token not in _fetch(base + url_path):
                    raise RuntimeError(f"the rebuilt {url_path} does not carry the edit")
                if attempt:
                    samples.append((wall, spent))
                time.sleep(0.3)
        finally:
            post.write_text(original, encoding="utf-8")
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    return {
        "flags": flags,
        "wall": statistics.median(w for w, _ in samples),
        "cpu": statistics.median(c for _, c in samples),
        "runs": [{"wall": w, "cpu": c} for w, c in samples],
    }


def download(site: Path, page: str) -> dict[str, Any]:
    """Everything a reader's browser fetches for one page, as GitHub Pages would send it (compressed)."""
    from playwright.sync_api import sync_playwright

    fetched: list[dict[str, Any]] = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            context = browser.new_context(viewport={"width": 412, "height": 823})
            tab = context.new_page()
            tab.on("requestfinished", lambda request: fetched.append(_sizes(request)))
            tab.goto(base + page, wait_until="networkidle")
        finally:
            browser.close()
    offsite = [item["url"] for item in fetched if not item["url"].startswith(base)]
    return {
        "page": page,
        "requests": len(fetched),
        "bytes": sum(item["bytes"] for item in fetched),
        "html_bytes": next((item["bytes"] for item in fetched if item["url"] == base + page), 0),
        "offsite": offsite,
    }


def _sizes(request: Any) -> dict[str, Any]:
    sizes = request.sizes()
    return {"url": request.url, "bytes": int(sizes["responseBodySize"]) + int(sizes["responseHeadersSize"])}

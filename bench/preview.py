"""What an author and a reader wait for: the preview's rebuild, and a page's download."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.hosting import serve

CHROMIUM = "/usr/bin/chromium"
NOTICED = "Detected file changes"
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


class _ServerLog:
    """The server's output, each line stamped with when it arrived."""

    def __init__(self, server: subprocess.Popen[str]) -> None:
        self.server = server
        self.lines: list[tuple[float, str]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.server.stdout is not None
        for line in self.server.stdout:
            self.lines.append((time.perf_counter(), line))

    def text(self) -> str:
        return "".join(line for _, line in self.lines)

    def stamps(self, marker: str) -> list[float]:
        return [stamp for stamp, line in list(self.lines) if marker in line]

    def wait_for(self, condition: Any, timeout: float, what: str) -> None:
        deadline = time.perf_counter() + timeout
        while not condition():
            if self.server.poll() is not None:
                raise RuntimeError(f"the server stopped while waiting for {what}; its log:\n{self.text()[-3000:]}")
            if time.perf_counter() > deadline:
                raise RuntimeError(f"timed out waiting for {what}; server log:\n{self.text()[-3000:]}")
            time.sleep(0.005)


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", "replace"))
    except OSError:
        return ""


def rebuilds(project: Path, flags: list[str], runs: int) -> dict[str, Any]:
    """Edit one post under ``mkdocs serve`` and time the rebuild.

    Two spans: the rebuild itself, from the server noticing the change to
    telling browsers to reload (stamped as its log lines arrive), and what
    the author waits for, from writing the file to that reload, which adds
    the time the server takes to learn of the change (the system tells the
    site's preview at once; MkDocs alone polls every 0.5 s).  The rebuild
    includes the server's pause for further changes.  The post is then
    fetched to check it carries the edit.  CPU is the server process's own, from the write to the reload.
    """
    post = sorted((project / "docs" / "parts" / "synthetic").glob("*.md"))[0]
    url_path = post.relative_to(project / "docs").with_suffix("").as_posix() + "/"
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": base}
    # Live reload stays on: it is what an author runs.
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *flags]
    original = post.read_text(encoding="utf-8")
    samples: list[dict[str, float]] = []
    server = subprocess.Popen(
        command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    log = _ServerLog(server)
    try:
        log.wait_for(lambda: log.stamps("Serving on") and _fetch(base + url_path), STARTUP_TIMEOUT, "the server")
        # One rebuild to warm up, as an author's first edit is never the one that matters.
        for attempt in range(runs + 1):
            reloads = len(log.stamps(RELOADED))
            token = f"edited{secrets.token_hex(4)}"
            cpu = _cpu_seconds(server.pid)
            written = time.perf_counter()
            post.write_text(f"{original}\nThis sentence was {token}.\n", encoding="utf-8")
            log.wait_for(lambda before=reloads: len(log.stamps(RELOADED)) > before, REBUILD_TIMEOUT, "the rebuild")
            spent = _cpu_seconds(server.pid) - cpu
            reloaded = log.stamps(RELOADED)[-1]
            noticed = max(stamp for stamp in log.stamps(NOTICED) if stamp >= written)
            if token not in _fetch(base + url_path):
                raise RuntimeError(f"the rebuilt {url_path} does not carry the edit")
            if attempt:
                samples.append({"rebuild": reloaded - noticed, "edit_to_reload": reloaded - written, "cpu": spent})
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
        **{key: statistics.median(sample[key] for sample in samples) for key in ("rebuild", "edit_to_reload", "cpu")},
        "runs": samples,
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

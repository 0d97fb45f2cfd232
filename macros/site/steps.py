"""Where the macros' CPU goes in one build, step by step, for the benchmark and ``mkdocs build --verbose``.

Process CPU time (``time.process_time``) is summed per step.  Rendering
runs inside mkdocs-macros, between two of the site's own page events, so
it is the time from the first to the second; the share cards painted in a
second process are counted from the time that process reports.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STEPS = ("data", "page checks", "rendering", "policy", "links", "cards", "open data")
# A file to write each build's figures to, as JSON: what the benchmark reads.
STEPS_ENV = "EIS_STEPS_FILE"


class StepClock:
    def __init__(self) -> None:
        self.seconds = dict.fromkeys(STEPS, 0.0)
        self._started: float | None = None

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        start = time.process_time()
        try:
            yield
        finally:
            self.seconds[name] += time.process_time() - start

    def start(self) -> None:
        """A step that runs in someone else's code begins now (ended by ``stop``)."""
        self._started = time.process_time()

    def stop(self, name: str) -> None:
        if self._started is not None:
            self.seconds[name] += time.process_time() - self._started
            self._started = None

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] += seconds

    def summary(self) -> str:
        return ", ".join(f"{name} {seconds:.2f} s" for name, seconds in self.seconds.items())

    def report(self) -> None:
        """Written where the benchmark asked, if it did."""
        target = os.environ.get(STEPS_ENV)
        if target:
            Path(target).write_text(json.dumps(self.seconds, indent=2) + "\n", encoding="utf-8")

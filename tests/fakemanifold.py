"""A fake of Manifold's public API on 127.0.0.1, for ``markets refresh``: tests never reach the internet.

``GET /v0/slug/<slug>`` answers what the test put under that slug: a market
(a dict, sent as JSON), raw bytes, a status code with a body, or a delay
longer than the client's timeout.  An unknown slug gets Manifold's 404.
"""

from __future__ import annotations

import calendar
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    delay: float = 0.0  # seconds before answering


@dataclass
class FakeManifold:
    base: str = ""  # e.g. http://127.0.0.1:PORT/v0
    answers: dict[str, Answer] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    def market(self, slug: str, p: Any = 0.42, **fields: Any) -> None:
        """An open binary market at probability ``p`` (any extra fields as the API names them)."""
        body = {"id": "x" + slug, "slug": slug, "outcomeType": "BINARY", "isResolved": False, "probability": p}
        self.answers[slug] = Answer(body=json.dumps(body | fields).encode())

    def resolved(self, slug: str, resolution: str, day: str, p: float = 1.0) -> None:
        """A market resolved ``resolution`` (YES, NO, MKT, CANCEL) at noon UTC on ``day`` (YYYY-MM-DD)."""
        moment = (calendar.timegm(time.strptime(day, "%Y-%m-%d")) + 12 * 3600) * 1000
        self.market(slug, p, isResolved=True, resolution=resolution, resolutionTime=moment)

    def raw(self, slug: str, body: bytes, status: int = 200, delay: float = 0.0) -> None:
        self.answers[slug] = Answer(status, body, delay)


@contextmanager
def fake_manifold() -> Iterator[FakeManifold]:
    fake = FakeManifold()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fake.asked.append(self.path)
            prefix = "/v0/slug/"
            slug = self.path[len(prefix) :] if self.path.startswith(prefix) else None
            answer = fake.answers.get(slug) if slug is not None else None
            if answer is None:
                answer = Answer(404, b'{"message":"Contract not found"}')
            if answer.delay:
                time.sleep(answer.delay)
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting, as it should

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.base = f"http://127.0.0.1:{server.server_address[1]}/v0"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

"""What this package's code is, as a cache key; apart from its users, so reading it imports no template engine."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import macros
from macros.site.cache import code_version

# What reads, renders and frames a template besides the site's own code.
LIBRARIES = ("mkdocs", "mkdocs-macros-plugin", "jinja2", "markupsafe", "pyyaml")


@functools.cache  # the code does not change within a process
def package_code() -> str:
    """Every module of ``macros/`` by name and source, and the versions of ``LIBRARIES``."""
    package = Path(macros.__file__).parent
    digest = hashlib.sha256(code_version(libraries=LIBRARIES).encode())
    for path in sorted(package.rglob("*.py")):
        if "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()

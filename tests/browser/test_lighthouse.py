"""Lighthouse on the built site: accessibility, best practices and SEO at 100, nothing fetched off the site.

Performance is timing and is left to the benchmark (make bench).
"""

from __future__ import annotations

import pytest

from bench.lighthouse import audit_site

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def audits(built_site):
    return {audit.page: audit for audit in audit_site(built_site, pages=("parts/eis-xiv/", "ledger/may-2024/"))}


@pytest.mark.parametrize("page", ["parts/eis-xiv/", "ledger/may-2024/"])
def test_page_quality(audits, page):
    audit = audits[page]
    assert (audit.accessibility, audit.best_practices, audit.seo) == (100, 100, 100), audit.failed_audits
    assert audit.offsite_requests == ()

"""The repository's copy of the contract (docs/contract/) is the shared one, byte for byte, wherever the shared
folder sits beside the repository; a clone on its own runs every other test against its copy."""

from __future__ import annotations

import pytest

from tests.contract.contract_doc import DOC, SHARED


def test_the_repository_carries_the_contract() -> None:
    assert DOC.is_file() and "## " in DOC.read_text(encoding="utf-8")


@pytest.mark.skipif(not SHARED.is_file(), reason=f"no shared contract beside the repository ({SHARED})")
def test_the_copy_matches_the_shared_contract() -> None:
    assert DOC.read_bytes() == SHARED.read_bytes(), f"refresh the copy: cp {SHARED} {DOC}"

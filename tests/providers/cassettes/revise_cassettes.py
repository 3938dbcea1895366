"""Write the hand-built revision cassettes: ``python -m tests.providers.cassettes.revise_cassettes``.

Like ``build_cassettes.py`` (see README.md): responses in each service's documented wire format around the
model replies in ``revise_replies.py``; ``NEXUSFORGE_CAPTURE_REQUESTS=1 pytest tests/providers/test_real_revise.py``
then writes in the requests the SDKs really sent.
"""

from __future__ import annotations

from typing import Any

from tests.providers.cassettes import revise_replies as r
from tests.providers.cassettes import wire
from tests.providers.cassettes.build_cassettes import chat, dev, ok, openai, write_cassettes
from tests.providers.cassettes.replies import as_json

MODEL = "gemini-2.5-pro"


def gemini(reply: dict[str, Any], prompt_tokens: int, output_tokens: int, thoughts: int = 0) -> dict[str, Any]:
    body = wire.generate_content(
        MODEL, as_json(reply), prompt_tokens=prompt_tokens, output_tokens=output_tokens, thoughts=thoughts
    )
    return ok(dev(MODEL), body)


def cassettes() -> dict[str, list[dict[str, Any]]]:
    spec = gemini(r.SPEC_DELTA, 3104, 61, thoughts=412)
    edits = gemini(r.CODE_EDITS, 4221, 702, thoughts=1310)
    bad = [gemini(r.BAD_EDITS, 4221, 96, thoughts=540), gemini(r.BAD_EDITS_AGAIN, 4398, 94, thoughts=611)]
    return {
        "test_real_revise/test_gemini_reads_the_request_into_a_spec_delta": [spec],
        "test_real_revise/test_a_delta_that_does_not_apply_is_asked_for_again": [
            gemini(r.SPEC_DELTA_UNKNOWN_ENTITY, 3104, 62, thoughts=388),
            gemini(r.SPEC_DELTA, 3201, 61, thoughts=205),
        ],
        "test_real_revise/test_gemini_coder_revises_by_edits_and_the_app_tests_pass": [edits],
        "test_real_revise/test_an_edit_that_does_not_apply_gets_a_repair_request_then_fails": bad,
        "test_real_revise/test_litellm_route_reads_the_delta_and_edits_the_code": [
            openai(200, chat(as_json(r.SPEC_DELTA), 3012, 58)),
            openai(200, chat(as_json(r.CODE_EDITS), 4105, 688)),
        ],
        "test_real_revise/test_a_failed_revision_leaves_the_folder_at_the_previous_version": [spec, *bad],
    }


if __name__ == "__main__":
    write_cassettes(cassettes())

"""Write the hand-built cassettes: ``python -m tests.providers.cassettes.build_cassettes [NAME-PART ...]``.

Responses are built in each service's documented wire format (``wire.py``) around the model replies in
``replies.py``. Request bodies start empty; ``NEXUSFORGE_CAPTURE_REQUESTS=1 pytest tests/providers -k real``
then fills in what the SDKs really sent. Cassettes recorded live (``--record-mode=once`` with real keys)
replace these files entirely; see README.md.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.providers.cassettes import replies, wire
from tests.providers.cassettes.replies import as_json
from tests.providers.cassettes.wire import dump_yaml

HERE = Path(__file__).parent
POST, GET = "POST", "GET"


def dev(model: str) -> str:
    return f"{wire.GEMINI_DEV}/{model}:generateContent"


def vertex(model: str, method: str = "generateContent") -> str:
    return f"{wire.VERTEX}/{model}:{method}"


def veo_poll_uri(operation: str) -> str:
    return f"https://aiplatform.googleapis.com/v1beta1/{operation.split('/operations/')[0]}:fetchPredictOperation"


def ok(uri: str, body: str, method: str = POST) -> dict[str, Any]:
    return wire.interaction(method, uri, 200, body)


def spec_reply(model: str, *, vertex_api: bool = False, thoughts: int = 1843) -> str:
    return wire.generate_content(
        model, as_json(replies.SPEC), prompt_tokens=1712, output_tokens=911, thoughts=thoughts, vertex=vertex_api
    )


def code_reply(model: str, reply: dict[str, Any], *, vertex_api: bool = False, prompt_tokens: int = 14870) -> str:
    return wire.generate_content(
        model, as_json(reply), prompt_tokens=prompt_tokens, output_tokens=1402, thoughts=2966, vertex=vertex_api
    )


def chat(content: str, prompt_tokens: int, completion_tokens: int) -> str:
    return wire.chat_completion(
        "gpt-4.1-2025-04-14", content, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens
    )


def openai(status: int, body: str) -> dict[str, Any]:
    return wire.interaction(POST, wire.OPENAI_CHAT, status, body, google=False)


def veo(model: str, seed: str, polls_running: int = 1) -> tuple[list[dict[str, Any]], str]:
    operation = wire.veo_operation_name(model, seed)
    steps = [ok(vertex(model, "predictLongRunning"), wire.veo_started(operation))]
    steps += [ok(veo_poll_uri(operation), wire.veo_running(operation)) for _ in range(polls_running)]
    return steps, operation


def litellm_veo(mp4: bytes) -> list[dict[str, Any]]:
    model = "veo-3.1-generate-001"
    operation = wire.developer_operation_name(model, "litellm")
    poll = f"https://generativelanguage.googleapis.com/v1beta/{operation}"
    file_id = wire.developer_operation_name(model, "file").rsplit("/", 1)[-1]
    done = wire.developer_video_done(operation, file_id)
    return [
        ok(f"{wire.GEMINI_DEV}/{model}:predictLongRunning", wire.veo_started(operation)),
        ok(poll, wire.veo_running(operation), GET),
        ok(poll, done, GET),
        ok(poll, done, GET),  # litellm reads the finished operation again to find the file
        wire.interaction(
            GET, f"https://generativelanguage.googleapis.com/v1beta/files/{file_id}:download?alt=media", 200, mp4,
            content_type="video/mp4",
        ),
    ]  # fmt: skip


OVERLOADED = wire.google_error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.")
OPENAI_OVERLOADED = wire.openai_error("The server is overloaded or not ready yet.", "server_error", None)


def cassettes() -> dict[str, list[dict[str, Any]]]:
    mp4 = wire.mp4()
    veo_steps, veo_op = veo("veo-3.0-generate-001", "unit")
    timeout_steps, _ = veo("veo-3.0-generate-001", "timeout")
    build_veo, build_op = veo("veo-3.0-generate-001", "build")
    components = replies.SPEC["ui_components"]
    return {
        "test_real_gemini/test_spec_is_structured_output_into_appspec": [
            ok(dev("gemini-2.5-pro"), spec_reply("gemini-2.5-pro"))
        ],
        "test_real_gemini/test_spec_without_adaptive_thinking_asks_for_the_least": [
            ok(dev("gemini-2.5-flash"), spec_reply("gemini-2.5-flash", thoughts=0))
        ],
        "test_real_gemini/test_gemini_image_model_paints_a_png": [
            ok(
                dev("gemini-2.5-flash-image"),
                wire.generate_image_content("gemini-2.5-flash-image", wire.png("Dashboard"), prompt_tokens=142),
            )
        ],
        "test_real_gemini/test_imagen_paints_one_png_per_component": [
            ok(vertex("imagen-4.0-generate-001", "predict"), wire.imagen_predict(wire.png(name)))
            for name in ("MetricList", "MetricForm")
        ],
        "test_real_gemini/test_veo_starts_polls_and_downloads_the_mp4": [
            *veo_steps,
            ok(veo_poll_uri(veo_op), wire.veo_done(veo_op, mp4)),
        ],
        "test_real_gemini/test_veo_gives_up_after_its_timeout": timeout_steps,
        "test_real_gemini/test_coder_writes_the_app_from_the_scaffold_in_one_call": [
            ok(dev("gemini-2.5-pro"), code_reply("gemini-2.5-pro", replies.CODER_REPLY))
        ],
        "test_real_gemini/test_coder_asks_again_after_an_unusable_reply": [
            ok(dev("gemini-2.5-pro"), code_reply("gemini-2.5-pro", replies.UNUSABLE_CODER_REPLY)),
            ok(dev("gemini-2.5-pro"), code_reply("gemini-2.5-pro", replies.CODER_REPLY, prompt_tokens=15104)),
        ],
        "test_real_gemini/test_coder_fails_clearly_after_two_unusable_replies": [
            ok(dev("gemini-2.5-pro"), code_reply("gemini-2.5-pro", replies.UNUSABLE_CODER_REPLY)),
            ok(dev("gemini-2.5-pro"), code_reply("gemini-2.5-pro", replies.UNUSABLE_CODER_REPLY, prompt_tokens=15104)),
        ],
        "test_real_gemini/test_repair_round_gets_the_failing_test_output": [
            ok(dev("gemini-2.5-pro"), code_reply("gemini-2.5-pro", replies.REPAIR_REPLY, prompt_tokens=15392))
        ],
        "test_real_gemini/test_reviewer_returns_only_the_files_it_changed": [
            ok(dev("gemini-2.5-flash"), code_reply("gemini-2.5-flash", replies.REVIEW_REPLY, prompt_tokens=6210))
        ],
        "test_real_litellm/test_litellm_route_writes_the_spec": [openai(200, chat(as_json(replies.SPEC), 1688, 874))],
        "test_real_litellm/test_litellm_route_writes_the_code": [
            openai(200, chat(as_json(replies.CODER_REPLY), 14230, 1381))
        ],
        "test_real_litellm/test_litellm_veo_route_starts_polls_and_downloads": litellm_veo(mp4),
        "test_real_faults/test_rate_limit_then_success_is_retried": [
            wire.interaction(
                POST,
                dev("gemini-2.5-pro"),
                429,
                wire.google_error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", "1s"),
            ),
            ok(dev("gemini-2.5-pro"), spec_reply("gemini-2.5-pro")),
        ],  # fmt: skip
        "test_real_faults/test_litellm_rate_limit_then_success_is_retried": [
            openai(
                429,
                wire.openai_error(
                    "Rate limit reached for gpt-4.1 on requests per min (RPM): Limit 500, Used 500, Requested 1.",
                    "requests",
                    "rate_limit_exceeded",
                ),
            ),
            openai(200, chat(as_json(replies.SPEC), 1688, 874)),
        ],  # fmt: skip
        "test_real_faults/test_bad_request_is_not_retried": [
            wire.interaction(
                POST,
                dev("gemini-2.5-pro"),
                400,
                wire.google_error(
                    400, "INVALID_ARGUMENT", 'Invalid JSON payload received. Unknown name "thinking_budget".'
                ),
            ),
        ],  # fmt: skip
        "test_real_faults/test_rejected_key_is_not_retried": [
            openai(
                401,
                wire.openai_error(
                    "Incorrect API key provided: sk-test-********-real. You can find your API key at "
                    "https://platform.openai.com/account/api-keys.",
                    "invalid_request_error",
                    "invalid_api_key",
                ),
            ),
        ],  # fmt: skip
        "test_real_faults/test_primary_down_falls_back_and_is_recorded": [
            *[wire.interaction(POST, dev("gemini-2.5-pro"), 503, OVERLOADED) for _ in range(3)],
            openai(200, chat(as_json(replies.SPEC), 1688, 874)),
        ],
        "test_real_faults/test_every_model_down_fails_with_model_unavailable": [
            *[wire.interaction(POST, dev("gemini-2.5-pro"), 503, OVERLOADED) for _ in range(3)],
            *[openai(503, OPENAI_OVERLOADED) for _ in range(3)],
        ],
        "test_real_build/test_full_build_on_recorded_real_models": [
            ok(vertex("gemini-2.5-pro"), spec_reply("gemini-2.5-pro", vertex_api=True)),
            *[
                ok(vertex("imagen-4.0-generate-001", "predict"), wire.imagen_predict(wire.png(name)))
                for name in components
            ],
            *build_veo,
            ok(veo_poll_uri(build_op), wire.veo_done(build_op, mp4)),
            ok(vertex("gemini-2.5-pro"), code_reply("gemini-2.5-pro", replies.CODER_REPLY, vertex_api=True)),
            ok(
                vertex("gemini-2.5-flash"),
                code_reply("gemini-2.5-flash", replies.REVIEW_REPLY, vertex_api=True, prompt_tokens=6210),
            ),
        ],  # fmt: skip
    }


def write_cassettes(made: dict[str, list[dict[str, Any]]], only: Sequence[str] = ()) -> None:
    """Write the cassettes ``made`` (name -> interactions) beside this file, or those whose name contains one of
    ``only``."""
    for name, interactions in made.items():
        if only and not any(part in name for part in only):
            continue
        path = HERE / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        document = {"interactions": interactions, "version": 1}
        path.write_text(dump_yaml(document, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
        print(f"wrote {path.relative_to(HERE)} ({len(interactions)} interactions)")


if __name__ == "__main__":
    write_cassettes(cassettes(), sys.argv[1:])

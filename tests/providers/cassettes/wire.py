"""Builders for hand-made cassettes, in each service's documented wire format.

Shapes follow the services' REST references and, for Gemini ``generateContent``, the real recorded exchange in
``shared/wire-samples/gemini-generateContent.recorded.yaml`` (pretty-printed JSON, ``candidates`` with
``thoughtSignature``, ``usageMetadata`` with ``thoughtsTokenCount``, ``modelVersion``, ``responseId``):

- Gemini Developer API ``models/*:generateContent`` (ai.google.dev/api/generate-content)
- Vertex AI ``publishers/google/models/*:generateContent``, ``:predict`` (Imagen), ``:predictLongRunning`` and
  ``:fetchPredictOperation`` (Veo) (cloud.google.com/vertex-ai/generative-ai/docs/model-reference)
- Google API errors (``{"error": {"code", "message", "status", "details"}}``, google.rpc.Status)
- OpenAI ``/v1/chat/completions`` (platform.openai.com/docs/api-reference/chat/object) and its error object

Identifiers and signatures are derived from a hash of the content, so rebuilding gives identical files.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import yaml

GEMINI_DEV = "https://generativelanguage.googleapis.com/v1beta/models"
VERTEX = "https://aiplatform.googleapis.com/v1beta1/publishers/google/models"
OPENAI_CHAT = "https://api.openai.com/v1/chat/completions"
REDACTED = "REDACTED"

_GOOGLE_HEADERS = {
    "Content-Type": ["application/json; charset=UTF-8"],
    "Server": ["scaffolding on HTTPServer2"],
    "Vary": ["Origin", "X-Origin", "Referer"],
    "X-Content-Type-Options": ["nosniff"],
    "X-Frame-Options": ["SAMEORIGIN"],
    "X-XSS-Protection": ["0"],
    "Date": ["Wed, 25 Nov 2026 12:00:00 GMT"],
}
_OPENAI_HEADERS = {
    "Content-Type": ["application/json"],
    "openai-organization": ["user-redacted"],
    "openai-processing-ms": ["2140"],
    "openai-version": ["2020-10-01"],
    "x-ratelimit-limit-requests": ["500"],
    "x-ratelimit-remaining-requests": ["499"],
    "Date": ["Wed, 25 Nov 2026 12:00:00 GMT"],
}
_STATUS_TEXT = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    429: "Too Many Requests",
    503: "Service Unavailable",
}


def _digest(*parts: object, size: int = 16) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:size]


def interaction(
    method: str, uri: str, status: int, body: str | bytes, *, google: bool = True, content_type: str | None = None
) -> dict[str, Any]:
    """One vcrpy interaction; the request body is filled in from what the SDK really sent (see README)."""
    headers = {"x-goog-api-key": [REDACTED]} if google else {"authorization": [REDACTED]}
    response_headers = dict(_GOOGLE_HEADERS if google else _OPENAI_HEADERS)
    if content_type:
        response_headers["Content-Type"] = [content_type]
    return {
        "request": {"body": None, "headers": headers, "method": method, "uri": uri},
        "response": {
            "body": {"string": body},
            "headers": response_headers,
            "status": {"code": status, "message": _STATUS_TEXT.get(status, "")},
        },
    }


def _usage(prompt: int, output: int, thoughts: int, output_modality: str = "TEXT") -> dict[str, Any]:
    usage: dict[str, Any] = {
        "promptTokenCount": prompt,
        "candidatesTokenCount": output,
        "totalTokenCount": prompt + output + thoughts,
        "promptTokensDetails": [{"modality": "TEXT", "tokenCount": prompt}],
    }
    if output_modality != "TEXT":
        usage["candidatesTokensDetails"] = [{"modality": output_modality, "tokenCount": output}]
    if thoughts:
        usage["thoughtsTokenCount"] = thoughts
    return usage


def generate_content(
    model: str, text: str, *, prompt_tokens: int, output_tokens: int, thoughts: int = 0, vertex: bool = False
) -> str:
    """A ``generateContent`` response whose single candidate is ``text`` (JSON text for structured output)."""
    part: dict[str, Any] = {"text": text}
    if thoughts:
        signature = hashlib.sha512(text.encode()).digest() * 3
        part["thoughtSignature"] = base64.b64encode(signature).decode()
    body: dict[str, Any] = {
        "candidates": [{"content": {"parts": [part], "role": "model"}, "finishReason": "STOP", "index": 0}],
        "usageMetadata": _usage(prompt_tokens, output_tokens, thoughts),
        "modelVersion": model,
        "responseId": _digest(model, text, size=22),
    }
    if vertex:
        body["usageMetadata"]["trafficType"] = "ON_DEMAND"
        body["createTime"] = "2026-11-25T12:00:00.000000Z"
    return json.dumps(body, indent=2)


def generate_image_content(model: str, png: bytes, *, prompt_tokens: int) -> str:
    """A Gemini image model's ``generateContent`` response: one ``inlineData`` PNG part (1290 image tokens)."""
    part = {"inlineData": {"mimeType": "image/png", "data": base64.b64encode(png).decode()}}
    body = {
        "candidates": [{"content": {"parts": [part], "role": "model"}, "finishReason": "STOP", "index": 0}],
        "usageMetadata": _usage(prompt_tokens, 1290, 0, "IMAGE"),
        "modelVersion": model,
        "responseId": _digest(model, len(png), size=22),
    }
    return json.dumps(body, indent=2)


def imagen_predict(png: bytes) -> str:
    return json.dumps(
        {"predictions": [{"mimeType": "image/png", "bytesBase64Encoded": base64.b64encode(png).decode()}]}
    )


def veo_operation_name(model: str, seed: str) -> str:
    ident = _digest(model, seed, size=32)
    uuid = f"{ident[:8]}-{ident[8:12]}-{ident[12:16]}-{ident[16:20]}-{ident[20:32]}"
    return f"projects/612345678901/locations/us-central1/publishers/google/models/{model}/operations/{uuid}"


def veo_started(name: str) -> str:
    return json.dumps({"name": name}, indent=2)


def veo_running(name: str) -> str:
    return json.dumps({"name": name}, indent=2)


def veo_done(name: str, mp4: bytes) -> str:
    response = {
        "@type": "type.googleapis.com/cloud.ai.large_models.vision.GenerateVideoResponse",
        "raiMediaFilteredCount": 0,
        "videos": [{"bytesBase64Encoded": base64.b64encode(mp4).decode(), "mimeType": "video/mp4"}],
    }
    return json.dumps({"name": name, "done": True, "response": response}, indent=2)


def developer_operation_name(model: str, seed: str) -> str:
    """A Gemini Developer API long-running operation, as ``models/{model}:predictLongRunning`` names it."""
    return f"models/{model}/operations/{_digest(model, seed, size=12)}"


def developer_video_done(name: str, file_id: str) -> str:
    """A finished Developer API Veo operation: the video is a file to download, not inline bytes."""
    uri = f"https://generativelanguage.googleapis.com/v1beta/files/{file_id}:download?alt=media"
    response = {
        "@type": "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse",
        "generateVideoResponse": {"generatedSamples": [{"video": {"uri": uri}}]},
    }
    return json.dumps({"name": name, "done": True, "response": response}, indent=2)


def google_error(code: int, status: str, message: str, retry_delay: str | None = None) -> str:
    error: dict[str, Any] = {"code": code, "message": message, "status": status}
    if retry_delay:
        error["details"] = [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": retry_delay}]
    return json.dumps({"error": error}, indent=2)


def chat_completion(model: str, content: str, *, prompt_tokens: int, completion_tokens: int) -> str:
    body = {
        "id": f"chatcmpl-{_digest(model, content, size=29)}",
        "object": "chat.completion",
        "created": 1795608000,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None, "annotations": []},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        },
        "service_tier": "default",
        "system_fingerprint": "fp_" + _digest(model, size=10),
    }
    return json.dumps(body, indent=2)


def openai_error(message: str, kind: str, code: str | None) -> str:
    return json.dumps({"error": {"message": message, "type": kind, "param": None, "code": code}}, indent=2)


def png(label: str, color: str = "#2563eb", size: tuple[int, int] = (320, 180)) -> bytes:
    """A real PNG with the component's name on it (what an image model's reply decodes to)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, "#f8fafc")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0], 28), fill=color)
    draw.text((12, 8), label, fill="#ffffff")
    draw.rectangle((12, 44, size[0] - 12, size[1] - 12), outline=color, width=2)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def mp4(seconds: int = 1) -> bytes:
    """A real, tiny H.264 MP4 made with ffmpeg (imageio-ffmpeg's binary)."""
    import imageio_ffmpeg

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "demo.mp4"
        command = [
            imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-f", "lavfi",
            "-i", f"color=c=0x2563eb:s=96x54:d={seconds}:r=8", "-c:v", "libx264", "-pix_fmt", "yuv420p",
            "-movflags", "+faststart", str(target),
        ]  # fmt: skip
        subprocess.run(command, check=True)
        return target.read_bytes()


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(document: Any, **options: Any) -> str:
    """YAML as vcrpy reads it, written out in full (no anchors), so every interaction reads on its own."""
    return yaml.dump(document, Dumper=_NoAliases, **options)

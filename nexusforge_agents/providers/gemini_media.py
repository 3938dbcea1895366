"""Mockups and demo videos from Google models: Gemini image models, Imagen and Veo (google-genai).

One image per page, prompted from the page model (its title and elements, as the offline wireframe draws them)
and the app's colours.
The demo video is one Veo long-running operation: started, polled until done or a timeout, and the MP4 it
returns written to the build's artifacts. Nothing is reported that was not really produced: no image, no file.
"""

from __future__ import annotations

import asyncio
import io
import time
from functools import partial
from pathlib import Path
from typing import Any

from ..context import AgentContext
from ..errors import BuildFailedError, ModelUnavailableError
from ..prompts import render_prompt
from ..schemas import AppSpec
from .cost import budgeted, gemini_text_cost, image_cost, price_entry, tokens_for, video_cost
from .gemini_client import KEY_HINT, enterprise_requested, genai_client, model_kind
from .offline.mockup_content import describe_page, nav_label, page_of
from .resilience import call_with_retries

IMAGE_TIMEOUT_S = 180
VIDEO_CALL_TIMEOUT_S = 60
ASPECT_RATIO = "16:9"
_TRANSIENT_OPERATION_CODES = {
    4,
    8,
    13,
    14,
}  # google.rpc.Code: DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, INTERNAL, UNAVAILABLE


def mockup_prompt(spec: AppSpec, component: str) -> str:
    """The page as the offline wireframe draws it (``mockup_content``), so an image model paints the same page."""
    spec, page = page_of(spec, component)
    colors = spec.colors
    return render_prompt(
        "mockup",
        component=component,
        app_name=spec.name,
        description=spec.description,
        title=page.title,
        purpose=f" Its purpose: {page.purpose}." if page.purpose else "",
        elements=describe_page(spec, page),
        pages=", ".join(nav_label(p) for p in spec.pages),
        background=colors.background,
        primary=colors.primary,
        text=colors.text,
        accent=colors.accent,
    )


def video_prompt(spec: AppSpec) -> str:
    colors = spec.colors
    return render_prompt(
        "video",
        app_name=spec.name,
        description=spec.description,
        tour=", then ".join(spec.ui_components[:5]),
        background=colors.background,
        primary=colors.primary,
        text=colors.text,
        accent=colors.accent,
    )


def as_png(data: bytes) -> bytes:
    """The image as PNG (the design agent stores ``<component>.png``); anything not an image is refused."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format == "PNG":
                return data
            out = io.BytesIO()
            image.save(out, format="PNG")
            return out.getvalue()
    except UnidentifiedImageError:
        raise BuildFailedError("The image model returned data that is not an image.") from None


class GeminiPainter:
    """One mockup per call: Imagen (``generate_images``) or a Gemini image model (``generate_content``)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.model_id = f"gemini:{name}"
        self.imagen = model_kind(name) == "imagen"

    async def paint(self, ctx: AgentContext, spec: AppSpec, component: str) -> bytes:
        prompt = mockup_prompt(spec, component)
        enterprise = self.imagen or enterprise_requested()
        client = genai_client(self.model_id, enterprise=enterprise, timeout_s=IMAGE_TIMEOUT_S)
        try:
            with budgeted(ctx, self.model_id, image_cost(self.name, len(prompt))) as call:
                if self.imagen:
                    data = await self._imagen(client, prompt, component)
                    call.tokens_in = tokens_for(len(prompt))
                    call.cost_usd = image_cost(self.name, 0)
                else:
                    data, usage = await self._gemini_image(client, prompt, component)
                    call.tokens_in = usage.get("prompt", 0)
                    call.tokens_out = usage.get("output", 0)
                    rates = price_entry("image", self.name) or {}
                    call.cost_usd = round(
                        rates.get("per_image", 0.0) + gemini_text_cost(self.name, call.tokens_in, 0), 8
                    )
        finally:
            await client.aio.aclose()
        return as_png(data)

    async def _imagen(self, client: Any, prompt: str, component: str) -> bytes:
        from google.genai import types

        config = types.GenerateImagesConfig(
            number_of_images=1, aspect_ratio=ASPECT_RATIO, output_mime_type="image/png", include_rai_reason=True
        )
        response = await call_with_retries(
            self.model_id,
            lambda: client.aio.models.generate_images(model=self.name, prompt=prompt, config=config),
            hint=KEY_HINT,
        )
        for generated in response.generated_images or []:
            if generated.image is not None and generated.image.image_bytes:
                return generated.image.image_bytes
        reasons = [g.rai_filtered_reason for g in response.generated_images or [] if g.rai_filtered_reason]
        raise BuildFailedError(
            f"{self.model_id} returned no image for {component}" + (f": {'; '.join(reasons)}" if reasons else "."),
            retry_possible=True,
        )

    async def _gemini_image(self, client: Any, prompt: str, component: str) -> tuple[bytes, dict[str, int]]:
        from google.genai import types

        config = types.GenerateContentConfig(
            response_modalities=["IMAGE"], image_config=types.ImageConfig(aspect_ratio=ASPECT_RATIO)
        )
        response = await call_with_retries(
            self.model_id,
            lambda: client.aio.models.generate_content(model=self.name, contents=prompt, config=config),
            hint=KEY_HINT,
        )
        meta = response.usage_metadata
        usage = {
            "prompt": (meta.prompt_token_count or 0) if meta else 0,
            "output": ((meta.candidates_token_count or 0) + (meta.thoughts_token_count or 0)) if meta else 0,
        }
        for candidate in response.candidates or []:
            for part in (candidate.content.parts if candidate.content else None) or []:
                blob = part.inline_data
                if blob is not None and blob.data and (blob.mime_type or "").startswith("image/"):
                    return blob.data, usage
        finish = [str(c.finish_reason) for c in response.candidates or [] if c.finish_reason]
        raise BuildFailedError(
            f"{self.model_id} returned no image for {component}"
            + (f" (finish: {', '.join(finish)})." if finish else "."),
            retry_possible=True,
        )


class VeoVideoMaker:
    """A Veo long-running operation: start, poll until done (or ``timeout_s``), write the MP4 to ``out``."""

    poll_interval_s = 10.0
    timeout_s = 600.0

    def __init__(self, name: str) -> None:
        self.name = name
        self.model_id = f"gemini:{name}"
        durations = (price_entry("video", name) or {}).get("durations") or [8]
        self.duration_s = max(durations)

    async def make_video(self, ctx: AgentContext, spec: AppSpec, out: Path) -> Path:
        from google.genai import types

        client = genai_client(self.model_id, enterprise=True, timeout_s=VIDEO_CALL_TIMEOUT_S)
        config = types.GenerateVideosConfig(
            number_of_videos=1,
            duration_seconds=self.duration_s,
            aspect_ratio=ASPECT_RATIO,
            generate_audio=True if self.name.startswith("veo-3") else None,
        )
        source = types.GenerateVideosSource(prompt=video_prompt(spec))
        cost = video_cost(self.name, self.duration_s)
        try:
            with budgeted(ctx, self.model_id, cost) as call:
                operation = await call_with_retries(
                    self.model_id,
                    lambda: client.aio.models.generate_videos(model=self.name, source=source, config=config),
                    hint=KEY_HINT,
                )
                operation = await self._wait(ctx, client, operation)
                data = self._video_bytes(operation)
                call.cost_usd = cost
        finally:
            await client.aio.aclose()
        if data[4:8] != b"ftyp":
            raise BuildFailedError(f"{self.model_id} returned a file that is not an MP4 video.")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        return out

    async def _wait(self, ctx: AgentContext, client: Any, operation: Any) -> Any:
        started = time.monotonic()
        while not operation.done:
            elapsed = time.monotonic() - started
            if elapsed > self.timeout_s:
                raise ModelUnavailableError(
                    f"{self.model_id} did not finish the video within {self.timeout_s:.0f} s "
                    f"(operation {operation.name}).",
                    retry_possible=True,
                    details={"model": self.model_id, "operation": operation.name},
                )
            ctx.progress(f"{self.model_id} is rendering the demo ({elapsed:.0f} s)...", min(0.9, elapsed / 120))
            await asyncio.sleep(self.poll_interval_s)
            operation = await call_with_retries(self.model_id, partial(client.aio.operations.get, operation))
        if operation.error:
            error = dict(operation.error)
            message = f"{self.model_id} failed to make the video: {error.get('message', error)}"
            if error.get("code") in _TRANSIENT_OPERATION_CODES:
                raise ModelUnavailableError(message, retry_possible=True, details={"model": self.model_id, **error})
            raise BuildFailedError(message, retry_possible=False, details={"model": self.model_id})
        return operation

    def _video_bytes(self, operation: Any) -> bytes:
        result = operation.response or operation.result
        for generated in (result.generated_videos if result else None) or []:
            video = generated.video
            if video is not None and video.video_bytes:
                return video.video_bytes
            if video is not None and video.uri:
                raise BuildFailedError(
                    f"{self.model_id} stored the video at {video.uri} instead of returning it; "
                    "run without an output storage bucket so the MP4 comes back in the operation.",
                )
        reasons = list(getattr(result, "rai_media_filtered_reasons", None) or [])
        raise BuildFailedError(
            f"{self.model_id} finished without a video" + (f": {'; '.join(reasons)}" if reasons else "."),
            retry_possible=True,
        )

"""Artifacts on Cloud Storage (NEXUSFORGE_ARTIFACTS_URL=gs://bucket/prefix), against recorded HTTP only.

A worker's recorder completes a build and uploads its code zip, mockup and video; an API with another home (it
cannot see the worker's files) streams them back through its artifact route, answers a storage refusal with 503
STORAGE_UNAVAILABLE and a missing object with 404, and deleting the build deletes its objects. The cassettes were
built from the JSON API's documented wire format (cassettes/build_artifact_cassettes.py), not recorded live:
re-record with ``--record-mode=rewrite`` (cassettes/README.md).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from google.auth.credentials import AnonymousCredentials

from nexusforge_agents.builds.artifact_store import CloudArtifacts, open_artifact_store
from nexusforge_agents.builds.db import BuildRow, utcnow
from nexusforge_agents.builds.parts import open_build_parts
from nexusforge_agents.config import Settings
from nexusforge_agents.events import BuildCompleted
from nexusforge_agents.schemas import BuildResult, BuildStatus
from nexusforge_agents.server import ServerSettings
from tests.builds.cloud_artifacts_harness import (
    BUCKET,
    CODE,
    CODE_FOLDER,
    MOCKUP,
    MP4,
    PREFIX,
    SESSION,
    VIDEO,
    artifacts_url,
    recorder,
)
from tests.scripted import PNG_1X1, tiny_spec
from tests.server.live import thread_server


@pytest.fixture
def live_recording(record_mode: str, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Replay: anonymous credentials (the cassettes carry no token). Recording: Application Default Credentials."""
    if record_mode == "none":
        monkeypatch.setattr("google.auth.default", lambda scopes=None, **_: (AnonymousCredentials(), None))
    return record_mode != "none"


def completed(output_dir: Path) -> BuildResult:
    """What a worker's graph hands the recorder at the end: the app, its mockup and its demo video on disk."""
    (output_dir / MOCKUP).parent.mkdir(parents=True)
    (output_dir / MOCKUP).write_bytes(PNG_1X1)
    (output_dir / VIDEO).parent.mkdir(parents=True)
    (output_dir / VIDEO).write_bytes(MP4)
    return BuildResult(
        session_id=SESSION,
        status=BuildStatus.COMPLETED,
        specification=tiny_spec(),
        mockups={"NoteList": str(output_dir / MOCKUP)},
        demo_video=str(output_dir / VIDEO),
        code_files=CODE,
        output_dir=str(output_dir),
    )


def test_the_settings_name_the_bucket_and_refuse_other_urls() -> None:
    store = open_artifact_store(Path("/tmp/nf-artifacts"), "gs://my-bucket/a/b/", credentials=AnonymousCredentials())
    assert isinstance(store, CloudArtifacts) and store.describe() == "gs://my-bucket/a/b/"
    assert store.object_name("s1", "mockups/X.png") == "a/b/s1/mockups/X.png"
    for wrong in ("s3://bucket/x", "gs:///x", "/srv/artifacts"):
        with pytest.raises(ValueError, match="gs://bucket"):
            ServerSettings(artifacts_url=wrong)


async def test_a_worker_uploads_a_builds_artifacts_and_another_api_streams_them(
    tmp_path: Path, record_mode: str, live_recording: bool
) -> None:
    url = artifacts_url(live_recording)
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'shared.sqlite'}"
    tapes = recorder(record_mode)
    api = ServerSettings(database_url=database_url, artifacts_url=url, build_runner="inline")
    with thread_server(Settings(home=tmp_path / "api-home"), api) as server:
        owner = httpx.get(server.base_url + "/auth/me", headers=server.headers).json()["id"]

        worker = Settings(home=tmp_path / "worker-home")  # a worker on another machine: none of its files are shared
        with tapes.use_cassette("worker_uploads.yaml") as tape:
            store = open_artifact_store(worker.home / "artifacts", url)
            async with open_build_parts(worker, database_url=database_url, artifacts=store) as parts:
                output_dir = worker.workspaces_dir / SESSION
                row = BuildRow(
                    session_id=SESSION, owner_id=owner, prompt="A tiny note keeper", config={}, started_at=utcnow(),
                    status=BuildStatus.BUILDING.value, current_phase=BuildStatus.BUILDING.value, progress=60,
                    output_dir=str(output_dir), last_seq=0,
                )  # fmt: skip
                await parts.store.create(row)
                build = parts.recorder.track(row)
                event = BuildCompleted(session_id=SESSION, total_time="1s", summary={}, result=completed(output_dir))
                await parts.recorder.record(build, event)
                await parts.recorder.flush()
            assert live_recording or tape.all_played, "the worker skipped uploads the cassette expects"
        assert [r.method for r in tape.requests] == ["POST"] * 3

        async with server.client() as client:
            status = (await client.get(f"/api/nexus-forge/build/{SESSION}")).json()
            assert status["status"] == "completed"
            mockup_url, video_url = status["result"]["mockups"]["NoteList"], status["result"]["demo_video"]
            assert mockup_url.endswith(f"/artifacts/{SESSION}/{MOCKUP}") and video_url.endswith(f"/{SESSION}/{VIDEO}")

            with tapes.use_cassette("api_serves.yaml") as tape:
                mockup = await client.get(mockup_url)
                code = await client.get(status["result"]["code_zip"])
                video = await client.get(video_url)
                assert live_recording or tape.all_played
            assert (mockup.status_code, mockup.headers["content-type"], mockup.content) == (200, "image/png", PNG_1X1)
            assert code.status_code == 200 and 'filename="code.zip"' in code.headers["content-disposition"]
            with zipfile.ZipFile(io.BytesIO(code.content)) as archive:
                assert {name: archive.read(name).decode() for name in archive.namelist()} == {
                    f"{CODE_FOLDER}/{rel}": text for rel, text in CODE.items()
                }
            assert (video.status_code, video.headers["content-type"], video.content) == (200, "video/mp4", MP4)

            if not live_recording:  # hand-built answers only: a live run cannot make the bucket refuse on cue
                with tapes.use_cassette("api_refusals.yaml") as tape:
                    refused = await client.get(video_url)  # the API's credentials lost read access to the bucket
                    gone = await client.get(video_url)  # the object was deleted by hand
                    assert tape.all_played
                assert refused.status_code == 503 and refused.json()["error_code"] == "STORAGE_UNAVAILABLE"
                assert (
                    "storage.objects.get" in refused.json()["detail"] and f"gs://{BUCKET}/" in refused.json()["detail"]
                )
                assert gone.status_code == 404 and "missing" in gone.json()["detail"]

            health = (await client.get("/health")).json()
            assert health["checks"]["storage"]["artifacts"] == f"{url}/"

            with tapes.use_cassette("api_deletes.yaml") as tape:
                deleted = await client.delete(f"/api/nexus-forge/build/{SESSION}")
                assert live_recording or tape.all_played
            assert deleted.status_code == 200, deleted.text
            names = [f"{PREFIX}/{SESSION}/{rel}" for rel in ("code.zip", VIDEO, MOCKUP)]
            assert [r.path.rsplit("/", 1)[-1] for r in tape.requests if r.method == "DELETE"] == [
                quote(name, safe="") for name in names
            ]

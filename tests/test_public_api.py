import subprocess
import sys

import nexusforge_agents

EXPECTED = {
    "ApiEndpoint",
    "AppSpec",
    "BuildCancelled",
    "BuildCancelledError",
    "BuildCompleted",
    "BuildConfig",
    "BuildEvent",
    "BuildFailedError",
    "BuildResult",
    "BuildService",
    "BuildStatus",
    "Connected",
    "DeployOptions",
    "DeploymentFailedError",
    "Entity",
    "EntityField",
    "ErrorEvent",
    "InvalidInputError",
    "ModelUnavailableError",
    "NexusForgeError",
    "PhaseCompleted",
    "ProgressUpdate",
    "SessionNotFoundError",
    "SpecReady",
    "Settings",
    "Usage",
    "__version__",
    "approve_spec",
    "build_app",
    "cancel_build",
    "create_starri",
    "open_build_service",
    "open_checkpointer",
    "parse_event",
    "reject_spec",
    "resume_build",
    "revise",
    "stream_build",
    "stream_resume",
}


def test_the_public_api_is_pinned():
    assert set(nexusforge_agents.__all__) == EXPECTED
    for name in EXPECTED:
        assert getattr(nexusforge_agents, name) is not None


def test_importing_the_package_loads_no_graph_and_no_integration():
    # How long the import takes is a benchmark's figure (benchmarks/import_time.py), not a timed test.
    code = (
        "import sys; import nexusforge_agents; "
        "print([m for m in sys.modules if m.split('.')[0] in "
        "('langgraph', 'litellm', 'google', 'langchain_google_genai', 'fastapi')])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_seed_config_object_is_accepted_as_is():
    config = nexusforge_agents.BuildConfig.model_validate(
        {
            "useAdaptiveThinking": True,
            "enableVideoDemo": True,
            "deployToCloudRun": True,
            "techStack": {"frontend": "react", "backend": "fastapi", "database": "postgresql"},
            "styling": "tailwind",
            "authentication": "oauth2",
        }
    )
    assert config.deploy == "cloudrun" and config.tech_stack.database == "postgresql"
    assert nexusforge_agents.BuildConfig(enable_video_demo=False).enable_video_demo is False

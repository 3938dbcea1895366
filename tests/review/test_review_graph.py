"""The review gate in the bare graph (as LangGraph Studio or an embedding app drives it): interrupt, then
Command(resume=decision)."""

from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from nexusforge_agents.build_state import BuildState
from nexusforge_agents.config import BuildConfig
from nexusforge_agents.graph.starri import create_starri
from nexusforge_agents.graph.state import BuildContext
from nexusforge_agents.schemas import BuildStatus
from tests.scripted import Script, install, scripted_settings


async def test_the_graph_interrupts_for_review_and_resumes_with_a_decision(tmp_path):
    script = install(Script())
    config = BuildConfig(review_spec=True, enable_video_demo=False)
    context = BuildContext(settings=scripted_settings(tmp_path), config=config)
    graph = create_starri(checkpointer=InMemorySaver())
    thread = {"configurable": {"thread_id": "review"}, "recursion_limit": 100}
    state = BuildState(session_id="review", prompt="notes", config=config, output_dir=str(tmp_path), started_at=1.0)

    await graph.ainvoke(state, thread, context=context)
    waiting = await graph.aget_state(thread)
    assert waiting.next == ("review",) and waiting.interrupts[0].value["spec"]["name"] == "Tiny Notes"
    assert BuildState.model_validate(waiting.values).status == BuildStatus.AWAITING_REVIEW
    assert script.coder_calls == 0

    edited = {**waiting.interrupts[0].value["spec"], "name": "Resumed Notes"}
    await graph.ainvoke(Command(resume={"action": "approve", "spec": edited}), thread, context=context)
    final = BuildState.model_validate((await graph.aget_state(thread)).values)
    assert final.status == BuildStatus.COMPLETED and final.spec.name == "Resumed Notes" and final.review.approved

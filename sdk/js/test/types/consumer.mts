// Type-checked by package.test.mjs: an ES module consumer of the published types.
import NexusForge, {
  RateLimitError,
  type BuildCompletedEvent,
  type RevisionStarted,
  type WithCamelCase,
} from 'nexusforge-sdk';

const client = new NexusForge({ apiKey: 'pk_live_x', baseUrl: 'http://127.0.0.1:8000' });
export async function run(): Promise<string> {
  const build = await client.builds.create({ prompt: 'Build a todo app', config: { enableVideoDemo: false } });
  const ws = client.builds.subscribe(build.sessionId);
  ws.on('build_completed', (data: WithCamelCase<BuildCompletedEvent>) => console.log(data.deployment_url));
  ws.on('end', (end) => console.log(end.reason, end.lastSeq));
  try {
    await client.builds.list({ status: 'completed' });
  } catch (error) {
    if (error instanceof RateLimitError) return `retry in ${error.retryAfter}`;
  }
  const revision: RevisionStarted = await client.builds.revise(build.sessionId, 'add a due date to tasks');
  client.builds.subscribe(revision.sessionId, { lastSeq: revision.lastSeq });
  return build.session_id;
}

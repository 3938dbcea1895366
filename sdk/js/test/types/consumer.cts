// Type-checked by package.test.mjs: a CommonJS consumer, as in the contract's example.
import NexusForge = require('nexusforge-sdk');

const client = new NexusForge({ apiKey: 'pk_live_x', baseUrl: 'http://127.0.0.1:8000' });
export async function run(): Promise<string | undefined> {
  const build = await client.builds.create({ prompt: 'Build a chat app' });
  const error: unknown = undefined;
  if (error instanceof NexusForge.AuthenticationError) return error.errorCode;
  client.builds.subscribe(build.sessionId).on('progress_update', (data) => console.log(data.phase, data.progress));
  return build.sessionId;
}

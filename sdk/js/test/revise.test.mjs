// client.builds.revise against a real server (the offline engine, a server-rendered app, no video): the started
// answer carries lastSeq; a subscription from it delivers only the revision's events; the result is v2's.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import NexusForge, { InvalidRequestError } from 'nexusforge-sdk';

import { FAST, startServer } from './support/server.mjs';

const PROMPT =
  'Build a to-do list app with server-rendered HTML templates where I can add tasks with a title, notes, ' +
  'a status and a priority, and filter tasks by status';

let server;
let client;

before(async () => {
  server = await startServer();
  const user = await server.user();
  client = new NexusForge({ apiKey: await server.key(user.token), baseUrl: server.baseUrl });
});
after(async () => {
  await server?.stop();
});

test('a revision makes v2 in the same session; its events follow the build last seq', async () => {
  const build = await client.builds.create({ prompt: PROMPT, config: FAST });
  assert.equal((await client.builds.subscribe(build.sessionId).ended).reason, 'finished');
  const built = await client.builds.get(build.sessionId);

  const started = await client.builds.revise(build.sessionId, 'add a due date to tasks');
  assert.equal(started.sessionId, build.sessionId);
  assert.ok(Number.isInteger(started.lastSeq) && started.lastSeq >= 1);
  assert.ok(started.websocketUrl.endsWith(`/ws/nexus-forge/${build.sessionId}?last_seq=${started.lastSeq}`));

  const subscription = client.builds.subscribe(build.sessionId, { lastSeq: started.lastSeq });
  const seqs = [];
  subscription.on('message', (message) => {
    if (message.type !== 'connected') seqs.push(message.seq);
  });
  const completed = new Promise((resolve) => subscription.on('build_completed', resolve));
  assert.equal((await subscription.ended).reason, 'finished');
  await completed;
  assert.equal(seqs[0], started.lastSeq + 1);

  const revised = await client.builds.get(build.sessionId);
  assert.equal(revised.status, 'completed');
  assert.match(revised.result.code_files['backend/models.py'], /due_date/);
  assert.doesNotMatch(built.result.code_files['backend/models.py'], /due_date/);
  const versions = await client.builds.versions(build.sessionId);
  assert.deepEqual(versions.map((version) => version.tag), ['v1', 'v2']);
  await assert.rejects(client.builds.revise(build.sessionId, '   '), InvalidRequestError);
});

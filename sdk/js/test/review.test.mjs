// The review gate through the JS SDK against a real server: spec_ready on the subscription, getSpec, a bad edit
// refused with the field named, an edit kept, then reject: the build ends cancelled.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import NexusForge, { ConflictError, InvalidRequestError } from 'nexusforge-sdk';

import { FAST, startServer } from './support/server.mjs';

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

test('a plan waits for review; edits are validated; rejecting cancels the build', async () => {
  const build = await client.builds.create({ prompt: 'Build a tiny note keeper', config: { ...FAST, reviewSpec: true } });
  const subscription = client.builds.subscribe(build.sessionId);
  const ready = await new Promise((resolve) => subscription.on('spec_ready', resolve));
  assert.equal(ready.phase, 'awaiting_review');
  assert.equal((await client.builds.get(build.sessionId)).status, 'awaiting_review');

  const spec = await client.builds.getSpec(build.sessionId);
  assert.deepEqual(spec, ready.spec);
  await assert.rejects(client.builds.updateSpec(build.sessionId, { ...spec, name: '' }), (error) => {
    assert.ok(error instanceof InvalidRequestError);
    assert.equal(error.details.field, 'name');
    return true;
  });
  const edited = await client.builds.updateSpec(build.sessionId, { ...spec, name: 'JS Notes' });
  assert.equal(edited.action, 'edit');
  assert.equal(edited.spec.name, 'JS Notes');
  const again = await new Promise((resolve) => subscription.on('spec_ready', resolve));
  assert.equal(again.spec.name, 'JS Notes');

  const rejected = await client.builds.reject(build.sessionId);
  assert.equal(rejected.action, 'reject');
  assert.equal((await subscription.ended).reason, 'finished');
  assert.equal((await client.builds.get(build.sessionId)).status, 'cancelled');
  await assert.rejects(client.builds.approve(build.sessionId), ConflictError);
});

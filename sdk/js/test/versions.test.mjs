// client.builds.versions / diff / rollback against a real server: a completed build is v1; a hand edit in its
// folder is saved as a version of its own by a rollback, which then restores v1's files as v3.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import NexusForge, { InvalidRequestError, NotFoundError } from 'nexusforge-sdk';

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

test('a completed build is v1; rollback makes a new version with the old files; diff shows each step', async () => {
  const prompt = 'Build a tiny note keeper';
  const build = await client.builds.create({ prompt, config: FAST });
  const end = await client.builds.subscribe(build.sessionId).ended;
  assert.equal(end.reason, 'finished');

  const [v1, ...others] = await client.builds.versions(build.sessionId);
  assert.deepEqual(others, []);
  assert.equal(v1.tag, 'v1');
  assert.equal(v1.message, prompt);
  assert.equal(v1.filesChanged, v1.files_changed);
  assert.ok(v1.files_changed.some((file) => file.path === 'README.md' && file.change === 'added'));

  const readme = join(server.home, 'builds', build.sessionId, 'README.md');
  const original = readFileSync(readme, 'utf8');
  writeFileSync(readme, original + '\nEdited by hand.\n');

  const v3 = await client.builds.rollback(build.sessionId, 1);
  assert.equal(v3.number, 3);
  assert.equal(v3.message, `Roll back to v1: ${prompt}`);
  assert.equal(readFileSync(readme, 'utf8'), original);

  const listed = await client.builds.versions(build.sessionId);
  assert.deepEqual(listed.map((version) => version.tag), ['v1', 'v2', 'v3']);
  const saved = await client.builds.diff(build.sessionId, 2);
  assert.equal(saved.fromVersion, 1);
  assert.deepEqual(saved.files, [{ path: 'README.md', change: 'modified' }]);
  assert.match(saved.unified, /^\+Edited by hand\.$/m);
  const same = await client.builds.diff(build.sessionId, 3, { base: 1 });
  assert.deepEqual(same.files, []);

  await assert.rejects(client.builds.diff(build.sessionId, 9), NotFoundError);
  await assert.rejects(client.builds.rollback(build.sessionId, 0), InvalidRequestError);
});

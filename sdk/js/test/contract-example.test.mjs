// The contract's JavaScript/Node.js example, verbatim, against a real server.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { startServer } from './support/server.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const EXAMPLE = here('./contract-example.js');
// The repo's verbatim copy of the contract, and the shared original beside the repo when present.
const CONTRACTS = [here('../../../docs/contract/nexus-forge-api.md'), here('../../../../shared/contract/nexus-forge-api.md')];

function exampleIn(contract) {
  const block = /### JavaScript\/Node\.js Example\n```javascript\n([\s\S]*?)```/.exec(readFileSync(contract, 'utf8'));
  assert.ok(block, `no JavaScript example in ${contract}`);
  return block[1];
}

test('the example file is the contract\'s JavaScript example, character for character', () => {
  const found = CONTRACTS.filter(existsSync);
  assert.ok(found.length >= 1, 'the contract copy in docs/contract is missing');
  for (const contract of found) assert.equal(readFileSync(EXAMPLE, 'utf8'), exampleIn(contract));
});

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test('the example builds an app and prints its progress lines and "App deployed:"', async () => {
  const user = await server.user();
  const key = await server.key(user.token, ['build']); // the contract's own example key body
  // Asynchronously: a blocked event loop would keep stale keep-alive sockets in fetch's pool.
  const run = await new Promise((resolve) => {
    const args = [here('./support/run-example.cjs'), EXAMPLE, key, server.baseUrl];
    execFile(process.execPath, args, { timeout: 240000 }, (error, stdout, stderr) => resolve({ error, stdout, stderr }));
  });
  assert.equal(run.error, null, run.stderr);
  const lines = run.stdout.trim().split('\n');
  // The example's config does not deploy (no deployToCloudRun), so the URL the server reports is null.
  assert.equal(lines.at(-1), 'App deployed: null');
  const progress = lines.slice(0, -1).map((line) => /^(\w+): (\d+)%$/.exec(line));
  assert.ok(progress.every(Boolean), `unexpected lines:\n${run.stdout}`);
  const values = progress.map((match) => Number(match[2]));
  assert.ok(values.length >= 5, run.stdout);
  assert.deepEqual(values, [...values].sort((a, b) => a - b), 'progress never goes back');
  const phases = new Set(progress.map((match) => match[1]));
  for (const phase of ['analyzing', 'generating_spec', 'building', 'deploying']) assert.ok(phases.has(phase), phase);
  // The build it started is the account's one completed build (listing needs `read`: asked with the account's token).
  const answer = await fetch(`${server.baseUrl}/api/nexus-forge/builds`, { headers: { Authorization: `Bearer ${user.token}` } });
  const builds = await answer.json();
  assert.deepEqual(builds.map((build) => build.status), ['completed']);
});

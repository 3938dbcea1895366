// The published shape: CommonJS and ES module entries, their type declarations, and a clean tarball.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import DefaultExport, * as esm from 'nexusforge-sdk';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (file, args) =>
  new Promise((resolve) =>
    execFile(file, args, { cwd: root }, (error, stdout, stderr) => resolve({ code: error?.code ?? 0, stdout, stderr })),
  );

test('require() gives the NexusForge class itself, with the named exports on it', () => {
  const NexusForge = createRequire(import.meta.url)('nexusforge-sdk');
  assert.equal(typeof NexusForge, 'function');
  assert.equal(NexusForge.name, 'NexusForge');
  assert.equal(NexusForge.default, NexusForge);
  assert.equal(NexusForge.NexusForge, NexusForge);
  assert.equal(typeof NexusForge.RateLimitError, 'function');
  assert.ok(new NexusForge({ apiKey: 'pk_live_x' }).builds);
});

test('import gives the class as default and every named export', () => {
  assert.equal(DefaultExport, esm.NexusForge);
  for (const name of ['APIError', 'AuthenticationError', 'NotFoundError', 'RateLimitError', 'BuildSubscription']) {
    assert.equal(typeof esm[name], 'function', name);
  }
});

test('the declarations type-check for ES module and CommonJS consumers', async () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const checked = await run(process.execPath, [tsc, '-p', 'test/types/tsconfig.json']);
  assert.equal(checked.code, 0, checked.stdout + checked.stderr);
});

test('npm pack holds the builds, their declarations, the README and nothing else', async () => {
  const packed = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts']);
  assert.equal(packed.code, 0, packed.stderr);
  const files = JSON.parse(packed.stdout)[0].files.map((file) => file.path).sort();
  assert.ok(files.every((path) => /^(dist\/(cjs|esm)\/|package\.json$|README\.md$)/.test(path)), files.join('\n'));
  for (const needed of ['dist/cjs/commonjs.js', 'dist/cjs/commonjs.d.ts', 'dist/esm/index.js', 'dist/esm/index.d.ts']) {
    assert.ok(files.includes(needed), needed);
  }
  assert.ok(!files.some((path) => path.endsWith('.ts') && !path.endsWith('.d.ts')), 'no TypeScript sources');
});

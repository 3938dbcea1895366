// Every method of the client against a real server, and how each kind of failure reaches the caller.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { after, before, describe, test } from 'node:test';

import NexusForge, {
  APIConnectionError,
  APITimeoutError,
  AuthenticationError,
  InvalidRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'nexusforge-sdk';

import WebSocket from 'ws';

import { FAST, freePort, startServer } from './support/server.mjs';

let server;
let user;
let apiKey;
let client; // an API key client, as most integrations use
let tokenClient; // the account's own sign-in, which key management needs

before(async () => {
  server = await startServer();
  user = await server.user();
  apiKey = await server.key(user.token);
  client = new NexusForge({ apiKey, baseUrl: server.baseUrl });
  tokenClient = new NexusForge({ token: user.token, baseUrl: server.baseUrl });
});
after(async () => {
  await server?.stop();
});

/** Subscribes and resolves with every message and the end, once the subscription ends. */
async function follow(sessionId, options) {
  const subscription = client.builds.subscribe(sessionId, options);
  const messages = [];
  subscription.on('message', (message) => messages.push(message));
  const end = await subscription.ended;
  return { messages, end };
}

describe('builds', () => {
  let built;

  test('create, subscribe to the end, get, list', async () => {
    const build = await client.builds.create({ prompt: 'Build a tiny note keeper', config: FAST });
    assert.equal(build.status, 'build_started');
    assert.equal(build.sessionId, build.session_id);
    assert.equal(build.websocketUrl, `/ws/nexus-forge/${build.session_id}`);
    assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(build))).sort(), Object.keys(build).sort());

    const { messages, end } = await follow(build.sessionId);
    assert.equal(end.reason, 'finished');
    assert.equal(messages[0].type, 'connected');
    assert.equal(messages.at(-1).type, 'build_completed');
    assert.equal(messages.at(-1).totalTime, messages.at(-1).total_time);
    const seqs = messages.slice(1).map((message) => message.seq);
    assert.deepEqual(seqs, seqs.map((_, index) => index + 1));
    assert.equal(end.lastSeq, seqs.at(-1));

    const details = await client.builds.get(build.sessionId);
    assert.equal(details.status, 'completed');
    assert.equal(details.progress, 100);
    assert.equal(details.currentPhase, details.current_phase);
    assert.ok(Object.keys(details.result.code_files).length > 5);
    assert.equal(details.result.demo_video, null);

    const listed = await client.builds.list({ status: 'completed', limit: 5 });
    assert.deepEqual(listed.map((row) => row.sessionId), [build.sessionId]);
    assert.equal(listed[0].appName, details.result.specification.name);
    assert.deepEqual(await client.builds.list({ search: 'no build is called this' }), []);
    built = build.sessionId;
  });

  test('deploy a completed build, then delete it', async () => {
    const deployment = await client.builds.deploy(built);
    assert.equal(deployment.status, 'deployed');
    assert.match(deployment.deploymentUrl, /^http:\/\/127\.0\.0\.1:\d+/);
    const health = await fetch(deployment.deployment_url + '/api/health');
    assert.equal(health.status, 200);
    const deleted = await client.builds.cancel(built);
    assert.equal(deleted.status, 'deleted');
    await assert.rejects(client.builds.get(built), NotFoundError);
  });

  test('fromTemplate starts a build; cancel stops it and the subscription ends', async () => {
    const [template] = await client.templates.list();
    const build = await client.builds.fromTemplate({
      templateId: template.id,
      customizations: { app_name: 'Cancelled Early' },
      config: FAST,
    });
    const subscription = client.builds.subscribe(build.sessionId);
    const cancelledEvent = new Promise((resolve) =>
      subscription.on('progress_update', (event) => event.phase === 'cancelled' && resolve(event)),
    );
    await new Promise((resolve) => subscription.once('connected', resolve));
    const cancelled = await client.builds.cancel(build.sessionId);
    assert.deepEqual({ ...cancelled }, { message: 'Build session cancelled successfully', status: 'cancelled' });
    assert.equal((await cancelledEvent).type, 'progress_update');
    assert.equal((await subscription.ended).reason, 'finished');
    assert.equal((await client.builds.get(build.sessionId)).status, 'cancelled');
  });

  test('close() ends a subscription at once, with reason "closed"', async () => {
    const build = await client.builds.create({ prompt: 'Build a recipe box', config: FAST });
    const subscription = client.builds.subscribe(build.sessionId);
    const ends = [];
    subscription.on('end', (end) => ends.push(end));
    subscription.once('connected', () => subscription.close());
    assert.equal((await subscription.ended).reason, 'closed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(ends.length, 1);
    await client.builds.cancel(build.sessionId);
  });

  test('close() at any point before the socket opens: nothing arrives, end comes once', async () => {
    const build = await client.builds.create({ prompt: 'Build a guest book', config: FAST });
    for (const delay of [null, 0, 1, 5]) {
      const subscription = client.builds.subscribe(build.sessionId);
      const seen = [];
      subscription.on('message', (message) => seen.push(message)).on('end', (end) => seen.push(end));
      if (delay === null) subscription.close();
      else setTimeout(() => subscription.close(), delay);
      assert.equal((await subscription.ended).reason, 'closed');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.ok(seen.filter((item) => item.reason).length <= 1, 'end at most once to handlers');
      assert.ok(seen.findIndex((item) => item.reason) === -1 || seen.at(-1).reason, 'nothing after end');
    }
    await client.builds.cancel(build.sessionId);
  });

  test('the browser path: a WebSocket that cannot send headers authenticates with ?token=', async () => {
    const opened = [];
    class HeaderlessWebSocket extends WebSocket {
      constructor(url) {
        super(url); // as a browser's: no headers
        opened.push(new URL(url));
      }
    }
    const browserLike = new NexusForge({ apiKey, baseUrl: server.baseUrl, WebSocket: HeaderlessWebSocket });
    const build = await browserLike.builds.create({ prompt: 'Build a bookmark list', config: FAST });
    const subscription = browserLike.builds.subscribe(build.sessionId);
    const types = [];
    subscription.on('message', (message) => types.push(message.type));
    assert.equal((await subscription.ended).reason, 'finished');
    assert.equal(types.at(-1), 'build_completed');
    assert.equal(opened[0].searchParams.get('token'), apiKey);
  });

  test('a subscription to an unknown build gets the server\'s error, then ends "refused"', async () => {
    const subscription = client.builds.subscribe('00000000-0000-4000-8000-000000000000');
    const errors = [];
    subscription.on('error', (error) => errors.push(error));
    const end = await subscription.ended;
    assert.equal(end.reason, 'refused');
    assert.equal(end.error.errorCode, 'SESSION_NOT_FOUND');
    assert.equal(errors[0].error_code, 'SESSION_NOT_FOUND');
  });
});

test('templates.list and config.models', async () => {
  const templates = await client.templates.list();
  assert.ok(templates.length >= 2);
  assert.ok(templates.every((template) => template.examplePrompt === template.example_prompt && template.id));
  const { models } = await client.config.models();
  const offline = models.filter((model) => model.name.startsWith('offline'));
  assert.ok(offline.length >= 1 && offline.every((model) => model.status === 'available'));
});

test('keys: create, list, revoke; a revoked key is refused', async () => {
  const created = await tokenClient.keys.create({ name: 'ci', permissions: ['read'], rateLimit: 30 });
  assert.match(created.key, /^pk_live_/);
  assert.equal(created.rateLimit, 30);
  const listed = await tokenClient.keys.list();
  const row = listed.find((key) => key.id === created.id);
  assert.deepEqual(row.permissions, ['read']);
  assert.notEqual(row.key, created.key, 'listed keys are masked');
  const readOnly = new NexusForge({ apiKey: created.key, baseUrl: server.baseUrl });
  assert.ok(Array.isArray(await readOnly.builds.list()));
  assert.equal((await tokenClient.keys.revoke(created.id)).status, 'revoked');
  await assert.rejects(readOnly.builds.list(), AuthenticationError);
});

describe('errors', () => {
  test('401: a bad key', async () => {
    const stranger = new NexusForge({ apiKey: 'pk_live_not-a-key', baseUrl: server.baseUrl });
    const error = await stranger.builds.list().catch((caught) => caught);
    assert.ok(error instanceof AuthenticationError);
    assert.equal(error.status, 401);
    assert.equal(error.errorCode, 'UNAUTHORIZED');
    // On the WebSocket the refused handshake becomes the same typed error.
    const subscription = stranger.builds.subscribe('00000000-0000-4000-8000-000000000000');
    const end = await subscription.ended;
    assert.equal(end.reason, 'refused');
    assert.ok(end.error instanceof AuthenticationError);
  });

  test('404: an unknown build', async () => {
    const error = await client.builds.get('00000000-0000-4000-8000-000000000000').catch((caught) => caught);
    assert.ok(error instanceof NotFoundError);
    assert.equal(error.errorCode, 'SESSION_NOT_FOUND');
  });

  test('400: a blank prompt', async () => {
    const error = await client.builds.create({ prompt: '   ' }).catch((caught) => caught);
    assert.ok(error instanceof InvalidRequestError);
    assert.equal(error.status, 400);
    assert.equal(error.errorCode, 'INVALID_INPUT');
    assert.equal(error.detail, 'App description is required');
  });

  test('403: a read-only key cannot start a build', async () => {
    const readOnly = new NexusForge({ apiKey: await server.key(user.token, ['read']), baseUrl: server.baseUrl });
    const error = await readOnly.builds.create({ prompt: 'Build a blog' }).catch((caught) => caught);
    assert.ok(error instanceof PermissionDeniedError);
    assert.equal(error.errorCode, 'FORBIDDEN');
  });

  test('429: over a key\'s rate limit, with retryAfter', async () => {
    const limited = new NexusForge({ apiKey: await server.key(user.token, ['read'], 2), baseUrl: server.baseUrl });
    await limited.templates.list();
    await limited.templates.list();
    const error = await limited.templates.list().catch((caught) => caught);
    assert.ok(error instanceof RateLimitError);
    assert.equal(error.status, 429);
    assert.equal(error.errorCode, 'RATE_LIMIT_EXCEEDED');
    assert.ok(Number.isInteger(error.retryAfter) && error.retryAfter > 0 && error.retryAfter <= 60, error.retryAfter);
  });

  test('a server that does not answer: APITimeoutError after timeoutMs', async () => {
    const held = new Set();
    const silent = createServer((socket) => held.add(socket)); // accepts connections and never answers
    await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `http://127.0.0.1:${silent.address().port}`;
      const slow = new NexusForge({ apiKey: 'pk_live_x', baseUrl, timeoutMs: 300 });
      const started = Date.now();
      const error = await slow.templates.list().catch((caught) => caught);
      assert.ok(error instanceof APITimeoutError, String(error));
      assert.equal(error.errorCode, 'TIMEOUT');
      assert.ok(Date.now() - started < 5000);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  test('no server: APIConnectionError', async () => {
    const nowhere = new NexusForge({ apiKey: 'pk_live_x', baseUrl: `http://127.0.0.1:${await freePort()}` });
    const error = await nowhere.templates.list().catch((caught) => caught);
    assert.ok(error instanceof APIConnectionError);
    assert.equal(error.errorCode, 'CONNECTION_ERROR');
  });

  test('the client needs a credential, and keeps it out of JSON', () => {
    const saved = process.env.NEXUSFORGE_API_KEY;
    delete process.env.NEXUSFORGE_API_KEY;
    try {
      assert.throws(() => new NexusForge({ baseUrl: server.baseUrl }), TypeError);
    } finally {
      if (saved !== undefined) process.env.NEXUSFORGE_API_KEY = saved;
    }
    assert.equal(JSON.stringify(client), JSON.stringify({ baseUrl: server.baseUrl }));
    assert.ok(!inspect(client, { depth: 20, showHidden: true }).includes(apiKey), 'the key is not in console.log');
  });
});

// A subscription whose connection drops mid-build reconnects with ?last_seq= and delivers every event once,
// in order. The drop is real: the client reaches the server through a TCP proxy that cuts every connection.
import assert from 'node:assert/strict';
import { connect, createServer } from 'node:net';
import { after, before, test } from 'node:test';

import NexusForge from 'nexusforge-sdk';

import { FAST, startServer } from './support/server.mjs';

/** Forwards 127.0.0.1:port to the server; cut() destroys every open connection, both sides. */
async function tcpProxy(target) {
  const open = new Set();
  const proxy = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    open.add(client).add(upstream);
    const drop = () => {
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop).pipe(upstream);
    upstream.on('error', drop).on('close', drop).pipe(client);
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${proxy.address().port}`,
    cut() {
      for (const socket of open) socket.destroy();
    },
    close: () => new Promise((resolve) => proxy.close(resolve)),
  };
}

let server;
let proxy;
before(async () => {
  server = await startServer();
  proxy = await tcpProxy(new URL(server.baseUrl));
});
after(async () => {
  proxy?.cut();
  await proxy?.close();
  await server?.stop();
});

test('dropped twice mid-build: reconnects, replays from the last seq, no gap, no duplicate', async () => {
  const user = await server.user();
  const client = new NexusForge({ apiKey: await server.key(user.token), baseUrl: proxy.url });
  const build = await client.builds.create({ prompt: 'Build a habit tracker with streaks', config: FAST });
  const subscription = client.builds.subscribe(build.sessionId);
  const seqs = [];
  const connections = [];
  const reconnects = [];
  const statusAtCut = [];
  let onThisConnection = 0;
  // Cut the first connection after its third event and the second after two more: the build is still running.
  const cutAfter = { 1: 3, 2: 2 };
  subscription.on('connected', () => {
    connections.push(seqs.length);
    onThisConnection = 0;
  });
  subscription.on('reconnecting', (info) => reconnects.push(info));
  subscription.on('message', (message) => {
    if (message.seq === undefined) return;
    seqs.push(message.seq);
    onThisConnection += 1;
    if (onThisConnection === cutAfter[connections.length]) {
      proxy.cut();
      statusAtCut.push(message.phase);
    }
  });
  const completed = new Promise((resolve) => subscription.on('build_completed', resolve));
  const end = await subscription.ended;

  assert.equal(end.reason, 'finished', String(end.error));
  assert.ok((await completed).summary);
  assert.deepEqual(seqs, seqs.map((_, index) => index + 1), 'every event once, in order');
  assert.equal(end.lastSeq, seqs.at(-1));
  assert.equal(reconnects.length, 2);
  // Events already in the socket's buffer still arrive after a cut, so a reconnection resumes after whatever
  // was received last, not necessarily the event that triggered the cut.
  assert.deepEqual(connections, [0, ...reconnects.map((info) => info.lastSeq)], 'resumed after the last event');
  assert.ok(reconnects[0].lastSeq >= 3 && reconnects[1].lastSeq >= reconnects[0].lastSeq + 2);
  assert.ok(!statusAtCut.includes('completed'), 'the cuts happened while the build was running');
  assert.equal((await client.builds.get(build.sessionId)).status, 'completed');
});

test('a later subscription can resume from lastSeq and gets only what came after', async () => {
  const user = await server.user();
  const client = new NexusForge({ apiKey: await server.key(user.token), baseUrl: server.baseUrl });
  const build = await client.builds.create({ prompt: 'Build a reading list', config: FAST });
  const all = [];
  const first = client.builds.subscribe(build.sessionId);
  first.on('message', (message) => message.seq !== undefined && all.push(message.seq));
  await first.ended;
  const rest = [];
  const second = client.builds.subscribe(build.sessionId, { lastSeq: 10 });
  second.on('message', (message) => message.seq !== undefined && rest.push(message.seq));
  assert.equal((await second.ended).reason, 'finished');
  assert.deepEqual(rest, all.slice(10));
});

test('when the server stays unreachable the subscription gives up after maxReconnects', async () => {
  const user = await server.user();
  const doomed = await tcpProxy(new URL(server.baseUrl));
  const apiKey = await server.key(user.token);
  const client = new NexusForge({ apiKey, baseUrl: doomed.url });
  const build = await client.builds.create({ prompt: 'Build a packing list', config: FAST });
  const subscription = client.builds.subscribe(build.sessionId, { maxReconnects: 2 });
  const errors = [];
  subscription.on('error', (error) => errors.push(error));
  let closing;
  subscription.once('connected', () => {
    closing = doomed.close(); // stop accepting new connections, then cut the established one
    doomed.cut();
  });
  const end = await subscription.ended;
  assert.equal(end.reason, 'connection_lost');
  assert.equal(end.error.errorCode, 'CONNECTION_ERROR');
  assert.equal(errors.at(-1), end.error);
  await closing;
  const direct = new NexusForge({ apiKey, baseUrl: server.baseUrl });
  await direct.builds.cancel(build.sessionId); // cancels it, or deletes it if it finished meanwhile
});

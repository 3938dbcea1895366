// A real `nexusforge serve` for the tests: its own NEXUSFORGE_HOME in a temp folder, a free port, offline
// models, an admin from the environment, users made with the operator CLI (`nexusforge users create`) and
// keys through the HTTP API. The command is `nexusforge` from PATH, or NEXUSFORGE_CMD (e.g. "python -m
// nexusforge_agents.cli") to test another checkout.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const command = (process.env.NEXUSFORGE_CMD ?? 'nexusforge').split(' ').filter(Boolean);

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const password = () => 'pw-' + randomBytes(16).toString('base64url');

export async function startServer() {
  const home = mkdtempSync(join(tmpdir(), 'nexusforge-js-'));
  const port = await freePort();
  const admin = { email: 'admin@example.org', password: password() };
  const env = {
    ...process.env,
    NEXUSFORGE_HOME: home,
    NEXUSFORGE_ADMIN_EMAIL: admin.email,
    NEXUSFORGE_ADMIN_PASSWORD: admin.password,
    // The tests start more builds than the contract's 5 an hour; the 429 test uses a key's own limit instead.
    NEXUSFORGE_RATE_LIMIT_BUILD: '1000/hour',
    NEXUSFORGE_DEPLOY_TARGET: 'local',
    LITELLM_LOCAL_MODEL_COST_MAP: 'True',
  };
  for (const name of ['NEXUSFORGE_JWT_SECRET', 'NEXUSFORGE_REDIS_URL', 'NEXUSFORGE_DATABASE_URL', 'DATABASE_URL']) {
    delete env[name];
  }
  const args = [...command.slice(1), 'serve', '--port', String(port), '--log-level', 'warning'];
  const child = spawn(command[0], args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  // A test run that is interrupted must not leave the server behind.
  const stopOnSignal = (signal) => {
    child.kill('SIGTERM');
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal);
  process.once('exit', () => child.kill('SIGTERM'));
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-20000)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = {
    baseUrl,
    home,
    admin,
    env,
    get log() {
      return stderr;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(home, { recursive: true, force: true });
    },
    /** The operator CLI on this server's database (users, keys). Asynchronous: a blocked event loop would keep
     * stale keep-alive sockets in fetch's pool. */
    cli(cliArgs, input) {
      return new Promise((resolve, reject) => {
        const child = execFile(command[0], [...command.slice(1), ...cliArgs], { env }, (error, stdout, stderr) =>
          error ? reject(new Error(`nexusforge ${cliArgs.join(' ')} failed: ${stderr}`)) : resolve(stdout),
        );
        child.stdin.end(input ?? '');
      });
    },
    async login(email, pass) {
      const answer = await fetch(`${baseUrl}/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password: pass }),
      });
      if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${await answer.text()}`);
      return (await answer.json()).access_token;
    },
    /** A new account made with `nexusforge users create`, signed in: { email, token }. */
    async user() {
      const email = `u${randomBytes(4).toString('hex')}@example.org`;
      const pass = password();
      await server.cli(['users', 'create', email, '--password-stdin'], pass);
      return { email, token: await server.login(email, pass) };
    },
    /** A new API key of the account signed in with `token`, made through POST /api/keys. */
    async key(token, permissions = ['build', 'read', 'deploy'], rateLimit = 1000) {
      const answer = await fetch(`${baseUrl}/api/keys`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ name: 'sdk test', permissions, rate_limit: rateLimit }),
      });
      if (answer.status !== 201) throw new Error(`key creation failed: ${answer.status} ${await answer.text()}`);
      return (await answer.json()).key;
    },
  };
  const deadline = Date.now() + 60000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nexusforge serve exited (${child.exitCode}): ${stderr}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`nexusforge serve did not become healthy: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return server;
}

/** Offline builds without the demo video: the fastest real builds. */
export const FAST = { enableVideoDemo: false };

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

/**
 * The built server started the way a user starts it (`node apps/server/dist/main.js`,
 * which `npm start` runs after building), in an empty folder, with nothing but the
 * environment. `npm test` builds before running Jest.
 */
const MAIN = resolve('apps/server/dist/main.js');

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** The exit code, or the signal's name when it ended by one. */
  exited: Promise<number | string | null>;
}

function start(cwd: string, env: Record<string, string>): Run {
  const child = spawn(process.execPath, [MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string | null>((done) =>
    child.on('exit', (code, signal) => done(code ?? signal)),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

describe('starting the server', () => {
  let cwd: string;
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" (npm test does) first`);
    cwd = mkdtempSync(join(tmpdir(), 'loa-start-'));
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('refuses a bad PORT, naming it, and exits non-zero', async () => {
    const run = start(cwd, { PORT: 'abc' });
    expect(await run.exited).toBe(78);
    expect(run.stderr()).toContain('PORT: expected a whole number from 0 to 65535, got "abc"');
  });

  it('refuses to start in production without a secret', async () => {
    const run = start(cwd, { NODE_ENV: 'production' });
    expect(await run.exited).toBe(78);
    expect(run.stderr()).toMatch(/AUTH_SECRET: is required when NODE_ENV=production/);
  });

  it('starts on an empty folder with the embedded defaults, is healthy, prints the first admin once and stops cleanly', async () => {
    const port = await freePort();
    const started = Date.now();
    const run = start(cwd, { PORT: String(port), HOST: '127.0.0.1' });
    let health: { status: number; body: { status?: string } } | undefined;
    while (Date.now() - started < 15_000) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        health = { status: res.status, body: (await res.json()) as { status?: string } };
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    try {
      expect(health).toEqual({ status: 200, body: expect.objectContaining({ status: 'ok' }) });
      expect(existsSync(join(cwd, 'data', 'loa.db'))).toBe(true);
      expect(existsSync(join(cwd, 'data', 'auth-secret'))).toBe(true);
      expect(existsSync(join(cwd, 'media'))).toBe(true);
      expect(run.stdout()).toMatch(/mật khẩu: \S{4}-\S{4}-\S{4}-\S{4}/);
      expect(run.stdout()).toContain(`Loa is listening on port ${port}`);
    } finally {
      run.child.kill('SIGTERM');
    }
    // Nest closes the app on SIGTERM, then re-raises the signal so the process ends by it
    expect(await run.exited).toBe('SIGTERM');

    // a second start keeps the database, the secret and the admin: no new password is printed
    const again = start(cwd, { PORT: String(port), HOST: '127.0.0.1' });
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !again.stdout().includes('Loa is listening')) {
      await new Promise((r) => setTimeout(r, 100));
    }
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe('SIGTERM');
    expect(again.stdout()).toContain('Loa is listening');
    expect(again.stdout()).not.toMatch(/mật khẩu:/);
  });
});

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort, MAIN, startServer as start, waitHealthy } from './support/server-process.js';

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
    const run = start(cwd, { PORT: String(port), HOST: '127.0.0.1' });
    const health = await waitHealthy(port);
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

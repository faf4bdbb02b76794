import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApp } from '../../apps/server/src/app.factory.js';
import type { AppOptions } from '../../apps/server/src/app.module.js';
import { parseConfig } from '../../apps/server/src/config/config.schema.js';
import { createTestDatabase, type EngineName } from './engines.js';

export const ADMIN = { email: 'admin@loa.test', password: 'quan-tri-vien-2020' };

export interface TestApp {
  readonly app: NestExpressApplication;
  readonly url: string;
  readonly dir: string;
  http(): ReturnType<typeof request>;
  /** Signs in and returns an access token. */
  login(email: string, password: string): Promise<string>;
  /** Stops the server and starts it again on the same port, database and media folder: a restart. */
  restart(downMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The real server on a random port, with its own database and media folder. */
export async function startTestApp(
  engine: EngineName,
  env: Record<string, string> = {},
  options: AppOptions = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'loa-e2e-'));
  const database = await createTestDatabase(engine, dir);
  const config = parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DATA_DIR: join(dir, 'data'),
    MEDIA_DIR: join(dir, 'media'),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    HEALTH_MIN_FREE_DISK: '1MB',
    // every test signs in many users from 127.0.0.1; the throttling test sets its own limit
    LOGIN_THROTTLE_LIMIT: '10000',
    ...env,
  });
  let app = await createApp(config, options);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const port = Number(new URL(url).port);
  const http = () => request(url);
  return {
    get app() {
      return app;
    },
    url,
    dir,
    http,
    async login(email, password) {
      const res = await http().post('/api/auth/login').send({ email, password });
      if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as { accessToken: string }).accessToken;
    },
    async restart(downMs = 0) {
      await app.close();
      // the time the server stays away: players keep playing and keep their proof of play
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      app = await createApp(config, options);
      await app.listen(port, '127.0.0.1');
    },
    async close() {
      await app.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import request from 'supertest';
import { io, type Socket } from 'socket.io-client';
import {
  CONSOLE_EVENTS,
  NAMESPACES,
  type PlaylistDocument,
  type Revoked,
  type ScreenStatus,
  SERVER_EVENTS,
} from '@loa/protocol';
import { createTestDatabase, describeWith, type TestDatabase } from './support/engines.js';
import { fixture } from './support/media.js';
import { Inbox, onlineScreen, waitingPlayer } from './support/players.js';
import { freePort, MAIN, type ServerRun, startServer, waitHealthy } from './support/server-process.js';
import { ADMIN } from './support/test-app.js';

const redisUrl = process.env.TEST_REDIS_URL ?? '';

/**
 * Two server processes of one deployment on different ports, sharing a database and the real
 * Redis: whatever is done through A reaches players connected to B, through the socket.io
 * Redis adapter. PostgreSQL when TEST_POSTGRES_URL is set, else one SQLite file in WAL mode.
 */
describeWith('TEST_REDIS_URL', 'realtime across server processes (socket.io Redis adapter)', () => {
  const prefix = `loa-test-${randomBytes(4).toString('hex')}:`;
  let dir: string;
  let database: TestDatabase;
  const servers: Array<{ run: ServerRun; url: string }> = [];
  const sockets: Array<{ disconnect(): void }> = [];
  let token: string;
  let provinceId: string;
  const [a, b] = [0, 1];
  const url = (i: number) => servers[i].url;
  const api = (i: number) => ({
    get: (path: string) => request(url(i)).get(path).auth(token, { type: 'bearer' }),
    post: (path: string, body: object = {}) => request(url(i)).post(path).auth(token, { type: 'bearer' }).send(body),
  });

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" (npm test does) first`);
    dir = mkdtempSync(join(tmpdir(), 'loa-redis-'));
    database = await createTestDatabase(process.env.TEST_POSTGRES_URL ? 'postgres' : 'sqlite', dir);
    for (const name of ['a', 'b']) {
      const port = await freePort();
      const run = startServer(dir, {
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        AUTH_SECRET: 'both-servers-share-this-secret-of-48-characters!!',
        DATABASE_URL: database.url,
        DATA_DIR: join(dir, 'data'),
        MEDIA_DIR: join(dir, 'media'),
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: prefix,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'warn',
        COMMAND_TIMEOUT: '5s',
      });
      // one at a time: the second finds the migrations done
      const health = await waitHealthy(port, 30_000);
      if (health?.status !== 200) throw new Error(`server ${name} did not start: ${run.stderr()}`);
      servers.push({ run, url: `http://127.0.0.1:${port}` });
    }
    const login = await request(url(a)).post('/api/auth/login').send(ADMIN);
    token = (login.body as { accessToken: string }).accessToken;
    const province = await api(a).post('/api/organisations', { name: 'Tỉnh Bắc Kạn', kind: 'province' });
    provinceId = (province.body as { id: string }).id;
  }, 90_000);

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    for (const { run } of servers) {
      run.child.kill('SIGTERM');
      await run.exited;
    }
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('pairs a player on B through A, pushes A’s change to it, shows its status on A and commands it from A', async () => {
    const watcher: Socket = io(`${url(a)}${NAMESPACES.console}`, {
      transports: ['websocket'],
      forceNew: true,
      auth: { token },
    });
    sockets.push(watcher);
    const console = new Inbox(watcher);
    await console.next('connect');

    // the player waits on B; the operator claims on A; the token crosses over Redis
    const waiting = await waitingPlayer(url(b));
    sockets.push(waiting.socket);
    const claim = await api(a).post('/api/screens/claim', {
      code: waiting.code.code,
      name: 'Bến xe khách Bắc Kạn',
      kind: 'transit',
      organisationId: provinceId,
      localityId: provinceId,
    });
    expect(claim.status).toBe(201);
    const paired = await waiting.paired;
    waiting.socket.disconnect();

    const player = await onlineScreen(url(b), paired.deviceToken);
    sockets.push(player.socket);
    expect(player.playlist!.items).toEqual([]);
    expect(await console.next<ScreenStatus>(CONSOLE_EVENTS.screenStatus)).toMatchObject({
      screenId: paired.screenId,
      online: true,
    });

    // an approved poster assigned through A reaches the player on B
    const upload = await request(url(a))
      .post('/api/creatives')
      .auth(token, { type: 'bearer' })
      .field('title', 'Cài đặt Bluezone')
      .field('organisationId', provinceId)
      .attach('file', fixture('led-768x384.webp'));
    expect(upload.status).toBe(202);
    const creativeId = (upload.body as { id: string }).id;
    for (let i = 0; i < 200; i++) {
      if ((await api(a).get(`/api/creatives/${creativeId}`)).body.status !== 'processing') break;
      await new Promise((r) => setTimeout(r, 150));
    }
    expect((await api(a).post(`/api/creatives/${creativeId}/submit`)).status).toBe(200);
    expect((await api(a).post(`/api/creatives/${creativeId}/approve`)).status).toBe(200);
    expect((await api(a).post('/api/playlist-entries', { creativeId, screenId: paired.screenId })).status).toBe(201);
    // with two servers, both may make a new screen's first (empty) document: the same version
    // twice changes nothing for a player, so wait for the one that carries the change
    let pushed = await player.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist, 5000);
    while (pushed.version === player.playlist!.version) {
      pushed = await player.inbox.next<PlaylistDocument>(SERVER_EVENTS.playlist, 5000);
    }
    expect(pushed.items.map((i) => i.creativeId)).toEqual([creativeId]);

    // a command sent through A is answered by the player on B
    player.socket.on(SERVER_EVENTS.command, (_command, ack) => ack({ ok: true, data: {} }));
    const reload = await api(a).post(`/api/screens/${paired.screenId}/commands`, { type: 'reload' });
    expect(reload.status).toBe(200);

    // revoking through A cuts the player off on B within a second
    const started = performance.now();
    expect((await api(a).post(`/api/screens/${paired.screenId}/revoke`)).status).toBe(200);
    expect(await player.inbox.next<Revoked>(SERVER_EVENTS.revoked, 1000)).toEqual({ reason: 'revoked' });
    await player.inbox.next('disconnect', 1000);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await console.next<ScreenStatus>(CONSOLE_EVENTS.screenStatus)).toMatchObject({ online: false });
  }, 60_000);
});

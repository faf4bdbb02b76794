import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { describeWith } from './support/engines.js';
import { ADMIN, startTestApp, type TestApp } from './support/test-app.js';

const redisUrl = process.env.TEST_REDIS_URL ?? '';

describeWith('TEST_REDIS_URL', 'Redis in production settings', () => {
  // two servers of one deployment, sharing one Redis under a prefix of their own
  const prefix = `loa-test-${randomBytes(4).toString('hex')}:`;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const env = { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix, LOGIN_THROTTLE_LIMIT: '3', LOGIN_THROTTLE_TTL: '60s' };
    a = await startTestApp('sqlite', env);
    b = await startTestApp('sqlite', env);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('reports Redis in the health check', async () => {
    const res = await a.http().get('/api/health').expect(200);
    expect(res.body.details.redis.status).toBe('up');
  });

  it('throttles sign-in across every server of the deployment, not per server', async () => {
    await a.http().post('/api/auth/login').send({ email: ADMIN.email, password: 'guess-one-guess' }).expect(401);
    await b.http().post('/api/auth/login').send({ email: ADMIN.email, password: 'guess-two-guess' }).expect(401);
    await a.http().post('/api/auth/login').send({ email: ADMIN.email, password: 'guess-3-guess' }).expect(401);
    const blocked = await b.http().post('/api/auth/login').send(ADMIN).expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    const redis = new Redis(redisUrl);
    try {
      const keys = await redis.keys(`${prefix}throttle:*`);
      expect(keys).toHaveLength(1);
      expect(Number(await redis.get(keys[0]))).toBe(4);
      expect(await redis.pttl(keys[0])).toBeGreaterThan(0);
    } finally {
      await redis.quit();
    }
  });

  it('keeps signing people in, throttled per server, when Redis is unreachable, and says so in health', async () => {
    const lost = await startTestApp('sqlite', {
      REDIS_URL: 'redis://127.0.0.1:1',
      LOGIN_THROTTLE_LIMIT: '2',
    });
    try {
      const health = await lost.http().get('/api/health').expect(503);
      expect(health.body.details.details.redis.status).toBe('down');
      await lost.http().post('/api/auth/login').send(ADMIN).expect(200);
      await lost.http().post('/api/auth/login').send(ADMIN).expect(200);
      await lost.http().post('/api/auth/login').send(ADMIN).expect(429);
    } finally {
      await lost.close();
    }
  });
});

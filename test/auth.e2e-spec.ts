import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ROTATION_GRACE_MS } from '../apps/server/src/auth/session.service.js';
import { describeEachEngine } from './support/engines.js';
import { FakeClock } from './support/fake-clock.js';
import { createUser, PASSWORD, startSeededApp, type World } from './support/fixtures.js';
import { ADMIN, startTestApp, type TestApp } from './support/test-app.js';

function refreshCookieOf(res: { headers: Record<string, unknown> }): string {
  const cookies = ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []);
  const cookie = cookies.find((c) => c.startsWith('loa_refresh='));
  if (!cookie) throw new Error('no refresh cookie set');
  return cookie.split(';')[0];
}

describeEachEngine('sign-in, sessions and passwords', (engine) => {
  let t: TestApp;
  let w: World;
  const clock = new FakeClock();
  beforeAll(async () => ({ t, w } = await startSeededApp(engine, { clock })));
  afterAll(async () => t?.close());

  it('signs in case-insensitively and returns an access token, the user and an httpOnly refresh cookie', async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .send({ email: ' TT@BaBe.gov.vn ', password: PASSWORD })
      .expect(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(res.body.user).toMatchObject({
      email: 'tt@babe.gov.vn',
      role: 'communications',
      mustChangePassword: false,
      mayTriggerEmergencies: false,
    });
    expect(res.body.user.organisation).toMatchObject({ name: 'Huyện Ba Bể', kind: 'district' });
    const cookie = ([] as string[])
      .concat(res.headers['set-cookie'] as unknown as string[])
      .find((c) => c.startsWith('loa_refresh='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\/auth/);
    const me = await t.http().get('/api/auth/me').auth(res.body.accessToken, { type: 'bearer' }).expect(200);
    expect(me.body.email).toBe('tt@babe.gov.vn');
  });

  it('says the same thing for a wrong password and an unknown email, in Vietnamese when asked', async () => {
    const wrong = await t
      .http()
      .post('/api/auth/login')
      .set('Accept-Language', 'vi-VN,vi;q=0.9,en;q=0.5')
      .send({ email: 'tt@babe.gov.vn', password: 'not the password' })
      .expect(401);
    const unknown = await t
      .http()
      .post('/api/auth/login')
      .set('Accept-Language', 'vi')
      .send({ email: 'nobody@babe.gov.vn', password: 'not the password' })
      .expect(401);
    expect(wrong.body).toEqual({ ...unknown.body, requestId: wrong.body.requestId });
    expect(wrong.body).toMatchObject({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Email hoặc mật khẩu không đúng.',
    });
    const audit = await t
      .http()
      .get('/api/audit?action=auth.login_failed')
      .auth(w.rootToken, { type: 'bearer' })
      .expect(200);
    expect(audit.body.items.map((e: { actorEmail: string }) => e.actorEmail)).toEqual(
      expect.arrayContaining(['tt@babe.gov.vn', 'nobody@babe.gov.vn']),
    );
  });

  it('rotates the refresh cookie, and revokes the whole sign-in when a rotated one is replayed later', async () => {
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'vh@chora.gov.vn', password: PASSWORD })
      .expect(200);
    const first = refreshCookieOf(login);
    const refreshed = await t.http().post('/api/auth/refresh').set('Cookie', first).expect(200);
    const second = refreshCookieOf(refreshed);
    expect(second).not.toBe(first);
    await t.http().get('/api/auth/me').auth(refreshed.body.accessToken, { type: 'bearer' }).expect(200);
    // the first cookie was copied and is replayed once the grace for concurrent tabs is over
    clock.advance(ROTATION_GRACE_MS + 1000);
    const replay = await t.http().post('/api/auth/refresh').set('Cookie', first).expect(401);
    expect(replay.body.message).toBe('The session is no longer valid. Please sign in again.');
    // the live cookie and every access token of that sign-in die with it
    await t.http().post('/api/auth/refresh').set('Cookie', second).expect(401);
    await t.http().get('/api/auth/me').auth(refreshed.body.accessToken, { type: 'bearer' }).expect(401);
    const audit = await t
      .http()
      .get('/api/audit?action=auth.refresh_reuse_detected')
      .auth(w.rootToken, { type: 'bearer' })
      .expect(200);
    expect(audit.body.total).toBe(1);
  });

  it('keeps a sign-in alive when two tabs refresh with the same cookie at once', async () => {
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'tt@chodon.gov.vn', password: PASSWORD })
      .expect(200);
    const cookie = refreshCookieOf(login);
    const [one, two] = await Promise.all([
      t.http().post('/api/auth/refresh').set('Cookie', cookie),
      t.http().post('/api/auth/refresh').set('Cookie', cookie),
    ]);
    const winner = one.status === 200 ? one : two;
    expect([one.status, two.status].sort()).toEqual([200, 401]);
    await t.http().post('/api/auth/refresh').set('Cookie', refreshCookieOf(winner)).expect(200);
    await t.http().get('/api/auth/me').auth(login.body.accessToken, { type: 'bearer' }).expect(200);
  });

  it('signs out: the refresh cookie stops working and is cleared', async () => {
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'ads@anhduong.vn', password: PASSWORD })
      .expect(200);
    const cookie = refreshCookieOf(login);
    await t.http().get('/api/auth/me').auth(login.body.accessToken, { type: 'bearer' }).expect(200);
    const out = await t.http().post('/api/auth/logout').set('Cookie', cookie).expect(204);
    expect(String(out.headers['set-cookie'])).toMatch(/loa_refresh=;/);
    await t.http().post('/api/auth/refresh').set('Cookie', cookie).expect(401);
    // the access token of that sign-in stops working at once, not when it expires
    await t.http().get('/api/auth/me').auth(login.body.accessToken, { type: 'bearer' }).expect(401);
    await t.http().post('/api/auth/refresh').expect(401);
  });

  it('changes a password, ending the other sign-ins but not this one, and the old password stops working', async () => {
    const user = await createUser(t, w.rootToken, {
      email: 'doimk@babe.gov.vn',
      role: 'operator',
      organisationId: w.districtA.id,
    });
    const other = await t.http().post('/api/auth/login').send({ email: user.email, password: PASSWORD }).expect(200);
    const here = await t.http().post('/api/auth/login').send({ email: user.email, password: PASSWORD }).expect(200);
    const wrong = await t
      .http()
      .post('/api/auth/password')
      .auth(user.token, { type: 'bearer' })
      .send({ currentPassword: 'nope-nope-nope', newPassword: 'mat-khau-moi-2021' })
      .expect(400);
    expect(wrong.body.message).toBe('The current password is wrong.');
    await t
      .http()
      .post('/api/auth/password')
      .auth(here.body.accessToken, { type: 'bearer' })
      .send({ currentPassword: PASSWORD, newPassword: 'mat-khau-moi-2021' })
      .expect(204);
    await t.http().post('/api/auth/refresh').set('Cookie', refreshCookieOf(other)).expect(401);
    await t.http().get('/api/auth/me').auth(other.body.accessToken, { type: 'bearer' }).expect(401);
    await t.http().get('/api/auth/me').auth(here.body.accessToken, { type: 'bearer' }).expect(200);
    await t.http().post('/api/auth/refresh').set('Cookie', refreshCookieOf(here)).expect(200);
    const reuse = await t
      .http()
      .get(`/api/audit?action=auth.refresh_reuse_detected&objectId=${user.id}`)
      .auth(w.rootToken, { type: 'bearer' });
    expect(reuse.body.total).toBe(0);
    await t.http().post('/api/auth/login').send({ email: user.email, password: PASSWORD }).expect(401);
    await t.http().post('/api/auth/login').send({ email: user.email, password: 'mat-khau-moi-2021' }).expect(200);
  });

  it('cuts off a deactivated user at once, even with a valid access token', async () => {
    const user = await createUser(t, w.rootToken, {
      email: 'nghiviec@babe.gov.vn',
      role: 'operator',
      organisationId: w.districtA.id,
    });
    await t.http().get('/api/auth/me').auth(user.token, { type: 'bearer' }).expect(200);
    await t
      .http()
      .patch(`/api/users/${user.id}`)
      .auth(w.adminA.token, { type: 'bearer' })
      .send({ active: false })
      .expect(200);
    const res = await t
      .http()
      .get('/api/auth/me')
      .auth(user.token, { type: 'bearer' })
      .set('Accept-Language', 'vi')
      .expect(401);
    expect(res.body.message).toBe('Tài khoản này đã bị khoá. Vui lòng liên hệ quản trị viên.');
    await t.http().post('/api/auth/login').send({ email: user.email, password: PASSWORD }).expect(401);
  });

  it('refuses expired and tampered access tokens', async () => {
    const [header, payload] = w.commsA.token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: w.rootToken })).toString('base64url')}.x`;
    await t.http().get('/api/auth/me').auth(tampered, { type: 'bearer' }).expect(401);
    const shortLived = await startTestApp(engine, { ACCESS_TOKEN_TTL: '1' });
    try {
      const token = await shortLived.login(ADMIN.email, ADMIN.password);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const res = await shortLived.http().get('/api/auth/me').auth(token, { type: 'bearer' }).expect(401);
      expect(res.body.message).toBe('Your session has expired. Please sign in again.');
    } finally {
      await shortLived.close();
    }
  });
});

describe('login throttling', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { LOGIN_THROTTLE_LIMIT: '3', LOGIN_THROTTLE_TTL: '60s' });
  });
  afterAll(async () => t?.close());

  it('answers 429 with Retry-After after too many attempts from one address, right password or not', async () => {
    for (let i = 0; i < 3; i++) {
      await t.http().post('/api/auth/login').send({ email: ADMIN.email, password: 'guess-guess-guess' }).expect(401);
    }
    const blocked = await t
      .http()
      .post('/api/auth/login')
      .set('Accept-Language', 'vi')
      .send({ email: ADMIN.email, password: ADMIN.password })
      .expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(blocked.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(blocked.body.message).toMatch(/^Bạn đã thử quá nhiều lần\. Vui lòng đợi \d+ giây rồi thử lại\.$/);
    // other routes are not throttled
    await t.http().get('/api/health').expect(200);
  });
});

describe('the first administrator', () => {
  it('gets a random one-time password, printed once, when ADMIN_EMAIL/ADMIN_PASSWORD are not set', async () => {
    const printed: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      printed.push(String(chunk));
      return true;
    });
    let t: TestApp | undefined;
    try {
      t = await startTestApp('sqlite', { ADMIN_EMAIL: '', ADMIN_PASSWORD: '' });
    } finally {
      write.mockRestore();
    }
    try {
      const banner = printed.join('');
      const password = /mật khẩu: (\S+)/.exec(banner)?.[1];
      expect(banner).toMatch(/email: {4}admin@loa\.local/);
      expect(password).toMatch(/^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$/);
      const login = await t.http().post('/api/auth/login').send({ email: 'admin@loa.local', password }).expect(200);
      expect(login.body.user.mustChangePassword).toBe(true);
      await t
        .http()
        .post('/api/auth/password')
        .auth(login.body.accessToken, { type: 'bearer' })
        .send({ currentPassword: password, newPassword: 'mot-mat-khau-rieng' })
        .expect(204);
      const again = await t.login('admin@loa.local', 'mot-mat-khau-rieng');
      const me = await t.http().get('/api/auth/me').auth(again, { type: 'bearer' }).expect(200);
      expect(me.body.mustChangePassword).toBe(false);
    } finally {
      await t.close();
    }
  });

  it('is created only on an empty database, never twice', async () => {
    const t = await startTestApp('sqlite');
    try {
      const token = await t.login(ADMIN.email, ADMIN.password);
      const users = await t.http().get('/api/users').auth(token, { type: 'bearer' }).expect(200);
      expect(users.body.total).toBe(1);
      await t.app.close();
      // a restart on the same database with other settings creates nobody
      const { createApp } = await import('../apps/server/src/app.factory.js');
      const { parseConfig } = await import('../apps/server/src/config/config.schema.js');
      const restarted = await createApp(
        parseConfig({
          NODE_ENV: 'test',
          DATABASE_URL: `sqlite:${t.dir}/loa.db`,
          DATA_DIR: `${t.dir}/data`,
          MEDIA_DIR: `${t.dir}/media`,
          ADMIN_EMAIL: 'someone-else@loa.test',
          ADMIN_PASSWORD: 'another-password',
        }),
      );
      const { DataSource } = await import('typeorm');
      const count = await restarted.get(DataSource).query('SELECT COUNT(*) AS n FROM users');
      expect(Number(count[0].n)).toBe(1);
      await restarted.close();
    } finally {
      await t.close().catch(() => undefined);
    }
  });
});
